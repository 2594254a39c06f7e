/**
 * The server's side of the client-served file system (server/src/editorFileSystem.ts; the browser build's
 * only file system), against a fake client that answers `identityPoolRoles/fs/*` from files in memory as
 * the VS Code client does with `vscode.workspace.fs`; and the Node host's `readAsset`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createServer } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { createRoleMappingCore } from '../../core/index';
import {
  EditorDirectoryReadRequest,
  EditorFileStatRequest,
  type EditorFileType,
  type EditorDirectoryReadResult,
  type EditorFileReadResult,
  type EditorFileStatResult,
} from '../../protocol/protocol';
import { createEditorFileSystem, resolveEditorPath, routeByScheme, type EditorFileRequests } from '../../server/src/editorFileSystem';
import { browserAssetReader } from '../../server/src/browser/assets';
import { nodeAssetReader } from '../../server/src/node/assets';
import { checkAssetName, FileReadRefusal, readDiskText, type FileSystem, type RuntimeEnvironment } from '../../server/src/runtime';
import { normalizeSettings } from '../../server/src/settings';
import { loadJwks } from '../../server/src/tokens';
import { loadPolicyFiles } from '../../server/src/policyFiles';
import { WorkspaceIndex } from '../../server/src/workspaceIndex';

const ROOT = 'vscode-vfs://github/octo/infra';

/** A fake VS Code client: files and folders by uri, answered the way client/src/editorFileSystem.ts answers. */
function fakeClient(files: Record<string, string>, extra: Record<string, EditorFileType> = {}) {
  const sent: string[] = [];
  const entries = new Map<string, { type: EditorFileType; bytes?: Uint8Array }>();
  for (const [uri, text] of Object.entries(files)) {
    entries.set(uri, { type: 'file', bytes: new TextEncoder().encode(text) });
    for (let parent = uri.replace(/\/[^/]*$/, ''); parent.length > ROOT.length - 1; parent = parent.replace(/\/[^/]*$/, '')) {
      entries.set(parent, { type: 'directory' });
    }
  }
  for (const [uri, type] of Object.entries(extra)) entries.set(uri, { type });
  const answer = (method: string, params: { uri: string; maxBytes?: number }): EditorFileReadResult | EditorFileStatResult | EditorDirectoryReadResult => {
    const entry = entries.get(params.uri);
    if (method === EditorFileStatRequest.method) return entry ? { type: entry.type, size: entry.bytes?.length ?? 0, mtime: 1 } : null;
    if (method === EditorDirectoryReadRequest.method) {
      if (entry?.type !== 'directory') return null;
      return [...entries.entries()]
        .filter(([uri]) => uri.startsWith(`${params.uri}/`) && !uri.slice(params.uri.length + 1).includes('/'))
        .map(([uri, e]) => [uri.slice(params.uri.length + 1), e.type] as [string, EditorFileType]);
    }
    if (!entry) return { ok: false, failure: 'missing' };
    if (entry.type !== 'file' || !entry.bytes) return { ok: false, failure: 'not-a-regular-file' };
    if (entry.bytes.length > (params.maxBytes ?? 0)) return { ok: false, failure: 'too-large' };
    return { ok: true, base64: Buffer.from(entry.bytes).toString('base64') };
  };
  const client = {
    sendRequest: async (type: { method: string }, params: { uri: string; maxBytes?: number }) => {
      sent.push(`${type.method} ${params.uri}`);
      return answer(type.method, params);
    },
  } as unknown as EditorFileRequests;
  return { client, sent };
}

function runtimeWith(file: FileSystem): RuntimeEnvironment {
  return {
    file,
    timer: {
      setTimeout: (callback, ms) => {
        const handle = setTimeout(callback, ms);
        handle.unref();
        return { dispose: () => clearTimeout(handle) };
      },
      setImmediate: (callback) => {
        const handle = setImmediate(callback);
        return { dispose: () => clearImmediate(handle) };
      },
    },
    now: () => Date.now(),
  };
}

const ROLES = JSON.stringify({
  IdentityPoolId: 'us-east-1:3f0b9a4c-8d21-4e6f-9a57-2c1d0e8b7a61',
  Roles: { authenticated: 'arn:aws:iam::111122223333:role/Web-SignedIn' },
});

