/**
 * What changes between two configurations of a pool (issue 13): the first-match regions of both versions
 * intersected exactly, one witness per distinct change, each simulated against both versions.
 */
import type { CoreDiagnostic } from '../diagnostics';
import { evaluateRequest } from '../evaluate/index';
import type { SimulationRequest } from '../evaluate/types';
import type { IdentityPoolModel, RoleMappingModel } from '../model';
import { ARRAY_CLAIMS } from '../providers';
import { ANALYSIS_ASSUMPTIONS, isRules, witnessBase, witnessLogin } from './pool';
import { classifyRule, type RuleKind } from './rules';
import { satisfiable, solveClaim, type Literal } from './solver';

type SimulationRequestLike = SimulationRequest;

export interface DiffChange {
  mappingKey: string | null;
  witness: Record<string, unknown> | null;
  /** For SAML: the Logins key to simulate the witness with. */
  login?: string;
  before: { outcome: string; roleArn: string | null };
  after: { outcome: string; roleArn: string | null };
}

export interface PoolDiff {
  equivalent: boolean;
  changes: DiffChange[];
  /** Where the answer is not known (deploy-time values, Token mappings): the diff is then not "equivalent". */
  unknown: Array<{ mappingKey: string | null; reason: string }>;
  assumptions: string[];
}

/** The static outcome of region `index` (a rule, or null: no rule matches) of a Rules mapping, as a comparable key. */
function regionKey(pool: IdentityPoolModel, mapping: RoleMappingModel | undefined, index: number | null): string {
  if (mapping && index !== null) return `role:${mapping.rules.find((r) => r.index === index)?.roleArn?.value ?? '(none)'}`;
  const auth = pool.roleConfig?.authenticated?.value ?? '(none)';
  if (!mapping) return `role:${auth}`;
  return mapping.ambiguousRoleResolution?.value === 'Deny' ? 'deny' : `role:${auth}`;
}

function mappingSignature(m: RoleMappingModel | undefined): string {
  if (!m) return 'none';
  return JSON.stringify([
    m.type?.value,
    m.ambiguousRoleResolution?.value,
    m.rules.map((r) => [r.claim?.value, r.matchType?.value, r.value?.value, r.roleArn?.value]),
  ]);
}

function hasDeployTime(m: RoleMappingModel | undefined): boolean {
  if (!m) return false;
  const fields = [m.type, m.ambiguousRoleResolution, ...m.rules.flatMap((r) => [r.claim, r.matchType, r.value, r.roleArn])];
  return fields.some((f) => f?.symbolic) || m.rules.some((r) => classifyRule(r).kind === 'opaque' || classifyRule(r).kind === 'deploy-time');
}

/**
 * Region `index` of a rule list (index null: no rule matches) as per-claim literals, and the claim of its
 * own rule. Every claim but that one only needs "does not match" literals, which leaving it out satisfies.
 */
interface Region {
  index: number | null;
  /** Position in the rule list (the number of rules before it; all rules for "no rule matches"). */
  position: number;
  claim?: string;
  own?: Literal;
  /** Per claim, the "does not match" literals of the whole list with their positions (shared by all regions). */
  negations: Map<string, Array<{ position: number; literal: Literal }>>;
  /** The simulated outcome of this region, once known (see diffPools). */
  outcome?: { outcome: string; roleArn: string | null };
}

function regionsOf(kinds: ReadonlyArray<{ index: number; kind: RuleKind }>): Region[] {
  const regions: Region[] = [];
  const negations = new Map<string, Array<{ position: number; literal: Literal }>>();
  kinds.forEach(({ index, kind }, position) => {
    if (kind.kind !== 'known') return;
    const { matchType, value } = kind.literal;
    regions.push({ index, position, claim: kind.claim, own: { matchType, value, holds: true }, negations });
    const list = negations.get(kind.claim) ?? [];
    list.push({ position, literal: { matchType, value, holds: false } });
    negations.set(kind.claim, list);
  });
  regions.push({ index: null, position: kinds.length, negations });
  return regions;
}

/** The literals region `r` puts on `claim`: the earlier rules on it do not match, and its own rule does. */
function literalsOf(r: Region, claim: string, into: Literal[]): void {
  for (const n of r.negations.get(claim) ?? []) if (n.position < r.position) into.push(n.literal);
  if (r.claim === claim && r.own) into.push(r.own);
}

