/** Templates into the model: pools, attachments, principal tags, roles, resolved and symbolic values with ranges in the template. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IntrinsicResolver } from '../../core/cloudformation/resolver';
import { TemplateIndex } from '../../core/cloudformation/templateIndex';
import { checkTemplateDocument, looksLikeTemplate } from '../../core/cloudformation/template';
import { checkDocuments } from '../../core/validate/index';
import { parseYamlText } from '../../core/yaml';
import type { ObjectNode } from '../../core/syntax';
import { loadFixture, parseInline, poolByLogicalId, rangeOf, textAt } from './cfn-fixtures';
import { plainRange } from '../../core/positions';

const ACCOUNT_ROLE = 'arn:aws:iam::${AWS::AccountId}:role/';

describe('detecting templates', () => {
  it('a template with identity-pool resources is a template, whatever the file is called', () => {
    for (const name of ['sam-app.yaml', 'cdk-synth.template.json', 'amplify-auth.template.json', 'every-short-form-tag.yaml', 'two-pools.yaml']) {
      const { document } = loadFixture(name);
      assert.equal(document.kind, 'template', name);
      assert.ok(looksLikeTemplate(document.parsed));
    }
    assert.equal(parseInline('Resources:\n  P:\n    Type: AWS::Cognito::IdentityPool\n', 'notes.txt').document.kind, 'template');
  });

  it('a template without Cognito identity resources is left alone: no pools, no diagnostics, and quickly', () => {
    const resources = Array.from(
      { length: 400 },
      (_, i) => `  Bucket${i}:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub bucket-${i}-\${AWS::AccountId}\n`,
    ).join('');
    const text = `AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::Serverless-2016-10-31\nResources:\n${resources}  UserPool:\n    Type: AWS::Cognito::UserPool\n`;
    const started = process.hrtime.bigint();
    const { document } = parseInline(text);
    const diagnostics = checkDocuments([document]).get(document.uri);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(document.kind, 'unknown');
    assert.deepEqual(document.pools, []);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(checkTemplateDocument(document), []);
    assert.ok(elapsedMs < 500, `took ${elapsedMs} ms`);
  });

  it('a Serverless Framework serverless.yml keeps its template under resources.Resources', () => {
    const text = [
      'service: photos',
      'provider:',
      '  name: aws',
      'resources:',
      '  Resources:',
      '    IdentityPool:',
      '      Type: AWS::Cognito::IdentityPool',
      '      Properties:',
      '        AllowUnauthenticatedIdentities: false',
      '        SupportedLoginProviders:',
      '          accounts.google.com: ${self:custom.googleClientId}',
    ].join('\n');
    const { document } = parseInline(text, 'serverless.yml');
    assert.equal(document.kind, 'template');
    const login = poolByLogicalId(document, 'IdentityPool').definition!.supportedLoginProviders[0];
    assert.equal(login.appId?.value, '${self:custom.googleClientId}');
    assert.equal(login.appId?.symbolic, true, 'a framework variable is filled in before deployment');
    assert.deepEqual(checkTemplateDocument(document), []);
  });
});

describe('SAM template', () => {
  const { text, uri, document } = loadFixture('sam-app.yaml');
  const pool = poolByLogicalId(document, 'IdentityPool');

  it('has one pool, keyed uri#LogicalId, with its logical id and a symbolic id pointing at the logical id', () => {
    assert.equal(document.pools.length, 1);
    assert.equal(pool.key, `${uri}#IdentityPool`);
    assert.equal(pool.label, 'IdentityPool');
    assert.equal(pool.identityPoolId?.value, '${IdentityPool}');
    assert.equal(pool.identityPoolId?.symbolic, true);
    assert.deepEqual(plainRange(pool.identityPoolId!.range), rangeOf(text, 'IdentityPool', '  IdentityPool:'));
  });

  it('reads the pool definition through the intrinsic functions', () => {
    const definition = pool.definition!;
    assert.equal(definition.allowUnauthenticatedIdentities?.value, false);
    assert.equal(definition.name?.value, 'photos_dev', 'Stage has the default dev');
    const provider = definition.cognitoProviders[0];
    assert.equal(provider.providerName?.value, 'cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}');
    assert.equal(provider.providerName?.symbolic, true);
    assert.deepEqual(plainRange(provider.providerName!.range), rangeOf(text, '!GetAtt UserPool.ProviderName'));
    assert.equal(provider.clientId?.value, '${UserPoolClient}');
  });

  it('reads the attachment: roles as symbolic ARNs built from the role name, a mapping whose provider is IdentityProvider', () => {
    const config = pool.roleConfig!;
    assert.equal(config.source, 'cloudformation');
    assert.equal(config.logicalId, 'IdentityPoolRoles');
    assert.deepEqual(config.anchorRange, rangeOf(text, 'IdentityPoolRoles'));
    assert.equal(config.authenticated?.value, `${ACCOUNT_ROLE}photos-viewer-dev`);
    assert.equal(config.authenticated?.symbolic, true);
    assert.deepEqual(plainRange(config.authenticated!.range), rangeOf(text, '!GetAtt ViewerRole.Arn'));
    const mapping = config.mappings[0];
    assert.equal(mapping.key.value, 'UserPoolMapping');
    assert.equal(mapping.provider.value, 'cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}:${UserPoolClient}');
    assert.equal(textAt(text, mapping.provider.range), '!Sub ${UserPool.ProviderName}:${UserPoolClient}');
    assert.equal(mapping.type?.value, 'Rules');
    assert.equal(mapping.rules[0].roleArn?.value, `${ACCOUNT_ROLE}\${EditorRole}`);
    assert.equal(mapping.rules[0].value?.value, 'editors');
    assert.equal(mapping.rules[0].value?.symbolic, undefined);
  });

  it("lists the roles the pool hands out, with their trust policies and ARNs matching the attachment's values", () => {
    assert.deepEqual(
      pool.iamRoles?.map((r) => r.logicalId),
      ['ViewerRole', 'EditorRole'],
    );
    const editor = pool.iamRoles![1];
    assert.equal(editor.arn?.value, pool.roleConfig!.mappings[0].rules[0].roleArn?.value);
    assert.equal(editor.trustPolicy?.kind, 'object');
    assert.deepEqual(
      document.iamRoles.map((r) => r.logicalId),
      ['ViewerRole', 'EditorRole'],
    );
  });

  it('a correct template gives no error or warning, only hints (the parameter default used)', () => {
    const diagnostics = checkDocuments([document]).get(uri)!;
    assert.deepEqual(
      diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning'),
      [],
    );
    const defaults = diagnostics.filter((d) => d.code === 'parameter-default-used');
    assert.deepEqual(
      defaults.map((d) => d.range),
      [rangeOf(text, '!Sub photos_${Stage}')],
      'one hint per parameter, at its first use',
    );
    assert.equal(defaults[0].message, 'Checked with the default of parameter Stage ("dev") (here and in 1 other place); a deployment may pass another value.');
  });
});

describe('cdk synth template', () => {
  const { text, document } = loadFixture('cdk-synth.template.json');
  const pool = poolByLogicalId(document, 'PhotosIdentityPoolB7A2C5D4');

  it('reads Fn::Join providers and Fn::GetAtt lists', () => {
    const mapping = pool.roleConfig!.mappings[0];
    assert.equal(mapping.key.value, 'mapping1');
    assert.equal(mapping.provider.value, 'cognito-idp.${AWS::Region}.amazonaws.com/${PhotosUserPool4C5DA1E8}:${PhotosUserPoolWebClient7C0BA2B1}');
    assert.equal(mapping.type?.value, 'Token');
    const registered = pool.definition!.cognitoProviders[0];
    assert.equal(`${registered.providerName?.value}:${registered.clientId?.value}`, mapping.provider.value, 'the mapping names the registered provider');
    assert.equal(registered.serverSideTokenCheck?.value, true);
    assert.equal(pool.definition!.allowUnauthenticatedIdentities?.value, true);
    assert.equal(pool.roleConfig!.unauthenticated?.value, `${ACCOUNT_ROLE}\${PhotosIdentityPoolUnauthenticatedRoleA8E4B2C7}`);
  });

  it("a Token mapping hands out the roles of the user pool's groups too", () => {
    assert.deepEqual(
      pool.iamRoles?.map((r) => r.logicalId),
      ['PhotosIdentityPoolAuthenticatedRoleF3D1C0B2', 'PhotosIdentityPoolUnauthenticatedRoleA8E4B2C7', 'PhotosAdminRoleB2E9A8D1'],
    );
    const admin = pool.iamRoles![2];
    assert.equal(admin.arn?.value, `${ACCOUNT_ROLE}photos-admins`, 'a literal RoleName makes the name part of the ARN');
    const key = '"PhotosAdminRoleB2E9A8D1"';
    assert.deepEqual(plainRange(admin.arn!.range), rangeOf(text, key, `  ${key}: {`), "the ARN points at the role's logical id");
  });

  it('the SSM bootstrap parameter does not count as a default value, and the template has no diagnostics', () => {
    assert.deepEqual(checkDocuments([document]).get(document.uri), []);
  });
});

describe('Amplify auth template', () => {
  const { document } = loadFixture('amplify-auth.template.json');
  const pool = poolByLogicalId(document, 'IdentityPool');

  it('roles and guest access come from parameters without defaults: symbolic, named after the parameter', () => {
    const config = pool.roleConfig!;
    assert.equal(config.authenticated?.value, '${authRoleArn}');
    assert.equal(config.authenticated?.symbolic, true);
    assert.equal(config.unauthenticated?.value, '${unauthRoleArn}');
    assert.equal(pool.definition!.allowUnauthenticatedIdentities?.symbolic, true);
    assert.equal(pool.iamRoles, undefined, 'the roles are defined in another stack');
  });

  it('reads the Fn::Sub list form with its variable map for both app clients', () => {
    assert.deepEqual(
      pool.roleConfig!.mappings.map((m) => [m.key.value, m.provider.value]),
      [
        ['UserPoolClientRoleMapping', 'cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}:${UserPoolClient}'],
        ['UserPoolWebClientRoleMapping', 'cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}:${UserPoolClientWeb}'],
      ],
    );
    assert.deepEqual(
      pool.definition!.cognitoProviders.map((p) => `${p.providerName?.value}:${p.clientId?.value}`),
      pool.roleConfig!.mappings.map((m) => m.provider.value),
    );
    assert.equal(pool.definition!.name?.value, '<If:ShouldNotCreateEnvResources>');
    assert.equal(pool.definition!.name?.symbolic, true);
  });

  it('has no diagnostics', () => {
    assert.deepEqual(checkDocuments([document]).get(document.uri), []);
  });
});

describe('every short-form tag', () => {
  const { text, document } = loadFixture('every-short-form-tag.yaml');
  const pool = poolByLogicalId(document, 'IdentityPool');
  const mapping = pool.roleConfig!.mappings[0];

  it('resolves !FindInMap, !Select of !Split and !Join; keeps !ImportValue and !If symbolic', () => {
    assert.equal(mapping.provider.value, 'cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}:${UserPoolClient}');
    assert.equal(mapping.rules[0].value?.value, 'admins');
    assert.equal(mapping.rules[0].value?.symbolic, false);
    assert.deepEqual(plainRange(mapping.rules[0].value!.range), rangeOf(text, '!FindInMap [Claims, Groups, Admin]'));
    assert.equal(mapping.rules[1].value?.value, 'north');
    assert.equal(mapping.rules[1].roleArn?.value, '<ImportValue:shared-roles-NorthSiteRoleArn>');
    assert.equal(mapping.rules[1].roleArn?.symbolic, true);
    assert.equal(pool.roleConfig!.unauthenticated?.value, '<If:AnyGuests>');
    assert.equal(pool.roleConfig!.unauthenticated?.symbolic, true);
  });

  it('a role name from !FindInMap with the parameter default gives the role ARN; both !If branches count as handed out', () => {
    assert.equal(pool.roleConfig!.authenticated?.value, `${ACCOUNT_ROLE}kiosk-staff`);
    assert.equal(mapping.rules[0].roleArn?.value, `${ACCOUNT_ROLE}kiosk-admin`);
    assert.deepEqual(
      pool.iamRoles?.map((r) => r.logicalId),
      ['StaffRole', 'GuestRole', 'AdminRole'],
    );
  });

  it('guest access from a parameter default is read as its value; a parameter without default stays symbolic', () => {
    assert.equal(pool.definition!.allowUnauthenticatedIdentities?.value, true);
    assert.equal(pool.definition!.allowUnauthenticatedIdentities?.symbolic, undefined);
    const google = pool.definition!.supportedLoginProviders[0];
    assert.equal(google.provider.value, 'accounts.google.com');
    assert.equal(google.appId?.value, '${GoogleClientId}');
    assert.equal(google.appId?.symbolic, true);
  });

  it('has no errors or warnings', () => {
    const diagnostics = checkDocuments([document]).get(document.uri)!;
    assert.deepEqual(
      diagnostics.filter((d) => d.severity !== 'hint'),
      [],
    );
  });
});

describe('two pools in one template', () => {
  const { uri, document } = loadFixture('two-pools.yaml');

  it('each pool has its own key, attachment, principal tags and roles', () => {
    assert.deepEqual(
      document.pools.map((p) => p.key),
      [`${uri}#KioskIdentityPool`, `${uri}#StaffIdentityPool`],
    );
    const kiosk = poolByLogicalId(document, 'KioskIdentityPool');
    const staff = poolByLogicalId(document, 'StaffIdentityPool');
    assert.equal(kiosk.roleConfig?.logicalId, 'KioskRoles');
    assert.equal(staff.roleConfig?.logicalId, 'StaffRoles');
    assert.deepEqual(
      kiosk.iamRoles?.map((r) => r.logicalId),
      ['KioskGuestRole'],
    );
    assert.deepEqual(
      staff.iamRoles?.map((r) => r.logicalId),
      ['StaffRole', 'StockroomRole'],
    );
    assert.equal(kiosk.principalTags, undefined);
    const tags = staff.principalTags![0];
    assert.equal(tags.logicalId, 'StaffPrincipalTags');
    assert.equal(tags.identityProviderName?.value, 'cognito-idp.${AWS::Region}.amazonaws.com/${StaffUserPool}');
    assert.equal(tags.useDefaults?.value, false);
    assert.deepEqual(
      tags.tags.map((t) => [t.key.value, t.claim.value]),
      [['department', 'custom:department']],
    );
  });

  it('has no diagnostics', () => {
    assert.deepEqual(checkDocuments([document]).get(uri), []);
  });
});

describe('attachments without a pool in the template', () => {
  it('an attachment for a pool passed as a parameter becomes a pool of its own, named after the attachment', () => {
    const text = [
      'Parameters:',
      '  IdentityPoolId:',
      '    Type: String',
      'Resources:',
      '  Roles:',
      '    Type: AWS::Cognito::IdentityPoolRoleAttachment',
      '    Properties:',
      '      IdentityPoolId: !Ref IdentityPoolId',
      '      RoleMappings: !GetAtt MappingBuilder.RoleMapping',
      '  MappingBuilder:',
      '    Type: Custom::RoleMapping',
      '    Properties:',
      '      ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:build',
    ].join('\n');
    const { uri, document } = parseInline(text);
    assert.equal(document.pools.length, 1);
    const pool = document.pools[0];
    assert.equal(pool.key, `${uri}#Roles`);
    assert.equal(pool.logicalId, 'Roles');
    assert.equal(pool.identityPoolId?.value, '${IdentityPoolId}');
    assert.equal(pool.definition, undefined);
    assert.deepEqual(pool.roleConfig?.mappings, []);
    assert.equal(pool.roleConfig?.mappingsSymbolic?.value, '${MappingBuilder.RoleMapping}');
    assert.equal(pool.roleConfig?.mappingsSymbolic?.symbolic, true);
    assert.deepEqual(plainRange(pool.roleConfig?.mappingsSymbolic!.range), rangeOf(text, '!GetAtt MappingBuilder.RoleMapping'));
  });

  it('a literal pool id keeps its value (so a pool file with the same id can be linked)', () => {
    const text =
      'Resources:\n  Roles:\n    Type: AWS::Cognito::IdentityPoolRoleAttachment\n    Properties:\n      IdentityPoolId: us-east-1:11111111-2222-3333-4444-555555555555\n';
    const pool = parseInline(text).document.pools[0];
    assert.equal(pool.identityPoolId?.value, 'us-east-1:11111111-2222-3333-4444-555555555555');
    assert.equal(pool.identityPoolId?.symbolic, undefined);
    assert.equal(pool.label, 'us-east-1:11111111-2222-3333-4444-555555555555');
  });

  it('a second attachment for the same pool goes to extraRoleConfigs', () => {
    const { document } = loadFixture('two-pools-broken.yaml');
    const staff = poolByLogicalId(document, 'StaffIdentityPool');
    assert.equal(staff.roleConfig?.logicalId, 'StaffRoles');
    assert.deepEqual(
      staff.extraRoleConfigs?.map((c) => c.logicalId),
      ['StaffGuestRoles'],
    );
  });
});

describe('resolving intrinsic functions', () => {
  function resolve(yaml: string, path: string[]) {
    const parsed = parseYamlText(yaml);
    const resolver = new IntrinsicResolver(new TemplateIndex(parsed.root as ObjectNode));
    let node = parsed.root;
    for (const key of path) node = (node as ObjectNode).properties.find((p) => p.key === key)?.value;
    return resolver.resolve(node);
  }

  it('Fn::Sub keeps ${!Literal} literal and resolves pseudo parameters symbolically', () => {
    const r = resolve('Resources: {}\nV: !Sub "arn:${AWS::Partition}:s3:::${!bucket}"\n', ['V']);
    assert.equal(r.text, 'arn:${AWS::Partition}:s3:::${bucket}');
    assert.equal(r.symbolic, true);
  });

  it('a literal Fn::Join of literals is not symbolic', () => {
    const r = resolve('Resources: {}\nV: !Join ["", [a, b, "1"]]\n', ['V']);
    assert.deepEqual([r.text, r.symbolic], ['ab1', false]);
  });

  it('Fn::If with the same value on both sides is that value', () => {
    const r = resolve('Resources: {}\nV: !If [C, same, same]\n', ['V']);
    assert.deepEqual([r.text, r.symbolic], ['same', false]);
  });

  it('a role whose name refers to its own ARN does not loop forever', () => {
    const yaml = 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Sub "${R.Arn}-x"\nV: !GetAtt R.Arn\n';
    const r = resolve(yaml, ['V']);
    assert.equal(r.symbolic, true);
    assert.ok(r.text !== undefined);
  });

  it('a Ref to a missing logical id stays symbolic and is recorded as a reference', () => {
    const r = resolve('Resources: {}\nV: !Ref Nowhere\n', ['V']);
    assert.equal(r.text, '${Nowhere}');
    assert.deepEqual(
      r.references.map((x) => x.logicalId),
      ['Nowhere'],
    );
  });
});
