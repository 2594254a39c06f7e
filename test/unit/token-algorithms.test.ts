/**
 * Tokens Cognito would never accept (issue 17 §1): the accepted algorithms per provider type, and refused
 * headers (HS256 forged with the provider's public key as the secret, alg none, crit, an algorithm the
 * provider never uses) end in NotAuthorizedException with or without a JWKS; a JWKS that cannot verify the
 * token never lets a role through.
 */
import assert from 'node:assert/strict';
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type JWK } from 'jose';
import type { SimulationRequest } from '../../core/evaluate/types';
import { verifyTokenSignature } from '../../core/token/jwt';
import { PROVIDER_KIND_LABELS, type ProviderKind } from '../../core/providers';
import { ALGORITHM_POLICY_OF, assessTokenAlgorithm, headerRefusal, tokenAlgorithmWarning, TOKEN_ALGORITHM_POLICIES } from '../../core/token/algorithms';
import {
  AUTH,
  evaluate,
  evaluateAsync,
  expectAssumption,
  expectNoAssumption,
  expectResult,
  makeKey,
  NOW,
  OIDC_HOST,
  poolFrom,
  rolesJson,
  signToken,
  standardPoolJson,
  stepOf,
  USER_POOL,
  userPoolClaims,
  type SigningKey,
} from './evaluate-fixtures';

const pool = () => poolFrom(rolesJson({ authenticated: AUTH }), standardPoolJson());
const REFUSED = {
  outcome: 'error',
  via: 'token-validation',
  roleArn: null,
  errorCode: 'NotAuthorizedException',
  message: "Invalid login token. Couldn't verify signed token.",
} as const;
const oidcClaims = (extra: Record<string, unknown> = {}) => ({ iss: `https://${OIDC_HOST}/`, aud: 'oidc-client', sub: 'user-1', exp: NOW + 600, ...extra });

let key: SigningKey;
before(async () => {
  key = await makeKey('key-1');
});

/** The algorithm-confusion forgery: HMAC-SHA256 keyed with the provider's RSA public key (PEM), which anyone can fetch. */
async function forgeHs256(publicJwk: JWK, claims: Record<string, unknown>, kid: string): Promise<string> {
  const pem = createPublicKey({ key: publicJwk as JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid, typ: 'JWT' }).sign(new TextEncoder().encode(String(pem)));
}

/** A genuinely signed RS256 token whose header lists an extension no one understands. */
async function withCritHeader(signing: SigningKey, claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: signing.kid, typ: 'JWT', crit: ['x-unknown'], 'x-unknown': true })
    .sign(signing.privateKey, { crit: { 'x-unknown': true } });
}

/** A key pair of another algorithm, its public JWK published under `kid`, and a token it signed. */
async function signedWith(alg: string, kid: string, claims: Record<string, unknown>): Promise<{ token: string; jwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  const token = await new SignJWT(claims).setProtectedHeader({ alg, kid, typ: 'JWT' }).sign(privateKey);
  return { token, jwk };
}

