/**
 * Roles taken from the token (cognito:preferred_role, cognito:roles with a CustomRoleArn, the SAML Role
 * attribute) that are not well-formed IAM role ARNs are never given (issue 17 §5): what Cognito answers is
 * UNCONFIRMED (AWS does not document it), so the result is an assumed error and says so.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SAML_ROLE_ATTRIBUTE } from '../../core/evaluate/index';
import {
  AUTH,
  CLIENT,
  evaluate,
  expectAssumption,
  expectResult,
  poolFrom,
  role,
  rolesJson,
  SAML_ARN,
  standardPoolJson,
  stepOf,
  USER_POOL,
  userPoolClaims,
} from './evaluate-fixtures';

const MAPPING_KEY = `${USER_POOL}:${CLIENT}`;
const ADMIN = role('GroupAdmin');
const tokenPool = () =>
  poolFrom(rolesJson({ authenticated: AUTH }, { [MAPPING_KEY]: { Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' } }), standardPoolJson());
const NOT_GIVEN = {
  outcome: 'error',
  roleArn: null,
  errorCode: 'InvalidIdentityPoolConfigurationException',
  message: 'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
} as const;

/** A role ARN followed by a carriage return and Markdown that renders a remote image in a hover. */
const BEACON = `${ADMIN}\r- ![x](https://attacker.example/p.png)`;

describe('roles from the token that are not IAM role ARNs', () => {
  const malformed: Array<[string, string]> = [
    ['a carriage return and Markdown after a role ARN', BEACON],
    ['a role name', 'GroupAdmin'],
    ['an ARN of another resource type', 'arn:aws:iam::123456789012:user/GroupAdmin'],
    ['an account id that is not 12 digits', 'arn:aws:iam::12345:role/GroupAdmin'],
    ['a space in the name', 'arn:aws:iam::123456789012:role/Group Admin'],
  ];
  for (const [what, value] of malformed) {
    it(`cognito:preferred_role with ${what} is not given`, () => {
      const result = evaluate(tokenPool(), {
        loginKey: USER_POOL,
        claims: userPoolClaims({ 'cognito:roles': [ADMIN, value], 'cognito:preferred_role': value }),
      });
      expectResult(result, { ...NOT_GIVEN, via: 'token' });
      assert.equal(stepOf(result, 'role-arn').status, 'fail');
      assert.match(stepOf(result, 'role-arn').message, /is not a well-formed IAM role ARN/);
      expectAssumption(result, /not a well-formed IAM role ARN is UNCONFIRMED \(AWS does not say\)/);
    });
  }

  it('the trace quotes the value as JSON text, so its line breaks stay escaped', () => {
    const result = evaluate(tokenPool(), { loginKey: USER_POOL, claims: userPoolClaims({ 'cognito:preferred_role': BEACON }) });
    assert.ok(!stepOf(result, 'role-arn').message.includes('\r'));
    assert.match(stepOf(result, 'role-arn').message, /\\r/);
  });

  it('a CustomRoleArn picking a malformed cognito:roles entry is not given either', () => {
    const result = evaluate(tokenPool(), {
      loginKey: USER_POOL,
      customRoleArn: BEACON,
      claims: userPoolClaims({ 'cognito:roles': [ADMIN, BEACON], 'cognito:preferred_role': ADMIN }),
    });
    expectResult(result, { ...NOT_GIVEN, via: 'custom-role-arn' });
  });

  it('a well-formed preferred role next to a malformed cognito:roles entry is still used', () => {
    const result = evaluate(tokenPool(), {
      loginKey: USER_POOL,
      claims: userPoolClaims({ 'cognito:roles': [ADMIN, BEACON], 'cognito:preferred_role': ADMIN }),
    });
    expectResult(result, { outcome: 'role', via: 'token', roleArn: ADMIN });
  });

  it('the only role of a SAML assertion is not given when it is not a role ARN', () => {
    const pool = poolFrom(rolesJson({ authenticated: AUTH }), standardPoolJson());
    const result = evaluate(pool, { loginKey: SAML_ARN, claims: { [SAML_ROLE_ATTRIBUTE]: [`arn:aws:iam::123456789012:role/Saml Only,${SAML_ARN}`] } });
    expectResult(result, { ...NOT_GIVEN, via: 'token' });
  });
});
