/**
 * Files that are not ours: any valid JSON or YAML document without identity-pool content gets no
 * diagnostic, neither from the checks nor from the syntax check the CLI runs on unrecognised files.
 * A property test with a fixed seed, on near-miss keys and strings as well as random ones.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { stringify as yamlStringify } from 'yaml';
import { parseDocument, unrecognisedSyntaxDiagnostics } from '../../core/documents';
import { checkDocuments } from '../../core/validate/index';

const SEED = 20261207;

/** Field names that make a document ours (a roles, RoleMappings, identity-pool file or a template). */
const IDENTITY_POOL_FIELDS = new Set([
  'Roles',
  'RoleMappings',
  'IdentityPoolId',
  'IdentityPoolName',
  'AllowUnauthenticatedIdentities',
  'AllowClassicFlow',
  'CognitoIdentityProviders',
  'SupportedLoginProviders',
  'OpenIdConnectProviderARNs',
  'SamlProviderARNs',
  'DeveloperProviderName',
  'Type',
  'AmbiguousRoleResolution',
  'RulesConfiguration',
  'Resources',
  'resources',
]);

// Near misses: words of our domain in other places, provider names as keys, keywords the pre-filter looks for.
const key = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    'name',
    'version',
    'roles',
    'role',
    'Role',
    'type',
    'identityPool',
    'IdentityPools',
    'provider',
    'Rules',
    'Claim',
    'Value',
    'RoleARN',
    'authenticated',
    'Properties',
    'Description',
    'accounts.google.com',
    'graph.facebook.com',
    'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC:client',
    'on',
    'jobs',
    'openapi',
    '<<',
    '- x',
    'null',
    'true',
    '1.5',
  ),
);
const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    'IdentityPool',
    'RoleMappings',
    '"Roles": 1',
    'Roles: x',
    'AWS::Cognito::IdentityPool',
    'Type: Rules',
    '"Type": "Token"',
    'AmbiguousRoleResolution',
    '${self:custom.stage}',
    '!Ref Pool',
    'arn:aws:iam::123456789012:role/Auth',
    '# comment',
    '---',
    '&a',
    '*a',
  ),
);
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  ),
})).value;

function hasIdentityPoolField(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasIdentityPoolField);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => IDENTITY_POOL_FIELDS.has(k) || hasIdentityPoolField(v));
}

/** What `check` reports for a file: the checks' diagnostics and, for an unrecognised file, its syntax errors. */
function checkAsTheCliDoes(uri: string, content: string): string[] {
  const document = parseDocument(uri, content);
  const diagnostics = [...(checkDocuments([document]).get(uri) ?? []), ...unrecognisedSyntaxDiagnostics(document)];
  return diagnostics.map((d) => `${document.kind} ${d.code} ${d.range.start.line}:${d.range.start.character} ${d.message}`);
}

const notOurs = jsonValue.filter((value) => !hasIdentityPoolField(value));

test('any valid JSON document without identity-pool content gets no diagnostic', () => {
  fc.assert(
    fc.property(notOurs, fc.boolean(), (value, pretty) => {
      assert.deepEqual(checkAsTheCliDoes('file:///repo/data.json', JSON.stringify(value, null, pretty ? 2 : 0)), []);
    }),
    { seed: SEED, numRuns: 400, includeErrorInReport: true },
  );
});

test('any valid YAML document without identity-pool content gets no diagnostic', () => {
  fc.assert(
    fc.property(notOurs, (value) => {
      assert.deepEqual(checkAsTheCliDoes('file:///repo/data.yaml', yamlStringify(value)), []);
    }),
    { seed: SEED, numRuns: 400, includeErrorInReport: true },
  );
});

test('a stream of several such YAML documents gets no diagnostic either', () => {
  fc.assert(
    fc.property(fc.array(notOurs, { minLength: 2, maxLength: 3 }), (values) => {
      assert.deepEqual(checkAsTheCliDoes('file:///repo/stream.yaml', values.map((v) => yamlStringify(v)).join('---\n')), []);
    }),
    { seed: SEED, numRuns: 150, includeErrorInReport: true },
  );
});

test('a text without role-mapping keywords is screened out and parsed only when its syntax is asked for', () => {
  const valid = parseDocument('file:///repo/x.json', '{"a":1}');
  assert.equal(valid.kind, 'unknown');
  assert.equal(valid.screened, 'not-a-candidate');
  assert.deepEqual(checkDocuments([valid]).get('file:///repo/x.json'), []);
  assert.deepEqual(unrecognisedSyntaxDiagnostics(valid), []);
  assert.equal(valid.parsed.root?.kind, 'object', 'the real text is parsed on first read, not an empty one');

  const broken = parseDocument('file:///repo/y.json', '{\n  "a": 1,,\n}');
  const syntax = unrecognisedSyntaxDiagnostics(broken);
  assert.deepEqual(
    syntax.map((d) => [d.code, d.range]),
    [['syntax-error', { start: { line: 1, character: 9 }, end: { line: 1, character: 10 } }]],
  );
});

test('a file too large to check is reported only when it might be ours, and never parsed for syntax', () => {
  const filler = ' '.repeat(5 * 1024 * 1024);
  const lockFile = parseDocument('file:///repo/package-lock.json', `{"lockfileVersion": 3,${filler}`);
  assert.equal(lockFile.screened, 'too-large');
  assert.deepEqual(checkDocuments([lockFile]).get('file:///repo/package-lock.json'), []);
  assert.deepEqual(unrecognisedSyntaxDiagnostics(lockFile), []);
  const template = parseDocument('file:///repo/big.template.json', `{"Resources": {"Pool": {"Type": "AWS::Cognito::IdentityPool"}},${filler}`);
  assert.deepEqual(
    checkDocuments([template])
      .get('file:///repo/big.template.json')!
      .map((d) => d.code),
    ['file-too-large'],
  );
});
