/** Type: Rules mappings: order, missing claims, mapping lookup, defaults, MatchType and CustomRoleArn. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchRule } from '../../core/evaluate/matching';
import type { MappingRuleModel } from '../../core/model';
import {
  AUTH,
  CLIENT,
  evaluate,
  expectAssumption,
  expectNoAssumption,
  expectResult,
  GOOGLE_CLIENT,
  NOW,
  OIDC_ARN,
  OIDC_HOST,
  OTHER_CLIENT,
  poolFrom,
  role,
  rolesJson,
  ROLES_URI,
  rule,
  rulesMapping,
  standardPoolJson,
  USER_POOL,
  userPoolClaims,
} from './evaluate-fixtures';

const MAPPING_KEY = `${USER_POOL}:${CLIENT}`;

function userPoolRulesPool(
  rules: Array<Record<string, string>>,
  resolution: 'AuthenticatedRole' | 'Deny' = 'AuthenticatedRole',
  roles: Record<string, string> = { authenticated: AUTH },
) {
  return poolFrom(rolesJson(roles, { [MAPPING_KEY]: rulesMapping(rules, resolution) }), standardPoolJson());
}

/** A one-rule model for direct matchRule tests. */
function ruleModel(claim: string, matchType: string, value: string, index = 0): MappingRuleModel {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return {
    index,
    range,
    claim: { value: claim, range },
    matchType: { value: matchType, range },
    value: { value, range },
    roleArn: { value: role('R'), range },
  };
}

describe('rule order and missing claims', () => {
  it('the first matching rule in list order wins, and its role location is reported', () => {
    const pool = userPoolRulesPool([
      rule('custom:dept', 'Equals', 'Support', 'Support'),
      rule('custom:dept', 'StartsWith', 'Sal', 'SalesPrefix'),
      rule('custom:dept', 'Equals', 'Sales', 'Sales'),
    ]);
    const result = evaluate(pool, { loginKey: USER_POOL, claims: userPoolClaims({ 'custom:dept': 'Sales' }) });
    expectResult(result, { outcome: 'role', via: 'rules', roleArn: role('SalesPrefix'), matchedRuleIndex: 1, mappingKey: MAPPING_KEY, errorCode: null });
    assert.equal(result.roleLocation?.uri, ROLES_URI);
    const ruleSteps = result.trace.filter((s) => s.step === 'rule');
    assert.deepEqual(
      ruleSteps.map((s) => [s.ruleIndex, s.status]),
      [
        [0, 'fail'],
        [1, 'pass'],
        [2, 'skip'],
      ],
    );
    assert.match(ruleSteps[2].message, /Rules\[1\] matched first/);
  });

  it('the rules after the first match are summed up in one step that points at the first of them', () => {
    const rules = [rule('custom:dept', 'Equals', 'Sales', 'Sales')];
    for (let i = 0; i < 4; i++) rules.push(rule('custom:dept', 'Equals', `Other${i}`, `Other${i}`));
    const result = evaluate(userPoolRulesPool(rules), { loginKey: USER_POOL, claims: userPoolClaims({ 'custom:dept': 'Sales' }) });
    const ruleSteps = result.trace.filter((s) => s.step === 'rule');
    assert.deepEqual(
      ruleSteps.map((s) => [s.ruleIndex, s.status]),
      [
        [0, 'pass'],
        [1, 'skip'],
      ],
    );
    assert.equal(ruleSteps[1].message, 'Rules[1] to Rules[4] are not evaluated: Rules[0] matched first.');
    assert.ok(ruleSteps[1].location, 'the step links to Rules[1]');
  });

  it('a NotEqual rule on an absent claim is not evaluated, so it never matches', () => {
    const pool = userPoolRulesPool([rule('custom:tier', 'NotEqual', 'free', 'Paid')], 'Deny');
    const result = evaluate(pool, { loginKey: USER_POOL, claims: userPoolClaims() });
    expectResult(result, { outcome: 'deny', via: 'ambiguous-resolution', matchedRuleIndex: null });
    const step = result.trace.find((s) => s.step === 'rule');
    assert.equal(step?.status, 'skip');
    assert.match(step!.message, /not evaluated/);
  });

  it('a NotEqual rule matches a present claim with another value', () => {
    const pool = userPoolRulesPool([rule('custom:tier', 'NotEqual', 'free', 'Paid')]);
    expectResult(evaluate(pool, { loginKey: USER_POOL, claims: userPoolClaims({ 'custom:tier': 'gold' }) }), {
      outcome: 'role',
      via: 'rules',
      roleArn: role('Paid'),
      matchedRuleIndex: 0,
    });
  });

  it('Equals, Contains and StartsWith rules need the claim to be present', () => {
    for (const matchType of ['Equals', 'Contains', 'StartsWith']) {
      const result = matchRule(ruleModel('custom:team', matchType, 'x'), userPoolClaims());
      assert.equal(result.matched, false, matchType);
      assert.equal(result.status, 'not-matched', matchType);
      assert.match(result.reason, /has no custom:team claim/);
    }
  });
});

