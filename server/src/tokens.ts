/**
 * Token inspection shared by the JWT hover and the `identityPoolRoles/decodeToken` request: decode (core,
 * jose), human dates relative to the configured clock, warnings, and the signature status against the
 * configured JWKS files. Tokens stay in memory: nothing here logs or sends them.
 */
import { decodeToken, MAX_JWKS_FILE_BYTES, readJwksText, timeClaimDates, tokenAlgorithmWarning, verifyTokenSignature, type Jwks } from '../../core/index';
import type { DecodeTokenResult, TokenDate } from '../../protocol/protocol';
import type { RuntimeEnvironment } from './runtime';
import { readSettingFile } from './settingFiles';
import type { Settings } from './settings';

export interface LoadedJwks {
  /** Absent when no JWKS file is configured; an empty key set when files are configured but none could be used. */
  jwks?: Jwks;
  /** One sentence per file that could not be used (path only; file contents are never echoed). */
  problems: string[];
}

/** Reads the JWKS files named in the settings (absolute, or relative to the first workspace folder). */
export async function loadJwks(runtime: RuntimeEnvironment, settings: Settings, folders: readonly string[]): Promise<LoadedJwks> {
  const problems: string[] = [];
  if (settings.jwksFiles.length === 0) return { problems };
  const keys: Jwks['keys'] = [];
  for (const file of settings.jwksFiles) {
    const read = await readSettingFile(runtime, 'JWKS file', file, folders, MAX_JWKS_FILE_BYTES);
    if (!read.ok) {
      problems.push(read.problem);
      continue;
    }
    // The same reading as the CLI's --jwks: a key set or a single JWK, else the file is not used.
    const jwks = readJwksText(read.text);
    if (jwks.ok) keys.push(...jwks.jwks.keys);
    else problems.push(`JWKS file ${file} ${jwks.problem}.`);
  }
  // Verification was asked for: even with no usable key the simulation must know, so it never reads as a pass.
  return { jwks: { keys }, problems };
}

/** The time claims in the wording the simulation trace uses too (core/token/timeClaims.ts). */
export function tokenDates(claims: Record<string, unknown>, now: number): TokenDate[] {
  return timeClaimDates(claims, now);
}

export function tokenWarnings(header: Record<string, unknown>, claims: Record<string, unknown>, now: number): string[] {
  const warnings: string[] = [];
  // Unsigned, HMAC, crit, or an algorithm the issuer's provider type never uses: core decides, as for simulations.
  const algorithm = tokenAlgorithmWarning(header, claims);
  if (algorithm !== undefined) warnings.push(algorithm);
  if (typeof claims.exp === 'number' && claims.exp <= now) warnings.push('The token has expired (at the configured clock).');
  if (typeof claims.nbf === 'number' && claims.nbf > now) warnings.push('The token is not valid yet (nbf is in the future at the configured clock).');
  return warnings;
}

export async function inspectToken(token: string, now: number, loaded: LoadedJwks): Promise<DecodeTokenResult> {
  const decoded = decodeToken(token);
  if (!decoded.ok) return { ok: false, error: decoded.error };
  const result: DecodeTokenResult = {
    ok: true,
    header: decoded.header,
    claims: decoded.claims,
    dates: tokenDates(decoded.claims, now),
    warnings: [...tokenWarnings(decoded.header, decoded.claims, now), ...loaded.problems],
    now,
  };
  if (loaded.jwks) {
    const signature = await verifyTokenSignature(token, loaded.jwks);
    // A header refusal is already a warning: say the reason once.
    result.signature = result.warnings.includes(signature.message)
      ? { status: signature.status, message: 'The token is invalid whatever the keys, for the reason warned about above.' }
      : signature;
  }
  return result;
}
