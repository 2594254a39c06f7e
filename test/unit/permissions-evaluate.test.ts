/**
 * The permissions evaluator (issue 19) against AWS's documented policy evaluation logic and condition
 * operators; each case names the AWS documentation example or rule it comes from.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  accessForRole,
  arnMatches,
  actionMatches,
  collectTemplateRoles,
  evaluateAccess,
  evaluateCondition,
  findRole,
  ipInCidr,
  parseDocument,
  parsePolicyText,
  RequestContext,
  sessionContext,
  type PolicyCondition,
  type Tri,
} from '../../core/index';

function cond(operator: string, key: string, values: string | string[]): PolicyCondition {
  return { operator, key, values: (Array.isArray(values) ? values : [values]).map((text) => ({ text })) };
}

function check(operator: string, key: string, values: string | string[], context: RequestContext): Tri {
  return evaluateCondition(cond(operator, key, values), context, new Set());
}

function policy(statements: unknown[], name = 'P') {
  return parsePolicyText(JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2), { name, file: 'p.json' });
}

function decide(
  statements: unknown[],
  action: string,
  resource: string,
  context = new RequestContext(),
  extra: { boundary?: unknown[]; session?: unknown[] } = {},
) {
  const layers = [{ layer: 'identity' as const, policies: [policy(statements)] }];
  if (extra.boundary) layers.push({ layer: 'boundary' as never, policies: [policy(extra.boundary, 'B')] });
  if (extra.session) layers.push({ layer: 'session' as never, policies: [policy(extra.session, 'S')] });
  return evaluateAccess({ action, resource, context, layers });
}

describe('Action and Resource matching', () => {
  it('actions are case-insensitive with * and ? (Action element: "iam:*AccessKey*", "s3:Get*")', () => {
    assert.equal(actionMatches('iam:*AccessKey*', 'iam:CreateAccessKey'), true);
    assert.equal(actionMatches('S3:get*', 's3:GetObject'), true);
    assert.equal(actionMatches('s3:Get?bject', 's3:GetObject'), true);
    assert.equal(actionMatches('s3:Get*', 's3:PutObject'), false);
    assert.equal(actionMatches('*', 'anything:At'), true);
  });
  it('ARNs match part by part, case-sensitively; the resource part may hold colons and slashes', () => {
    assert.equal(arnMatches('arn:aws:s3:::amzn-s3-demo-bucket/*', 'arn:aws:s3:::amzn-s3-demo-bucket/a/b.txt'), true);
    assert.equal(arnMatches('arn:aws:s3:::amzn-s3-demo-bucket/*', 'arn:aws:s3:::amzn-s3-demo-bucket'), false);
    assert.equal(arnMatches('arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/x'), false);
    assert.equal(arnMatches('arn:aws:dynamodb:*:*:table/Games', 'arn:aws:dynamodb:us-east-1:111122223333:table/Games'), true);
    assert.equal(arnMatches('arn:aws:dynamodb:us-east-1:*:table/*', 'arn:aws:dynamodb:eu-west-1:111122223333:table/Games'), false);
    assert.equal(arnMatches('arn:aws:logs:*:*:log-group:g:*', 'arn:aws:logs:us-east-1:1:log-group:g:log-stream:s'), true);
    assert.equal(arnMatches('*', 'arn:aws:s3:::b'), true);
  });
  it('NotAction and NotResource', () => {
    const statements = [{ Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::secret/*' }];
    assert.equal(decide(statements, 's3:GetObject', 'arn:aws:s3:::public/x').decision, 'allowed');
    assert.equal(decide(statements, 'iam:CreateUser', '*').decision, 'implicitly-denied');
    assert.equal(decide(statements, 's3:GetObject', 'arn:aws:s3:::secret/x').decision, 'implicitly-denied');
  });
});

describe('evaluation logic (explicit deny, allow in every layer, implicit deny)', () => {
  const allowAll = { Effect: 'Allow', Action: 's3:*', Resource: '*' };
  it('an explicit Deny overrides any Allow and names the Deny statement', () => {
    const result = decide([allowAll, { Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }], 's3:DeleteObject', 'arn:aws:s3:::b/k');
    assert.equal(result.decision, 'explicitly-denied');
    assert.deepEqual(
      result.statements.map((s) => [s.sid, s.effect, s.file]),
      [['NoDelete', 'Deny', 'p.json']],
    );
    assert.ok(result.statements[0].line! > 1);
  });
  it('no matching Allow is an implicit deny; an Allow gives allowed with the granting statement', () => {
    assert.equal(decide([allowAll], 'dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:1:table/t').decision, 'implicitly-denied');
    const result = decide([allowAll], 's3:GetObject', 'arn:aws:s3:::b/k');
    assert.equal(result.decision, 'allowed');
    assert.equal(result.statements[0].policy, 'P');
    assert.deepEqual(result.unknownKeys, []);
  });
  it('a permissions boundary and a session policy must also allow (intersection)', () => {
    assert.equal(
      decide([allowAll], 's3:PutObject', 'arn:aws:s3:::b/k', undefined, { boundary: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }] }).decision,
      'implicitly-denied',
    );
    assert.equal(
      decide([allowAll], 's3:GetObject', 'arn:aws:s3:::b/k', undefined, { boundary: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }] }).decision,
      'allowed',
    );
    assert.equal(
      decide([allowAll], 's3:GetObject', 'arn:aws:s3:::b/k', undefined, { session: [{ Effect: 'Allow', Action: 'rum:PutRumEvents', Resource: '*' }] }).decision,
      'implicitly-denied',
    );
    assert.equal(
      decide([allowAll], 's3:GetObject', 'arn:aws:s3:::b/k', undefined, {
        boundary: [
          { Effect: 'Deny', Action: '*', Resource: '*' },
          { Effect: 'Allow', Action: '*', Resource: '*' },
        ],
      }).decision,
      'explicitly-denied',
    );
  });
  it('a Deny that depends on an unknown key makes the answer unknown, never allowed, and names the key', () => {
    const result = decide(
      [allowAll, { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }],
      's3:GetObject',
      'arn:aws:s3:::b/k',
    );
    assert.equal(result.decision, 'unknown');
    assert.deepEqual(result.unknownKeys, ['aws:MultiFactorAuthPresent']);
  });
  it('an Allow that depends on an unknown key is unknown; a known Allow elsewhere decides', () => {
    const conditional = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } };
    assert.equal(decide([conditional], 's3:GetObject', 'arn:aws:s3:::b/k').decision, 'unknown');
    assert.equal(decide([conditional, allowAll], 's3:GetObject', 'arn:aws:s3:::b/k').decision, 'allowed');
    const context = new RequestContext().setValue('aws:SourceIp', '203.0.113.7');
    assert.equal(decide([conditional], 's3:GetObject', 'arn:aws:s3:::b/k', context).decision, 'allowed');
  });
  it('a statement whose Effect cannot be read may deny: never allowed', () => {
    const result = decide([allowAll, { Effect: { 'Fn::If': ['c', 'Deny', 'Allow'] }, Action: '*', Resource: '*' }], 's3:GetObject', 'arn:aws:s3:::b/k');
    assert.equal(result.decision, 'unknown');
    assert.ok(result.unknownKeys.some((k) => k.includes('Effect')));
  });
  it('a managed policy not in the files makes the answer unknown, naming it', () => {
    const result = evaluateAccess({
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      context: new RequestContext(),
      layers: [{ layer: 'identity', policies: [policy([allowAll]), { name: 'arn:aws:iam::aws:policy/X', why: 'not in these files' }] }],
    });
    assert.equal(result.decision, 'unknown');
    assert.deepEqual(result.unresolvedPolicies, ['arn:aws:iam::aws:policy/X (not in these files)']);
  });
});

describe('condition operators', () => {
  const ctx = new RequestContext()
    .setValue('aws:PrincipalTag/job-category', 'iamuser-admin')
    .setValue('aws:CurrentTime', '2026-06-30T12:00:00Z')
    .setValue('aws:EpochTime', '1782820800')
    .setValue('aws:SecureTransport', 'true')
    .setValue('aws:SourceIp', '203.0.113.7')
    .setValue('s3:max-keys', '10')
    .setValue('aws:SourceArn', 'arn:aws:sns:us-east-1:111122223333:topic')
    .setValues('aws:TagKeys', ['environment', 'cost-center'])
    .closePrefix('aws:RequestTag/');
  it('String operators (example: StringEquals aws:PrincipalTag/job-category iamuser-admin)', () => {
    assert.equal(check('StringEquals', 'aws:PrincipalTag/job-category', 'iamuser-admin', ctx), true);
    assert.equal(check('StringEquals', 'aws:PrincipalTag/job-category', 'IAMUSER-ADMIN', ctx), false);
    assert.equal(check('StringEqualsIgnoreCase', 'aws:PrincipalTag/job-category', 'IAMUSER-ADMIN', ctx), true);
    assert.equal(check('StringNotEquals', 'aws:PrincipalTag/job-category', ['a', 'b'], ctx), true);
    assert.equal(check('StringNotEquals', 'aws:PrincipalTag/job-category', ['a', 'iamuser-admin'], ctx), false, 'negated with several values: none may match');
    assert.equal(check('StringNotEqualsIgnoreCase', 'aws:PrincipalTag/job-category', 'IAMUSER-ADMIN', ctx), false);
    assert.equal(check('StringLike', 'aws:PrincipalTag/job-category', 'iamuser-*', ctx), true);
    assert.equal(check('StringLike', 'aws:PrincipalTag/job-category', 'iamuser-adm?n', ctx), true);
    assert.equal(check('StringEquals', 'aws:PrincipalTag/job-category', 'iamuser-*', ctx), false, 'StringEquals has no wildcards');
    assert.equal(check('StringNotLike', 'aws:PrincipalTag/job-category', 'x*', ctx), true);
  });
  it('Numeric operators (example: NumericLessThanEquals s3:max-keys 10)', () => {
    assert.equal(check('NumericLessThanEquals', 's3:max-keys', '10', ctx), true);
    assert.equal(check('NumericLessThan', 's3:max-keys', '10', ctx), false);
    assert.equal(check('NumericGreaterThan', 's3:max-keys', '9', ctx), true);
    assert.equal(check('NumericGreaterThanEquals', 's3:max-keys', '11', ctx), false);
    assert.equal(check('NumericEquals', 's3:max-keys', '10.0', ctx), true);
    assert.equal(check('NumericNotEquals', 's3:max-keys', '10', ctx), false);
  });
  it('Date operators take ISO 8601 and epoch seconds (example: DateGreaterThan aws:CurrentTime)', () => {
    assert.equal(check('DateGreaterThan', 'aws:CurrentTime', '2020-04-01T00:00:00Z', ctx), true);
    assert.equal(check('DateLessThan', 'aws:CurrentTime', '2020-06-30T23:59:59Z', ctx), false);
    assert.equal(check('DateEquals', 'aws:EpochTime', '2026-06-30T12:00:00Z', ctx), true);
    assert.equal(check('DateNotEquals', 'aws:CurrentTime', '1782820800', ctx), false);
    assert.equal(check('DateLessThanEquals', 'aws:CurrentTime', '2026-06-30T12:00:00Z', ctx), true);
    assert.equal(check('DateGreaterThanEquals', 'aws:CurrentTime', '2027-01-01', ctx), false);
  });
  it('Bool (example: aws:SecureTransport), BinaryEquals, IpAddress/NotIpAddress, Arn operators', () => {
    assert.equal(check('Bool', 'aws:SecureTransport', 'true', ctx), true);
    assert.equal(check('Bool', 'aws:SecureTransport', 'false', ctx), false);
    assert.equal(check('BinaryEquals', 'aws:SecureTransport', 'dHJ1ZQ==', new RequestContext().setValue('aws:SecureTransport', 'dHJ1ZQ==')), true);
    assert.equal(check('IpAddress', 'aws:SourceIp', '203.0.113.0/24', ctx), true);
    assert.equal(check('NotIpAddress', 'aws:SourceIp', ['192.0.2.0/24', '203.0.113.0/24'], ctx), false);
    assert.equal(ipInCidr('2001:db8::1', '2001:DB8:1234:5678::/48'), false);
    assert.equal(ipInCidr('2001:db8:1234:5678::1', '2001:DB8:1234:5678::/64'), true);
    assert.equal(check('ArnLike', 'aws:SourceArn', 'arn:aws:sns:*:111122223333:*', ctx), true);
    assert.equal(check('ArnEquals', 'aws:SourceArn', 'arn:aws:sns:us-east-1:111122223333:topic', ctx), true);
    assert.equal(check('ArnNotEquals', 'aws:SourceArn', 'arn:aws:sns:us-east-1:111122223333:topic', ctx), false);
    assert.equal(check('ArnNotLike', 'aws:SourceArn', 'arn:aws:sqs:*', ctx), true);
  });
  it('a missing key: false, except negated operators (true), IfExists (true) and ForAllValues (true)', () => {
    assert.equal(check('StringEquals', 'aws:RequestTag/x', 'a', ctx), false);
    assert.equal(check('StringNotEquals', 'aws:RequestTag/x', 'a', ctx), true);
    assert.equal(check('StringEqualsIfExists', 'aws:RequestTag/x', 'a', ctx), true);
    assert.equal(check('StringEqualsIfExists', 'aws:PrincipalTag/job-category', 'a', ctx), false, 'IfExists still compares a present key');
    assert.equal(check('ForAllValues:StringEquals', 'aws:RequestTag/x', 'a', ctx), true);
    assert.equal(check('ForAnyValue:StringEquals', 'aws:RequestTag/x', 'a', ctx), false);
    assert.equal(check('Null', 'aws:RequestTag/x', 'true', ctx), true);
    assert.equal(check('Null', 'aws:SourceIp', 'true', ctx), false);
    assert.equal(check('Null', 'aws:SourceIp', 'false', ctx), true);
  });
  it('set operators on a multi-valued key (example: ForAllValues:StringEquals aws:TagKeys)', () => {
    assert.equal(check('ForAllValues:StringEquals', 'aws:TagKeys', ['environment', 'cost-center'], ctx), true);
    assert.equal(check('ForAllValues:StringEquals', 'aws:TagKeys', ['environment'], ctx), false);
    assert.equal(check('ForAnyValue:StringEquals', 'aws:TagKeys', ['environment'], ctx), true);
    assert.equal(check('ForAnyValue:StringLike', 'aws:TagKeys', ['cost-*'], ctx), true);
    assert.equal(check('ForAllValues:StringEquals', 'aws:TagKeys', [], new RequestContext().setValues('aws:TagKeys', [])), true);
    assert.equal(check('StringEquals', 'aws:TagKeys', 'environment', ctx), undefined, 'single-valued operator on a multi-valued key: not guessed');
  });
  it('an unknown key is unknown, and is named', () => {
    const unknowns = new Set<string>();
    assert.equal(evaluateCondition(cond('StringEquals', 'aws:SourceVpc', 'vpc-1'), new RequestContext(), unknowns), undefined);
    assert.deepEqual([...unknowns], ['aws:SourceVpc']);
    assert.equal(check('StringEqualsIfExists', 'aws:SourceVpc', 'vpc-1', new RequestContext()), undefined);
    assert.equal(check('Null', 'aws:SourceVpc', 'true', new RequestContext()), undefined);
  });
});

describe('policy variables', () => {
  const id = 'us-east-1:12345678-1234-1234-1234-123456789012';
  const statements = [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/private/${cognito-identity.amazonaws.com:sub}/*' }];
  it('${cognito-identity.amazonaws.com:sub} is the identity id (example: S3 prefix per identity)', () => {
    const ctx = new RequestContext().setValue('cognito-identity.amazonaws.com:sub', id);
    assert.equal(decide(statements, 's3:GetObject', `arn:aws:s3:::bucket/private/${id}/a.txt`, ctx).decision, 'allowed');
    assert.equal(decide(statements, 's3:GetObject', 'arn:aws:s3:::bucket/private/us-east-1:other/a.txt', ctx).decision, 'implicitly-denied');
    const unknown = decide(statements, 's3:GetObject', `arn:aws:s3:::bucket/private/${id}/a.txt`);
    assert.equal(unknown.decision, 'unknown');
    assert.deepEqual(unknown.unknownKeys, ['cognito-identity.amazonaws.com:sub']);
  });
  it("defaults apply when the key is absent (example: ${aws:PrincipalTag/team, 'company-wide'})", () => {
    const tagged = [{ Effect: 'Allow', Action: 's3:GetObject', Resource: "arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'company-wide'}/*" }];
    const absent = new RequestContext().closePrefix('aws:PrincipalTag/');
    assert.equal(decide(tagged, 's3:GetObject', 'arn:aws:s3:::bucket/company-wide/x', absent).decision, 'allowed');
    assert.equal(
      decide(tagged, 's3:GetObject', 'arn:aws:s3:::bucket/red/x', new RequestContext().setValue('aws:PrincipalTag/team', 'red')).decision,
      'allowed',
    );
    const noDefault = [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*' }];
    assert.equal(decide(noDefault, 's3:GetObject', 'arn:aws:s3:::bucket/x/y', absent).decision, 'implicitly-denied', 'no value, no default: no match');
  });
  it('a substituted value is matched as written: its * is no wildcard; ${*} writes a literal *', () => {
    const ctx = new RequestContext().setValue('aws:PrincipalTag/team', '*');
    const tagged = [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/${aws:PrincipalTag/team}/x' }];
    assert.equal(decide(tagged, 's3:GetObject', 'arn:aws:s3:::bucket/red/x', ctx).decision, 'implicitly-denied');
    assert.equal(decide(tagged, 's3:GetObject', 'arn:aws:s3:::bucket/*/x', ctx).decision, 'allowed');
  });
  it('variables in conditions (example: DynamoDB LeadingKeys ${cognito-identity.amazonaws.com:sub})', () => {
    const ctx = new RequestContext().setValue('cognito-identity.amazonaws.com:sub', id).setValues('dynamodb:LeadingKeys', [id]);
    const statements2 = [
      {
        Effect: 'Allow',
        Action: 'dynamodb:GetItem',
        Resource: '*',
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${cognito-identity.amazonaws.com:sub}'] } },
      },
    ];
    assert.equal(decide(statements2, 'dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:1:table/t', ctx).decision, 'allowed');
    const other = new RequestContext().setValue('cognito-identity.amazonaws.com:sub', id).setValues('dynamodb:LeadingKeys', ['us-east-1:other']);
    assert.equal(decide(statements2, 'dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:1:table/t', other).decision, 'implicitly-denied');
  });
});

