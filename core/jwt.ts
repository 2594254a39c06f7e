/**
 * JWT decoding (jose) and offline signature verification against a user-supplied JWKS.
 * STUB: the evaluation helper replaces the bodies.
 */
export type DecodedToken =
  | { ok: true; header: Record<string, unknown>; claims: Record<string, unknown> }
  | { ok: false; error: string };

export function decodeToken(token: string): DecodedToken {
  void token;
  return { ok: false, error: 'not implemented' };
}

/** JWT-looking substrings of a text (`header.payload.signature`), for hovers in any file. */
export function findTokens(text: string): Array<{ offset: number; length: number; token: string }> {
  void text;
  return [];
}

export type SignatureStatus = 'valid' | 'invalid' | 'no-matching-key' | 'unsupported' | 'not-checked';

export interface SignatureCheck {
  status: SignatureStatus;
  message: string;
}

/** Verifies the signature only (claims are checked by the evaluator); never touches the network. */
export async function verifyTokenSignature(token: string, jwks: { keys: unknown[] }): Promise<SignatureCheck> {
  void token;
  void jwks;
  return { status: 'not-checked', message: 'not implemented' };
}