describe('MatchType semantics', () => {
  it('Equals compares the whole value', () => {
    assert.equal(matchRule(ruleModel('custom:dept', 'Equals', 'Sales'), { 'custom:dept': 'Sales' }).matched, true);
    assert.equal(matchRule(ruleModel('custom:dept', 'Equals', 'Sales'), { 'custom:dept': 'Sales EMEA' }).matched, false);
  });

  it('Contains is a substring test on a string claim, so a JSON-encoded list string contains its element', () => {
    const pool = userPoolRulesPool([rule('custom:roles', 'Contains', 'Admin', 'Admin'), rule('custom:roles', 'Contains', 'Editor', 'Editor')]);
    const result = evaluate(pool, { loginKey: USER_POOL, claims: userPoolClaims({ 'custom:roles': '["Admin"]' }) });
    expectResult(result, { outcome: 'role', via: 'rules', roleArn: role('Admin'), matchedRuleIndex: 0 });
    expectNoAssumption(result, /list claim/);
  });

  it('Contains on cognito:groups matches a group name that contains the value, and says the list semantics are assumed', () => {
    const pool = userPoolRulesPool([rule('cognito:groups', 'Contains', 'admins', 'Admin')]);
    const result = evaluate(pool, { loginKey: USER_POOL, claims: userPoolClaims({ 'cognito:groups': ['superadmins'] }) });
    expectResult(result, { outcome: 'role', via: 'rules', roleArn: role('Admin'), matchedRuleIndex: 0 });
    expectAssumption(result, /Rules\[0\] compared the list claim cognito:groups element by element/);
  });

  it('StartsWith compares the beginning of the value', () => {
    assert.equal(matchRule(ruleModel('email', 'StartsWith', 'admin@'), { email: 'admin@example.com' }).matched, true);
    assert.equal(matchRule(ruleModel('email', 'StartsWith', 'admin@'), { email: 'sysadmin@example.com' }).matched, false);
  });

  it('Equals on a list claim matches when any element equals the value, flagged as an assumption', () => {
    const result = matchRule(ruleModel('cognito:groups', 'Equals', 'admins'), { 'cognito:groups': ['users', 'admins'] });
    assert.equal(result.matched, true);
    assert.ok(result.assumptions.some((a) => /Equals: some element equals the Value/.test(a)));
  });

  it('StartsWith on a list claim matches when any element starts with the value', () => {
    const result = matchRule(ruleModel('cognito:groups', 'StartsWith', 'adm'), { 'cognito:groups': ['users', 'admins'] });
    assert.equal(result.matched, true);
    assert.ok(result.assumptions.some((a) => /element by element/.test(a)));
  });

  it('NotEqual on a list claim matches only when no element equals the value', () => {
    assert.equal(matchRule(ruleModel('cognito:groups', 'NotEqual', 'admins'), { 'cognito:groups': ['users', 'admins'] }).matched, false);
    const other = matchRule(ruleModel('cognito:groups', 'NotEqual', 'admins'), { 'cognito:groups': ['users'] });
    assert.equal(other.matched, true);
    assert.ok(other.assumptions.some((a) => /NotEqual: no element equals the Value/.test(a)));
  });

  it('a Value with a comma on a list claim warns that only serialised-text matching could match it', () => {
    const result = matchRule(ruleModel('cognito:groups', 'Contains', 's,b'), { 'cognito:groups': ['as', 'bs'] });
    assert.equal(result.matched, false);
    assert.ok(result.assumptions.some((a) => /serialised text/.test(a)));
  });

  it('comparison is case-sensitive, with an assumption when ignoring case would change the outcome', () => {
    const pool = userPoolRulesPool([rule('custom:dept', 'Equals', 'sales', 'Sales')]);
    const result = evaluate(pool, { loginKey: USER_POOL, claims: userPoolClaims({ 'custom:dept': 'Sales' }) });
    expectResult(result, { outcome: 'role', via: 'ambiguous-resolution', roleArn: AUTH, matchedRuleIndex: null });
    expectAssumption(result, /case-sensitively; ignoring case it would match/);
    const same = matchRule(ruleModel('custom:dept', 'Equals', 'Sales'), { 'custom:dept': 'Sales' });
    assert.equal(same.assumptions.length, 0);
  });

  it('a boolean claim is compared as its JSON text, flagged as an assumption', () => {
    const result = matchRule(ruleModel('email_verified', 'Equals', 'true'), { email_verified: true });
    assert.equal(result.matched, true);
    assert.ok(result.assumptions.some((a) => /boolean claim email_verified as its JSON text/.test(a)));
  });

  it('an object claim is compared as its JSON text, flagged because nested claims are UNCONFIRMED', () => {
    const result = matchRule(ruleModel('address', 'Contains', '"country":"FR"'), { address: { country: 'FR' } });
    assert.equal(result.matched, true);
    assert.ok(result.assumptions.some((a) => /object claim address as its JSON text/.test(a)));
  });

  it('claim names are literal own keys: a claim named like an Object property is absent unless the token has it', () => {
    assert.equal(matchRule(ruleModel('constructor', 'NotEqual', 'x'), {}).status, 'not-evaluated');
    assert.equal(matchRule(ruleModel('toString', 'Contains', 'function'), {}).matched, false);
  });

  it('a rule whose Value is only known at deploy time makes the outcome unknown, naming the value and both cases', () => {
    const pool = userPoolRulesPool([rule('cognito:groups', 'Contains', 'placeholder', 'Admin')]);
    const value = pool.roleConfig!.mappings[0].rules[0].value!;
    pool.roleConfig!.mappings[0].rules[0].value = { ...value, value: '${AdminGroupName}', symbolic: true, parameters: ['AdminGroupName'] };
    const result = evaluate(pool, { loginKey: USER_POOL, claims: userPoolClaims({ 'cognito:groups': ['admins'] }) });
    expectResult(result, { outcome: 'unknown', roleArn: null, errorCode: null, via: 'rules', matchedRuleIndex: null, dependsOn: ['AdminGroupName'] });
    assert.equal(result.trace.find((s) => s.step === 'rule')!.status, 'skip');
    assert.match(result.trace.find((s) => s.step === 'rule')!.message, /known only at deploy time/);
    assert.equal(
      result.message,
      `The outcome depends on Rules[0]'s Value \${AdminGroupName} (template parameter AdminGroupName), known only at deploy time: if Rules[0] matches, its role ${role('Admin')}; otherwise, role ${AUTH}. Give a value for template parameter AdminGroupName to decide it.`,
    );
  });
});

