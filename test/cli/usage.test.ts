/** Bad usage and unreadable input: exit code 2, a message on stderr, nothing secret in it. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { EXAMPLE_NOW, examples, repoRoot, runCli, tempFiles } from './harness';

const rolesArgs = ['simulate', '--roles', examples.userPoolRoles, '--identity-pool', examples.userPoolPool];
const adminToken = readFileSync(path.join(repoRoot, examples.token('photoshare-admin')), 'utf8').trim();

function assertUsageError(args: string[], stderrPattern: RegExp, cwd?: string): string {
  const run = runCli(args, cwd);
  assert.equal(run.status, 2, `exit code for ${args.join(' ')}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  assert.match(run.stderr, stderrPattern);
  assert.equal(run.stdout, '', 'bad usage prints nothing on stdout');
  return run.stderr;
}

/** No part of a token (header, payload or signature segment) on stderr. */
function assertNoTokenText(stderr: string, token: string): void {
  for (const segment of token.split('.')) assert.ok(!stderr.includes(segment.slice(0, 24)), `stderr shows part of the token: ${stderr}`);
}

describe('help and version', () => {
  test('--help and -h print the usage on stdout and exit 0', () => {
    for (const args of [['--help'], ['-h'], ['simulate', '--help'], ['check', '-h']]) {
      const run = runCli(args);
      assert.equal(run.status, 0, args.join(' '));
      assert.match(run.stdout, /Usage/);
    }
  });

  test('simulate --help lists every option of the contract', () => {
    const { stdout } = runCli(['simulate', '--help']);
    for (const option of [
      '--roles',
      '--identity-pool',
      '--pool',
      '--login',
      '--token',
      '--token-file',
      '--claims',
      '--custom-role-arn',
      '--jwks',
      '--now',
      '--format',
    ]) {
      assert.ok(stdout.includes(option), option);
    }
  });

  test('--version prints the package version', () => {
    const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
    const run = runCli(['--version']);
    assert.equal(run.status, 0);
    assert.equal(run.stdout.trim(), version);
  });

  test('no command, or an unknown command, is bad usage', () => {
    assert.equal(runCli([]).status, 2);
    assertUsageError(['simulat'], /Unknown command/);
  });
});

describe('simulate: bad usage exits 2 with a message', () => {
  test('without --roles', () => {
    assertUsageError(['simulate', '--now', EXAMPLE_NOW], /--roles/);
  });

  test('an unknown option is named', () => {
    assertUsageError([...rolesArgs, '--tokn', 'x'], /Unknown option --tokn/);
  });

  test('an option without its value', () => {
    assertUsageError([...rolesArgs, '--now'], /--now needs a value/);
    assertUsageError(['simulate', '--roles', '--format', 'json'], /--roles needs a value/);
  });

  test('an option given twice', () => {
    assertUsageError([...rolesArgs, '--now', '1', '--now', '2'], /--now is given more than once/);
  });

  test('both --token and --claims', () => {
    assertUsageError(
      [...rolesArgs, '--token', adminToken, '--claims', 'examples/saml/claims/finance-analyst.json'],
      /at most one of --token, --token-file and --claims/,
    );
  });

  test('both --token and --token-file', () => {
    assertUsageError([...rolesArgs, '--token', adminToken, '--token-file', examples.token('photoshare-admin')], /at most one/);
  });

  test('a --now that is not Unix seconds', () => {
    for (const now of ['2026-01-01T00:00:00Z', 'soon', '-5', '1.5e9']) {
      assertUsageError([...rolesArgs, `--now=${now}`], /--now takes a time in Unix seconds/);
    }
  });

  test('a --format other than text or json', () => {
    assertUsageError([...rolesArgs, '--format', 'yaml'], /--format takes 'text' or 'json'/);
  });

  test('a positional argument (e.g. a token without --token)', () => {
    const stderr = assertUsageError([...rolesArgs, adminToken], /Unexpected argument/);
    assertNoTokenText(stderr, adminToken);
  });
});

