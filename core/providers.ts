/**
 * Identity providers: what kind a provider name is, how its `Logins` key and `RoleMappings` key are
 * formed (AWS docs: role-based access control), and which claims its tokens carry (AWS docs: ID tokens, OpenID Connect providers).
 */
import type { PoolDefinition, SourceValue } from './model';
import type { Range } from './positions';

export type ProviderKind = 'cognito-user-pool' | 'google' | 'facebook' | 'amazon' | 'apple' | 'twitter' | 'digits' | 'oidc' | 'saml' | 'developer';

export const PROVIDER_KIND_LABELS: Record<ProviderKind, string> = {
  'cognito-user-pool': 'Cognito user pool',
  google: 'Google',
  facebook: 'Facebook',
  amazon: 'Login with Amazon',
  apple: 'Sign in with Apple',
  twitter: 'Twitter',
  digits: 'Digits',
  oidc: 'OpenID Connect',
  saml: 'SAML',
  developer: 'Developer-authenticated',
};

/** The `Logins` key of developer-authenticated identities in GetCredentialsForIdentity. */
export const DEVELOPER_LOGIN_KEY = 'cognito-identity.amazonaws.com';

const PUBLIC_PROVIDERS: Record<string, ProviderKind> = {
  'accounts.google.com': 'google',
  'graph.facebook.com': 'facebook',
  'www.amazon.com': 'amazon',
  'appleid.apple.com': 'apple',
  'api.twitter.com': 'twitter',
  'www.digits.com': 'digits',
};

const USER_POOL_RE = /^cognito-idp\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9-]+_[0-9A-Za-z]+)(?::(.*))?$/;
const SAML_ARN_RE = /^arn:aws[a-z-]*:iam::\d{12}:saml-provider\/.+$/;
const OIDC_ARN_RE = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/(.+)$/;

export function classifyProvider(name: string): ProviderKind {
  if (USER_POOL_RE.test(name) || /^(https?:\/\/)?cognito-idp\./.test(name)) return 'cognito-user-pool';
  const publicKind = PUBLIC_PROVIDERS[name];
  if (publicKind) return publicKind;
  if (name === DEVELOPER_LOGIN_KEY) return 'developer';
  if (SAML_ARN_RE.test(name)) return 'saml';
  return 'oidc';
}

/** IAM OIDC and SAML provider ARNs, loosely (a malformed account id is the checks' business, not detection's). */
const PROVIDER_ARN_LIKE_RE = /^arn:aws[a-z-]*:iam::[^:\s]*:(oidc|saml)-provider\/\S+$/;
/** A host name with at least one dot, optionally with a scheme, port and path: an OIDC issuer (or a URL-form key). */
const HOST_LIKE_RE = /^(https?:\/\/)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?::\d+)?(?:\/\S*)?$/i;

/**
 * Whether a text has the shape of an identity provider name as a RoleMappings key: a user pool
 * (`cognito-idp.REGION.amazonaws.com/POOL_ID[:CLIENT_ID]`), a public provider host, an OIDC issuer
 * host, or an OIDC or SAML provider ARN. Used to recognise a RoleMappings map by its content.
 */
export function looksLikeProviderName(name: string): boolean {
  return name.length <= 2048 && (PROVIDER_ARN_LIKE_RE.test(name) || HOST_LIKE_RE.test(name));
}

export interface UserPoolKey {
  region: string;
  userPoolId: string;
  /** Present in a RoleMappings key, absent in a Logins key. */
  clientId?: string;
  /** `cognito-idp.REGION.amazonaws.com/POOL_ID`: the Logins key and the CognitoIdentityProviders ProviderName. */
  providerName: string;
}

/** Parses `cognito-idp.REGION.amazonaws.com/POOL_ID[:CLIENT_ID]`. */
export function parseUserPoolKey(key: string): UserPoolKey | undefined {
  const m = USER_POOL_RE.exec(key);
  if (!m) return undefined;
  const providerName = m[3] === undefined ? key : key.slice(0, key.length - m[3].length - 1);
  return { region: m[1], userPoolId: m[2], clientId: m[3] || undefined, providerName };
}

/** The host an OIDC provider ARN names (`arn:aws:iam::123:oidc-provider/login.example.com` → `login.example.com`). */
export function oidcHostFromArn(arn: string): string | undefined {
  return OIDC_ARN_RE.exec(arn)?.[1];
}

/**
 * The `Logins` key a token's issuer corresponds to: the scheme and one trailing `/` dropped
 * (derived from user reports, not AWS documentation).
 */
