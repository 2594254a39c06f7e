/**
 * Pools whose roles and role mappings are set while the stack deploys (custom resources, Lambdas calling
 * SetIdentityPoolRoles, Amplify's userPoolGroups stack): recognised, reported as not checkable on the
 * resource that does it, simulated as "unknown", and their group roles still trust-checked.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mightBeRoleMappingText, parseDocument } from '../../core/documents';
import { evaluateRequest } from '../../core/evaluate/index';
import type { ModelDocument } from '../../core/model';
import { checkDocuments } from '../../core/validate/index';
import { at, loadFixture, parseInline, poolByLogicalId, rangeOf, summary } from './cfn-fixtures';

const NOW = 1795698000;
const USER_POOL_CLAIMS = { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123', aud: 'client1', token_use: 'id', sub: 'u1', exp: NOW + 600 };

function diagnosticsOf(document: ModelDocument) {
  return checkDocuments([document]).get(document.uri) ?? [];
}

describe('a custom resource whose inline Lambda calls set_identity_pool_roles (Python)', () => {
  const { text, document } = loadFixture('custom-resource-role-mappings.yaml');
  const pool = poolByLogicalId(document, 'FieldIdentityPool');
  const diagnostics = diagnosticsOf(document);

  it('is the only finding, on the custom resource, naming its Lambda and the pool', () => {
    assert.deepEqual(summary(diagnostics, { withHints: true }), [at('mappings-not-static', rangeOf(text, 'TokenMappings', '  TokenMappingFunctionRole:'))]);
    assert.equal(
      diagnostics[0].message,
      "The custom resource TokenMappings (`Custom::TokenMappings`), whose Lambda TokenMappingFunction calls set_identity_pool_roles, sets the roles and role mappings of identity pool FieldIdentityPool while the stack deploys; they cannot be checked or simulated here. What the template's role attachment says may be replaced.",
    );
  });

  it('marks the pool, and hands out the group role (the mappings set at deploy time may be Token) for trust checks', () => {
    assert.deepEqual(
      pool.deployTimeRoleConfig?.map((c) => c.logicalId),
      ['TokenMappings'],
    );
    assert.deepEqual(pool.iamRoles?.map((r) => r.logicalId).sort(), ['DispatcherRole', 'TechnicianRole']);
  });

  it("simulates a signed-in user as unknown, naming the resource, instead of the attachment's default role", () => {
    const result = evaluateRequest(pool, { loginKey: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123', claims: USER_POOL_CLAIMS, now: NOW });
    assert.equal(result.roleArn, null);
    assert.notEqual(result.outcome, 'role');
    assert.equal(result.errorCode, null);
    assert.match(result.message, /^Unknown: TokenMappings sets this pool's roles and role mappings at deploy time/);
    assert.ok(
      result.assumptions.some((a) => /set at deploy time by TokenMappings/.test(a)),
      result.assumptions.join('\n'),
    );
  });

  it("still refuses guests with the pool's own setting (SetIdentityPoolRoles cannot change it)", () => {
    const result = evaluateRequest(pool, { now: NOW });
    assert.equal(result.errorCode, 'NotAuthorizedException');
    assert.equal(result.roleArn, null);
  });
});

describe('Amplify userPoolGroups stack (the identity pool lives in the auth stack)', () => {
  it('is read although it has no identity-pool resource: one pool, given by its parameter, set by the Lambda', () => {
    const { text, document } = loadFixture('amplify-user-pool-groups.template.json');
    assert.ok(mightBeRoleMappingText(text));
    assert.equal(document.kind, 'template');
    assert.equal(document.pools.length, 1);
    const diagnostics = diagnosticsOf(document);
    assert.deepEqual(summary(diagnostics), [at('mappings-not-static', rangeOf(text, '"RoleMapFunctionInput"'))]);
    assert.match(
      diagnostics.find((d) => d.code === 'mappings-not-static')!.message,
      /whose Lambda RoleMapFunction calls SetIdentityPoolRolesCommand, sets the roles and role mappings of the identity pool of parameter authrecipesIdentityPoolId/,
    );
    assert.deepEqual(
      document.pools[0].iamRoles?.map((r) => r.logicalId),
      ['editorsGroupRole'],
    );
  });

  it("gets the group roles' trust-policy checks: guests-only amr and sts:AssumeRole", () => {
    const { text, document } = loadFixture('amplify-user-pool-groups-broken.template.json');
    assert.deepEqual(summary(diagnosticsOf(document)), [
      at('trust-amr-mismatch', rangeOf(text, '"unauthenticated"', '"editorsGroupRole"')),
      at('trust-wrong-action', rangeOf(text, '"sts:AssumeRole"', '"reviewersGroupRole"')),
      at('mappings-not-static', rangeOf(text, '"RoleMapFunctionInput"')),
    ]);
  });
});

describe('other deploy-time shapes', () => {
  const { text, document } = loadFixture('deploy-time-role-config.yaml');
  const diagnostics = diagnosticsOf(document);

  it('AWS::CloudFormation::CustomResource with IdentityPoolId and RoleMappings (code elsewhere), and a SAM function calling setIdentityPoolRoles that nothing invokes', () => {
    assert.deepEqual(summary(diagnostics), [
      at('mappings-not-static', rangeOf(text, 'BoxOfficeRoleMapping')),
      at('mappings-not-static', rangeOf(text, 'RemapVenueRolesFunction')),
    ]);
    assert.match(
      diagnostics[0].message,
      /is given IdentityPoolId and RoleMappings and its code is not in this template: it may set the roles and role mappings of identity pool BoxOfficePool/,
    );
    // Nothing says which pool the function remaps, so both are unknown.
    assert.match(
      diagnostics[1].message,
      /Lambda RemapVenueRolesFunction \(`AWS::Serverless::Function`\) calls setIdentityPoolRoles: it may set the roles and role mappings of identity pool BoxOfficePool and identity pool VenuePool/,
    );
  });

  it("the CDK's AwsCustomResource (Custom::AWS) asking for setIdentityPoolRoles sets the roles of the pool it refers to", () => {
    const cdk = loadFixture('cdk-aws-custom-resource.template.json');
    const found = diagnosticsOf(cdk.document);
    // The admin pool has a developer provider and no roles at all: that one is a real no-role-attachment.
    assert.deepEqual(summary(found), [
      at('mappings-not-static', rangeOf(cdk.text, '"KioskPoolSetRolesA1B2C3D4"')),
      at('no-role-attachment', rangeOf(cdk.text, '"AdminPool"')),
    ]);
    assert.match(
      found[0].message,
      /^The custom resource KioskPoolSetRolesA1B2C3D4 \(`Custom::AWS`\) asks for setIdentityPoolRoles: it sets the roles and role mappings of identity pool KioskPool while the stack deploys/,
    );
    assert.equal(poolByLogicalId(cdk.document, 'AdminPool').deployTimeRoleConfig, undefined);
  });

  it('a pool with providers whose roles a custom resource may set is not no-role-attachment', () => {
    assert.ok(!diagnostics.some((d) => d.code === 'no-role-attachment'));
    assert.deepEqual(
      poolByLogicalId(document, 'BoxOfficePool').deployTimeRoleConfig?.map((c) => c.logicalId),
      ['BoxOfficeRoleMapping', 'RemapVenueRolesFunction'],
    );
  });

  it('simulating the venue pool (attachment plus a remapping function) is unknown, not its authenticated role', () => {
    const result = evaluateRequest(poolByLogicalId(document, 'VenuePool'), {
      loginKey: 'accounts.google.com',
      claims: { iss: 'https://accounts.google.com', aud: '123456789012-venues.apps.googleusercontent.com', sub: '1', exp: NOW + 600 },
      now: NOW,
    });
    assert.equal(result.roleArn, null);
    assert.match(result.message, /^Unknown: RemapVenueRolesFunction sets/);
  });
});

describe('group roles of a pool set at deploy time', () => {
  it('leave out the groups of a user pool that another pool of the template registers (no false trust-aud-other-pool)', () => {
    const { document } = parseInline(
      [
        'Resources:',
        '  Members:',
        '    Type: AWS::Cognito::UserPool',
        '  MembersClient:',
        '    Type: AWS::Cognito::UserPoolClient',
        '    Properties: {UserPoolId: !Ref Members}',
        '  Moderators:',
        '    Type: AWS::Cognito::UserPoolGroup',
        '    Properties: {UserPoolId: !Ref Members, RoleArn: !GetAtt ModeratorRole.Arn}',
        '  MembersPool:',
        '    Type: AWS::Cognito::IdentityPool',
        '    Properties:',
        '      AllowUnauthenticatedIdentities: false',
        '      CognitoIdentityProviders: [{ClientId: !Ref MembersClient, ProviderName: !GetAtt Members.ProviderName}]',
        '  MembersRoles:',
        '    Type: AWS::Cognito::IdentityPoolRoleAttachment',
        '    Properties:',
        '      IdentityPoolId: !Ref MembersPool',
        '      Roles: {authenticated: arn:aws:iam::123456789012:role/members}',
        '      RoleMappings:',
        '        members: {IdentityProvider: !Sub "${Members.ProviderName}:${MembersClient}", Type: Token, AmbiguousRoleResolution: AuthenticatedRole}',
        '  PartnersPool:',
        '    Type: AWS::Cognito::IdentityPool',
        '    Properties: {AllowUnauthenticatedIdentities: false}',
        '  PartnersRoles:',
        '    Type: Custom::PartnerRoles',
        '    Properties: {ServiceToken: !ImportValue partner-roles, IdentityPoolId: !Ref PartnersPool}',
        '  ModeratorRole:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument:',
        '        Statement:',
        '          - Effect: Allow',
        '            Principal: {Federated: cognito-identity.amazonaws.com}',
        '            Action: sts:AssumeRoleWithWebIdentity',
        '            Condition:',
        '              StringEquals: {"cognito-identity.amazonaws.com:aud": !Ref MembersPool}',
        '              ForAnyValue:StringLike: {"cognito-identity.amazonaws.com:amr": authenticated}',
      ].join('\n'),
    );
    assert.deepEqual(
      poolByLogicalId(document, 'MembersPool').iamRoles?.map((r) => r.logicalId),
      ['ModeratorRole'],
    );
    assert.equal(poolByLogicalId(document, 'PartnersPool').iamRoles, undefined);
    assert.deepEqual(
      diagnosticsOf(document).map((d) => d.code),
      ['mappings-not-static'],
    );
  });
});

describe('roles given to a custom resource that sets the roles', () => {
  it("are trust-checked when they trust Cognito identity pools, and the resource's own execution role is not", () => {
    const role = (name: string, principal: string, action: string) => [
      `  ${name}:`,
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      `        Statement: [{Effect: Allow, Principal: ${principal}, Action: ${action}}]`,
    ];
    const { text, document } = parseInline(
      [
        'Parameters:',
        '  PoolId: {Type: String}',
        'Resources:',
        '  SetRoles:',
        '    Type: Custom::SetRoles',
        '    Properties:',
        '      ServiceToken: !ImportValue role-setter',
        '      IdentityPoolId: !Ref PoolId',
        '      AuthRoleArn: !GetAtt SignedInRole.Arn',
        '      ExecutionRoleArn: !GetAtt SetterRole.Arn',
        ...role('SignedInRole', '{Federated: cognito-identity.amazonaws.com}', 'sts:AssumeRole'),
        ...role('SetterRole', '{Service: lambda.amazonaws.com}', 'sts:AssumeRole'),
      ].join('\n'),
    );
    assert.deepEqual(
      document.pools[0].iamRoles?.map((r) => r.logicalId),
      ['SignedInRole'],
    );
    assert.deepEqual(summary(diagnosticsOf(document)), [
      at('mappings-not-static', rangeOf(text, 'SetRoles')),
      at('trust-missing-aud', rangeOf(text, '{Federated: cognito-identity.amazonaws.com}', '  SignedInRole:')),
      at('trust-wrong-action', rangeOf(text, 'sts:AssumeRole', '  SignedInRole:')),
    ]);
  });
});

describe('what is not a deploy-time role configuration', () => {
  it('a custom resource given the pool id whose inline Lambda never calls SetIdentityPoolRoles', () => {
    const { document } = parseInline(
      [
        'Resources:',
        '  Pool:',
        '    Type: AWS::Cognito::IdentityPool',
        '    Properties:',
        '      AllowUnauthenticatedIdentities: false',
        '      DeveloperProviderName: login.shop.example',
        '  Roles:',
        '    Type: AWS::Cognito::IdentityPoolRoleAttachment',
        '    Properties:',
        '      IdentityPoolId: !Ref Pool',
        '      Roles:',
        '        authenticated: arn:aws:iam::123456789012:role/shoppers',
        '  TagSecret:',
        '    Type: Custom::TagSecret',
        '    Properties:',
        '      ServiceToken: !GetAtt TagFunction.Arn',
        '      IdentityPoolId: !Ref Pool',
        '  TagFunction:',
        '    Type: AWS::Lambda::Function',
        '    Properties:',
        '      Code:',
        '        ZipFile: |',
        '          def handler(event, context):',
        '              secrets.tag_resource(SecretId="app", Tags=[{"Key": "IdentityPoolId", "Value": event["ResourceProperties"]["IdentityPoolId"]}])',
      ].join('\n'),
    );
    assert.equal(poolByLogicalId(document, 'Pool').deployTimeRoleConfig, undefined);
    assert.deepEqual(diagnosticsOf(document), []);
  });

  it('an ordinary template with custom resources and Lambdas that never touch an identity pool is not read, and gets no diagnostics', () => {
    const text = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:',
      '  SeedTable:',
      '    Type: Custom::SeedTable',
      '    Properties:',
      '      ServiceToken: !GetAtt SeedFunction.Arn',
      '      TableName: orders',
      '  SeedFunction:',
      '    Type: AWS::Lambda::Function',
      '    Properties:',
      '      Role: !GetAtt SeedRole.Arn',
      '      Code:',
      '        ZipFile: "exports.handler = async () => ({})"',
      '  SeedRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      Policies:',
      '        - PolicyName: seed',
      '          PolicyDocument: {Statement: [{Effect: Allow, Action: "dynamodb:PutItem", Resource: "*"}]}',
      '      Roles: []',
    ].join('\n');
    assert.equal(mightBeRoleMappingText(text), false);
    const document = parseDocument('file:///work/seed.yaml', text);
    assert.equal(document.kind, 'unknown');
    assert.deepEqual(diagnosticsOf(document), []);
  });
});

describe('RoleMappings computed by a custom resource (!GetAtt)', () => {
  it('simulates a login without a static mapping as unknown instead of the default role', () => {
    const { document } = parseInline(
      [
        'Parameters:',
        '  PoolId: {Type: String}',
        'Resources:',
        '  Roles:',
        '    Type: AWS::Cognito::IdentityPoolRoleAttachment',
        '    Properties:',
        '      IdentityPoolId: !Ref PoolId',
        '      RoleMappings: !GetAtt Builder.RoleMapping',
        '      Roles:',
        '        authenticated: arn:aws:iam::123456789012:role/members',
        '  Builder:',
        '    Type: Custom::RoleMappingBuilder',
        '    Properties:',
        '      ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:builder',
        '      Claim: custom:plan',
      ].join('\n'),
    );
    const result = evaluateRequest(document.pools[0], {
      loginKey: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123',
      claims: USER_POOL_CLAIMS,
      now: NOW,
    });
    assert.equal(result.outcome, 'unknown');
    assert.equal(result.roleArn, null);
    assert.equal(result.errorCode, null);
    assert.match(result.message, /^The outcome depends on RoleMappings \$\{Builder\.RoleMapping\}, known only at deploy time: if it holds a mapping for /);
  });

  it('one computed entry among static ones: a login the static ones do not cover is unknown too', () => {
    const { document } = parseInline(
      [
        'Conditions:',
        '  UseAuth0: !Equals [!Ref AWS::Region, us-east-1]',
        'Resources:',
        '  Roles:',
        '    Type: AWS::Cognito::IdentityPoolRoleAttachment',
        '    Properties:',
        '      IdentityPoolId: us-east-1:11111111-2222-3333-4444-555555555555',
        '      Roles:',
        '        authenticated: arn:aws:iam::123456789012:role/members',
        '      RoleMappings:',
        '        google: {IdentityProvider: accounts.google.com, Type: Token, AmbiguousRoleResolution: Deny}',
        '        partners: !If [UseAuth0, {IdentityProvider: cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123:client1, Type: Token, AmbiguousRoleResolution: Deny}, !Ref AWS::NoValue]',
      ].join('\n'),
    );
    const config = document.pools[0].roleConfig!;
    assert.deepEqual(
      config.mappings.map((m) => m.key.value),
      ['google'],
    );
    assert.equal(config.nonStaticMappings?.length, 1);
    const result = evaluateRequest(document.pools[0], {
      loginKey: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123',
      claims: USER_POOL_CLAIMS,
      now: NOW,
    });
    assert.equal(result.outcome, 'unknown');
    assert.equal(result.roleArn, null);
    assert.match(result.message, /^The outcome depends on the role mapping .*, known only at deploy time: if one of them is for /);
    const google = evaluateRequest(document.pools[0], {
      loginKey: 'accounts.google.com',
      claims: { iss: 'https://accounts.google.com', aud: 'x', sub: '1', exp: NOW + 600 },
      now: NOW,
    });
    assert.deepEqual(
      [google.via, google.errorCode],
      ['ambiguous-resolution', 'NotAuthorizedException'],
      'the static Token/Deny mapping still decides for Google',
    );
  });
});
