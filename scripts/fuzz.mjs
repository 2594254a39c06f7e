// `npm run fuzz -- --runs N [--seed S]`: the fuzz properties of test/unit/fuzz.test.ts with more cases.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '20000' }, seed: { type: 'string' } } });
const seed = values.seed ?? String(Date.now() % 2 ** 31);
console.log(`fuzz: ${values.runs} runs per property, seed ${seed} (repeat with --seed ${seed})`);
const result = spawnSync(process.execPath, ['--test', path.join(root, 'out/test/unit/fuzz.test.js')], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: values.runs, FUZZ_SEED: seed },
});
process.exitCode = result.status ?? 1;
