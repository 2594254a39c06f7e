/** The server's bounded read of a file from disk (server/src/node/readRegularFile.ts). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { readRegularFile } from '../../server/src/node/readRegularFile';
import { FileReadRefusal, type FileReadRefusalReason } from '../../server/src/runtime';

async function refusal(read: Promise<Uint8Array>): Promise<FileReadRefusalReason> {
  try {
    await read;
  } catch (error) {
    assert.ok(error instanceof FileReadRefusal, String(error));
    return error.reason;
  }
  throw new Error('the read was not refused');
}

describe('readRegularFile', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipr-read-'));

  it('reads a regular file up to and including the bound', async () => {
    const file = path.join(dir, 'ten.json');
    fs.writeFileSync(file, '0123456789');
    assert.equal(Buffer.from(await readRegularFile(file, 10)).toString(), '0123456789');
    assert.equal(await refusal(readRegularFile(file, 9)), 'too-large');
  });

  it(
    'stops at the bound when stat says less than the file holds (a /proc file says 0 bytes)',
    { skip: !fs.existsSync('/proc/self/status') && 'no /proc' },
    async () => {
      assert.equal(fs.statSync('/proc/self/status').size, 0);
      assert.equal(await refusal(readRegularFile('/proc/self/status', 100)), 'too-large');
    },
  );

  it('refuses a device, a FIFO nobody writes to and a directory, without waiting', async () => {
    if (fs.existsSync('/dev/zero')) assert.equal(await refusal(readRegularFile('/dev/zero', 1024)), 'not-a-regular-file');
    const fifo = path.join(dir, 'fifo.json');
    if (spawnSync('mkfifo', [fifo], { timeout: 5_000 }).status === 0) assert.equal(await refusal(readRegularFile(fifo, 1024)), 'not-a-regular-file');
    assert.equal(await refusal(readRegularFile(dir, 1024)), 'not-a-regular-file');
  });

  it('a missing file is an ordinary error, not a refusal', async () => {
    await assert.rejects(
      readRegularFile(path.join(dir, 'missing.json'), 10),
      (error: unknown) => !(error instanceof FileReadRefusal) && (error as { code?: string }).code === 'ENOENT',
    );
  });
});
