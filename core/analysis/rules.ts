/**
 * Exact reachability of each rule of a `Rules` mapping (issue 13): for rule i, is there a claim set for
 * which it is the FIRST rule that matches? Answers true with a witness, false with the earlier rules that
 * together cover it, or null (unknown) when deploy-time values or token-validation claims decide.
 */
import type { MappingRuleModel, MatchType, RoleMappingModel } from '../model';
import { MATCH_TYPES, matchRule } from '../evaluate/matching';
import { ARRAY_CLAIMS } from '../providers';
import { solveClaim, type Literal } from './solver';

/**
 * Claims that token validation fixes or checks (issuer, audience, token use, times): a rule on one of them
 * is not analysed symbolically, its reachability is unknown unless the witness settles it.
 */
export const TOKEN_VALIDATION_CLAIMS: readonly string[] = ['iss', 'aud', 'azp', 'token_use', 'exp', 'iat', 'nbf', 'auth_time', 'client_id'];

/** How a rule takes part in the analysis. */
export type RuleKind =
  /** Concrete Claim, MatchType and Value on a claim the analysis models. */
  | { kind: 'known'; claim: string; literal: Omit<Literal, 'holds'> }
  /** Never matches (a field missing, an invalid MatchType). */
  | { kind: 'never' }
  /** Deploy-time Value or MatchType on a concrete claim: it cannot match when that claim is absent. */
  | { kind: 'deploy-time'; claim: string }
  /** Deploy-time Claim, or a claim checked by token validation: nothing is known statically. */
  | { kind: 'opaque'; claim?: string };

export function classifyRule(rule: MappingRuleModel): RuleKind {
  const { claim, matchType, value } = rule;
  if (!claim || !matchType || !value) return { kind: 'never' };
  if (claim.symbolic) return { kind: 'opaque' };
  if (matchType.symbolic || value.symbolic) return TOKEN_VALIDATION_CLAIMS.includes(claim.value) ? { kind: 'opaque', claim: claim.value } : { kind: 'deploy-time', claim: claim.value };
  if (!MATCH_TYPES.includes(matchType.value as MatchType)) return { kind: 'never' };
  if (TOKEN_VALIDATION_CLAIMS.includes(claim.value)) return { kind: 'opaque', claim: claim.value };
  return { kind: 'known', claim: claim.value, literal: { matchType: matchType.value as MatchType, value: value.value } };
}

/** A conjunction: per claim, literals and a presence requirement. */
export class Conjunction {
  readonly claims = new Map<string, { literals: Literal[]; presence?: 'present' | 'absent' }>();

  private entry(claim: string) {
    let e = this.claims.get(claim);
    if (!e) this.claims.set(claim, (e = { literals: [] }));
    return e;
  }

  add(claim: string, literal: Literal): this {
    this.entry(claim).literals.push(literal);
    return this;
  }

  /** Returns false when the requirement contradicts an earlier one. */
  require(claim: string, presence: 'present' | 'absent'): boolean {
    const e = this.entry(claim);
    if (e.presence !== undefined && e.presence !== presence) return false;
    e.presence = presence;
    return true;
  }

  copy(): Conjunction {
    const c = new Conjunction();
    for (const [k, v] of this.claims) c.claims.set(k, { literals: [...v.literals], presence: v.presence });
    return c;
  }

  /** Claim values satisfying every constraint (absent claims left out), or null: exact (see solver.ts). */
  solve(stringsOnly = false): Record<string, unknown> | null {
    const result: Record<string, unknown> = {};
    for (const [claim, { literals, presence }] of this.claims) {
      const isList = ARRAY_CLAIMS.includes(claim);
      const solution = solveClaim({ literals, presence, preferList: isList, noList: stringsOnly && !isList });
      if (!solution) return null;
      if (solution.value !== undefined) result[claim] = solution.value;
    }
    return result;
  }
}

/**
 * Adds "rule does not match" for each rule. Deploy-time rules (when `absentForDeployTime`) are kept from
 * matching by leaving their claim out; otherwise they, and opaque rules, are dropped (over-approximation).
 * Returns false when the requirements contradict each other.
 */
