/**
 * Reading the files the user names; every failure becomes a UsageError (exit 2) with a plain message.
 * Only regular files are read, and never more than MAX_INPUT_BYTES whatever their size claims to be:
 * `/dev/zero`, a FIFO or a socket would otherwise hang the CLI or fill its memory.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import * as jsonc from 'jsonc-parser';
import { decodeText } from '../core/index';
import { printableName } from './text';
import { UsageError } from './usage';

/** Files larger than this are refused (role-mapping files are a few KB). */
export const MAX_INPUT_BYTES = 20 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;

/**
 * The bytes of a regular file, at most `maxBytes` of them. The file is opened without blocking (opening a
 * FIFO for reading would otherwise wait for a writer) and checked on the open descriptor, so what is
 * checked is what is read.
 */
export function readFileBytes(path: string, what: string, maxBytes = MAX_INPUT_BYTES): Uint8Array {
  const refuse = (reason: string) => new UsageError(`Cannot read ${what} ${printableName(path)}: ${reason}.`);
  const tooLarge = () => refuse(`it is larger than ${formatSize(maxBytes)}, more than this tool reads`);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw refuse(describeFsError(error));
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw refuse('it is a directory');
    if (!stat.isFile()) throw refuse(`it is ${describeFileType(stat)}, not a regular file`);
    if (stat.size > maxBytes) throw tooLarge();
    // The size from stat is only a hint (a file may grow while read): the bound is on the bytes read.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
      const count = readSync(fd, chunk, 0, chunk.length, null);
      if (count === 0) break;
      chunks.push(chunk.subarray(0, count));
      total += count;
      if (total > maxBytes) throw tooLarge();
    }
    return Buffer.concat(chunks, total);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw refuse(describeFsError(error));
  } finally {
    closeSync(fd);
  }
}

/** A file's text (UTF-8, or UTF-16 with a byte-order mark); a file that is not text is a usage error. */
export function readTextFile(path: string, what: string, maxBytes = MAX_INPUT_BYTES): string {
  const decoded = decodeText(readFileBytes(path, what, maxBytes));
  if (!decoded.ok) throw new UsageError(`Cannot read ${what} ${printableName(path)}: ${decoded.problem}`);
  return decoded.text;
}

function describeFileType(stat: Stats): string {
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'a special file';
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / 1024 / 1024)} MB`;
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENXIO':
      // Opening a socket, or a FIFO for writing without a reader.
      return 'it is not a regular file';
    default:
      return code ?? 'unknown error';
  }
}

/**
 * Parses a JSON file that must hold an object. Messages give the position of a syntax error but never
 * the file's content (it may hold claim values).
 */
export function readJsonObject(path: string, what: string): Record<string, unknown> {
  const text = readTextFile(path, what);
  const errors: jsonc.ParseError[] = [];
  const value: unknown = jsonc.parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  const name = printableName(path);
  if (errors.length > 0) {
    const first = errors[0];
    const before = text.slice(0, first.offset);
    const line = before.split('\n').length;
    const column = first.offset - before.lastIndexOf('\n');
    throw new UsageError(`${what} ${name} is not valid JSON: ${jsonc.printParseErrorCode(first.error)} at line ${line}, column ${column}.`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(
      `${what} ${name} must hold a JSON object, but it holds ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`}.`,
    );
  }
  return value as Record<string, unknown>;
}
