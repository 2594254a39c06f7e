/**
 * JWT decoding (jose) and offline signature verification against a user-supplied JWKS (read by
 * jwks.ts; time claims are worded by timeClaims.ts).
 * Tokens are credentials: nothing here logs them or sends them anywhere, and nothing touches the network.
 */
import type * as JoseLibrary from 'jose';
import type { CompactVerifyGetKey } from 'jose';
import { headerRefusal } from './algorithms';

/** jose is loaded on first use: most sessions decode no token, and loading it slows the server's start. */
let joseLibrary: typeof JoseLibrary | undefined;
function jose(): typeof JoseLibrary {
  return (joseLibrary ??= require('jose') as typeof JoseLibrary);
}

/** GetCredentialsForIdentity accepts `Logins` tokens of 1..50,000 characters (the GetCredentialsForIdentity API model). */
export const MAX_LOGIN_TOKEN_LENGTH = 50_000;

export type DecodedToken = { ok: true; header: Record<string, unknown>; claims: Record<string, unknown> } | { ok: false; error: string };

const BASE64URL_FAILURE = 'The input to be decoded is not correctly encoded.';

/**
 * Decodes a compact JWS (`header.payload.signature`) without verifying it. Surrounding whitespace is
 * ignored (token files usually end with a newline). Every failure is one sentence saying what is wrong.
 */
export function decodeToken(token: string): DecodedToken {
  const text = typeof token === 'string' ? token.trim() : '';
  if (text === '') return { ok: false, error: 'The token is empty.' };
  if (text.length > MAX_LOGIN_TOKEN_LENGTH) {
    return {
      ok: false,
      error: `The token is ${text.length.toLocaleString('en-US')} characters long; GetCredentialsForIdentity accepts Logins tokens of at most 50,000 characters.`,
    };
  }
  // Counting dots is linear and needs no split of a possibly large string.
  let dots = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 46) dots++;
  if (dots === 4) {
    return {
      ok: false,
      error: 'This is an encrypted token (JWE, five segments); an identity pool needs a signed JWT with three segments (header.payload.signature).',
    };
  }
  if (dots !== 2) {
    return { ok: false, error: `A JWT has three dot-separated segments (header.payload.signature); this token has ${dots + 1}.` };
  }
  if (/\s/.test(text)) return { ok: false, error: 'The token contains whitespace; a JWT is three base64url segments separated by dots.' };
  const [headerSegment, payloadSegment] = text.split('.');
  if (headerSegment === '') return { ok: false, error: "The token's header segment is empty." };
  if (payloadSegment === '') return { ok: false, error: "The token's payload segment is empty." };

  let header: Record<string, unknown>;
  try {
    header = jose().decodeProtectedHeader(text) as Record<string, unknown>;
  } catch (error) {
    return { ok: false, error: describeSegmentFailure('header', error) };
  }
  let claims: Record<string, unknown>;
  try {
    claims = jose().decodeJwt(text) as Record<string, unknown>;
  } catch (error) {
    return { ok: false, error: describeSegmentFailure('payload', error) };
  }
  return { ok: true, header, claims };
}

/** Turns jose's decode errors (whose cause tells which step failed) into one plain sentence. */
function describeSegmentFailure(segment: 'header' | 'payload', error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  const causeMessage = cause instanceof Error ? cause.message : '';
  if (message === 'Failed to base64url decode the payload' || causeMessage === BASE64URL_FAILURE) {
    return `The token's ${segment} is not valid base64url.`;
  }
  if (cause instanceof SyntaxError || message === 'Failed to parse the decoded payload as JSON') {
    return `The token's ${segment} is not JSON.`;
  }
  if (cause instanceof TypeError) return `The token's ${segment} is not UTF-8 text.`;
  return `The token's ${segment} is not a JSON object.`;
}

export interface FoundToken {
  offset: number;
  length: number;
  token: string;
}

/** Runs of base64url characters and dots: one linear pass, no backtracking. */
const TOKEN_RUN_RE = /[A-Za-z0-9_\-.]+/g;
const MAX_FOUND_TOKENS = 1000;

/**
 * JWT-looking substrings of a text (`header.payload.signature`, header starting with `eyJ`, i.e. `{"`),
 * for hovers in any file. Linear in the text length; at most 1,000 results.
 */
export function findTokens(text: string): FoundToken[] {
  const found: FoundToken[] = [];
  TOKEN_RUN_RE.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = TOKEN_RUN_RE.exec(text)) !== null && found.length < MAX_FOUND_TOKENS) {
    const run = match[0];
    if (!run.startsWith('eyJ')) continue;
    const firstDot = run.indexOf('.');
    if (firstDot < 0) continue;
    const secondDot = run.indexOf('.', firstDot + 1);
    if (secondDot < 0 || secondDot === firstDot + 1) continue; // no payload
    const thirdDot = run.indexOf('.', secondDot + 1);
    let end = run.length;
    if (thirdDot >= 0) {
      // Only trailing punctuation dots may follow ("... token eyJ.eyJ.sig."); more segments are not a JWS.
      if (!/^\.+$/.test(run.slice(thirdDot))) continue;
      end = thirdDot;
    }
    found.push({ offset: match.index, length: end, token: run.slice(0, end) });
  }
  return found;
}

export type SignatureStatus = 'valid' | 'invalid' | 'no-matching-key' | 'unsupported' | 'not-checked';

export interface SignatureCheck {
  status: SignatureStatus;
  message: string;
}

