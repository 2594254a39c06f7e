/**
 * Which login tokens an identity pool can verify at all, decided from the JWS header alone: the signing
 * algorithms it accepts per provider type (AWS docs: verifying user pool JSON Web Tokens; OpenID Connect providers) and the headers that make any token invalid
 * (unsigned, shared-secret algorithms, unknown critical extensions). The simulator, the signature check and
 * the JWT hover all ask here, so every surface gives the same answer.
 */
import { classifyProvider, loginKeyFromIssuer, PROVIDER_KIND_LABELS, type ProviderKind } from '../providers';

/** How sure the simulator is that Cognito accepts an algorithm for a provider type. */
export interface AlgorithmPolicy {
  /** Who signs these tokens, for messages ("Cognito user pool ID tokens"). */
  signer: string;
  /** Accepted by a documented rule: no assumption needed. */
  documented: readonly string[];
  /** Where the documented list comes from (the AWS documentation page). */
  documentedBy: string;
  /** UNCONFIRMED, assumed accepted: the assumption sentence is added to the result when it decides. */
  assumed: readonly string[];
  assumedBecause?: string;
  /** UNCONFIRMED either way: the simulator answers "unknown" instead of a role. */
  unknown: readonly string[];
  unknownBecause?: string;
}

export type AlgorithmPolicyName = 'cognito-user-pool' | 'openid';

/**
 * The one table of accepted token algorithms. Every algorithm not listed for a provider type (HS256, none,
 * ES256 on a user pool, made-up names) is refused: the provider never signs with it, so Cognito cannot
 * verify it with the provider's keys.
 */
export const TOKEN_ALGORITHM_POLICIES: Readonly<Record<AlgorithmPolicyName, AlgorithmPolicy>> = {
  'cognito-user-pool': {
    signer: 'Cognito user pool ID tokens',
    documented: ['RS256'],
    documentedBy: 'user pools sign ID tokens with RS256 (Amazon Cognito Developer Guide, verifying a JSON Web Token)',
    assumed: [],
    unknown: [],
  },
  openid: {
    signer: 'OpenID Connect tokens',
    documented: ['RS256', 'RS384', 'RS512'],
    documentedBy: 'Cognito checks the RSA signature of OpenID Connect tokens (Amazon Cognito Developer Guide, OpenID Connect providers)',
    assumed: ['ES256', 'ES384', 'ES512'],
    assumedBecause:
      'AWS documents only RSA signatures for identity-pool OpenID Connect providers, while AWS STS accepts ECDSA (ES256, ES384, ES512) web identity tokens.',
    unknown: ['PS256', 'PS384', 'PS512', 'EdDSA'],
    unknownBecause: 'no AWS source says whether identity pools accept RSASSA-PSS (PS256/PS384/PS512) or EdDSA signatures (UNCONFIRMED)',
  },
};

/**
 * The policy per provider type. Google, Apple and Cognito's own OpenID token (developer identities) are
 * OpenID Connect ID tokens; Facebook, Amazon, Twitter, Digits and SAML logins are not JWTs at all, so a JWT
 * given for them is judged as an OpenID Connect token.
 */
export const ALGORITHM_POLICY_OF: Readonly<Record<ProviderKind, AlgorithmPolicyName>> = {
  'cognito-user-pool': 'cognito-user-pool',
  google: 'openid',
  facebook: 'openid',
  amazon: 'openid',
  apple: 'openid',
  twitter: 'openid',
  digits: 'openid',
  oidc: 'openid',
  saml: 'openid',
  developer: 'openid',
};

const SHARED_SECRET_ALGORITHM_RE = /^HS\d+$/i;

export type AlgorithmVerdict =
  | { decision: 'accepted'; alg: string; reason: string; assumption?: string }
  | { decision: 'refused'; alg: unknown; reason: string }
  | { decision: 'unknown'; alg: string; reason: string; because: string };

/**
 * Why any identity pool refuses a token with this header whatever its provider, or undefined. The reasons
 * are sentences; header values are echoed only when they are plain algorithm names.
 */