describe('the editor file system (server side of identityPoolRoles/fs/*)', () => {
  it('reads a file through the client, decoding the base64 answer', async () => {
    const { client, sent } = fakeClient({ [`${ROOT}/pool/roles.json`]: ROLES });
    const file = createEditorFileSystem(client);
    const read = await readDiskText(file, `${ROOT}/pool/roles.json`, 1024);
    assert.deepEqual(read, { ok: true, text: ROLES });
    assert.deepEqual(sent, [`identityPoolRoles/fs/readFile ${ROOT}/pool/roles.json`]);
  });

  it("words the client's refusals and failures as the disk reads do", async () => {
    const { client } = fakeClient({ [`${ROOT}/big.json`]: 'x'.repeat(2000) }, { [`${ROOT}/fifo`]: 'other' });
    const file = createEditorFileSystem(client);
    assert.deepEqual(await readDiskText(file, `${ROOT}/big.json`, 1000), { ok: false, failure: 'too-large' });
    assert.deepEqual(await readDiskText(file, `${ROOT}/fifo`, 1000), { ok: false, failure: 'not-a-regular-file' });
    assert.deepEqual(await readDiskText(file, `${ROOT}/gone.json`, 1000), { ok: false, failure: 'missing' });
  });

  it('holds the bound even when the client sends more than was asked for', async () => {
    const file = createEditorFileSystem({
      sendRequest: async () => ({ ok: true, base64: Buffer.from('0123456789').toString('base64') }),
    } as unknown as EditorFileRequests);
    await assert.rejects(file.readFile(`${ROOT}/a.json`, 4), (error) => error instanceof FileReadRefusal && error.reason === 'too-large');
  });

  it('stats and lists directories; a failed request is an unknown file', async () => {
    const { client } = fakeClient({ [`${ROOT}/pool/roles.json`]: ROLES }, { [`${ROOT}/pool/link`]: 'symbolicLink' });
    const file = createEditorFileSystem(client);
    assert.deepEqual(await file.stat(`${ROOT}/pool/roles.json`), { type: 'file', size: ROLES.length, mtime: 1 });
    assert.equal(await file.stat(`${ROOT}/nothing`), undefined);
    assert.deepEqual((await file.readDirectory(`${ROOT}/pool`)).sort(), [
      ['link', 'symbolicLink'],
      ['roles.json', 'file'],
    ]);
    await assert.rejects(file.readDirectory(`${ROOT}/nothing`));
    const failing = createEditorFileSystem({ sendRequest: async () => Promise.reject(new Error('connection closed')) } as unknown as EditorFileRequests);
    assert.equal(await failing.stat(`${ROOT}/pool/roles.json`), undefined);
  });

  it("resolves settings paths on the workspace folder's own scheme", () => {
    assert.equal(resolveEditorPath('keys/jwks.json', ROOT), `${ROOT}/keys/jwks.json`);
    assert.equal(resolveEditorPath('./keys/../keys/my jwks.json', `${ROOT}/`), `${ROOT}/keys/my%20jwks.json`);
    assert.equal(resolveEditorPath('../../../../etc/passwd', ROOT), 'vscode-vfs://github/etc/passwd');
    assert.equal(resolveEditorPath('/home/me/jwks.json', 'vscode-remote://localhost:8080/home/me/app'), 'vscode-remote://localhost:8080/home/me/jwks.json');
    assert.equal(resolveEditorPath('C:\\keys\\jwks.json', ROOT), 'vscode-vfs://github/C:/keys/jwks.json');
    assert.equal(resolveEditorPath('https://example.com/jwks.json', ROOT), 'https://example.com/jwks.json');
    assert.equal(resolveEditorPath('keys/jwks.json', undefined), undefined);
    assert.equal(resolveEditorPath('/keys/jwks.json', undefined), 'file:///keys/jwks.json');
  });

  it('indexes a virtual workspace: the walk, the marker scan and the parse all go through the client', async () => {
    const { client, sent } = fakeClient({
      [`${ROOT}/pool/roles.json`]: ROLES,
      [`${ROOT}/package.json`]: '{"name":"app"}',
      [`${ROOT}/node_modules/x/roles.json`]: ROLES,
    });
    const changed: string[][] = [];
    const index = new WorkspaceIndex(runtimeWith(createEditorFileSystem(client)), { error: () => {}, info: () => {} }, createRoleMappingCore(), (uris) =>
      changed.push(uris),
    );
    await index.configure([ROOT], normalizeSettings(undefined).files);
    assert.deepEqual(
      index.documents().map((d) => d.uri),
      [`${ROOT}/pool/roles.json`],
    );
    assert.deepEqual(changed, [[`${ROOT}/pool/roles.json`]]);
    assert.ok(!sent.some((request) => request.includes('node_modules/x')), 'node_modules was walked');
  });

  it("warns clearly about an absolute JWKS path that the workspace's file system does not have", async () => {
    const { client } = fakeClient({ [`${ROOT}/keys/jwks.json`]: JSON.stringify({ keys: [] }) });
    const runtime = runtimeWith(createEditorFileSystem(client));
    const settings = { ...normalizeSettings(undefined), jwksFiles: ['/home/me/jwks.json', 'keys/jwks.json'] };
    const loaded = await loadJwks(runtime, settings, [ROOT]);
    assert.deepEqual(loaded.problems, [
      "JWKS file /home/me/jwks.json cannot be read: an absolute path is looked up on the workspace's own file system (vscode-vfs:), not on this computer's disk. Put the file in the workspace and name it relative to the workspace folder.",
    ]);
    assert.deepEqual(loaded.jwks, { keys: [] });
  });

  it('says the same of an absolute policy file path (one reading and wording for files named in the settings)', async () => {
    const { client } = fakeClient({});
    const runtime = runtimeWith(createEditorFileSystem(client));
    const settings = { ...normalizeSettings(undefined), policyFiles: { 'arn:aws:iam::111122223333:role/Editors': '/home/me/editors.json' } };
    const loaded = await loadPolicyFiles(runtime, settings, [ROOT]);
    assert.deepEqual(loaded.problems, [
      "Policy file /home/me/editors.json cannot be read: an absolute path is looked up on the workspace's own file system (vscode-vfs:), not on this computer's disk. Put the file in the workspace and name it relative to the workspace folder.",
    ]);
  });

  it('the Node host reads file: uris from disk and other schemes through the client, once it serves them', async () => {
    const disk: FileSystem = {
      readFile: async () => new TextEncoder().encode('disk'),
      stat: async () => ({ type: 'file', size: 4, mtime: 0 }),
      readDirectory: async () => [],
      resolvePath: (p) => `file://${p}`,
    };
    const { client } = fakeClient({ [`${ROOT}/a.json`]: 'editor' });
    let served: FileSystem | undefined = undefined;
    const routed = routeByScheme(disk, () => served);
    assert.equal(new TextDecoder().decode(await routed.readFile('file:///a.json', 10)), 'disk');
    // Not served (e.g. a client over --stdio): the disk answers, and fails for other schemes as before.
    assert.equal(new TextDecoder().decode(await routed.readFile(`${ROOT}/a.json`, 10)), 'disk');
    served = createEditorFileSystem(client);
    assert.equal(new TextDecoder().decode(await routed.readFile(`${ROOT}/a.json`, 10)), 'editor');
    assert.equal(routed.resolvePath('keys.json', ROOT), `${ROOT}/keys.json`);
    assert.equal(routed.resolvePath('/keys.json', ROOT), 'file:///keys.json');
  });
});

