/**
 * `-` as a file argument reads standard input, so pipelines work (`terraform show -json | identity-pool-roles
 * check -`): bounded and decoded like a file, named `<stdin>` (or --stdin-name), read only once, and a
 * terminal is refused rather than waited on.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { MAX_INPUT_BYTES } from '../../cli/files';
import { cliPath, EXAMPLE_NOW, examples, repoRoot, type CliRun } from './harness';

/** Short: a read that waits for a writer that never comes is a hang, and a hung test must fail. */
const TIMEOUT_MS = 20_000;

function runWithInput(args: readonly string[], input: string | Buffer): CliRun {
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd: repoRoot, input, encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');

function assertRefused(run: CliRun, stderrPattern: RegExp): void {
  assert.equal(run.status, 2, `exit code (null: it hung)\nstderr: ${run.stderr}`);
  assert.match(run.stderr, stderrPattern);
  assert.equal(run.stdout, '');
}

const adminClaims = JSON.stringify({
  iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Ph0t0Shr1',
  aud: '3n4b5urk1ft4fl3mg5e62d9vkm',
  token_use: 'id',
  'cognito:groups': ['admins'],
});

describe('check -', () => {
  test('a broken roles file on standard input: exit 1, diagnostics at <stdin>:line:col', () => {
    const run = runWithInput(['check', '-'], read(examples.brokenRoles));
    const fromFile = runWithInput(['check', examples.brokenRoles], '');
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^<stdin>:4:24: error invalid-role-arn /m);
    assert.equal(run.stdout, fromFile.stdout.split(examples.brokenRoles).join('<stdin>'), 'the same diagnostics as for the file');
  });

  test('among other files: each is checked, standard input where its `-` stands', () => {
    const run = runWithInput(['check', examples.userPoolRoles, '-', '--format', 'json'], read(examples.brokenRoles));
    assert.equal(run.status, 1, run.stderr);
    const json = JSON.parse(run.stdout) as Array<{ file: string; kind: string; diagnostics: unknown[] }>;
    assert.deepEqual(
      json.map((r) => [r.file, r.kind]),
      [
        [examples.userPoolRoles, 'roles'],
        ['<stdin>', 'roles'],
      ],
    );
    assert.ok(json[1].diagnostics.length > 0);
  });

  test('terraform show -json output on standard input is recognised by its content', () => {
    const run = runWithInput(['check', '-', '--format', 'json'], read('test/fixtures/terraform/show/plan.json'));
    const fromFile = runWithInput(['check', 'test/fixtures/terraform/show/plan.json', '--format', 'json'], '');
    const json = JSON.parse(run.stdout) as Array<{ file: string; kind: string; diagnostics: Array<{ code: string }> }>;
    const expected = JSON.parse(fromFile.stdout) as typeof json;
    assert.equal(run.status, fromFile.status, run.stderr);
    assert.equal(json[0].file, '<stdin>');
    assert.equal(json[0].kind, expected[0].kind);
    assert.deepEqual(
      json[0].diagnostics.map((d) => d.code),
      expected[0].diagnostics.map((d) => d.code),
    );
  });

  test('--stdin-name names it, and its extension decides the format (a .tf text is Terraform)', () => {
    const module = read('test/fixtures/terraform/module/main.tf') + '\n' + read('test/fixtures/terraform/module/iam.tf');
    const named = runWithInput(['check', '-', '--stdin-name', 'infra/main.tf', '--format', 'json'], module);
    const json = JSON.parse(named.stdout) as Array<{ file: string; kind: string }>;
    assert.deepEqual(
      json.map((r) => [r.file, r.kind]),
      [['infra/main.tf', 'template']],
      named.stderr,
    );
    const unnamed = runWithInput(['check', '-', '--format', 'json'], module);
    assert.notEqual((JSON.parse(unnamed.stdout) as Array<{ kind: string }>)[0].kind, 'template', 'without a name, HCL is not read as Terraform');
    assert.match(unnamed.stderr, /^note: <stdin> looks like a Terraform configuration, .*add --stdin-name main\.tf\.$/m);
    assertRefused(runWithInput(['simulate', '--roles', '-'], module), /<stdin> looks like a Terraform configuration, .*--stdin-name main\.tf/);
    const simulated = runWithInput(['simulate', '--roles', '-', '--stdin-name', 'main.tf', '--format', 'json'], module);
    assert.equal(simulated.status, 0, simulated.stderr);
  });

  test('SARIF gives standard input a relative URI with no base (it is no file of the repository)', () => {
    const run = runWithInput(['check', '-', '--format', 'sarif'], read(examples.brokenRoles));
    const sarif = JSON.parse(run.stdout) as {
      runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }> }> }>;
    };
    assert.deepEqual(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation, { uri: '%3Cstdin%3E' });
  });

  test('decoded like a file: UTF-16 with a byte-order mark is read, other bytes give the `encoding` error', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(read(examples.userPoolRoles), 'utf16le')]);
    const ok = runWithInput(['check', '-'], utf16);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    const latin1 = runWithInput(['check', '-'], Buffer.from('{"IdentityPoolId": "caf\u00e9"}', 'latin1'));
    assert.equal(latin1.status, 1);
    assert.match(latin1.stdout, /^<stdin>:1:1: error encoding /m);
  });

  // Node makes a piped stdin non-blocking when it wraps it (libuv), and a descriptor shared with such a
  // process stays so: a read then fails with EAGAIN until data arrives. The wrapper does that to fd 0 first.
  const nonBlockingStdin = `new (require('node:net').Socket)({ fd: 0, readable: false, writable: false });
    require(${JSON.stringify(cliPath)}).main(['check', '-'], { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) })
      .then((code) => { process.exitCode = code; });`;
  for (const [name, args] of [
    ['blocking', [cliPath, 'check', '-']],
    ['non-blocking (EAGAIN)', ['-e', nonBlockingStdin]],
  ] as const)
    test(`input that arrives in pieces, with pauses, is read whole (${name} standard input)`, async () => {
      const text = read(examples.brokenRoles);
      const child = spawn(process.execPath, args, { cwd: repoRoot });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const done = new Promise<number | null>((resolve) => child.on('close', resolve));
      const middle = Math.floor(text.length / 2);
      child.stdin.write(text.slice(0, middle));
      await new Promise((resolve) => setTimeout(resolve, 300));
      child.stdin.end(text.slice(middle));
      const timer = setTimeout(() => child.kill(), TIMEOUT_MS);
      const status = await done;
      clearTimeout(timer);
      assert.equal(status, 1, stderr);
      assert.match(stdout, /^<stdin>:4:24: error invalid-role-arn /m);
      assert.match(stdout, /1 file checked: 13 errors/);
    });
});

