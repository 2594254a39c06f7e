/** Issue 13: the analysis engine against brute force and against the simulator. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyzePool, analyzeRules, diffPools, satisfiesAll, shadowedRules, solveClaim, type Literal } from '../../core/analysis/index';
import { satisfiable } from '../../core/analysis/solver';
import { firstMatch } from '../../core/analysis/rules';
import { checkPool } from '../../core/validate/index';
import { readFileSync } from 'node:fs';
import { parseDocument } from '../../core/documents';
import { ruleReachabilityMarkdown } from '../../server/src/features/ruleHover';
import type { MappingRuleModel, MatchType } from '../../core/model';
import { AUTH, CLIENT, evaluate, NOW, poolFrom, role, rolesJson, rule, rulesMapping, standardPoolJson, USER_POOL } from './evaluate-fixtures';

const MATCH: MatchType[] = ['Equals', 'Contains', 'StartsWith', 'NotEqual'];
const MAPPING_KEY = `${USER_POOL}:${CLIENT}`;

/** Every string over `alphabet` up to `max` characters. */
function strings(alphabet: string, max: number): string[] {
  const out = [''];
  let layer = [''];
  for (let n = 1; n <= max; n++) {
    layer = layer.flatMap((s) => [...alphabet].map((c) => s + c));
    out.push(...layer);
  }
  return out;
}

const SMALL = strings('abz', 3);
/** Claim values: absent, strings, lists of up to two strings (the domain matchRule distinguishes). */
const DOMAIN: unknown[] = [
  undefined,
  ...strings('abz', 4),
  [],
  ...SMALL.map((s) => [s]),
  ...SMALL.flatMap((s) => SMALL.filter((t) => t > s).map((t) => [s, t])),
];

const literalArb = fc.record({ matchType: fc.constantFrom(...MATCH), value: fc.constantFrom(...strings('ab', 2)), holds: fc.boolean() });

function ruleModel(index: number, claim: string, matchType: string, value: string): MappingRuleModel {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return {
    index,
    range,
    claim: { value: claim, range },
    matchType: { value: matchType, range },
    value: { value, range },
    roleArn: { value: role(`R${index}`), range },
  };
}

