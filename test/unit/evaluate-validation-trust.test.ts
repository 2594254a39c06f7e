/** Configurations AWS rejects (via validation), role trust policies, and robustness of the evaluator. */
import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';
import { makeDiagnostic } from '../../core/diagnostics';
import { evaluateRequest } from '../../core/evaluate/index';
import type { IamRoleModel } from '../../core/model';
import * as trust from '../../core/trust';
import {
  AUTH,
  CLIENT,
  evaluate,
  expectAssumption,
  expectResult,
  NOW,
  poolFrom,
  poolJson,
  role,
  rolesJson,
  ROLES_URI,
  rule,
  rulesMapping,
  standardPoolJson,
  stepOf,
  UNAUTH,
  USER_POOL,
  userPoolClaims,
} from './evaluate-fixtures';

const RANGE = { start: { line: 4, character: 6 }, end: { line: 4, character: 40 } };

describe('configurations AWS rejects', () => {
  it('an error diagnostic with an AWS error makes the result an error via validation, with the AWS code and the place', () => {
    const pool = poolFrom(rolesJson({ authenticated: AUTH }), standardPoolJson());
    const diagnostic = makeDiagnostic('mapping-key-not-registered', ROLES_URI, RANGE, 'The mapping key names no registered provider.', {
      awsError: { code: 'InvalidParameterException', message: 'x is not a valid RoleMapping ProviderName or is not a configured provider.' },
    });
    const result = evaluate(pool, { loginKey: USER_POOL, claims: userPoolClaims() }, { configDiagnostics: [diagnostic] });
    expectResult(result, {
      outcome: 'error',
      via: 'validation',
      roleArn: null,
      errorCode: 'InvalidParameterException',
      message: 'x is not a valid RoleMapping ProviderName or is not a configured provider. (at roles.json:5:7)',
    });
    assert.deepEqual(stepOf(result, 'validation').location, { uri: ROLES_URI, range: RANGE });
  });

  it('an assumed AWS error code is listed among the assumptions', () => {
    const pool = poolFrom(rolesJson({ authenticated: AUTH }));
    const diagnostic = makeDiagnostic('too-many-rules', ROLES_URI, RANGE, 'More than 25 rules.', {
      awsError: { code: 'InvalidParameterException', message: 'Too many rules.', assumed: true },
    });
    const result = evaluate(pool, {}, { configDiagnostics: [diagnostic] });
    expectResult(result, { outcome: 'error', via: 'validation', errorCode: 'InvalidParameterException' });
    expectAssumption(result, /too-many-rules.*UNCONFIRMED/);
  });

  it('warnings and errors without an AWS error do not stop the simulation', () => {
    const pool = poolFrom(rolesJson({ authenticated: AUTH }), standardPoolJson());
    const warning = makeDiagnostic('rule-shadowed', ROLES_URI, RANGE, 'Shadowed.');
    const result = evaluate(pool, { loginKey: USER_POOL, claims: userPoolClaims() }, { configDiagnostics: [warning] });
    expectResult(result, { outcome: 'role', via: 'default-authenticated', roleArn: AUTH });
    assert.equal(stepOf(result, 'validation').status, 'pass');
  });
});

describe('role trust policies', () => {
  afterEach(() => mock.restoreAll());

  function withIamRole(arn: string) {
    const pool = poolFrom(
      rolesJson({ authenticated: AUTH, unauthenticated: UNAUTH }),
      poolJson({ AllowUnauthenticatedIdentities: true, CognitoIdentityProviders: [{ ProviderName: USER_POOL, ClientId: CLIENT }] }),
    );
    const iamRole: IamRoleModel = { uri: 'file:///work/template.yaml', range: RANGE, logicalId: 'AuthRole', arn: { value: arn, range: RANGE } };
    pool.iamRoles = [iamRole];
    return pool;
  }

  it('a role whose trust policy refuses the pool gives InvalidIdentityPoolConfigurationException, naming the role in the message, not in roleArn', () => {
    const assess = mock.method(trust, 'assessTrustPolicy', () => ({
      accepts: false,
      message: 'The trust policy allows sts:AssumeRole, not sts:AssumeRoleWithWebIdentity.',
    }));
    const result = evaluate(withIamRole(AUTH), { loginKey: USER_POOL, claims: userPoolClaims() });
    expectResult(result, {
      outcome: 'error',
      via: 'default-authenticated',
      roleArn: null,
      errorCode: 'InvalidIdentityPoolConfigurationException',
      message: `Invalid identity pool configuration. Check assigned IAM roles for this pool. The chosen role ${AUTH} cannot be used: The trust policy allows sts:AssumeRole, not sts:AssumeRoleWithWebIdentity.`,
    });
    assert.equal(assess.mock.calls[0].arguments[2], 'authenticated');
    assert.equal(stepOf(result, 'trust-policy').status, 'fail');
  });

  it("the guest role's trust policy is assessed for unauthenticated identities", () => {
    const assess = mock.method(trust, 'assessTrustPolicy', () => ({ accepts: true, message: 'Trusted.' }));
    const result = evaluate(withIamRole(UNAUTH), {});
    expectResult(result, { outcome: 'role', via: 'default-unauthenticated', roleArn: UNAUTH });
    assert.equal(assess.mock.calls[0].arguments[2], 'unauthenticated');
    assert.equal(stepOf(result, 'trust-policy').status, 'pass');
  });

  it('a role whose trust policy is not in the files is reported as not checked', () => {
    const pool = poolFrom(rolesJson({ authenticated: AUTH }), standardPoolJson());
    const result = evaluate(pool, { loginKey: USER_POOL, claims: userPoolClaims() });
    assert.equal(stepOf(result, 'trust-policy').status, 'skip');
  });
});

