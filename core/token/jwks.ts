/**
 * Reading a JSON Web Key Set the user gives (`simulate --jwks`, the `identityPoolRoles.jwksFiles`
 * setting), so the CLI and the server accept the same files: a key set (`{"keys": [...]}`, as a user
 * pool's /.well-known/jwks.json) or a single JWK. The file's content is never echoed in a problem.
 */
import * as jsonc from 'jsonc-parser';

/** A key set holds a few keys; a larger file is not one (both surfaces refuse it unread). */
export const MAX_JWKS_FILE_BYTES = 1024 * 1024;

export interface Jwks {
  keys: Record<string, unknown>[];
}

/** A key set, or why the text is not one: a clause to follow "JWKS file NAME " (no final period). */
export type JwksReading = { ok: true; jwks: Jwks } | { ok: false; problem: string };

const NOT_A_KEY_SET =
  'is not a JSON Web Key Set: it must be an object with a "keys" array of JWKs (each with "kty"), like a user pool\'s /.well-known/jwks.json, or a single JWK';

/** Parses a JWKS file's text (strict JSON). */
export function readJwksText(text: string): JwksReading {
  const errors: jsonc.ParseError[] = [];
  const value: unknown = jsonc.parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0) {
    const { offset, error } = errors[0];
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return { ok: false, problem: `is not valid JSON: ${jsonc.printParseErrorCode(error)} at line ${line}, column ${column}` };
  }
  return jwksOf(value);
}

/**
 * A parsed JSON value as a key set: `{"keys": [JWK, ...]}` as it is, a single JWK (an object with a
 * string `kty` and no `keys`) as a set of one. Anything else is refused whole, so a typo never leaves
 * a silently smaller key set.
 */
export function jwksOf(value: unknown): JwksReading {
  if (!isObject(value)) return { ok: false, problem: NOT_A_KEY_SET };
  if (Object.hasOwn(value, 'keys')) {
    const keys = value.keys;
    if (!Array.isArray(keys) || !keys.every(isJwk)) return { ok: false, problem: NOT_A_KEY_SET };
    return { ok: true, jwks: { keys } };
  }
  return isJwk(value) ? { ok: true, jwks: { keys: [value] } } : { ok: false, problem: NOT_A_KEY_SET };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isJwk(value: unknown): value is Record<string, unknown> {
  return isObject(value) && typeof value.kty === 'string';
}
