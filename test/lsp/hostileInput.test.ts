/**
 * Hovers, diagnostics and completion over LSP when a token or a file is written by an attacker: what the
 * hover renders stays inert (no link, image, HTML or line break out of a code span), deep or huge input is
 * answered with a bounded, clear hover or diagnostic, and no token text reaches the server's log. Every
 * input is generated here.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { CompletionItem, CompletionList, Hover, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { decodedTokenReport } from '../../client/src/reportMarkdown';
import { parseDocument } from '../../core/documents';
import type { DecodeTokenResult, SimulateResult } from '../../protocol/protocol';
import { liveMarkdown, renderMarkdown } from '../unit/renderedMarkdown';
import { fileUri, LspClient, positionAfter } from './lspClient';

/** 2026-01-01T00:00:00Z. */
const NOW = 1_767_225_600;
const POOL_ID = 'us-east-1:99999999-8888-7777-6666-555555555555';
const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_HoStIlE12';
const CLIENT_ID = '7hostile0client0id0abcdefg';
const BEACON = '![x](https://attacker.example/p.png)';
const ODD_PROVIDER = 'odd$1${2}\\}.example.com';
const SECRET_CLAIM = 'do-not-log-this-claim-value';

function writeWorkspace(folder: string, jwk: Record<string, unknown>): void {
  const write = (file: string, value: unknown) => {
    fs.mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    fs.writeFileSync(path.join(folder, file), typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  };
  write('keys/jwks.json', { keys: [jwk] });
  write('pools/hostile.identity-pool.json', {
    IdentityPoolId: POOL_ID,
    IdentityPoolName: `Pool https://attacker.example/x\r- ${BEACON}`,
    AllowUnauthenticatedIdentities: false,
    CognitoIdentityProviders: [{ ProviderName: ISSUER.replace('https://', ''), ClientId: CLIENT_ID }],
    SupportedLoginProviders: { [ODD_PROVIDER]: 'client' },
  });
  write('roles/hostile.roles.json', {
    IdentityPoolId: POOL_ID,
    Roles: { authenticated: 'arn:aws:iam::123456789012:role/HostileAuth' },
    RoleMappings: { [`${ISSUER.replace('https://', '')}:${CLIENT_ID}`]: { Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' } },
  });
}

/** The text a snippet inserts: `\\`, `\$` and `\}` are literal, tab stops insert nothing, placeholders their first value. */
function snippetText(snippet: string): string {
  return snippet.replace(
    /\\([\\$}])|\$(\d+)|\$\{\d+(?::([^}]*)|\|([^,|]*)[^}]*)?\}/g,
    (_all, literal?: string, _stop?: string, placeholder?: string, choice?: string) => literal ?? placeholder ?? choice ?? '',
  );
}