describe('robustness', () => {
  it('results carry deduplicated assumptions and a one-sentence trace step for every check', () => {
    const pool = poolFrom(
      rolesJson(
        { authenticated: AUTH },
        { [`${USER_POOL}:${CLIENT}`]: rulesMapping([rule('cognito:groups', 'Equals', 'a', 'A'), rule('cognito:groups', 'Equals', 'b', 'B')]) },
      ),
    );
    const result = evaluate(pool, { loginKey: USER_POOL, claims: userPoolClaims({ 'cognito:groups': ['c'] }) });
    assert.equal(new Set(result.assumptions).size, result.assumptions.length);
    for (const step of result.trace) assert.ok(step.message.length > 0 && step.step.length > 0);
    assert.deepEqual(
      result.trace.map((s) => s.step).filter((s) => s.startsWith('token.')),
      ['token.decode', 'token.issuer', 'token.signature', 'token.expiry', 'token.not-before', 'token.audience'],
    );
  });

  it('claims that are not an object, or a clock that is not a number, give an error result instead of throwing', () => {
    const pool = poolFrom(rolesJson({ authenticated: AUTH }));
    expectResult(evaluateRequest(pool, { now: NOW, loginKey: USER_POOL, claims: [] as unknown as Record<string, unknown> }), {
      outcome: 'error',
      via: 'token-validation',
      errorCode: null,
    });
    expectResult(evaluateRequest(pool, { now: Number.NaN }), { outcome: 'error', errorCode: null });
  });

  it('a rule that matches but has no RoleARN is reported as a configuration AWS rejects', () => {
    const pool = poolFrom(
      rolesJson({ authenticated: AUTH }, { [`${USER_POOL}:${CLIENT}`]: rulesMapping([{ Claim: 'sub', MatchType: 'NotEqual', Value: 'x' }]) }),
    );
    expectResult(evaluate(pool, { loginKey: USER_POOL, claims: userPoolClaims() }), { outcome: 'error', via: 'validation', matchedRuleIndex: null });
  });

  it('a login key alone (no token or claims) is simulated as a valid token without claims, and says so', () => {
    const pool = poolFrom(rolesJson({ authenticated: AUTH }), standardPoolJson());
    const result = evaluate(pool, { loginKey: 'accounts.google.com' });
    expectResult(result, { outcome: 'role', via: 'default-authenticated', roleArn: AUTH });
    expectAssumption(result, /No token or claims were given/);
  });

  it('a user pool login key alone cannot choose a mapping, and the simulator says what to give instead', () => {
    const pool = poolFrom(rolesJson({ authenticated: AUTH }), standardPoolJson());
    const result = evaluate(pool, { loginKey: USER_POOL });
    expectResult(result, { outcome: 'error', via: 'token-validation', errorCode: null, roleArn: null });
    assert.match(result.message, /needs the ID token's aud/);
  });

  it('an opaque Facebook access token is not mistaken for a malformed JWT: the simulator asks for its claims', () => {
    const pool = poolFrom(rolesJson({ authenticated: AUTH }), standardPoolJson({ SupportedLoginProviders: { 'graph.facebook.com': '1234567890' } }));
    const result = evaluate(pool, { loginKey: 'graph.facebook.com', token: 'EAAGm0PX4ZCpsBAKZC' });
    expectResult(result, { outcome: 'error', via: 'token-validation', errorCode: null });
    assert.match(result.message, /opaque access token.*give its claims/);
  });

  it('a mapping Type only known at deploy time is reported as unknown rather than guessed', () => {
    const pool = poolFrom(
      rolesJson({ authenticated: AUTH }, { [`${USER_POOL}:${CLIENT}`]: { Type: 'Token', AmbiguousRoleResolution: 'Deny' } }),
      standardPoolJson(),
    );
    const mapping = pool.roleConfig!.mappings[0];
    mapping.type = { ...mapping.type!, value: '${MappingType}', symbolic: true };
    const result = evaluate(pool, { loginKey: USER_POOL, claims: userPoolClaims() });
    expectResult(result, { outcome: 'unknown', via: 'validation', errorCode: null, roleArn: null, dependsOn: [] });
    assert.match(result.message, /^The outcome depends on the Type of the mapping for .* \$\{MappingType\}, known only at deploy time/);
  });

  it('the role of a rule points back at the RoleARN in the roles file', () => {
    const pool = poolFrom(rolesJson({ authenticated: AUTH }, { [`${USER_POOL}:${CLIENT}`]: rulesMapping([rule('sub', 'NotEqual', 'x', 'Any')]) }));
    const result = evaluate(pool, { loginKey: USER_POOL, claims: userPoolClaims() });
    expectResult(result, { outcome: 'role', via: 'rules', roleArn: role('Any'), matchedRuleIndex: 0 });
    assert.equal(result.roleLocation?.uri, ROLES_URI);
    const rolesText = rolesJson({ authenticated: AUTH }, { [`${USER_POOL}:${CLIENT}`]: rulesMapping([rule('sub', 'NotEqual', 'x', 'Any')]) });
    const line = rolesText.split('\n')[result.roleLocation!.range.start.line];
    assert.match(line, /"RoleARN": "arn:aws:iam::123456789012:role\/Any"/);
  });
});
