/**
 * The two ways the server is started and the shared protocol module: over node IPC (how the VS Code
 * client starts it) the server answers like over stdio; the protocol module bundles for the client
 * without any server code.
 */
import * as assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import * as esbuild from 'esbuild';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import type { InitializeResult } from 'vscode-languageserver-protocol';
import { REPO_ROOT, SERVER_PATH } from './lspClient';

test('over node IPC the server initializes, decodes a token and shuts down cleanly', async () => {
  const child = fork(SERVER_PATH, ['--node-ipc'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  connection.listen();
  try {
    const result = await connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      workspaceFolders: null,
    });
    assert.ok(result.capabilities.hoverProvider);
    await connection.sendNotification('initialized', {});
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const decoded = await connection.sendRequest<{ ok: boolean; claims: Record<string, unknown> }>('identityPoolRoles/decodeToken', {
      token: `${encode({ alg: 'RS256' })}.${encode({ sub: 'ipc-user' })}.c2ln`,
    });
    assert.equal(decoded.ok, true);
    assert.equal(decoded.claims.sub, 'ipc-user');
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    assert.equal(await exited, 0);
  } finally {
    connection.dispose();
    if (child.exitCode === null) child.kill();
  }
});

test('protocol/protocol.ts bundles for the client without server code', async () => {
  const result = await esbuild.build({
    entryPoints: [path.join(REPO_ROOT, 'protocol', 'protocol.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(
    inputs.some((input) => input.includes('vscode-languageserver-protocol')),
    'the request types come from vscode-languageserver-protocol',
  );
  const serverCode = inputs.filter((input) => /(^|\/)server\/src\/|node_modules\/vscode-languageserver\/|(^|\/)core\//.test(input));
  assert.deepEqual(serverCode, [], 'no server, language-server library or core code in the client bundle');
});
