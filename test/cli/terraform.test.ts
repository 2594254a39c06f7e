/** `check` and `simulate` on Terraform: `.tf` files, folders as modules, variables given with --parameter/--var. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCli, runCliJson, tempFiles } from './harness';

interface CheckJson {
  file: string;
  kind: string;
  diagnostics: Array<{ code: string; message: string; range: { start: { line: number; character: number } } }>;
}

const MODULE = 'test/fixtures/terraform/module';
const MISTAKES = 'test/fixtures/terraform/broken/mistakes.tf';
const EDITOR_CLAIMS = JSON.stringify({
  iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
  aud: 'client123',
  token_use: 'id',
  'custom:department': 'editors',
});

describe('check on Terraform', () => {
  test('a folder is one module: each of its .tf files is reported with its own diagnostics', () => {
    const { run, json } = runCliJson<CheckJson[]>(['check', MODULE, '--format', 'json']);
    assert.equal(run.status, 0);
    assert.deepEqual(
      json.map((r) => [r.file, r.kind, r.diagnostics.map((d) => `${d.code}@${d.range.start.line}`)]),
      [
        [`${MODULE}/iam.tf`, 'template', ['group-role-unused@26']],
        [`${MODULE}/main.tf`, 'template', ['parameter-default-used@12']],
      ],
    );
  });

  test('.tf files named from one folder are read together, like the folder', () => {
    const run = runCli(['check', `${MODULE}/main.tf`, `${MODULE}/iam.tf`]);
    assert.equal(run.status, 0);
    const lines = run.stdout.trim().split('\n');
    assert.deepEqual(
      lines.map((line) => line.split(' ').slice(0, 3).join(' ')),
      [`${MODULE}/main.tf:13:15: hint parameter-default-used`, `${MODULE}/iam.tf:27:18: info group-role-unused`, '2 files checked:'],
    );
    assert.equal(
      lines[0],
      `${MODULE}/main.tf:13:15: hint parameter-default-used Checked with the default of variable environment ("staging"); a deployment may pass another value.`,
    );
  });

  test('a .tf file named alone is read with the rest of its folder (no false "no role attachment"), and only it is reported', () => {
    const run = runCli(['check', `${MODULE}/main.tf`]);
    assert.equal(run.status, 0);
    assert.equal(
      run.stdout,
      `${MODULE}/main.tf:13:15: hint parameter-default-used Checked with the default of variable environment ("staging"); a deployment may pass another value.\n1 file checked: 0 errors, 0 warnings, 0 infos, 1 hint.\n`,
    );
    assert.equal(
      run.stderr,
      `note: ${MODULE}/main.tf is read with the other .tf file of its folder (one Terraform module): iam.tf; only the files named are reported.\n`,
    );
  });

  test('a broken configuration: compiler-style lines at the .tf positions, exit code 1', () => {
    const run = runCli(['check', MISTAKES]);
    assert.equal(run.status, 1);
    const lines = run.stdout.trim().split('\n');
    assert.deepEqual(
      lines.slice(0, -1).map((line) => line.split(' ').slice(0, 3).join(' ')),
      [
        `${MISTAKES}:4:38: warning guest-access-without-unauthenticated-role`,
        `${MISTAKES}:26:20: error invalid-enum-value`,
        `${MISTAKES}:33:55: error duplicate-role-attachment`,
        `${MISTAKES}:48:19: info trust-missing-amr`,
        `${MISTAKES}:57:16: error trust-wrong-action`,
      ],
    );
    assert.match(lines[1], /`match_type` must be one of Equals/);
  });

  test('a folder without .tf files is a usage error', () => {
    const folder = tempFiles({ 'notes.txt': 'nothing' });
    const run = runCli(['check', folder]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /it is a directory\. A folder is read as one Terraform module, and this one holds no \.tf file\./);
  });
});

describe('simulate on Terraform', () => {
  test('--roles FOLDER: the pool is the Terraform address, trace locations point into each file', () => {
    const claims = tempFiles({ 'claims.json': EDITOR_CLAIMS });
    const { run, json } = runCliJson<{ outcome: string; roleArn: string; pool?: string; trace: Array<{ step: string; location?: { uri: string } }> }>([
      'simulate',
      '--roles',
      MODULE,
      '--claims',
      `${claims}/claims.json`,
      '--format',
      'json',
    ]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(json.outcome, 'role');
    assert.equal(json.roleArn, 'arn:aws:iam::${AWS::AccountId}:role/photos-editor');
    assert.equal(json.pool, 'aws_cognito_identity_pool.main');
    assert.equal(json.trace.find((s) => s.step === 'rule')?.location?.uri, `${MODULE}/iam.tf`);
  });

  test('--roles main.tf reads the other .tf files of its folder, and says so; --pool takes the address', () => {
    const run = runCli(['simulate', '--roles', `${MODULE}/main.tf`, '--pool', 'aws_cognito_identity_pool.main', '--format', 'json']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).roleArn, 'arn:aws:iam::${AWS::AccountId}:role/photos-guest');
    assert.match(run.stderr, /main\.tf is read with the other \.tf file of its folder \(one Terraform module\): iam\.tf/);
    const wrong = runCli(['simulate', '--roles', MODULE, '--pool', 'aws_cognito_identity_pool.other']);
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /its pools are: aws_cognito_identity_pool\.main/);
  });

  test('--var and --parameter give a variable its value; a misspelt name is refused', () => {
    const folder = tempFiles({
      'main.tf': `variable "guest_role_arn" {}
resource "aws_cognito_identity_pool" "main" {
  identity_pool_name               = "orders"
  allow_unauthenticated_identities = true
}
resource "aws_cognito_identity_pool_roles_attachment" "main" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles = {
    unauthenticated = var.guest_role_arn
  }
}
`,
    });
    const unknown = runCliJson<{ roleArn: string }>(['simulate', '--roles', folder, '--format', 'json']);
    assert.equal(unknown.json.roleArn, '${guest_role_arn}');
    for (const option of ['--var', '--parameter']) {
      const given = runCliJson<{ roleArn: string }>([
        'simulate',
        '--roles',
        folder,
        option,
        'guest_role_arn=arn:aws:iam::123456789012:role/guest',
        '--format',
        'json',
      ]);
      assert.equal(given.json.roleArn, 'arn:aws:iam::123456789012:role/guest');
    }
    const misspelt = runCli(['simulate', '--roles', folder, '--var', 'guest_role=x']);
    assert.equal(misspelt.status, 2);
    assert.match(misspelt.stderr, /declares no parameter guest_role/);
  });

  test("--action evaluates the chosen role's policies: an aws_iam_policy attached with aws_iam_role_policy_attachment, in its own file", () => {
    const claims = tempFiles({ 'claims.json': EDITOR_CLAIMS.replace('"editors"', '"sales"') });
    const { run, json } = runCliJson<{ roleArn: string; access: { decision: string; statements: Array<{ policy: string; file: string; line: number }> } }>([
      'simulate',
      '--roles',
      MODULE,
      '--claims',
      `${claims}/claims.json`,
      '--action',
      's3:GetObject',
      '--resource',
      'arn:aws:s3:::photos/a.jpg',
      '--format',
      'json',
    ]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(json.roleArn, 'arn:aws:iam::${AWS::AccountId}:role/photos-authenticated');
    assert.equal(json.access.decision, 'allowed');
    assert.deepEqual(
      json.access.statements.map((s) => [s.policy, s.file]),
      [['photos-read', `${MODULE}/iam.tf`]],
    );
  });
});

describe('analyze, diff and check --var on Terraform', () => {
  test('analyze --roles FOLDER: which rules can fire, for the Terraform pool', () => {
    const run = runCli(['analyze', '--roles', MODULE, '--now', '1767225600']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Rules\[0\] → arn:aws:iam::\$\{AWS::AccountId\}:role\/photos-editor: reachable; e\.g\. a token with custom:department "editors"/);
  });

  test('diff of the configuration against its deployed state (terraform show -json)', () => {
    const run = runCli(['diff', MODULE, 'test/fixtures/terraform/show/state.json', '--now', '1767225600']);
    assert.equal(run.status, 1, run.stderr);
    assert.match(
      run.stdout,
      /guest: an unauthenticated guest: role arn:aws:iam::\$\{AWS::AccountId\}:role\/photos-guest → role arn:aws:iam::210987654321:role\/photos-guest/,
    );
  });

  test('check --var gives a variable its value (no parameter-default-used hint then)', () => {
    const run = runCli(['check', MODULE, '--var', 'environment=production']);
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /parameter-default-used/);
    assert.equal(run.stderr, '');
  });

  test('test: a role-test file whose config is a .tf file runs against the whole module of its folder', () => {
    const run = runCli(['test', MODULE]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(
      run.stdout,
      `${MODULE}/photos.role-tests.yaml (pool aws_cognito_identity_pool.main)\n  ✓ editors get the editor role by their department\n  ✓ guests get the guest role\n\n1 file, 2 cases: 2 passed, 0 failed.\n`,
    );
  });
});
