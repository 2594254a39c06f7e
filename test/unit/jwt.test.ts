/** JWT decoding, finding tokens in text and offline signature checks (dates: token-time-claims.test.ts). */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { base64url, SignJWT, UnsecuredJWT } from 'jose';
import { decodeToken, findTokens, verifyTokenSignature } from '../../core/token/jwt';
import { makeKey, NOW, signToken, type SigningKey } from './evaluate-fixtures';

const segment = (text: string): string => base64url.encode(text);
const HEADER = segment('{"alg":"RS256","kid":"k"}');
const PAYLOAD = segment('{"sub":"1","exp":1}');

let key: SigningKey;
let otherKey: SigningKey;
before(async () => {
  key = await makeKey('key-1');
  otherKey = await makeKey('key-2');
});

describe('decodeToken', () => {
  it('decodes the header and claims of a signed token', async () => {
    const token = await signToken(key, { sub: 'user-1', exp: NOW });
    const decoded = decodeToken(`${token}\n`);
    assert.ok(decoded.ok);
    assert.equal(decoded.header.kid, 'key-1');
    assert.deepEqual(decoded.claims, { sub: 'user-1', exp: NOW });
  });

  const failures: Array<[string, string, RegExp]> = [
    ['empty input', '   ', /^The token is empty\.$/],
    ['more than 50,000 characters', `${HEADER}.${'a'.repeat(50_000)}.s`, /at most 50,000 characters/],
    ['not three segments', `${HEADER}.${PAYLOAD}`, /three dot-separated segments .* this token has 2\./],
    ['an encrypted JWE (five segments)', 'eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d', /encrypted token \(JWE, five segments\)/],
    ['a header that is not base64url', `e+J*.${PAYLOAD}.s`, /header is not valid base64url/],
    ['a payload that is not base64url', `${HEADER}.a+b/.s`, /payload is not valid base64url/],
    ['a header that is not JSON', `${segment('not json')}.${PAYLOAD}.s`, /header is not JSON/],
    ['a payload that is not JSON', `${HEADER}.${segment('{oops')}.s`, /payload is not JSON/],
    ['a payload that is JSON but not an object', `${HEADER}.${segment('[1,2]')}.s`, /payload is not a JSON object/],
    ['a header that is JSON but not an object', `${segment('"RS256"')}.${PAYLOAD}.s`, /header is not a JSON object/],
  ];
  for (const [what, token, expected] of failures) {
    it(`explains a token with ${what} in one sentence`, () => {
      const decoded = decodeToken(token);
      assert.equal(decoded.ok, false);
      assert.match((decoded as { error: string }).error, expected);
    });
  }
});

describe('findTokens', () => {
  it('finds JWT-looking substrings with their offsets, and ignores other dotted text', async () => {
    const token = await signToken(key, { sub: 'x' });
    const text = `Authorization: Bearer ${token}\nversion 1.2.3 and example.com.au\n"id_token": "${token}".`;
    const found = findTokens(text);
    assert.equal(found.length, 2);
    for (const f of found) {
      assert.equal(f.token, token);
      assert.equal(text.slice(f.offset, f.offset + f.length), token);
    }
  });

  it('keeps an unsigned token whose signature segment is empty, and drops a sentence-ending dot', () => {
    const unsigned = new UnsecuredJWT({ sub: 'x' }).encode();
    assert.ok(unsigned.endsWith('.'));
    assert.deepEqual(
      findTokens(`token ${unsigned}`).map((f) => f.token),
      [unsigned],
    );
    const signed = `${HEADER}.${PAYLOAD}.sig`;
    assert.deepEqual(
      findTokens(`see ${signed}.`).map((f) => f.token),
      [signed],
    );
  });

  it('does linear work on a huge adversarial text', () => {
    const text = `${'eyJ'.repeat(400_000)} ${'eyJa.'.repeat(200_000)}`;
    const started = process.hrtime.bigint();
    findTokens(text);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(elapsedMs < 1000, `took ${elapsedMs} ms`);
  });
});

describe('verifyTokenSignature', () => {
  it('accepts a token signed by a key of the JWKS', async () => {
    const result = await verifyTokenSignature(await signToken(key, { sub: 'x' }), { keys: [otherKey.jwk, key.jwk] });
    assert.equal(result.status, 'valid');
  });

  it('reports a token signed by another key under the same kid as invalid', async () => {
    const result = await verifyTokenSignature(await signToken(otherKey, { sub: 'x' }, key.kid), { keys: [key.jwk] });
    assert.equal(result.status, 'invalid');
  });

  it('reports a kid that is not in the JWKS as no-matching-key', async () => {
    const result = await verifyTokenSignature(await signToken(otherKey, { sub: 'x' }), { keys: [key.jwk] });
    assert.equal(result.status, 'no-matching-key');
    assert.match(result.message, /kid "key-2"/);
  });

  it('reports alg "none" as invalid with a clear message', async () => {
    const result = await verifyTokenSignature(new UnsecuredJWT({ sub: 'x' }).encode(), { keys: [key.jwk] });
    assert.equal(result.status, 'invalid');
    assert.match(result.message, /alg "none".*unsigned/);
  });

  it('reports a malformed JWKS as unsupported with a message', async () => {
    const token = await signToken(key, { sub: 'x' });
    const result = await verifyTokenSignature(token, { keys: ['not a key'] });
    assert.equal(result.status, 'unsupported');
    assert.match(result.message, /JWKS/);
    const noKeys = await verifyTokenSignature(token, {} as { keys: unknown[] });
    assert.equal(noKeys.status, 'unsupported');
  });

  it('tries every key when the token has no kid and several keys fit', async () => {
    const withoutKid = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'RS256' }).sign(key.privateKey);
    const strip = (jwk: typeof key.jwk) => ({ kty: jwk.kty, n: jwk.n, e: jwk.e });
    const result = await verifyTokenSignature(withoutKid, { keys: [strip(otherKey.jwk), strip(key.jwk)] });
    assert.equal(result.status, 'valid');
  });
});
