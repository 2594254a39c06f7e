/** The README: its examples print what it shows, it lists every check, and CI runs its commands. */
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CODES } from '../../core/diagnostics';
import { repoRoot, runCli } from './harness';

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

interface ReadmeExample {
  command: string;
  args: string[];
  expectedOutput: string;
}

/**
 * Blocks marked `<!-- cli-example -->`: a ```console block whose first line is `$ node dist/cli.js ARGS`
 * (continued with trailing backslashes) and whose other lines are the exact stdout.
 */
function readmeExamples(): ReadmeExample[] {
  const result: ReadmeExample[] = [];
  for (const m of readme.matchAll(/<!-- cli-example -->\s*```console\n([\s\S]*?)```/g)) {
    const lines = m[1].split('\n');
    let command = lines.shift()!.replace(/^\$ /, '');
    while (command.endsWith('\\')) command = `${command.slice(0, -1).trimEnd()} ${lines.shift()!.trim()}`;
    const words = command.trim().split(/\s+/);
    result.push({ command, args: words, expectedOutput: lines.join('\n') });
  }
  return result;
}

describe('README examples', () => {
  const list = readmeExamples();

  test('there are simulate and check examples, all runnable as printed (node dist/cli.js, no quoting)', () => {
    assert.ok(list.some((e) => e.args[2] === 'simulate'));
    assert.ok(list.some((e) => e.args[2] === 'check'));
    for (const example of list) {
      assert.deepEqual(example.args.slice(0, 2), ['node', 'dist/cli.js'], example.command);
      assert.doesNotMatch(example.command, /["'`$|;&<>]/, 'no shell syntax: the words are the arguments');
    }
  });

  for (const example of list) {
    test(`prints what the README shows: ${example.args.slice(2, 4).join(' ')} … ${example.args.slice(-4).join(' ')}`, () => {
      const run = runCli(example.args.slice(2));
      assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
      assert.equal(run.stderr, '');
      assert.equal(run.stdout, example.expectedOutput, 'regenerate with `node scripts/run-examples.mjs --update-readme` if the change is intended');
    });
  }
});

describe('README checks list', () => {
  test('every diagnostic code in CODES appears in the README with its severity and title', () => {
    for (const [code, info] of Object.entries(CODES)) {
      assert.ok(
        readme.includes(`| \`${code}\` | ${info.severity} | ${info.title} |`),
        `README lists ${code} (${info.severity}): run node scripts/run-examples.mjs --update-readme`,
      );
    }
  });

  test('the README lists no code that CODES does not have', () => {
    const table = readme.slice(readme.indexOf('<!-- checks:start -->'), readme.indexOf('<!-- checks:end -->'));
    for (const m of table.matchAll(/^\| `([a-z0-9-]+)` \|/gm)) assert.ok(m[1] in CODES, m[1]);
  });
});

describe('README set-up commands and CI', () => {
  test('the README gives the two set-up commands', () => {
    assert.ok(readme.includes('npm ci && npm run examples'));
    assert.ok(readme.includes('npm ci && npm test'));
  });

  test('.ci/run is executable bash with set -euo pipefail and runs the README commands first', () => {
    const file = path.join(repoRoot, '.ci', 'run');
    const script = readFileSync(file, 'utf8');
    assert.match(script, /^#!\/usr\/bin\/env bash\n/);
    assert.match(script, /^set -euo pipefail$/m);
    const commands = script.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#') && !l.startsWith('set ') && !l.startsWith('cd '));
    // Later issues may add steps after these (e.g. the end-to-end tests).
    assert.deepEqual(commands.slice(0, 3), ['npm ci', 'npm test', 'npm run examples']);
    assert.ok((statSync(file).mode & 0o111) !== 0, '.ci/run is executable');
  });

  test('package.json maps the identity-pool-roles bin to the built CLI', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.equal(pkg.bin['identity-pool-roles'], 'dist/cli.js');
    assert.match(readFileSync(path.join(repoRoot, 'dist', 'cli.js'), 'utf8'), /^#!\/usr\/bin\/env node/);
  });
});

describe('examples/README.md', () => {
  test('lists exactly the codes that check reports for examples/broken', () => {
    const text = readFileSync(path.join(repoRoot, 'examples', 'README.md'), 'utf8');
    const section = text.slice(text.indexOf('<!-- broken-codes:start -->'), text.indexOf('<!-- broken-codes:end -->'));
    const listed = [...section.matchAll(/^- `([a-z0-9-]+)`/gm)].map((m) => m[1]).sort();
    const run = runCli(['check', 'examples/broken/identity-pool.json', 'examples/broken/roles.json', '--format', 'json']);
    const reported = [
      ...new Set((JSON.parse(run.stdout) as Array<{ diagnostics: Array<{ code: string }> }>).flatMap((f) => f.diagnostics.map((d) => d.code))),
    ].sort();
    assert.deepEqual(listed, reported, 'regenerate with node scripts/run-examples.mjs --update-readme');
  });
});
