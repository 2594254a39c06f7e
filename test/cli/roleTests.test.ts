/** `test`: role-test files (format, exit codes, text/json/junit output) and schemas/role-tests.schema.json. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import Ajv from 'ajv';
import { parse as parseYaml } from 'yaml';
import { parseRoleTestFile } from '../../core/index';
import { xml } from '../../cli/testCommand';
import { repoRoot, runCli, runCliJson, tempFiles } from './harness';

const ROLES = readFileSync(path.join(repoRoot, 'examples/google-and-user-pool-rules/roles.json'), 'utf8');
const POOL = readFileSync(path.join(repoRoot, 'examples/google-and-user-pool-rules/identity-pool.json'), 'utf8');
const EXAMPLE_FILES = [
  'examples/user-pool-groups/photo-share.role-tests.yaml',
  'examples/google-and-user-pool-rules/staff-portal.role-tests.yaml',
  'examples/saml/corp-adfs.role-tests.json',
  'examples/cloudformation/photo-share.role-tests.yaml',
];
const GOOGLE = `iss: https://accounts.google.com
      aud: 418329857622-3ksl9examplegoogleclientq5t8b1m.apps.googleusercontent.com
      sub: "1"
      iat: 1767225600
      exp: 1767229200`;

function suite(cases: string, header = 'config: roles.json\nidentityPool: identity-pool.json\nnow: 1767226200\n'): string {
  return tempFiles({ 'roles.json': ROLES, 'identity-pool.json': POOL, 'staff.role-tests.yaml': `${header}cases:\n${cases}` });
}

describe('identity-pool-roles test', () => {
  test('the examples pass, found under a folder, with exit 0', () => {
    const run = runCli(['test', 'examples']);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    for (const file of EXAMPLE_FILES) assert.ok(run.stdout.includes(file), file);
    assert.match(run.stdout, /4 files, \d+ cases: \d+ passed, 0 failed\.\n$/);
    assert.doesNotMatch(run.stdout, /✗/);
  });

  test('without arguments it runs every role-test file under the current folder, skipping node_modules', () => {
    const dir = suite(`  - name: employee\n    claims:\n      ${GOOGLE}\n      hd: example.com\n    expect: { outcome: role }\n`);
    const run = runCli(['test'], dir);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^staff\.role-tests\.yaml\n  ✓ employee\n/);
  });

  test('a failing case: exit 1, its name, what it expected, what it got and the step that decided', () => {
    const dir = suite(
      `  - name: partner account is an employee (wrong on purpose)\n    claims:\n      ${GOOGLE}\n      hd: partner.example.net\n    expect: { outcome: role, roleArn: arn:aws:iam::111122223333:role/StaffPortal-Employee, rule: 0 }\n` +
        `  - name: employee\n    claims:\n      ${GOOGLE}\n      hd: example.com\n    expect: { rule: 0 }\n`,
    );
    const run = runCli(['test', path.join(dir, 'staff.role-tests.yaml')]);
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /✗ partner account is an employee \(wrong on purpose\)\n/);
    assert.match(run.stdout, /at {7}.*staff\.role-tests\.yaml:5\n/);
    assert.match(run.stdout, /expected outcome role, roleArn arn:aws:iam::111122223333:role\/StaffPortal-Employee, rule 0\n/);
    assert.match(run.stdout, /got {6}outcome role, role arn:aws:iam::111122223333:role\/StaffPortal-Partner \(rule 1, via rules\)\n/);
    assert.match(run.stdout, /decided  rule: Rules\[1\] matches: hd "partner\.example\.net" equals/);
    assert.match(run.stdout, /✓ employee\n/);
    assert.match(run.stdout, /2 cases: 1 passed, 1 failed\.\n$/);
  });

  test('--format json: per file, cases with status, expected, actual and mismatches', () => {
    const dir = suite(`  - name: personal account\n    claims:\n      ${GOOGLE}\n    expect: { outcome: role }\n`);
    const { run, json } = runCliJson<
      Array<{
        file: string;
        problems: unknown[];
        cases: Array<{
          name: string;
          status: string;
          line: number;
          mismatches: Array<{ field: string; expected: unknown; actual: unknown }>;
          actual: { outcome: string; errorCode: string };
        }>;
      }>
    >(['test', dir, '--format', 'json']);
    assert.equal(run.status, 1);
    assert.equal(json.length, 1);
    const [c] = json[0].cases;
    assert.equal(c.status, 'fail');
    assert.equal(c.line, 5);
    assert.deepEqual(c.mismatches, [{ field: 'outcome', expected: 'role', actual: 'deny' }]);
    assert.equal(c.actual.errorCode, 'NotAuthorizedException');
  });

  test('--format junit: well-formed XML with the failure, names escaped', () => {
    const dir = suite(`  - name: "<b>&\\"quoted\\" 'x' \\u001b[31m"\n    claims:\n      ${GOOGLE}\n    expect: { outcome: role }\n`);
    const run = runCli(['test', dir, '--format', 'junit']);
    assert.equal(run.status, 1);
    assert.match(run.stdout, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="identity-pool-roles test" tests="1" failures="1" errors="0">/);
    assert.ok(run.stdout.includes('name="&lt;b&gt;&amp;&quot;quoted&quot; &apos;x&apos; \\u001b[31m"'), run.stdout);
    assert.doesNotMatch(run.stdout, /\u001b/);
    assert.match(
      run.stdout,
      /<failure message="expected outcome role; got outcome deny, error NotAuthorizedException \(via ambiguous-resolution\)" type="mismatch">/,
    );
    // Every tag balances.
    const tags = [...run.stdout.matchAll(/<(\/?)(testsuites|testsuite|testcase|failure|error)\b[^>]*?(\/?)>/g)];
    const stack: string[] = [];
    for (const [, close, name, selfClose] of tags) {
      if (selfClose) continue;
      if (close) assert.equal(stack.pop(), name);
      else stack.push(name);
    }
    assert.deepEqual(stack, []);
  });

  test('xml() escapes markup and characters XML 1.0 forbids', () => {
    assert.equal(xml(`a<b>&"'\n`), 'a&lt;b&gt;&amp;&quot;&apos;&#10;');
    assert.equal(xml('\u0000\u0085\u202e\ud800x\uffff'), '\\u0000\\u0085\\u202e\\ud800x\\uffff');
    assert.equal(xml('😀'), '😀');
  });

  test('a broken test file: exit 2 with each problem at its line', () => {
    const dir = suite(
      `  - name: no sign-in\n    expect: { outcome: role }\n  - name: two sign-ins\n    guest: true\n    claims: { iss: x }\n    expect: { outcome: role }\n  - name: bad expect\n    guest: true\n    expect: { outcome: granted, rules: 1 }\n  - name: no expect\n    guest: true\n`,
      'config: roles.json\nnow: tomorrow\nextra: 1\n',
    );
    const run = runCli(['test', dir]);
    assert.equal(run.status, 2, run.stdout + run.stderr);
    assert.match(run.stdout, /staff\.role-tests\.yaml:2:6: `now` takes a time in Unix seconds/);
    assert.match(run.stdout, /staff\.role-tests\.yaml:3:1: Unknown key "extra" in the role-test file/);
    assert.match(run.stdout, /Case 0: give the sign-in: one of `claims`, `token`, `tokenFile` or `guest: true`\./);
    assert.match(run.stdout, /Case 1: give only one of `claims`, `token`, `tokenFile` and `guest` \(got `claims` and `guest`\)\./);
    assert.match(run.stdout, /Case 2: `expect.outcome` is one of role, deny, error, unknown\./);
    assert.match(run.stdout, /Unknown key "rules" in the expect of case 2/);
    assert.match(run.stdout, /Case 3: `expect` is missing/);
    assert.match(run.stdout, /1 file could not run\.\n$/);
  });

  test('a syntax error, an empty file, a config that is not a role configuration, a missing token file', () => {
    const dir = tempFiles({
      'a.role-tests.json': '{ "config": "roles.json", ',
      'b.role-tests.yaml': '',
      'c.role-tests.yaml': 'config: identity-pool.json\ncases:\n  - name: g\n    guest: true\n    expect: { outcome: role }\n',
      'd.role-tests.yaml': 'config: missing.json\ncases:\n  - name: g\n    guest: true\n    expect: { outcome: role }\n',
      'e.role-tests.yaml': 'config: roles.json\ncases:\n  - name: t\n    tokenFile: nope.jwt\n    expect: { outcome: role }\n',
      'roles.json': ROLES,
      'identity-pool.json': POOL,
    });
    const run = runCli(['test', dir]);
    assert.equal(run.status, 2);
    assert.match(run.stdout, /a\.role-tests\.json:1:\d+: Syntax error/);
    assert.match(run.stdout, /b\.role-tests\.yaml:1:1: The file is empty/);
    assert.match(run.stdout, /c\.role-tests\.yaml:1:9: `config` identity-pool\.json is an identity-pool file: give it as `identityPool`/);
    assert.match(run.stdout, /d\.role-tests\.yaml:1:9: Cannot read config file .*missing\.json: no such file\./);
    assert.match(run.stdout, /! t\n {6}at .*e\.role-tests\.yaml:3\n {6}error {4}Cannot read token file .*nope\.jwt: no such file\./);
  });

  test('bad usage: no role-test files, a missing path, an unknown format (exit 2)', () => {
    const empty = tempFiles({ 'roles.json': ROLES });
    let run = runCli(['test'], empty);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /No role-test files/);
    run = runCli(['test', 'no/such/folder']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /no such file or folder/);
    run = runCli(['test', 'examples', '--format', 'xml']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--format takes 'text', 'json' or 'junit'/);
    run = runCli(['test', '--help']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /Usage: identity-pool-roles test/);
  });

  test('a hostile case name and file content never reach the terminal as escapes', () => {
    const dir = suite(`  - name: "\\u001b]8;;https://evil.example\\u0007click\\u202e"\n    claims:\n      ${GOOGLE}\n    expect: { outcome: role }\n`);
    const run = runCli(['test', dir]);
    assert.equal(run.status, 1);
    assert.doesNotMatch(run.stdout, /[\u001b\u0007\u202e]/);
    assert.match(run.stdout, /\\u001b\]8;;https:\/\/evil\.example\\u0007click\\u202e/);
  });
});

describe('role-test format', () => {
  test('parses the issue example shape, with ranges for each case', () => {
    const parsed = parseRoleTestFile(
      'x.role-tests.yaml',
      'config: roles.json\npool: AppIdentityPool\nnow: 2026-01-01T00:10:00Z\ncases:\n  - name: admins\n    claims: { iss: a, aud: b, "cognito:groups": [admins] }\n    login: l\n    customRoleArn: arn:aws:iam::1:role/x\n    expect: { outcome: role, roleArn: arn:aws:iam::111122223333:role/Admins, rule: 0 }\n',
    );
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.file?.now, 1767226200);
    assert.equal(parsed.file?.pool, 'AppIdentityPool');
    const [c] = parsed.file!.cases;
    assert.deepEqual(c.expect, { outcome: 'role', roleArn: 'arn:aws:iam::111122223333:role/Admins', rule: 0 });
    assert.deepEqual(c.claims, { iss: 'a', aud: 'b', 'cognito:groups': ['admins'] });
    assert.equal(c.range.start.line, 4);
    assert.deepEqual(c.nameRange.start, { line: 4, character: 10 });
  });

  test('duplicate names and claims without iss or login are problems', () => {
    const parsed = parseRoleTestFile(
      'x.role-tests.yaml',
      'config: r.json\ncases:\n  - { name: a, guest: true, expect: { outcome: role } }\n  - { name: a, claims: { sub: x }, expect: { outcome: role } }\n',
    );
    assert.equal(parsed.file, undefined);
    assert.equal(parsed.cases.length, 2);
    assert.match(parsed.problems.map((p) => p.message).join('\n'), /the claims have no "iss"[\s\S]*Two cases are named "a"/);
  });

  test('the JSON Schema accepts the examples and rejects what the parser rejects', () => {
    const schema = JSON.parse(readFileSync(path.join(repoRoot, 'schemas/role-tests.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    for (const file of EXAMPLE_FILES) {
      const text = readFileSync(path.join(repoRoot, file), 'utf8');
      const value = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
      assert.ok(validate(value), `${file}: ${JSON.stringify(validate.errors)}`);
      assert.deepEqual(parseRoleTestFile(file, text).problems, [], file);
    }
    const broken = [
      { cases: [{ name: 'a', guest: true, expect: { outcome: 'role' } }] },
      { config: 'r', cases: [] },
      { config: 'r', cases: [{ name: 'a', expect: { outcome: 'role' } }] },
      { config: 'r', cases: [{ name: 'a', guest: true, token: 't', expect: { outcome: 'role' } }] },
      { config: 'r', cases: [{ name: 'a', guest: true, expect: {} }] },
      { config: 'r', cases: [{ name: 'a', guest: true, expect: { outcome: 'granted' } }] },
      { config: 'r', typo: 1, cases: [{ name: 'a', guest: true, expect: { outcome: 'role' } }] },
    ];
    for (const value of broken) {
      assert.equal(validate(value), false, JSON.stringify(value));
      assert.notDeepEqual(parseRoleTestFile('x.role-tests.json', JSON.stringify(value)).problems, [], JSON.stringify(value));
    }
  });
});