describe('simulate: unreadable input exits 2 with a message', () => {
  test('a missing --roles file is named', () => {
    assertUsageError(['simulate', '--roles', 'examples/does-not-exist.json'], /examples\/does-not-exist\.json: no such file/);
  });

  test('a missing --identity-pool, --token-file, --claims or --jwks file', () => {
    assertUsageError([...rolesArgs.slice(0, 3), '--identity-pool', 'nope.json'], /nope\.json: no such file/);
    assertUsageError([...rolesArgs, '--token-file', 'nope.jwt'], /nope\.jwt: no such file/);
    assertUsageError([...rolesArgs, '--claims', 'nope.json'], /nope\.json: no such file/);
    assertUsageError([...rolesArgs, '--jwks', 'nope.json'], /nope\.json: no such file/);
  });

  test('a claims file that is not a JSON object', () => {
    const dir = tempFiles({
      'array.json': '["admins"]',
      'broken.json': '{"iss": "https://accounts.google.com", "email": "secret-person@example.com",',
      'string.json': '"x"',
    });
    assertUsageError([...rolesArgs, '--claims', path.join(dir, 'array.json')], /must hold a JSON object, but it holds an array/);
    assertUsageError([...rolesArgs, '--claims', path.join(dir, 'string.json')], /must hold a JSON object/);
    const stderr = assertUsageError([...rolesArgs, '--claims', path.join(dir, 'broken.json')], /is not valid JSON/);
    assert.ok(!stderr.includes('secret-person'), 'the claim value is not shown');
  });

  test('claims without iss and without --login ask for --login, without showing claim values', () => {
    const dir = tempFiles({ 'claims.json': JSON.stringify({ email: 'secret-person@example.com', 'custom:dept': 'HiddenDept' }) });
    const stderr = assertUsageError([...rolesArgs, '--claims', path.join(dir, 'claims.json')], /no "iss".*--login/s);
    assert.ok(!stderr.includes('secret-person') && !stderr.includes('HiddenDept'));
  });

  test('an invalid JWKS file', () => {
    const dir = tempFiles({
      'nokeys.json': '{"kid": "k"}',
      'badkeys.json': '{"keys": [1, 2]}',
      'nokty.json': '{"keys": [{"kid": "k"}]}',
      'array.json': '[{"kty": "RSA"}]',
      'notjson.json': 'keys',
    });
    for (const file of ['nokeys.json', 'badkeys.json', 'nokty.json', 'array.json']) {
      assertUsageError(
        [...rolesArgs, '--token', adminToken, '--jwks', path.join(dir, file)],
        /JWKS file .* is not a JSON Web Key Set: it must be an object with a "keys" array of JWKs/,
      );
    }
    assertUsageError(
      [...rolesArgs, '--token', adminToken, '--jwks', path.join(dir, 'notjson.json')],
      /JWKS file .* is not valid JSON: InvalidSymbol at line 1, column 1\./,
    );
  });

  test('a JWKS file of one bare JWK is read as a key set of that key, as the server reads it', () => {
    const jwks = JSON.parse(readFileSync(path.join(repoRoot, examples.jwks), 'utf8')) as { keys: unknown[] };
    const dir = tempFiles({ 'key.json': JSON.stringify(jwks.keys[0]) });
    const args = [...rolesArgs, '--token', adminToken, '--now', EXAMPLE_NOW, '--format', 'json'];
    const withSet = runCli([...args, '--jwks', examples.jwks]);
    const withKey = runCli([...args, '--jwks', path.join(dir, 'key.json')]);
    assert.equal(withKey.status, 0, withKey.stderr);
    assert.deepEqual(JSON.parse(withKey.stdout), JSON.parse(withSet.stdout));
    assert.match(withKey.stdout, /"step": "token\.signature",\s*"status": "pass"/);
  });

  test('a --roles file that is not a role-mapping document', () => {
    assertUsageError(['simulate', '--roles', 'package.json'], /package\.json is not a role-mapping document/);
    assertUsageError(['simulate', '--roles', examples.jwks], /not a role-mapping document/);
  });

  test('an identity-pool file passed as --roles is pointed to --identity-pool', () => {
    assertUsageError(['simulate', '--roles', examples.userPoolPool], /--identity-pool/);
  });

  test('a roles file and an identity-pool file of different pools', () => {
    assertUsageError(['simulate', '--roles', examples.userPoolRoles, '--identity-pool', examples.samlPool], /different identity pools/);
  });

  test('an empty token file', () => {
    const dir = tempFiles({ 'empty.jwt': '\n' });
    assertUsageError([...rolesArgs, '--token-file', path.join(dir, 'empty.jwt')], /is empty/);
  });
});

describe('tokens never reach stderr', () => {
  test('bad usage next to a --token does not echo it', () => {
    const cases: string[][] = [
      [...rolesArgs, '--token', adminToken, '--now', 'later'],
      [...rolesArgs, `--token=${adminToken}`, '--format', 'xml'],
      [...rolesArgs, '--token', adminToken, '--bogus'],
      [...rolesArgs, '--token', adminToken, '--claims', 'examples/saml/claims/finance-analyst.json'],
      [...rolesArgs, '--token', adminToken, '--jwks', 'missing.json'],
      [...rolesArgs, '--now', adminToken],
      [...rolesArgs, '--format', adminToken],
      [...rolesArgs, `--${adminToken}`],
    ];
    for (const args of cases) {
      const run = runCli(args);
      assert.equal(run.status, 2, args.join(' ').slice(0, 200));
      assertNoTokenText(run.stderr, adminToken);
    }
  });

  test('a simulation that runs writes nothing to stderr', () => {
    const run = runCli([...rolesArgs, '--token', adminToken, '--now', EXAMPLE_NOW]);
    assert.equal(run.status, 0);
    assert.equal(run.stderr, '');
  });
});

describe('check: bad usage exits 2', () => {
  test('no files', () => {
    assertUsageError(['check'], /at least one FILE/);
    assertUsageError(['check', '--format', 'json'], /at least one FILE/);
  });

  test('an unknown option', () => {
    assertUsageError(['check', examples.userPoolRoles, '--strict'], /Unknown option --strict/);
  });

  test('a bad --format', () => {
    assertUsageError(['check', examples.userPoolRoles, '--format', 'xml'], /--format takes 'text', 'json' or 'sarif'/);
  });

  test('an unreadable file is named, and nothing is checked', () => {
    assertUsageError(['check', examples.userPoolRoles, 'examples/missing.json'], /examples\/missing\.json: no such file/);
    assertUsageError(['check', 'examples'], /is a directory/);
  });
});