function markdown(hover: Hover | null): string {
  assert.ok(hover, 'a hover is shown');
  return (hover.contents as MarkupContent).value;
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('hovers and diagnostics on attacker-written input', () => {
  let client: LspClient;
  let folder: string;
  let privateKey: CryptoKey;
  const tokens: string[] = [];
  let untitled = 0;

  async function signed(claims: Record<string, unknown>, kid = 'test-key'): Promise<string> {
    const token = await new SignJWT({ token_use: 'id', aud: CLIENT_ID, iss: ISSUER, sub: 'u-1', auth_time: NOW - 60, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuedAt(NOW - 60)
      .setExpirationTime(NOW + 600)
      .sign(privateKey);
    tokens.push(token);
    return token;
  }

  async function hoverOn(text: string, offset: number): Promise<{ hover: Hover | null; ms: number }> {
    const uri = `untitled:Hostile-${++untitled}`;
    const document = client.open(uri, 'plaintext', text);
    const started = Date.now();
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: document.positionAt(offset) });
    const ms = Date.now() - started;
    client.close(uri);
    return { hover, ms };
  }

  const hoverToken = async (token: string) => (await hoverOn(`token: ${token}\n`, 7 + Math.floor(token.length / 2))).hover;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ipr-hostile-'));
    const keys = await generateKeyPair('RS256');
    privateKey = keys.privateKey;
    writeWorkspace(folder, { ...(await exportJWK(keys.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' });
    client = await LspClient.start({ folder, settings: { clock: String(NOW), jwksFiles: ['keys/jwks.json'] } });
    await client.waitForIndex();
  });

  after(async () => {
    await client.stop();
    const logs = client.logs.join('\n');
    for (const token of tokens) assert.ok(!logs.includes(token.slice(0, 60)), 'no token text in the log');
    assert.ok(!logs.includes(SECRET_CLAIM), 'no claim value in the log');
  });

  test('a preferred_role holding a carriage return and an image renders no image; the pool label makes no link', async () => {
    const token = await signed({
      'cognito:preferred_role': `arn:aws:iam::123456789012:role/x\r- ${BEACON}`,
      'cognito:roles': [`arn:aws:iam::123456789012:role/x\r- ${BEACON}`],
      note: SECRET_CLAIM,
    });
    const text = markdown(await hoverToken(token));
    assert.deepEqual(liveMarkdown(text), [], text);
    assert.match(text, /Role from each identity pool/, 'the pool answered');
    // The pools' answer leads the hover; the decoded token follows a rule (---).
    const poolLines = renderMarkdown(text.slice(text.indexOf('Role from each identity pool'), text.indexOf('\n---\n')));
    assert.equal(poolLines.match(/<li>/g)?.length, 1, 'one line for the one pool');
  });

  test('a kid holding a URL (no such key in the JWKS) makes no link', async () => {
    const token = await signed({ 'custom:x': 'y' }, 'https://attacker.example/k www.attacker.example someone@attacker.example');
    const text = markdown(await hoverToken(token));
    assert.match(text, /Signature/);
    assert.deepEqual(liveMarkdown(text), [], text);
  });

  test('claims and header holding links, command links, images, HTML, fences, ANSI escapes and line separators stay inert', async () => {
    const hostile = `\`\`\`\n[run](command:workbench.action.terminal.new) ${BEACON} <img src=x onerror=alert(1)> \u001b[31mred\u001b[0m \u2028# title https://attacker.example`;
    const token = `${encode({ alg: 'RS256', kid: hostile, typ: 'JWT' })}.${encode({ iss: ISSUER, aud: CLIENT_ID, exp: NOW + 60, [hostile]: hostile })}.c2ln`;
    tokens.push(token);
    const text = markdown(await hoverToken(token));
    assert.deepEqual(liveMarkdown(text), [], text);
    assert.ok(!text.includes('\u001b'), 'no raw escape character');
  });

  test('a role-mapping file whose keys and enum values hold line breaks, links and images gets inert field hovers', async () => {
    const hostileKey = `x\r- ${BEACON} [run](command:workbench.action.terminal.new) https://attacker.example`;
    const text = JSON.stringify(
      {
        IdentityPoolId: 'us-east-1:12121212-3434-5656-7878-909090909090',
        Roles: { authenticated: 'arn:aws:iam::123456789012:role/A' },
        RoleMappings: {
          [hostileKey]: {
            Type: `Rules\r- ${BEACON}`,
            AmbiguousRoleResolution: `Deny\u2028- ${BEACON}`,
            RulesConfiguration: { Rules: [{ Claim: 'c', MatchType: `Equals\r<img src=x>`, Value: 'v', RoleARN: 'arn:aws:iam::123456789012:role/B' }] },
          },
        },
      },
      null,
      2,
    );
    const uri = fileUri(path.join(folder, 'roles', 'fields.roles.json'));
    const document = client.open(uri, 'json', text);
    for (const needle of ['"x', '"Rules', '"Deny', '"Equals']) {
      const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionAfter(document, needle, 0, 2) });
      const value = markdown(hover);
      assert.deepEqual(liveMarkdown(value), [], `${needle}: ${value}`);
    }
    client.close(uri);
  });

  test('a claim of 3,000 nested arrays gets a bounded hover that says truncated; 6,000 levels too (no empty hover)', async () => {
    for (const depth of [3_000, 6_000]) {
      const payload = `{"iss":"${ISSUER}","aud":"${CLIENT_ID}","exp":${NOW + 60},"deep":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const token = `${encode({ alg: 'RS256', kid: 'test-key' })}.${Buffer.from(payload).toString('base64url')}.c2ln`;
      tokens.push(token);
      const { hover, ms } = await hoverOn(`token: ${token}\n`, 10);
      const text = markdown(hover);
      assert.match(text, /Claims \(truncated/, `depth ${depth}`);
      assert.ok(text.length < 50_000, `depth ${depth}: ${text.length} characters`);
      assert.ok(ms < 5_000, `depth ${depth}: ${ms} ms`);
      assert.deepEqual(liveMarkdown(text), []);
    }
  });

  test('decoding a token of 6,000 nested arrays answers, and its report is bounded and says truncated', async () => {
    const payload = `{"iss":"${ISSUER}","deep":${'['.repeat(6_000)}${']'.repeat(6_000)}}`;
    const token = `${encode({ alg: 'RS256', kid: 'test-key' })}.${Buffer.from(payload).toString('base64url')}.c2ln`;
    tokens.push(token);
    const decoded = await client.request<DecodeTokenResult>('identityPoolRoles/decodeToken', { token });
    assert.ok(decoded.ok);
    const report = decodedTokenReport(decoded);
    assert.match(report, /## Claims, truncated/);
    assert.ok(report.length < 20_000);
  });

  test('a token longer than Cognito accepts says "token too long": 1 MB, just over 50,000 characters, and 10,000 claims', async () => {
    const claims = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`c${i}`, i]));
    const manyClaims = `${encode({ alg: 'RS256' })}.${encode({ iss: ISSUER, ...claims })}.c2ln`;
    const over = (pad: number) => `${encode({ alg: 'RS256' })}.${encode({ iss: ISSUER, pad: 'p'.repeat(pad) })}.c2ln`;
    let pad = 37_000;
    while (over(pad).length <= 50_000) pad += 3;
    const justOver = over(pad);
    const megabyte = `${encode({ alg: 'RS256' })}.${encode({ iss: ISSUER, pad: 'p'.repeat(786_000) })}.c2ln`;
    for (const token of [manyClaims, justOver, megabyte]) {
      tokens.push(token);
      for (const at of [0.01, 0.5, 0.99]) {
        const { hover, ms } = await hoverOn(`token: ${token} and more`, 7 + Math.floor(token.length * at));
        const text = markdown(hover);
        assert.match(text, /token too long: [\d,]+ characters/, `${token.length} characters, cursor at ${at}`);
        assert.ok(text.length < 1_000 && ms < 5_000);
        assert.deepEqual(hover?.range?.start, { line: 0, character: 7 });
        assert.deepEqual(hover?.range?.end, { line: 0, character: 7 + token.length });
      }
    }
  });

  test('10,000 claims simulated directly get an answer', async () => {
    const claims = { iss: ISSUER, aud: CLIENT_ID, exp: NOW + 60, ...Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`c${i}`, SECRET_CLAIM])) };
    const result = await client.request<SimulateResult>('identityPoolRoles/simulate', { claims });
    assert.ok(result.results.length >= 1);
  });

  test('a CloudFormation YAML nested 10,000 levels deep gets a diagnostic saying so', async () => {
    const header = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Pool:\n    Type: AWS::Cognito::IdentityPool\n    Properties:\n';
    for (const [name, body] of [
      ['flow', `      AllowUnauthenticatedIdentities: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
      ['block', `      CognitoIdentityProviders:\n${'      '}${'- '.repeat(10_000)}x\n`],
    ]) {
      const uri = fileUri(path.join(folder, `deep-${name}.template.yaml`));
      client.open(uri, 'yaml', header + body);
      const diagnostics = await client.pull(uri);
      assert.ok(
        diagnostics.some((d) => d.code === 'syntax-error' && /nests more than 500 levels/.test(String(d.message))),
        `${name}: ${JSON.stringify(diagnostics)}`,
      );
      client.close(uri);
    }
  });

  test('a YAML alias bomb gets a diagnostic and the server keeps answering', async () => {
    const levels = Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`);
    const bomb = `Roles:\n  authenticated: arn:aws:iam::123456789012:role/A\na0: &a0 [lol]\n${levels.join('\n')}\nRoleMappings: *a9\n`;
    const uri = fileUri(path.join(folder, 'roles', 'bomb.roles.yaml'));
    client.open(uri, 'yaml', bomb);
    const started = Date.now();
    const diagnostics = await client.pull(uri);
    assert.ok(diagnostics.length > 0 && Date.now() - started < 5_000);
    client.close(uri);
    const token = await signed({ 'custom:x': 'after the bomb' });
    assert.match(markdown(await hoverToken(token)), /Claims/);
  });

  test('completing a RoleMappings key from an odd provider name inserts the name literally (snippet-safe)', async () => {
    const uri = fileUri(path.join(folder, 'roles', 'odd.roles.yaml'));
    const text = `IdentityPoolId: ${POOL_ID}\nRoleMappings:\n  \n`;
    const document = client.open(uri, 'yaml', text);
    const result = await client.request<CompletionList | CompletionItem[] | null>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 2, character: 2 },
    });
    client.close(uri);
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    const odd = items.find((item) => item.label.includes('odd$1'));
    assert.ok(odd, `the odd provider is offered: ${JSON.stringify(items.map((i) => i.label))}`);
    const accepted = TextDocument.applyEdits(document, [
      {
        range: (odd.textEdit as TextEdit).range,
        newText: odd.insertTextFormat === 2 ? snippetText((odd.textEdit as TextEdit).newText) : (odd.textEdit as TextEdit).newText,
      },
    ]);
    const mapping = parseDocument(uri, accepted).pools[0]?.roleConfig?.mappings[0];
    assert.equal(mapping?.key.value, ODD_PROVIDER, accepted);
  });
});