describe('mapping lookup and default roles', () => {
  it('a user pool mapping is looked up as login key + ":" + aud, so each app client gets its own mapping', () => {
    const pool = poolFrom(
      rolesJson(
        { authenticated: AUTH },
        {
          [`${USER_POOL}:${CLIENT}`]: rulesMapping([rule('cognito:groups', 'Contains', 'Admin', 'Designer')], 'Deny'),
          [`${USER_POOL}:${OTHER_CLIENT}`]: rulesMapping([rule('cognito:groups', 'Contains', 'Admin', 'Client')]),
        },
      ),
      standardPoolJson(),
    );
    const result = evaluate(pool, { loginKey: USER_POOL, claims: userPoolClaims({ aud: OTHER_CLIENT, 'cognito:groups': ['Admins'] }) });
    expectResult(result, { outcome: 'role', via: 'rules', roleArn: role('Client'), matchedRuleIndex: 0, mappingKey: `${USER_POOL}:${OTHER_CLIENT}` });
  });

  it('without a mapping for the provider the default authenticated role is used', () => {
    const pool = poolFrom(
      rolesJson({ authenticated: AUTH }, { [`${USER_POOL}:${OTHER_CLIENT}`]: rulesMapping([rule('sub', 'NotEqual', 'x', 'X')], 'Deny') }),
      standardPoolJson(),
    );
    const result = evaluate(pool, { loginKey: USER_POOL, claims: userPoolClaims() });
    expectResult(result, { outcome: 'role', via: 'default-authenticated', roleArn: AUTH, matchedRuleIndex: null, mappingKey: null, errorCode: null });
    assert.match(result.trace.find((s) => s.step === 'mapping')!.message, /another app client/);
  });

  it('without a mapping and without an authenticated role the call fails with InvalidIdentityPoolConfigurationException', () => {
    const pool = poolFrom(rolesJson({}), standardPoolJson());
    expectResult(evaluate(pool, { loginKey: USER_POOL, claims: userPoolClaims() }), {
      outcome: 'error',
      via: 'default-authenticated',
      roleArn: null,
      errorCode: 'InvalidIdentityPoolConfigurationException',
      message: 'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
    });
  });

  it('a mapping is found by its provider, not by its CloudFormation logical key', () => {
    const pool = userPoolRulesPool([rule('custom:dept', 'Equals', 'Sales', 'Sales')]);
    const mapping = pool.roleConfig!.mappings[0];
    mapping.key = { ...mapping.key, value: 'UserPoolMapping' };
    const result = evaluate(pool, { loginKey: USER_POOL, claims: userPoolClaims({ 'custom:dept': 'Sales' }) });
    expectResult(result, { outcome: 'role', via: 'rules', roleArn: role('Sales'), mappingKey: MAPPING_KEY });
  });

  it('a provider only known at deploy time matches through its placeholders and the assumption is stated', () => {
    const pool = userPoolRulesPool([rule('custom:dept', 'Equals', 'Sales', 'Sales')]);
    const mapping = pool.roleConfig!.mappings[0];
    const symbolic = 'cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}:${UserPoolClient}';
    mapping.provider = { ...mapping.provider, value: symbolic, symbolic: true };
    const result = evaluate(pool, { loginKey: USER_POOL, claims: userPoolClaims({ 'custom:dept': 'Sales' }) });
    expectResult(result, { outcome: 'role', via: 'rules', roleArn: role('Sales'), mappingKey: symbolic });
    expectAssumption(result, /treated as wildcards/);
  });

  it('an OIDC mapping keyed by the IAM OIDC provider ARN applies to logins from that issuer host, flagged as an assumption', () => {
    const pool = poolFrom(
      rolesJson({ authenticated: AUTH }, { [OIDC_ARN]: rulesMapping([rule('https://example.com/roles', 'Contains', 'admin', 'OidcAdmin')]) }),
      standardPoolJson(),
    );
    const claims = { iss: `https://${OIDC_HOST}/`, aud: 'auth0-client', exp: NOW + 60, 'https://example.com/roles': ['admin'] };
    const result = evaluate(pool, { claims });
    expectResult(result, { outcome: 'role', via: 'rules', roleArn: role('OidcAdmin'), mappingKey: OIDC_ARN });
    expectAssumption(result, /OIDC provider ARN .* issuer host/);
  });
});