describe('the accepted-algorithms table', () => {
  it('a Cognito user pool accepts RS256 only; every provider type has a policy', () => {
    assert.deepEqual(TOKEN_ALGORITHM_POLICIES['cognito-user-pool'].documented, ['RS256']);
    assert.deepEqual(TOKEN_ALGORITHM_POLICIES['cognito-user-pool'].assumed, []);
    for (const kind of Object.keys(PROVIDER_KIND_LABELS) as ProviderKind[]) assert.ok(TOKEN_ALGORITHM_POLICIES[ALGORITHM_POLICY_OF[kind]], kind);
  });

  const cases: Array<[ProviderKind, Record<string, unknown>, 'accepted' | 'refused' | 'unknown', boolean]> = [
    ['cognito-user-pool', { alg: 'RS256' }, 'accepted', false],
    ['cognito-user-pool', { alg: 'RS384' }, 'refused', false],
    ['cognito-user-pool', { alg: 'ES256' }, 'refused', false],
    ['cognito-user-pool', { alg: 'PS256' }, 'refused', false],
    ['cognito-user-pool', { alg: 'HS256' }, 'refused', false],
    ['oidc', { alg: 'RS512' }, 'accepted', false],
    ['oidc', { alg: 'ES384' }, 'accepted', true],
    ['oidc', { alg: 'PS256' }, 'unknown', false],
    ['oidc', { alg: 'EdDSA' }, 'unknown', false],
    ['oidc', { alg: 'HS512' }, 'refused', false],
    ['oidc', { alg: 'RSA-OAEP' }, 'refused', false],
    ['google', { alg: 'RS256' }, 'accepted', false],
    ['developer', { alg: 'none' }, 'refused', false],
    ['oidc', {}, 'refused', false],
    ['oidc', { alg: 'RS256', crit: ['exp'] }, 'refused', false],
    ['cognito-user-pool', { alg: 'RS256', crit: [] }, 'refused', false],
  ];
  for (const [kind, header, decision, assumed] of cases) {
    it(`${PROVIDER_KIND_LABELS[kind]} token with header ${JSON.stringify(header)}: ${decision}${assumed ? ' (assumed)' : ''}`, () => {
      const verdict = assessTokenAlgorithm(header, kind);
      assert.equal(verdict.decision, decision, verdict.reason);
      assert.equal(verdict.decision === 'accepted' && verdict.assumption !== undefined, assumed);
      if (assumed) assert.match((verdict as { assumption: string }).assumption, /UNCONFIRMED/);
    });
  }

  it('refusal reasons say why, and do not echo header text that is not an algorithm name', () => {
    assert.match(headerRefusal({ alg: 'HS256' })!, /alg "HS256", a shared-secret \(HMAC\) algorithm/);
    assert.match(headerRefusal({ alg: 'RS256', crit: ['x'] })!, /critical extensions .*RFC 7515 4\.1\.11/);
    assert.match(
      assessTokenAlgorithm({ alg: 'ES256' }, 'cognito-user-pool').reason,
      /alg "ES256", which Cognito user pool ID tokens never use \(accepted: RS256\)/,
    );
    const hostile = assessTokenAlgorithm({ alg: 'x](https://attacker.example/p.png)' }, 'oidc');
    assert.equal(hostile.decision, 'refused');
    assert.doesNotMatch(hostile.reason, /attacker/);
    assert.equal(headerRefusal({ alg: 'RS256', kid: 'k' }), undefined);
  });

  it('a token shown on its own is judged for the provider its iss names', () => {
    const userPoolIss = { iss: `https://${USER_POOL}` };
    assert.match(tokenAlgorithmWarning({ alg: 'ES256' }, userPoolIss)!, /never use/);
    assert.equal(tokenAlgorithmWarning({ alg: 'RS256' }, userPoolIss), undefined);
    assert.equal(tokenAlgorithmWarning({ alg: 'ES256' }, oidcClaims()), undefined);
    assert.match(tokenAlgorithmWarning({ alg: 'PS256' }, oidcClaims())!, /unknown/);
    assert.match(tokenAlgorithmWarning({ alg: 'HS256' }, {})!, /HMAC/);
  });
});

describe('refused headers end in NotAuthorizedException, with or without a JWKS', () => {
  it("an HS256 token forged with the user pool's public key as the HMAC secret gets no role", async () => {
    const token = await forgeHs256(key.jwk, userPoolClaims(), key.kid);
    for (const request of [
      { loginKey: USER_POOL, token },
      { loginKey: USER_POOL, token, jwks: { keys: [key.jwk] } },
      { token },
    ] as Partial<SimulationRequest>[]) {
      const result = await evaluateAsync(pool(), request);
      expectResult(result, REFUSED);
      assert.match(stepOf(result, 'token.signature').message, /HS256.*shared-secret/);
      expectAssumption(result, /assumed to be refused with the signature-failure message/);
    }
  });

  it('a genuinely signed token with an unknown critical header is refused, with or without a JWKS', async () => {
    const token = await withCritHeader(key, userPoolClaims());
    expectResult(evaluate(pool(), { loginKey: USER_POOL, token }), REFUSED);
    const verified = await evaluateAsync(pool(), { loginKey: USER_POOL, token, jwks: { keys: [key.jwk] } });
    expectResult(verified, REFUSED);
    assert.match(stepOf(verified, 'token.signature').message, /crit/);
  });

  it('an ES256 token for a user pool is refused even when the JWKS holds its key', async () => {
    const { token, jwk } = await signedWith('ES256', 'ec-key', userPoolClaims());
    expectResult(evaluate(pool(), { loginKey: USER_POOL, token }), REFUSED);
    const verified = await evaluateAsync(pool(), { loginKey: USER_POOL, token, jwks: { keys: [jwk] } });
    expectResult(verified, REFUSED);
    assert.match(stepOf(verified, 'token.signature').message, /never use \(accepted: RS256\)/);
  });

  it('alg none (also written "NONE") is refused', () => {
    const none = new UnsecuredJWT(userPoolClaims()).encode();
    expectResult(evaluate(pool(), { loginKey: USER_POOL, token: none }), REFUSED);
    const [, payload] = none.split('.');
    const upper = `${Buffer.from('{"alg":"NONE"}').toString('base64url')}.${payload}.`;
    expectResult(evaluate(pool(), { loginKey: USER_POOL, token: upper }), REFUSED);
  });
});

