/** Type: Token mappings: CustomRoleArn, cognito:preferred_role, cognito:roles, then role resolution. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRolesClaim } from '../../core/evaluate/index';
import {
  AUTH,
  CLIENT,
  evaluate,
  expectAssumption,
  expectResult,
  GOOGLE_CLIENT,
  NOW,
  poolFrom,
  role,
  rolesJson,
  standardPoolJson,
  USER_POOL,
  userPoolClaims,
} from './evaluate-fixtures';

const MAPPING_KEY = `${USER_POOL}:${CLIENT}`;
const ADMIN = role('GroupAdmin');
const EDITOR = role('GroupEditor');

function tokenPool(resolution: 'AuthenticatedRole' | 'Deny' = 'AuthenticatedRole', roles: Record<string, string> = { authenticated: AUTH }) {
  return poolFrom(rolesJson(roles, { [MAPPING_KEY]: { Type: 'Token', AmbiguousRoleResolution: resolution } }), standardPoolJson());
}

describe('Type Token', () => {
  it('a CustomRoleArn listed in cognito:roles is used', () => {
    const result = evaluate(tokenPool(), {
      loginKey: USER_POOL,
      customRoleArn: EDITOR,
      claims: userPoolClaims({ 'cognito:roles': [ADMIN, EDITOR], 'cognito:preferred_role': ADMIN }),
    });
    expectResult(result, { outcome: 'role', via: 'custom-role-arn', roleArn: EDITOR, matchedRuleIndex: null, mappingKey: MAPPING_KEY, errorCode: null });
  });

  it('a CustomRoleArn not listed in cognito:roles is denied, with the assumed error code stated', () => {
    const result = evaluate(tokenPool(), {
      loginKey: USER_POOL,
      customRoleArn: role('Other'),
      claims: userPoolClaims({ 'cognito:roles': [ADMIN, EDITOR], 'cognito:preferred_role': ADMIN }),
    });
    expectResult(result, {
      outcome: 'deny',
      via: 'custom-role-arn',
      roleArn: null,
      errorCode: 'NotAuthorizedException',
      message: 'The CustomRoleArn is not one of the roles available to this user.',
    });
    expectAssumption(result, /CustomRoleArn that is not in cognito:roles .* UNCONFIRMED/);
  });

  it('cognito:preferred_role is used when no CustomRoleArn is given', () => {
    const result = evaluate(tokenPool(), {
      loginKey: USER_POOL,
      claims: userPoolClaims({ 'cognito:roles': [ADMIN, EDITOR], 'cognito:preferred_role': ADMIN }),
    });
    expectResult(result, { outcome: 'role', via: 'token', roleArn: ADMIN, mappingKey: MAPPING_KEY });
    assert.equal(result.assumptions.length, 0);
  });

  it('a cognito:preferred_role missing from cognito:roles is still used, flagged as an assumption', () => {
    const result = evaluate(tokenPool(), { loginKey: USER_POOL, claims: userPoolClaims({ 'cognito:roles': [EDITOR], 'cognito:preferred_role': ADMIN }) });
    expectResult(result, { outcome: 'role', via: 'token', roleArn: ADMIN });
    expectAssumption(result, /preferred_role is not one of cognito:roles/);
  });

  it('cognito:roles written as a comma-separated string is accepted like a JSON array', () => {
    assert.deepEqual(parseRolesClaim(`${ADMIN}, ${EDITOR}`), [ADMIN, EDITOR]);
    assert.deepEqual(parseRolesClaim([ADMIN, EDITOR]), [ADMIN, EDITOR]);
    const result = evaluate(tokenPool(), { loginKey: USER_POOL, customRoleArn: EDITOR, claims: userPoolClaims({ 'cognito:roles': `${ADMIN},${EDITOR}` }) });
    expectResult(result, { outcome: 'role', via: 'custom-role-arn', roleArn: EDITOR });
  });

  it('several roles without a preferred role go to AuthenticatedRole resolution', () => {
    const result = evaluate(tokenPool('AuthenticatedRole'), { loginKey: USER_POOL, claims: userPoolClaims({ 'cognito:roles': [ADMIN, EDITOR] }) });
    expectResult(result, { outcome: 'role', via: 'ambiguous-resolution', roleArn: AUTH, mappingKey: MAPPING_KEY });
  });

  it('a token without roles under Deny resolution is refused with the AWS message', () => {
    const result = evaluate(tokenPool('Deny'), { loginKey: USER_POOL, claims: userPoolClaims() });
    expectResult(result, {
      outcome: 'deny',
      via: 'ambiguous-resolution',
      errorCode: 'NotAuthorizedException',
      message: `The ambiguous role mapping rules for: ${USER_POOL} denied this request.`,
    });
    assert.match(
      result.trace
        .filter((s) => s.step === 'token-roles')
        .map((s) => s.message)
        .join(' '),
      /carries no roles/,
    );
  });

  it('a token with one role but no preferred role goes to role resolution, flagged as an assumption', () => {
    const result = evaluate(tokenPool('AuthenticatedRole'), { loginKey: USER_POOL, claims: userPoolClaims({ 'cognito:roles': [ADMIN] }) });
    expectResult(result, { outcome: 'role', via: 'ambiguous-resolution', roleArn: AUTH });
    expectAssumption(result, /one cognito:roles entry and no cognito:preferred_role/);
  });

  it('Type Token for Google, whose tokens carry no role claims, applies role resolution and says it is assumed', () => {
    const pool = poolFrom(
      rolesJson({ authenticated: AUTH }, { 'accounts.google.com': { Type: 'Token', AmbiguousRoleResolution: 'Deny' } }),
      standardPoolJson(),
    );
    const result = evaluate(pool, { loginKey: 'accounts.google.com', claims: { iss: 'accounts.google.com', aud: GOOGLE_CLIENT, exp: NOW + 60 } });
    expectResult(result, {
      outcome: 'deny',
      via: 'ambiguous-resolution',
      message: 'The ambiguous role mapping rules for: accounts.google.com denied this request.',
    });
    expectAssumption(result, /Type Token for a Google provider/);
  });
});
