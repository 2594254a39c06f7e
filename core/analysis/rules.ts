/**
 * Exact reachability of each rule of a `Rules` mapping (issue 13): for rule i, is there a claim set for
 * which it is the FIRST rule that matches? Answers true with a witness, false with the earlier rules that
 * together cover it, or null (unknown) when deploy-time values or token-validation claims decide.
 */
import type { MappingRuleModel, MatchType, RoleMappingModel } from '../model';
import { MATCH_TYPES } from '../api/model';
import { matchRule } from '../evaluate/matching';
import { ARRAY_CLAIMS } from '../providers';
import { decideElement, satisfiable, solveClaim, type ListAtom, type Literal } from './solver';

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
  if (matchType.symbolic || value.symbolic)
    return TOKEN_VALIDATION_CLAIMS.includes(claim.value) ? { kind: 'opaque', claim: claim.value } : { kind: 'deploy-time', claim: claim.value };
  if (!MATCH_TYPES.includes(matchType.value as MatchType)) return { kind: 'never' };
  if (TOKEN_VALIDATION_CLAIMS.includes(claim.value)) return { kind: 'opaque', claim: claim.value };
  return { kind: 'known', claim: claim.value, literal: { matchType: matchType.value as MatchType, value: value.value } };
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

/** Solves one claim's literals: strings first (readable, and real for non-list claims), then lists. */
function solveOne(claim: string, literals: Literal[], presence?: 'present' | 'absent'): { value: unknown; listOnly: boolean } | null {
  const isList = ARRAY_CLAIMS.includes(claim);
  if (!isList) {
    const asString = solveClaim({ literals, presence, noList: true });
    if (asString) return { value: asString.value, listOnly: false };
  }
  const any = solveClaim({ literals, presence, preferList: isList });
  return any ? { value: any.value, listOnly: !isList && Array.isArray(any.value) } : null;
}

/** The smallest subsets first (size 1, then 2), then deletion to an inclusion-minimal set. */
function minimalCover(own: Literal | undefined, earlier: ReadonlyArray<{ index: number; literal: Literal }>, _claim: string): number[] {
  // With a rule of its own, satisfiable([own, ...set]) is decided on the list atoms, built once per
  // earlier rule; sets are positions in `earlier`.
  const existsOf = own ? earlier.map((e) => existsAtom(e.literal, false)) : [];
  const everyOf = own ? earlier.map((e) => everyAtom(e.literal, false)) : [];
  const ownExists = own && existsAtom(own, true);
  const ownEvery = own && everyAtom(own, true);
  const every: ListAtom[] = [];
  const unsat = (set: readonly number[]) => {
    if (!own)
      return !satisfiable(
        set.map((k) => earlier[k].literal),
        'present',
      );
    let count = 0;
    for (const k of set) {
      const atom = everyOf[k];
      if (atom) every[count++] = atom;
    }
    if (ownExists && !decideElement(ownExists, every, ownEvery, count)) return true;
    for (const k of set) {
      const atom = existsOf[k];
      if (atom && !decideElement(atom, every, ownEvery, count)) return true;
    }
    return false;
  };
  const one = [0];
  for (let a = 0; a < earlier.length; a++) {
    one[0] = a;
    if (unsat(one)) return [earlier[a].index];
  }
  const two = [0, 0];
  for (let a = 0; a < earlier.length; a++) {
    two[0] = a;
    for (let b = a + 1; b < earlier.length; b++) {
      two[1] = b;
      if (unsat(two)) return [earlier[a].index, earlier[b].index];
    }
  }
  let set = earlier.map((_, k) => k);
  for (let k = 0; k < earlier.length; k++) {
    const without = set.filter((x) => x !== k);
    if (unsat(without)) set = without;
  }
  return set.map((k) => earlier[k].index);
}

/**
 * Exact reachability of every rule of a Rules mapping (statically; callers verify witnesses by simulation).
 * Rule i on claim c is the first match iff c's value satisfies rule i and none of the earlier rules on c
 * (every other claim is left out, which makes every rule on it not match, deploy-time ones included), and
 * no earlier deploy-time rule on c needs c absent. So only c's problem is solved: linear in the rules on c.
 */
