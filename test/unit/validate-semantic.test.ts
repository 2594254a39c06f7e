/**
 * Cross-field rules the service enforces and configurations the API accepts but that are almost surely
 * mistakes, checked over roles files linked with pool files.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { IdentityPoolModel, PoolDefinition, RoleConfig, SourceValue } from '../../core/model';
import { checkPool } from '../../core/validate/index';
import {
  ADMIN_ROLE,
  AUTH_ROLE,
  check,
  checkAll,
  CLIENT_ID,
  codes,
  none,
  only,
  POOL_ID,
  POOL_URI,
  poolText,
  rangeOf,
  ROLES_URI,
  rolesText,
  rule,
  rulesMapping,
  SALES_ROLE,
  USER_POOL,
  USER_POOL_KEY,
} from './validate-fixtures';

const withPool = (roles: string, pool = poolText()) => check(roles, [{ uri: POOL_URI, text: pool }]);

describe('cross-field rules the service rejects', () => {
  test('a mapping without AmbiguousRoleResolution is ambiguous-resolution-required on the mapping key', () => {
    const text = rolesText({ 'accounts.google.com': { Type: 'Rules', RulesConfiguration: { Rules: [rule('email', 'Equals', 'a@b.c')] } } });
    const d = only(check(text), 'ambiguous-resolution-required');
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.range, rangeOf(text, '"accounts.google.com"'));
    assert.equal(d.awsError?.code, 'InvalidParameterException');
    assert.equal(d.awsError?.assumed, true);
    assert.deepEqual(d.data?.missingProperties, ['AmbiguousRoleResolution']);
    assert.deepEqual(d.data?.replacements, ['AuthenticatedRole', 'Deny']);
  });

  test('a Token mapping without AmbiguousRoleResolution is ambiguous-resolution-required too', () => {
    const text = rolesText({ [USER_POOL_KEY]: { Type: 'Token' } });
    only(check(text), 'ambiguous-resolution-required');
  });

  test('Type Rules without RulesConfiguration is rules-configuration-required on the Type value', () => {
    const text = rolesText({ 'accounts.google.com': { Type: 'Rules', AmbiguousRoleResolution: 'Deny' } });
    const d = only(check(text), 'rules-configuration-required');
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.range, rangeOf(text, '"Rules"'));
    assert.equal(d.awsError?.code, 'InvalidParameterException');
    assert.equal(d.awsError?.assumed, true);
  });

  test('RulesConfiguration on a Token mapping is rules-configuration-not-allowed, saying it is unconfirmed', () => {
    const text = rolesText({
      [USER_POOL_KEY]: { Type: 'Token', AmbiguousRoleResolution: 'Deny', RulesConfiguration: { Rules: [rule('email', 'Equals', 'x')] } },
    });
    const d = only(check(text), 'rules-configuration-not-allowed');
    assert.equal(d.severity, 'error');
    const start = rangeOf(text, '"RulesConfiguration": ').end;
    assert.deepEqual(d.range.start, start);
    assert.match(d.message, /unconfirmed/);
    assert.equal(d.awsError?.assumed, true);
  });

  test('an https:// user pool mapping key is mapping-key-url-form, suggesting the key with the only registered client', () => {
    const key = `https://${USER_POOL}`;
    const text = rolesText({ [key]: rulesMapping([rule('email', 'Equals', 'x')]) });
    const d = only(withPool(text), 'mapping-key-url-form');
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.range, rangeOf(text, `"${key}"`));
    assert.equal(d.data?.suggestedKey, USER_POOL_KEY);
    assert.deepEqual(d.awsError, {
      code: 'InvalidParameterException',
      message: `${key} is not a valid RoleMapping ProviderName or is not a configured provider.`,
    });
    none(withPool(text), 'mapping-key-not-registered');
  });

  test('a user pool mapping key without :clientId is mapping-key-missing-client with the only client suggested', () => {
    const text = rolesText({ [USER_POOL]: rulesMapping([rule('email', 'Equals', 'x')]) });
    const d = only(withPool(text), 'mapping-key-missing-client');
    assert.deepEqual(d.range, rangeOf(text, `"${USER_POOL}"`));
    assert.equal(d.data?.suggestedKey, USER_POOL_KEY);
    assert.equal(d.awsError?.message, `${USER_POOL} is not a valid RoleMapping ProviderName or is not a configured provider.`);
  });

  test('a user pool mapping key without :clientId has no suggestion when the pool registers two clients', () => {
    const text = rolesText({ [USER_POOL]: rulesMapping([rule('email', 'Equals', 'x')]) });
    const pool = poolText({
      CognitoIdentityProviders: [
        { ProviderName: USER_POOL, ClientId: 'clientone' },
        { ProviderName: USER_POOL, ClientId: 'clienttwo' },
      ],
    });
    const d = only(withPool(text, pool), 'mapping-key-missing-client');
    assert.equal(d.data?.suggestedKey, undefined);
  });

  test('a user pool mapping key without :clientId is reported even without a pool file', () => {
    only(check(rolesText({ [USER_POOL]: rulesMapping([rule('email', 'Equals', 'x')]) })), 'mapping-key-missing-client');
  });

  test('a mapping key for a provider the pool does not register is mapping-key-not-registered with the observed AWS message', () => {
    const text = rolesText({ 'graph.facebook.com': rulesMapping([rule('sub', 'Equals', 'x')]) });
    const d = only(withPool(text), 'mapping-key-not-registered');
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.range, rangeOf(text, '"graph.facebook.com"'));
    assert.deepEqual(d.awsError, {
      code: 'InvalidParameterException',
      message: 'graph.facebook.com is not a valid RoleMapping ProviderName or is not a configured provider.',
    });
    assert.equal(d.related?.[0].location.uri, POOL_URI);
  });

  test('the placeholder "app_client_id" in a mapping key is mapping-key-not-registered with the real key suggested', () => {
    const key = `${USER_POOL}:app_client_id`;
    const text = rolesText({ [key]: rulesMapping([rule('email', 'Equals', 'x')]) });
    const d = only(withPool(text), 'mapping-key-not-registered');
    assert.match(d.message, /`app_client_id` is a placeholder/);
    assert.equal(d.data?.suggestedKey, USER_POOL_KEY);
  });

  test('an unregistered mapping key is not reported when no pool file is known', () => {
    none(check(rolesText({ 'graph.facebook.com': rulesMapping([rule('sub', 'Equals', 'x')]) })), 'mapping-key-not-registered');
  });

  test('mapping keys for registered user pool clients, Google, OIDC and SAML providers are accepted', () => {
    const oidc = 'arn:aws:iam::123456789012:oidc-provider/login.example.com';
    const saml = 'arn:aws:iam::123456789012:saml-provider/Corp';
    const text = rolesText({
      [USER_POOL_KEY]: rulesMapping([rule('email', 'Equals', 'x')]),
      'accounts.google.com': rulesMapping([rule('email', 'Equals', 'x')]),
      [oidc]: rulesMapping([rule('email', 'Equals', 'x')]),
      [saml]: rulesMapping([rule('department', 'Equals', 'x')]),
    });
    const diagnostics = withPool(text, poolText({ OpenIdConnectProviderARNs: [oidc], SamlProviderARNs: [saml] }));
    assert.deepEqual(
      diagnostics.filter((d) => d.code.startsWith('mapping-key')),
      [],
    );
  });
});

describe('rules that can never match first', () => {
  const rulesFor = (rules: ReturnType<typeof rule>[], key = 'accounts.google.com') => rolesText({ [key]: rulesMapping(rules) });

  test('a rule repeating an earlier rule is rule-shadowed, with related info and data pointing at the earlier rule', () => {
    const text = rulesFor([rule('email', 'Equals', 'a@example.com', ADMIN_ROLE), rule('email', 'Equals', 'a@example.com', SALES_ROLE)]);
    const d = only(check(text), 'rule-shadowed');
    assert.equal(d.severity, 'warning');
    const second = rangeOf(text, '"email"', 1);
    assert.deepEqual(d.range, { start: { line: second.start.line - 1, character: 10 }, end: { line: second.start.line + 4, character: 11 } });
    assert.deepEqual(d.data, { shadowedBy: 0, ruleIndex: 1 });
    const first = rangeOf(text, '"email"', 0);
    assert.deepEqual(d.related?.[0].location.range, {
      start: { line: first.start.line - 1, character: 10 },
      end: { line: first.start.line + 4, character: 11 },
    });
    assert.match(d.message, /repeats the condition of `Rules\[0\]`/);
  });

  test('an Equals rule after a StartsWith rule that covers it is rule-shadowed', () => {
    const text = rulesFor([rule('email', 'StartsWith', 'admin'), rule('email', 'Equals', 'admin@example.com', SALES_ROLE)]);
    assert.deepEqual(only(check(text), 'rule-shadowed').data, { shadowedBy: 0, ruleIndex: 1 });
  });

  test('a StartsWith rule after a Contains rule that covers it is rule-shadowed', () => {
    const text = rulesFor([rule('custom:dept', 'Contains', 'sales'), rule('custom:dept', 'StartsWith', 'sales-emea', SALES_ROLE)]);
    only(check(text), 'rule-shadowed');
  });

  test('an Equals rule after a NotEqual rule on a single-valued claim is rule-shadowed', () => {
    const text = rulesFor([rule('custom:tier', 'NotEqual', 'free'), rule('custom:tier', 'Equals', 'gold', SALES_ROLE)]);
    only(check(text), 'rule-shadowed');
  });

  test('a NotEqual rule on an array claim does not shadow later rules (array semantics are unconfirmed)', () => {
    const text = rulesFor([rule('cognito:groups', 'NotEqual', 'guests'), rule('cognito:groups', 'Equals', 'admins', SALES_ROLE)], USER_POOL_KEY);
    none(check(text), 'rule-shadowed');
  });

  test('rules on different claims do not shadow each other', () => {
    none(check(rulesFor([rule('email', 'StartsWith', 'a'), rule('custom:email', 'Equals', 'abc')])), 'rule-shadowed');
  });

  test('comparison is taken as case-sensitive, so Contains Admin does not shadow Equals admins', () => {
    none(check(rulesFor([rule('custom:role', 'Contains', 'Admin'), rule('custom:role', 'Equals', 'admins')])), 'rule-shadowed');
  });

  test('a more general rule after a specific one is not shadowed', () => {
    none(check(rulesFor([rule('email', 'Equals', 'admin@example.com'), rule('email', 'StartsWith', 'admin')])), 'rule-shadowed');
  });

  test('aud Equals the client id of the user pool mapping key is rule-always-matches, and every later rule is rule-shadowed', () => {
    const text = rulesFor(
      [rule('aud', 'Equals', CLIENT_ID), rule('cognito:groups', 'Contains', 'admins'), rule('email', 'Equals', 'x@example.com')],
      USER_POOL_KEY,
    );
    const diagnostics = check(text);
    const always = only(diagnostics, 'rule-always-matches');
    assert.equal(always.severity, 'info');
    const aud = rangeOf(text, '"aud"');
    assert.deepEqual(always.range, { start: { line: aud.start.line - 1, character: 10 }, end: { line: aud.start.line + 4, character: 11 } });
    assert.match(always.message, /2 rules after it are never used/);
    const shadowed = diagnostics.filter((d) => d.code === 'rule-shadowed');
    assert.deepEqual(
      shadowed.map((d) => d.data),
      [
        { shadowedBy: 0, ruleIndex: 1 },
        { shadowedBy: 0, ruleIndex: 2 },
      ],
    );
    for (const d of shadowed) assert.deepEqual(d.related?.[0].location.range, always.range);
  });

  test('iss Equals the user pool issuer is rule-always-matches', () => {
    const text = rulesFor([rule('iss', 'Equals', `https://${USER_POOL}`), rule('email', 'Equals', 'x@example.com')], USER_POOL_KEY);
    only(check(text), 'rule-always-matches');
    assert.equal(only(check(text), 'rule-shadowed').data?.shadowedBy, 0);
  });

  test('iss Equals accounts.google.com does not always match, since Google issues both forms', () => {
    none(check(rulesFor([rule('iss', 'Equals', 'accounts.google.com'), rule('email', 'Equals', 'x')])), 'rule-always-matches');
  });

  test('aud Equals another client id is not rule-always-matches', () => {
    none(check(rulesFor([rule('aud', 'Equals', 'otherclient'), rule('email', 'Equals', 'x')], USER_POOL_KEY)), 'rule-always-matches');
  });
});

describe('rules on claims the provider never sends', () => {
  test('a NotEqual rule on a claim Facebook never sends is not-equal-on-missing-claim on the claim', () => {
    const text = rolesText({ 'graph.facebook.com': rulesMapping([rule('email', 'NotEqual', 'x@example.com')]) });
    const d = only(check(text), 'not-equal-on-missing-claim');
    assert.equal(d.severity, 'warning');
    assert.deepEqual(d.range, rangeOf(text, '"email"'));
    assert.match(d.message, /Facebook tokens never carry `email`/);
  });

  test('an Equals rule on a claim Login with Amazon never sends is claim-never-sent', () => {
    const text = rolesText({ 'www.amazon.com': rulesMapping([rule('email', 'Equals', 'x@example.com')]) });
    const d = only(check(text), 'claim-never-sent');
    assert.equal(d.severity, 'warning');
    assert.deepEqual(d.range, rangeOf(text, '"email"'));
  });

  test('a misspelt cognito: claim on a user pool mapping is claim-never-sent', () => {
    const text = rolesText({ [USER_POOL_KEY]: rulesMapping([rule('cognito:group', 'Equals', 'admins')]) });
    only(check(text), 'claim-never-sent');
  });

  test('custom: claims of a user pool are not flagged', () => {
    none(check(rolesText({ [USER_POOL_KEY]: rulesMapping([rule('custom:dept', 'NotEqual', 'x')]) })), 'not-equal-on-missing-claim');
  });
});

describe('Token mappings and Contains', () => {
  test('a Token mapping for Google is token-mapping-without-roles-claim on the Type value', () => {
    const text = rolesText({ 'accounts.google.com': { Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' } });
    const d = only(check(text), 'token-mapping-without-roles-claim');
    assert.equal(d.severity, 'warning');
    assert.deepEqual(d.range, rangeOf(text, '"Token"'));
    assert.match(d.message, /Google tokens never carry `cognito:roles`.*default authenticated role/);
  });

  test('a Token mapping for an OIDC provider is a warning that says it is unconfirmed', () => {
    const text = rolesText({ 'arn:aws:iam::123456789012:oidc-provider/login.example.com': { Type: 'Token', AmbiguousRoleResolution: 'Deny' } });
    const d = only(check(text), 'token-mapping-without-roles-claim');
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /unconfirmed/);
  });

  test('a Token mapping for a user pool is fine', () => {
    none(check(rolesText({ [USER_POOL_KEY]: { Type: 'Token', AmbiguousRoleResolution: 'Deny' } })), 'token-mapping-without-roles-claim');
  });

  test('cognito:groups Contains admin is a contains-matches-substrings hint naming sysadmins', () => {
    const text = rolesText({ [USER_POOL_KEY]: rulesMapping([rule('cognito:groups', 'Contains', 'admin')]) });
    const d = only(check(text), 'contains-matches-substrings');
    assert.equal(d.severity, 'hint');
    assert.deepEqual(d.range, rangeOf(text, '"admin"'));
    assert.match(d.message, /`sysadmins`/);
  });
});

describe('roles versus the pool definition', () => {
  test('guests allowed with no unauthenticated role is guest-access-without-unauthenticated-role in the pool file', () => {
    const roles = rolesText({}, { Roles: { authenticated: AUTH_ROLE } });
    const pool = poolText({ AllowUnauthenticatedIdentities: true });
    const result = checkAll([
      { uri: ROLES_URI, text: roles },
      { uri: POOL_URI, text: pool },
    ]);
    const d = only(result.get(POOL_URI)!, 'guest-access-without-unauthenticated-role');
    assert.equal(d.severity, 'warning');
    assert.deepEqual(d.range, rangeOf(pool, 'true'));
    assert.equal(d.awsError?.code, 'InvalidIdentityPoolConfigurationException');
    assert.equal(d.related?.[0].location.uri, ROLES_URI);
    none(result.get(ROLES_URI)!, 'guest-access-without-unauthenticated-role');
  });

  test('an unauthenticated role on a pool without guests is unauthenticated-role-unused on the role', () => {
    const roles = rolesText();
    const pool = poolText({ AllowUnauthenticatedIdentities: false });
    const d = only(check(roles, [{ uri: POOL_URI, text: pool }]), 'unauthenticated-role-unused');
    assert.equal(d.severity, 'info');
    assert.deepEqual(d.range, rangeOf(roles, `"${'arn:aws:iam::123456789012:role/Unauth'}"`));
  });

  test('AuthenticatedRole resolution without Roles.authenticated is missing-authenticated-role on the resolution', () => {
    const text = rolesText({ [USER_POOL_KEY]: rulesMapping([rule('email', 'Equals', 'x')]) }, { Roles: {} });
    const d = only(check(text), 'missing-authenticated-role');
    assert.equal(d.severity, 'warning');
    assert.deepEqual(d.range, rangeOf(text, '"AuthenticatedRole"'));
    assert.deepEqual(d.awsError, {
      code: 'InvalidIdentityPoolConfigurationException',
      message: 'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
    });
  });

  test('a registered provider without a mapping and no authenticated role is missing-authenticated-role in the pool file', () => {
    const roles = rolesText({ [USER_POOL_KEY]: rulesMapping([rule('email', 'Equals', 'x')], { AmbiguousRoleResolution: 'Deny' }) }, { Roles: {} });
    const pool = poolText({ AllowUnauthenticatedIdentities: false });
    const result = checkAll([
      { uri: ROLES_URI, text: roles },
      { uri: POOL_URI, text: pool },
    ]);
    const d = only(result.get(POOL_URI)!, 'missing-authenticated-role');
    assert.deepEqual(d.range, rangeOf(pool, '"accounts.google.com"'));
    assert.match(d.message, /`accounts.google.com`/);
    none(result.get(ROLES_URI)!, 'missing-authenticated-role');
  });

  test('a Deny resolution with no authenticated role and every provider mapped is fine', () => {
    const roles = rolesText(
      {
        [USER_POOL_KEY]: rulesMapping([rule('email', 'Equals', 'x')], { AmbiguousRoleResolution: 'Deny' }),
        'accounts.google.com': rulesMapping([rule('email', 'Equals', 'x')], { AmbiguousRoleResolution: 'Deny' }),
      },
      { Roles: {} },
    );
    const result = checkAll([
      { uri: ROLES_URI, text: roles },
      { uri: POOL_URI, text: poolText({ AllowUnauthenticatedIdentities: false }) },
    ]);
    assert.deepEqual(
      [...result.values()].flat().filter((d) => d.code === 'missing-authenticated-role'),
      [],
    );
  });

  test('the classic flow with role mappings is classic-flow-with-role-mappings with the observed AWS message', () => {
    const roles = rolesText({ [USER_POOL_KEY]: rulesMapping([rule('email', 'Equals', 'x')]) });
    const pool = poolText({ AllowClassicFlow: true });
    const result = checkAll([
      { uri: ROLES_URI, text: roles },
      { uri: POOL_URI, text: pool },
    ]);
    const d = only(result.get(POOL_URI)!, 'classic-flow-with-role-mappings');
    assert.equal(d.severity, 'info');
    assert.deepEqual(d.range, rangeOf(pool, 'true', 1));
    assert.deepEqual(d.awsError, {
      code: 'InvalidParameterException',
      message: 'Basic (classic) flow is not supported with RoleMappings, please use enhanced flow.',
    });
  });

  test('pool checks need the two files linked by IdentityPoolId', () => {
    const roles = rolesText(
      { 'graph.facebook.com': rulesMapping([rule('sub', 'Equals', 'x')]) },
      { IdentityPoolId: 'us-east-1:99999999-2222-3333-4444-555555555555' },
    );
    const result = checkAll([
      { uri: ROLES_URI, text: roles },
      { uri: POOL_URI, text: poolText() },
    ]);
    none(result.get(ROLES_URI)!, 'mapping-key-not-registered');
    assert.deepEqual(codes(result.get(POOL_URI)!), []);
  });
});

describe('models built from other sources', () => {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  const symbolic = (value: string): SourceValue => ({ value, range, symbolic: true });
  const plain = (value: string): SourceValue => ({ value, range });

  test('symbolic values (unresolved CloudFormation references) are skipped by every check', () => {
    const pool: IdentityPoolModel = {
      key: POOL_ID,
      label: 'template pool',
      roleConfig: {
        uri: 'file:///template.yaml',
        source: 'cloudformation',
        range,
        anchorRange: range,
        authenticated: symbolic('${AuthRole.Arn}'),
        unauthenticated: symbolic('${UnauthRole.Arn}'),
        mappings: [
          {
            range,
            key: plain('userPool'),
            provider: symbolic('cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}:${Client}'),
            type: plain('Rules'),
            ambiguousRoleResolution: plain('AuthenticatedRole'),
            rulesConfigurationRange: range,
            rules: [
              {
                index: 0,
                range,
                claim: plain('cognito:groups'),
                matchType: plain('Contains'),
                value: symbolic('${AdminGroup}'),
                roleArn: symbolic('${AdminRole.Arn}'),
              },
            ],
          },
        ],
      },
    };
    assert.deepEqual(
      checkPool(pool).map((d) => d.code),
      [],
    );
  });

  const template = 'file:///template.yaml';
  const definition = (allowGuests: boolean, extra: Partial<PoolDefinition> = {}): PoolDefinition => ({
    uri: template,
    range,
    anchorRange: range,
    allowUnauthenticatedIdentities: { value: allowGuests, range },
    cognitoProviders: [],
    supportedLoginProviders: [],
    openIdConnectProviderArns: [],
    samlProviderArns: [],
    ...extra,
  });
  // A login provider, so that an authenticated role is not also authenticated-role-without-providers.
  const withDeveloperProvider: Partial<PoolDefinition> = { developerProviderName: plain('login.shop.example') };
  const attachment = (extra: Partial<RoleConfig>): RoleConfig => ({
    uri: template,
    source: 'cloudformation',
    range,
    anchorRange: range,
    rolesRange: range,
    mappings: [],
    ...extra,
  });

  test('a symbolic authenticated role still shows that Roles has no unauthenticated role (guest-access-without-unauthenticated-role)', () => {
    const pool: IdentityPoolModel = {
      key: 'IdentityPool',
      label: 'IdentityPool',
      definition: definition(true, withDeveloperProvider),
      roleConfig: attachment({ authenticated: symbolic('${AuthenticatedRole.Arn}') }),
    };
    assert.deepEqual(codes(checkPool(pool)), ['guest-access-without-unauthenticated-role']);
  });

  test('a symbolic unauthenticated role on a pool without guests is unauthenticated-role-unused', () => {
    const pool: IdentityPoolModel = {
      key: 'IdentityPool',
      label: 'IdentityPool',
      definition: definition(false, withDeveloperProvider),
      roleConfig: attachment({ authenticated: symbolic('${A.Arn}'), unauthenticated: symbolic('${U.Arn}') }),
    };
    assert.deepEqual(codes(checkPool(pool)), ['unauthenticated-role-unused']);
  });

  test('Roles written as an intrinsic (unreadable map) gives no missing-role warnings', () => {
    const pool: IdentityPoolModel = { key: 'IdentityPool', label: 'IdentityPool', definition: definition(true), roleConfig: attachment({}) };
    assert.deepEqual(codes(checkPool(pool)), []);
  });

  test('RoleMappings computed at deployment hide which providers lack a mapping, so no missing-authenticated-role', () => {
    const providers = { cognitoProviders: [{ range, providerName: plain(USER_POOL), clientId: plain(CLIENT_ID) }] };
    const pool: IdentityPoolModel = {
      key: 'IdentityPool',
      label: 'IdentityPool',
      definition: definition(true, providers),
      roleConfig: attachment({ unauthenticated: plain('arn:aws:iam::123456789012:role/Guest'), mappingsSymbolic: symbolic('<Fn::GetAtt>') }),
    };
    assert.deepEqual(codes(checkPool(pool)), []);
  });

  test('a CloudFormation model with 26 rules gets too-many-rules from the semantic check', () => {
    const rules = Array.from({ length: 26 }, (_, i) => ({
      index: i,
      range: { start: { line: i, character: 0 }, end: { line: i, character: 5 } },
      claim: plain('email'),
      matchType: plain('Equals'),
      value: plain(`u${i}`),
      roleArn: plain(ADMIN_ROLE),
    }));
    const pool: IdentityPoolModel = {
      key: POOL_ID,
      label: 'template pool',
      roleConfig: {
        uri: 'file:///template.yaml',
        source: 'cloudformation',
        range,
        anchorRange: range,
        authenticated: plain(AUTH_ROLE),
        mappings: [
          {
            range,
            key: plain('google'),
            provider: plain('accounts.google.com'),
            type: plain('Rules'),
            ambiguousRoleResolution: plain('Deny'),
            rulesConfigurationRange: range,
            rules,
          },
        ],
      },
    };
    const d = only(checkPool(pool), 'too-many-rules');
    assert.deepEqual(d.range, { start: { line: 25, character: 0 }, end: { line: 25, character: 5 } });
  });
});
