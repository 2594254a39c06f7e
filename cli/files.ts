/**
 * Reading the files the user names; every failure becomes a UsageError (exit 2) with a plain message.
 * Only regular files are read, and never more than MAX_INPUT_BYTES whatever their size claims to be:
 * `/dev/zero`, a FIFO or a socket would otherwise hang the CLI or fill its memory.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { isatty } from 'node:tty';
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
  const refuse = (reason: string) => new UsageError(`Cannot read ${what} ${printableName(inputName(path))}: ${reason}.`);
  const tooLarge = () => refuse(`it is larger than ${formatSize(maxBytes)}, more than this tool reads`);
  if (isStdin(path)) return readStdinBytes(refuse, tooLarge, maxBytes);
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

/** The argument that names standard input, as in most command-line tools (a file named `-` is `./-`). */
export const STDIN_ARGUMENT = '-';
/** What standard input is called in messages and reports, unless --stdin-name names it. */
export const STDIN_NAME = '<stdin>';

let stdinName = STDIN_NAME;
let stdinRead = false;

export function isStdin(path: string): boolean {
  return path === STDIN_ARGUMENT;
}

/** The name a path argument goes by in messages, reports and documents: `-` is standard input's name. */
export function inputName(path: string): string {
  return isStdin(path) ? stdinName : path;
}

/**
 * A hint for a Terraform text piped without a name: its format cannot be told from content (HCL is not
 * JSON, and the YAML parser reports it as broken), so it must be named. Empty when it does not apply.
 */
export function stdinTerraformHint(path: string, text: string): string {
  if (!isStdin(path) || stdinName !== STDIN_NAME) return '';
  if (!/^[ \t]*(resource|data|module|variable|provider|terraform|locals|output)\b[^\n]*\{[ \t]*$/m.test(text)) return '';
  return `${STDIN_NAME} looks like a Terraform configuration, which standard input is read as only when named: add --stdin-name main.tf.`;
}

/**
 * Sets up standard input for a command: refuses a command line that names it more than once (it can be read
 * only once), and `--stdin-name` without a `-` to name; then takes `--stdin-name` as its name, which decides
 * its format (`.tf`, `.yaml`) and is printed. `uses` are the option names (or `FILE`) with their values.
 */
export function claimStdin(uses: ReadonlyArray<readonly [label: string, value: string | undefined]>, name: string | undefined): void {
  const stdinNameGiven = name !== undefined;
  const labels = uses.filter(([, value]) => value !== undefined && isStdin(value)).map(([label]) => label);
  if (labels.length > 1) {
    const distinct = [...new Set(labels)];
    const where = distinct.length === 1 ? `${labels.length} times as ${distinct[0]}` : `for ${distinct.join(' and ')}`;
    throw new UsageError(`'-' (standard input) is given ${where}, but standard input can be read only once: name the other inputs as files.`);
  }
  if (stdinNameGiven && labels.length === 0) throw new UsageError(`--stdin-name names standard input, but no input is '-'.`);
  stdinName = name ?? STDIN_NAME;
}

/**
 * Standard input's bytes, bounded like a file's. A terminal is refused rather than waited on; an empty
 * pipe gives no bytes. Node may have made the descriptor non-blocking (EAGAIN): the read then waits a
 * little and tries again.
 */
function readStdinBytes(refuse: (reason: string) => UsageError, tooLarge: () => UsageError, maxBytes: number): Uint8Array {
  if (stdinRead) throw refuse('standard input was already read');
  stdinRead = true;
  if (isatty(0)) throw refuse('nothing is piped to standard input (it is a terminal)');
  const chunks: Buffer[] = [];
  let total = 0;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
    let count: number;
    try {
      count = readSync(0, chunk, 0, chunk.length, null);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'EAGAIN' || code === 'EWOULDBLOCK') {
        Atomics.wait(pause, 0, 0, 10);
        continue;
      }
      if (code === 'EOF') break; // Windows: the writer closed the pipe
      throw refuse(code === 'EBADF' ? 'standard input is closed' : describeFsError(error));
    }
    if (count === 0) break;
    chunks.push(chunk.subarray(0, count));
    total += count;
    if (total > maxBytes) throw tooLarge();
  }
  return Buffer.concat(chunks, total);
}

/** A file's text (UTF-8, or UTF-16 with a byte-order mark); a file that is not text is a usage error. */
export function readTextFile(path: string, what: string, maxBytes = MAX_INPUT_BYTES): string {
  const decoded = decodeText(readFileBytes(path, what, maxBytes));
  if (!decoded.ok) throw new UsageError(`Cannot read ${what} ${printableName(inputName(path))}: ${decoded.problem}`);
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
  const name = printableName(inputName(path));
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
