/**
 * Outline, code lens and the custom requests over LSP: hierarchical (and flat) document symbols, a
 * "Simulate…" lens per role mapping, the tree model (pools → providers → mapping → rules, and roles with
 * who receives them), simulation of tokens, claims and guests against one pool or all, token decoding,
 * and the model-changed notification when indexed files change.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeLens, DocumentSymbol, SymbolInformation } from 'vscode-languageserver-protocol';
import type { DecodeTokenResult, ModelTree, SimulateCodeLensArgs, SimulateResult } from '../../protocol/protocol';
import { DecodeTokenRequest, ModelChangedNotification, ModelRequest, SimulateRequest } from '../../protocol/protocol';
import { copyFixtureWorkspace, fileUri, LspClient, MINIMAL_CAPABILITIES, rangeOf, useIndexedWorkspace } from './lspClient';

const NOW = 1_767_225_600;
const PHOTOS = 'us-east-1:11111111-2222-3333-4444-555555555555';

function token(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', kid: 'k' }): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode(header)}.${encode(claims)}.c2lnbmF0dXJl`;
}

const PHOTOS_ID_TOKEN_CLAIMS = {
  iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123',
  aud: '1example23456789abcdefghij',
  token_use: 'id',
  sub: 'user-1',
  iat: NOW - 60,
  exp: NOW + 600,
};

/** Asks for the model until `check` holds (index updates are asynchronous). */
async function pollModel(client: LspClient, check: (tree: ModelTree) => boolean): Promise<ModelTree> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const tree = await client.request<ModelTree>(ModelRequest.method, {});
    if (check(tree)) return tree;
    if (Date.now() > deadline) throw new Error('the model did not change');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function names(symbols: DocumentSymbol[]): string[] {
  return symbols.map((s) => s.name);
}

describe('document symbols and code lens', () => {
  let client: LspClient;
  let folder: string;
  useIndexedWorkspace((started) => ({ client, folder } = started));

  test('a roles file outlines pool → Roles / RoleMappings → mapping → rules', async () => {
    const document = client.openFile(path.join(folder, 'roles', 'photos.roles.json'));
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: document.uri } });
    assert.equal(symbols.length, 1);
    const [pool] = symbols;
    assert.equal(pool.name, 'PhotoShare', 'the pool is named after the linked pool file');
    assert.deepEqual(names(pool.children ?? []), ['Roles', 'RoleMappings']);
    const roles = pool.children![0];
    assert.deepEqual(names(roles.children ?? []), ['authenticated', 'unauthenticated']);
    const mapping = pool.children![1].children![0];
    assert.equal(mapping.name, 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123:1example23456789abcdefghij');
    assert.equal(mapping.detail, 'Rules, ambiguous → AuthenticatedRole');
    assert.deepEqual(mapping.selectionRange, rangeOf(document, '"cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123:1example23456789abcdefghij"'));
    assert.deepEqual(names(mapping.children ?? []), ['custom:dept Equals editorial', 'custom:dept Equals legal']);
    assert.equal(mapping.children![0].detail, '→ arn:aws:iam::123456789012:role/PhotoShareEditor');
  });

  test('a pool file outlines its providers; a YAML roles file works the same', async () => {
    const poolDocument = client.openFile(path.join(folder, 'pools', 'photos.identity-pool.json'));
    const [pool] = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: poolDocument.uri } });
    const providers = pool.children?.find((c) => c.name === 'Providers');
    assert.ok(providers);
    assert.deepEqual(
      providers.children?.map((p) => [p.name, p.detail]),
      [
        ['cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123:1example23456789abcdefghij', 'Cognito user pool'],
        ['accounts.google.com', 'Google'],
      ],
    );
    const yaml = client.openFile(path.join(folder, 'roles', 'team-broken.roles.yaml'));
    const [team] = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: yaml.uri } });
    assert.deepEqual(names(team.children![1].children![0].children ?? []), ['cognito:groups StartWith eng', 'custom:team Equals ?']);
  });

  test('code lenses above each role mapping run the client simulation and analysis commands for that provider', async () => {
    const document = client.openFile(path.join(folder, 'roles', 'photos.roles.json'));
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: document.uri } });
    assert.equal(lenses.length, 2);
    const [lens, analyze] = lenses;
    assert.equal(analyze.command?.title, 'who gets which role');
    assert.equal(analyze.command?.command, 'identityPoolRoles.analyze');
    assert.deepEqual(analyze.command?.arguments, lens.command?.arguments);
    assert.deepEqual(analyze.range, lens.range);
    assert.equal(lens.command?.title, 'Simulate…');
    assert.equal(lens.command?.command, 'identityPoolRoles.simulateToken');
    const args = lens.command?.arguments?.[0] as SimulateCodeLensArgs;
    assert.deepEqual(args, {
      uri: document.uri,
      poolKey: PHOTOS,
      mappingProvider: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123:1example23456789abcdefghij',
    });
    assert.equal(lens.range.start.line, rangeOf(document, '"cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123:1').start.line);
  });

  test('other documents have no symbols and no lenses', async () => {
    const document = client.openFile(path.join(folder, 'package.json'));
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri: document.uri } }), []);
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri: document.uri } }), []);
  });
});

