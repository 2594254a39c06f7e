/** Template checks on the broken fixtures: exact codes and ranges, and what each message tells the user. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CFN_SCHEMA_IDS } from '../../core/cloudformation/checks';
import { checkTemplateDocument } from '../../core/cloudformation/template';
import { CODES, type DiagnosticCode } from '../../core/diagnostics';
import { parseDocument } from '../../core/documents';
import { checkDocuments } from '../../core/validate/index';
import { findNode, nodeRange } from '../../core/syntax';
import { at, loadFixture, parseInline, rangeOf, ROOT, summary, textAt } from './cfn-fixtures';

function templateDiagnostics(name: string) {
  const fixture = loadFixture(name);
  return { ...fixture, diagnostics: checkTemplateDocument(fixture.document) };
}

function find<T extends { code: string }>(list: readonly T[], code: string): T {
  const found = list.find((d) => d.code === code);
  assert.ok(found, `expected a ${code} diagnostic`);
  return found;
}

describe('broken SAM template', () => {
  const { text, diagnostics } = templateDiagnostics('sam-app-broken.yaml');

  it('finds the wrong Type, the rule role that does not exist, the role without aud and the role trusting sts:AssumeRole', () => {
    assert.deepEqual(summary(diagnostics), [
      at('invalid-enum-value', rangeOf(text, 'Rule', 'Type: ')),
      at('dangling-reference', rangeOf(text, '!GetAtt AdminRole.Arn')),
      at('trust-missing-aud', rangeOf(text, 'ForAnyValue:StringLike:\n                cognito-identity.amazonaws.com:amr: authenticated', '  ViewerRole:')),
      at('trust-wrong-action', rangeOf(text, 'sts:AssumeRole', '  EditorRole:')),
    ]);
  });

  it('says what CloudFormation and Cognito will do, and where the pool hands the role out', () => {
    const dangling = find(diagnostics, 'dangling-reference');
    assert.match(dangling.message, /AdminRole is not a resource or parameter of this template/);
    assert.equal(dangling.awsError?.code, 'ValidationError');
    const action = find(diagnostics, 'trust-wrong-action');
    assert.equal(action.severity, 'error');
    assert.match(action.message, /allows sts:AssumeRole, but Cognito calls sts:AssumeRoleWithWebIdentity.*InvalidIdentityPoolConfigurationException/);
    assert.deepEqual(action.related?.[0].location.range, rangeOf(text, '!GetAtt EditorRole.Arn'));
    assert.equal(action.awsError, undefined, 'only requests that get this role fail, so the simulation must go on');
    const aud = find(diagnostics, 'trust-missing-aud');
    assert.equal(aud.severity, 'warning');
    assert.match(aud.message, /any identity pool in any AWS account can assume it/);
  });
});

describe('broken cdk synth template', () => {
  const { text, diagnostics } = templateDiagnostics('cdk-synth-broken.template.json');

  it('finds the copy-pasted amr condition, the second attachment and the unresolved CDK token used as a mapping key', () => {
    assert.deepEqual(summary(diagnostics), [
      at('trust-amr-mismatch', rangeOf(text, '"authenticated"', '"PhotosIdentityPoolUnauthenticatedRoleA8E4B2C7": {\n   "Type"')),
      at('duplicate-role-attachment', rangeOf(text, '"AdminMappingAttachment"')),
      at('intrinsic-mapping-key', rangeOf(text, '"${Token[TOKEN.231]}:${Token[TOKEN.233]}"')),
    ]);
  });

  it('points the second attachment at the first one', () => {
    const duplicate = find(diagnostics, 'duplicate-role-attachment');
    assert.match(
      duplicate.message,
      /second role attachment for identity pool PhotosIdentityPoolB7A2C5D4.*Merge it into PhotosIdentityPoolDefaultRoleAttachment9E8B7A6C/,
    );
    assert.deepEqual(
      duplicate.related?.[0].location.range,
      rangeOf(text, '"PhotosIdentityPoolDefaultRoleAttachment9E8B7A6C"', '  "PhotosIdentityPoolDefaultRoleAttachment9E8B7A6C": {'),
    );
    assert.match(find(diagnostics, 'trust-amr-mismatch').message, /allows "authenticated", but the pool uses this role for unauthenticated identities/);
    assert.match(find(diagnostics, 'intrinsic-mapping-key').message, /does not substitute \$\{\.\.\.\} in map keys/);
  });
});

describe('broken Amplify template', () => {
  const { text, document, diagnostics } = templateDiagnostics('amplify-auth-broken.template.json');

  it('finds the attribute that does not exist, the Fn::Sub variable that is not defined and the misspelt parameter', () => {
    const root = document.parsed.root;
    const nodeAt = (path: Array<string | number>) => nodeRange(document.parsed.lines, findNode(root, path)!);
    assert.deepEqual(summary(diagnostics), [
      at('dangling-reference', nodeAt(['Resources', 'IdentityPool', 'Properties', 'CognitoIdentityProviders', 1, 'ProviderName'])),
      at('dangling-reference', rangeOf(text, '${webClient}')),
      at('dangling-reference', nodeAt(['Resources', 'IdentityPoolRoleMap', 'Properties', 'Roles', 'authenticated'])),
    ]);
    assert.equal(textAt(text, diagnostics[2].range).replace(/\s+/g, ''), '{"Ref":"authRoleArnn"}');
    assert.match(diagnostics[0].message, /UserPool has no attribute ProviderNme \(it has Arn, ProviderName, ProviderURL, UserPoolId\)/);
  });
});

describe('broken template with every short-form tag', () => {
  const { text, uri, document, diagnostics } = templateDiagnostics('every-short-form-tag-broken.yaml');

  it('finds the !Join used as a mapping key and the misspelt amr condition key', () => {
    assert.deepEqual(summary(diagnostics), [
      at('intrinsic-mapping-key', rangeOf(text, '!Join [":", [!GetAtt UserPool.ProviderName, !Ref UserPoolClient]]')),
      at('invalid-length', rangeOf(text, 'AdminRole.Arn', '!GetAttr')),
      at('trust-condition-key-typo', rangeOf(text, 'cognito-identity.amazon.com:amr: authenticated')),
    ]);
    assert.match(find(diagnostics, 'trust-condition-key-typo').message, /"cognito-identity.amazon.com:amr" is not a key Cognito sends/);
  });

  it('the unknown !GetAttr tag is a syntax error, and the role name it leaves is refused as a RoleARN', () => {
    const all = checkDocuments([document]).get(uri)!;
    assert.ok(summary(all).includes(at('syntax-error', rangeOf(text, '!GetAttr'))));
    assert.ok(
      all.some(
        (d) => d.range.start.line === rangeOf(text, 'AdminRole.Arn', '!GetAttr').start.line && (d.code === 'invalid-role-arn' || d.code === 'invalid-length'),
      ),
    );
  });
});

describe('broken template with two pools', () => {
  const { text, diagnostics } = templateDiagnostics('two-pools-broken.yaml');

  it("finds the second attachment, the roles trusting the other pool and the signed-in users' role without sts:TagSession", () => {
    // KioskGuestRole lacks sts:TagSession too, but guests have no token, so no principal tags: not reported.
    assert.deepEqual(summary(diagnostics), [
      at('rule-on-user-writable-claim', rangeOf(text, 'custom:department')),
      at('duplicate-role-attachment', rangeOf(text, 'StaffGuestRoles')),
      at('trust-aud-other-pool', rangeOf(text, '!Ref KioskIdentityPool', '  KioskGuestRole:')),
      at('trust-aud-other-pool', rangeOf(text, '!Ref StaffIdentityPool', '  StaffRole:')),
      at('trust-missing-tag-session', rangeOf(text, '- sts:AssumeRoleWithWebIdentity', '  StockroomRole:')),
    ]);
  });

  it('names both pools in the aud message', () => {
    const other = diagnostics.filter((d) => d.code === 'trust-aud-other-pool');
    assert.match(
      other[1].message,
      /Identity pool KioskIdentityPool cannot hand out role StaffRole.*\(\$\{StaffIdentityPool\}\) names a different identity pool than KioskIdentityPool/,
    );
  });
});

describe('shapes of the identity resources', () => {
  it('accepts intrinsic functions for any value, and still checks enums, required fields and unknown fields', () => {
    const text = [
      'Resources:',
      '  Pool:',
      '    Type: AWS::Cognito::IdentityPool',
      '    Properties:',
      '      AllowUnauthenticatedIdentities: !Ref Guests',
      '      IdentityPoolNam: pool',
      '  Roles:',
      '    Type: AWS::Cognito::IdentityPoolRoleAttachment',
      '    Properties:',
      '      IdentityPoolId: !Ref Pool',
      '      RoleMappings:',
      '        users:',
      '          IdentityProvider: !Sub "${AWS::Region}"',
      '          Type: !If [C, Token, Rules]',
      '          AmbiguousRoleResolution: Denied',
      '          RulesConfiguration:',
      '            Rules:',
      '              - Claim: !Ref ClaimName',
      '                MatchType: Contains',
      '                Value: 7',
      '  Tags:',
      '    Type: AWS::Cognito::IdentityPoolPrincipalTag',
      'Parameters:',
      '  Guests: {Type: String}',
      '  ClaimName: {Type: String}',
      'Conditions:',
      '  C: !Equals [a, a]',
    ].join('\n');
    const { document } = parseInline(text);
    const diagnostics = checkTemplateDocument(document);
    assert.deepEqual(summary(diagnostics), [
      at('unknown-property', rangeOf(text, 'IdentityPoolNam')),
      at('invalid-enum-value', rangeOf(text, 'Denied')),
      at('missing-required', rangeOf(text, 'Claim: !Ref ClaimName')),
      at('missing-required', rangeOf(text, 'Tags', '  Tags:')),
    ]);
    assert.match(diagnostics[0].message, /did you mean `IdentityPoolName`\?/);
    assert.match(diagnostics[2].message, /missing the required field `RoleARN`/);
    assert.match(
      diagnostics[3].message,
      /Tags \(AWS::Cognito::IdentityPoolPrincipalTag\) has no Properties; it needs `IdentityPoolId` and `IdentityProviderName`/,
    );
    assert.ok(!diagnostics.some((d) => /intrinsic function \(Ref, Fn::GetAtt/.test(d.message)), 'no noise from the intrinsic-function alternative');
    assert.ok(!diagnostics.some((d) => d.range.start.line === 19), 'a number is accepted where CloudFormation passes its text');
  });

  it('a one-key object that is not an intrinsic function where a value is expected is explained as such', () => {
    const text = 'Resources:\n  Roles:\n    Type: AWS::Cognito::IdentityPoolRoleAttachment\n    Properties:\n      IdentityPoolId: {"Fn:GetAtt": [Pool, Id]}\n';
    const diagnostics = checkTemplateDocument(parseInline(text).document);
    assert.deepEqual(summary(diagnostics), [at('pattern-mismatch', rangeOf(text, '"Fn:GetAtt"'))]);
    assert.match(diagnostics[0].message, /intrinsic function/);
  });

  it('registers one schema per identity resource type', () => {
    assert.deepEqual(Object.keys(CFN_SCHEMA_IDS).sort(), [
      'AWS::Cognito::IdentityPool',
      'AWS::Cognito::IdentityPoolPrincipalTag',
      'AWS::Cognito::IdentityPoolRoleAttachment',
    ]);
  });
});

describe('RoleMappings that cannot be read statically', () => {
  it('RoleMappings from a custom resource: an info diagnostic, and the roles the custom resource names are still trust-checked', () => {
    const text = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Parameters:',
      '  PoolId: {Type: String}',
      'Resources:',
      '  Attachment:',
      '    Type: AWS::Cognito::IdentityPoolRoleAttachment',
      '    Properties:',
      '      IdentityPoolId: !Ref PoolId',
      '      RoleMappings: !GetAtt Builder.RoleMapping',
      '  Builder:',
      '    Type: Custom::RoleMapping',
      '    Properties:',
      '      ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:x',
      '      Rules:',
      '        - {Claim: custom:role, MatchType: Contains, Value: user, RoleARN: !GetAtt UserRole.Arn}',
      '  UserRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: {Federated: cognito-identity.amazonaws.com}',
      '            Action: sts:AssumeRoleWithWebIdentity',
      '            Condition:',
      '              StringEquals: {cognito-identity.amazonaws.com:aud: !Ref PoolId}',
      '              ForAnyValue:StringLike: {cognito-identity.amazonaws.com:amr: unauthenticated}',
    ].join('\n');
    const { document } = parseInline(text);
    const diagnostics = checkTemplateDocument(document);
    assert.deepEqual(summary(diagnostics), [
      at('mappings-not-static', rangeOf(text, '!GetAtt Builder.RoleMapping')),
      at('trust-amr-mismatch', rangeOf(text, 'unauthenticated', 'amr: ')),
    ]);
    assert.match(diagnostics[0].message, /computed at deployment \(Fn::GetAtt\), so its mappings cannot be checked or simulated here/);
    assert.equal(diagnostics[0].severity, 'info');
    assert.deepEqual(diagnostics[1].related?.[0].location.range, rangeOf(text, '!GetAtt UserRole.Arn'));
  });

  it('RoleMappings built with Fn::Sub is refused: it makes a string, not a map', () => {
    const text =
      'Resources:\n  A:\n    Type: AWS::Cognito::IdentityPoolRoleAttachment\n    Properties:\n      IdentityPoolId: us-east-1:11111111-2222-3333-4444-555555555555\n      RoleMappings: !Sub "{}"\n';
    assert.deepEqual(summary(checkTemplateDocument(parseInline(text).document)), [at('intrinsic-mapping-key', rangeOf(text, '!Sub "{}"'))]);
  });
});

describe('dangling references in Serverless Framework resources files', () => {
  it('are warnings that mention other files, since the framework merges several resources files', () => {
    const text =
      'Resources:\n  Pool:\n    Type: AWS::Cognito::IdentityPool\n    Properties:\n      IdentityPoolName: ${self:service}-pool\n      AllowUnauthenticatedIdentities: false\n      CognitoIdentityProviders:\n        - ClientId: !Ref Client\n          ProviderName: !GetAtt UserPool.ProviderName\n';
    const diagnostics = checkTemplateDocument(parseInline(text, 'resources/identity.yml').document);
    assert.deepEqual(summary(diagnostics), [
      at('dangling-reference', rangeOf(text, '!Ref Client')),
      at('dangling-reference', rangeOf(text, '!GetAtt UserPool.ProviderName')),
    ]);
    for (const d of diagnostics) {
      assert.equal(d.severity, 'warning');
      assert.match(d.message, /another file of the same stack/);
      assert.equal(d.awsError, undefined);
    }
  });
});

describe('the diagnostic registry', () => {
  it('has every template and trust-policy code with a severity and a docs link', () => {
    for (const code of [
      'duplicate-role-attachment',
      'intrinsic-mapping-key',
      'dangling-reference',
      'mappings-not-static',
      'parameter-default-used',
      'trust-wrong-action',
      'trust-wrong-principal',
      'trust-missing-aud',
      'trust-aud-other-pool',
      'trust-amr-mismatch',
      'trust-missing-amr',
      'trust-missing-tag-session',
      'trust-condition-key-typo',
      'trust-not-static',
      'no-role-attachment',
      'group-role-unused',
      'rule-on-user-writable-claim',
      'authenticated-role-without-providers',
    ] as const) {
      assert.ok(CODES[code], code);
      assert.match(CODES[code].docs, /^https:\/\/docs\.aws\.amazon\.com\//);
    }
  });
});

describe('examples/cloudformation', () => {
  function checkExample(name: string) {
    const file = path.join(ROOT, 'examples/cloudformation', name);
    const document = parseDocument(`file://${file}`, fs.readFileSync(file, 'utf8'));
    return { document, diagnostics: checkDocuments([document]).get(document.uri)! };
  }

  it('photo-share.yaml is a correct stack: no error or warning', () => {
    const { document, diagnostics } = checkExample('photo-share.yaml');
    assert.equal(document.pools.length, 1);
    assert.deepEqual(
      diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning'),
      [],
    );
    assert.deepEqual(
      document.pools[0].iamRoles?.map((r) => r.logicalId),
      ['ViewerRole', 'GuestRole', 'AdminsRole', 'EditorsRole', 'FamilyPlanRole'],
    );
  });

  it('photo-share-broken.yaml shows each template and trust-policy mistake its README lists', () => {
    const { diagnostics } = checkExample('photo-share-broken.yaml');
    const found = new Set<DiagnosticCode>(diagnostics.map((d) => d.code));
    for (const code of [
      'intrinsic-mapping-key',
      'invalid-enum-value',
      'dangling-reference',
      'duplicate-role-attachment',
      'trust-amr-mismatch',
      'trust-missing-tag-session',
      'trust-wrong-action',
      'trust-missing-aud',
      'trust-condition-key-typo',
    ] as const) {
      assert.ok(found.has(code), `${code} is shown`);
    }
    const readme = fs.readFileSync(path.join(ROOT, 'examples/cloudformation/README.md'), 'utf8');
    // The template and trust-policy mistakes (hints such as parameter-default-used are not mistakes).
    const templateCodes = [...found].filter(
      (code) => CODES[code].severity !== 'hint' && (code.startsWith('trust-') || CODES[code].docs.includes('AWSCloudFormation')),
    );
    for (const code of templateCodes) assert.ok(readme.includes(`\`${code}\``), `README lists ${code}`);
  });
});