export function headerRefusal(header: Readonly<Record<string, unknown>>): string | undefined {
  const alg = header.alg;
  if (typeof alg !== 'string' || alg === '' || alg.toLowerCase() === 'none') {
    return alg === undefined
      ? 'The header has no "alg": this is not a signed token, and identity pools only accept signed tokens.'
      : `The header says ${algText(alg)}: the token is unsigned, and identity pools only accept signed tokens.`;
  }
  if (Object.hasOwn(header, 'crit')) {
    // RFC 7515 4.1.11: a JWS listing an extension the recipient does not understand is invalid; Cognito is not
    // known to understand any, and an empty or malformed crit list makes the JWS invalid anyway.
    return 'The header lists critical extensions ("crit"): a JWS whose critical extensions the recipient does not understand is invalid (RFC 7515 4.1.11), and identity pools are not known to support any.';
  }
  if (SHARED_SECRET_ALGORITHM_RE.test(alg)) {
    return `The header says ${algText(alg)}, a shared-secret (HMAC) algorithm: identity pools verify tokens with the provider's public keys, so they refuse it (an HMAC token made with a public key as the secret is a known forgery).`;
  }
  return undefined;
}

/** Whether Cognito accepts a token with this header from this type of provider, and why. */
export function assessTokenAlgorithm(header: Readonly<Record<string, unknown>>, kind: ProviderKind): AlgorithmVerdict {
  const refusal = headerRefusal(header);
  if (refusal !== undefined) return { decision: 'refused', alg: header.alg, reason: refusal };
  const alg = header.alg as string;
  const policy = TOKEN_ALGORITHM_POLICIES[ALGORITHM_POLICY_OF[kind]];
  const provider = PROVIDER_KIND_LABELS[kind];
  if (policy.documented.includes(alg)) {
    return { decision: 'accepted', alg, reason: `${alg} is accepted: ${policy.documentedBy}.` };
  }
  if (policy.assumed.includes(alg)) {
    return {
      decision: 'accepted',
      alg,
      reason: `${alg} is assumed to be accepted for ${provider} tokens (UNCONFIRMED).`,
      assumption: `${provider} tokens signed with ${alg} are assumed to be accepted (UNCONFIRMED): ${policy.assumedBecause}`,
    };
  }
  if (policy.unknown.includes(alg)) {
    return {
      decision: 'unknown',
      alg,
      reason: `Whether Cognito accepts ${provider} tokens signed with ${alg} is unknown: ${policy.unknownBecause}; accepted: ${acceptedList(policy)}.`,
      because: `The token is signed with ${alg}, and ${policy.unknownBecause}.`,
    };
  }
  return {
    decision: 'refused',
    alg,
    reason: `The header says ${algText(alg)}, which ${policy.signer} never use (accepted: ${acceptedList(policy)}), so Cognito cannot verify it with the provider's keys.`,
  };
}

/**
 * For a token shown on its own (the JWT hover, Decode token): why an identity pool would refuse it, or why
 * its acceptance is unknown, judged for the provider its `iss` names (header checks only without an `iss`).
 */
export function tokenAlgorithmWarning(header: Readonly<Record<string, unknown>>, claims: Readonly<Record<string, unknown>>): string | undefined {
  const refusal = headerRefusal(header);
  if (refusal !== undefined) return refusal;
  if (typeof claims.iss !== 'string' || loginKeyFromIssuer(claims.iss) === '') return undefined;
  const verdict = assessTokenAlgorithm(header, classifyProvider(loginKeyFromIssuer(claims.iss)));
  return verdict.decision === 'accepted' ? undefined : verdict.reason;
}

/** The accepted algorithms of a policy in words: `RS256` or `RS256, RS384, RS512 (ES256, ES384, ES512 assumed)`. */
export function acceptedList(policy: AlgorithmPolicy): string {
  return policy.assumed.length > 0 ? `${policy.documented.join(', ')} (${policy.assumed.join(', ')} assumed)` : policy.documented.join(', ');
}

/** `alg "RS256"`; header text that is not an algorithm name is not echoed (it is attacker-controlled). */
function algText(alg: unknown): string {
  return typeof alg === 'string' && /^[A-Za-z0-9_+-]{1,32}$/.test(alg) ? `alg "${alg}"` : 'an alg that is not an algorithm name';
}