describe('OpenID Connect algorithms', () => {
  it('ES256 is accepted for an OIDC provider, and the result says that is assumed', async () => {
    const { token, jwk } = await signedWith('ES256', 'ec-key', oidcClaims());
    const result = await evaluateAsync(pool(), { loginKey: OIDC_HOST, token, jwks: { keys: [jwk] } });
    expectResult(result, { outcome: 'role', roleArn: AUTH });
    expectAssumption(result, /OpenID Connect tokens signed with ES256 are assumed to be accepted \(UNCONFIRMED\)/);
  });

  it('RS256 needs no such assumption', async () => {
    const result = await evaluateAsync(pool(), { loginKey: OIDC_HOST, token: await signToken(key, oidcClaims()), jwks: { keys: [key.jwk] } });
    expectResult(result, { outcome: 'role', roleArn: AUTH });
    expectNoAssumption(result, /assumed to be accepted/);
  });

  it('PS256 is unknown: no role, no AWS error code, and the message says unknown and why', async () => {
    const { token, jwk } = await signedWith('PS256', 'pss-key', oidcClaims());
    for (const result of [
      evaluate(pool(), { loginKey: OIDC_HOST, token }),
      await evaluateAsync(pool(), { loginKey: OIDC_HOST, token, jwks: { keys: [jwk] } }),
    ]) {
      expectResult(result, { outcome: 'unknown', via: 'token-validation', roleArn: null, errorCode: null });
      assert.match(
        result.message,
        /^Unknown whether Cognito accepts this token, so the simulation gives no role: The token is signed with PS256, and .*UNCONFIRMED/,
      );
    }
  });
});

describe('a JWKS that cannot verify the token never lets a role through', () => {
  it('a JWKS key that cannot be used (a 512-bit RSA key) gives "unknown", not the role', async () => {
    const token = await signToken(key, userPoolClaims());
    const weak = { kty: 'RSA', kid: key.kid, alg: 'RS256', n: Buffer.alloc(64, 0xff).toString('base64url'), e: 'AQAB' };
    const result = await evaluateAsync(pool(), { loginKey: USER_POOL, token, jwks: { keys: [weak] } });
    expectResult(result, { outcome: 'unknown', via: 'token-validation', roleArn: null, errorCode: null });
    assert.match(
      result.message,
      /^Unknown whether Cognito accepts this token, so the simulation gives no role: The signature could not be checked with the JWKS given\. The JWKS key for this token cannot be used/,
    );
    assert.equal(stepOf(result, 'token.signature').status, 'skip');
  });

  it("a JWKS whose key with the token's kid is of another type refuses the token and says why", async () => {
    const token = await signToken(key, userPoolClaims());
    const { jwk: ecKey } = await signedWith('ES256', key.kid, {});
    const result = await evaluateAsync(pool(), { loginKey: USER_POOL, token, jwks: { keys: [ecKey] } });
    expectResult(result, REFUSED);
    assert.match(stepOf(result, 'token.signature').message, /The JWKS's key "key-1" cannot verify RS256 \(its key type is "EC", not "RSA"\)/);
  });

  it('an empty JWKS (e.g. every configured file unreadable) checks nothing: "unknown", not a refusal and not the role', async () => {
    const token = await signToken(key, userPoolClaims());
    assert.equal((await verifyTokenSignature(token, { keys: [] })).status, 'unsupported');
    const result = await evaluateAsync(pool(), { loginKey: USER_POOL, token, jwks: { keys: [] } });
    expectResult(result, { outcome: 'unknown', roleArn: null, errorCode: null });
    assert.match(result.message, /The JWKS has no keys/);
  });

  it('a JWKS given to the synchronous evaluation, which does not verify, is not a pass either', async () => {
    const token = await signToken(key, userPoolClaims());
    expectResult(evaluate(pool(), { loginKey: USER_POOL, token, jwks: { keys: [key.jwk] } }), { outcome: 'unknown', roleArn: null, errorCode: null });
  });

  it('the signature check itself calls HS256 and crit tokens invalid, not "unsupported"', async () => {
    const forged = await verifyTokenSignature(await forgeHs256(key.jwk, userPoolClaims(), key.kid), { keys: [key.jwk] });
    assert.equal(forged.status, 'invalid');
    assert.match(forged.message, /HS256/);
    const crit = await verifyTokenSignature(await withCritHeader(key, userPoolClaims()), { keys: [key.jwk] });
    assert.equal(crit.status, 'invalid');
  });
});
