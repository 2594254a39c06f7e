/** "Save as test case": appending a case to a role-test file keeps what is written and stays valid. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { appendRoleTestCase, newRoleTestFileText, parseRoleTestFile, type NewRoleTestCase } from '../../core/index';

const root = path.resolve(__dirname, '../../..');
const example = (file: string) => readFileSync(path.join(root, 'examples', file), 'utf8');
const CASE: NewRoleTestCase = {
  name: 'a partner gets the Partner role',
  login: 'accounts.google.com',
  claims: { iss: 'https://accounts.google.com', hd: 'partner.example.net', 'cognito:groups': ['a', 'b'] },
  expect: { outcome: 'role', roleArn: 'arn:aws:iam::111122223333:role/StaffPortal-Partner', rule: 1 },
};

function appended(uri: string, text: string, c: NewRoleTestCase = CASE): string {
  const result = appendRoleTestCase(uri, text, c);
  assert.ok('text' in result, 'error' in result ? result.error : '');
  return result.text;
}

describe('appendRoleTestCase', () => {
  test('YAML: the case is added at the end of cases with the list indentation; comments and the rest are kept', () => {
    const text = example('google-and-user-pool-rules/staff-portal.role-tests.yaml');
    const after = appended('staff.role-tests.yaml', text);
    assert.ok(after.startsWith(text.trimEnd()), 'what was written is kept');
    const parsed = parseRoleTestFile('staff.role-tests.yaml', after);
    assert.deepEqual(parsed.problems, []);
    const last = parsed.file!.cases.at(-1)!;
    assert.equal(parsed.file!.cases.length, 7);
    assert.equal(last.name, CASE.name);
    assert.deepEqual(last.claims, CASE.claims);
    assert.deepEqual(last.expect, CASE.expect);
    assert.equal(last.login, 'accounts.google.com');
  });

  test('YAML: a list at column 0, CRLF line ends, no final newline, and text after the list', () => {
    const text = 'config: r.json\r\ncases:\r\n- name: g\r\n  guest: true\r\n  expect: { outcome: role }\r\n# trailing comment\r\nnow: 1';
    const after = appended('x.role-tests.yml', text);
    assert.ok(!/[^\r]\n/.test(after), 'CRLF kept');
    assert.ok(after.includes('# trailing comment'));
    const parsed = parseRoleTestFile('x.role-tests.yml', after);
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.file!.cases.length, 2);
    assert.equal(parsed.file!.now, 1);
  });

  test('JSON: the case is added to the array', () => {
    const text = example('saml/corp-adfs.role-tests.json');
    const after = appended('corp.role-tests.json', text, { name: 'guest', guest: true, expect: { outcome: 'error', errorCode: 'NotAuthorizedException' } });
    const parsed = parseRoleTestFile('corp.role-tests.json', after);
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.file!.cases.length, 3);
    assert.equal(parsed.file!.cases[2].guest, true);
    assert.deepEqual(parsed.file!.cases[2].expect, { outcome: 'error', errorCode: 'NotAuthorizedException' });
  });

  test('a hostile name or claim stays one value (it cannot add keys or cases)', () => {
    const hostile: NewRoleTestCase = {
      name: 'x"\n  - name: injected\n    guest: true\n#',
      claims: { iss: 'a\nexpect: {}', 'k": 1, "z': '\u2028' },
      expect: { outcome: 'deny' },
    };
    for (const uri of ['h.role-tests.yaml', 'h.role-tests.json']) {
      const start = uri.endsWith('.json')
        ? '{"config": "r.json", "cases": [{"name": "g", "guest": true, "expect": {"outcome": "role"}}]}'
        : 'config: r.json\ncases:\n  - name: g\n    guest: true\n    expect: { outcome: role }\n';
      const parsed = parseRoleTestFile(uri, appended(uri, start, hostile));
      assert.deepEqual(parsed.problems, [], uri);
      assert.equal(parsed.file!.cases.length, 2, uri);
      assert.equal(parsed.file!.cases[1].name, hostile.name, uri);
      assert.deepEqual(parsed.file!.cases[1].claims, hostile.claims, uri);
    }
  });

  test('a file without cases gets them; a flow list or a syntax error is refused with a reason', () => {
    const parsed = parseRoleTestFile('a.role-tests.yaml', appended('a.role-tests.yaml', 'config: r.json'));
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(appendRoleTestCase('b.role-tests.yaml', 'config: r.json\ncases: [{ name: g, guest: true, expect: { outcome: role } }]\n', CASE), {
      error: '`cases` is written as a flow list ([...]): write it as a block list (`- name: ...`) to append to it.',
    });
    assert.ok('error' in appendRoleTestCase('c.role-tests.json', '{ "config": ', CASE));
  });
});

describe('newRoleTestFileText', () => {
  test('YAML and JSON files that parse back to the setup and the case', () => {
    for (const format of ['yaml', 'json'] as const) {
      const uri = `n.role-tests.${format}`;
      const parsed = parseRoleTestFile(uri, newRoleTestFileText({ config: 'roles.json', identityPool: 'identity-pool.json', now: 1767226200 }, CASE, format));
      assert.deepEqual(parsed.problems, [], format);
      assert.equal(parsed.file!.config, 'roles.json');
      assert.equal(parsed.file!.identityPool, 'identity-pool.json');
      assert.equal(parsed.file!.now, 1767226200);
      assert.deepEqual(parsed.file!.cases[0].expect, CASE.expect);
    }
  });
});
