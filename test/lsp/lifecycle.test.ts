/**
 * The built server over stdio: it initializes with rich and minimal clients, advertises pull diagnostics
 * only to clients that support them, survives bad input (unknown documents, bad positions, wrong
 * parameters, unknown methods, cancelled requests) and still answers afterwards, and exits cleanly.
 */
import * as assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ErrorCodes, ResponseError } from 'vscode-jsonrpc/node';
import { LSPErrorCodes } from 'vscode-languageserver-protocol';
import { CancellationTokenSource, copyFixtureWorkspace, fileUri, FULL_CAPABILITIES, LspClient, MINIMAL_CAPABILITIES } from './lspClient';
import * as path from 'node:path';

describe('server lifecycle over stdio', () => {
  test('a rich client gets pull diagnostics, completion, hover, symbols, quick fixes and code lens', async () => {
    const client = await LspClient.start({ capabilities: FULL_CAPABILITIES });
    try {
      const caps = client.initializeResult.capabilities;
      assert.ok(caps.diagnosticProvider, 'diagnosticProvider advertised to a pull-capable client');
      assert.ok(caps.completionProvider);
      assert.equal(caps.hoverProvider, true);
      assert.ok(caps.documentSymbolProvider);
      assert.ok(caps.codeActionProvider);
      assert.ok(caps.codeLensProvider);
      assert.equal(client.initializeResult.serverInfo?.name, 'identity-pool-roles');
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  test('a minimal client (no capabilities, no configuration) gets push diagnostics and default settings', async () => {
    const folder = copyFixtureWorkspace();
    const client = await LspClient.start({ capabilities: MINIMAL_CAPABILITIES, folder });
    try {
      assert.equal(client.initializeResult.capabilities.diagnosticProvider, undefined);
      const document = client.openFile(path.join(folder, 'roles', 'shop-broken.roles.json'));
      const diagnostics = await client.pushedFor(document.uri);
      assert.ok(diagnostics.length > 0, 'diagnostics are pushed');
      assert.ok(!client.serverRequests.some((r) => r.method === 'workspace/configuration'), 'no configuration request to a client without the capability');
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
});

describe('robustness: the server survives bad requests and keeps answering', () => {
  let client: LspClient;
  let folder: string;
  let rolesUri: string;

  before(async () => {
    folder = copyFixtureWorkspace();
    client = await LspClient.start({ folder });
    rolesUri = client.openFile(path.join(folder, 'roles', 'photos.roles.json')).uri;
    await client.waitForIndex();
  });
  after(async () => {
    await client.stop();
  });

  async function stillAnswers(): Promise<void> {
    const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: rolesUri } });
    assert.ok(Array.isArray(symbols) && symbols.length > 0, 'the server still answers a normal request');
    assert.ok(client.alive);
  }

  test('requests about unknown documents answer empty results', async () => {
    const unknown = fileUri(path.join(folder, 'does-not-exist.json'));
    const position = { line: 0, character: 0 };
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: unknown }, position }), null);
    assert.equal(await client.request('textDocument/completion', { textDocument: { uri: unknown }, position }), null);
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri: unknown } }), []);
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri: unknown } }), []);
    assert.deepEqual(
      await client.request('textDocument/codeAction', {
        textDocument: { uri: unknown },
        range: { start: position, end: position },
        context: { diagnostics: [] },
      }),
      [],
    );
    const report = await client.request<{ items: unknown[] }>('textDocument/diagnostic', { textDocument: { uri: unknown } });
    assert.deepEqual(report.items, []);
    await stillAnswers();
  });

  test('positions outside the document or malformed are answered without a crash', async () => {
    for (const position of [
      { line: 10_000, character: 0 },
      { line: -5, character: -1 },
      { line: 3, character: 99_999 },
      { line: 1.5, character: Number.MAX_SAFE_INTEGER },
      { line: 'x', character: null },
    ]) {
      await client.request('textDocument/hover', { textDocument: { uri: rolesUri }, position }).catch(() => undefined);
      await client.request('textDocument/completion', { textDocument: { uri: rolesUri }, position }).catch(() => undefined);
      await client
        .request('textDocument/codeAction', { textDocument: { uri: rolesUri }, range: { start: position, end: position }, context: { diagnostics: [] } })
        .catch(() => undefined);
    }
    await stillAnswers();
  });

  test('missing or wrong parameters and unknown methods get errors, not a dead server', async () => {
    await assert.rejects(client.request('identityPoolRoles/simulate', { token: 42 }), (error: unknown) => {
      assert.ok(error instanceof ResponseError);
      assert.equal(error.code, ErrorCodes.InvalidParams);
      return true;
    });
    await assert.rejects(
      client.request('identityPoolRoles/decodeToken', {}),
      (error: unknown) => error instanceof ResponseError && error.code === ErrorCodes.InvalidParams,
    );
    await assert.rejects(
      client.request('identityPoolRoles/noSuchRequest', {}),
      (error: unknown) => error instanceof ResponseError && error.code === ErrorCodes.MethodNotFound,
    );
    await client.request('textDocument/hover', null).catch(() => undefined);
    await client.request('textDocument/completion', { textDocument: null }).catch(() => undefined);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: 'file:///never-opened.json', version: 3 },
      contentChanges: [{ text: '{' }],
    });
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: 'file:///never-opened.json' } });
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: 'file:///outside/x.json', type: 2 }] });
    await stillAnswers();
  });

  test('a cancelled request is answered with RequestCancelled (or its result) and the server goes on', async () => {
    const source = new CancellationTokenSource();
    const pending = client.request('identityPoolRoles/simulate', { guest: true }, source);
    source.cancel();
    const outcome = await pending.then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    if ('error' in outcome) {
      assert.ok(outcome.error instanceof ResponseError);
      assert.equal(outcome.error.code, LSPErrorCodes.RequestCancelled);
    } else {
      assert.ok(Array.isArray((outcome.result as { results: unknown[] }).results), 'an uncancelled answer is a full result');
    }
    await stillAnswers();
  });

  test('huge and binary-looking documents are opened without a hang', async () => {
    const huge = `{"Roles": {"authenticated": "${'x'.repeat(6 * 1024 * 1024)}"}}`;
    const uri = fileUri(path.join(folder, 'huge.json'));
    client.open(uri, 'json', huge);
    const binary = fileUri(path.join(folder, 'binary.json'));
    client.open(binary, 'json', '\u0000\u0001{"RoleMappings": \uFFFF');
    const diagnostics = await client.pull(uri);
    assert.ok(
      diagnostics.every((d) => d.code === 'file-too-large'),
      'a file over the size bound gets only the file-too-large notice',
    );
    await client.pull(binary);
    await stillAnswers();
  });
});
