/**
 * Privacy guarantees, shown rather than promised:
 * - every CLI command and every language-server feature runs with network access made impossible
 *   (no-network.cjs replaces net, tls, http, https, dns and fetch) and nothing tries to connect;
 * - no token or claim value appears in anything the server logs or the CLI prints to stderr.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../lsp/lspClient';

const root = path.resolve(__dirname, '../../..');
const preload = path.join(root, 'test', 'privacy', 'no-network.cjs');
const cli = path.join(root, 'dist', 'cli.js');

// Distinctive values: if any of them shows up in a log or on stderr, the test names it.
const SECRET_CLAIM = 'PRIVATE-CLAIM-VALUE-51f3c9';
const SECRET_SUB = 'b7e1c0de-5ec2-4e7a-9f00-00c0ffee5ec2';
const SECRET_EMAIL = 'alice.private.51f3c9@example.com';
const USER_POOL = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_PrIvAcY01';
const CLIENT_ID = 'privacyclient0123456789abcd';
const POOL_ID = 'us-east-1:99999999-2222-3333-4444-555555555555';
const NOW = 1_767_225_600;

let work: string;
let token: string;
let jwksPath: string;
let rolesPath: string;
let poolPath: string;
let claimsPath: string;

function secrets(): string[] {
  const [header, payload, signature] = token.split('.');
  return [token, header + '.' + payload, payload, signature, SECRET_CLAIM, SECRET_SUB, SECRET_EMAIL];
}

function assertClean(what: string, text: string): void {
  assert.ok(!text.includes('NETWORK-ATTEMPT'), `${what} tried to reach the network:\n${text.slice(0, 2000)}`);
  for (const secret of secrets()) {
    assert.ok(!text.includes(secret), `${what} leaked ${secret.length > 40 ? 'token text' : secret}:\n${text.slice(0, 2000)}`);
  }
}

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'ipr-privacy-'));
  const jose = await import('jose');
  const { privateKey, publicKey } = await jose.generateKeyPair('RS256');
  const jwk = { ...(await jose.exportJWK(publicKey)), kid: 'privacy-key', alg: 'RS256', use: 'sig' };
  jwksPath = path.join(work, 'jwks.json');
  writeFileSync(jwksPath, JSON.stringify({ keys: [jwk] }));
  token = await new jose.SignJWT({
    token_use: 'id',
    'cognito:groups': ['admins'],
    'custom:secret': SECRET_CLAIM,
    email: SECRET_EMAIL,
  })
    .setProtectedHeader({ alg: 'RS256', kid: 'privacy-key' })
    .setIssuer(`https://${USER_POOL}`)
    .setAudience(CLIENT_ID)
    .setSubject(SECRET_SUB)
    .setIssuedAt(NOW - 60)
    .setExpirationTime(NOW + 3600)
    .sign(privateKey);
  rolesPath = path.join(work, 'privacy.identity-pool-roles.json');
  writeFileSync(
    rolesPath,
    JSON.stringify(
      {
        IdentityPoolId: POOL_ID,
        Roles: { authenticated: 'arn:aws:iam::123456789012:role/Auth', unauthenticated: 'arn:aws:iam::123456789012:role/Guest' },
        RoleMappings: {
          [`${USER_POOL}:${CLIENT_ID}`]: {
            Type: 'Rules',
            AmbiguousRoleResolution: 'Deny',
            RulesConfiguration: {
              Rules: [{ Claim: 'custom:secret', MatchType: 'StartsWith', Value: 'PRIVATE', RoleARN: 'arn:aws:iam::123456789012:role/Secret' }],
            },
          },
        },
      },
      null,
      2,
    ),
  );
  poolPath = path.join(work, 'privacy.identity-pool.json');
  writeFileSync(
    poolPath,
    JSON.stringify(
      {
        IdentityPoolId: POOL_ID,
        IdentityPoolName: 'privacy',
        AllowUnauthenticatedIdentities: true,
        CognitoIdentityProviders: [{ ProviderName: USER_POOL, ClientId: CLIENT_ID }],
      },
      null,
      2,
    ),
  );
  claimsPath = path.join(work, 'claims.json');
  writeFileSync(claimsPath, JSON.stringify({ iss: `https://${USER_POOL}`, aud: CLIENT_ID, sub: SECRET_SUB, 'custom:secret': SECRET_CLAIM, exp: NOW + 600 }));
  writeFileSync(path.join(work, 'notes.md'), `# a token pasted in notes\n\n${token}\n`);
  cpSync(path.join(root, 'examples'), path.join(work, 'examples'), { recursive: true });
});

after(() => rmSync(work, { recursive: true, force: true }));

function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--require', preload, cli, ...args], { encoding: 'utf8', cwd: work, timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('every CLI command runs without touching the network and keeps tokens and claims off stderr', () => {
  const exampleFiles = readdirSync(path.join(work, 'examples'))
    .filter((f) => /\.(json|ya?ml)$/.test(f))
    .map((f) => path.join(work, 'examples', f));
  const invocations: string[][] = [
    ['check', rolesPath, poolPath],
    ['check', '--format', 'json', rolesPath, poolPath, ...exampleFiles],
    ['check', '--format', 'text', ...exampleFiles],
    ['simulate', '--roles', rolesPath, '--identity-pool', poolPath, '--token', token, '--jwks', jwksPath, '--now', String(NOW)],
    ['simulate', '--roles', rolesPath, '--identity-pool', poolPath, '--token', token, '--now', String(NOW), '--format', 'json'],
    ['simulate', '--roles', rolesPath, '--identity-pool', poolPath, '--claims', claimsPath, '--now', String(NOW), '--format', 'text'],
    ['simulate', '--roles', rolesPath, '--identity-pool', poolPath, '--now', String(NOW)],
    ['simulate', '--roles', rolesPath, '--token', `${token}tampered`, '--jwks', jwksPath, '--now', String(NOW)],
    // Bad usage must not echo the token either.
    ['simulate', '--roles', rolesPath, '--token', token, '--claims', claimsPath],
    ['simulate', '--roles', path.join(work, 'missing.json'), '--token', token],
    ['simulate', '--bogus-option', token],
  ];
  for (const args of invocations) {
    const result = runCli(args);
    const label = `identity-pool-roles ${args[0]} (${args.filter((a) => a.startsWith('--')).join(' ')})`;
    assert.ok(result.status === 0 || result.status === 1 || result.status === 2, `${label} crashed (exit ${result.status}):\n${result.stderr}`);
    assertClean(`${label} stderr`, result.stderr);
    assert.ok(!result.stdout.includes('NETWORK-ATTEMPT'), `${label} tried to reach the network`);
  }
});

test('every language-server feature runs without touching the network and logs no token or claim', async () => {
  const client = await LspClient.start({
    nodeArgs: ['--require', preload],
    folder: work,
    settings: { files: { include: '**/*.{json,jsonc,yaml,yml}', maxCount: 500, maxFileSize: 1048576 }, jwksFiles: [jwksPath], clock: String(NOW) },
  });
  const { connection } = client;
  connection.sendNotification('$/setTrace', { value: 'verbose' });
  const open = (file: string, languageId: string): { uri: string; text: string } => {
    const text = readFileSync(file, 'utf8');
    const uri = pathToFileURL(file).href;
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return { uri, text };
  };
  const roles = open(rolesPath, 'json');
  open(poolPath, 'json');
  const notes = open(path.join(work, 'notes.md'), 'markdown');
  const untitled = 'untitled:Untitled-1';
  connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: untitled, languageId: 'plaintext', version: 1, text: `Authorization: Bearer ${token}` },
  });

  const position = (text: string, needle: string, extra = 1) => {
    const offset = text.indexOf(needle) + extra;
    const before = text.slice(0, offset);
    return { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 };
  };
  const requests: Array<[string, unknown]> = [
    ['textDocument/diagnostic', { textDocument: { uri: roles.uri } }],
    ['textDocument/completion', { textDocument: { uri: roles.uri }, position: position(roles.text, '"StartsWith"') }],
    ['textDocument/hover', { textDocument: { uri: roles.uri }, position: position(roles.text, 'AmbiguousRoleResolution') }],
    ['textDocument/hover', { textDocument: { uri: notes.uri }, position: { line: 2, character: 5 } }],
    ['textDocument/hover', { textDocument: { uri: untitled }, position: { line: 0, character: 30 } }],
    ['textDocument/documentSymbol', { textDocument: { uri: roles.uri } }],
    ['textDocument/codeLens', { textDocument: { uri: roles.uri } }],
    [
      'textDocument/codeAction',
      { textDocument: { uri: roles.uri }, range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } }, context: { diagnostics: [] } },
    ],
    ['identityPoolRoles/model', {}],
    ['identityPoolRoles/simulate', { token }],
    ['identityPoolRoles/simulate', { claims: { iss: `https://${USER_POOL}`, aud: CLIENT_ID, 'custom:secret': SECRET_CLAIM } }],
    ['identityPoolRoles/simulate', { guest: true }],
    ['identityPoolRoles/decodeToken', { token }],
    ['identityPoolRoles/decodeToken', { token: `${token.slice(0, 40)}!!!.broken` }],
  ];
  for (const [method, params] of requests) {
    try {
      await connection.sendRequest(method, params);
    } catch {
      // A feature may refuse a request; what matters here is what it logs.
    }
  }
  // Edits and closes also go through logging paths.
  connection.sendNotification('textDocument/didChange', { textDocument: { uri: notes.uri, version: 2 }, contentChanges: [{ text: `changed ${token}` }] });
  connection.sendNotification('textDocument/didClose', { textDocument: { uri: notes.uri } });
  await connection.sendRequest('identityPoolRoles/model', {}).catch(() => undefined);
  await client.stop();
  // Everything the server can log or show: logMessage and stderr (client.logs), showMessage, traces, telemetry.
  const shown = client.notifications.filter((n) => /^(window\/showMessage|\$\/logTrace|telemetry\/event)$/.test(n.method));
  const asked = client.serverRequests.filter((r) => r.method === 'window/showMessageRequest');
  assertClean('server logs and stderr', client.logs.join('\n'));
  assertClean('server messages, traces and telemetry', JSON.stringify([...shown, ...asked]));
});
