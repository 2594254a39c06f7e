/** Unauthenticated (guest) identities: the guest branch, the guest role and the errors GetCredentialsForIdentity answers. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AUTH, evaluate, expectAssumption, expectResult, poolFrom, poolJson, rolesJson, ROLES_URI, stepOf, UNAUTH } from './evaluate-fixtures';

describe('guests', () => {
  it('a guest on a pool that refuses guests gets an error (not a deny: no role mapping refused them) with the AWS message', () => {
    const pool = poolFrom(rolesJson({ authenticated: AUTH, unauthenticated: UNAUTH }), poolJson({ AllowUnauthenticatedIdentities: false }));
    const result = evaluate(pool, {});
    expectResult(result, {
      outcome: 'error',
      via: 'default-unauthenticated',
      roleArn: null,
      matchedRuleIndex: null,
      mappingKey: null,
      errorCode: 'NotAuthorizedException',
      message: 'Unauthenticated access is not supported for this identity pool.',
    });
    assert.equal(stepOf(result, 'guest-access').status, 'fail');
    assert.equal(stepOf(result, 'guest-access').location?.uri, 'file:///work/pool.json');
  });

  it('a pool file without AllowUnauthenticatedIdentities refuses guests because the API default is false', () => {
    const pool = poolFrom(rolesJson({ unauthenticated: UNAUTH }), poolJson({ CognitoIdentityProviders: [] }));
    expectResult(evaluate(pool, {}), {
      outcome: 'error',
      roleArn: null,
      errorCode: 'NotAuthorizedException',
      message: 'Unauthenticated access is not supported for this identity pool.',
    });
  });

  it('a guest gets the unauthenticated role when the pool allows guests, and the result points at that role', () => {
    const pool = poolFrom(rolesJson({ authenticated: AUTH, unauthenticated: UNAUTH }), poolJson({ AllowUnauthenticatedIdentities: true }));
    const result = evaluate(pool, {});
    expectResult(result, { outcome: 'role', via: 'default-unauthenticated', roleArn: UNAUTH, errorCode: null, matchedRuleIndex: null, mappingKey: null });
    assert.equal(result.roleLocation?.uri, ROLES_URI);
    assert.equal(result.assumptions.length, 0);
    assert.match(stepOf(result, 'scope-down').message, /session policy/);
  });

  it('a guest on a pool without an unauthenticated role gets InvalidIdentityPoolConfigurationException', () => {
    const pool = poolFrom(rolesJson({ authenticated: AUTH }), poolJson({ AllowUnauthenticatedIdentities: true }));
    expectResult(evaluate(pool, {}), {
      outcome: 'error',
      via: 'default-unauthenticated',
      roleArn: null,
      errorCode: 'InvalidIdentityPoolConfigurationException',
      message: 'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
    });
  });

  it('without the pool settings guest access is assumed to be allowed and the assumption is stated', () => {
    const pool = poolFrom(rolesJson({ unauthenticated: UNAUTH }));
    const result = evaluate(pool, {});
    expectResult(result, { outcome: 'role', via: 'default-unauthenticated', roleArn: UNAUTH });
    expectAssumption(result, /guest access .* assumed to be allowed/);
    assert.equal(stepOf(result, 'guest-access').status, 'skip');
  });

  it('a CustomRoleArn sent by a guest is ignored and the assumption is stated', () => {
    const pool = poolFrom(rolesJson({ unauthenticated: UNAUTH }), poolJson({ AllowUnauthenticatedIdentities: true }));
    const result = evaluate(pool, { customRoleArn: AUTH });
    expectResult(result, { outcome: 'role', roleArn: UNAUTH });
    expectAssumption(result, /CustomRoleArn .* unauthenticated/);
  });
});
