/**
 * Exact satisfiability of rule constraints on ONE claim (issue 13). A literal says "this rule matches" or
 * "this rule does not match"; every rule reads one claim, so a conjunction of literals splits into
 * independent per-claim problems.
 *
 * The claim domain is what matchRule (core/evaluate/matching.ts, the simulator) can tell apart:
 *  - absent (missing or null): no rule on the claim matches (NotEqual is "not evaluated");
 *  - one string (a non-string scalar or object is compared as its JSON text, itself a string, so strings
 *    cover every scalar);
 *  - a list of strings (elements compared as text): Equals/StartsWith/Contains hold when SOME element
 *    does, NotEqual holds when NO element equals the Value.
 * A one-element list behaves exactly like that string, so absent + string + list covers every claim value.
 *
 * On one string the constraints are eq / ne / prefix / not-prefix / contains / not-contains. Decision
 * procedure and its completeness argument (solveString):
 *  1. Some eq v: the only candidate is v; check every atom on it directly. Complete.
 *  2. Otherwise let p* be the longest required prefix; every required prefix must be a prefix of p*
 *     (else no string starts with both). A solution contains p* and each required substring c_j, so if a
 *     forbidden substring f occurs in p* or in some c_j there is no solution; a forbidden prefix that is a
 *     prefix of p* is violated by every solution. If neither happens, s = p* z c_1 z ... z c_n z, with z a
 *     character occurring in no pattern, is a solution: an occurrence of a forbidden f (which has no z)
 *     lies inside one piece, which was checked; a forbidden prefix longer than p* and extending it would
 *     need z at position |p*|. So the test is necessary and sufficient.
 *  3. Not-equal atoms: if s is a solution of the others, so is s + z (same argument), so s, s z, s z z, ...
 *     are infinitely many distinct solutions and at most |ne| + 1 of them need to be tried.
 * For a list: existential atoms (one per positive Equals/StartsWith/Contains, and per violated NotEqual,
 * which means some element equals the Value) and universal atoms (ne / not-prefix / not-contains that
 * every element must satisfy). Elements are independent, so the list is satisfiable iff each existential
 * atom is satisfiable on one string together with all universal atoms; the witness has one element per
 * existential atom (the empty list when there is none).
 * Readable candidates are tried first; every witness is re-checked with claimMatches, the predicate matchRule (the
 * simulator) itself uses, before it is returned.
 */
import type { MatchType } from '../model';
import { claimMatches } from '../evaluate/matching';

export interface Literal {
  matchType: MatchType;
  value: string;
  /** true: the rule must match; false: it must not match. */
  holds: boolean;
}

export interface ClaimProblem {
  literals: Literal[];
  /** Extra requirement on the claim's presence (a deploy-time rule that must not match needs it absent). */
  presence?: 'present' | 'absent';
  /** Prefer a list witness (cognito:groups and the like). */
  preferList?: boolean;
  /** Only absent or one string (a claim that is never a list in real tokens). */
  noList?: boolean;
}

/** A satisfying claim value (`undefined`: leave the claim out), or `null` when there is none. */
export type ClaimSolution = { value: string | string[] | undefined } | null;

type AtomKind = 'eq' | 'ne' | 'pre' | 'npre' | 'con' | 'ncon';
interface Atom {
  kind: AtomKind;
  value: string;
}

function holdsOn(atom: Atom, s: string): boolean {
  switch (atom.kind) {
    case 'eq':
      return s === atom.value;
    case 'ne':
      return s !== atom.value;
    case 'pre':
      return s.startsWith(atom.value);
    case 'npre':
      return !s.startsWith(atom.value);
    case 'con':
      return s.includes(atom.value);
    case 'ncon':
      return !s.includes(atom.value);
  }
}

/** A character that occurs in none of the patterns (exists: the patterns are finitely many). */
function freshChar(patterns: readonly string[]): string {
  const used = new Set<string>();
  for (const p of patterns) for (const ch of p) used.add(ch);
  for (const ch of 'xyzqwkjvXYZQ0123456789_-.abcdefghilmnoprstu') if (!used.has(ch)) return ch;
  for (let code = 0x100; ; code++) {
    const ch = String.fromCodePoint(code);
    if (!used.has(ch)) return ch;
  }
}

/** Exact: a string satisfying every atom, or null when none exists (see the file comment). */
export function solveString(atoms: readonly Atom[]): string | null {
  const all = (s: string) => atoms.every((a) => holdsOn(a, s));
  const eqs = atoms.filter((a) => a.kind === 'eq');
  if (eqs.length > 0) return all(eqs[0].value) ? eqs[0].value : null;
  const prefixes = atoms.filter((a) => a.kind === 'pre').map((a) => a.value);
  const longest = prefixes.reduce((best, p) => (p.length > best.length ? p : best), '');
  if (!prefixes.every((p) => longest.startsWith(p))) return null;
  const contains = atoms.filter((a) => a.kind === 'con').map((a) => a.value);
  const forbidden = atoms.filter((a) => a.kind === 'ncon').map((a) => a.value);
  const forbiddenPrefixes = atoms.filter((a) => a.kind === 'npre').map((a) => a.value);
  if (forbidden.some((f) => longest.includes(f) || contains.some((c) => c.includes(f)))) return null;
  if (forbiddenPrefixes.some((f) => longest.startsWith(f))) return null;
  const z = freshChar(atoms.map((a) => a.value));
  const tail = contains.filter((c) => !longest.includes(c));
  // Readable candidates first; the constructed one is a solution whenever any exists.
  const candidates = [
    longest === '' && tail.length === 0 ? 'example' : undefined,
    longest + tail.join(''),
    longest + tail.join(' '),
    longest + tail.map((c) => z + c).join('') + z,
  ].filter((c): c is string => c !== undefined);
  for (const base of candidates) {
    let s = base;
    for (let k = 0; k <= atoms.length + 1; k++, s += z) if (all(s)) return s;
  }
  return null; // unreachable by the argument above; kept so a bug can only answer "no witness"
}