export function addNonMatches(conj: Conjunction, kinds: ReadonlyArray<{ index: number; kind: RuleKind }>, absentForDeployTime: boolean): boolean {
  for (const { kind } of kinds) {
    if (kind.kind === 'known') conj.add(kind.claim, { ...kind.literal, holds: false });
    else if (kind.kind === 'deploy-time' && absentForDeployTime && !conj.require(kind.claim, 'absent')) return false;
  }
  return true;
}

export interface RuleReachability {
  index: number;
  /** true: some claim set makes it the first match; false: none does; null: unknown. */
  reachable: boolean | null;
  /** Free claims only (no iss/aud/...): the caller completes them into a token. */
  witnessClaims: Record<string, unknown> | null;
  /** For unreachable rules: an inclusion-minimal set of earlier rules that together cover it (minimum when it has at most 2 rules). */
  coveredBy: number[];
  /** One sentence: why. */
  reason: string;
}

function isUnsat(ruleKind: RuleKind & { kind: 'known' }, earlier: ReadonlyArray<{ index: number; kind: RuleKind }>): boolean {
  const conj = new Conjunction().add(ruleKind.claim, { ...ruleKind.literal, holds: true });
  addNonMatches(conj, earlier, false);
  return conj.solve() === null;
}

/** The smallest subsets first (size 1, then 2), then deletion to an inclusion-minimal set. */
function minimalCover(ruleKind: RuleKind & { kind: 'known' }, earlier: ReadonlyArray<{ index: number; kind: RuleKind }>): number[] {
  const relevant = earlier.filter((e) => e.kind.kind === 'known' && e.kind.claim === ruleKind.claim);
  for (const e of relevant) if (isUnsat(ruleKind, [e])) return [e.index];
  for (let a = 0; a < relevant.length; a++) {
    for (let b = a + 1; b < relevant.length; b++) if (isUnsat(ruleKind, [relevant[a], relevant[b]])) return [relevant[a].index, relevant[b].index];
  }
  let set = [...relevant];
  for (const e of relevant) {
    const without = set.filter((x) => x !== e);
    if (isUnsat(ruleKind, without)) set = without;
  }
  return set.map((e) => e.index);
}

