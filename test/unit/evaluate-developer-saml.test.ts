/** Developer-authenticated identities and SAML logins (roles from the assertion). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SAML_ROLE_ATTRIBUTE, samlAssertionRoles } from '../../core/evaluate/index';
import {
  AUTH,
  evaluate,
  expectAssumption,
  expectResult,
  NOW,
  poolFrom,
  POOL_ID,
  role,
  rolesJson,
  rule,
  rulesMapping,
  SAML_ARN,
  standardPoolJson,
  stepOf,
  USER_POOL,
} from './evaluate-fixtures';

const DEVELOPER = 'cognito-identity.amazonaws.com';
const developerClaims = { iss: `https://${DEVELOPER}`, aud: POOL_ID, sub: 'us-east-1:abcd', exp: NOW + 600 };

describe('developer-authenticated identities', () => {
  it('a developer-authenticated identity always gets the default authenticated role, whatever the mappings say', () => {
    const pool = poolFrom(
      rolesJson({ authenticated: AUTH }, { [`${USER_POOL}:x`]: rulesMapping([rule('sub', 'NotEqual', 'y', 'Mapped')], 'Deny') }),
      standardPoolJson({ DeveloperProviderName: 'login.example.app' }),
    );
    const result = evaluate(pool, { loginKey: DEVELOPER, claims: developerClaims });
    expectResult(result, { outcome: 'role', via: 'default-authenticated', roleArn: AUTH, matchedRuleIndex: null, mappingKey: null, errorCode: null });
    assert.equal(stepOf(result, 'developer').status, 'info');
  });

  it('a CustomRoleArn from a developer-authenticated identity is ignored, and the assumption is stated', () => {
    const pool = poolFrom(rolesJson({ authenticated: AUTH }), standardPoolJson({ DeveloperProviderName: 'login.example.app' }));
    const result = evaluate(pool, { loginKey: DEVELOPER, customRoleArn: role('Other'), claims: developerClaims });
    expectResult(result, { outcome: 'role', roleArn: AUTH });
    expectAssumption(result, /CustomRoleArn for developer-authenticated identities is UNCONFIRMED/);
  });

  it('a Cognito OpenID token issued for another identity pool is refused', () => {
    const pool = poolFrom(rolesJson({ authenticated: AUTH }), standardPoolJson({ DeveloperProviderName: 'login.example.app' }));
    const result = evaluate(pool, { loginKey: DEVELOPER, claims: { ...developerClaims, aud: 'us-east-1:99999999-2222-3333-4444-555555555555' } });
    expectResult(result, {
      outcome: 'error',
      via: 'token-validation',
      errorCode: 'NotAuthorizedException',
      message: 'Token is not from a supported provider of this identity pool.',
    });
    expectAssumption(result, /another identity pool .* assumed/);
  });

  it('a developer-authenticated identity on a pool without an authenticated role gets InvalidIdentityPoolConfigurationException', () => {
    const pool = poolFrom(rolesJson({}), standardPoolJson({ DeveloperProviderName: 'login.example.app' }));
    expectResult(evaluate(pool, { loginKey: DEVELOPER, claims: developerClaims }), {
      outcome: 'error',
      via: 'default-authenticated',
      errorCode: 'InvalidIdentityPoolConfigurationException',
      message: 'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
    });
  });
});

describe('SAML', () => {
  const assertion = (roles: string[], extra: Record<string, unknown> = {}) => ({ [SAML_ROLE_ATTRIBUTE]: roles.map((r) => `${r},${SAML_ARN}`), ...extra });

  it('a SAML mapping with Rules matches on assertion attributes', () => {
    const pool = poolFrom(
      rolesJson(
        { authenticated: AUTH },
        { [SAML_ARN]: rulesMapping([rule('http://schemas.xmlsoap.org/claims/Group', 'Equals', 'Finance', 'Finance')], 'Deny') },
      ),
      standardPoolJson(),
    );
    const result = evaluate(pool, { loginKey: SAML_ARN, claims: { 'http://schemas.xmlsoap.org/claims/Group': 'Finance' } });
    expectResult(result, { outcome: 'role', via: 'rules', roleArn: role('Finance'), matchedRuleIndex: 0, mappingKey: SAML_ARN });
  });

  it("without a mapping, a CustomRoleArn listed in the assertion's Role attribute is used (assumed)", () => {
    const pool = poolFrom(rolesJson({ authenticated: AUTH }), standardPoolJson());
    const result = evaluate(pool, { loginKey: SAML_ARN, customRoleArn: role('SamlB'), claims: assertion([role('SamlA'), role('SamlB')]) });
    expectResult(result, { outcome: 'role', via: 'custom-role-arn', roleArn: role('SamlB'), mappingKey: null });
    expectAssumption(result, /SAML assertion's Role attribute .* UNCONFIRMED/);
  });

  it('without a mapping, a CustomRoleArn the assertion does not list is denied (assumed)', () => {
    const pool = poolFrom(rolesJson({ authenticated: AUTH }), standardPoolJson());
    const result = evaluate(pool, { loginKey: SAML_ARN, customRoleArn: role('Elsewhere'), claims: assertion([role('SamlA'), role('SamlB')]) });
    expectResult(result, {
      outcome: 'deny',
      via: 'custom-role-arn',
      errorCode: 'NotAuthorizedException',
      message: 'The CustomRoleArn is not one of the roles available to this user.',
    });
    expectAssumption(result, /SAML assertion does not list .* UNCONFIRMED/);
  });

  it('without a mapping, the only role of the assertion is used (assumed)', () => {
    const pool = poolFrom(rolesJson({ authenticated: AUTH }), standardPoolJson());
    const result = evaluate(pool, { loginKey: SAML_ARN, claims: assertion([role('SamlOnly')]) });
    expectResult(result, { outcome: 'role', via: 'token', roleArn: role('SamlOnly') });
    expectAssumption(result, /SAML assertion's Role attribute/);
  });

  it('without a mapping, several assertion roles and no CustomRoleArn fall back to the default authenticated role (assumed)', () => {
    const pool = poolFrom(rolesJson({ authenticated: AUTH }), standardPoolJson());
    const result = evaluate(pool, { loginKey: SAML_ARN, claims: assertion([role('SamlA'), role('SamlB')]) });
    expectResult(result, { outcome: 'role', via: 'default-authenticated', roleArn: AUTH });
    expectAssumption(result, /otherwise the default authenticated role/);
  });

  it("the Role attribute is read as role,provider pairs in either order, keeping only this provider's roles", () => {
    const other = 'arn:aws:iam::123456789012:saml-provider/Other';
    const parsed = samlAssertionRoles([`${SAML_ARN},${role('A')}`, `${role('B')},${SAML_ARN}`, `${role('C')},${other}`], SAML_ARN);
    assert.deepEqual(parsed, { roles: [role('A'), role('B')], otherProviders: 1 });
  });
});
