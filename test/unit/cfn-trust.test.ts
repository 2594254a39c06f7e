/** Role trust policies (spec section 4): what STS accepts for Cognito, and the simulator's trust-policy step on templates. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument } from '../../core/documents';
import { evaluateRequest } from '../../core/evaluate/index';
import type { IamRoleModel, IdentityPoolModel } from '../../core/model';
import { analyzeTrustPolicy, assessTrustPolicy, type RoleUsage } from '../../core/trust';
import { checkDocuments } from '../../core/validate/index';
import { FIXTURES, parseInline, rangeOf } from './cfn-fixtures';

const POOL_ID = 'us-east-1:11111111-2222-3333-4444-555555555555';

interface Setup {
  text: string;
  pool: IdentityPoolModel;
  role: IamRoleModel;
}

/**
 * A template with one identity pool and one role whose trust policy `Statement` is given as YAML lines,
 * indented for `Statement:`. Extra resources (principal tags, other pools) may be added.
 */
function setup(statement: string[], options: { extra?: string[]; guests?: boolean } = {}): Setup {
  const text = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Parameters:',
    '  ExternalPoolId: {Type: String}',
    'Resources:',
    '  Pool:',
    '    Type: AWS::Cognito::IdentityPool',
    '    Properties:',
    `      AllowUnauthenticatedIdentities: ${options.guests ?? true}`,
    '  OtherPool:',
    '    Type: AWS::Cognito::IdentityPool',
    '    Properties:',
    '      AllowUnauthenticatedIdentities: false',
    '  Attachment:',
    '    Type: AWS::Cognito::IdentityPoolRoleAttachment',
    '    Properties:',
    '      IdentityPoolId: !Ref Pool',
    '      Roles:',
    '        authenticated: !GetAtt AppRole.Arn',
    '  AppRole:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    ...statement.map((line) => `          ${line}`),
    ...(options.extra ?? []),
  ].join('\n');
  const { document } = parseInline(text);
  const pool = document.pools.find((p) => p.logicalId === 'Pool')!;
  const role = document.iamRoles.find((r) => r.logicalId === 'AppRole')!;
  return { text, pool, role };
}

const GOOD = [
  '- Effect: Allow',
  '  Principal:',
  '    Federated: cognito-identity.amazonaws.com',
  '  Action: sts:AssumeRoleWithWebIdentity',
  '  Condition:',
  '    StringEquals:',
  '      cognito-identity.amazonaws.com:aud: !Ref Pool',
  '    ForAnyValue:StringLike:',
  '      cognito-identity.amazonaws.com:amr: authenticated',
];

function variant(replacements: Array<[string, string]>, base = GOOD): string[] {
  return base.map((line) => replacements.reduce((current, [from, to]) => current.replace(from, to), line));
}

function codes(s: Setup, usage: RoleUsage = 'authenticated'): string[] {
  return analyzeTrustPolicy(s.role, s.pool, usage).findings.map((f) => f.code);
}