function countBefore(r: Region, claim: string): number {
  let n = 0;
  for (const e of r.negations.get(claim) ?? []) if (e.position < r.position) n++;
  return n;
}

/**
 * The value of `claim` for a token in regions x and y (x owns the claim), or null. What y adds on the claim
 * depends only on how many of its rules on the claim come before it (and on its own rule when it reads
 * the same claim), so the answers are shared between the regions y of a mapping.
 */
/** solveClaimPair's answers per region x, claim and what y adds on the claim. */
type PairMemo = WeakMap<Region, Map<string, Map<number, { value: unknown } | null>>>;

function solveClaimPair(claim: string, x: Region, y: Region, memo: PairMemo): { value: unknown } | null {
  // Keyed by claim, then by (rules of y on the claim before it, y's own rule when on the claim) as one number.
  const key = countBefore(y, claim) * 4294967296 + (y.claim === claim && y.index !== null ? y.index + 1 : 0);
  let forX = memo.get(x);
  if (!forX) memo.set(x, (forX = new Map()));
  let forClaim = forX.get(claim);
  if (!forClaim) forX.set(claim, (forClaim = new Map()));
  const known = forClaim.get(key);
  if (known !== undefined) return known;
  const literals: Literal[] = [];
  literalsOf(x, claim, literals);
  literalsOf(y, claim, literals);
  let result: { value: unknown } | null = null;
  if (satisfiable(literals)) {
    // The cheap decision first: most pairs of regions do not meet.
    const isList = ARRAY_CLAIMS.includes(claim);
    result = (isList ? null : solveClaim({ literals, noList: true })) ?? solveClaim({ literals, preferList: isList });
  }
  forClaim.set(key, result);
  return result;
}

/** Claim values putting a token in both regions, or null (exact: only the regions' own claims need values). */
function solvePair(a: Region, b: Region, memo: PairMemo): Record<string, unknown> | null {
  const witness: Record<string, unknown> = {};
  if (a.claim !== undefined) {
    const solution = solveClaimPair(a.claim, a, b, memo);
    if (!solution) return null;
    if (solution.value !== undefined) witness[a.claim] = solution.value;
  }
  if (b.claim !== undefined && b.claim !== a.claim) {
    const solution = solveClaimPair(b.claim, b, a, memo);
    if (!solution) return null;
    if (solution.value !== undefined) witness[b.claim] = solution.value;
  }
  return witness;
}

/**
 * The identities whose outcome differs between `before` and `after` (same provider keys compared):
 * for Rules mappings exactly, by intersecting the first-match regions of both versions.
 */
