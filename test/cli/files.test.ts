/**
 * The files the CLI reads: only regular files, bounded in size whatever stat says (a device or a FIFO
 * never hangs it), in the encodings users have (UTF-8, UTF-16 with a byte-order mark), and file names
 * printed with their control characters escaped.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { MAX_INPUT_BYTES, readFileBytes } from '../../cli/files';
import { jsonForTerminal, printable, printableName } from '../../cli/text';
import { UsageError } from '../../cli/usage';
import { cliPath, EXAMPLE_NOW, examples, repoRoot, type CliRun } from './harness';

/** Short: today's failure is a hang, and a hung test must fail, not stall the suite. */
const TIMEOUT_MS = 15_000;

function run(args: readonly string[], cwd = repoRoot): CliRun {
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function assertRefused(args: readonly string[], stderrPattern: RegExp, cwd?: string): void {
  const result = run(args, cwd);
  assert.equal(result.status, 2, `exit code for ${args.join(' ')} (null: it hung)\nstderr: ${result.stderr}`);
  assert.match(result.stderr, stderrPattern);
  assert.equal(result.stdout, '');
}

const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
const UTF16LE_BOM = Buffer.from([0xff, 0xfe]);
const UTF16BE_BOM = Buffer.from([0xfe, 0xff]);
const utf16le = (text: string) => Buffer.concat([UTF16LE_BOM, Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => Buffer.concat([UTF16BE_BOM, Buffer.from(text, 'utf16le').swap16()]);
const utf8bom = (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'identity-pool-roles-files-'));
}

/** A FIFO nobody writes to: opening it for reading the usual way blocks forever. */
function makeFifo(dir: string, name: string): string | undefined {
  const fifo = path.join(dir, name);
  const made = spawnSync('mkfifo', [fifo], { timeout: 5_000 });
  return made.status === 0 ? fifo : undefined;
}

const hasDevZero = existsSync('/dev/zero');
const rolesArgs = ['simulate', '--roles', examples.userPoolRoles, '--identity-pool', examples.userPoolPool];

describe('files that are not regular files are refused (exit 2), never read', () => {
  test('/dev/zero given to check and to every file option of simulate', { skip: !hasDevZero && 'no /dev/zero' }, () => {
    assertRefused(['check', '/dev/zero'], /^identity-pool-roles: Cannot read file \/dev\/zero: it is a character device, not a regular file\.$/m);
    assertRefused(['simulate', '--roles', '/dev/zero'], /Cannot read roles file \/dev\/zero: it is a character device, not a regular file\./);
    assertRefused([...rolesArgs.slice(0, 3), '--identity-pool', '/dev/zero'], /Cannot read identity-pool file \/dev\/zero: it is a character device/);
    assertRefused([...rolesArgs, '--token-file', '/dev/zero'], /Cannot read token file \/dev\/zero: it is a character device/);
    assertRefused([...rolesArgs, '--claims', '/dev/zero'], /Cannot read Claims file \/dev\/zero: it is a character device/);
    assertRefused(
      [...rolesArgs, '--token-file', examples.token('photoshare-admin'), '--jwks', '/dev/zero'],
      /Cannot read JWKS file \/dev\/zero: it is a character device/,
    );
  });

  test('a FIFO (check, --roles, --token-file, --jwks)', (t) => {
    const dir = tempDir();
    const fifo = makeFifo(dir, 'roles.json');
    if (!fifo) return t.skip('mkfifo is not available');
    const refused = /: it is a named pipe \(FIFO\), not a regular file\./;
    assertRefused(['check', fifo], refused);
    assertRefused(['simulate', '--roles', fifo], refused);
    assertRefused([...rolesArgs, '--token-file', fifo], refused);
    assertRefused([...rolesArgs, '--token-file', examples.token('photoshare-admin'), '--jwks', fifo], refused);
  });

  test('a directory, given to check and to simulate', () => {
    const dir = tempDir();
    assertRefused(['check', dir], /: it is a directory\./);
    assertRefused([...rolesArgs, '--claims', dir], /Cannot read Claims file .*: it is a directory\./);
  });

  test('a regular file over the bound is refused by its size', () => {
    const dir = tempDir();
    const big = path.join(dir, 'big.json');
    writeFileSync(big, '');
    truncateSync(big, MAX_INPUT_BYTES + 1); // sparse: no disk used
    assertRefused(['check', big], /Cannot read file .*big\.json: it is larger than 20 MB, more than this tool reads\./);
  });

  test('the bound holds when stat says less than the file holds (a /proc file says 0 bytes)', { skip: !existsSync('/proc/self/status') && 'no /proc' }, () => {
    assert.equal(statSync('/proc/self/status').size, 0, 'the premise: stat says 0');
    assert.throws(
      () => readFileBytes('/proc/self/status', 'file', 100),
      (error: unknown) => {
        assert.ok(error instanceof UsageError);
        assert.equal(error.message, 'Cannot read file /proc/self/status: it is larger than 100 bytes, more than this tool reads.');
        return true;
      },
    );
    assert.ok(readFileBytes('/proc/self/status', 'file').length > 100, 'read whole within the bound');
  });
});

describe('encodings: UTF-8 with or without a byte-order mark, UTF-16 with one', () => {
  test('check reads a UTF-16LE (PowerShell 5), UTF-16BE and UTF-8-with-BOM copy exactly as the UTF-8 original', () => {
    const dir = tempDir();
    const original = run(['check', examples.brokenRoles, examples.brokenPool, '--format', 'json']);
    assert.equal(original.status, 1);
    const expected = (JSON.parse(original.stdout) as Array<{ diagnostics: unknown }>).map((r) => r.diagnostics);
    for (const [name, encode] of [
      ['utf16le', utf16le],
      ['utf16be', utf16be],
      ['utf8bom', utf8bom],
    ] as const) {
      const roles = path.join(dir, `${name}.roles.json`);
      const pool = path.join(dir, `${name}.identity-pool.json`);
      writeFileSync(roles, encode(read(examples.brokenRoles)));
      writeFileSync(pool, encode(read(examples.brokenPool)));
      const result = run(['check', roles, pool, '--format', 'json']);
      assert.equal(result.status, 1, `${name}: ${result.stderr}`);
      const diagnostics = (JSON.parse(result.stdout) as Array<{ diagnostics: unknown }>).map((r) => r.diagnostics);
      assert.deepEqual(diagnostics, expected, `${name}: same diagnostics, same positions`);
    }
  });

  test('a file that is not text gets one `encoding` error at 1:1, not a syntax error', () => {
    const dir = tempDir();
    const latin1 = path.join(dir, 'latin1.roles.json');
    const latin1Bytes = Buffer.from(read(examples.userPoolRoles).replace('PhotoShare-Guest', 'PhotoShare-Invité'), 'latin1');
    writeFileSync(latin1, latin1Bytes);
    const noBom = path.join(dir, 'no-bom.roles.json');
    writeFileSync(noBom, Buffer.from(read(examples.userPoolRoles), 'utf16le'));
    const result = run(['check', latin1, noBom]);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(
      result.stdout,
      [
        `${latin1}:1:1: error encoding The file is not UTF-8 text: byte ${latin1Bytes.indexOf(0xe9) + 1} (0xE9, on line 5) is not valid UTF-8, and there is no UTF-16 byte-order mark; save it as UTF-8.`,
        `${noBom}:1:1: error encoding The file holds a NUL character (on line 1), so it is not a text file, or it is UTF-16 without a byte-order mark; save it as UTF-8.`,
        '2 files checked: 2 errors, 0 warnings, 0 infos, 0 hints.',
        '',
      ].join('\n'),
    );
    assert.equal(result.stderr, '', 'no "nothing to check" note: the file has a diagnostic');
    const json = JSON.parse(run(['check', noBom, '--format', 'json']).stdout) as Array<{ kind: string; diagnostics: Array<{ code: string; range: unknown }> }>;
    assert.deepEqual(
      json.map((r) => [r.kind, r.diagnostics.map((d) => [d.code, d.range])]),
      [['unknown', [['encoding', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }]]]],
    );
  });

  test('a JSON file that is not a role-mapping document gets no false syntax error; a broken one gets the real one', () => {
    const dir = tempDir();
    const other = path.join(dir, 'settings.json');
    writeFileSync(other, utf16le('{ "editor.tabSize": 2 }\n'));
    const clean = run(['check', other]);
    assert.equal(clean.status, 0, clean.stdout);
    assert.equal(clean.stdout, '1 file checked: no problems found.\n');
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{ "a": 1,, }\n');
    assert.match(run(['check', broken]).stdout, /^.*broken\.json:1:10: error syntax-error /);
  });

  test('simulate reads UTF-16 roles, pool, token, claims and JWKS files', () => {
    const dir = tempDir();
    const write = (name: string, text: string) => {
      const file = path.join(dir, name);
      writeFileSync(file, utf16le(text));
      return file;
    };
    const reference = run([
      ...rolesArgs,
      '--token-file',
      examples.token('photoshare-admin'),
      '--jwks',
      examples.jwks,
      '--now',
      EXAMPLE_NOW,
      '--format',
      'json',
    ]);
    assert.equal(reference.status, 0, reference.stderr);
    const result = run([
      'simulate',
      '--roles',
      write('roles.json', read(examples.userPoolRoles)),
      '--identity-pool',
      write('pool.json', read(examples.userPoolPool)),
      '--token-file',
      write('token.jwt', read(examples.token('photoshare-admin'))),
      '--jwks',
      write('jwks.json', read(examples.jwks)),
      '--now',
      EXAMPLE_NOW,
      '--format',
      'json',
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(withoutLocations(JSON.parse(result.stdout)), withoutLocations(JSON.parse(reference.stdout)));
    assert.equal((JSON.parse(result.stdout) as { outcome: string }).outcome, 'role');
  });

  test('simulate refuses a file that is not text with a usage error naming the problem', () => {
    const dir = tempDir();
    const claims = path.join(dir, 'claims.json');
    writeFileSync(claims, Buffer.from(JSON.stringify({ iss: 'https://accounts.google.com', name: 'Zoë' }), 'latin1'));
    assertRefused([...rolesArgs, '--claims', claims], /Cannot read Claims file .*claims\.json: The file is not UTF-8 text: byte \d+ \(0xEB, on line 1\)/);
    const token = path.join(dir, 'token.jwt');
    writeFileSync(token, Buffer.from(read(examples.token('photoshare-admin')), 'utf16le'));
    assertRefused([...rolesArgs, '--token-file', token], /Cannot read token file .*token\.jwt: The file holds a NUL character/);
  });
});

/** Trace locations name the files, which differ between the two runs. */
function withoutLocations(json: unknown): unknown {
  return JSON.parse(JSON.stringify(json, (key, value: unknown) => (key === 'location' || key === 'uri' ? undefined : value)));
}

describe('file names are printed with their control characters escaped', () => {
  const forged = 'x.json:1:1: error forged-line Everything is fine';
  // A name cannot hold a slash: the OSC 8 hyperlink it opens points at a bare host.
  const name = `roles\u001b[2J\u001b]8;;attacker.example\u0007\n${forged}\u009b31m.json`;
  const escapedName = 'roles\\u001b[2J\\u001b]8;;attacker.example\\u0007\\u000a' + forged + '\\u009b31m.json';

  function assertNoControlCharacters(text: string, what: string): void {
    assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, `${what} holds a raw control character: ${JSON.stringify(text)}`);
    for (const line of text.split('\n')) assert.ok(!line.startsWith(forged), `${what} starts a forged line`);
  }

  test('check: the text lines, the "nothing to check" note and the JSON', (t) => {
    const dir = tempDir();
    try {
      writeFileSync(path.join(dir, name), '{ "IdentityPoolId": "us-east-1:11111111-2222-3333-4444-555555555555", "Roles": { "authenticated": "Admin" } }');
      writeFileSync(path.join(dir, `${name}.other.json`), '{ "a": 1 }');
    } catch {
      return t.skip('the file system refuses such names');
    }
    const text = run(['check', name], dir);
    assert.equal(text.status, 1);
    assertNoControlCharacters(text.stdout, 'stdout');
    assert.match(text.stdout, new RegExp(`^${escapeRegExp(escapedName)}:1:\\d+: error invalid-role-arn `, 'm'));

    const note = run(['check', `${name}.other.json`], dir);
    assert.equal(note.status, 0);
    assertNoControlCharacters(note.stderr, 'stderr');
    assert.ok(note.stderr.startsWith(`note: ${escapedName}.other.json is not a SetIdentityPoolRoles file`), note.stderr);

    const json = run(['check', name, '--format', 'json'], dir);
    assertNoControlCharacters(json.stdout, 'JSON output');
    assert.equal((JSON.parse(json.stdout) as Array<{ file: string }>)[0].file, name, 'the JSON still holds the exact name');
  });

  test('error messages: a missing file, a roles file that is not text or not a roles file, a missing token file', (t) => {
    const dir = tempDir();
    try {
      writeFileSync(path.join(dir, `${name}.latin1`), Buffer.from('{"Roles": "é"}', 'latin1'));
      writeFileSync(path.join(dir, `${name}.pool.json`), JSON.stringify({ IdentityPoolName: 'P', AllowUnauthenticatedIdentities: false }));
    } catch {
      return t.skip('the file system refuses such names');
    }
    const roles = path.join(repoRoot, examples.userPoolRoles);
    for (const args of [
      ['check', `${name}.missing`],
      ['simulate', '--roles', `${name}.latin1`],
      ['simulate', '--roles', `${name}.pool.json`],
      ['simulate', '--roles', roles, '--token-file', `${name}.missing`],
    ]) {
      const result = run(args, dir);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assertNoControlCharacters(result.stderr, 'stderr');
      assert.ok(result.stderr.includes(escapedName), `the name is shown escaped: ${result.stderr}`);
    }
  });

  test('simulate: the report names the files escaped', (t) => {
    const dir = tempDir();
    try {
      writeFileSync(path.join(dir, name), read(examples.userPoolRoles));
      writeFileSync(path.join(dir, `${name}.jwt`), read(examples.token('photoshare-admin')));
    } catch {
      return t.skip('the file system refuses such names');
    }
    const result = run(['simulate', '--roles', name, '--token-file', `${name}.jwt`, '--now', EXAMPLE_NOW], dir);
    assert.equal(result.status, 0, result.stderr);
    assertNoControlCharacters(result.stdout, 'stdout');
    assert.match(result.stdout, new RegExp(`^Configuration: ${escapeRegExp(escapedName)}$`, 'm'));
    assert.match(result.stdout, new RegExp(`^Request: +token from ${escapeRegExp(escapedName)}\\.jwt, `, 'm'));
  });
});

describe('text helpers for the terminal', () => {
  test('printableName escapes every control character, newline and tab included; printable keeps a value on one line', () => {
    const name = 'a\tb\nc\rd\u001be\u009bf\u202eg\u2066h.json';
    assert.equal(printableName(name), 'a\\u0009b\\u000ac\\u000dd\\u001be\\u009bf\\u202eg\\u2066h.json');
    assert.equal(printable(name), 'a b c d\\u001be\\u009bf\\u202eg\\u2066h.json');
  });

  test('jsonForTerminal: the same JSON value, with no raw C0, C1, bidi or line-separator character', () => {
    const value = { file: 'x\u001b[2J\u0085\u009b1m\u202e\u2028\u2029.json', nested: ['\u007f', 'plain é'] };
    const text = jsonForTerminal(value);
    assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/);
    assert.deepEqual(JSON.parse(text), value);
    assert.ok(text.includes('plain é'), 'other characters stay as they are');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('README', () => {
  test('says what happens to files that are not regular files, the size bound, and the encodings read', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const cliSection = readme.slice(readme.indexOf('## The CLI'), readme.indexOf('### `simulate`'));
    assert.ok(cliSection.includes(`regular file of at most ${MAX_INPUT_BYTES / 1024 / 1024} MB`), 'the bound, as in cli/files.ts');
    assert.match(cliSection, /`\/dev\/zero`, a FIFO or a socket is refused/);
    assert.match(cliSection, /UTF-8, with or without a byte-order mark, or as UTF-16 \(little- or\s+big-endian\) with a byte-order mark/);
    assert.match(cliSection, /one `encoding` error at 1:1/);
  });
});
