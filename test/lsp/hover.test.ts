/**
 * Hover over LSP: field docs (key and value, JSON and YAML) with the AWS reference link; and the JWT hover
 * in any document: decoded header and claims in code blocks that untrusted content cannot break out of,
 * dates relative to the configured clock, the alg-none warning, the signature status from a JWKS file, and
 * the role each workspace pool gives, linked to the rule. The token never appears in the server's logs.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { copyFixtureWorkspace, fileUri, LspClient, positionAfter, rangeOf } from './lspClient';

/** 2026-01-01T00:00:00Z: the fixed clock the tests configure. */
const NOW = 1_767_225_600;
const USER_POOL_ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123';
const CLIENT_ID = '1example23456789abcdefghij';

interface Keys {
  privateKey: CryptoKey;
  jwksFile: string;
}

async function makeKeys(folder: string): Promise<Keys> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const jwksFile = path.join(folder, 'keys', 'jwks.json');
  fs.mkdirSync(path.dirname(jwksFile), { recursive: true });
  fs.writeFileSync(jwksFile, JSON.stringify({ keys: [jwk] }));
  return { privateKey, jwksFile };
}

async function idToken(keys: Keys, claims: Record<string, unknown>, expiresIn = 12 * 60): Promise<string> {
  return new SignJWT({ token_use: 'id', aud: CLIENT_ID, iss: USER_POOL_ISSUER, sub: '0f1e2d3c-aaaa-bbbb-cccc-000000000001', auth_time: NOW - 120, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'JWT' })
    .setIssuedAt(NOW - 60)
    .setExpirationTime(NOW + expiresIn)
    .sign(keys.privateKey);
}