export function diffPools(
  before: IdentityPoolModel,
  after: IdentityPoolModel,
  options: { now: number; beforeDiagnostics?: readonly CoreDiagnostic[]; afterDiagnostics?: readonly CoreDiagnostic[] },
): PoolDiff {
  const changes: DiffChange[] = [];
  const unknown: PoolDiff['unknown'] = [];
  const assumptions = [
    ...ANALYSIS_ASSUMPTIONS,
    'The diff compares the outcome and the role ARN each identity gets; changes to role trust policies are not compared.',
  ];
  const keys = new Set<string>();
  for (const pool of [before, after]) for (const m of pool.roleConfig?.mappings ?? []) keys.add(m.provider.value);
  const defaultsChanged = (before.roleConfig?.authenticated?.value ?? null) !== (after.roleConfig?.authenticated?.value ?? null);
  /**
   * Simulated outcomes per region of a Rules mapping that exists in that version: every token of a region
   * gets the same outcome, since apart from the rules the simulator reads only the token-validation claims
   * (fixed by the witness base; rules on them are never diffed), so one simulation per region suffices.
   */
  const simulateOne = (
    pool: IdentityPoolModel,
    request: SimulationRequestLike,
    diagnostics: readonly CoreDiagnostic[] | undefined,
    cacheIn: Region | undefined,
  ) => {
    if (cacheIn?.outcome) return cacheIn.outcome;
    const result = evaluateRequest(pool, request, { configDiagnostics: diagnostics });
    const outcome = { outcome: result.outcome, roleArn: result.roleArn };
    if (cacheIn) cacheIn.outcome = outcome;
    return outcome;
  };
  const simulateBoth = (mappingKey: string | null, witness: Record<string, unknown>, login?: string, cacheB?: Region, cacheA?: Region) => {
    const request = { claims: witness, now: options.now, ...(login !== undefined ? { loginKey: login } : {}) };
    const b = simulateOne(before, request, options.beforeDiagnostics, cacheB);
    const a = simulateOne(after, request, options.afterDiagnostics, cacheA);
    if (b.outcome !== a.outcome || b.roleArn !== a.roleArn) {
      changes.push({
        mappingKey,
        witness,
        ...(login !== undefined ? { login } : {}),
        before: { outcome: b.outcome, roleArn: b.roleArn },
        after: { outcome: a.outcome, roleArn: a.roleArn },
      });
      return true;
    }
    return false;
  };
  for (const key of keys) {
    const mb = before.roleConfig?.mappings.find((m) => m.provider.value === key);
    const ma = after.roleConfig?.mappings.find((m) => m.provider.value === key);
    if (mappingSignature(mb) === mappingSignature(ma) && !defaultsChanged) continue;
    if (hasDeployTime(mb) || hasDeployTime(ma)) {
      unknown.push({ mappingKey: key, reason: 'the mapping changed and has values known only at deploy time or rules on token-validation claims' });
      continue;
    }
    if ((mb && !isRules(mb)) || (ma && !isRules(ma))) {
      unknown.push({ mappingKey: key, reason: 'a Token mapping changed: the roles come from the tokens, so the identities affected are not enumerated' });
      continue;
    }
    const kb = (mb?.rules ?? []).map((r) => ({ index: r.index, kind: classifyRule(r) }));
    const ka = (ma?.rules ?? []).map((r) => ({ index: r.index, kind: classifyRule(r) }));
    const base = witnessBase(after, (ma ?? mb)!, options.now);
    const login = witnessLogin((ma ?? mb)!);
    // One witness per distinct change of outcome (before → after) in this mapping.
    const reported = new Map<string, Set<string>>();
    const memo: PairMemo = new WeakMap();
    const regionsBefore = regionsOf(kb).map((region) => ({ region, key: regionKey(before, mb, region.index) }));
    const regionsAfter = regionsOf(ka).map((region) => ({ region, key: regionKey(after, ma, region.index) }));
    const cacheBefore = mb !== undefined && isRules(mb);
    const cacheAfter = ma !== undefined && isRules(ma);
    for (const { region: i, key: keyB } of regionsBefore) {
      let done = reported.get(keyB);
      for (const { region: j, key: keyA } of regionsAfter) {
        if (keyB === keyA || done?.has(keyA)) continue;
        // Both outcomes already simulated and equal: simulateBoth would find no change for any witness, so
        // neither the witness nor whether the regions meet is needed.
        if (cacheBefore && cacheAfter && i.outcome && j.outcome && i.outcome.outcome === j.outcome.outcome && i.outcome.roleArn === j.outcome.roleArn) continue;
        const free = solvePair(i, j, memo);
        if (!free) continue;
        if (simulateBoth(key, { ...base, ...free }, login, cacheBefore ? i : undefined, cacheAfter ? j : undefined)) {
          if (!done) reported.set(keyB, (done = new Set()));
          done.add(keyA);
        }
      }
    }
  }
  const unauthBefore = before.roleConfig?.unauthenticated?.value ?? null;
  const unauthAfter = after.roleConfig?.unauthenticated?.value ?? null;
  if (unauthBefore !== unauthAfter) {
    const b = evaluateRequest(before, { now: options.now }, { configDiagnostics: options.beforeDiagnostics });
    const a = evaluateRequest(after, { now: options.now }, { configDiagnostics: options.afterDiagnostics });
    if (b.outcome !== a.outcome || b.roleArn !== a.roleArn)
      changes.push({ mappingKey: null, witness: null, before: { outcome: b.outcome, roleArn: b.roleArn }, after: { outcome: a.outcome, roleArn: a.roleArn } });
  }
  if (defaultsChanged) {
    unknown.push({ mappingKey: null, reason: 'the default authenticated role changed: every provider without a role mapping gets the new one' });
  }
  return { equivalent: changes.length === 0 && unknown.length === 0, changes, unknown, assumptions };
}