describe('a trust policy that fits', () => {
  it('the documented policy (aud = this pool, amr authenticated) accepts the pool for signed-in users', () => {
    const s = setup(GOOD);
    const result = assessTrustPolicy(s.role, s.pool, 'authenticated');
    assert.equal(result.accepts, true);
    assert.equal(result.message, 'The trust policy of role AppRole lets identity pool Pool assume it for authenticated identities.');
    assert.deepEqual(codes(s), []);
  });

  it('actions and principals may be lists and wildcards; aud may list several pools', () => {
    const s = setup(
      variant([
        ['Federated: cognito-identity.amazonaws.com', 'Federated: [accounts.google.com, cognito-identity.amazonaws.com]'],
        ['Action: sts:AssumeRoleWithWebIdentity', 'Action: ["sts:AssumeRole*"]'],
        ['aud: !Ref Pool', 'aud: [!Ref OtherPool, !Ref Pool]'],
      ]),
    );
    assert.equal(assessTrustPolicy(s.role, s.pool, 'authenticated').accepts, true);
    assert.deepEqual(codes(s), []);
  });

  it('the China principal and condition keys are accepted', () => {
    const s = setup(
      variant([
        ['Federated: cognito-identity.amazonaws.com', 'Federated: cognito-identity.cn-north-1.amazonaws.com.cn'],
        ['cognito-identity.amazonaws.com:aud', 'cognito-identity.amazonaws.com.cn:aud'],
        ['cognito-identity.amazonaws.com:amr', 'cognito-identity.amazonaws.com.cn:amr'],
      ]),
    );
    assert.equal(assessTrustPolicy(s.role, s.pool, 'authenticated').accepts, true);
  });

  it('a literal pool id in aud matches a pool whose id is that literal (a pool file plus a roles file)', () => {
    const s = setup(variant([['aud: !Ref Pool', `aud: "${POOL_ID}"`]]));
    const pool: IdentityPoolModel = { ...s.pool, logicalId: undefined, identityPoolId: { value: POOL_ID, range: s.pool.identityPoolId!.range } };
    assert.equal(assessTrustPolicy(s.role, pool, 'authenticated').accepts, true);
    const other: IdentityPoolModel = {
      ...pool,
      identityPoolId: { value: 'us-east-1:99999999-2222-3333-4444-555555555555', range: pool.identityPoolId!.range },
    };
    assert.equal(assessTrustPolicy(s.role, other, 'authenticated').accepts, false);
  });
});

