/**
 * The JWT hover and the VS Code simulation (identityPoolRoles/simulate) with tokens Cognito never accepts
 * (issue 17 §1): an HS256 forgery keyed with the pool's public RSA key and a validly signed token with an
 * unknown critical header get the AWS error, not a role, with and without a JWKS file configured.
 */
import * as assert from 'node:assert/strict';
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { SimulateRequest, type SimulateResult } from '../../protocol/protocol';
import { copyFixtureWorkspace, LspClient } from './lspClient';

/** 2026-01-01T00:00:00Z: the fixed clock the tests configure. */
const NOW = 1_767_225_600;
const PHOTOS = 'us-east-1:11111111-2222-3333-4444-555555555555';
/** An ID token of the fixture's PhotoShare user pool whose department matches the Editor rule. */
const EDITOR_CLAIMS = {
  iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123',
  aud: '1example23456789abcdefghij',
  token_use: 'id',
  sub: '0f1e2d3c-aaaa-bbbb-cccc-000000000001',
  'custom:dept': 'editorial',
  iat: NOW - 60,
  exp: NOW + 600,
};
const REFUSED_LINE = /\*\*PhotoShare\*\*: \*\*error\*\* `NotAuthorizedException`: Invalid login token\. Couldn't verify signed token\./;

interface Keys {
  privateKey: CryptoKey;
  publicJwk: JsonWebKey & { kid: string };
}

async function writeKeys(folder: string): Promise<Keys> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'pool-key', alg: 'RS256', use: 'sig' } as JsonWebKey & { kid: string };
  fs.mkdirSync(path.join(folder, 'keys'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'keys', 'jwks.json'), JSON.stringify({ keys: [publicJwk] }));
  return { privateKey, publicJwk };
}

/** HMAC-SHA256 keyed with the PEM of the pool's public key: what a verifier that trusts alg would accept. */
async function forgedHs256(keys: Keys): Promise<string> {
  const pem = createPublicKey({ key: keys.publicJwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
  return new SignJWT(EDITOR_CLAIMS).setProtectedHeader({ alg: 'HS256', kid: keys.publicJwk.kid, typ: 'JWT' }).sign(new TextEncoder().encode(String(pem)));
}

async function critToken(keys: Keys): Promise<string> {
  return new SignJWT(EDITOR_CLAIMS)
    .setProtectedHeader({ alg: 'RS256', kid: keys.publicJwk.kid, typ: 'JWT', crit: ['x-unknown'], 'x-unknown': true })
    .sign(keys.privateKey, { crit: { 'x-unknown': true } });
}

let untitled = 0;
/** The hover's Markdown, unescaped. */
async function hoverText(client: LspClient, token: string): Promise<string> {
  const uri = `untitled:HoverTokens-${++untitled}`;
  const document = client.open(uri, 'plaintext', `token: ${token}\n`);
  const hover = await client.request<Hover | null>('textDocument/hover', {
    textDocument: { uri },
    position: document.positionAt(7 + Math.floor(token.length / 2)),
  });
  client.close(uri);
  assert.ok(hover, 'a hover is shown');
  // Compared without Markdown's backslash escapes, which are the renderer's business.
  return (hover.contents as MarkupContent).value.replace(/\\(.)/g, '$1');
}

for (const withJwks of [true, false]) {
  describe(`JWT hover and simulation of tokens Cognito never accepts (${withJwks ? 'with' : 'without'} a JWKS file)`, () => {
    let client: LspClient;
    let keys: Keys;
    const tokens: string[] = [];

    before(async () => {
      const folder = copyFixtureWorkspace();
      keys = await writeKeys(folder);
      client = await LspClient.start({ folder, settings: { clock: '2026-01-01T00:00:00Z', jwksFiles: withJwks ? ['keys/jwks.json'] : [] } });
      await client.waitForIndex();
    });
    after(async () => {
      await client.stop();
      const logs = client.logs.join('\n');
      for (const token of tokens) assert.ok(!logs.includes(token), 'the token is not logged');
    });

    test("an HS256 token forged with the pool's public key: a warning, and the pool answers NotAuthorizedException, not the Editor role", async () => {
      const token = await forgedHs256(keys);
      tokens.push(token);
      const text = await hoverText(client, token);
      assert.match(text, /⚠️ The header says alg "HS256", a shared-secret \(HMAC\) algorithm/);
      if (withJwks) assert.match(text, /❌ Signature: The token is invalid whatever the keys, for the reason warned about above\./);
      assert.match(text, REFUSED_LINE);
      assert.doesNotMatch(text, /PhotoShareEditor/);
      assert.equal(text.split('a shared-secret (HMAC) algorithm').length, 2, 'the reason is said once, not as a warning and again as the signature status');
    });

    test('a validly signed token with an unknown critical header is refused the same way', async () => {
      const token = await critToken(keys);
      tokens.push(token);
      const text = await hoverText(client, token);
      assert.match(text, /⚠️ The header lists critical extensions/);
      if (withJwks) assert.match(text, /❌ Signature: /);
      assert.match(text, REFUSED_LINE);
      assert.doesNotMatch(text, /PhotoShareEditor/);
    });

    test('the VS Code simulation (identityPoolRoles/simulate) gives the same answer', async () => {
      const token = await forgedHs256(keys);
      tokens.push(token);
      const { results } = await client.request<SimulateResult>(SimulateRequest.method, { poolKey: PHOTOS, token });
      assert.equal(results.length, 1);
      assert.equal(results[0].outcome, 'error');
      assert.equal(results[0].roleArn, null);
      assert.equal(results[0].errorCode, 'NotAuthorizedException');
      assert.equal(results[0].message, "Invalid login token. Couldn't verify signed token.");
    });
  });
}

describe('JWT hover when the configured JWKS file cannot be read', () => {
  let client: LspClient;
  let keys: Keys;

  before(async () => {
    const folder = copyFixtureWorkspace();
    keys = await writeKeys(folder);
    client = await LspClient.start({ folder, settings: { clock: '2026-01-01T00:00:00Z', jwksFiles: ['keys/missing.json'] } });
    await client.waitForIndex();
  });
  after(async () => {
    await client.stop();
  });

  test('verification was asked for and could not be done: the pool says unknown instead of the Editor role', async () => {
    const token = await new SignJWT(EDITOR_CLAIMS).setProtectedHeader({ alg: 'RS256', kid: keys.publicJwk.kid, typ: 'JWT' }).sign(keys.privateKey);
    const text = await hoverText(client, token);
    assert.match(text, /⚠️ JWKS file keys\/missing\.json cannot be read/);
    assert.match(
      text,
      /\*\*PhotoShare\*\*: \*\*unknown\*\*: Unknown whether Cognito accepts this token, so the simulation gives no role: The signature could not be checked with the JWKS given\. The JWKS has no keys/,
    );
    assert.doesNotMatch(text, /PhotoShareEditor/);
  });
});
