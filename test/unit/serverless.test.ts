/**
 * Serverless Framework files: `${self:...}`, `${opt:...}`, `${sls:...}`, `${env:...}`, `${file(...)}`,
 * `${ssm:...}` (and the other sources) are filled in before CloudFormation sees the template, so they are
 * symbolic values named after the variable, never dangling CloudFormation references.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { isServerlessPlaceholder, serverlessVariablesIn } from '../../core/cloudformation/serverless';
import { parseDocument } from '../../core/documents';
import { evaluateRequest } from '../../core/evaluate/index';
import { checkDocuments } from '../../core/validate/index';
import { ROOT } from './cfn-fixtures';
import { rangeOf } from './validate-fixtures';

const FIXTURE = path.join(ROOT, 'test/fixtures/serverless/serverless.yml');
const CORPUS = path.resolve(ROOT, '../shared/corpus/real-world');

function checked(uri: string, text: string) {
  const document = parseDocument(uri, text);
  return { document, diagnostics: checkDocuments([document]).get(uri) ?? [] };
}

describe('Serverless variables', () => {
  test('each variable source is recognised; CloudFormation placeholders are not', () => {
    for (const body of [
      "opt:stage, 'dev'",
      'self:custom.stage',
      'sls:stage',
      'env:PARTNER_ID',
      'file(./config.yml):partnerId',
      'ssm:/photo-share/dev/client-id',
      'param:domain',
      'cf:auth-dev.UserPoolId',
      'cf.us-east-1:auth.Arn',
      's3:bucket/key',
      'aws:accountId',
      'strToBool(${env:GUESTS})',
    ]) {
      assert.ok(isServerlessPlaceholder(body), body);
    }
    for (const body of ['AWS::Region', 'UserPool', 'UserPool.ProviderName', '!Literal', 'AWS::AccountId']) {
      assert.ok(!isServerlessPlaceholder(body), body);
    }
  });

  test('serverlessVariablesIn finds whole variables, nested ones included, and skips CloudFormation ones', () => {
    assert.deepEqual(serverlessVariablesIn('arn:aws:iam::${AWS::AccountId}:role/app-${self:custom.${opt:stage}}-${sls:stage}'), [
      '${self:custom.${opt:stage}}',
      '${sls:stage}',
    ]);
    assert.deepEqual(serverlessVariablesIn('${UserPool.Arn} ${!Literal}'), []);
    assert.deepEqual(serverlessVariablesIn('unclosed ${self:custom.stage'), []);
  });

  test('finding variables stays linear on pathological nesting (no quadratic scan for closing braces)', () => {
    for (const text of ['${'.repeat(50_000) + '}'.repeat(50_000), '${self:'.repeat(50_000), 'x${AWS::Region}'.repeat(30_000)]) {
      const started = process.hrtime.bigint();
      serverlessVariablesIn(text);
      assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 500, `${text.slice(0, 20)}… took too long`);
    }
  });

  test('the fixture serverless.yml has no findings: variables in Fn::Sub are no dangling references', () => {
    const { document, diagnostics } = checked('file:///app/serverless.yml', fs.readFileSync(FIXTURE, 'utf8'));
    assert.equal(document.kind, 'template');
    assert.deepEqual(
      diagnostics.map((d) => `${d.code}: ${d.message}`),
      [],
    );
  });

  test('the values stay symbolic and show the variable they come from', () => {
    const { document } = checked('file:///app/serverless.yml', fs.readFileSync(FIXTURE, 'utf8'));
    const pool = document.pools[0];
    const definition = pool.definition!;
    assert.deepEqual([definition.name?.value, definition.name?.symbolic], ['photo_share_${self:custom.stage}', true]);
    const google = definition.supportedLoginProviders[0];
    assert.deepEqual([google.provider.value, google.appId?.value, google.appId?.symbolic], ['accounts.google.com', '${self:custom.googleClientId}', true]);
    const rule = pool.roleConfig!.mappings[0].rules[0];
    assert.deepEqual([rule.value?.value, rule.value?.symbolic], ['${self:custom.editorsGroup}', true]);
    assert.deepEqual([rule.roleArn?.value, rule.roleArn?.symbolic], ['arn:aws:iam::${AWS::AccountId}:role/photo-share-editors-${self:custom.stage}', true]);
  });

  test('a simulation names the variable it could not know', () => {
    const { document } = checked('file:///app/serverless.yml', fs.readFileSync(FIXTURE, 'utf8'));
    const result = evaluateRequest(document.pools[0], {
      claims: { iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ph0t0Sh4r', aud: '5q9example', token_use: 'id', 'cognito:groups': ['editors'] },
      now: 1767226200,
    });
    assert.equal(result.outcome, 'unknown');
    assert.match(result.message, /Value \$\{self:custom\.editorsGroup\} \(a Serverless Framework variable\)/);
  });

  test('a real dangling reference next to a variable is still reported, on the reference', () => {
    const text = [
      'service: shop',
      'resources:',
      '  Resources:',
      '    IdentityPool:',
      '      Type: AWS::Cognito::IdentityPool',
      '      Properties:',
      '        AllowUnauthenticatedIdentities: false',
      '        SupportedLoginProviders: {accounts.google.com: 123-shop.apps.googleusercontent.com}',
      '    Roles:',
      '      Type: AWS::Cognito::IdentityPoolRoleAttachment',
      '      Properties:',
      '        IdentityPoolId: !Ref IdentityPool',
      '        Roles:',
      '          authenticated: !Sub arn:aws:iam::${AWS::AccountId}:role/${AuthRle}-${self:custom.stage}',
    ].join('\n');
    const { diagnostics } = checked('file:///shop/serverless.yml', text);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.range]),
      [['dangling-reference', 'warning', rangeOf(text, '${AuthRle}')]],
    );
  });

  test('a boolean from a variable is unknown (symbolic), not a type error and not false', () => {
    const text = [
      'custom:',
      '  allowGuests: ${env:ALLOW_GUESTS}',
      'resources:',
      '  Resources:',
      '    IdentityPool:',
      '      Type: AWS::Cognito::IdentityPool',
      '      Properties:',
      '        AllowUnauthenticatedIdentities: ${self:custom.allowGuests}',
    ].join('\n');
    const { document, diagnostics } = checked('file:///guests/serverless.yml', text);
    assert.deepEqual(diagnostics, []);
    assert.equal(document.pools[0].definition?.allowUnauthenticatedIdentities?.symbolic, true);
  });

  test('in a plain CloudFormation template (no Serverless sign) ${...} in a plain string is not substituted', () => {
    const text = [
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Resources:',
      '  IdentityPool:',
      '    Type: AWS::Cognito::IdentityPool',
      '    Properties:',
      '      AllowUnauthenticatedIdentities: false',
      '      SupportedLoginProviders: {accounts.google.com: 123-stack.apps.googleusercontent.com}',
      '  Roles:',
      '    Type: AWS::Cognito::IdentityPoolRoleAttachment',
      '    Properties:',
      '      IdentityPoolId: !Ref IdentityPool',
      '      Roles:',
      '        authenticated: arn:aws:iam::${AWS::AccountId}:role/Auth',
    ].join('\n');
    const { diagnostics } = checked('file:///stack/template.yaml', text);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['invalid-role-arn'],
    );
  });
});

describe('Serverless files of the real-world corpus', { skip: fs.existsSync(CORPUS) ? false : `no corpus at ${CORPUS}` }, () => {
  const corpus = (name: string) => checked(`file://${path.join(CORPUS, name)}`, fs.readFileSync(path.join(CORPUS, name), 'utf8'));

  test('aws-iot-chat-example serverless.yml: no findings; its ${self:custom...} login providers are symbolic', () => {
    const { document, diagnostics } = corpus('aws-samples__aws-iot-chat-example__api__serverless.yml');
    assert.deepEqual(diagnostics, []);
    const providers = document.pools[0].definition!.supportedLoginProviders;
    assert.deepEqual(
      providers.map((p) => [p.provider.value, p.appId?.value, p.appId?.symbolic]),
      [
        ['graph.facebook.com', '${self:custom.variables.facebook_app_id}', true],
        ['accounts.google.com', '${self:custom.variables.google_app_id}', true],
      ],
    );
  });

  test('jailingeshwarR cognito.yml: ${sls:stage} is no finding; only the role defined in another file is (a warning)', () => {
    const { diagnostics } = corpus('jailingeshwarR__IdentitypoolAccess__cognito.yml');
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.range.start]),
      [['dangling-reference', 'warning', { line: 45, character: 25 }]],
    );
  });
});

test('a trust policy whose aud is a Serverless variable says which variable it could not compare', () => {
  const text = [
    'custom:',
    '  poolId: ${cf:auth-${sls:stage}.IdentityPoolId}',
    'resources:',
    '  Resources:',
    '    IdentityPool:',
    '      Type: AWS::Cognito::IdentityPool',
    '      Properties:',
    '        AllowUnauthenticatedIdentities: false',
    '        SupportedLoginProviders:',
    '          accounts.google.com: ${env:GOOGLE_CLIENT_ID}',
    '    Attachment:',
    '      Type: AWS::Cognito::IdentityPoolRoleAttachment',
    '      Properties:',
    '        IdentityPoolId: !Ref IdentityPool',
    '        Roles:',
    '          authenticated: !GetAtt AuthRole.Arn',
    '    AuthRole:',
    '      Type: AWS::IAM::Role',
    '      Properties:',
    '        AssumeRolePolicyDocument:',
    '          Statement:',
    '            - Effect: Allow',
    '              Principal: { Federated: cognito-identity.amazonaws.com }',
    '              Action: sts:AssumeRoleWithWebIdentity',
    '              Condition:',
    '                StringEquals:',
    '                  cognito-identity.amazonaws.com:aud: ${self:custom.poolId}',
    '                ForAnyValue:StringLike:',
    '                  cognito-identity.amazonaws.com:amr: authenticated',
  ].join('\n');
  const { diagnostics } = checked('file:///app/serverless.yml', text);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.range, d.message]),
    [
      [
        'trust-not-static',
        rangeOf(text, '${self:custom.poolId}'),
        'Role AuthRole (handed out by identity pool IdentityPool): its cognito-identity.amazonaws.com:aud condition (it holds the Serverless Framework variable ${self:custom.poolId}) cannot be compared with identity pool IdentityPool before deployment.',
      ],
    ],
  );
});

test('the list form of resources (included files and an inline template) is read through its inline item', () => {
  const text = [
    'service: notes-api',
    'resources:',
    '  - ${file(resources/cognito-user-pool.yml)}',
    '  - Resources:',
    '      CognitoIdentityPool:',
    '        Type: AWS::Cognito::IdentityPool',
    '        Properties:',
    '          AllowUnauthenticatedIdentities: true',
    '          SupportedLoginProviders: {accounts.google.com: 123-notes.apps.googleusercontent.com}',
    '      CognitoIdentityPoolRoles:',
    '        Type: AWS::Cognito::IdentityPoolRoleAttachment',
    '        Properties:',
    '          IdentityPoolId: !Ref CognitoIdentityPool',
    '          Roles:',
    '            authenticated: arn:aws:iam::210987654321:role/notes-${sls:stage}-auth',
  ].join('\n');
  const { document, diagnostics } = checked('file:///notes/serverless.yml', text);
  assert.equal(document.kind, 'template');
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.range]),
    [['guest-access-without-unauthenticated-role', rangeOf(text, 'true')]],
  );
});