export function loginKeyFromIssuer(iss: string): string {
  return iss.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

/** A provider the pool has registered, with the keys it is known by. */
export interface RegisteredProvider {
  kind: ProviderKind;
  /** The key a RoleMappings entry for this provider must use (absent for developer identities). */
  mappingKey?: string;
  /** The key GetCredentialsForIdentity's `Logins` map uses. */
  loginKey: string;
  /** The app client / app id tokens must be issued to (`aud`), when registered. */
  clientId?: string;
  /** Where the provider is registered. */
  range: Range;
  source: SourceValue | undefined;
}

/** Every provider a pool definition registers, with its mapping and login keys. */
export function registeredProviders(definition: PoolDefinition): RegisteredProvider[] {
  const result: RegisteredProvider[] = [];
  for (const p of definition.cognitoProviders) {
    if (!p.providerName) continue;
    const clientId = p.clientId?.value;
    result.push({
      kind: 'cognito-user-pool',
      mappingKey: clientId !== undefined ? `${p.providerName.value}:${clientId}` : undefined,
      loginKey: p.providerName.value,
      clientId,
      range: p.range,
      source: p.providerName,
    });
  }
  for (const p of definition.supportedLoginProviders) {
    result.push({
      kind: classifyProvider(p.provider.value),
      mappingKey: p.provider.value,
      loginKey: p.provider.value,
      clientId: p.appId?.value,
      range: p.range,
      source: p.provider,
    });
  }
  for (const arn of definition.openIdConnectProviderArns) {
    result.push({ kind: 'oidc', mappingKey: arn.value, loginKey: oidcHostFromArn(arn.value) ?? arn.value, range: arn.range, source: arn });
  }
  for (const arn of definition.samlProviderArns) {
    result.push({ kind: 'saml', mappingKey: arn.value, loginKey: arn.value, range: arn.range, source: arn });
  }
  if (definition.developerProviderName) {
    result.push({ kind: 'developer', loginKey: DEVELOPER_LOGIN_KEY, range: definition.developerProviderName.range, source: definition.developerProviderName });
  }
  return result;
}

/** Claims a provider's tokens are known to carry. `exhaustive` means no other claim ever appears. */
export interface KnownClaims {
  claims: readonly string[];
  exhaustive: boolean;
  /** Claim-name prefixes whose members are all listed (e.g. `cognito:`): a claim with the prefix but not in the list is never sent. */
  closedPrefixes?: readonly string[];
}

const OIDC_STANDARD_CLAIMS = [
  'iss',
  'sub',
  'aud',
  'exp',
  'iat',
  'auth_time',
  'nonce',
  'acr',
  'amr',
  'azp',
  'at_hash',
  'jti',
  'nbf',
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'email',
  'email_verified',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'phone_number',
  'phone_number_verified',
  'address',
  'updated_at',
] as const;

export const KNOWN_CLAIMS: Partial<Record<ProviderKind, KnownClaims>> = {
  // Facebook and Amazon access tokens are opaque: rules see only these three (AWS docs: role-based access control).
  facebook: { claims: ['iss', 'aud', 'sub'], exhaustive: true },
  amazon: { claims: ['iss', 'aud', 'sub'], exhaustive: true },
  'cognito-user-pool': {
    claims: [
      ...OIDC_STANDARD_CLAIMS,
      'token_use',
      'origin_jti',
      'event_id',
      'cognito:username',
      'cognito:groups',
      'cognito:roles',
      'cognito:preferred_role',
      'identities',
    ],
    exhaustive: false,
    closedPrefixes: ['cognito:'],
  },
  google: { claims: [...OIDC_STANDARD_CLAIMS, 'hd'], exhaustive: false },
  apple: {
    claims: [
      'iss',
      'aud',
      'exp',
      'iat',
      'sub',
      'at_hash',
      'email',
      'email_verified',
      'is_private_email',
      'real_user_status',
      'nonce',
      'nonce_supported',
      'auth_time',
      'transfer_sub',
    ],
    exhaustive: false,
  },
  oidc: { claims: OIDC_STANDARD_CLAIMS, exhaustive: false },
};

/** Whether a provider's tokens can carry the claim: 'yes', 'no' (never sent), or 'unknown'. */
export function providerSendsClaim(kind: ProviderKind, claim: string): 'yes' | 'no' | 'unknown' {
  const known = KNOWN_CLAIMS[kind];
  if (!known) return 'unknown';
  if (known.claims.includes(claim)) return 'yes';
  if (known.exhaustive) return 'no';
  if (known.closedPrefixes?.some((prefix) => claim.startsWith(prefix))) return 'no';
  return 'unknown';
}

/** Claims that hold a list (per-element matching applies to them; AWS does not document it). */
export const ARRAY_CLAIMS: readonly string[] = ['cognito:groups', 'cognito:roles', 'amr', 'identities'];

/** An IAM role ARN in any partition. The API model only checks the length; the service refuses anything else. */
export const IAM_ROLE_ARN_RE = /^arn:aws(-cn|-us-gov|-iso|-iso-b)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