/** Exact reachability of every rule of a Rules mapping (statically; callers verify witnesses by simulation). */
export function analyzeRules(rules: readonly MappingRuleModel[]): { rules: RuleReachability[]; noRuleMatches: Omit<RuleReachability, 'index' | 'coveredBy'> } {
  const kinds = rules.map((rule) => ({ index: rule.index, kind: classifyRule(rule) }));
  const result: RuleReachability[] = [];
  for (let i = 0; i < kinds.length; i++) {
    const { index, kind } = kinds[i];
    const earlier = kinds.slice(0, i);
    const out = (reachable: boolean | null, witnessClaims: Record<string, unknown> | null, reason: string, coveredBy: number[] = []) =>
      result.push({ index, reachable, witnessClaims, coveredBy, reason });
    if (kind.kind === 'never') {
      out(false, null, `Rules[${index}] can never match: it lacks Claim, MatchType or Value, or its MatchType is not one of ${MATCH_TYPES.join(', ')}.`);
      continue;
    }
    const opaqueBefore = earlier.some((e) => e.kind.kind === 'opaque');
    if (kind.kind === 'known') {
      const exact = new Conjunction().add(kind.claim, { ...kind.literal, holds: true });
      if (addNonMatches(exact, earlier, true)) {
        const witness = exact.solve(true) ?? exact.solve();
        if (witness) {
          // A claim that is a list only here: the simulator (and so the answer) accepts it, the note says so.
          const listOnly = Object.entries(witness).filter(([c, v]) => Array.isArray(v) && !ARRAY_CLAIMS.includes(c)).map(([c]) => c);
          const note = listOnly.length > 0 ? ` Only a token whose ${listOnly.join(', ')} ${listOnly.length === 1 ? 'is a list' : 'are lists'} reaches it: if that claim is always a string (user pool custom attributes are), no real token does.` : '';
          // Opaque earlier rules were dropped: the caller's simulation decides; until then, reachable.
          out(true, witness, `Rules[${index}] is the first match for the witness${opaqueBefore ? ' (if the earlier rules on token-validation or deploy-time claims do not match it)' : ''}.${note}`);
          continue;
        }
      }
      if (isUnsat(kind, earlier)) {
        const cover = minimalCover(kind, earlier);
        out(false, null, `Rules[${index}] is never the first match: every token it matches is matched earlier by ${cover.map((c) => `Rules[${c}]`).join(cover.length === 2 ? ' or ' : ', ')}.`, cover);
      } else {
        out(null, null, `Whether Rules[${index}] can be the first match depends on earlier rules whose Claim, MatchType or Value is known only at deploy time, or that read a token-validation claim.`);
      }
      continue;
    }
    // Deploy-time or opaque rule i: it can only match when its claim is present.
    const conj = new Conjunction();
    if (kind.claim !== undefined) conj.require(kind.claim, 'present');
    addNonMatches(conj, earlier, false);
    if (kind.claim !== undefined && TOKEN_VALIDATION_CLAIMS.includes(kind.claim) === false && conj.solve() === null) {
      const cover = minimalCoverPresent(kind.claim, earlier);
      out(false, null, `Rules[${index}] is never the first match: every token with ${kind.claim} is matched earlier by ${cover.map((c) => `Rules[${c}]`).join(', ')}.`, cover);
    } else {
      out(null, null, kind.kind === 'deploy-time' ? `Rules[${index}]'s MatchType or Value is known only at deploy time.` : `Rules[${index}] reads ${kind.claim !== undefined ? `the claim ${kind.claim}, which token validation checks,` : 'a claim known only at deploy time'} so it is not analysed symbolically.`);
    }
  }
  const none = new Conjunction();
  addNonMatches(none, kinds, true);
  const witness = none.solve(true) ?? none.solve();
  const opaque = kinds.some((k) => k.kind.kind === 'opaque');
  const noRuleMatches = witness
    ? { reachable: true, witnessClaims: witness, reason: `No rule matches the witness${opaque ? ' (if the rules on token-validation or deploy-time claims do not match it)' : ''}.` }
    : { reachable: null, witnessClaims: null, reason: 'Whether some token matches no rule depends on rules known only at deploy time.' };
  return { rules: result, noRuleMatches };
}

function minimalCoverPresent(claim: string, earlier: ReadonlyArray<{ index: number; kind: RuleKind }>): number[] {
  const unsat = (set: ReadonlyArray<{ index: number; kind: RuleKind }>) => {
    const conj = new Conjunction();
    conj.require(claim, 'present');
    addNonMatches(conj, set, false);
    return conj.solve() === null;
  };
  let set = earlier.filter((e) => e.kind.kind === 'known' && e.kind.claim === claim);
  for (const e of [...set]) {
    const without = set.filter((x) => x !== e);
    if (unsat(without)) set = without;
  }
  return set.map((e) => e.index);
}

/** Whether a claim set makes `rules[index]` the first match by the simulator's matchRule (null: no rule; 'unknown': deploy-time). */
export function firstMatch(rules: readonly MappingRuleModel[], claims: Readonly<Record<string, unknown>>): number | null | 'unknown' {
  for (const rule of rules) {
    const m = matchRule(rule, claims);
    if (m.status === 'unknown') return 'unknown';
    if (m.status === 'matched') return rule.index;
  }
  return null;
}

/** Exact rule-shadowed: for each rule that no token can reach, the earlier rules that together cover it. */
export function shadowedRules(mapping: RoleMappingModel): Array<{ index: number; coveredBy: number[] }> {
  return analyzeRules(mapping.rules)
    .rules.filter((r) => r.reachable === false && r.coveredBy.length > 0)
    .map((r) => ({ index: r.index, coveredBy: r.coveredBy }));
}