describe('from a simulation: session context and template policies', () => {
  const template = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Pool:
    Type: AWS::Cognito::IdentityPool
    Properties:
      AllowUnauthenticatedIdentities: true
  Tags:
    Type: AWS::Cognito::IdentityPoolPrincipalTag
    Properties:
      IdentityPoolId: !Ref Pool
      IdentityProviderName: accounts.google.com
      PrincipalTags:
        team: hd
  AuthRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: own-prefix
          PolicyDocument:
            Statement:
              - Sid: Own
                Effect: Allow
                Action: s3:GetObject
                Resource: !Sub "arn:aws:s3:::data/\${!aws:PrincipalTag/team, 'none'}/*"
              - Effect: Deny
                Action: s3:*
                Resource: '*'
                Condition:
                  StringNotEquals:
                    cognito-identity.amazonaws.com:aud: !Ref Pool
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/ReadOnlyAccess
  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Roles: [!Ref AuthRole]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: sqs:SendMessage
            Resource: '*'
`;
  const document = parseDocument('t.yaml', template);
  const roles = collectTemplateRoles(document);
  const pool = document.pools[0];
  it('collects inline, attached and managed policies, with lines', () => {
    const role = findRole(roles, roles.roles.get('AuthRole')!.roleArn)!;
    assert.equal(role.logicalId, 'AuthRole');
    assert.deepEqual(
      role.identity.map((p) => p.name),
      ['own-prefix', 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'extra'],
    );
  });
  it('principal tags from the claims; the pool Ref matches its own id; a managed policy not given is named', () => {
    const role = roles.roles.get('AuthRole')!;
    const onlyInline = { ...role, identity: role.identity.filter((p) => p.name !== 'arn:aws:iam::aws:policy/ReadOnlyAccess') };
    const { context } = sessionContext({ pool, guest: false, provider: 'accounts.google.com', claims: { hd: 'red' } });
    const allowed = accessForRole({
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::data/red/x',
      role: onlyInline,
      roleArn: role.roleArn,
      context,
      guest: false,
    });
    assert.equal(allowed.decision, 'allowed');
    assert.equal(allowed.statements[0].sid, 'Own');
    assert.equal(allowed.statements[0].line, 22);
    const { context: noClaim } = sessionContext({ pool, guest: false, provider: 'accounts.google.com', claims: {} });
    assert.equal(
      accessForRole({ action: 's3:GetObject', resource: 'arn:aws:s3:::data/none/x', role: onlyInline, roleArn: role.roleArn, context: noClaim, guest: false })
        .decision,
      'allowed',
      'absent tag: the default decides',
    );
    const withManaged = accessForRole({ action: 's3:GetObject', resource: 'arn:aws:s3:::data/blue/x', role, roleArn: role.roleArn, context, guest: false });
    assert.equal(withManaged.decision, 'unknown');
    assert.deepEqual(withManaged.unresolvedPolicies, ['arn:aws:iam::aws:policy/ReadOnlyAccess (not in these files)']);
  });
  it('no role: no-credentials; guests are scoped down by the session policy (assumption stated)', () => {
    const role = roles.roles.get('AuthRole')!;
    const { context } = sessionContext({ pool, guest: true });
    assert.equal(accessForRole({ action: 's3:GetObject', resource: '*', role, roleArn: null, context, guest: true }).decision, 'no-credentials');
    const onlyExtra = { ...role, identity: role.identity.filter((p) => p.name === 'extra') };
    const sqs = accessForRole({
      action: 'sqs:SendMessage',
      resource: 'arn:aws:sqs:us-east-1:1:q',
      role: onlyExtra,
      roleArn: role.roleArn,
      context,
      guest: true,
    });
    assert.equal(sqs.decision, 'unknown', 'only the older session policy allowed SQS: UNCONFIRMED');
    const all = { ...role, identity: [policy([{ Effect: 'Allow', Action: '*', Resource: '*' }])] };
    assert.equal(
      accessForRole({ action: 'iam:CreateUser', resource: '*', role: all, roleArn: role.roleArn, context, guest: true }).decision,
      'implicitly-denied',
    );
    assert.equal(accessForRole({ action: 'rum:PutRumEvents', resource: '*', role: all, roleArn: role.roleArn, context, guest: true }).decision, 'allowed');
    assert.ok(
      accessForRole({ action: 'rum:PutRumEvents', resource: '*', role: all, roleArn: role.roleArn, context, guest: true }).notes.some((n) =>
        n.includes('UNCONFIRMED'),
      ),
    );
  });
});

describe('template policies that may not exist', () => {
  it('a policy under a template Condition, or ManagedPolicyArns that is not a literal list, is unknown, never allowed', () => {
    const text = `Conditions:
  IsProd: !Equals [!Ref Env, prod]
Parameters:
  Env: { Type: String }
Resources:
  Pool:
    Type: AWS::Cognito::IdentityPool
    Properties: { AllowUnauthenticatedIdentities: false }
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      ManagedPolicyArns: !If [IsProd, [arn:aws:iam::aws:policy/AdministratorAccess], !Ref AWS::NoValue]
  Extra:
    Type: AWS::IAM::Policy
    Condition: IsProd
    Properties:
      PolicyName: extra
      Roles: [!Ref Role]
      PolicyDocument:
        Statement:
          - { Effect: Allow, Action: 's3:*', Resource: '*' }
`;
    const document = parseDocument('c.yaml', text);
    const role = collectTemplateRoles(document).roles.get('Role')!;
    assert.deepEqual(
      role.identity.map((p) => p.name),
      ['Role ManagedPolicyArns', 'extra'],
    );
    const result = accessForRole({ action: 's3:GetObject', resource: '*', role, roleArn: role.roleArn, context: new RequestContext(), guest: false });
    assert.equal(result.decision, 'unknown');
    assert.equal(result.unresolvedPolicies.length, 2);
  });
});
