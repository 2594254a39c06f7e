/**
 * The checks Cognito makes on a login token before choosing a role (AWS docs: OpenID Connect providers, and the errors of
 * 3.7), in order: provider registered, issuer, signature, expiry, not-before, audience / app client.
 * The first failure ends the evaluation with NotAuthorizedException, like the real call.
 */
import { describeNumericDate } from '../token/timeClaims';
import { assessTokenAlgorithm } from '../token/algorithms';
import type { PoolDefinition, SourceValue } from '../model';
import { DEVELOPER_LOGIN_KEY, loginKeyFromIssuer, PROVIDER_KIND_LABELS, registeredProviders, type ProviderKind, type RegisteredProvider } from '../providers';
import { Evaluation, locationOf, NOT_SUPPORTED_PROVIDER_MESSAGE } from './context';
import { compareConfigValue, matchesWithPlaceholders } from './lookup';
import { hasClaim, showValue } from './matching';
import type { SimulationResult } from './types';

/**
 * The clock-skew grace AWS documents for OpenID Connect providers [OIDC]. Other providers get none: a user
 * report (aws-sdk-ios#2570) shows a token refused 271 seconds after its exp, printed as plain `now >= exp`.
 */
export const CLOCK_SKEW_SECONDS = 300;

function skewFor(ctx: TokenContext): number {
  return ctx.kind === 'oidc' ? CLOCK_SKEW_SECONDS : 0;
}

/** Where the claims came from: a real token, claims given directly, or nothing (login key only). */
export type ClaimsSource = 'token' | 'claims' | 'none';

export interface TokenContext {
  claims: Readonly<Record<string, unknown>>;
  header?: Readonly<Record<string, unknown>>;
  source: ClaimsSource;
  loginKey: string;
  /** True when the login key was derived from the token's `iss`. */
  loginKeyFromIss: boolean;
  kind: ProviderKind;
}

export interface TokenCheckOutcome {
  failure?: SimulationResult;
  /** User pools: the app client id (`aud`) that selects the mapping. */
  clientId?: string;
}

export const UNKNOWN_POOL_SETTINGS_ASSUMPTION =
  "The identity pool's settings are unknown (no identity-pool file or IdentityPool resource was given), so the provider and its app id are assumed to be registered on the pool.";

export function runTokenChecks(ev: Evaluation, ctx: TokenContext): TokenCheckOutcome {
  const definition = ev.pool.definition;
  return (
    checkProviderRegistered(ev, ctx, definition) ??
    checkIssuer(ev, ctx) ??
    checkSignature(ev, ctx) ??
    checkExpiry(ev, ctx) ??
    checkNotBefore(ev, ctx) ??
    checkAudience(ev, ctx, definition)
  );
}

function fail(_ev: Evaluation, failure: SimulationResult): TokenCheckOutcome {
  return { failure };
}

function label(kind: ProviderKind): string {
  return PROVIDER_KIND_LABELS[kind];
}