describe('AmbiguousRoleResolution after Rules', () => {
  it('AuthenticatedRole resolution gives a user who matches no rule the default authenticated role', () => {
    const pool = userPoolRulesPool([rule('custom:dept', 'Equals', 'Sales', 'Sales')]);
    const result = evaluate(pool, { loginKey: USER_POOL, claims: userPoolClaims({ 'custom:dept': 'HR' }) });
    expectResult(result, { outcome: 'role', via: 'ambiguous-resolution', roleArn: AUTH, matchedRuleIndex: null, mappingKey: MAPPING_KEY, errorCode: null });
  });

  it('AuthenticatedRole resolution without an authenticated role fails with InvalidIdentityPoolConfigurationException', () => {
    const pool = userPoolRulesPool([rule('custom:dept', 'Equals', 'Sales', 'Sales')], 'AuthenticatedRole', {});
    expectResult(evaluate(pool, { loginKey: USER_POOL, claims: userPoolClaims() }), {
      outcome: 'error',
      via: 'ambiguous-resolution',
      errorCode: 'InvalidIdentityPoolConfigurationException',
      message: 'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
    });
  });

  it('Deny resolution refuses a user who matches no rule with the AWS message naming the login key, flagged for user pools', () => {
    const pool = userPoolRulesPool([rule('custom:dept', 'Equals', 'Sales', 'Sales')], 'Deny');
    const result = evaluate(pool, { loginKey: USER_POOL, claims: userPoolClaims({ 'custom:dept': 'HR' }) });
    expectResult(result, {
      outcome: 'deny',
      via: 'ambiguous-resolution',
      roleArn: null,
      matchedRuleIndex: null,
      mappingKey: MAPPING_KEY,
      errorCode: 'NotAuthorizedException',
      message: `The ambiguous role mapping rules for: ${USER_POOL} denied this request.`,
    });
    expectAssumption(result, /Deny message.*UNCONFIRMED/);
  });

  it('Deny resolution for Google names accounts.google.com, exactly as AWS does, with no assumption about the name', () => {
    const pool = poolFrom(
      rolesJson({ authenticated: AUTH }, { 'accounts.google.com': rulesMapping([rule('hd', 'Equals', 'example.com', 'Staff')], 'Deny') }),
      standardPoolJson(),
    );
    const result = evaluate(pool, {
      loginKey: 'accounts.google.com',
      claims: { iss: 'https://accounts.google.com', aud: GOOGLE_CLIENT, exp: NOW + 60, hd: 'other.com' },
    });
    expectResult(result, {
      outcome: 'deny',
      errorCode: 'NotAuthorizedException',
      message: 'The ambiguous role mapping rules for: accounts.google.com denied this request.',
    });
    expectNoAssumption(result, /Deny message/);
  });
});