describe('simulate, analyze and diff with -', () => {
  test('simulate --roles - gives the same outcome as the file', () => {
    const args = ['--identity-pool', examples.userPoolPool, '--now', EXAMPLE_NOW, '--format', 'json'];
    const claimsFile = path.join('examples', 'tokens', 'photoshare-admin.jwt');
    const run = runWithInput(['simulate', '--roles', '-', '--token-file', claimsFile, ...args], read(examples.userPoolRoles));
    const fromFile = runWithInput(['simulate', '--roles', examples.userPoolRoles, '--token-file', claimsFile, ...args], '');
    assert.equal(run.status, 0, run.stderr);
    const outcome = JSON.parse(run.stdout) as { outcome: string; roleArn: string | null };
    const expected = JSON.parse(fromFile.stdout) as typeof outcome;
    assert.equal(outcome.outcome, 'role');
    assert.deepEqual([outcome.outcome, outcome.roleArn], [expected.outcome, expected.roleArn]);
  });

  test('simulate --claims - and --token-file - read the claims or the token from standard input', () => {
    const args = ['simulate', '--roles', examples.userPoolRoles, '--identity-pool', examples.userPoolPool, '--now', EXAMPLE_NOW, '--format', 'json'];
    const claims = runWithInput([...args, '--claims', '-'], adminClaims);
    assert.equal(claims.status, 0, claims.stderr);
    const token = runWithInput([...args, '--token-file', '-'], read(examples.token('photoshare-admin')));
    assert.equal(token.status, 0, token.stderr);
    assert.equal((JSON.parse(token.stdout) as { outcome: string }).outcome, 'role');
    const text = runWithInput([...args.slice(0, -2), '--token-file', '-'], read(examples.token('photoshare-admin')));
    assert.match(text.stdout, /token from <stdin>/);
  });

  test('simulate --roles - names <stdin> in its refusals', () => {
    assertRefused(runWithInput(['simulate', '--roles', '-'], read(examples.userPoolPool)), /<stdin> is an identity-pool file/);
    assertRefused(runWithInput(['simulate', '--roles', '-'], Buffer.from('{"Roles": "caf\u00e9"}', 'latin1')), /Cannot read roles file <stdin>: /);
  });

  test('analyze --roles - and diff - NEW', () => {
    const analyze = runWithInput(['analyze', '--roles', '-', '--now', EXAMPLE_NOW, '--format', 'json'], read(examples.rulesRoles));
    const analyzeFile = runWithInput(['analyze', '--roles', examples.rulesRoles, '--now', EXAMPLE_NOW, '--format', 'json'], '');
    assert.equal(analyze.status, 0, analyze.stderr);
    assert.deepEqual(JSON.parse(analyze.stdout), JSON.parse(analyzeFile.stdout));
    const diff = runWithInput(['diff', '-', examples.userPoolRoles, '--now', EXAMPLE_NOW], read(examples.userPoolRoles));
    assert.equal(diff.status, 0, diff.stderr);
    assert.match(diff.stdout, /^Equivalent/);
  });
});

