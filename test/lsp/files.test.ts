/**
 * Files the server reads from disk (the workspace index, `identityPoolRoles.jwksFiles`): UTF-16 files with a
 * byte-order mark are read like UTF-8 ones, undecodable role files are named in the log, and what is not a
 * regular file (a device, a FIFO) is refused without the server hanging.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DecodeTokenResult, ModelTree } from '../../protocol/protocol';
import { DecodeTokenRequest, ModelRequest } from '../../protocol/protocol';
import { fileUri, LspClient, REPO_ROOT } from './lspClient';

const PHOTOSHARE_POOL_ID = 'us-east-1:3f0b9a4c-8d21-4e6f-9a57-2c1d0e8b7a61';
const LATIN1_POOL_ID = 'us-east-1:22222222-2222-2222-2222-222222222222';
const EXAMPLE_NOW = 1_767_226_200;

const example = (...parts: string[]) => fs.readFileSync(path.join(REPO_ROOT, 'examples', ...parts), 'utf8');
/** What Windows PowerShell 5's `>` and `Out-File` write. */
const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);

function mkfifo(file: string): boolean {
  return spawnSync('mkfifo', [file], { timeout: 5_000 }).status === 0;
}

describe('files read from disk', () => {
  let client: LspClient;
  let folder: string;
  let hasFifo = false;
  const hasDevZero = fs.existsSync('/dev/zero');

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ipr-lsp-files-'));
    for (const dir of ['roles', 'pools', 'keys']) fs.mkdirSync(path.join(folder, dir));
    fs.writeFileSync(path.join(folder, 'roles', 'photoshare.roles.json'), utf16le(example('user-pool-groups', 'roles.json')));
    fs.writeFileSync(path.join(folder, 'pools', 'photoshare.identity-pool.json'), utf16be(example('user-pool-groups', 'identity-pool.json')));
    fs.writeFileSync(path.join(folder, 'keys', 'jwks.json'), utf16le(example('tokens', 'jwks.json')));
    const latin1 = JSON.stringify({ IdentityPoolId: LATIN1_POOL_ID, Roles: { authenticated: 'arn:aws:iam::123456789012:role/Équipe' } });
    fs.writeFileSync(path.join(folder, 'roles', 'latin1.roles.json'), Buffer.from(latin1, 'latin1'));
    hasFifo = mkfifo(path.join(folder, 'keys', 'fifo.json')) && mkfifo(path.join(folder, 'roles', 'fifo.roles.json'));
    if (hasDevZero) fs.symlinkSync('/dev/zero', path.join(folder, 'roles', 'zero.roles.json'));
    const jwksFiles = ['keys/jwks.json', ...(hasDevZero ? ['/dev/zero'] : []), ...(hasFifo ? ['keys/fifo.json'] : [])];
    client = await LspClient.start({ folder, settings: { clock: EXAMPLE_NOW, jwksFiles } });
    await client.waitForIndex();
  });
  after(async () => {
    await client.stop();
  });

  test('a UTF-16LE roles file and a UTF-16BE identity-pool file are indexed and linked', async () => {
    const tree = await client.request<ModelTree>(ModelRequest.method, {});
    const pool = tree.pools.find((p) => p.identityPoolId === PHOTOSHARE_POOL_ID);
    assert.ok(pool, `the pool is indexed: ${tree.pools.map((p) => p.identityPoolId).join(', ')}`);
    assert.equal(pool.hasDefinition, true, 'linked to its identity-pool file');
    assert.deepEqual(pool.uris.map((u) => path.basename(u)).sort(), ['photoshare.identity-pool.json', 'photoshare.roles.json']);
    assert.equal(pool.defaultRoles.authenticated?.arn, 'arn:aws:iam::111122223333:role/PhotoShare-SignedIn');
  });

  test('a role file that is not text is not indexed, and the log says which and why', async () => {
    const tree = await client.request<ModelTree>(ModelRequest.method, {});
    assert.ok(!tree.pools.some((p) => p.identityPoolId === LATIN1_POOL_ID));
    const line = client.logs.find((l) => l.includes('Not indexed: "roles/latin1.roles.json"'));
    assert.ok(line, `logged: ${client.logs.join('\n')}`);
    assert.match(line, /The file is not UTF-8 text: byte \d+ \(0xC9, on line 1\) is not valid UTF-8/);
  });

  test('a UTF-16 JWKS file verifies a signature; a device and a FIFO in jwksFiles are refused by name', async () => {
    const token = example('tokens', 'photoshare-admin.jwt').trim();
    const decoded = await client.request<DecodeTokenResult>(DecodeTokenRequest.method, { token });
    assert.ok(decoded.ok);
    assert.equal(decoded.signature?.status, 'valid', decoded.signature?.message);
    if (hasDevZero) assert.ok(decoded.warnings.includes('JWKS file /dev/zero is not a regular file and was not read.'), decoded.warnings.join('\n'));
    if (hasFifo) assert.ok(decoded.warnings.includes('JWKS file keys/fifo.json is not a regular file and was not read.'), decoded.warnings.join('\n'));
  });

  test('watcher events for a FIFO and a link to /dev/zero named like role files leave the server answering', async (t) => {
    if (!hasFifo && !hasDevZero) return t.skip('neither mkfifo nor /dev/zero');
    const changes = [
      ...(hasFifo ? [{ uri: fileUri(path.join(folder, 'roles', 'fifo.roles.json')), type: 1 }] : []),
      ...(hasDevZero ? [{ uri: fileUri(path.join(folder, 'roles', 'zero.roles.json')), type: 1 }] : []),
    ];
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
    const tree = await client.request<ModelTree>(ModelRequest.method, {});
    assert.ok(tree.pools.some((p) => p.identityPoolId === PHOTOSHARE_POOL_ID));
    assert.ok(!tree.pools.flatMap((p) => p.uris).some((u) => /(fifo|zero)\.roles\.json$/.test(u)));
  });
});

describe('JWKS files are read as the CLI reads --jwks', () => {
  let client: LspClient;

  before(async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ipr-lsp-jwks-'));
    fs.mkdirSync(path.join(folder, 'keys'));
    const jwks = JSON.parse(example('tokens', 'jwks.json')) as { keys: unknown[] };
    fs.writeFileSync(path.join(folder, 'keys', 'bare.json'), JSON.stringify(jwks.keys[0]));
    fs.writeFileSync(path.join(folder, 'keys', 'nokty.json'), '{"keys": [{"kid": "k"}]}');
    fs.writeFileSync(path.join(folder, 'keys', 'notjson.json'), 'keys');
    client = await LspClient.start({ folder, settings: { clock: EXAMPLE_NOW, jwksFiles: ['keys/bare.json', 'keys/nokty.json', 'keys/notjson.json'] } });
    await client.waitForIndex();
  });
  after(async () => {
    await client.stop();
  });

  test('a bare JWK verifies the token; a file the CLI refuses is named with the same reason and not used', async () => {
    const token = example('tokens', 'photoshare-admin.jwt').trim();
    const decoded = await client.request<DecodeTokenResult>(DecodeTokenRequest.method, { token });
    assert.ok(decoded.ok);
    assert.equal(decoded.signature?.status, 'valid', decoded.signature?.message);
    assert.ok(
      decoded.warnings.some((w) => /^JWKS file keys\/nokty\.json is not a JSON Web Key Set: it must be an object with a "keys" array of JWKs/.test(w)),
      decoded.warnings.join('\n'),
    );
    assert.ok(decoded.warnings.includes('JWKS file keys/notjson.json is not valid JSON: InvalidSymbol at line 1, column 1.'), decoded.warnings.join('\n'));
  });
});