/**
 * Verifies the signature only (claims such as `exp` are checked by the evaluator against the simulated
 * clock); uses jose's local key set, so it never touches the network.
 */
export async function verifyTokenSignature(token: string, jwks: { keys: unknown[] }): Promise<SignatureCheck> {
  const text = typeof token === 'string' ? token.trim() : '';
  const decoded = decodeToken(text);
  if (!decoded.ok) return { status: 'invalid', message: `The signature cannot be checked: ${decoded.error}` };
  const { alg, kid } = decoded.header;
  // Unsigned, HMAC and crit tokens are invalid whatever the keys: never report them as merely "not checked".
  const refusal = headerRefusal(decoded.header);
  if (refusal !== undefined || typeof alg !== 'string') return { status: 'invalid', message: refusal ?? 'The header has no "alg".' };
  if (!isJwksShape(jwks)) {
    return { status: 'unsupported', message: 'The JWKS is not a JSON object with a "keys" array of JSON Web Keys, so the signature was not checked.' };
  }
  // No keys at all says nothing about the token (unlike a key set without its kid): not checked.
  if (jwks.keys.length === 0) return { status: 'unsupported', message: 'The JWKS has no keys, so the signature was not checked.' };
  let keySet: CompactVerifyGetKey;
  try {
    keySet = jose().createLocalJWKSet(jwks as Parameters<typeof JoseLibrary.createLocalJWKSet>[0]);
  } catch (error) {
    return { status: 'unsupported', message: `The JWKS cannot be used (${errorText(error)}), so the signature was not checked.` };
  }
  const keyName = typeof kid === 'string' ? `key "${kid}"` : 'the key (the token has no "kid")';
  try {
    await jose().compactVerify(text, keySet);
    return { status: 'valid', message: `The ${alg} signature is valid for ${keyName} of the JWKS.` };
  } catch (error) {
    return signatureFailure(error, text, alg, kid, keyName, jwks.keys);
  }
}

async function signatureFailure(
  error: unknown,
  token: string,
  alg: string,
  kid: unknown,
  keyName: string,
  keys: readonly Record<string, unknown>[],
): Promise<SignatureCheck> {
  const code = (error as { code?: string } | undefined)?.code;
  switch (code) {
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS': {
      // Several keys fit (no kid, or a repeated kid): the token is valid if any of them verifies it.
      for await (const key of error as AsyncIterable<Parameters<typeof JoseLibrary.compactVerify>[1]>) {
        try {
          await jose().compactVerify(token, key);
          return { status: 'valid', message: `The ${alg} signature is valid for one of several matching keys of the JWKS.` };
        } catch {
          // try the next candidate
        }
      }
      return { status: 'invalid', message: `The ${alg} signature does not verify with any of the JWKS keys that fit the token's header.` };
    }
    case 'ERR_JWKS_NO_MATCHING_KEY': {
      const sameKid = typeof kid === 'string' ? keys.find((k) => k.kid === kid) : undefined;
      return {
        status: 'no-matching-key',
        message: sameKid
          ? `The JWKS's key "${kid}" cannot verify ${alg} (${keyMismatch(sameKid, alg)}), so the token was not signed by these keys.`
          : typeof kid === 'string'
            ? `The JWKS has no ${alg} key with kid "${kid}", so the token was not signed by these keys.`
            : `The JWKS has no key usable for ${alg}.`,
      };
    }
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return { status: 'invalid', message: `The ${alg} signature does not verify with ${keyName}: the token was altered or signed by another key.` };
    case 'ERR_JOSE_NOT_SUPPORTED':
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return { status: 'unsupported', message: `The token's algorithm ${alg} cannot be checked against a JWKS of public keys (${errorText(error)}).` };
    case 'ERR_JWKS_INVALID':
      return { status: 'unsupported', message: `The JWKS cannot be used (${errorText(error)}), so the signature was not checked.` };
    case 'ERR_JWS_INVALID':
      return { status: 'invalid', message: `The token is not a valid signed JWT (${errorText(error)}).` };
    default:
      // A key in the JWKS that cannot be imported (wrong type for the algorithm, bad parameters).
      return { status: 'unsupported', message: `The JWKS key for this token cannot be used (${errorText(error)}), so the signature was not checked.` };
  }
}

/** Why a JWK with the token's kid was passed over for the token's alg (jose matches kty, alg and use). */
function keyMismatch(key: Record<string, unknown>, alg: string): string {
  const show = (value: unknown) => (typeof value === 'string' && /^[A-Za-z0-9_+-]{1,32}$/.test(value) ? `"${value}"` : 'unusable');
  const wantedType = /^(RS|PS)/.test(alg) ? 'RSA' : alg.startsWith('ES') ? 'EC' : alg === 'EdDSA' ? 'OKP' : undefined;
  if (wantedType !== undefined && key.kty !== wantedType) return `its key type is ${show(key.kty)}, not "${wantedType}"`;
  if (typeof key.alg === 'string' && key.alg !== alg) return `it is for alg ${show(key.alg)}`;
  if (typeof key.use === 'string' && key.use !== 'sig') return `its use is ${show(key.use)}, not "sig"`;
  return "it does not fit the token's header";
}

function isJwksShape(value: unknown): value is { keys: Record<string, unknown>[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = (value as { keys?: unknown }).keys;
  return Array.isArray(keys) && keys.every((k) => typeof k === 'object' && k !== null && !Array.isArray(k));
}

function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\.$/, '') || 'unknown error';
}