describe('a trust policy that refuses', () => {
  it('sts:AssumeRole instead of sts:AssumeRoleWithWebIdentity (danilop/LambdAuth#4), pointing at the action', () => {
    const s = setup(variant([['Action: sts:AssumeRoleWithWebIdentity', 'Action: sts:AssumeRole']]));
    const result = assessTrustPolicy(s.role, s.pool, 'authenticated');
    assert.equal(result.accepts, false);
    assert.equal(
      result.message,
      'The trust policy of role AppRole refuses identity pool Pool for authenticated identities: the statement allows sts:AssumeRole, but Cognito calls sts:AssumeRoleWithWebIdentity.',
    );
    assert.deepEqual(result.location?.range, rangeOf(s.text, 'sts:AssumeRole', 'Action: '));
    assert.deepEqual(codes(s), ['trust-wrong-action']);
  });

  it('the OIDC provider ARN as principal instead of cognito-identity.amazonaws.com (amplify-js#741)', () => {
    const s = setup(variant([['Federated: cognito-identity.amazonaws.com', 'Federated: arn:aws:iam::123456789012:oidc-provider/login.example.com']]));
    const result = analyzeTrustPolicy(s.role, s.pool, 'authenticated');
    assert.equal(result.accepts, false);
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ['trust-wrong-principal'],
    );
    assert.match(result.message, /not the federated principal cognito-identity.amazonaws.com/);
  });

  it('a misspelt Cognito principal is named in the message', () => {
    const s = setup(variant([['Federated: cognito-identity.amazonaws.com', 'Federated: cognito-identity.amazon.com']]));
    const result = analyzeTrustPolicy(s.role, s.pool, 'authenticated');
    assert.equal(result.accepts, false);
    assert.match(result.message, /the federated principal is "cognito-identity.amazon.com"/);
    assert.deepEqual(result.location?.range, rangeOf(s.text, 'cognito-identity.amazon.com'));
  });

  it('a role for a service (lambda.amazonaws.com) does not trust Cognito at all', () => {
    const s = setup(['- Effect: Allow', '  Principal: {Service: lambda.amazonaws.com}', '  Action: sts:AssumeRole']);
    const result = analyzeTrustPolicy(s.role, s.pool, 'authenticated');
    assert.equal(result.accepts, false);
    assert.match(result.message, /trusts Service lambda.amazonaws.com, not the federated principal/);
  });

  it('aud naming another identity pool refuses, pointing at the aud value', () => {
    const s = setup(variant([['aud: !Ref Pool', 'aud: !Ref OtherPool']]));
    const result = analyzeTrustPolicy(s.role, s.pool, 'authenticated');
    assert.equal(result.accepts, false);
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ['trust-aud-other-pool'],
    );
    assert.deepEqual(result.location?.range, rangeOf(s.text, '!Ref OtherPool', 'aud: '));
  });

  it('amr unauthenticated on a role used for signed-in users, and amr authenticated on the guest role', () => {
    const guestOnly = setup(variant([['amr: authenticated', 'amr: unauthenticated']]));
    assert.equal(assessTrustPolicy(guestOnly.role, guestOnly.pool, 'authenticated').accepts, false);
    assert.deepEqual(codes(guestOnly), ['trust-amr-mismatch']);
    assert.equal(assessTrustPolicy(guestOnly.role, guestOnly.pool, 'unauthenticated').accepts, true);
    const signedIn = setup(GOOD);
    const result = analyzeTrustPolicy(signedIn.role, signedIn.pool, 'unauthenticated');
    assert.equal(result.accepts, false);
    assert.match(result.message, /amr condition allows "authenticated", but the pool uses this role for unauthenticated identities/);
  });

  it('the typo cognito-identity.amazon.com:amr (adrianhall/restaurant-reviews#3): the condition can never be met', () => {
    const s = setup(variant([['cognito-identity.amazonaws.com:amr', 'cognito-identity.amazon.com:amr']]));
    const result = analyzeTrustPolicy(s.role, s.pool, 'authenticated');
    assert.equal(result.accepts, false);
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ['trust-condition-key-typo'],
    );
    assert.deepEqual(result.location?.range, rangeOf(s.text, 'cognito-identity.amazon.com:amr: authenticated'));
  });

  it('the same typo under ...IfExists is ignored by IAM: accepted, with a non-blocking finding', () => {
    const s = setup(
      variant([
        ['ForAnyValue:StringLike:', 'ForAnyValue:StringLikeIfExists:'],
        ['cognito-identity.amazonaws.com:amr', 'cognito-identity.amazon.com:amr'],
      ]),
    );
    const result = analyzeTrustPolicy(s.role, s.pool, 'authenticated');
    assert.equal(result.accepts, true);
    assert.deepEqual(
      result.findings.map((f) => [f.code, f.blocking]),
      [['trust-condition-key-typo', false]],
    );
  });

  it('a matching Deny statement refuses even when an Allow statement fits', () => {
    const s = setup([...GOOD, '- Effect: Deny', '  Principal: {Federated: cognito-identity.amazonaws.com}', '  Action: "sts:*"']);
    assert.equal(assessTrustPolicy(s.role, s.pool, 'authenticated').accepts, false);
  });

  it('a role without AssumeRolePolicyDocument refuses everyone', () => {
    const s = setup([]);
    const role: IamRoleModel = { ...s.role, trustPolicy: undefined };
    assert.equal(assessTrustPolicy(role, s.pool, 'authenticated').accepts, false);
  });
});

describe('findings that do not refuse', () => {
  it('no aud condition: accepted, but any identity pool in any account can assume the role (security warning)', () => {
    const s = setup(GOOD.filter((line) => !line.includes('StringEquals:') && !line.includes(':aud')));
    const result = analyzeTrustPolicy(s.role, s.pool, 'authenticated');
    assert.equal(result.accepts, true);
    assert.deepEqual(
      result.findings.map((f) => [f.code, f.blocking]),
      [['trust-missing-aud', false]],
    );
  });

  it("no amr condition on a signed-in users' role, in a pool with guests: accepted, with an info finding", () => {
    const s = setup(GOOD.filter((line) => !line.includes('ForAnyValue') && !line.includes(':amr')));
    assert.deepEqual(
      analyzeTrustPolicy(s.role, s.pool, 'authenticated').findings.map((f) => f.code),
      ['trust-missing-amr'],
    );
    const noGuests = setup(
      GOOD.filter((line) => !line.includes('ForAnyValue') && !line.includes(':amr')),
      { guests: false },
    );
    assert.deepEqual(analyzeTrustPolicy(noGuests.role, noGuests.pool, 'authenticated').findings, []);
  });

  it('aud from a parameter cannot be compared with a pool of the template: accepted, undecided, and said so', () => {
    const s = setup(variant([['aud: !Ref Pool', 'aud: !Ref ExternalPoolId']]));
    const result = analyzeTrustPolicy(s.role, s.pool, 'authenticated');
    assert.equal(result.accepts, true);
    assert.equal(result.decided, false);
    assert.match(result.message, /probably lets identity pool Pool assume it/);
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ['trust-not-static'],
    );
  });

  it('a trust policy built by an intrinsic function cannot be read: accepted, undecided', () => {
    const s = setup([]);
    const text = s.text.replace('        Version: "2012-10-17"\n        Statement:', '        Fn::ImportValue: shared-trust-policy');
    const role = parseDocument('file:///work/t.yaml', text).iamRoles.find((r) => r.logicalId === 'AppRole')!;
    const result = analyzeTrustPolicy(role, s.pool, 'authenticated');
    assert.deepEqual([result.accepts, result.decided], [true, false]);
  });
});

