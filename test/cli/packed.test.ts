/**
 * The CLI as published: `npm pack`, then installed into a temporary project the way npm installs a
 * package (unpacked under node_modules, its "bin" linked into node_modules/.bin), and run from there on
 * role-test files and with `check --format sarif` — the commands the GitHub Action and the pre-commit
 * hooks run. dist/cli.js is one bundle without runtime imports, so the package's dependencies (which a
 * real `npm install` would download) are not needed for it; the test checks that too.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot } from './harness';

describe('the packed package', () => {
  test('its identity-pool-roles runs test and check --format sarif outside the repository', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'ipr-packed-'));
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work, '--silent'], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
    assert.equal(pack.status, 0, pack.stderr);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack wrote a tarball');

    const project = path.join(work, 'project');
    const installed = path.join(project, 'node_modules', 'cognito-identity-pool-roles');
    mkdirSync(installed, { recursive: true });
    const untar = spawnSync('tar', ['xzf', path.join(work, tarball), '-C', installed, '--strip-components=1'], { encoding: 'utf8' });
    assert.equal(untar.status, 0, untar.stderr);
    const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.equal(manifest.bin['identity-pool-roles'], 'dist/cli.js');
    mkdirSync(path.join(project, 'node_modules', '.bin'));
    const bin = path.join(project, 'node_modules', '.bin', 'identity-pool-roles');
    symlinkSync(path.join('..', 'cognito-identity-pool-roles', manifest.bin['identity-pool-roles']), bin);
    // npm makes bin targets executable when it links them; the script starts with #!/usr/bin/env node.
    chmodSync(path.join(installed, manifest.bin['identity-pool-roles']), 0o755);
    assert.match(readFileSync(bin, 'utf8'), /^#!\/usr\/bin\/env node\n/);

    // A user's project: the example pool and its role tests, and a broken roles file.
    cpSync(path.join(repoRoot, 'examples', 'saml'), path.join(project, 'identity'), { recursive: true });
    cpSync(path.join(repoRoot, 'examples', 'broken', 'roles.json'), path.join(project, 'broken-roles.json'));
    const run = (args: string[]) => spawnSync(bin, args, { cwd: project, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_PATH: '' } });

    const tests = run(['test']);
    assert.equal(tests.status, 0, `${tests.error ?? ''}${tests.stdout}${tests.stderr}`);
    assert.match(tests.stdout, /^identity\/corp-adfs\.role-tests\.json\n/);
    assert.match(tests.stdout, /1 file, 2 cases: 2 passed, 0 failed\./);

    const sarif = run(['check', 'identity/roles.json', 'identity/identity-pool.json', 'broken-roles.json', '--format', 'sarif']);
    assert.equal(sarif.status, 1, sarif.stderr);
    const log = JSON.parse(sarif.stdout) as {
      version: string;
      runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }>;
    };
    assert.equal(log.version, '2.1.0');
    assert.ok(log.runs[0].results.length > 0);
    assert.ok(log.runs[0].results.every((r) => r.locations[0].physicalLocation.artifactLocation.uri === 'broken-roles.json'));
  });
});
