/**
 * Policy variables: `${key}`, `${key, 'default'}`, and the escapes `${*}`, `${?}`, `${$}`. A key absent from
 * the request context without a default makes the element not match (AWS: the variable cannot be resolved);
 * a key whose value is unknown makes the result unknown; a multi-valued key cannot be a variable.
 */
import type { RequestContext } from './types';
import { LITERAL_QUESTION, LITERAL_STAR } from './wildcard';

/** A piece of a substituted string: pattern text (wildcards stay wildcards) or a literal value. */
export interface Piece {
  text: string;
  literal: boolean;
}

export type Substitution = { kind: 'ok'; pieces: Piece[]; refs: string[] } | { kind: 'absent'; key: string } | { kind: 'unknown'; key: string };

const VARIABLE_RE = /\$\{([^}]*)\}/g;

export interface ParsedVariable {
  key: string;
  defaultValue?: string;
  /** `${*}`, `${?}`, `${$}`: the literal character. */
  escape?: string;
}

export function parseVariable(body: string): ParsedVariable {
  const trimmed = body.trim();
  if (trimmed === '*' || trimmed === '?' || trimmed === '$') return { key: trimmed, escape: trimmed };
  const m = /^([^,]+?)\s*,\s*'([^']*)'\s*$/.exec(trimmed);
  if (m) return { key: m[1].trim(), defaultValue: m[2] };
  return { key: trimmed };
}

/** Every `${…}` in `text`, parsed. */
export function variablesIn(text: string): ParsedVariable[] {
  return [...text.matchAll(VARIABLE_RE)].map((m) => parseVariable(m[1]));
}

/** Replaces the policy variables of `text` with their values in `context`. */
export function substitute(text: string, context: RequestContext): Substitution {
  if (!text.includes('${')) return { kind: 'ok', pieces: [{ text, literal: false }], refs: [] };
  const pieces: Piece[] = [];
  const refs: string[] = [];
  let last = 0;
  for (const m of text.matchAll(VARIABLE_RE)) {
    const index = m.index ?? 0;
    if (index > last) pieces.push({ text: text.slice(last, index), literal: false });
    last = index + m[0].length;
    const variable = parseVariable(m[1]);
    if (variable.escape) {
      pieces.push({ text: variable.escape, literal: true });
      continue;
    }
    const entry = context.get(variable.key);
    if (entry.state === 'present' && entry.values.length === 1 && !entry.multiValued) {
      const value = entry.values[0];
      if (value.ref !== undefined) return { kind: 'unknown', key: variable.key };
      pieces.push({ text: value.text, literal: true });
    } else if (entry.state === 'absent') {
      if (variable.defaultValue === undefined) return { kind: 'absent', key: variable.key };
      pieces.push({ text: variable.defaultValue, literal: true });
    } else {
      return { kind: 'unknown', key: variable.key };
    }
  }
  if (last < text.length) pieces.push({ text: text.slice(last), literal: false });
  return { kind: 'ok', pieces, refs };
}

/** The substituted string as a wildcard pattern (literal pieces have their `*` and `?` neutralised by `globPieces`). */
export function joinPieces(pieces: Piece[]): string {
  return pieces.map((p) => (p.literal ? p.text.replace(/\*/g, LITERAL_STAR).replace(/\?/g, LITERAL_QUESTION) : p.text)).join('');
}

/** A display form: variables replaced, `<identity-id>` etc. kept as given by the context. */
export function displaySubstituted(text: string, context: RequestContext): string {
  return text.replace(VARIABLE_RE, (whole, body: string) => {
    const variable = parseVariable(body);
    if (variable.escape) return variable.escape;
    const entry = context.get(variable.key);
    if (entry.state === 'present' && entry.values.length === 1 && !entry.multiValued) return entry.values[0].text;
    if (entry.state === 'absent' && variable.defaultValue !== undefined) return variable.defaultValue;
    if (entry.state === 'unknown' && entry.display !== undefined) return entry.display;
    return whole;
  });
}
