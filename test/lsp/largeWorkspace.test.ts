/**
 * The workspace index in a large folder: the one role-mapping file among thousands of ordinary JSON files
 * is found (maxCount counts files parsed, not files seen), symbolic links are followed without hanging on
 * a cycle, pipes are not read, progress is reported, and every bound hit is logged and in the tree model
 * with the setting that raises it.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ModelTree } from '../../protocol/protocol';
import { FIXTURES, FULL_CAPABILITIES, LspClient } from './lspClient';

const FILLER_FOLDERS = 20;
const FILLER_FILES_PER_FOLDER = 100;

async function model(client: LspClient): Promise<ModelTree> {
  return client.request<ModelTree>('identityPoolRoles/model', {});
}

/** Waits for the re-index after a settings change (the model's bounds change). */
async function pollModel(client: LspClient, check: (tree: ModelTree) => boolean, what: string): Promise<ModelTree> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const tree = await model(client);
    if (check(tree)) return tree;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(tree.indexBounds)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * 2,000 small JSON files without a marker in 20 folders; the photos roles file six folders deep; its pool
 * file outside the folder, reached through a link to a directory; a link to the roles file; links that
 * lead back up the tree (cycles), a dangling link and a FIFO.
 */
function largeWorkspace(): { folder: string; outside: string } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ipr-large-'));
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ipr-outside-'));
  for (let d = 0; d < FILLER_FOLDERS; d++) {
    const directory = path.join(folder, `fixtures${String(d).padStart(2, '0')}`);
    fs.mkdirSync(directory);
    for (let f = 0; f < FILLER_FILES_PER_FOLDER; f++) {
      fs.writeFileSync(path.join(directory, `item${f}.json`), JSON.stringify({ id: d * 1000 + f, name: `item ${f}`, tags: ['a', 'b'], price: f / 4 }));
    }
  }
  const deep = path.join(folder, 'services', 'auth', 'infra', 'config', 'cognito', 'prod');
  fs.mkdirSync(deep, { recursive: true });
  fs.copyFileSync(path.join(FIXTURES, 'workspace', 'roles', 'photos.roles.json'), path.join(deep, 'photos.roles.json'));
  fs.copyFileSync(path.join(FIXTURES, 'workspace', 'pools', 'photos.identity-pool.json'), path.join(outside, 'photos.identity-pool.json'));
  fs.symlinkSync(outside, path.join(folder, 'shared-pools'));
  fs.symlinkSync(path.join(deep, 'photos.roles.json'), path.join(folder, 'alias.roles.json'));
  fs.symlinkSync('..', path.join(folder, 'fixtures00', 'up'));
  fs.symlinkSync(folder, path.join(deep, 'root'));
  fs.symlinkSync('../../..', path.join(deep, 'three-up'));
  fs.symlinkSync(path.join(folder, 'missing'), path.join(folder, 'dangling.json'));
  try {
    execFileSync('mkfifo', [path.join(folder, 'fixtures01', 'pipe.json')]);
  } catch {
    // No mkfifo here: the rest of the test still holds.
  }
  return { folder, outside };
}

describe('a large workspace', () => {
  let client: LspClient;
  let workspace: { folder: string; outside: string };

  before(async () => {
    workspace = largeWorkspace();
    client = await LspClient.start({
      folder: workspace.folder,
      settings: { files: { maxCount: 10 } },
      capabilities: { ...FULL_CAPABILITIES, window: { workDoneProgress: true } },
    });
    await client.waitForIndex();
  });

  after(async () => {
    await client?.stop();
    fs.rmSync(workspace.folder, { recursive: true, force: true });
    fs.rmSync(workspace.outside, { recursive: true, force: true });
  });

  test('the one role-mapping file among 2,000 JSON files is found, its pool file through a linked directory, each once', async () => {
    const tree = await model(client);
    assert.deepEqual(
      tree.pools.map((p) => p.label),
      ['PhotoShare'],
    );
    assert.equal(tree.pools[0].hasDefinition, true, 'the pool file behind the link to a directory outside the folder');
    assert.equal(tree.documentCount, 2, 'the roles file reached twice (through a link to it) is indexed once');
    assert.equal(tree.truncated, false);
    assert.deepEqual(tree.indexBounds, []);
    assert.ok(client.alive, 'the links back up the tree and the FIFO did not stop the server');
  });

  test('indexing a large folder reports work-done progress from begin to end', async () => {
    assert.ok(client.serverRequests.some((r) => r.method === 'window/workDoneProgress/create'));
    const kinds = await client.waitFor(() => {
      const seen = client.notifications.filter((n) => n.method === '$/progress').map((n) => (n.params as { value: { kind: string } }).value.kind);
      return seen.includes('end') && seen;
    }, 'the end of the progress');
    assert.equal(kinds[0], 'begin');
    assert.ok(kinds.includes('report'));
  });

  test('each bound hit is logged and in the model, with the setting that raises it', async () => {
    // Eleven more role-mapping files: one more than maxCount allows.
    const extra = path.join(workspace.folder, 'aaa-pools');
    fs.mkdirSync(extra);
    const text = fs.readFileSync(path.join(FIXTURES, 'workspace', 'pools', 'shop.identity-pool.json'), 'utf8');
    for (let i = 0; i < 11; i++)
      fs.writeFileSync(
        path.join(extra, `pool${i}.json`),
        text.replace(/us-east-1:[0-9a-f-]{36}/, `us-east-1:${String(i).padStart(8, '0')}-2222-3333-4444-555555555555`),
      );
    client.settings = { files: { maxCount: 10, include: '**/*.json' } }; // a settings change re-indexes
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const counted = await pollModel(client, (tree) => tree.truncated, 'the maxCount bound');
    assert.equal(counted.documentCount, 10);
    assert.deepEqual(
      counted.indexBounds.map((b) => [b.setting, b.limit]),
      [['identityPoolRoles.files.maxCount', 10]],
    );
    assert.match(counted.indexBounds[0].message, /Raise identityPoolRoles\.files\.maxCount to index them\.$/);
    await client.waitFor(() => client.logs.some((line) => line.includes('(identityPoolRoles.files.maxCount)')), 'the log line');

    client.settings = { files: { maxScanned: 500, maxFileSize: 400 } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const walked = await pollModel(client, (tree) => tree.indexBounds.some((b) => b.setting === 'identityPoolRoles.files.maxScanned'), 'the maxScanned bound');
    assert.equal(walked.truncated, true);
    assert.deepEqual(
      walked.indexBounds.map((b) => [b.setting, b.limit]),
      [
        ['identityPoolRoles.files.maxScanned', 500],
        ['identityPoolRoles.files.maxFileSize', 400],
      ],
    );
    assert.ok(!walked.pools.some((p) => p.label === 'PhotoShare'), 'the deep roles file lies beyond 500 entries, its 900-byte alias over 400 bytes');
    assert.match(walked.indexBounds[0].message, /Raise identityPoolRoles\.files\.maxScanned/);
    assert.match(
      walked.indexBounds[1].message,
      /^1 file\(s\) in folder ipr-large-\w+ larger than identityPoolRoles\.files\.maxFileSize \(400 bytes\) may hold role mappings/,
    );
  });
});