describe('solveClaim: exact on one claim', () => {
  it('agrees with brute force over a small alphabet, and every witness satisfies matchRule', () => {
    fc.assert(
      fc.property(
        fc.array(literalArb, { minLength: 1, maxLength: 5 }),
        fc.constantFrom(undefined, 'present' as const, 'absent' as const),
        (literals: Literal[], presence) => {
          const solution = solveClaim({ literals, presence });
          const brute = DOMAIN.some(
            (v) => (presence === 'present' ? v !== undefined : presence === 'absent' ? v === undefined : true) && satisfiesAll(literals, v),
          );
          if (solution) {
            assert.ok(satisfiesAll(literals, solution.value), `witness ${JSON.stringify(solution.value)} fails ${JSON.stringify(literals)}`);
            if (presence === 'absent') assert.equal(solution.value, undefined);
            if (presence === 'present') assert.notEqual(solution.value, undefined);
          }
          if (brute) assert.ok(solution, `brute force found a value for ${JSON.stringify(literals)} ${presence}, the solver none`);
          assert.equal(satisfiable(literals, presence), solution !== null, 'the decision agrees with the solver');
          const stringOnly = solveClaim({ literals, presence, noList: true });
          const bruteString = DOMAIN.some(
            (v) =>
              !Array.isArray(v) && (presence === 'present' ? v !== undefined : presence === 'absent' ? v === undefined : true) && satisfiesAll(literals, v),
          );
          if (stringOnly) assert.ok(!Array.isArray(stringOnly.value) && satisfiesAll(literals, stringOnly.value));
          if (bruteString) assert.ok(stringOnly, `strings only: brute force found a value for ${JSON.stringify(literals)}, the solver none`);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('decides the classic cases', () => {
    const twoPrefixes: Literal[] = [
      { matchType: 'StartsWith', value: 'ab', holds: true },
      { matchType: 'StartsWith', value: 'b', holds: true },
    ];
    assert.equal(solveClaim({ literals: twoPrefixes, noList: true }), null, 'no one string starts with ab and with b');
    assert.deepEqual(solveClaim({ literals: twoPrefixes }), { value: ['ab', 'b'] }, 'a list has an element for each');
    assert.equal(
      solveClaim({
        literals: [
          { matchType: 'Contains', value: 'xy', holds: true },
          { matchType: 'Contains', value: 'y', holds: false },
        ],
      }),
      null,
    );
    assert.equal(solveClaim({ literals: [{ matchType: 'Contains', value: '', holds: false }] })?.value, undefined, 'only absence avoids containing ""');
    // A list escapes "NotEqual a fails" and "Equals a fails" together only when absent.
    assert.deepEqual(
      solveClaim({
        literals: [
          { matchType: 'NotEqual', value: 'a', holds: false },
          { matchType: 'Equals', value: 'b', holds: true },
        ],
        preferList: true,
      }),
      { value: ['a', 'b'] },
    );
  });
});

describe('analyzeRules: exact reachability', () => {
  const ruleArb = fc.record({
    claim: fc.constantFrom('c', 'cognito:groups'),
    matchType: fc.constantFrom(...MATCH),
    value: fc.constantFrom(...strings('ab', 2)),
  });
  it('witnesses reach their rule, unreachable rules are unreachable by brute force, covers cover', () => {
    const valuesSmall: unknown[] = [undefined, ...strings('abz', 3), [], ...strings('ab', 2).map((s) => [s]), ['a', 'b'], ['ab', 'b'], ['a', 'ba']];
    fc.assert(
      fc.property(fc.array(ruleArb, { minLength: 1, maxLength: 5 }), (specs) => {
        const rules = specs.map((s, i) => ruleModel(i, s.claim, s.matchType, s.value));
        const result = analyzeRules(rules);
        const reachedByBrute = new Set<number | null>();
        for (const c of valuesSmall)
          for (const g of valuesSmall) {
            const claims: Record<string, unknown> = {};
            if (c !== undefined) claims.c = c;
            if (g !== undefined) claims['cognito:groups'] = g;
            reachedByBrute.add(firstMatch(rules, claims) as number | null);
          }
        for (const r of result.rules) {
          assert.notEqual(r.reachable, null, 'no deploy-time values: always decided');
          if (r.reachable) assert.equal(firstMatch(rules, r.witnessClaims!), r.index, `witness for Rules[${r.index}]`);
          else {
            assert.ok(!reachedByBrute.has(r.index), `Rules[${r.index}] said unreachable but brute force reaches it`);
            // The covering rules alone already cover it.
            const sub = [...r.coveredBy.map((i) => rules[i]), rules[r.index]].map((x, k) => ({ ...x, index: k }));
            assert.equal(analyzeRules(sub).rules.at(-1)!.reachable, false, 'the covering set covers');
          }
        }
        assert.deepEqual(
          shadowedRules({ rules } as never),
          result.rules.filter((r) => r.reachable === false).map((r) => ({ index: r.index, coveredBy: r.coveredBy })),
        );
        assert.equal(result.noRuleMatches.reachable, true);
        assert.equal(firstMatch(rules, result.noRuleMatches.witnessClaims!), null);
      }),
      { numRuns: 300 },
    );
  });

  it('shadowedRules (the fast path, with or without a filter) gives the covers of the full analysis on random mappings', () => {
    const wideRuleArb = fc.record({
      claim: fc.constantFrom('c', 'd', 'cognito:groups', 'amr', 'aud'),
      matchType: fc.constantFrom(...MATCH, 'Bad'),
      value: fc.constantFrom(...strings('ab', 2)),
    });
    fc.assert(
      fc.property(fc.array(wideRuleArb, { minLength: 1, maxLength: 12 }), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), (specs, pick) => {
        const rules = specs.map((s, i) => ruleModel(i, s.claim, s.matchType, s.value));
        const full = analyzeRules(rules)
          .rules.filter((r) => r.reachable === false && r.coveredBy.length > 0)
          .map((r) => ({ index: r.index, coveredBy: r.coveredBy }));
        assert.deepEqual(shadowedRules({ rules } as never), full);
        assert.deepEqual(
          shadowedRules({ rules } as never, (i) => pick[i]),
          full.filter((r) => pick[r.index]),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('finds a rule covered only by two earlier rules together, with both as the proof', () => {
    const rules = [
      ruleModel(0, 'custom:department', 'Equals', 'Finance'),
      ruleModel(1, 'custom:department', 'NotEqual', 'Finance'),
      ruleModel(2, 'custom:department', 'StartsWith', 'Fin'),
    ];
    const result = analyzeRules(rules);
    assert.deepEqual(
      result.rules.map((r) => r.reachable),
      [true, true, false],
    );
    assert.deepEqual(result.rules[2].coveredBy, [0, 1]);
  });

  it('deploy-time values give unknown, never a guess; a later rule stays reachable when the claim can be absent', () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const symbolic = { ...ruleModel(0, 'custom:team', 'Equals', 'x'), value: { value: '${TeamParam}', range, symbolic: true } };
    const result = analyzeRules([symbolic, ruleModel(1, 'custom:team', 'Contains', 'a'), ruleModel(2, 'email', 'Contains', '@')]);
    assert.deepEqual(
      result.rules.map((r) => r.reachable),
      [null, null, true],
    );
    assert.equal(result.rules[2].witnessClaims!['custom:team'], undefined);
  });

  it('token-validation claims are not guessed', () => {
    const result = analyzeRules([ruleModel(0, 'aud', 'Equals', 'other'), ruleModel(1, 'aud', 'NotEqual', 'other')]);
    assert.deepEqual(
      result.rules.map((r) => r.reachable),
      [null, null],
    );
  });

  it('shadowedRules reports the exact cover', () => {
    const pool = poolFrom(
      rolesJson(
        { authenticated: AUTH },
        { [MAPPING_KEY]: rulesMapping([rule('g', 'Contains', 'adm', 'A'), rule('g', 'StartsWith', 'x', 'B'), rule('g', 'Equals', 'admin', 'C')]) },
      ),
      standardPoolJson(),
    );
    const mapping = pool.roleConfig!.mappings[0];
    assert.deepEqual(shadowedRules(mapping), [{ index: 2, coveredBy: [0] }]);
  });
});

describe('analyzePool: witnesses simulated', () => {
  it('each witness gives exactly its rule when simulated, and role paths are listed', () => {
    const pool = poolFrom(
      rolesJson(
        { authenticated: AUTH },
        {
          [MAPPING_KEY]: rulesMapping([
            rule('cognito:groups', 'Contains', 'admin', 'Admin'),
            rule('cognito:groups', 'Equals', 'editors', 'Editor'),
            rule('email', 'StartsWith', 'ops@', 'Ops'),
            rule('cognito:groups', 'Equals', 'superadmin', 'Never'),
          ]),
        },
      ),
      standardPoolJson(),
    );
    const analysis = analyzePool(pool, { now: NOW });
    const rules = analysis.mappings[0].rules;
    assert.deepEqual(
      rules.map((r) => r.reachable),
      [true, true, true, false],
    );
    assert.deepEqual(rules[3].coveredBy, [0]);
    for (const r of rules.filter((x) => x.reachable)) {
      const result = evaluate(pool, { claims: r.witness! });
      assert.equal(result.matchedRuleIndex, r.index);
      assert.equal(result.roleArn, r.roleArn);
      assert.ok((r.witness!.exp as number) >= NOW + 3600);
    }
    const none = evaluate(pool, { claims: analysis.mappings[0].noRuleMatches.witness! });
    assert.equal(none.via, 'ambiguous-resolution');
    const auth = analysis.roles.find((r) => r.roleArn === AUTH)!;
    assert.ok(auth.paths.some((p) => p.via === 'ambiguous-resolution'));
    assert.ok(!analysis.roles.some((r) => r.roleArn === role('Never')), 'an unreachable rule is no path');
  });
});

describe('diffPools', () => {
  const pool = (rules: Array<Record<string, string>>, resolution: 'AuthenticatedRole' | 'Deny' = 'AuthenticatedRole') =>
    poolFrom(rolesJson({ authenticated: AUTH }, { [MAPPING_KEY]: rulesMapping(rules, resolution) }), standardPoolJson());
  it('equivalent when only an unreachable rule is removed or non-overlapping rules are reordered', () => {
    // Equals a and Equals b overlap (the list ["a","b"]); Equals a and NotEqual a do not.
    const a = pool([rule('g', 'Equals', 'a', 'A'), rule('g', 'NotEqual', 'a', 'B'), rule('g', 'Equals', 'b', 'Dead')]);
    const b = pool([rule('g', 'NotEqual', 'a', 'B'), rule('g', 'Equals', 'a', 'A')]);
    const d = diffPools(a, b, { now: NOW });
    assert.equal(d.equivalent, true, JSON.stringify(d.changes));
  });
  it('reports a witness per change, confirmed by simulating both versions', () => {
    const a = pool([rule('g', 'Contains', 'adm', 'A'), rule('g', 'StartsWith', 'x', 'B')]);
    const b = pool([rule('g', 'StartsWith', 'x', 'B'), rule('g', 'Contains', 'adm', 'A')], 'Deny');
    const d = diffPools(a, b, { now: NOW });
    assert.equal(d.equivalent, false);
    assert.ok(d.changes.length >= 2);
    for (const c of d.changes) {
      assert.deepEqual({ outcome: evaluate(a, { claims: c.witness! }).outcome, roleArn: evaluate(a, { claims: c.witness! }).roleArn }, c.before);
      assert.deepEqual({ outcome: evaluate(b, { claims: c.witness! }).outcome, roleArn: evaluate(b, { claims: c.witness! }).roleArn }, c.after);
    }
    assert.ok(d.changes.some((c) => c.before.roleArn === role('A') && c.after.roleArn === role('B')));
    assert.ok(d.changes.some((c) => c.after.outcome === 'deny'));
  });
});

describe('rule-shadowed is exact', () => {
  it('reports a rule covered only by two earlier rules together, with both as related information', () => {
    const pool = poolFrom(
      rolesJson(
        { authenticated: AUTH },
        {
          [MAPPING_KEY]: rulesMapping([
            rule('custom:department', 'Equals', 'Finance', 'F'),
            rule('custom:department', 'NotEqual', 'Finance', 'S'),
            rule('custom:department', 'StartsWith', 'Fin', 'L'),
          ]),
        },
      ),
      standardPoolJson(),
    );
    const shadowed = checkPool(pool).filter((d) => d.code === 'rule-shadowed');
    assert.equal(shadowed.length, 1);
    assert.equal(shadowed[0].data?.ruleIndex, 2);
    assert.equal(shadowed[0].related?.length, 2);
    const rules = pool.roleConfig!.mappings[0].rules;
    const plain = (r: { start: { line: number; character: number } }) => [r.start.line, r.start.character];
    assert.deepEqual(
      shadowed[0].related!.map((r) => plain(r.location.range)),
      [plain(rules[0].range), plain(rules[1].range)],
    );
  });
  it('reports nothing for reachable rules', () => {
    const pool = poolFrom(
      rolesJson(
        { authenticated: AUTH },
        { [MAPPING_KEY]: rulesMapping([rule('custom:department', 'Equals', 'Finance', 'F'), rule('custom:department', 'StartsWith', 'Fin', 'L')]) },
      ),
      standardPoolJson(),
    );
    assert.equal(checkPool(pool).filter((d) => d.code === 'rule-shadowed').length, 0);
  });
});

describe('hover on a rule', () => {
  it('says whether the rule is reachable, with the claims, or which rules cover it', () => {
    const text = readFileSync(`${__dirname}/../../../examples/covered-rule/roles.json`, 'utf8');
    const model = parseDocument('file:///covered/roles.json', text);
    const lines = text.split('\n');
    const at = (needle: string) => ({
      line: lines.findIndex((l) => l.includes(needle)),
      character: lines[lines.findIndex((l) => l.includes(needle))].indexOf('"') + 1,
    });
    assert.match(ruleReachabilityMarkdown(model, at('"StartsWith"'))!, /Never used.*`Rules\[0\]` and `Rules\[1\]` together/);
    assert.match(ruleReachabilityMarkdown(model, at('"travel-admin"'))!, /Reachable.*`cognito:groups` `\["travel-admin"\]`/);
    assert.equal(ruleReachabilityMarkdown(model, { line: 0, character: 0 }), undefined);
  });
});
