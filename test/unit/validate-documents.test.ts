/** checkDocuments as a whole: bad input never crashes, results are per document, linked and sorted. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDocument } from '../../core/documents';
import { checkDocuments } from '../../core/validate/index';
import { validateShape } from '../../core/validate/shape';
import {
  check,
  checkAll,
  codes,
  none,
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

describe('checkDocuments', () => {
  test('broken JSON gives syntax-error diagnostics and still checks what could be read, without crashing', () => {
    const text = `{\n  "IdentityPoolId": "${POOL_ID}",\n  "Roles": {"authenticated": "arn:aws:iam::123456789012:role/Auth"},\n  "RoleMappings": {\n    "accounts.google.com": {"Type": "Rule"\n`;
    const diagnostics = check(text);
    assert.ok(diagnostics.some((d) => d.code === 'syntax-error' && d.severity === 'error'));
    assert.ok(
      diagnostics.some((d) => d.code === 'invalid-enum-value'),
      JSON.stringify(codes(diagnostics)),
    );
  });

  test('a text cut in the middle of every position never throws', () => {
    const full = rolesText({ [USER_POOL_KEY]: rulesMapping([rule('cognito:groups', 'Contains', 'admin'), rule('email', 'NotEqual', 'x')]) });
    for (let cut = 0; cut <= full.length; cut += 7) {
      assert.doesNotThrow(() => check(full.slice(0, cut)), `cut at ${cut}`);
    }
  });

  test('a value nested 3000 levels deep is checked without a stack overflow', () => {
    const depth = 3000;
    const text = `{"IdentityPoolId": "${POOL_ID}", "Roles": {}, "RoleMappings": {"accounts.google.com": ${'{"Type": '.repeat(depth)}"Rules"${'}'.repeat(depth)}}}`;
    const diagnostics = check(text);
    assert.ok(diagnostics.some((d) => d.code === 'invalid-type'));
  });

  test('a file with unknown fields at every level reports each one on its key', () => {
    const text = JSON.stringify(
      {
        IdentityPoolId: POOL_ID,
        Roles: {},
        Comment: 'x',
        RoleMappings: { 'accounts.google.com': { ...rulesMapping([{ ...rule('email', 'Equals', 'x'), Note: 'y' }]), Enabled: true } },
      },
      null,
      2,
    );
    const unknown = check(text).filter((d) => d.code === 'unknown-property');
    assert.deepEqual(
      unknown.map((d) => d.range),
      [rangeOf(text, '"Comment"'), rangeOf(text, '"Note"'), rangeOf(text, '"Enabled"')],
    );
  });

  test('an empty object is not a role-mapping document and gets no diagnostics', () => {
    const result = checkDocuments([parseDocument(ROLES_URI, '{}')]);
    assert.deepEqual(result.get(ROLES_URI), []);
  });

  test('an empty file and a JSON array get an entry with no diagnostics', () => {
    const result = checkDocuments([parseDocument('file:///a.json', ''), parseDocument('file:///b.json', '[1, 2]')]);
    assert.deepEqual(result.get('file:///a.json'), []);
    assert.deepEqual(result.get('file:///b.json'), []);
  });

  test('a roles file and a pool file with the same IdentityPoolId are checked together, each diagnostic in its own file', () => {
    const roles = rolesText(
      { 'graph.facebook.com': rulesMapping([rule('sub', 'Equals', 'x')]) },
      { Roles: { authenticated: 'arn:aws:iam::123456789012:role/Auth' } },
    );
    const pool = poolText({ AllowUnauthenticatedIdentities: true });
    const result = checkAll([
      { uri: ROLES_URI, text: roles },
      { uri: POOL_URI, text: pool },
    ]);
    assert.deepEqual(codes(result.get(ROLES_URI)!), ['mapping-key-not-registered']);
    assert.deepEqual(codes(result.get(POOL_URI)!), ['guest-access-without-unauthenticated-role']);
  });

  test('diagnostics are sorted by position', () => {
    const text = rolesText(
      { 'accounts.google.com': rulesMapping([rule('email', 'Equal', 'x', 'Admin'), rule('custom:tier', 'Contains', 'gold')], { Type: 'Rule' }) },
      { IdentityPoolId: 'bad' },
    );
    const diagnostics = check(text);
    assert.ok(diagnostics.length >= 4);
    const positions = diagnostics.map((d) => d.range.start.line * 10_000 + d.range.start.character);
    assert.deepEqual(
      positions,
      [...positions].sort((a, b) => a - b),
    );
  });

  test('a file above the size limit passes its file-too-large diagnostic through', () => {
    const huge = `{"Roles": {}, "x": "${'a'.repeat(5 * 1024 * 1024)}"}`;
    const result = checkDocuments([parseDocument(ROLES_URI, huge)]);
    assert.deepEqual(codes(result.get(ROLES_URI)!), ['file-too-large']);
  });

  test('validateShape of an unknown schema id gives no diagnostics instead of throwing', () => {
    const document = parseDocument(ROLES_URI, rolesText());
    assert.deepEqual(validateShape(document.parsed, document.parsed.root!, 'no-such-schema', ROLES_URI), []);
  });

  test('a 10-mapping by 25-rule file is checked in well under a second', () => {
    const mappings: Record<string, unknown> = {};
    for (let m = 0; m < 10; m++) {
      mappings[`arn:aws:iam::123456789012:oidc-provider/idp${m}.example.com`] = rulesMapping(
        Array.from({ length: 25 }, (_, r) => rule('email', 'Equals', `user${m}-${r}@example.com`)),
      );
    }
    const text = rolesText(mappings);
    check(text);
    const started = performance.now();
    for (let i = 0; i < 20; i++) check(text);
    const perCheck = (performance.now() - started) / 20;
    assert.ok(perCheck < 50, `one check took ${perCheck.toFixed(1)} ms`);
    none(check(text), 'rule-shadowed');
  });
});