describe('readAsset (Node host)', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'ipr-assets-'));
  fs.mkdirSync(path.join(dist, 'grammars'));
  fs.writeFileSync(path.join(dist, 'tree-sitter.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  fs.writeFileSync(path.join(dist, 'grammars', 'hcl.wasm'), 'grammar');
  const readAsset = nodeAssetReader(dist);

  it('reads a file shipped beside the server bundle, by its name relative to dist/', async () => {
    const bytes = await readAsset('tree-sitter.wasm');
    assert.ok(bytes instanceof Uint8Array);
    assert.deepEqual([...bytes], [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    assert.equal(new TextDecoder().decode(await readAsset('grammars/hcl.wasm')), 'grammar');
  });

  it('rejects a missing asset', async () => {
    await assert.rejects(readAsset('tree-sitter-terraform.wasm'), (error: NodeJS.ErrnoException) => error.code === 'ENOENT');
  });

  it('never reads outside dist/', async () => {
    for (const name of ['../package.json', '/etc/passwd', 'grammars/../../x', 'a\\b.wasm', '', './tree-sitter.wasm', 'C:/x']) {
      await assert.rejects(readAsset(name), /Not an asset name/, name);
      assert.throws(() => checkAssetName(name), /Not an asset name/);
    }
  });
});

describe('readAsset (browser host)', () => {
  it("fetches dist/NAME over http(s) (vscode.dev, github.dev serve the extension's files)", async () => {
    const server = createServer((request, response) => {
      if (request.url === '/ext/dist/tree-sitter.wasm') response.end(Buffer.from([0, 0x61, 0x73, 0x6d]));
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const unused = createEditorFileSystem({ sendRequest: async () => assert.fail('the editor was asked') } as unknown as EditorFileRequests);
      const readAsset = browserAssetReader(() => `http://127.0.0.1:${port}/ext/dist/`, unused);
      assert.deepEqual([...(await readAsset('tree-sitter.wasm'))], [0, 0x61, 0x73, 0x6d]);
      await assert.rejects(readAsset('tree-sitter-terraform.wasm'), /HTTP 404/);
    } finally {
      server.close();
    }
  });

  it('reads through the editor when dist/ is not fetchable (a vscode-remote:// extension uri)', async () => {
    const dist = 'vscode-remote://localhost:8080/home/me/.extensions/ext/dist';
    const { client, sent } = fakeClient({ [`${dist}/tree-sitter.wasm`]: 'wasm' });
    const readAsset = browserAssetReader(() => `${dist}/`, createEditorFileSystem(client));
    assert.equal(new TextDecoder().decode(await readAsset('tree-sitter.wasm')), 'wasm');
    assert.deepEqual(sent, [`identityPoolRoles/fs/readFile ${dist}/tree-sitter.wasm`]);
    await assert.rejects(readAsset('../package.json'), /Not an asset name/);
    await assert.rejects(browserAssetReader(() => undefined, createEditorFileSystem(client))('tree-sitter.wasm'), /not known/);
  });
});
