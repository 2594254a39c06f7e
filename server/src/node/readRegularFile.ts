/** Bounded reads of regular files for the Node host (runtime.ts `FileSystem.readFile`). */
import { constants, promises as fs } from 'node:fs';
import { FileReadRefusal } from '../runtime';

const CHUNK_BYTES = 64 * 1024;

/**
 * Opens without blocking (opening a FIFO for reading would otherwise wait for a writer), checks the open
 * descriptor (so what is checked is what is read), and reads at most `maxBytes + 1` bytes: a size from
 * stat is only a hint (0 for /proc files, and a file may grow while it is read).
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<Uint8Array> {
  const handle = await fs.open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new FileReadRefusal('not-a-regular-file');
    if (stat.size > maxBytes) throw new FileReadRefusal('too-large');
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw new FileReadRefusal('too-large');
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}