function stringAtoms(literals: readonly Literal[]): Atom[] {
  return literals.map(({ matchType, value, holds }): Atom => {
    switch (matchType) {
      case 'Equals':
        return { kind: holds ? 'eq' : 'ne', value };
      case 'NotEqual':
        return { kind: holds ? 'ne' : 'eq', value };
      case 'StartsWith':
        return { kind: holds ? 'pre' : 'npre', value };
      case 'Contains':
        return { kind: holds ? 'con' : 'ncon', value };
    }
  });
}

function listAtoms(literals: readonly Literal[]): { exists: Atom[]; every: Atom[] } {
  const exists: Atom[] = [];
  const every: Atom[] = [];
  for (const { matchType, value, holds } of literals) {
    if (matchType === 'NotEqual') (holds ? every : exists).push({ kind: holds ? 'ne' : 'eq', value });
    else if (holds) exists.push({ kind: matchType === 'Equals' ? 'eq' : matchType === 'StartsWith' ? 'pre' : 'con', value });
    else every.push({ kind: matchType === 'Equals' ? 'ne' : matchType === 'StartsWith' ? 'npre' : 'ncon', value });
  }
  return { exists, every };
}

function solveList(literals: readonly Literal[]): string[] | null {
  const { exists, every } = listAtoms(literals);
  const elements: string[] = [];
  for (const atom of exists) {
    if (elements.some((e) => holdsOn(atom, e))) continue;
    const element = solveString([atom, ...every]);
    if (element === null) return null;
    elements.push(element);
  }
  return elements;
}

/** Whether `value` (undefined: the claim is absent) satisfies every literal, judged by the simulator's own predicate. */
export function satisfiesAll(literals: readonly Literal[], value: unknown): boolean {
  return literals.every((l) => claimMatches(l.matchType, value, l.value) === l.holds);
}

/** Exact per-claim decision: a witness value, or null when no claim value satisfies the problem. */
export function solveClaim(problem: ClaimProblem): ClaimSolution {
  const { literals, presence } = problem;
  const tries: Array<() => string | string[] | null | undefined> = [];
  if (presence !== 'present') tries.push(() => (literals.some((l) => l.holds) ? null : undefined));
  if (presence !== 'absent') {
    const asString = () => solveString(stringAtoms(literals));
    const asList = () => solveList(literals);
    if (problem.noList) tries.push(asString);
    else if (problem.preferList) tries.push(asList, asString);
    else tries.push(asString, asList);
  }
  for (const attempt of tries) {
    const value = attempt();
    if (value === null) continue;
    if (satisfiesAll(literals, value)) return { value };
  }
  return null;
}

/**
 * Whether some string satisfies every atom: the test of solveString (steps 1-3 of the file comment)
 * without building a witness. Not-equal atoms matter only next to an equality (otherwise infinitely many
 * solutions exist).
 */
function decideString(atoms: readonly Atom[]): boolean {
  const eq = atoms.find((a) => a.kind === 'eq');
  if (eq) return atoms.every((a) => holdsOn(a, eq.value));
  let longest = '';
  for (const a of atoms) if (a.kind === 'pre' && a.value.length > longest.length) longest = a.value;
  for (const a of atoms) {
    if (a.kind === 'pre' && !longest.startsWith(a.value)) return false;
    if (a.kind === 'npre' && longest.startsWith(a.value)) return false;
    if (a.kind === 'ncon' && (longest.includes(a.value) || atoms.some((c) => c.kind === 'con' && c.value.includes(a.value)))) return false;
  }
  return true;
}

/** An atom on one list element (or one string), as satisfiable builds them. */
export type ListAtom = Atom;

/**
 * decideString([first, ...every, extra]) without building that list: `first` is an existential atom
 * (eq / pre / con), `every` (its first `count` atoms) and `extra` universal ones (ne / npre / ncon), as
 * listAtoms builds them.
 */
export function decideElement(first: Atom, every: readonly Atom[], extra: Atom | undefined, count = every.length): boolean {
  const n = count + (extra ? 1 : 0);
  const at = (i: number): Atom => (i < count ? every[i] : extra!);
  if (first.kind === 'eq') {
    for (let i = 0; i < n; i++) if (!holdsOn(at(i), first.value)) return false;
    return true;
  }
  // Universal atoms are never eq, pre or con: the only required prefix or substring is `first`'s.
  const longest = first.kind === 'pre' ? first.value : '';
  for (let i = 0; i < n; i++) {
    const a = at(i);
    if (a.kind === 'npre' && longest.startsWith(a.value)) return false;
    if (a.kind === 'ncon' && (longest.includes(a.value) || (first.kind === 'con' && first.value.includes(a.value)))) return false;
  }
  return true;
}

/** Whether some claim value (absent, a string or a list) satisfies every literal: solveClaim's answer, decided without a witness. */
export function satisfiable(literals: readonly Literal[], presence?: 'present' | 'absent'): boolean {
  if (presence !== 'present' && !literals.some((l) => l.holds)) return true;
  if (presence === 'absent') return false;
  // A list covers every string (a one-element list behaves as its element): decide the list domain.
  const { exists, every } = listAtoms(literals);
  return exists.every((atom) => decideString([atom, ...every]));
}
