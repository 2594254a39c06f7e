/**
 * RoleMappings-only files (the AWS CLI's `set-identity-pool-roles --role-mappings file://...` value):
 * recognised by content, checked with every roles check that applies, and simulated with the default
 * roles unknown.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { detectKind, parseDocument, parseText } from '../../core/documents';
import { evaluateRequest } from '../../core/evaluate/index';
import { checkDocuments } from '../../core/validate/index';
import { check, rangeOf, rule, rulesMapping, USER_POOL_KEY } from './validate-fixtures';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/role-mappings');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const URI = 'file:///work/mappings.json';
const NOW = 1767226200;

/** The range of the innermost `{...}` (without nested objects) around the nth occurrence of `needle`. */
function objectAround(text: string, needle: string, nth: number): ReturnType<typeof rangeOf> {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  const start = text.lastIndexOf('{', offset);
  const end = text.indexOf('}', offset) + 1;
  return { start: positionAt(text, start), end: positionAt(text, end) };
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

function kindOf(text: string, format: 'json' | 'yaml' = 'json'): string {
  return detectKind(parseText(text, format));
}

describe('recognising a RoleMappings file', () => {
  test('the fixtures (JSON) and the same map in YAML are role-mappings documents', () => {
    assert.equal(parseDocument(URI, fixture('photo-share.role-mappings.json')).kind, 'role-mappings');
    assert.equal(parseDocument(URI, fixture('photo-share-broken.role-mappings.json')).kind, 'role-mappings');
    assert.equal(parseDocument('file:///work/mappings.yaml', fixture('partners.role-mappings.yaml')).kind, 'role-mappings');
  });

  test('every key shape of a provider counts: user pool, public providers, OIDC host, OIDC and SAML ARNs, URL form', () => {
    const mapping = { Type: 'Token', AmbiguousRoleResolution: 'Deny' };
    for (const key of [
      USER_POOL_KEY,
      'accounts.google.com',
      'graph.facebook.com',
      'www.amazon.com',
      'appleid.apple.com',
      'login.partner.example',
      'arn:aws:iam::123456789012:oidc-provider/login.partner.example',
      'arn:aws:iam::123456789012:saml-provider/Corp',
      `https://${USER_POOL_KEY}`,
    ]) {
      assert.equal(kindOf(JSON.stringify({ [key]: mapping })), 'role-mappings', key);
    }
  });

  test('a mapping being typed (no Type yet, but AmbiguousRoleResolution) still counts', () => {
    assert.equal(kindOf('{"accounts.google.com": {"AmbiguousRoleResolution": "Deny"}, "graph.facebook.com": }'), 'role-mappings');
  });

  test('maps that only look alike are not role mappings', () => {
    // DNS records, SupportedLoginProviders alone, plain configuration keyed by host names, other keys.
    assert.equal(kindOf('{"www.example.com": {"Type": "CNAME", "Value": "example.net"}}'), 'unknown');
    assert.equal(kindOf('{"accounts.google.com": "123-abc.apps.googleusercontent.com"}'), 'unknown');
    assert.equal(kindOf('{"api.example.com": {"timeout": 30}, "cdn.example.com": {"timeout": 5}}'), 'unknown');
    assert.equal(kindOf('{"accounts.google.com": {"Type": "Rules"}, "default": {"Type": "Rules"}}'), 'unknown');
    assert.equal(kindOf('{"accounts.google.com": {"Type": "Rules"}, "graph.facebook.com": ["Token"]}'), 'unknown');
    assert.equal(kindOf('{}'), 'unknown');
  });
});

describe('checking a RoleMappings file', () => {
  test('a valid file has no findings, and an AuthenticatedRole fallback is not reported: the default roles are set elsewhere', () => {
    const result = checkDocuments([parseDocument(URI, fixture('photo-share.role-mappings.json'))]);
    assert.deepEqual(result.get(URI), []);
  });

  test('the broken fixture gets each finding, with its exact range', () => {
    const text = fixture('photo-share-broken.role-mappings.json');
    const found = check(text, [], URI).map((d) => [d.code, d.range]);
    assert.deepEqual(found, [
      ['mapping-key-url-form', rangeOf(text, '"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ph0t0Sh4r"')],
      ['invalid-enum-value', rangeOf(text, '"Rule"')],
      ['ambiguous-resolution-required', rangeOf(text, '"accounts.google.com"')],
      ['rule-shadowed', objectAround(text, '"email_verified"', 1)],
      ['invalid-enum-value', rangeOf(text, '"Equal"')],
      ['invalid-role-arn', rangeOf(text, '"photoshare-staff"')],
    ]);
  });

  test('the same mappings give the same messages and AWS errors as under RoleMappings in a SetIdentityPoolRoles file', () => {
    const text = fixture('photo-share-broken.role-mappings.json');
    const alone = check(text, [], URI);
    const roles = { authenticated: 'arn:aws:iam::210987654321:role/photoshare-users' };
    const rolesText = JSON.stringify(
      { IdentityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555', Roles: roles, RoleMappings: JSON.parse(text) },
      null,
      2,
    );
    const inRolesFile = check(rolesText, [], 'file:///work/roles.json');
    const summary = (list: typeof alone) => list.map((d) => ({ code: d.code, message: d.message, awsError: d.awsError }));
    assert.deepEqual(summary(alone), summary(inRolesFile));
    assert.match(alone[1].awsError!.message, /at 'roleMappings\.graph\.facebook\.com\.type'/);
  });

  test('the quotas come from the schema: more than 10 mappings and more than 25 rules', () => {
    const mappings: Record<string, unknown> = {};
    for (let i = 0; i < 11; i++) mappings[`login${i}.partner.example`] = rulesMapping([rule('sub', 'Equals', `user${i}`)]);
    mappings['login0.partner.example'] = rulesMapping(Array.from({ length: 26 }, (_, i) => rule('sub', 'Equals', `user${i}`)));
    const text = JSON.stringify(mappings, null, 2);
    const diagnostics = check(text, [], URI);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['too-many-rules', 'too-many-mappings'],
    );
    assert.equal(diagnostics[1].range.start.line, rangeOf(text, '"login10.partner.example"').start.line);
    assert.match(diagnostics[0].message, /26 rules/);
  });

  test('the shape check names fields as the API does: a missing Type and an unknown field', () => {
    const text = JSON.stringify({ 'accounts.google.com': { AmbiguousRoleResolution: 'Deny', Rules: [] } }, null, 2);
    const diagnostics = check(text, [], URI);
    const missing = diagnostics.find((d) => d.code === 'missing-required')!;
    assert.equal(missing.message, 'The role mapping for `accounts.google.com` is missing the required field `Type`.');
    assert.deepEqual(missing.range, rangeOf(text, '"accounts.google.com"'));
    const unknown = diagnostics.find((d) => d.code === 'unknown-property')!;
    assert.deepEqual(unknown.range, rangeOf(text, '"Rules"'));
    assert.match(unknown.awsError!.message, /Unknown parameter in RoleMappings\.accounts\.google\.com: "Rules"/);
  });

  test('YAML: the same checks at YAML ranges', () => {
    const text = fixture('partners.role-mappings.yaml');
    const uri = 'file:///work/partners.yaml';
    const result = checkDocuments([parseDocument(uri, text)]).get(uri)!;
    assert.deepEqual(
      result.map((d) => [d.code, d.range]),
      [
        ['token-mapping-without-roles-claim', rangeOf(text, 'Token')],
        ['claim-never-sent', rangeOf(text, 'email', 0)],
      ],
    );
  });
});

describe('simulating a RoleMappings file', () => {
  const pool = () => parseDocument(URI, fixture('photo-share.role-mappings.json')).pools[0];
  const userPoolClaims = (groups: string[]) => ({
    iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ph0t0Sh4r',
    aud: '5q9examplewebclient7k3xz',
    token_use: 'id',
    'cognito:groups': groups,
  });

  test('a matching rule gives its role, as in a full roles file', () => {
    const result = evaluateRequest(pool(), { claims: userPoolClaims(['editors']), now: NOW });
    assert.equal(result.outcome, 'role');
    assert.equal(result.roleArn, 'arn:aws:iam::210987654321:role/photoshare-editors');
    assert.equal(result.matchedRuleIndex, 0);
  });

  test('falling to the default authenticated role is unknown, not a missing role', () => {
    const result = evaluateRequest(pool(), { claims: userPoolClaims(['viewers']), now: NOW });
    assert.equal(result.outcome, 'unknown');
    assert.equal(result.roleArn, null);
    assert.equal(result.errorCode, null, 'no AWS error is claimed');
    assert.equal(result.via, 'ambiguous-resolution');
    assert.match(result.message, /That role is unknown: mappings\.json holds only RoleMappings/);
    assert.deepEqual(result.trace.at(-1)?.step, 'default-role');
    assert.equal(result.trace.at(-1)?.status, 'skip');
    assert.ok(
      result.assumptions.some((a) => /holds only RoleMappings/.test(a)),
      JSON.stringify(result.assumptions),
    );
  });

  test('a provider without a mapping and a guest are unknown too; a Deny mapping still denies', () => {
    const noMapping = evaluateRequest(pool(), { loginKey: 'graph.facebook.com', claims: { sub: '1' }, now: NOW });
    assert.equal(noMapping.outcome, 'unknown');
    assert.equal(noMapping.via, 'default-authenticated');
    assert.match(noMapping.message, /unknown/);
    const guest = evaluateRequest(pool(), { now: NOW });
    assert.equal(guest.outcome, 'unknown');
    assert.equal(guest.via, 'default-unauthenticated');
    assert.equal(guest.roleArn, null);
    assert.match(guest.message, /unknown/);
    const denied = evaluateRequest(pool(), { loginKey: 'accounts.google.com', claims: { hd: 'other.example' }, now: NOW });
    assert.equal(denied.outcome, 'deny');
    assert.equal(denied.errorCode, 'NotAuthorizedException');
  });
});