describe('flat symbols for clients without hierarchical support', () => {
  test('the same outline as SymbolInformation with container names', async () => {
    const folder = copyFixtureWorkspace();
    const client = await LspClient.start({ folder, capabilities: MINIMAL_CAPABILITIES });
    try {
      const document = client.openFile(path.join(folder, 'roles', 'photos.roles.json'));
      const symbols = await client.request<SymbolInformation[]>('textDocument/documentSymbol', { textDocument: { uri: document.uri } });
      const rule = symbols.find((s) => s.name === 'custom:dept Equals legal');
      assert.ok(rule);
      assert.equal(rule.containerName, 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123:1example23456789abcdefghij');
      assert.equal(rule.location.uri, document.uri);
    } finally {
      await client.stop();
    }
  });
});

describe('custom requests', () => {
  let client: LspClient;
  let folder: string;

  before(async () => {
    folder = copyFixtureWorkspace();
    client = await LspClient.start({ folder, settings: { clock: NOW } });
    await client.waitForIndex();
  });
  after(async () => {
    await client.stop();
  });

  test('identityPoolRoles/model: pools with providers, mappings and rules, each with a location', async () => {
    const tree = await client.request<ModelTree>(ModelRequest.method, {});
    assert.deepEqual(tree.pools.map((p) => p.label).sort(), ['PhotoShare', 'Shop', 'Team']);
    assert.equal(tree.documentCount, 6);
    const photos = tree.pools.find((p) => p.key === PHOTOS)!;
    assert.equal(photos.hasDefinition, true);
    assert.equal(photos.allowUnauthenticatedIdentities, true);
    assert.deepEqual(photos.uris.map((u) => path.basename(u)).sort(), ['photos.identity-pool.json', 'photos.roles.json']);
    assert.equal(photos.defaultRoles.authenticated?.arn, 'arn:aws:iam::123456789012:role/PhotoShareAuth');
    assert.deepEqual(
      photos.providers.map((p) => [p.kindLabel, p.name, p.registered, p.mapping?.label ?? null]),
      [
        [
          'Cognito user pool',
          'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123:1example23456789abcdefghij',
          true,
          'Rules, ambiguous → AuthenticatedRole',
        ],
        ['Google', 'accounts.google.com', true, null],
      ],
    );
    const rules = photos.providers[0].mapping!.rules;
    assert.deepEqual(
      rules.map((r) => r.label),
      ['custom:dept Equals editorial → PhotoShareEditor', 'custom:dept Equals legal → PhotoShareLegal'],
    );
    assert.equal(path.basename(rules[1].location.uri), 'photos.roles.json');
    const rolesText = fs.readFileSync(path.join(folder, 'roles', 'photos.roles.json'), 'utf8').split('\n');
    assert.match(rolesText[rules[1].location.range.start.line + 1], /"Claim": "custom:dept"/, 'the rule location opens the rule');
    const shop = tree.pools.find((p) => p.label === 'Shop')!;
    assert.equal(shop.problems.errors > 0, true, 'problems are counted per pool');
    assert.ok(
      shop.providers.some((p) => !p.registered && p.name.startsWith('https://')),
      'a mapping for no registered provider is listed as unregistered',
    );
  });

  test('identityPoolRoles/model: roles with who can receive them', async () => {
    const tree = await client.request<ModelTree>(ModelRequest.method, {});
    const editor = tree.roles.find((r) => r.label === 'PhotoShareEditor');
    assert.ok(editor);
    assert.deepEqual(
      editor.grants.map((g) => [g.kind, g.poolLabel, g.ruleIndex]),
      [['rule', 'PhotoShare', 0]],
    );
    const guest = tree.roles.find((r) => r.label === 'PhotoShareGuest')!;
    assert.equal(guest.grants[0].kind, 'default-unauthenticated');
    const auth = tree.roles.find((r) => r.label === 'PhotoShareAuth')!;
    assert.equal(auth.grants[0].kind, 'default-authenticated');
    const filtered = await client.request<ModelTree>(ModelRequest.method, { uri: fileUri(path.join(folder, 'roles', 'team-broken.roles.yaml')) });
    assert.deepEqual(
      filtered.pools.map((p) => p.label),
      ['Team'],
    );
  });

  test('identityPoolRoles/simulate: a token, claims and a guest against one pool', async () => {
    const byToken = await client.request<SimulateResult>(SimulateRequest.method, {
      poolKey: PHOTOS,
      token: token({ ...PHOTOS_ID_TOKEN_CLAIMS, 'custom:dept': 'legal' }),
    });
    assert.equal(byToken.now, NOW, 'the configured clock');
    assert.equal(byToken.nowIso, '2026-01-01T00:00:00Z');
    assert.equal(byToken.results.length, 1);
    const [result] = byToken.results;
    assert.equal(result.poolLabel, 'PhotoShare');
    assert.equal(result.outcome, 'role');
    assert.equal(result.roleArn, 'arn:aws:iam::123456789012:role/PhotoShareLegal');
    assert.equal(result.matchedRuleIndex, 1);
    assert.ok(result.trace.length > 0);

    const byClaims = await client.request<SimulateResult>(SimulateRequest.method, {
      poolKey: PHOTOS,
      loginKey: 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123',
      claims: { ...PHOTOS_ID_TOKEN_CLAIMS, 'custom:dept': 'editorial' },
    });
    assert.equal(byClaims.results[0].roleArn, 'arn:aws:iam::123456789012:role/PhotoShareEditor');

    const guest = await client.request<SimulateResult>(SimulateRequest.method, { poolKey: PHOTOS, guest: true, token: 'ignored for guests' });
    assert.equal(guest.results[0].outcome, 'role');
    assert.equal(guest.results[0].via, 'default-unauthenticated');
    assert.equal(guest.results[0].roleArn, 'arn:aws:iam::123456789012:role/PhotoShareGuest');
  });

  test('identityPoolRoles/simulate: every pool when no pool is named; an unknown pool says so', async () => {
    const all = await client.request<SimulateResult>(SimulateRequest.method, { guest: true });
    assert.deepEqual(all.results.map((r) => r.poolLabel).sort(), ['PhotoShare', 'Shop', 'Team']);
    const shop = all.results.find((r) => r.poolLabel === 'Shop')!;
    assert.equal(shop.outcome, 'error', 'a pool AWS would refuse to configure, or without guests, is an error');
    const unknown = await client.request<SimulateResult>(SimulateRequest.method, { poolKey: 'us-east-1:nope', guest: true });
    assert.deepEqual(unknown.results, []);
    assert.match(unknown.message ?? '', /No identity pool with key us-east-1:nope/);
  });

  test('identityPoolRoles/decodeToken: header, claims and human dates', async () => {
    const decoded = await client.request<DecodeTokenResult>(DecodeTokenRequest.method, { token: token({ ...PHOTOS_ID_TOKEN_CLAIMS, exp: NOW - 3 * 86400 }) });
    assert.equal(decoded.ok, true);
    if (!decoded.ok) return;
    assert.equal(decoded.header.alg, 'RS256');
    assert.equal(decoded.claims.token_use, 'id');
    assert.deepEqual(
      decoded.dates.map((d) => [d.claim, d.relative]),
      [
        ['iat', 'issued 1 minute ago'],
        ['exp', 'expired 3 days ago'],
      ],
    );
    assert.ok(decoded.warnings.some((w) => /expired/.test(w)));
    const bad = await client.request<DecodeTokenResult>(DecodeTokenRequest.method, { token: 'not-a-token' });
    assert.equal(bad.ok, false);
  });

  test('identityPoolRoles/modelChanged is sent when an indexed file changes, and the model follows', async () => {
    const before = client.notifications.filter((n) => n.method === ModelChangedNotification.method).length;
    const file = path.join(folder, 'roles', 'photos.roles.json');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('PhotoShareLegal', 'PhotoShareCounsel'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(file), type: 2 }] });
    const notification = await client.waitFor(
      () => client.notifications.filter((n) => n.method === ModelChangedNotification.method).slice(before)[0],
      'modelChanged',
    );
    assert.deepEqual((notification.params as { uris: string[] }).uris, [fileUri(file)]);
    assert.ok(
      client.serverRequests.some((r) => r.method === 'workspace/codeLens/refresh'),
      'code lenses are refreshed too',
    );
    const tree = await client.request<ModelTree>(ModelRequest.method, {});
    assert.ok(tree.roles.some((r) => r.label === 'PhotoShareCounsel'));

    const created = path.join(folder, 'roles', 'new.roles.json');
    fs.writeFileSync(
      created,
      JSON.stringify({ IdentityPoolId: 'us-east-1:44444444-4444-4444-4444-444444444444', Roles: { authenticated: 'arn:aws:iam::123456789012:role/Fresh' } }),
    );
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(created), type: 1 }] });
    const withNew = await pollModel(client, (t) => t.pools.some((p) => p.identityPoolId === 'us-east-1:44444444-4444-4444-4444-444444444444'));
    assert.ok(
      withNew.roles.some((r) => r.label === 'Fresh'),
      'a created file is indexed',
    );

    fs.rmSync(created);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(created), type: 3 }] });
    await pollModel(client, (t) => !t.roles.some((r) => r.label === 'Fresh'));
  });
});