describe('CustomRoleArn with Rules', () => {
  it('a CustomRoleArn equal to the role of a matching rule is used even when an earlier rule also matches', () => {
    const pool = userPoolRulesPool([rule('cognito:groups', 'Contains', 'users', 'User'), rule('cognito:groups', 'Contains', 'admins', 'Admin')]);
    const result = evaluate(pool, { loginKey: USER_POOL, customRoleArn: role('Admin'), claims: userPoolClaims({ 'cognito:groups': ['users', 'admins'] }) });
    expectResult(result, { outcome: 'role', via: 'custom-role-arn', roleArn: role('Admin'), matchedRuleIndex: 1 });
    expectAssumption(result, /CustomRoleArn with a Rules mapping/);
  });

  it('a CustomRoleArn that is the role of a rule that does not match is denied', () => {
    const pool = userPoolRulesPool([rule('cognito:groups', 'Contains', 'users', 'User'), rule('cognito:groups', 'Contains', 'admins', 'Admin')]);
    const result = evaluate(pool, { loginKey: USER_POOL, customRoleArn: role('Admin'), claims: userPoolClaims({ 'cognito:groups': ['users'] }) });
    expectResult(result, {
      outcome: 'deny',
      via: 'custom-role-arn',
      roleArn: null,
      errorCode: 'NotAuthorizedException',
      message: 'The CustomRoleArn is not one of the roles available to this user.',
    });
    expectAssumption(result, /CustomRoleArn with a Rules mapping/);
  });

  it('a CustomRoleArn is ignored when no role mapping applies, and the assumption is stated', () => {
    const pool = poolFrom(rolesJson({ authenticated: AUTH }), standardPoolJson());
    const result = evaluate(pool, { loginKey: USER_POOL, customRoleArn: role('Admin'), claims: userPoolClaims() });
    expectResult(result, { outcome: 'role', via: 'default-authenticated', roleArn: AUTH });
    expectAssumption(result, /CustomRoleArn when no role mapping applies is UNCONFIRMED/);
  });
});
