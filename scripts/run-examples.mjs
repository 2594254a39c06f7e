// The main job on the bundled examples: checks every example folder and runs the README's example commands
// with the built CLI (dist/cli.js), printing each command and what it printed.
// Exits 1 only when the CLI crashes or reports bad usage (exit code 2 or more): the broken example's
// errors (exit 1 from `check`) are the point of that example.
//
// `--update-readme` also rewrites the README from what the CLI prints now: the output under each
// `<!-- cli-example -->` command and the table of checks between `<!-- checks:start -->` and
// `<!-- checks:end -->` (from CODES in core/diagnostics.ts). test/cli checks that both stay in sync.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const readmePath = join(root, 'README.md');
const update = process.argv.includes('--update-readme');

if (!existsSync(cli)) {
  console.error('dist/cli.js is missing: run `npm run build` (or `npm ci`, which builds) first.');
  process.exit(1);
}

let failures = 0;

/** Runs the CLI from the repository root, prints the command and its output, and returns the output. */
function run(args) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  console.log(`$ node dist/cli.js ${args.join(' ')}`);
  if (result.stdout) process.stdout.write(result.stdout);
  if (result.stderr) console.log(result.stderr.replace(/\n$/, '').replace(/^/gm, 'stderr: '));
  const status = result.status ?? `signal ${result.signal}`;
  console.log(`(exit ${status})\n`);
  if (typeof result.status !== 'number' || result.status >= 2) {
    failures++;
    console.log(`^^^ FAILED: the CLI ${typeof result.status === 'number' ? `exited with ${result.status}` : 'crashed'}\n`);
  }
  return result.stdout;
}

// 1. `check` on each example folder (files of one folder describe one pool and are checked together).
console.log('== check: every example folder ==\n');
const examplesDir = join(root, 'examples');
for (const folder of readdirSync(examplesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort()) {
  if (folder === 'tokens') continue;
  const files = listFiles(join(examplesDir, folder)).filter(
    (f) => /\.(json|ya?ml|template|tf)$/.test(f) && !f.startsWith('claims/') && !/\.role-tests\./.test(f),
  );
  if (files.length > 0) run(['check', ...files.map((f) => `examples/${folder}/${f}`)]);
}

// 2. The role-test files of the examples (*.role-tests.yaml|json): every case must pass.
console.log('== test: the role-test files of examples/ ==\n');
{
  const before = failures;
  const result = spawnSync(process.execPath, [cli, 'test', 'examples'], { cwd: root, encoding: 'utf8' });
  console.log('$ node dist/cli.js test examples');
  process.stdout.write(result.stdout);
  if (result.stderr) console.log(result.stderr.replace(/\n$/, '').replace(/^/gm, 'stderr: '));
  console.log(`(exit ${result.status ?? `signal ${result.signal}`})\n`);
  if (result.status !== 0) failures++;
  if (failures > before) console.log('^^^ FAILED: a role test of the examples does not pass\n');
}

// 3. The README's examples (simulations and checks), exactly as printed there.
console.log('== the README examples ==\n');
let readme = readFileSync(readmePath, 'utf8');
const examples = readmeExamples(readme);
for (const example of examples) example.actual = run(example.args);
if (update) {
  // From the last block to the first, so that replacing one keeps the offsets of the earlier ones valid.
  for (const example of [...examples].reverse()) {
    const block = `$ ${example.commandText}\n${(example.actual ?? '').replace(/\n$/, '')}\n`;
    readme = readme.slice(0, example.start) + block + readme.slice(example.end);
  }
  const CODES = await loadCodes();
  readme = replaceBetween(readme, '<!-- checks:start -->', '<!-- checks:end -->', checksTable(CODES));
  writeFileSync(readmePath, readme);
  const examplesReadmePath = join(examplesDir, 'README.md');
  writeFileSync(
    examplesReadmePath,
    replaceBetween(readFileSync(examplesReadmePath, 'utf8'), '<!-- broken-codes:start -->', '<!-- broken-codes:end -->', brokenCodesList(CODES)),
  );
  console.log(`README.md updated (${examples.length} examples, checks table) and examples/README.md (codes of broken/).`);
}

if (failures > 0) {
  console.error(`${failures} run(s) failed.`);
  process.exit(1);
}
console.log('All example runs finished (exit 0 or 1).');

function listFiles(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]))
    .sort();
}

/**
 * Example blocks: a `<!-- cli-example -->` line, then a ```console block whose first line is
 * `$ node dist/cli.js ARGS` (continued with a trailing backslash) and whose other lines are the output.
 */
function readmeExamples(text) {
  /** @type {Array<{ commandText: string; args: string[]; start: number; end: number; actual?: string }>} */
  const result = [];
  const re = /<!-- cli-example -->\s*```console\n([\s\S]*?)```/g;
  for (let m; (m = re.exec(text));) {
    const body = m[1];
    const lines = body.split('\n');
    let commandText = (lines.shift() ?? '').replace(/^\$ /, '');
    while (commandText.endsWith('\\')) commandText = `${commandText.slice(0, -1).trimEnd()} \\\n${lines.shift()}`;
    const words = commandText.replace(/\\\n/g, ' ').trim().split(/\s+/);
    if (words[0] !== 'node' || words[1] !== 'dist/cli.js') throw new Error(`README example does not start with 'node dist/cli.js': ${commandText}`);
    const start = m.index + m[0].length - body.length - 3;
    result.push({ commandText, args: words.slice(2), start, end: start + body.length });
  }
  return result;
}

/** CODES of core/diagnostics.ts, bundled from TypeScript on the fly with esbuild. */
async function loadCodes() {
  const esbuild = await import('esbuild');
  const bundle = esbuild.buildSync({ entryPoints: [join(root, 'core', 'diagnostics.ts')], bundle: true, write: false, format: 'esm', platform: 'node' });
  return (await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`)).CODES;
}

/** The README's table of checks. */
function checksTable(CODES) {
  const rows = Object.entries(CODES).map(([code, info]) => `| \`${code}\` | ${info.severity} | ${info.title} |`);
  return ['| Code | Severity | What it finds |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The codes `check` reports for examples/broken, in the order they first appear. */
function brokenCodesList(CODES) {
  const files = listFiles(join(examplesDir, 'broken'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => `examples/broken/${f}`);
  const result = spawnSync(process.execPath, [cli, 'check', ...files, '--format', 'json'], { cwd: root, encoding: 'utf8' });
  const codes = [...new Set(JSON.parse(result.stdout).flatMap((file) => file.diagnostics.map((d) => d.code)))];
  return codes.map((code) => `- \`${code}\` (${CODES[code]?.severity}): ${CODES[code]?.title}`).join('\n');
}

function replaceBetween(text, startMarker, endMarker, content) {
  const start = text.indexOf(startMarker);
  const end = text.indexOf(endMarker);
  if (start < 0 || end < start) throw new Error(`missing markers ${startMarker} ... ${endMarker}`);
  return `${text.slice(0, start + startMarker.length)}\n${content}\n${text.slice(end)}`;
}