describe('principal tags', () => {
  const TAGS = [
    '  Tags:',
    '    Type: AWS::Cognito::IdentityPoolPrincipalTag',
    '    Properties:',
    '      IdentityPoolId: !Ref Pool',
    '      IdentityProviderName: accounts.google.com',
    '      PrincipalTags: {team: hd}',
  ];

  it('when the pool maps principal tags, the trust policy must also allow sts:TagSession', () => {
    const missing = setup(GOOD, { extra: TAGS });
    const result = analyzeTrustPolicy(missing.role, missing.pool, 'authenticated');
    assert.equal(result.accepts, false);
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ['trust-missing-tag-session'],
    );
    const present = setup(variant([['Action: sts:AssumeRoleWithWebIdentity', 'Action: [sts:AssumeRoleWithWebIdentity, sts:TagSession]']]), { extra: TAGS });
    assert.equal(assessTrustPolicy(present.role, present.pool, 'authenticated').accepts, true);
  });

  it('guests have no sign-in token, hence no principal tags: the guest role needs no sts:TagSession', () => {
    const guest = setup(variant([['amr: authenticated', 'amr: unauthenticated']]), { extra: TAGS });
    assert.equal(assessTrustPolicy(guest.role, guest.pool, 'unauthenticated').accepts, true);
  });
});

describe("the simulator's trust-policy step on a template", () => {
  it('a rule role whose trust policy allows only sts:AssumeRole gives InvalidIdentityPoolConfigurationException', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'sam-app.yaml'), 'utf8');
    const editorAt = text.indexOf('  EditorRole:');
    const broken = text.slice(0, editorAt) + text.slice(editorAt).replace('Action: sts:AssumeRoleWithWebIdentity', 'Action: sts:AssumeRole');
    const document = parseDocument('file:///work/sam-app.yaml', broken);
    const pool = document.pools[0];
    const now = 1_700_000_000;
    const loginKey = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123';
    const claims = {
      iss: `https://${loginKey}`,
      aud: 'abcdefghij1234567890abcdef',
      token_use: 'id',
      sub: 'user-1',
      exp: now + 600,
      iat: now - 10,
      'cognito:groups': ['editors'],
    };
    const result = evaluateRequest(pool, { now, loginKey, claims }, { configDiagnostics: checkDocuments([document]).get(document.uri) });
    assert.equal(result.outcome, 'error');
    assert.equal(result.errorCode, 'InvalidIdentityPoolConfigurationException');
    assert.equal(result.roleArn, null, 'a role that cannot be used is not handed out');
    assert.match(result.message, /The chosen role arn:aws:iam::\$\{AWS::AccountId\}:role\/\$\{EditorRole\} cannot be used/);
    const step = result.trace.find((s) => s.step === 'trust-policy')!;
    assert.equal(step.status, 'fail');
    assert.match(step.message, /refuses identity pool IdentityPool for authenticated identities: the statement allows sts:AssumeRole/);
    assert.deepEqual(step.location?.range, rangeOf(broken, 'sts:AssumeRole', '  EditorRole:'));
  });
});
