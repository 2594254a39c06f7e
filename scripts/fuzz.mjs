// `npm run fuzz -- --runs N [--seed S]`: the fuzz properties of test/unit/fuzz.test.ts with more cases,
// held to the 100 ms goal per check (npm test only catches hangs), with the slowest input of each kind.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const GOAL_MS = 100;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '20000' }, seed: { type: 'string' } } });
const seed = values.seed ?? String(Date.now() % 2 ** 31);
const reportDir = mkdtempSync(path.join(tmpdir(), 'ipr-fuzz-'));
const report = path.join(reportDir, 'slowest.json');
console.log(`fuzz: ${values.runs} runs per property, seed ${seed} (repeat with --seed ${seed}), goal ${GOAL_MS} ms per run`);
const result = spawnSync(process.execPath, ['--test', path.join(root, 'out/test/unit/fuzz.test.js')], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: values.runs, FUZZ_SEED: seed, FUZZ_MAX_MS: String(GOAL_MS), FUZZ_REPORT: report },
});
let overGoal = false;
if (existsSync(report)) {
  console.log(`\nslowest run of each kind (fastest of up to 3 attempts), goal < ${GOAL_MS} ms:`);
  for (const [kind, { ms, input }] of Object.entries(JSON.parse(readFileSync(report, 'utf8')))) {
    const verdict = ms < GOAL_MS ? 'ok' : 'OVER THE GOAL';
    if (ms >= GOAL_MS) overGoal = true;
    console.log(`  ${kind.padEnd(11)} ${ms.toFixed(1).padStart(8)} ms  ${verdict}  (${input})`);
  }
} else {
  console.log('\nno timing report: the test run stopped before the end');
}
rmSync(reportDir, { recursive: true, force: true });
process.exitCode = result.status || (overGoal ? 1 : 0);
