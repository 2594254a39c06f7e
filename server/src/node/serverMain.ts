/**
 * Node entry of the language server, bundled to `dist/server.js`. `createConnection` picks the transport
 * from the command line: `--stdio` for any LSP client, `--node-ipc` for the VS Code client.
 */
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import type { FileSystem, FileType, RuntimeEnvironment } from '../runtime';
import { packageServiceActionsReader, useServiceActionsReader } from '../../../core/index';
import { startServer } from '../server';
import { readRegularFile } from './readRegularFile';

function fileTypeOf(entry: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): FileType {
  return entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : entry.isSymbolicLink() ? 'symbolicLink' : 'other';
}

/**
 * Pieces of `readPieces`: a small first one (most matching files are small and read whole in it, and tens
 * of thousands of 64 KB buffers would swell the resident memory), then larger ones.
 */
const FIRST_PIECE_BYTES = 4 * 1024;
const PIECE_BYTES = 64 * 1024;
/** First-piece buffers are re-used (`onPiece` keeps no piece): a few for the reads in flight. */
const spareFirstPieces: Buffer[] = [];
const MAX_SPARE_FIRST_PIECES = 32;

function toPath(uri: string): string {
  if (!uri.startsWith('file:')) throw new Error(`Only file: uris can be read from disk (${uri.replace(/:.*/, ':')})`);
  return fileURLToPath(uri);
}

const nodeFileSystem: FileSystem = {
  readFile(uri, maxBytes) {
    return readRegularFile(toPath(uri), maxBytes);
  },
  async stat(uri) {
    try {
      const stat = await fs.stat(toPath(uri));
      return { type: fileTypeOf(stat), size: stat.size, mtime: stat.mtimeMs };
    } catch {
      return undefined;
    }
  },
  async readDirectory(uri) {
    const entries = await fs.readdir(toPath(uri), { withFileTypes: true });
    // Symbolic links are reported as such: the caller decides whether to follow them (see `realUri`).
    return entries.map((entry) => [entry.name, fileTypeOf(entry)] as [string, FileType]);
  },
  async realUri(uri) {
    try {
      return pathToFileURL(await fs.realpath(toPath(uri))).href;
    } catch {
      return undefined;
    }
  },
  async readPieces(uri, maxBytes, onPiece) {
    // Non-blocking: a file swapped for a FIFO after the directory listing must not block a pool thread forever.
    const handle = await fs.open(toPath(uri), fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
    const first = spareFirstPieces.pop() ?? Buffer.allocUnsafe(FIRST_PIECE_BYTES);
    try {
      let buffer = first;
      for (let total = 0; total < maxBytes;) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, maxBytes - total), null);
        if (bytesRead === 0) return;
        total += bytesRead;
        if (onPiece(buffer.subarray(0, bytesRead))) return;
        if (buffer.length < PIECE_BYTES && total < maxBytes) buffer = Buffer.allocUnsafe(Math.min(PIECE_BYTES, maxBytes - total));
      }
    } finally {
      if (spareFirstPieces.length < MAX_SPARE_FIRST_PIECES) spareFirstPieces.push(first);
      await handle.close();
    }
  },
  resolvePath(filePath, baseUri) {
    if (/^file:/i.test(filePath)) return filePath;
    if (path.isAbsolute(filePath)) return pathToFileURL(filePath).href;
    if (!baseUri?.startsWith('file:')) return undefined;
    return pathToFileURL(path.resolve(fileURLToPath(baseUri), filePath)).href;
  },
};

const runtime: RuntimeEnvironment = {
  file: nodeFileSystem,
  timer: {
    setTimeout(callback, ms) {
      const handle = setTimeout(callback, ms);
      return { dispose: () => clearTimeout(handle) };
    },
    setImmediate(callback) {
      const handle = setImmediate(callback);
      return { dispose: () => clearImmediate(handle) };
    },
  },
  now: () => Date.now(),
  collectGarbage: typeof globalThis.gc === 'function' ? () => globalThis.gc?.() : undefined,
};

// The server must not die from a stray rejection in a handler: log it (never with token contents) and go on.
process.on('unhandledRejection', (reason) => {
  console.error(`identity-pool-roles server: unhandled rejection (${reason instanceof Error ? reason.name : typeof reason})`);
});

// With --stdio the library routes console output to the client's log, keeping stdout for the protocol.
const connection = createConnection(ProposedFeatures.all);
// The IAM action catalogue's files are read from the installed package (not bundled: see scripts/build.mjs).
useServiceActionsReader(packageServiceActionsReader(require));
// The Terraform parser's wasm files are copied next to the bundle (scripts/build.mjs).
startServer(connection, runtime, (file) => fs.readFile(path.join(__dirname, file)));
connection.listen();
