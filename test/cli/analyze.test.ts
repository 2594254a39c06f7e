/** `analyze` and `diff` (issue 13): the JSON contract, exit codes, and witnesses that `simulate` accepts as they are. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { examples, repoRoot, runCli, runCliJson, tempFiles } from './harness';

const NOW = 1767225600;
const covered = {
  roles: 'examples/covered-rule/roles.json',
  pool: 'examples/covered-rule/identity-pool.json',
  v2: 'examples/covered-rule/roles-admins-first.json',
};

interface AnalysisJson {
  mappings: Array<{
    mappingKey: string;
    login?: string;
    rules: Array<{ index: number; reachable: boolean | null; witness: Record<string, unknown> | null; coveredBy: number[] }>;
    noRuleMatches: { reachable: boolean | null; witness: Record<string, unknown> | null };
  }>;
  roles: Array<{
    roleArn: string;
    paths: Array<{ mappingKey: string | null; via: string; ruleIndex: number | null; condition: string; witness: Record<string, unknown> | null }>;
  }>;
  assumptions: string[];
}

function simulateWitness(roles: string, pool: string, witness: Record<string, unknown>, login?: string) {
  const dir = tempFiles({ 'w.json': JSON.stringify(witness) });
  const args = ['simulate', '--roles', roles, '--identity-pool', pool, '--claims', path.join(dir, 'w.json'), '--now', String(NOW), '--format', 'json'];
  if (login) args.push('--login', login);
  return runCliJson<{ outcome: string; roleArn: string | null; matchedRuleIndex: number | null; via: string }>(args).json;
}

describe('analyze', () => {
  for (const [name, roles, pool] of [
    ['covered-rule', covered.roles, covered.pool],
    ['google-and-user-pool-rules', examples.rulesRoles, examples.rulesPool],
    ['saml', examples.samlRoles, examples.samlPool],
  ] as const) {
    test(`${name}: the JSON contract, and every witness reaches its rule when simulated`, () => {
      const { run, json } = runCliJson<AnalysisJson>(['analyze', '--roles', roles, '--identity-pool', pool, '--now', String(NOW), '--format', 'json']);
      assert.equal(run.status, 0, run.stderr);
      assert.ok(Array.isArray(json.assumptions) && json.assumptions.length > 0);
      for (const m of json.mappings) {
        for (const r of m.rules) {
          assert.deepEqual(Object.keys(r).slice(0, 4), ['index', 'reachable', 'witness', 'coveredBy']);
          if (r.reachable !== true) continue;
          assert.ok(r.witness, `Rules[${r.index}] reachable with a witness`);
          if (!m.login) {
            assert.equal(typeof r.witness.iss, 'string');
            assert.ok((r.witness.exp as number) >= NOW + 3600);
          }
          const result = simulateWitness(roles, pool, r.witness, m.login);
          assert.equal(result.matchedRuleIndex, r.index, `${m.mappingKey} Rules[${r.index}]`);
        }
        if (m.noRuleMatches.witness) assert.equal(simulateWitness(roles, pool, m.noRuleMatches.witness, m.login).via, 'ambiguous-resolution');
      }
      for (const role of json.roles)
        for (const p of role.paths)
          if (p.witness && p.via === 'rules')
            assert.equal(simulateWitness(roles, pool, p.witness, json.mappings.find((m) => m.mappingKey === p.mappingKey)?.login).roleArn, role.roleArn);
    });
  }

  test('a rule covered only by two earlier rules together is unreachable, with both as the proof', () => {
    const { json } = runCliJson<AnalysisJson>(['analyze', '--roles', covered.roles, '--identity-pool', covered.pool, '--now', String(NOW), '--format', 'json']);
    const rules = json.mappings[0].rules;
    assert.deepEqual(
      rules.map((r) => r.reachable),
      [true, true, false, true],
    );
    assert.deepEqual(rules[2].coveredBy, [0, 1]);
    assert.equal(rules[2].witness, null);
    const admin = json.roles.find((r) => r.roleArn.endsWith('TravelDesk-Admin'))!;
    assert.match(admin.paths[0].condition, /custom:department is absent/);
    assert.ok(!json.roles.some((r) => r.roleArn.endsWith('TravelDesk-FinanceLead')));
  });

  test('bad usage exits 2', () => {
    assert.equal(runCli(['analyze']).status, 2);
    assert.equal(runCli(['analyze', '--roles', covered.roles, '--format', 'markdown']).status, 2);
    assert.equal(runCli(['analyze', '--roles', covered.roles, '--now', 'soon']).status, 2);
    assert.equal(runCli(['analyze', '--help']).status, 0);
  });
});

describe('diff', () => {
  test('equivalent: exit 0', () => {
    const run = runCli(['diff', covered.roles, covered.roles, '--identity-pool', covered.pool, '--now', String(NOW), '--format', 'json']);
    assert.equal(run.status, 0);
    assert.deepEqual(JSON.parse(run.stdout).changes, []);
    assert.equal(JSON.parse(run.stdout).equivalent, true);
  });

  test('removing only the unreachable rule is equivalent', () => {
    const original = JSON.parse(readFileSync(path.join(repoRoot, covered.roles), 'utf8'));
    const mapping = Object.values(original.RoleMappings)[0] as { RulesConfiguration: { Rules: unknown[] } };
    mapping.RulesConfiguration.Rules.splice(2, 1);
    const dir = tempFiles({});
    writeFileSync(path.join(dir, 'roles.json'), JSON.stringify(original));
    const run = runCli(['diff', covered.roles, path.join(dir, 'roles.json'), '--identity-pool', covered.pool, '--now', String(NOW)]);
    assert.equal(run.status, 0, run.stdout);
    assert.match(run.stdout, /Equivalent/);
  });

  test('changes: exit 1, each witness gives the stated outcomes against OLD and NEW', () => {
    const { run, json } = runCliJson<{
      equivalent: boolean;
      changes: Array<{
        mappingKey: string;
        witness: Record<string, unknown>;
        before: { outcome: string; roleArn: string | null };
        after: { outcome: string; roleArn: string | null };
      }>;
    }>(['diff', covered.roles, covered.v2, '--identity-pool', covered.pool, '--now', String(NOW), '--format', 'json']);
    assert.equal(run.status, 1);
    assert.equal(json.equivalent, false);
    assert.ok(json.changes.length > 0);
    for (const c of json.changes) {
      const before = simulateWitness(covered.roles, covered.pool, c.witness);
      const after = simulateWitness(covered.v2, covered.pool, c.witness);
      assert.deepEqual({ outcome: before.outcome, roleArn: before.roleArn }, c.before);
      assert.deepEqual({ outcome: after.outcome, roleArn: after.roleArn }, c.after);
    }
    const markdown = runCli(['diff', covered.roles, covered.v2, '--identity-pool', covered.pool, '--now', String(NOW), '--format', 'markdown']);
    assert.equal(markdown.status, 1);
    assert.match(markdown.stdout, /\| Mapping \| Example identity \| Before \| After \|/);
  });

  test('bad usage exits 2', () => {
    assert.equal(runCli(['diff', covered.roles]).status, 2);
    assert.equal(runCli(['diff', covered.roles, covered.v2, '--format', 'yaml']).status, 2);
    assert.equal(runCli(['diff', covered.roles, 'no-such-file.json']).status, 2);
  });
});
