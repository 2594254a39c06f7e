/**
 * `simulate` with tokens Cognito would never accept (issue 17 §1): an HS256 forgery keyed with the user pool's
 * public key, an unknown critical header, an algorithm user pools never use, and a JWKS that cannot verify
 * the token. None of them gets a role, with or without --jwks. Tokens and keys are made by the test.
 */
import assert from 'node:assert/strict';
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { EXAMPLE_NOW, examples, repoRoot, runCli, runCliJson, tempFiles } from './harness';

interface SimulationJson {
  outcome: string;
  roleArn: string | null;
  via: string;
  errorCode: string | null;
  message: string;
  trace: Array<{ step: string; status: string; message: string }>;
  assumptions: string[];
}

const photoShare = ['--roles', examples.userPoolRoles, '--identity-pool', examples.userPoolPool];
const REFUSAL = "Invalid login token. Couldn't verify signed token.";

/** The claims of the example admin token: valid at EXAMPLE_NOW, preferred role PhotoShare-Admins. */
const adminClaims = decodeJwt(readFileSync(path.join(repoRoot, examples.token('photoshare-admin')), 'utf8').trim());
const exampleJwks = JSON.parse(readFileSync(path.join(repoRoot, examples.jwks), 'utf8')) as { keys: Array<JsonWebKey & { kid: string }> };

function simulateJson(args: string[]): SimulationJson {
  const { run, json } = runCliJson<SimulationJson>(['simulate', ...photoShare, ...args, '--now', EXAMPLE_NOW, '--format', 'json']);
  assert.equal(run.status, 0, `a simulation that runs exits 0\nstderr: ${run.stderr}`);
  return json;
}

function assertRefused(json: SimulationJson): void {
  assert.equal(json.outcome, 'error');
  assert.equal(json.via, 'token-validation');
  assert.equal(json.roleArn, null);
  assert.equal(json.errorCode, 'NotAuthorizedException');
  assert.equal(json.message, REFUSAL);
}

let ownKey: { privateKey: CryptoKey; jwksFile: string; kid: string };
before(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = 'test-2026';
  const dir = tempFiles({ 'jwks.json': JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] }) });
  ownKey = { privateKey, jwksFile: path.join(dir, 'jwks.json'), kid };
});

function tokenFile(token: string): string {
  return path.join(tempFiles({ 'token.jwt': `${token}\n` }), 'token.jwt');
}

describe('simulate: tokens Cognito never accepts get no role', () => {
  test('the same claims signed properly get the Admins role (the control case)', async () => {
    const token = await new SignJWT(adminClaims).setProtectedHeader({ alg: 'RS256', kid: ownKey.kid, typ: 'JWT' }).sign(ownKey.privateKey);
    const json = simulateJson(['--token-file', tokenFile(token), '--jwks', ownKey.jwksFile]);
    assert.equal(json.outcome, 'role');
    assert.equal(json.roleArn, 'arn:aws:iam::111122223333:role/PhotoShare-Admins');
  });

  test("HS256 signed with the user pool's public RSA key as the secret: refused with and without --jwks", async () => {
    const publicKey = exampleJwks.keys[0];
    const pem = createPublicKey({ key: publicKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const forged = await new SignJWT(adminClaims)
      .setProtectedHeader({ alg: 'HS256', kid: publicKey.kid, typ: 'JWT' })
      .sign(new TextEncoder().encode(String(pem)));
    const file = tokenFile(forged);
    for (const extra of [[], ['--jwks', examples.jwks]]) {
      const json = simulateJson(['--token-file', file, ...extra]);
      assertRefused(json);
      assert.match(json.trace.find((s) => s.step === 'token.signature')!.message, /alg "HS256", a shared-secret \(HMAC\) algorithm/);
      assert.ok(json.assumptions.some((a) => /signature-failure message/.test(a)));
    }
  });

  test('an unknown critical header on a validly signed token: refused with and without --jwks', async () => {
    const token = await new SignJWT(adminClaims)
      .setProtectedHeader({ alg: 'RS256', kid: ownKey.kid, typ: 'JWT', crit: ['x-unknown'], 'x-unknown': 1 })
      .sign(ownKey.privateKey, { crit: { 'x-unknown': true } });
    const file = tokenFile(token);
    assertRefused(simulateJson(['--token-file', file]));
    assertRefused(simulateJson(['--token-file', file, '--jwks', ownKey.jwksFile]));
  });

  test('an ES256 token claiming to be from the user pool is refused even with its own key as --jwks', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const dir = tempFiles({ 'ec.json': JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'ec', alg: 'ES256' }] }) });
    const token = await new SignJWT(adminClaims).setProtectedHeader({ alg: 'ES256', kid: 'ec' }).sign(privateKey);
    const json = simulateJson(['--token-file', tokenFile(token), '--jwks', path.join(dir, 'ec.json')]);
    assertRefused(json);
    assert.match(json.trace.find((s) => s.step === 'token.signature')!.message, /never use \(accepted: RS256\)/);
  });

  test('a JWKS whose key cannot be used gives "unknown" and no role, in JSON and in text', async () => {
    const token = await new SignJWT(adminClaims).setProtectedHeader({ alg: 'RS256', kid: ownKey.kid }).sign(ownKey.privateKey);
    const weakKey = { kty: 'RSA', kid: ownKey.kid, alg: 'RS256', n: Buffer.alloc(64, 0xff).toString('base64url'), e: 'AQAB' };
    const dir = tempFiles({ 'weak.json': JSON.stringify({ keys: [weakKey] }) });
    const args = ['--token-file', tokenFile(token), '--jwks', path.join(dir, 'weak.json')];
    const json = simulateJson(args);
    assert.equal(json.outcome, 'unknown');
    assert.equal(json.roleArn, null);
    assert.equal(json.errorCode, null);
    assert.match(json.message, /^Unknown whether Cognito accepts this token, so the simulation gives no role: The signature could not be checked/);
    const text = runCli(['simulate', ...photoShare, ...args, '--now', EXAMPLE_NOW]);
    assert.equal(text.status, 0);
    assert.match(text.stdout, /^Role: +\(none\)$/m);
    assert.match(text.stdout, /^Message: +Unknown whether Cognito accepts this token/m);
    assert.doesNotMatch(text.stdout, /PhotoShare-Admins/);
  });
});