describe('standard input: bad usage exits 2', () => {
  test('two `-` are refused: standard input can be read only once', () => {
    assertRefused(runWithInput(['check', '-', '-'], '{}'), /'-' \(standard input\) is given 2 times as FILE, but standard input can be read only once/);
    assertRefused(
      runWithInput(['simulate', '--roles', '-', '--claims', '-'], '{}'),
      /'-' \(standard input\) is given for --roles and --claims, but standard input can be read only once/,
    );
    assertRefused(runWithInput(['diff', '-', '-'], '{}'), /given for OLD and NEW/);
    assertRefused(runWithInput(['simulate', '--roles', '-', '--policy', 'arn:aws:iam::123456789012:role/x=-'], '{}'), /given for --roles and --policy/);
  });

  test('--stdin-name without a `-`, or naming a file also given, is refused', () => {
    assertRefused(runWithInput(['check', examples.userPoolRoles, '--stdin-name', 'x.json'], ''), /--stdin-name names standard input, but no input is '-'/);
    assertRefused(
      runWithInput(['check', examples.userPoolRoles, '-', '--stdin-name', examples.userPoolRoles], '{}'),
      /--stdin-name names standard input .*which is also given as a file/,
    );
  });

  test(`more than ${MAX_INPUT_BYTES} bytes are refused with the files' wording`, () => {
    // One byte over the bound, all of which the CLI reads before it refuses (so the writer never sees EPIPE).
    const run = runWithInput(['check', '-'], Buffer.alloc(MAX_INPUT_BYTES + 1, 0x20));
    assertRefused(run, /^identity-pool-roles: Cannot read file <stdin>: it is larger than 20 MB, more than this tool reads\.$/m);
  });

  test('a terminal with nothing piped is refused, not waited on', { skip: process.platform !== 'linux' && 'needs script(1) from util-linux' }, (t) => {
    // script(1) runs the CLI on a pseudo-terminal; -e passes its exit code on.
    const probe = spawnSync('script', ['--version'], { encoding: 'utf8' });
    if (probe.status !== 0) return t.skip('script(1) is not installed');
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} check -`;
    const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: repoRoot, encoding: 'utf8', timeout: TIMEOUT_MS });
    assert.equal(result.status, 2, `exit code (null: it hung)\n${result.stdout}`);
    assert.match(result.stdout, /Cannot read file <stdin>: nothing is piped to standard input \(it is a terminal\)/);
  });
});

describe('documented', () => {
  test('the help of each command that reads `-` says so, and names --stdin-name', () => {
    for (const command of ['check', 'simulate', 'analyze', 'diff']) {
      const run = runWithInput([command, '--help'], '');
      assert.equal(run.status, 0);
      assert.match(run.stdout, /standard input/, command);
      assert.match(run.stdout, /--stdin-name NAME/, command);
    }
  });

  test('the README says `-` is standard input, read once, and how a .tf text is named', () => {
    const readme = read('README.md');
    const cliSection = readme.slice(readme.indexOf('## The CLI'), readme.indexOf('### `simulate`'));
    assert.match(cliSection, /A FILE given as `-` is standard input/);
    assert.match(cliSection, /two `-` are bad usage/);
    assert.match(cliSection, /`--stdin-name main\.tf`/);
    assert.doesNotMatch(cliSection, /`-` is not standard input/);
  });
});
