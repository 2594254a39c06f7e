/** Small helpers for diagnostic messages: quoting untrusted values, lists in words, closest names. */

export type Path = Array<string | number>;

// Long enough for any mapping key (at most 128 characters), short enough for a hover line.
const MAX_SHOWN = 140;

/** A value quoted for a message, shortened when long (values are untrusted text from the file). */
export function quote(value: string): string {
  const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN - 1)}…` : value;
  return `\`${shown.replace(/`/g, "'").replace(/[\r\n]+/g, ' ')}\``;
}

/** `a`, `a or b`, `a, b or c`. */
export function joinWords(words: readonly string[], conjunction: 'and' | 'or'): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

/** How a JSON value is named in "must be a string, not ___". */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the string ${quote(value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `\`${value}\``;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/**
 * Candidates ordered best first: a case-insensitive match, then one the value is a prefix or extension
 * of, then by edit distance; ties keep the candidates' own order.
 */
export function rankByCloseness(value: string, candidates: readonly string[]): string[] {
  const lower = value.toLowerCase();
  const score = (candidate: string): number => {
    const c = candidate.toLowerCase();
    if (c === lower) return -2;
    if (lower.length > 0 && (c.startsWith(lower) || lower.startsWith(c))) return -1 + editDistance(lower, c) / 1000;
    return editDistance(lower, c);
  };
  return candidates
    .map((candidate, index) => ({ candidate, index, score: score(candidate) }))
    .sort((a, b) => a.score - b.score || a.index - b.index)
    .map((entry) => entry.candidate);
}

/** Close enough to suggest as a typo fix. */
export function isClose(value: string, candidate: string): boolean {
  const a = value.toLowerCase();
  const b = candidate.toLowerCase();
  return a === b || editDistance(a, b) <= Math.max(1, Math.floor(Math.min(a.length, b.length) / 4));
}
