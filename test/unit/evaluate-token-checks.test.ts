/** Token checks before role selection (issuer, audience, expiry, signature, and the errors GetCredentialsForIdentity answers), with real signed tokens. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { UnsecuredJWT } from 'jose';
import {
  AUTH,
  CLIENT,
  evaluate,
  evaluateAsync,
  expectAssumption,
  expectNoAssumption,
  expectResult,
  GOOGLE_CLIENT,
  makeKey,
  NOW,
  OIDC_HOST,
  poolFrom,
  POOL_URI,
  rolesJson,
  signToken,
  standardPoolJson,
  stepOf,
  USER_POOL,
  userPoolClaims,
  type SigningKey,
} from './evaluate-fixtures';

const pool = () => poolFrom(rolesJson({ authenticated: AUTH }), standardPoolJson());
const NOT_SUPPORTED = 'Token is not from a supported provider of this identity pool.';

let key: SigningKey;
let otherKey: SigningKey;
before(async () => {
  key = await makeKey('key-1');
  otherKey = await makeKey('key-2');
});

describe('provider and issuer', () => {
  it('a login from a provider the pool does not register is refused as not from a supported provider', () => {
    const result = evaluate(pool(), { loginKey: 'graph.facebook.com', claims: { iss: 'graph.facebook.com', aud: 'fb-app', sub: '1' } });
    expectResult(result, { outcome: 'error', via: 'token-validation', roleArn: null, errorCode: 'NotAuthorizedException', message: NOT_SUPPORTED });
    assert.equal(stepOf(result, 'provider').location?.uri, POOL_URI);
  });

  it('a user pool Logins key that wrongly includes the app client id is not a registered provider, with a hint', () => {
    const result = evaluate(pool(), { loginKey: `${USER_POOL}:${CLIENT}`, claims: userPoolClaims() });
    expectResult(result, { outcome: 'error', errorCode: 'NotAuthorizedException', message: NOT_SUPPORTED });
    assert.match(stepOf(result, 'provider').message, /no :appClientId suffix/);
  });

  it('without the pool settings the provider is assumed to be registered and the assumption is stated', () => {
    const rolesOnly = poolFrom(rolesJson({ authenticated: AUTH }));
    const result = evaluate(rolesOnly, { loginKey: 'graph.facebook.com', claims: { iss: 'graph.facebook.com', aud: 'fb-app', sub: '1' } });
    expectResult(result, { outcome: 'role', via: 'default-authenticated', roleArn: AUTH });
    expectAssumption(result, /settings are unknown .* assumed to be registered/);
  });

  it('an iss that does not match the Logins key is refused with the AWS message', () => {
    const claims = userPoolClaims({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' });
    expectResult(evaluate(pool(), { loginKey: USER_POOL, claims }), {
      outcome: 'error',
      via: 'token-validation',
      errorCode: 'NotAuthorizedException',
      message: "Invalid login token. Issuer doesn't match providerName",
    });
  });

  it('an OIDC iss with https:// and a trailing slash matches a Logins key without them', () => {
    const result = evaluate(pool(), { loginKey: OIDC_HOST, claims: { iss: `https://${OIDC_HOST}/`, aud: 'c', exp: NOW + 60 } });
    expectResult(result, { outcome: 'role', via: 'default-authenticated', roleArn: AUTH });
    assert.equal(stepOf(result, 'token.issuer').status, 'pass');
  });

  it("without a Logins key the token's iss gives it", () => {
    const result = evaluate(pool(), { claims: userPoolClaims() });
    expectResult(result, { outcome: 'role', via: 'default-authenticated', roleArn: AUTH });
    assert.match(stepOf(result, 'login-key').message, new RegExp(`iss claim gives the Logins key ${USER_POOL.replace(/\./g, '\\.')}`));
  });

  it('claims with neither a Logins key nor an iss give a clear simulator error, not an AWS one', () => {
    expectResult(evaluate(pool(), { claims: { sub: 'x' } }), { outcome: 'error', via: 'token-validation', errorCode: null, roleArn: null });
  });
});

describe('signature', () => {
  it('a token signed by the JWKS key passes the signature check', async () => {
    const token = await signToken(key, userPoolClaims());
    const result = await evaluateAsync(pool(), { loginKey: USER_POOL, token, jwks: { keys: [key.jwk] } });
    expectResult(result, { outcome: 'role', via: 'default-authenticated', roleArn: AUTH });
    assert.equal(stepOf(result, 'token.signature').status, 'pass');
  });

  it('a token whose signature does not verify is refused with the AWS message', async () => {
    const token = await signToken(otherKey, userPoolClaims(), key.kid);
    const result = await evaluateAsync(pool(), { loginKey: USER_POOL, token, jwks: { keys: [key.jwk] } });
    expectResult(result, {
      outcome: 'error',
      via: 'token-validation',
      errorCode: 'NotAuthorizedException',
      message: "Invalid login token. Couldn't verify signed token.",
    });
  });

  it("a token whose kid is not in the JWKS is refused, with the assumption that the JWKS is the provider's", async () => {
    const token = await signToken(otherKey, userPoolClaims());
    const result = await evaluateAsync(pool(), { loginKey: USER_POOL, token, jwks: { keys: [key.jwk] } });
    expectResult(result, { outcome: 'error', errorCode: 'NotAuthorizedException', message: "Invalid login token. Couldn't verify signed token." });
    expectAssumption(result, /JWKS given is taken to be the provider's key set/);
  });

  it('without a JWKS the signature is reported as not checked', async () => {
    const token = await signToken(key, userPoolClaims());
    const result = evaluate(pool(), { loginKey: USER_POOL, token });
    expectResult(result, { outcome: 'role', roleArn: AUTH });
    assert.equal(stepOf(result, 'token.signature').status, 'skip');
    assert.match(stepOf(result, 'token.signature').message, /not checked/);
  });

  it('an unsigned token (alg none) is refused even without a JWKS', () => {
    const token = new UnsecuredJWT(userPoolClaims()).encode();
    const result = evaluate(pool(), { loginKey: USER_POOL, token });
    expectResult(result, {
      outcome: 'error',
      via: 'token-validation',
      errorCode: 'NotAuthorizedException',
      message: "Invalid login token. Couldn't verify signed token.",
    });
  });

  it('a malformed token is refused as an invalid login token that explains what is wrong', () => {
    const result = evaluate(pool(), { loginKey: USER_POOL, token: 'not-a-jwt' });
    expectResult(result, {
      outcome: 'error',
      via: 'token-validation',
      errorCode: 'NotAuthorizedException',
      message: 'Invalid login token. A JWT has three dot-separated segments (header.payload.signature); this token has 1.',
    });
  });

  it("a token over the 50,000-character Logins limit fails the API model's length check", () => {
    const result = evaluate(pool(), { loginKey: USER_POOL, token: `eyJ${'a'.repeat(50_001)}.e.s` });
    expectResult(result, { outcome: 'error', via: 'token-validation', errorCode: 'ValidationException' });
    assert.match(stepOf(result, 'token.decode').message, /50,000/);
  });
});

describe('expiry and not-before', () => {
  it('a token expired beyond the clock skew is refused with the AWS message "Token expired: now >= exp"', async () => {
    const exp = NOW - 301;
    const token = await signToken(key, userPoolClaims({ exp }));
    expectResult(evaluate(pool(), { loginKey: USER_POOL, token }), {
      outcome: 'error',
      via: 'token-validation',
      errorCode: 'NotAuthorizedException',
      message: `Invalid login token. Token expired: ${NOW} >= ${exp}`,
    });
  });

  it('an OIDC token expired less than five minutes ago passes thanks to the documented clock skew', () => {
    const result = evaluate(pool(), { loginKey: OIDC_HOST, claims: { iss: `https://${OIDC_HOST}/`, aud: 'c', exp: NOW - 200 } });
    expectResult(result, { outcome: 'role', roleArn: AUTH });
    expectNoAssumption(result, /clock skew/);
  });

  it('a user pool token expired 200 s ago is refused: the skew is documented only for OIDC, and the choice is flagged', async () => {
    const exp = NOW - 200;
    const token = await signToken(key, userPoolClaims({ exp }));
    const result = evaluate(pool(), { loginKey: USER_POOL, token });
    expectResult(result, {
      outcome: 'error',
      via: 'token-validation',
      errorCode: 'NotAuthorizedException',
      message: `Invalid login token. Token expired: ${NOW} >= ${exp}`,
    });
    expectAssumption(result, /no clock skew .*aws-sdk-ios#2570/);
  });

  it('a token used before nbf beyond the clock skew is refused, with the message flagged as assumed', async () => {
    const nbf = NOW + 600;
    const token = await signToken(key, userPoolClaims({ nbf }));
    const result = evaluate(pool(), { loginKey: USER_POOL, token });
    expectResult(result, {
      outcome: 'error',
      via: 'token-validation',
      errorCode: 'NotAuthorizedException',
      message: `Invalid login token. Token not yet valid: ${NOW} < ${nbf}`,
    });
    expectAssumption(result, /before its nbf/);
  });

  it('a real token without exp is refused (assumed), while claims without exp only note it', async () => {
    const claims = userPoolClaims();
    delete claims.exp;
    const token = await signToken(key, claims);
    const tokenResult = evaluate(pool(), { loginKey: USER_POOL, token });
    expectResult(tokenResult, { outcome: 'error', errorCode: 'NotAuthorizedException', message: 'Invalid login token. Missing a required claim: exp' });
    expectAssumption(tokenResult, /without an exp claim/);
    const claimsResult = evaluate(pool(), { loginKey: USER_POOL, claims });
    expectResult(claimsResult, { outcome: 'role', roleArn: AUTH });
    assert.equal(stepOf(claimsResult, 'token.expiry').status, 'info');
  });
});

describe('audience and app client', () => {
  it('a user pool access token (no aud) is refused with "Missing a required claim: aud"', async () => {
    const token = await signToken(key, { iss: `https://${USER_POOL}`, client_id: CLIENT, token_use: 'access', exp: NOW + 60 });
    const result = evaluate(pool(), { loginKey: USER_POOL, token });
    expectResult(result, {
      outcome: 'error',
      via: 'token-validation',
      errorCode: 'NotAuthorizedException',
      message: 'Invalid login token. Missing a required claim: aud',
    });
    assert.match(stepOf(result, 'token.audience').message, /access token/);
    expectAssumption(result, /NotAuthorizedException is assumed/);
  });

  it('a user pool token for an app client that is not registered is refused as not from a supported provider', () => {
    const result = evaluate(pool(), { loginKey: USER_POOL, claims: userPoolClaims({ aud: 'unregisteredclient123' }) });
    expectResult(result, { outcome: 'error', via: 'token-validation', errorCode: 'NotAuthorizedException', message: NOT_SUPPORTED });
    assert.match(stepOf(result, 'token.audience').message, /not a ClientId registered/);
  });

  it('ServerSideTokenCheck is reported as something a simulation cannot check', () => {
    const withCheck = poolFrom(
      rolesJson({ authenticated: AUTH }),
      standardPoolJson({ CognitoIdentityProviders: [{ ProviderName: USER_POOL, ClientId: CLIENT, ServerSideTokenCheck: true }] }),
    );
    const result = evaluate(withCheck, { loginKey: USER_POOL, claims: userPoolClaims() });
    expectResult(result, { outcome: 'role', roleArn: AUTH });
    assert.match(stepOf(result, 'server-side-token-check').message, /cannot check/);
  });

  it('a Google token issued to another client id is refused', () => {
    const result = evaluate(pool(), {
      loginKey: 'accounts.google.com',
      claims: { iss: 'https://accounts.google.com', aud: 'other.apps.googleusercontent.com', exp: NOW + 60 },
    });
    expectResult(result, { outcome: 'error', via: 'token-validation', errorCode: 'NotAuthorizedException', message: NOT_SUPPORTED });
  });

  it('azp, when present, is what is compared with the registered app id, flagged for non-OIDC providers', () => {
    const claims = { iss: 'https://accounts.google.com', aud: 'web.apps.googleusercontent.com', azp: GOOGLE_CLIENT, exp: NOW + 60 };
    const result = evaluate(pool(), { loginKey: 'accounts.google.com', claims });
    expectResult(result, { outcome: 'role', via: 'default-authenticated', roleArn: AUTH });
    expectAssumption(result, /compared with azp/);
  });

  it("an OIDC provider's client id is not checked because it is registered in IAM, not on the pool", () => {
    const result = evaluate(pool(), { loginKey: OIDC_HOST, claims: { iss: `https://${OIDC_HOST}/`, aud: 'anything', exp: NOW + 60 } });
    expectResult(result, { outcome: 'role', roleArn: AUTH });
    assert.equal(stepOf(result, 'token.audience').status, 'skip');
  });
});