export function analyzeRules(rules: readonly MappingRuleModel[]): { rules: RuleReachability[]; noRuleMatches: Omit<RuleReachability, 'index' | 'coveredBy'> } {
  const kinds = rules.map((rule) => ({ index: rule.index, kind: classifyRule(rule) }));
  const result: RuleReachability[] = [];
  /** Per claim: the earlier known rules on it, as "does not match" literals. */
  const negations = new Map<string, Array<{ index: number; literal: Literal }>>();
  /** Claims an earlier deploy-time rule reads (absent is the only sure way past it). */
  const deployTimeClaims = new Set<string>();
  /** An earlier rule on a deploy-time claim name (nothing sure gets past it statically). */
  let opaqueBefore = false;
  let opaqueClaimBefore = false;
  for (const { index, kind } of kinds) {
    const out = (reachable: boolean | null, witnessClaims: Record<string, unknown> | null, reason: string, coveredBy: number[] = []) =>
      result.push({ index, reachable, witnessClaims, coveredBy, reason });
    if (kind.kind === 'never') {
      out(false, null, `Rules[${index}] can never match: it lacks Claim, MatchType or Value, or its MatchType is not one of ${MATCH_TYPES.join(', ')}.`);
      continue;
    }
    const earlier = kind.claim !== undefined ? (negations.get(kind.claim) ?? []) : [];
    const earlierLiterals = earlier.map((e) => e.literal);
    if (kind.kind === 'known') {
      const own: Literal = { matchType: kind.literal.matchType, value: kind.literal.value, holds: true };
      const solved = deployTimeClaims.has(kind.claim) ? null : solveOne(kind.claim, [own, ...earlierLiterals]);
      if (solved) {
        const note = solved.listOnly
          ? ` Only a token whose ${kind.claim} is a list reaches it: if that claim is always a string (user pool custom attributes are), no real token does.`
          : '';
        // Opaque earlier rules were not analysed: the caller's simulation decides; until then, reachable.
        out(
          true,
          { [kind.claim]: solved.value },
          `Rules[${index}] is the first match for the witness${opaqueBefore ? ' (if the earlier rules on token-validation or deploy-time claims do not match it)' : ''}.${note}`,
        );
      } else if (!deployTimeClaims.has(kind.claim) || solveOne(kind.claim, [own, ...earlierLiterals]) === null) {
        const cover = minimalCover(own, earlier, kind.claim);
        out(
          false,
          null,
          `Rules[${index}] is never the first match: every token it matches is matched earlier by ${cover.map((c) => `Rules[${c}]`).join(cover.length === 2 ? ' or ' : ', ')}.`,
          cover,
        );
      } else {
        out(
          null,
          null,
          `Whether Rules[${index}] can be the first match depends on earlier rules on ${kind.claim} whose MatchType or Value is known only at deploy time.`,
        );
      }
    } else if (kind.claim !== undefined && kind.kind === 'deploy-time' && solveOne(kind.claim, earlierLiterals, 'present') === null) {
      // A deploy-time rule can only match when its claim is present; the earlier rules may cover every such token.
      const cover = minimalCover(undefined, earlier, kind.claim);
      out(
        false,
        null,
        `Rules[${index}] is never the first match: every token with ${kind.claim} is matched earlier by ${cover.map((c) => `Rules[${c}]`).join(', ')}.`,
        cover,
      );
    } else {
      out(
        null,
        null,
        kind.kind === 'deploy-time'
          ? `Rules[${index}]'s MatchType or Value is known only at deploy time.`
          : `Rules[${index}] reads ${kind.claim !== undefined ? `the claim ${kind.claim}, which token validation checks,` : 'a claim known only at deploy time'} so it is not analysed symbolically.`,
      );
    }
    if (opaqueClaimBefore && result[result.length - 1].reachable === true) {
      // An earlier rule whose Claim is known only at deploy time may read this very claim.
      const last = result[result.length - 1];
      last.reason += ' An earlier rule reads a claim named only at deploy time; the simulation decides.';
    }
    if (kind.kind === 'known') {
      const list = negations.get(kind.claim) ?? [];
      list.push({ index, literal: { matchType: kind.literal.matchType, value: kind.literal.value, holds: false } });
      negations.set(kind.claim, list);
    } else if (kind.kind === 'deploy-time') deployTimeClaims.add(kind.claim);
    else if (kind.kind === 'opaque') {
      opaqueBefore = true;
      if (kind.claim === undefined) opaqueClaimBefore = true;
    }
  }
  // Leaving every claim out makes every rule not match (deploy-time ones too); opaque ones the simulation decides.
  const noRuleMatches = {
    reachable: true,
    witnessClaims: {},
    reason: `No rule matches a token without the rules' claims${opaqueBefore ? ' (if the rules on token-validation or deploy-time claims do not match it)' : ''}.`,
  };
  return { rules: result, noRuleMatches };
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

/** A literal of a rule on a list-or-string claim as the solver's list atoms (see solver.ts listAtoms). */
function existsAtom(literal: Omit<Literal, 'holds'>, holds: boolean): ListAtom | undefined {
  if (literal.matchType === 'NotEqual') return holds ? undefined : { kind: 'eq', value: literal.value };
  if (!holds) return undefined;
  return { kind: literal.matchType === 'Equals' ? 'eq' : literal.matchType === 'StartsWith' ? 'pre' : 'con', value: literal.value };
}
function everyAtom(literal: Omit<Literal, 'holds'>, holds: boolean): ListAtom | undefined {
  if (literal.matchType === 'NotEqual') return holds ? { kind: 'ne', value: literal.value } : undefined;
  if (holds) return undefined;
  return { kind: literal.matchType === 'Equals' ? 'ne' : literal.matchType === 'StartsWith' ? 'npre' : 'ncon', value: literal.value };
}

/**
 * Exact rule-shadowed: for each rule that no token can reach, the earlier rules that together cover it.
 * `wanted` (optional) limits the answer to the rules it accepts (the others are still read as earlier
 * rules); the covers of the rules it accepts are the same as without it.
 */
export function shadowedRules(mapping: RoleMappingModel, wanted?: (index: number) => boolean): Array<{ index: number; coveredBy: number[] }> {
  const kinds = mapping.rules.map((rule) => ({ index: rule.index, kind: classifyRule(rule) }));
  if (kinds.every((k) => k.kind.kind === 'known' || k.kind.kind === 'never' || k.kind.kind === 'opaque')) {
    // The fast path (what the check runs on every edit): decisions only, no witnesses. Per claim, the
    // earlier rules' "does not match" literals are kept as the solver's list atoms, built once, so each
    // decision is satisfiable([own, ...earlier]) without building its literal list (same answer: the
    // property test in test/unit/analysis.test.ts compares them).
    const perClaim = new Map<string, { earlier: Array<{ index: number; literal: Literal }>; exists: ListAtom[]; every: ListAtom[] }>();
    const result: Array<{ index: number; coveredBy: number[] }> = [];
    for (const { index, kind } of kinds) {
      if (kind.kind !== 'known') continue;
      let state = perClaim.get(kind.claim);
      // No earlier rule on this claim: it alone is satisfiable (every single literal that must hold is).
      if (state && (!wanted || wanted(index))) {
        const ownExists = existsAtom(kind.literal, true);
        const ownEvery = everyAtom(kind.literal, true);
        let sat = ownExists === undefined || decideElement(ownExists, state.every, ownEvery);
        for (let k = 0; sat && k < state.exists.length; k++) sat = decideElement(state.exists[k], state.every, ownEvery);
        if (!sat)
          result.push({
            index,
            coveredBy: minimalCover({ matchType: kind.literal.matchType, value: kind.literal.value, holds: true }, state.earlier, kind.claim),
          });
      }
      if (!state) perClaim.set(kind.claim, (state = { earlier: [], exists: [], every: [] }));
      state.earlier.push({ index, literal: { matchType: kind.literal.matchType, value: kind.literal.value, holds: false } });
      const notExists = existsAtom(kind.literal, false);
      if (notExists) state.exists.push(notExists);
      const notEvery = everyAtom(kind.literal, false);
      if (notEvery) state.every.push(notEvery);
    }
    return result;
  }
  return analyzeRules(mapping.rules)
    .rules.filter((r) => r.reachable === false && r.coveredBy.length > 0 && (!wanted || wanted(r.index)))
    .map((r) => ({ index: r.index, coveredBy: r.coveredBy }));
}
