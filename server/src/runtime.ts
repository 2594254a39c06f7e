/**
 * What the server needs from its host, injected so that the same `startServer` can run in Node (stdio or
 * IPC) and later in a browser worker (json-language-features' RuntimeEnvironment pattern).
 */
import { decodeText } from '../../core/index';
import type { InitializationOptions } from '../../protocol/protocol';
export interface Disposable {
  dispose(): void;
}

/** `symbolicLink` only from `readDirectory` (which does not follow links); `stat` follows them. */
export type FileType = 'file' | 'directory' | 'symbolicLink' | 'other';

export interface FileStat {
  type: FileType;
  size: number;
  /** Modification time in ms. */
  mtime: number;
}

export interface FileSystem {
  /**
   * The bytes of a regular file, read up to `maxBytes` whatever its size claims: rejects with a
   * `FileReadRefusal` for anything else (a device or a FIFO may never end) and for a larger file.
   * Decoding is the caller's (core `decodeText`), so every host reads the same encodings.
   */
  readFile(uri: string, maxBytes: number): Promise<Uint8Array>;
  /** `undefined` when the file does not exist or cannot be read. */
  stat(uri: string): Promise<FileStat | undefined>;
  readDirectory(uri: string): Promise<Array<[name: string, type: FileType]>>;
  /**
   * The uri of the file itself, every symbolic link on the way resolved; `undefined` if it cannot be
   * resolved. Without it, hosts never follow links to directories (which could form a cycle).
   */
  realUri?(uri: string): Promise<string | undefined>;
  /**
   * Reads a file from its start, handing each piece read to `onPiece` until `onPiece` returns true, the
   * file ends or `maxBytes` bytes have been read (whatever the file's size says). Lets the workspace index
   * look for markers without reading every file whole. Without it, the index reads whole files. A piece
   * is valid only during the call (its buffer is re-used).
   */
  readPieces?(uri: string, maxBytes: number, onPiece: (piece: Uint8Array) => boolean): Promise<void>;
  /** Turns a path from the settings (absolute, or relative to `baseUri`) into a uri; `undefined` if impossible. */
  resolvePath(path: string, baseUri?: string): string | undefined;
}

export type FileReadRefusalReason = 'not-a-regular-file' | 'too-large';

/** Why `FileSystem.readFile` did not read a file that exists. */
export class FileReadRefusal extends Error {
  constructor(readonly reason: FileReadRefusalReason) {
    super(reason === 'too-large' ? 'the file is larger than the bound' : 'not a regular file');
    this.name = 'FileReadRefusal';
  }
}

/** Why `readDiskText` gave no text: a refusal, no such file, another read error, or bytes that are not text. */
export type DiskTextFailure = FileReadRefusalReason | 'missing' | 'unreadable' | 'encoding';

export type DiskText = { ok: true; text: string } | { ok: false; failure: DiskTextFailure; /** For `encoding`: what is wrong. */ problem?: string };

/**
 * Reads a file from disk as the CLI does (regular files only, at most `maxBytes`, UTF-8 or UTF-16 with a
 * byte-order mark) and says why not when it cannot; each caller words the failure for its setting or file.
 */
export async function readDiskText(file: FileSystem, uri: string, maxBytes: number): Promise<DiskText> {
  let bytes: Uint8Array;
  try {
    bytes = await file.readFile(uri, maxBytes);
  } catch (error) {
    if (error instanceof FileReadRefusal) return { ok: false, failure: error.reason };
    return { ok: false, failure: (error as { code?: string }).code === 'ENOENT' ? 'missing' : 'unreadable' };
  }
  const decoded = decodeText(bytes);
  return decoded.ok ? { ok: true, text: decoded.text } : { ok: false, failure: 'encoding', problem: decoded.problem };
}

export interface RuntimeEnvironment {
  /** Absent in hosts without file access: then only open documents are known. */
  file?: FileSystem;
  timer: {
    setTimeout(callback: () => void, ms: number): Disposable;
    setImmediate(callback: () => void): Disposable;
  };
  /** Wall-clock time in ms (the `system` clock). */
  now(): number;
  /**
   * A full garbage collection, when the host allows it (Node started with `--expose-gc`). V8 lets old
   * garbage pile up for a long time; collecting now and then keeps a long editing session's memory flat.
   */
  collectGarbage?(): void;
  /**
   * The bytes of a file shipped in the extension's `dist/` folder (e.g. `tree-sitter.wasm`), named relative
   * to `dist/` (`/`-separated; no `..`, no absolute path: see `checkAssetName`). Rejects when the file is
   * absent or cannot be read. Node: read from the folder of the server bundle (`dist/`); browser: fetched
   * from `dist/` beside the worker's script, or read through the editor from the extension's uri.
   */
  readAsset?(name: string): Promise<Uint8Array>;
  /** Called once with the client's `initializationOptions` (at `initialize`, before any request). */
  initialize?(options: InitializationOptions | undefined): void;
}

/** Asset names are plain relative paths below `dist/`: a name can never reach outside it. */
export function checkAssetName(name: string): string {
  if (!/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(name) || name.split('/').some((segment) => segment === '..' || segment === '.')) {
    throw new Error(`Not an asset name: ${JSON.stringify(name)} (a path relative to dist/, without "..")`);
  }
  return name;
}

/** Lets other queued messages (e.g. a `$/cancelRequest`) be processed before long work goes on. */
export function yieldToEventLoop(runtime: RuntimeEnvironment): Promise<void> {
  return new Promise((resolve) => runtime.timer.setImmediate(resolve));
}