function unsignedToken(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode(header)}.${encode(claims)}.`;
}

function markdown(hover: Hover | null): string {
  assert.ok(hover, 'a hover is shown');
  const contents = hover.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

/** The Markdown with every fenced code block removed: what a renderer would interpret. */
function outsideCodeBlocks(text: string): string {
  return text.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '');
}

let untitled = 0;

async function hoverToken(client: LspClient, languageId: string, before: string, token: string, afterText = ''): Promise<Hover | null> {
  const uri = `untitled:Hover-${++untitled}`;
  const document = client.open(uri, languageId, `${before}${token}${afterText}`);
  const position = document.positionAt(before.length + Math.floor(token.length / 2));
  const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
  client.close(uri);
  return hover;
}

describe('field hover', () => {
  let client: LspClient;
  let folder: string;

  before(async () => {
    folder = copyFixtureWorkspace();
    client = await LspClient.start({ folder });
  });
  after(async () => {
    await client.stop();
  });

  test('a property key shows its docs and the AWS reference link, with the key range', async () => {
    const document = client.openFile(path.join(folder, 'roles', 'photos.roles.json'));
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: document.uri },
      position: positionAfter(document, '"MatchType"', 0, 3),
    });
    const text = markdown(hover);
    assert.match(text, /`MatchType`/);
    assert.match(text, /substring/);
    assert.match(text, /\[AWS reference\]\(https:\/\/docs\.aws\.amazon\.com\/[^)]+MappingRule[^)]*\)/);
    assert.deepEqual(hover.range, rangeOf(document, '"MatchType"'));
  });

  test('an enum value explains what that value does', async () => {
    const document = client.openFile(path.join(folder, 'roles', 'photos.roles.json'));
    const text = markdown(
      await client.request('textDocument/hover', { textDocument: { uri: document.uri }, position: positionAfter(document, '"AuthenticatedRole"', 0, 4) }),
    );
    assert.match(text, /`AuthenticatedRole`:/);
    assert.match(text, /AmbiguousRoleResolution/);
  });

  test('a RoleMappings key shows what the key must be', async () => {
    const document = client.openFile(path.join(folder, 'roles', 'photos.roles.json'));
    const text = markdown(
      await client.request('textDocument/hover', { textDocument: { uri: document.uri }, position: positionAfter(document, '"cognito-idp.us-east-1', 0, 5) }),
    );
    assert.match(text, /cognito-idp\.REGION\.amazonaws\.com|app client/i);
  });

  test('YAML keys and invalid enum values are explained too', async () => {
    const document = client.openFile(path.join(folder, 'roles', 'team-broken.roles.yaml'));
    const type = markdown(
      await client.request('textDocument/hover', { textDocument: { uri: document.uri }, position: positionAfter(document, 'Type:', 0, 1) }),
    );
    assert.match(type, /`Type`/);
    assert.match(type, /Token/);
    const invalid = markdown(
      await client.request('textDocument/hover', { textDocument: { uri: document.uri }, position: positionAfter(document, 'StartWith', 0, 2) }),
    );
    assert.match(invalid, /`StartWith` is not an allowed value/);
    assert.match(invalid, /`StartsWith`/);
  });

  test('a document opened before many others (its syntax tree dropped meanwhile) still gets hovers and the same diagnostics', async () => {
    const document = client.openFile(path.join(folder, 'roles', 'photos.roles.json'));
    const diagnosticsBefore = await client.pull(document.uri);
    const others = Array.from({ length: 20 }, (_, i) =>
      client.open(
        `untitled:Other-${i}.json`,
        'json',
        document.getText().replace(/us-east-1:[0-9a-f-]{36}/, `us-east-1:00000000-0000-0000-0000-${String(i).padStart(12, '0')}`),
      ),
    );
    for (const other of others) await client.request('textDocument/diagnostic', { textDocument: { uri: other.uri } });
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: document.uri },
      position: positionAfter(document, '"MatchType"', 0, 3),
    });
    assert.match(markdown(hover), /`MatchType`/);
    assert.deepEqual(await client.pull(document.uri), diagnosticsBefore);
    for (const other of others) client.close(other.uri);
  });

  test('other documents get no field hover', async () => {
    const document = client.openFile(path.join(folder, 'package.json'));
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: document.uri }, position: positionAfter(document, '"name"', 0, 2) }), null);
  });
});

describe('JWT hover with identity pools in the workspace', () => {
  let client: LspClient;
  let folder: string;
  let keys: Keys;
  const tokens: string[] = [];

  before(async () => {
    folder = copyFixtureWorkspace();
    keys = await makeKeys(folder);
    client = await LspClient.start({ folder, settings: { clock: '2026-01-01T00:00:00Z', jwksFiles: ['keys/jwks.json'] } });
    await client.waitForIndex();
  });
  after(async () => {
    await client.stop();
    // Privacy: no token (nor a claim value) ever reaches the server's log or stderr.
    const logs = client.logs.join('\n');
    for (const token of tokens) assert.ok(!logs.includes(token), 'the token is not logged');
    assert.ok(!logs.includes('editorial'), 'claim values are not logged');
  });

  test('a token in a Markdown file shows claims, dates, a valid signature and the role from the pool, linked to the rule', async () => {
    const token = await idToken(keys, { 'custom:dept': 'editorial', 'cognito:groups': ['staff'] });
    tokens.push(token);
    const text = markdown(await hoverToken(client, 'markdown', '# Debugging\n\nThe app sent `', token, '` to GetId.\n'));
    assert.match(text, /```json\n\{\n {2}"alg": "RS256"/, 'the header in a JSON code block');
    assert.match(text, /"custom:dept": "editorial"/, 'the claims in a JSON code block');
    assert.match(text, /`exp` 2026-01-01T00:12:00Z: \*\*expires in 12 minutes\*\*/);
    assert.match(text, /`iat` 2025-12-31T23:59:00Z: \*\*issued 1 minute ago\*\*/);
    assert.match(text, /`auth_time` .*signed in 2 minutes ago/);
    assert.match(text, /✅ Signature: /, 'verified with the configured JWKS file');
    const rolesUri = fileUri(path.join(folder, 'roles', 'photos.roles.json'));
    const ruleLine = fs
      .readFileSync(path.join(folder, 'roles', 'photos.roles.json'), 'utf8')
      .split('\n')
      .findIndex((line) => line.includes('"Claim": "custom:dept"'));
    assert.match(text, /\*\*PhotoShare\*\*: role `arn:aws:iam::123456789012:role\/PhotoShareEditor` via rule 1/);
    // The answer leads: the role, then (nested under it) what it can do, then the decoded header and claims.
    const roleAt = text.indexOf('**PhotoShare**: role');
    assert.ok(roleAt > 0 && roleAt < text.indexOf('Header') && roleAt < text.indexOf('Claims'), text);
    const roleLines = text.slice(roleAt).split('\n');
    assert.match(roleLines[1], /^ {2}- its policies are not in this workspace$/);
    const link = /\]\(([^)]+photos\.roles\.json#L(\d+))\)/.exec(text);
    assert.ok(link, 'a link to the rule');
    assert.ok(link[1].startsWith(rolesUri));
    // The link points at the rule object, which opens on the line before its Claim.
    assert.ok(Math.abs(Number(link[2]) - (ruleLine + 1)) <= 1, `link line ${link[2]} near the rule at line ${ruleLine + 1}`);
  });

  test('the same token in plain text, .env and untitled documents is decoded too', async () => {
    const token = await idToken(keys, { 'custom:dept': 'legal' });
    tokens.push(token);
    for (const [languageId, before] of [
      ['plaintext', 'token: '],
      ['dotenv', 'ID_TOKEN='],
      ['http', 'Authorization: Bearer '],
      ['log', '2026-01-01 INFO login ok token='],
    ]) {
      const text = markdown(await hoverToken(client, languageId, before, token, '\n'));
      assert.match(text, /PhotoShareLegal/, `role shown in ${languageId}`);
    }
  });

  test('an expired token says how long ago it expired; the pool answers with the AWS error', async () => {
    const token = await idToken(keys, { 'custom:dept': 'editorial' }, -3 * 24 * 3600);
    tokens.push(token);
    const text = markdown(await hoverToken(client, 'plaintext', '', token));
    assert.match(text, /expired 3 days ago/);
    assert.match(text, /\*\*PhotoShare\*\*: \*\*error\*\* `NotAuthorizedException`/);
  });

  test('alg none is warned about; a tampered token fails the signature check', async () => {
    const none = unsignedToken({ alg: 'none', typ: 'JWT' }, { iss: USER_POOL_ISSUER, aud: CLIENT_ID, exp: NOW + 60, 'custom:dept': 'editorial' });
    tokens.push(none);
    assert.match(markdown(await hoverToken(client, 'plaintext', 'x ', none, ' y')), /⚠️ .*alg "none"/);
    const genuine = await idToken(keys, { 'custom:dept': 'legal' });
    const [header, , signature] = genuine.split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ iss: USER_POOL_ISSUER, aud: CLIENT_ID, exp: NOW + 60, 'custom:dept': 'editorial' })).toString('base64url')}.${signature}`;
    tokens.push(tampered);
    assert.match(markdown(await hoverToken(client, 'plaintext', '', tampered)), /❌ Signature: /);
  });

  test('claims holding backticks and Markdown stay inside the code block', async () => {
    const hostile = '```\n[click me](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> **bold**';
    const token = unsignedToken({ alg: 'HS256', kid: '`](command:x)' }, { iss: 'https://evil.example.com', 'custom:note': hostile, exp: NOW + 60 });
    tokens.push(token);
    const text = markdown(await hoverToken(client, 'markdown', '', token));
    const outside = outsideCodeBlocks(text);
    assert.ok(!outside.includes('command:'), 'no link target outside code blocks');
    assert.ok(!outside.includes('<img'), 'no HTML outside code blocks');
    assert.ok(!outside.includes('**bold**'), 'no Markdown from the token outside code blocks');
    assert.match(text, /^````json$/m, 'a fence longer than the backticks inside');
  });

  test('a malformed token is reported without a crash; text without a token gets no token hover', async () => {
    const text = markdown(await hoverToken(client, 'plaintext', '', 'eyJhbGciOiJIUzI1NiJ9.eyJub3QganNvbg.c2ln'));
    assert.match(text, /cannot be decoded/);
    assert.equal(await hoverToken(client, 'plaintext', 'just words ', 'and.more.words'), null);
  });
});

describe('JWT hover without any role-mapping file', () => {
  test('only decodes the token', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ipr-empty-'));
    const client = await LspClient.start({ folder, settings: { clock: String(NOW) } });
    try {
      await client.waitForIndex();
      const keys = await makeKeys(folder);
      const token = await idToken(keys, { 'custom:dept': 'editorial' });
      const text = markdown(await hoverToken(client, 'plaintext', '', token));
      assert.match(text, /"custom:dept": "editorial"/);
      assert.match(text, /expires in 12 minutes/);
      assert.match(text, /Signature not checked/);
      assert.doesNotMatch(text, /Role from each identity pool/);
    } finally {
      await client.stop();
    }
  });
});