/** Registered providers whose Logins key is this one (symbolic names match through their placeholders). */
function providersFor(definition: PoolDefinition, loginKey: string): Array<{ provider: RegisteredProvider; placeholder: boolean }> {
  const result: Array<{ provider: RegisteredProvider; placeholder: boolean }> = [];
  for (const provider of registeredProviders(definition)) {
    if (provider.kind === 'developer') continue;
    if (provider.source?.symbolic) {
      const loginPattern = provider.kind === 'oidc' ? provider.source.value.replace(/^.*:oidc-provider\//, '') : provider.source.value;
      if (matchesWithPlaceholders(loginPattern, loginKey)) result.push({ provider, placeholder: true });
    } else if (provider.loginKey === loginKey) {
      result.push({ provider, placeholder: false });
    }
  }
  return result;
}

function checkProviderRegistered(ev: Evaluation, ctx: TokenContext, definition: PoolDefinition | undefined): TokenCheckOutcome | undefined {
  if (ctx.kind === 'developer') {
    const developer = definition?.developerProviderName;
    ev.step(
      'provider',
      'info',
      developer
        ? `${DEVELOPER_LOGIN_KEY} is Cognito's own OpenID token for a developer-authenticated identity (DeveloperProviderName ${developer.value}).`
        : `${DEVELOPER_LOGIN_KEY} is Cognito's own OpenID token (developer-authenticated identities); it needs no provider registered on the pool.`,
      locationOf(definition?.uri, developer?.range),
    );
    return undefined;
  }
  if (!definition) {
    ev.step('provider', 'skip', `The identity pool's registered providers are unknown, so ${ctx.loginKey} is assumed to be registered.`);
    ev.assume(UNKNOWN_POOL_SETTINGS_ASSUMPTION);
    return undefined;
  }
  const found = providersFor(definition, ctx.loginKey);
  if (found.length === 0) {
    const registered = registeredProviders(definition)
      .filter((p) => p.kind !== 'developer')
      .map((p) => p.loginKey);
    const hints: string[] = [];
    if (ctx.kind === 'cognito-user-pool' && /:[^/]*$/.test(ctx.loginKey.replace(/^[^/]*\//, ''))) {
      hints.push('a Logins key for a user pool has no :appClientId suffix');
    }
    if (/^https?:\/\//.test(ctx.loginKey) || ctx.loginKey.endsWith('/')) {
      hints.push('a Logins key has no https:// scheme and no trailing slash');
      ev.assume('A Logins key written with https:// or a trailing slash is treated as a different provider name (whether AWS accepts it is UNCONFIRMED).');
    }
    ev.step(
      'provider',
      'fail',
      `${ctx.loginKey} is not a provider registered on the identity pool (registered: ${registered.length ? registered.join(', ') : 'none'})${hints.length ? `; note: ${hints.join('; ')}` : ''}.`,
      locationOf(definition.uri, definition.anchorRange),
    );
    return fail(ev, ev.tokenFailure(NOT_SUPPORTED_PROVIDER_MESSAGE));
  }
  const { provider, placeholder } = found[0];
  if (placeholder) {
    ev.assume(`The registered provider ${provider.source!.value} is only known at deploy time; the simulation assumes it is ${ctx.loginKey}.`);
  }
  ev.step(
    'provider',
    'pass',
    `${ctx.loginKey} is registered on the identity pool as a ${label(provider.kind)} provider.`,
    locationOf(definition.uri, provider.range),
  );
  return undefined;
}

function checkIssuer(ev: Evaluation, ctx: TokenContext): TokenCheckOutcome | undefined {
  if (ctx.kind === 'saml') {
    ev.step('token.issuer', 'skip', 'A SAML assertion has no iss claim; the SAML provider ARN is the login key.');
    return undefined;
  }
  if (!Object.hasOwn(ctx.claims, 'iss')) {
    if (ctx.source === 'token') {
      ev.step('token.issuer', 'fail', 'The token has no iss claim, so Cognito cannot tell which provider issued it.');
      ev.assume('A token without an iss claim is assumed to be refused with "Invalid login token. Missing a required claim: iss" (the message is assumed).');
      return fail(ev, ev.tokenFailure('Invalid login token. Missing a required claim: iss'));
    }
    ev.step('token.issuer', 'skip', 'The claims have no iss, so the issuer was not compared with the login key.');
    return undefined;
  }
  const iss = ctx.claims.iss;
  if (ctx.loginKeyFromIss) {
    ev.step('token.issuer', 'pass', `The login key was derived from iss ${showValue(iss)}, so they match.`);
    return undefined;
  }
  if (typeof iss === 'string' && loginKeyFromIssuer(iss) === ctx.loginKey) {
    const normalised = iss !== ctx.loginKey ? ' (after dropping the scheme and a trailing slash, as Cognito does)' : '';
    ev.step('token.issuer', 'pass', `iss ${showValue(iss)} matches the Logins key ${ctx.loginKey}${normalised}.`);
    return undefined;
  }
  const hint = typeof iss === 'string' ? ` (iss gives the Logins key ${loginKeyFromIssuer(iss)})` : ' (iss is not a string)';
  ev.step('token.issuer', 'fail', `iss ${showValue(iss)} does not match the Logins key ${ctx.loginKey}${hint}.`);
  return fail(ev, ev.tokenFailure("Invalid login token. Issuer doesn't match providerName"));
}

const SIGNATURE_FAILURE = "Invalid login token. Couldn't verify signed token.";

/** Said whenever a header-level refusal decides: the code is the catalogue's, the message is not documented. */
const UNVERIFIABLE_TOKEN_ASSUMPTION =
  'A token Cognito cannot verify (unsigned, signed with an algorithm the provider does not use, or with a critical header extension) is assumed to be refused with the signature-failure message "Invalid login token. Couldn\'t verify signed token." (the message for this case is UNCONFIRMED).';

/**
 * Not an AWS answer: the simulator cannot tell whether Cognito accepts the token, so the outcome is
 * `unknown` and no role is given.
 */
function unknownAcceptance(ev: Evaluation, why: string): TokenCheckOutcome {
  return fail(
    ev,
    ev.end({
      outcome: 'unknown',
      via: 'token-validation',
      errorCode: null,
      mappingKey: null,
      message: `Unknown whether Cognito accepts this token, so the simulation gives no role: ${why}`,
    }),
  );
}

function checkSignature(ev: Evaluation, ctx: TokenContext): TokenCheckOutcome | undefined {
  if (ctx.source !== 'token') {
    ev.step(
      'token.signature',
      'skip',
      ctx.source === 'claims' ? 'Claims were given directly, so there is no signature to check.' : 'No token was given, so there is no signature to check.',
    );
    return undefined;
  }
  // The header decides first, with or without a JWKS: no key can make an HS256 or crit token acceptable.
  const verdict = assessTokenAlgorithm(ctx.header ?? {}, ctx.kind);
  if (verdict.decision === 'refused') {
    ev.step('token.signature', 'fail', verdict.reason);
    ev.assume(UNVERIFIABLE_TOKEN_ASSUMPTION);
    return fail(ev, ev.tokenFailure(SIGNATURE_FAILURE));
  }
  if (verdict.decision === 'unknown') {
    ev.step('token.signature', 'skip', verdict.reason);
    return unknownAcceptance(ev, verdict.because);
  }
  if (verdict.assumption) ev.assume(verdict.assumption);
  const alg = verdict.alg;
  const signature = ev.options.signature;
  if (!signature) {
    if (ev.request.jwks) {
      // Verification was asked for but not done: that must not read as a pass.
      const why = 'A JWKS was given, but this evaluation did not verify the signature with it (simulate() does).';
      ev.step('token.signature', 'skip', why);
      return unknownAcceptance(ev, why);
    }
    ev.step(
      'token.signature',
      'skip',
      `The signature was not checked because no JWKS was given; Cognito verifies the ${alg} signature with the provider's published keys.`,
    );
    return undefined;
  }
  switch (signature.status) {
    case 'valid':
      ev.step('token.signature', 'pass', signature.message);
      return undefined;
    case 'invalid':
      ev.step('token.signature', 'fail', signature.message);
      return fail(ev, ev.tokenFailure(SIGNATURE_FAILURE));
    case 'no-matching-key':
      ev.step('token.signature', 'fail', signature.message);
      ev.assume(
        "The JWKS given is taken to be the provider's key set: a token signed by a key that is not in it is assumed to fail verification at Cognito too.",
      );
      return fail(ev, ev.tokenFailure(SIGNATURE_FAILURE));
    default: {
      // Asked to verify, and it could not be done (key type mismatch, unusable key, unsupported algorithm).
      ev.step('token.signature', 'skip', `The signature could not be checked: ${signature.message}`);
      return unknownAcceptance(ev, `The signature could not be checked with the JWKS given. ${signature.message}`);
    }
  }
}

/** Said when the skew question decides the outcome: strict for non-OIDC providers is itself an assumption. */
function skewAssumption(ev: Evaluation, ctx: TokenContext, claim: string): void {
  if (ctx.kind === 'oidc') return;
  ev.assume(
    `The ${claim} check allowed no clock skew for ${label(ctx.kind)} tokens: AWS documents a 5-minute grace only for OpenID Connect providers, and a user report (aws-sdk-ios#2570) shows a token refused 271 seconds after its exp.`,
  );
}

/** A time claim (`exp`, `nbf`) that is not a NumericDate: refused as an invalid login token (message assumed). */
function refuseNonNumericDate(ev: Evaluation, step: 'token.expiry' | 'token.not-before', claim: string, value: unknown): TokenCheckOutcome {
  ev.step(step, 'fail', `${claim} ${showValue(value)} is not a NumericDate (seconds since 1970).`);
  ev.assume(`A token whose ${claim} is not a number is assumed to be refused as an invalid login token (the message is assumed).`);
  return fail(ev, ev.tokenFailure(`Invalid login token. Invalid claim: ${claim}`));
}

/** The trace sentence for a time claim the simulated clock is outside of. */
function outsideMessage(claim: string, described: string, skew: number, now: number): string {
  return skew
    ? `${claim} is ${described}, beyond the 5-minute clock skew at the simulated time ${Math.floor(now)}.`
    : `${claim} is ${described} at the simulated time ${Math.floor(now)}.`;
}

function checkExpiry(ev: Evaluation, ctx: TokenContext): TokenCheckOutcome | undefined {
  const now = ev.request.now;
  if (!Object.hasOwn(ctx.claims, 'exp') || ctx.claims.exp === null) {
    if (ctx.source === 'token' && ctx.kind !== 'saml') {
      ev.step('token.expiry', 'fail', 'The token has no exp claim; identity-provider tokens always carry one.');
      ev.assume('A token without an exp claim is assumed to be refused with "Invalid login token. Missing a required claim: exp" (the message is assumed).');
      return fail(ev, ev.tokenFailure('Invalid login token. Missing a required claim: exp'));
    }
    ev.step('token.expiry', 'info', 'The claims have no exp, so expiry was not checked.');
    return undefined;
  }
  const exp = ctx.claims.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return refuseNonNumericDate(ev, 'token.expiry', 'exp', exp);
  const described = describeNumericDate(exp, now, 'exp');
  const skew = skewFor(ctx);
  if (now >= exp + skew) {
    ev.step('token.expiry', 'fail', outsideMessage('exp', described, skew, now));
    if (now < exp + CLOCK_SKEW_SECONDS) skewAssumption(ev, ctx, 'expiry');
    return fail(ev, ev.tokenFailure(`Invalid login token. Token expired: ${Math.floor(now)} >= ${exp}`));
  }
  if (now >= exp) {
    ev.step('token.expiry', 'pass', `exp is ${described}, which is still within the 5-minute clock skew.`);
    return undefined;
  }
  ev.step('token.expiry', 'pass', `exp is ${described}.`);
  return undefined;
}

function checkNotBefore(ev: Evaluation, ctx: TokenContext): TokenCheckOutcome | undefined {
  const now = ev.request.now;
  if (!Object.hasOwn(ctx.claims, 'nbf') || ctx.claims.nbf === null) {
    ev.step('token.not-before', 'skip', 'There is no nbf claim.');
    return undefined;
  }
  const nbf = ctx.claims.nbf;
  if (typeof nbf !== 'number' || !Number.isFinite(nbf)) return refuseNonNumericDate(ev, 'token.not-before', 'nbf', nbf);
  const described = describeNumericDate(nbf, now, 'nbf');
  const skew = skewFor(ctx);
  if (now + skew < nbf) {
    ev.step('token.not-before', 'fail', outsideMessage('nbf', described, skew, now));
    if (now + CLOCK_SKEW_SECONDS >= nbf) skewAssumption(ev, ctx, 'not-before');
    ev.assume('A token used before its nbf is assumed to be refused with "Invalid login token. Token not yet valid: <now> < <nbf>" (the message is assumed).');
    return fail(ev, ev.tokenFailure(`Invalid login token. Token not yet valid: ${Math.floor(now)} < ${nbf}`));
  }
  if (now < nbf) {
    ev.step('token.not-before', 'pass', `nbf is ${described}, which is within the 5-minute clock skew.`);
    return undefined;
  }
  ev.step('token.not-before', 'pass', `nbf is ${described}.`);
  return undefined;
}

function audiences(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

function checkAudience(ev: Evaluation, ctx: TokenContext, definition: PoolDefinition | undefined): TokenCheckOutcome {
  switch (ctx.kind) {
    case 'cognito-user-pool':
      return checkUserPoolClient(ev, ctx, definition);
    case 'developer':
      return checkDeveloperAudience(ev, ctx);
    case 'saml':
      ev.step('token.audience', 'skip', 'A SAML assertion is not checked against an app id.');
      return {};
    case 'oidc':
      ev.step(
        'token.audience',
        'skip',
        "The client IDs of an OpenID Connect provider are registered in IAM (the OIDC provider's client ID list), not on the pool, so aud/azp was not checked.",
      );
      return {};
    default:
      return checkPublicProviderAudience(ev, ctx, definition);
  }
}

function checkUserPoolClient(ev: Evaluation, ctx: TokenContext, definition: PoolDefinition | undefined): TokenCheckOutcome {
  const auds = audiences(ctx.claims.aud);
  if (auds.length === 0 && ctx.source === 'none') {
    ev.step('token.audience', 'fail', "No token or claims were given, so there is no aud (the app client id) to choose the user pool's mapping.");
    return fail(
      ev,
      ev.end({
        outcome: 'error',
        via: 'token-validation',
        mappingKey: null,
        message: "A user pool login needs the ID token's aud (the app client id) to choose its role mapping; give the token or claims.",
      }),
    );
  }
  if (auds.length === 0) {
    const accessToken = ctx.claims.token_use === 'access' || hasClaim(ctx.claims, 'client_id');
    ev.step(
      'token.audience',
      'fail',
      accessToken
        ? 'The token has no aud claim: it looks like a user pool access token (token_use access, client_id instead of aud); the identity pool needs the ID token.'
        : 'The claims have no aud; a user pool ID token always carries its app client id there, and the identity pool needs it to check the app client and choose the mapping.',
    );
    ev.assume(
      'A user pool token without aud is refused with "Invalid login token. Missing a required claim: aud"; the error code NotAuthorizedException is assumed.',
    );
    return fail(ev, ev.tokenFailure('Invalid login token. Missing a required claim: aud'));
  }
  if (!definition) {
    ev.step('token.audience', 'skip', `The pool's registered app clients are unknown, so the app client ${auds[0]} is assumed to be registered.`);
    ev.assume(UNKNOWN_POOL_SETTINGS_ASSUMPTION);
    if (auds.length > 1) ev.assume('The token has several audiences; the simulation uses the first as the app client id.');
    return { clientId: auds[0] };
  }
  const entries = definition.cognitoProviders.filter((p) => compareConfigValue(p.providerName, ctx.loginKey) !== 'none');
  for (const aud of auds) {
    for (const entry of entries) {
      const match = compareConfigValue(entry.clientId, aud);
      if (match === 'none') continue;
      if (match === 'placeholder')
        ev.assume(`The registered ClientId ${entry.clientId!.value} is only known at deploy time; the simulation assumes it is ${aud}.`);
      ev.step(
        'token.audience',
        'pass',
        `aud ${showValue(aud)} is a ClientId registered for ${ctx.loginKey}.`,
        locationOf(definition.uri, entry.clientId?.range ?? entry.range),
      );
      if (entry.serverSideTokenCheck?.value === true) {
        ev.step(
          'server-side-token-check',
          'info',
          'ServerSideTokenCheck is on: Cognito also asks the user pool whether the user was signed out globally or deleted (a 400 Not Authorized error then); a simulation cannot check that.',
          locationOf(definition.uri, entry.serverSideTokenCheck.range),
        );
      }
      return { clientId: aud };
    }
  }
  const registered = entries.map((e) => e.clientId?.value).filter((v): v is string => v !== undefined);
  ev.step(
    'token.audience',
    'fail',
    `aud ${showValue(ctx.claims.aud)} is not a ClientId registered for ${ctx.loginKey} (registered: ${registered.length ? registered.join(', ') : 'none'}).`,
    locationOf(definition.uri, entries[0]?.range ?? definition.anchorRange),
  );
  return fail(ev, ev.tokenFailure(NOT_SUPPORTED_PROVIDER_MESSAGE));
}

function checkDeveloperAudience(ev: Evaluation, ctx: TokenContext): TokenCheckOutcome {
  const poolId: SourceValue | undefined = ev.pool.identityPoolId ?? ev.pool.roleConfig?.identityPoolId;
  const auds = audiences(ctx.claims.aud);
  if (auds.length === 0 || !poolId || poolId.symbolic) {
    ev.step('token.audience', 'skip', "The OpenID token's aud (the identity pool id) was not compared.");
    return {};
  }
  if (auds.includes(poolId.value)) {
    ev.step('token.audience', 'pass', `aud is this identity pool's id ${poolId.value}.`);
    return {};
  }
  ev.step(
    'token.audience',
    'fail',
    `aud ${showValue(ctx.claims.aud)} is not this identity pool's id ${poolId.value}: the OpenID token was issued for another pool.`,
  );
  ev.assume(
    'An OpenID token issued for another identity pool is assumed to be refused with "Token is not from a supported provider of this identity pool." (the message is assumed).',
  );
  return fail(ev, ev.tokenFailure(NOT_SUPPORTED_PROVIDER_MESSAGE));
}

function checkPublicProviderAudience(ev: Evaluation, ctx: TokenContext, definition: PoolDefinition | undefined): TokenCheckOutcome {
  const usesAzp = typeof ctx.claims.azp === 'string';
  const claimName = usesAzp ? 'azp' : 'aud';
  const values = audiences(ctx.claims[claimName]);
  if (values.length === 0) {
    if (ctx.source === 'token') {
      ev.step('token.audience', 'fail', `The token has no ${claimName} claim, so Cognito cannot match it to the app id registered for ${ctx.loginKey}.`);
      ev.assume(
        `A ${label(ctx.kind)} token without aud is assumed to be refused with "Invalid login token. Missing a required claim: aud" (the message is assumed).`,
      );
      return fail(ev, ev.tokenFailure('Invalid login token. Missing a required claim: aud'));
    }
    ev.step('token.audience', 'skip', 'The claims have no aud, so the app id was not checked.');
    return {};
  }
  const registration = definition?.supportedLoginProviders.find((p) => p.provider.value === ctx.loginKey);
  if (!definition || !registration?.appId) {
    ev.step('token.audience', 'skip', `The app id registered for ${ctx.loginKey} is unknown, so ${claimName} was not checked.`);
    if (!definition) ev.assume(UNKNOWN_POOL_SETTINGS_ASSUMPTION);
    return {};
  }
  if (usesAzp) {
    ev.assume(
      `For ${label(ctx.kind)} the app id was compared with azp (present in the token) rather than aud, as AWS documents for OpenID Connect providers; that ${label(ctx.kind)} tokens are checked the same way is assumed.`,
    );
  }
  const location = locationOf(definition.uri, registration.appId.range);
  for (const value of values) {
    const match = compareConfigValue(registration.appId, value);
    if (match === 'none') continue;
    if (match === 'placeholder')
      ev.assume(`The app id ${registration.appId.value} registered for ${ctx.loginKey} is only known at deploy time; the simulation assumes it is ${value}.`);
    ev.step('token.audience', 'pass', `${claimName} ${showValue(value)} is the app id registered for ${ctx.loginKey}.`, location);
    return {};
  }
  ev.step(
    'token.audience',
    'fail',
    `${claimName} ${showValue(ctx.claims[claimName])} is not the app id registered for ${ctx.loginKey} (${registration.appId.value}).`,
    location,
  );
  ev.assume(
    `A ${label(ctx.kind)} token issued to another app id is assumed to be refused with "Token is not from a supported provider of this identity pool." (the message is documented for user pool app clients).`,
  );
  return fail(ev, ev.tokenFailure(NOT_SUPPORTED_PROVIDER_MESSAGE));
}
