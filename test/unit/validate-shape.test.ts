/**
 * Spec section 1.1 / 1.2: every model constraint of SetIdentityPoolRoles and CreateIdentityPool, checked
 * against the JSON schemas, with code, severity, exact range and the answer AWS would give.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ADMIN_ROLE,
  AUTH_ROLE,
  check,
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
  USER_POOL_KEY,
} from './validate-fixtures';

const ok = (text: string, uri = ROLES_URI) =>
  assert.deepEqual(
    check(text, [], uri).map((d) => [d.code, d.message]),
    [],
  );

describe('SetIdentityPoolRoles: a valid file', () => {
  test('the API reference example request has no diagnostics', () => {
    ok(rolesText({ [USER_POOL_KEY]: rulesMapping([rule('custom:dept', 'Equals', 'Sales')]) }));
  });

  test("an empty Roles map is accepted, as Terraform's delete path sends it", () => {
    ok(JSON.stringify({ IdentityPoolId: POOL_ID, Roles: {} }));
  });

  test('a $schema key is allowed for editors', () => {
    ok(rolesText({}, { $schema: './schemas/set-identity-pool-roles.schema.json' }));
  });

  test('a claim name with non-ASCII letters and punctuation matches the \\p{..} pattern', () => {
    const text = rolesText({ [USER_POOL_KEY]: rulesMapping([rule('custom:département', 'Equals', 'Ventes')]) });
    none(check(text), 'pattern-mismatch');
  });
});

describe('SetIdentityPoolRoles: IdentityPoolId', () => {
  test('a missing IdentityPoolId is missing-required at the first line of the file', () => {
    const text = '{\n  "Roles": {}\n}';
    const d = only(check(text), 'missing-required');
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
    assert.deepEqual(d.data?.missingProperties, ['IdentityPoolId']);
    assert.match(d.message, /`IdentityPoolId`/);
    assert.equal(d.awsError?.code, 'ParamValidationError');
    assert.equal(d.awsError?.message, 'Parameter validation failed:\nMissing required parameter in input: "IdentityPoolId"');
    assert.equal(d.awsError?.assumed, true);
  });

  test('an IdentityPoolId that is not REGION:GUID is a pattern-mismatch with the exact ValidationException text', () => {
    const text = rolesText({}, { IdentityPoolId: 'us-east-1_bad' });
    const d = only(check(text), 'pattern-mismatch');
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.range, rangeOf(text, '"us-east-1_bad"'));
    assert.match(d.message, /REGION:GUID/);
    assert.deepEqual(d.awsError, {
      code: 'ValidationException',
      message:
        "1 validation error detected: Value 'us-east-1_bad' at 'identityPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\w-]+:[0-9a-f-]+$",
    });
  });

  test('an IdentityPoolId of 56 characters is invalid-length (limit 1 to 55)', () => {
    const long = `us-east-1:${'a'.repeat(46)}`;
    assert.equal(long.length, 56);
    const text = rolesText({}, { IdentityPoolId: long });
    const d = only(check(text), 'invalid-length');
    assert.deepEqual(d.range, rangeOf(text, `"${long}"`));
    assert.match(d.message, /1 to 55 characters/);
    assert.equal(d.awsError?.code, 'ValidationException');
    assert.match(d.awsError!.message, /at 'identityPoolId' failed to satisfy constraint: Member must have length less than or equal to 55$/);
  });

  test('an IdentityPoolId given as a number is invalid-type at the value', () => {
    const text = rolesText({}, { IdentityPoolId: 5 });
    const d = only(check(text), 'invalid-type');
    assert.deepEqual(d.range, rangeOf(text, '5'));
    assert.equal(d.message, '`IdentityPoolId` must be a string, not the number 5.');
    assert.equal(
      d.awsError?.message,
      "Parameter validation failed:\nInvalid type for parameter IdentityPoolId, value: 5, type: <class 'int'>, valid types: <class 'str'>",
    );
  });
});

describe('SetIdentityPoolRoles: Roles', () => {
  test('a missing Roles map is missing-required (it is required in SetIdentityPoolRoles)', () => {
    const text = JSON.stringify({ IdentityPoolId: POOL_ID, RoleMappings: {} }, null, 2);
    const d = only(check(text), 'missing-required');
    assert.deepEqual(d.data?.missingProperties, ['Roles']);
    assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
  });

  test('a Roles key "Authenticated" is an invalid-role-key on the key, offering "authenticated"', () => {
    const text = rolesText({}, { Roles: { Authenticated: AUTH_ROLE } });
    const d = only(check(text), 'invalid-role-key');
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.range, rangeOf(text, '"Authenticated"'));
    assert.equal(d.data?.replacements?.[0], 'authenticated');
    assert.equal(d.awsError?.code, 'ValidationException');
    assert.match(
      d.awsError!.message,
      /at 'roles' failed to satisfy constraint: Map keys must satisfy constraint: \[Member must satisfy regular expression pattern: \^\(un\)\?authenticated\$\]$/,
    );
  });

  test('a Roles key "admin" is an invalid-role-key and not also an unknown-property', () => {
    const text = rolesText({}, { Roles: { admin: ADMIN_ROLE } });
    const diagnostics = check(text);
    assert.deepEqual(codes(diagnostics), ['invalid-role-key']);
  });

  test('a Roles value given as a number is invalid-type at the value', () => {
    const text = rolesText({}, { Roles: { authenticated: 12 } });
    const d = only(check(text), 'invalid-type');
    assert.deepEqual(d.range, rangeOf(text, '12'));
    none(check(text), 'invalid-role-arn');
  });

  test('a role name in Roles is an invalid-role-arn (not also invalid-length) with NotAuthorizedException', () => {
    const text = rolesText({}, { Roles: { authenticated: 'SomeRoleName' } });
    const diagnostics = check(text);
    const d = only(diagnostics, 'invalid-role-arn');
    none(diagnostics, 'invalid-length');
    assert.deepEqual(d.range, rangeOf(text, '"SomeRoleName"'));
    assert.deepEqual(d.awsError, { code: 'NotAuthorizedException', message: "Access to Role 'SomeRoleName' is forbidden." });
    assert.match(d.message, /role name/);
  });

  test('a malformed role ARN in Roles is an invalid-role-arn', () => {
    const value = 'arn:aws:iam::180971085012ole/Cognito_Auth_Role';
    const text = rolesText({}, { Roles: { unauthenticated: value } });
    const d = only(check(text), 'invalid-role-arn');
    assert.deepEqual(d.range, rangeOf(text, `"${value}"`));
    assert.equal(d.awsError?.message, `Access to Role '${value}' is forbidden.`);
  });
});

describe('SetIdentityPoolRoles: RoleMappings', () => {
  test('11 role mappings are too-many-mappings, pointing from the 11th mapping to the last', () => {
    const mappings: Record<string, unknown> = {};
    for (let i = 0; i < 11; i++) mappings[`arn:aws:iam::123456789012:oidc-provider/idp${i}.example.com`] = rulesMapping([rule('sub', 'Equals', `u${i}`)]);
    const text = rolesText(mappings);
    const d = only(check(text), 'too-many-mappings');
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.range.start, rangeOf(text, '"arn:aws:iam::123456789012:oidc-provider/idp10.example.com"').start);
    const lastLine = text.split('\n').length - 3; // the closing brace of the last mapping
    assert.deepEqual(d.range.end, { line: lastLine, character: 5 });
    assert.match(d.message, /11 role mappings; .* at most 10/);
    assert.equal(d.awsError?.code, 'ValidationException');
    assert.match(d.awsError!.message, /at 'roleMappings' failed to satisfy constraint: Member must have length less than or equal to 10$/);
  });

  test('10 role mappings are accepted', () => {
    const mappings: Record<string, unknown> = {};
    for (let i = 0; i < 10; i++) mappings[`arn:aws:iam::123456789012:oidc-provider/idp${i}.example.com`] = rulesMapping([rule('sub', 'Equals', `u${i}`)]);
    none(check(rolesText(mappings)), 'too-many-mappings');
  });

  test('an empty RoleMappings key is invalid-length on the key (1 to 128 characters)', () => {
    const text = rolesText({ '': rulesMapping([rule('sub', 'Equals', 'x')]) });
    const d = only(check(text), 'invalid-length');
    assert.deepEqual(d.range, rangeOf(text, '""'));
    assert.match(d.message, /1 to 128 characters/);
  });

  test('a RoleMappings key of 129 characters is invalid-length on the key', () => {
    const key = `accounts.google.com${'x'.repeat(110)}`;
    const text = rolesText({ [key]: rulesMapping([rule('sub', 'Equals', 'x')]) });
    const d = only(check(text), 'invalid-length');
    assert.deepEqual(d.range, rangeOf(text, `"${key}"`));
  });

  test('a mapping without Type is missing-required on the mapping key', () => {
    const text = rolesText({ 'accounts.google.com': { AmbiguousRoleResolution: 'Deny' } });
    const d = only(check(text), 'missing-required');
    assert.deepEqual(d.range, rangeOf(text, '"accounts.google.com"'));
    assert.deepEqual(d.data?.missingProperties, ['Type']);
    assert.equal(d.message, 'The role mapping for `accounts.google.com` is missing the required field `Type`.');
  });

  test('a Type of "Rule" is an invalid-enum-value with Rules offered first', () => {
    const text = rolesText({ 'accounts.google.com': rulesMapping([rule('sub', 'Equals', 'x')], { Type: 'Rule' }) });
    const d = only(check(text), 'invalid-enum-value');
    assert.deepEqual(d.range, rangeOf(text, '"Rule"'));
    assert.equal(d.message, '`Type` must be one of Token, Rules; `Rule` is not one of them.');
    assert.deepEqual(d.data?.replacements, ['Rules', 'Token']);
    assert.equal(d.awsError?.code, 'ValidationException');
    assert.match(d.awsError!.message, /Value 'Rule' at '.*\.type' failed to satisfy constraint: Member must satisfy enum value set: \[Token, Rules\]$/);
    assert.equal(d.awsError?.assumed, true);
  });

  test('an AmbiguousRoleResolution of "deny" is an invalid-enum-value with Deny offered first', () => {
    const text = rolesText({ 'accounts.google.com': rulesMapping([rule('sub', 'Equals', 'x')], { AmbiguousRoleResolution: 'deny' }) });
    const d = only(check(text), 'invalid-enum-value');
    assert.deepEqual(d.range, rangeOf(text, '"deny"'));
    assert.equal(d.data?.replacements?.[0], 'Deny');
  });

  test('an unknown field in a mapping is unknown-property on its key, suggesting the close name', () => {
    const text = rolesText({ 'accounts.google.com': rulesMapping([rule('sub', 'Equals', 'x')], { RuleConfiguration: {} }) });
    const d = only(check(text), 'unknown-property');
    assert.deepEqual(d.range, rangeOf(text, '"RuleConfiguration"'));
    assert.equal(d.data?.replacements?.[0], 'RulesConfiguration');
    assert.match(d.message, /did you mean `RulesConfiguration`\?/);
    assert.equal(d.awsError?.code, 'ParamValidationError');
    assert.match(
      d.awsError!.message,
      /Unknown parameter in RoleMappings\.accounts\.google\.com: "RuleConfiguration", must be one of: Type, AmbiguousRoleResolution, RulesConfiguration$/,
    );
  });

  test('RulesConfiguration without Rules is missing-required on the RulesConfiguration key', () => {
    const text = rolesText({ 'accounts.google.com': { Type: 'Rules', AmbiguousRoleResolution: 'Deny', RulesConfiguration: {} } });
    const d = only(check(text), 'missing-required');
    assert.deepEqual(d.range, rangeOf(text, '"RulesConfiguration"'));
    assert.deepEqual(d.data?.missingProperties, ['Rules']);
  });

  test('an empty Rules list is invalid-length (at least 1 rule)', () => {
    const text = rolesText({ 'accounts.google.com': rulesMapping([]) });
    const d = only(check(text), 'invalid-length');
    assert.deepEqual(d.range, rangeOf(text, '[]'));
    assert.match(d.awsError!.message, /Member must have length greater than or equal to 1$/);
  });

  test('a 26-rule mapping is too-many-rules from the 26th rule to the end, with an assumed InvalidParameterException', () => {
    const rules = Array.from({ length: 26 }, (_, i) => rule('email', 'Equals', `user${i}@example.com`));
    const text = rolesText({ 'accounts.google.com': rulesMapping(rules) });
    const diagnostics = check(text);
    const d = only(diagnostics, 'too-many-rules');
    assert.equal(d.severity, 'error');
    const rule25 = rangeOf(text, '"user25@example.com"');
    assert.deepEqual(d.range.start, { line: rule25.start.line - 3, character: 10 });
    assert.deepEqual(d.range.end, { line: rule25.start.line + 2, character: 11 });
    assert.match(d.message, /26 rules; .* at most 25 .* 400/);
    assert.equal(d.awsError?.code, 'InvalidParameterException');
    assert.equal(d.awsError?.assumed, true);
  });

  test('a 25-rule mapping is accepted', () => {
    const rules = Array.from({ length: 25 }, (_, i) => rule('email', 'Equals', `user${i}@example.com`));
    none(check(rolesText({ 'accounts.google.com': rulesMapping(rules) })), 'too-many-rules');
  });
});

describe('SetIdentityPoolRoles: MappingRule', () => {
  const mappingWith = (r: Record<string, unknown>) => rolesText({ 'accounts.google.com': rulesMapping([r]) });

  test('a rule with only a Claim is one missing-required naming MatchType, Value and RoleARN', () => {
    const text = mappingWith({ Claim: 'email' });
    const d = only(check(text), 'missing-required');
    assert.deepEqual(d.data?.missingProperties, ['MatchType', 'Value', 'RoleARN']);
    assert.equal(d.message, 'Rule `Rules[0]` is missing the required fields `MatchType`, `Value` and `RoleARN`.');
    const brace = rangeOf(text, '{\n            "Claim"');
    assert.deepEqual(d.range, { start: brace.start, end: { line: brace.start.line, character: brace.start.character + 1 } });
  });

  test("a MatchType of 'Equal' is an invalid-enum-value with Equals offered as the replacement", () => {
    const text = mappingWith(rule('email', 'Equal', 'a@example.com'));
    const d = only(check(text), 'invalid-enum-value');
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.range, rangeOf(text, '"Equal"'));
    assert.equal(d.message, '`MatchType` must be one of Equals, Contains, StartsWith, NotEqual; `Equal` is not one of them.');
    assert.equal(d.data?.replacements?.[0], 'Equals');
    assert.equal(d.awsError?.code, 'ValidationException');
    assert.match(
      d.awsError!.message,
      /^1 validation error detected: Value 'Equal' at '.*rulesConfiguration\.rules\.1\.member\.matchType' failed to satisfy constraint: Member must satisfy enum value set: \[Equals, Contains, StartsWith, NotEqual\]$/,
    );
  });

  test('a Claim with a space is a pattern-mismatch against the unicode claim pattern', () => {
    const text = mappingWith(rule('custom dept', 'Equals', 'x'));
    const d = only(check(text), 'pattern-mismatch');
    assert.deepEqual(d.range, rangeOf(text, '"custom dept"'));
    assert.match(d.awsError!.message, /Member must satisfy regular expression pattern: \^\[\\p\{L\}\\p\{M\}\\p\{S\}\\p\{N\}\\p\{P\}\]\+\$$/);
  });

  test('a Claim of 65 characters is invalid-length (1 to 64)', () => {
    const claim = `custom:${'a'.repeat(58)}`;
    const text = mappingWith(rule(claim, 'Equals', 'x'));
    const d = only(check(text), 'invalid-length');
    assert.deepEqual(d.range, rangeOf(text, `"${claim}"`));
    assert.match(d.message, /1 to 64 characters/);
  });

  test('an empty Value is invalid-length (1 to 128)', () => {
    const text = mappingWith(rule('email', 'Equals', ''));
    const d = only(check(text), 'invalid-length');
    assert.deepEqual(d.range, rangeOf(text, '""'));
    assert.equal(d.message, '`Value` must be 1 to 128 characters long, but it is empty.');
  });

  test('a Value of 129 characters is invalid-length', () => {
    const value = 'v'.repeat(129);
    const text = mappingWith(rule('email', 'Equals', value));
    const d = only(check(text), 'invalid-length');
    assert.deepEqual(d.range, rangeOf(text, `"${value}"`));
    assert.match(d.message, /it has 129/);
  });

  test('a rule RoleARN that is a role name is an invalid-role-arn with an assumed NotAuthorizedException', () => {
    const text = mappingWith(rule('email', 'Equals', 'x', 'Admin'));
    const d = only(check(text), 'invalid-role-arn');
    assert.deepEqual(d.range, rangeOf(text, '"Admin"'));
    assert.deepEqual(d.awsError, { code: 'NotAuthorizedException', message: "Access to Role 'Admin' is forbidden.", assumed: true });
  });

  test('a RoleARN given as an object is invalid-type, not invalid-role-arn', () => {
    const text = mappingWith({ ...rule('email', 'Equals', 'x'), RoleARN: { Ref: 'Admin' } });
    const diagnostics = check(text);
    only(diagnostics, 'invalid-type');
    none(diagnostics, 'invalid-role-arn');
  });
});

describe('SetIdentityPoolRoles: document-level', () => {
  test('a typo at the root is unknown-property with RoleMappings offered first', () => {
    const text = JSON.stringify({ IdentityPoolId: POOL_ID, Roles: {}, RoleMapping: {} }, null, 2);
    const d = only(check(text), 'unknown-property');
    assert.deepEqual(d.range, rangeOf(text, '"RoleMapping"'));
    assert.equal(d.data?.replacements?.[0], 'RoleMappings');
    assert.equal(
      d.message,
      '`RoleMapping` is not a field of this file (did you mean `RoleMappings`?); the allowed fields are `IdentityPoolId`, `Roles` and `RoleMappings`.',
    );
  });

  test('a key written twice in one object is duplicate-key on the ignored first one', () => {
    const text = `{\n  "IdentityPoolId": "${POOL_ID}",\n  "Roles": {"authenticated": "${AUTH_ROLE}", "authenticated": "${ADMIN_ROLE}"}\n}`;
    const d = only(check(text), 'duplicate-key');
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.range, rangeOf(text, '"authenticated"', 0));
    assert.deepEqual(d.related?.[0].location.range, rangeOf(text, '"authenticated"', 1));
    assert.equal(d.awsError, undefined);
  });

  test("a mapping key with a slash is found again from ajv's escaped instance path", () => {
    const text = rolesText({ [USER_POOL_KEY]: rulesMapping([rule('email', 'Equals', 'x')], { Type: 'Tokens' }) }, {});
    const d = only(check(text), 'invalid-enum-value');
    assert.deepEqual(d.range, rangeOf(text, '"Tokens"'));
    assert.ok(USER_POOL_KEY.includes('/') && CLIENT_ID.length > 0);
  });
});

describe('Identity pool (CreateIdentityPool / DescribeIdentityPool)', () => {
  const poolCheck = (text: string) => check(text, [], POOL_URI);

  test('a complete pool file has no diagnostics', () => {
    ok(
      poolText({
        AllowClassicFlow: false,
        DeveloperProviderName: 'login.mycompany.myapp',
        OpenIdConnectProviderARNs: ['arn:aws:iam::123456789012:oidc-provider/login.example.com'],
        SamlProviderARNs: ['arn:aws:iam::123456789012:saml-provider/Corp'],
        IdentityPoolTags: { team: 'auth' },
      }),
      POOL_URI,
    );
  });

  test('a pool without IdentityPoolName and AllowUnauthenticatedIdentities is one missing-required naming both', () => {
    const text = JSON.stringify({ IdentityPoolId: POOL_ID, CognitoIdentityProviders: [] }, null, 2);
    const d = only(poolCheck(text), 'missing-required');
    assert.deepEqual(d.data?.missingProperties, ['IdentityPoolName', 'AllowUnauthenticatedIdentities']);
    assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
  });

  test('an IdentityPoolName with a slash is a pattern-mismatch', () => {
    const text = poolText({ IdentityPoolName: 'my/pool' });
    const d = only(poolCheck(text), 'pattern-mismatch');
    assert.deepEqual(d.range, rangeOf(text, '"my/pool"'));
    assert.match(
      d.awsError!.message,
      /Value 'my\/pool' at 'identityPoolName' failed to satisfy constraint: Member must satisfy regular expression pattern: \^\[\\w\\s\+=,\.@-\]\+\$$/,
    );
    assert.equal(d.awsError?.assumed, undefined);
  });

  test('AllowUnauthenticatedIdentities "yes" is invalid-type (a boolean is required)', () => {
    const text = poolText({ AllowUnauthenticatedIdentities: 'yes' });
    const d = only(poolCheck(text), 'invalid-type');
    assert.deepEqual(d.range, rangeOf(text, '"yes"'));
    assert.equal(d.message, '`AllowUnauthenticatedIdentities` must be true or false, not the string `yes`.');
  });

  test('11 SupportedLoginProviders are too-many-items', () => {
    const providers: Record<string, string> = {};
    for (let i = 0; i < 11; i++) providers[`provider${i}.example.com`] = `app${i}`;
    const text = poolText({ SupportedLoginProviders: providers });
    const d = only(poolCheck(text), 'too-many-items');
    assert.deepEqual(d.range.start, rangeOf(text, '"provider10.example.com"').start);
    assert.match(d.message, /11 entries; at most 10/);
  });

  test('a SupportedLoginProviders app id with a space is a pattern-mismatch', () => {
    const text = poolText({ SupportedLoginProviders: { 'graph.facebook.com': 'my app' } });
    const d = only(poolCheck(text), 'pattern-mismatch');
    assert.deepEqual(d.range, rangeOf(text, '"my app"'));
  });

  test('a DeveloperProviderName with a slash is a pattern-mismatch', () => {
    const text = poolText({ DeveloperProviderName: 'login/myapp' });
    const d = only(poolCheck(text), 'pattern-mismatch');
    assert.deepEqual(d.range, rangeOf(text, '"login/myapp"'));
  });

  test('a CognitoIdentityProviders ClientId with a dash is a pattern-mismatch', () => {
    const text = poolText({ CognitoIdentityProviders: [{ ProviderName: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_X', ClientId: 'abc-def' }] });
    const d = only(poolCheck(text), 'pattern-mismatch');
    assert.deepEqual(d.range, rangeOf(text, '"abc-def"'));
  });

  test('a CognitoIdentityProviders ProviderName with a space is a pattern-mismatch', () => {
    const text = poolText({ CognitoIdentityProviders: [{ ProviderName: 'cognito idp', ClientId: 'abc' }] });
    const d = only(poolCheck(text), 'pattern-mismatch');
    assert.deepEqual(d.range, rangeOf(text, '"cognito idp"'));
  });

  test('ServerSideTokenCheck "true" as a string is invalid-type', () => {
    const text = poolText({
      CognitoIdentityProviders: [{ ProviderName: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_X', ClientId: 'abc', ServerSideTokenCheck: 'true' }],
    });
    const d = only(poolCheck(text), 'invalid-type');
    assert.deepEqual(d.range, rangeOf(text, '"true"'));
  });

  test('an unknown field in a CognitoIdentityProviders entry is unknown-property', () => {
    const text = poolText({ CognitoIdentityProviders: [{ ProviderName: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_X', ClientID: 'abc' }] });
    const d = only(poolCheck(text), 'unknown-property');
    assert.deepEqual(d.range, rangeOf(text, '"ClientID"'));
    assert.equal(d.data?.replacements?.[0], 'ClientId');
  });

  test('an OpenIdConnectProviderARNs entry shorter than 20 characters is invalid-length', () => {
    const text = poolText({ OpenIdConnectProviderARNs: ['arn:aws:iam::1:oidc'] });
    const d = only(poolCheck(text), 'invalid-length');
    assert.deepEqual(d.range, rangeOf(text, '"arn:aws:iam::1:oidc"'));
    assert.match(d.message, /20 to 2048 characters/);
  });

  test('a SamlProviderARNs entry that is a number is invalid-type', () => {
    const text = poolText({ SamlProviderARNs: [42] });
    const d = only(poolCheck(text), 'invalid-type');
    assert.deepEqual(d.range, rangeOf(text, '42'));
    assert.match(d.message, /^`SamlProviderARNs\[0\]` must be a string/);
  });

  test('a tag value of 257 characters is invalid-length', () => {
    const value = 't'.repeat(257);
    const text = poolText({ IdentityPoolTags: { team: value } });
    const d = only(poolCheck(text), 'invalid-length');
    assert.deepEqual(d.range, rangeOf(text, `"${value}"`));
  });

  test('51 tags are too-many-items', () => {
    const tags: Record<string, string> = {};
    for (let i = 0; i < 51; i++) tags[`k${i}`] = 'v';
    only(poolCheck(poolText({ IdentityPoolTags: tags })), 'too-many-items');
  });
});
