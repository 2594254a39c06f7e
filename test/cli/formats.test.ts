/**
 * Real-world shapes through the CLI: files that are not ours are left alone (exit 0, no diagnostic) unless
 * they do not parse; RoleMappings-only files are checked and simulated; `simulate` says what a file is not.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { runCli, runCliJson, tempFiles } from './harness';

interface Position {
  line: number;
  character: number;
}
interface CheckJson {
  file: string;
  kind: string;
  diagnostics: Array<{ code: string; severity: string; message: string; range: { start: Position; end: Position } }>;
}
interface SimulationJson {
  outcome: string;
  roleArn: string | null;
  via: string;
  errorCode: string | null;
  message: string;
  assumptions: string[];
}

const ORDINARY = 'test/fixtures/ordinary';
const ROLE_MAPPINGS = 'test/fixtures/role-mappings';

describe('check: files that are not ours', () => {
  test('a folder of ordinary JSON and YAML files (package.json, tsconfig with comments, a workflow, OpenAPI, Kubernetes, a template without a pool) passes silently', () => {
    const files = readdirSync(ORDINARY).map((name) => path.join(ORDINARY, name));
    assert.ok(files.length >= 7);
    const { run, json } = runCliJson<CheckJson[]>(['check', ...files, '--format', 'json']);
    assert.equal(run.status, 0, run.stdout);
    assert.deepEqual(
      json.map((r) => [r.kind, r.diagnostics]),
      files.map(() => ['unknown', []]),
    );
    const text = runCli(['check', ...files]);
    assert.equal(text.status, 0);
    assert.equal(text.stdout, `${files.length} files checked: no problems found.\n`);
    assert.match(
      text.stderr,
      /note: test\/fixtures\/ordinary\/package\.json is not a SetIdentityPoolRoles file, a RoleMappings file, an identity-pool file, a CloudFormation template or a Terraform configuration with an identity pool; nothing to check\./,
    );
  });

  test('the issue\'s repro: {"a":1} in x.json exits 0 with no diagnostic; so do empty files', () => {
    const dir = tempFiles({ 'x.json': '{"a":1}\n', 'y.yaml': 'a: 1\n', 'empty.json': '', 'blank.json': '\n  \n' });
    const files = ['x.json', 'y.yaml', 'empty.json', 'blank.json'].map((name) => path.join(dir, name));
    const { run, json } = runCliJson<CheckJson[]>(['check', ...files, '--format', 'json']);
    assert.equal(run.status, 0);
    assert.deepEqual(
      json.map((r) => r.diagnostics),
      [[], [], [], []],
    );
  });

  test('a file that is not ours but does not parse still gets its syntax error, at its place', () => {
    const dir = tempFiles({ 'broken.json': '{\n  "name": "web",\n  "version": \n}\n', 'broken.yaml': 'jobs:\n  test:\n    steps: [checkout, test\n' });
    const { run, json } = runCliJson<CheckJson[]>(['check', path.join(dir, 'broken.json'), path.join(dir, 'broken.yaml'), '--format', 'json']);
    assert.equal(run.status, 1);
    assert.deepEqual(
      json.map((r) => r.kind),
      ['unknown', 'unknown'],
    );
    assert.deepEqual(
      json[0].diagnostics.map((d) => [d.code, d.range.start]),
      [['syntax-error', { line: 3, character: 0 }]],
    );
    assert.ok(json[1].diagnostics.length > 0 && json[1].diagnostics.every((d) => d.code === 'syntax-error'), JSON.stringify(json[1]));
  });

  test('valid YAML the reader does not read in full (several documents, unknown tags) is no syntax error when it is not ours', () => {
    const dir = tempFiles({ 'playbook.yaml': '- hosts: all\n  vars:\n    token: !vault |\n      $ANSIBLE_VAULT;1.1;AES256\n      6162\n---\n- hosts: web\n' });
    const { run, json } = runCliJson<CheckJson[]>(['check', path.join(dir, 'playbook.yaml'), '--format', 'json']);
    assert.equal(run.status, 0);
    assert.deepEqual(json[0].diagnostics, []);
  });
});

describe('simulate: files that are not a role configuration', () => {
  test('--roles says what the file is not, not that it fails to parse', () => {
    const dir = tempFiles({ 'x.json': '{"a":1}\n' });
    const run = runCli(['simulate', '--roles', path.join(dir, 'x.json')]);
    assert.equal(run.status, 2);
    assert.match(
      run.stderr,
      /x\.json is not a role-mapping document: it is not a SetIdentityPoolRoles file \(with "IdentityPoolId", "Roles", "RoleMappings"\), a RoleMappings file \(provider names mapped to role mappings, the --role-mappings value\), a CloudFormation template or a Terraform configuration with an identity pool, which --roles expects\.\n/,
    );
    assert.doesNotMatch(run.stderr, /parse/);
  });

  test('--identity-pool says what the file is not; a RoleMappings file there is sent to --roles', () => {
    const dir = tempFiles({ 'x.json': '{"a":1}\n', 'roles.json': '{"IdentityPoolId": "eu-west-1:11111111-2222-3333-4444-555555555555", "Roles": {}}' });
    const notPool = runCli(['simulate', '--roles', path.join(dir, 'roles.json'), '--identity-pool', path.join(dir, 'x.json')]);
    assert.equal(notPool.status, 2);
    assert.match(notPool.stderr, /x\.json is not an identity-pool file: --identity-pool expects/);
    assert.doesNotMatch(notPool.stderr, /parse/);
    const mappings = runCli([
      'simulate',
      '--roles',
      path.join(dir, 'roles.json'),
      '--identity-pool',
      path.join(ROLE_MAPPINGS, 'photo-share.role-mappings.json'),
    ]);
    assert.equal(mappings.status, 2);
    // (The file name itself is redacted on stderr: two long dotted parts look like a token.)
    assert.match(mappings.stderr, / is a RoleMappings file, not an identity-pool file: pass it with --roles\./);
  });

  test('a --roles file that really does not parse says so', () => {
    const dir = tempFiles({ 'x.json': '{"a":1,,}' });
    const run = runCli(['simulate', '--roles', path.join(dir, 'x.json')]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /\(It does not parse: .* at line 1, column 8\.\)/);
  });
});

describe('RoleMappings files', () => {
  test('check recognises them and reports the roles checks', () => {
    const { run, json } = runCliJson<CheckJson[]>([
      'check',
      path.join(ROLE_MAPPINGS, 'photo-share.role-mappings.json'),
      path.join(ROLE_MAPPINGS, 'photo-share-broken.role-mappings.json'),
      '--format',
      'json',
    ]);
    assert.equal(run.status, 1);
    assert.deepEqual(
      json.map((r) => r.kind),
      ['role-mappings', 'role-mappings'],
    );
    assert.deepEqual(json[0].diagnostics, []);
    assert.deepEqual(
      json[1].diagnostics.map((d) => d.code),
      ['mapping-key-url-form', 'invalid-enum-value', 'ambiguous-resolution-required', 'rule-shadowed', 'invalid-enum-value', 'invalid-role-arn'],
    );
  });

  test('simulate --roles takes them: a rule gives its role; the default role is unknown, and the result says so', () => {
    const dir = tempFiles({
      'editor.json': JSON.stringify({
        iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ph0t0Sh4r',
        aud: '5q9examplewebclient7k3xz',
        token_use: 'id',
        'cognito:groups': ['editors'],
      }),
      'viewer.json': JSON.stringify({
        iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ph0t0Sh4r',
        aud: '5q9examplewebclient7k3xz',
        token_use: 'id',
        'cognito:groups': ['viewers'],
      }),
    });
    const roles = path.join(ROLE_MAPPINGS, 'photo-share.role-mappings.json');
    const editor = runCliJson<SimulationJson>([
      'simulate',
      '--roles',
      roles,
      '--claims',
      path.join(dir, 'editor.json'),
      '--now',
      '1767226200',
      '--format',
      'json',
    ]);
    assert.equal(editor.run.status, 0);
    assert.equal(editor.json.outcome, 'role');
    assert.equal(editor.json.roleArn, 'arn:aws:iam::210987654321:role/photoshare-editors');
    const viewer = runCliJson<SimulationJson>([
      'simulate',
      '--roles',
      roles,
      '--claims',
      path.join(dir, 'viewer.json'),
      '--now',
      '1767226200',
      '--format',
      'json',
    ]);
    assert.equal(viewer.run.status, 0);
    assert.equal(viewer.json.outcome, 'unknown');
    assert.equal(viewer.json.roleArn, null);
    assert.equal(viewer.json.errorCode, null);
    assert.match(viewer.json.message, /That role is unknown: photo-share\.role-mappings\.json holds only RoleMappings/);
    assert.ok(viewer.json.assumptions.some((a) => /default roles \(Roles\) are unknown/.test(a)));
  });
});
