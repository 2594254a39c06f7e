/** Reading the files the user names; every failure becomes a UsageError (exit 2) with a plain message. */
import { readFileSync, statSync } from 'node:fs';
import * as jsonc from 'jsonc-parser';
import { UsageError } from './usage';

/** Files larger than this are refused before reading (role-mapping files are a few KB). */
const MAX_INPUT_BYTES = 20 * 1024 * 1024;

export function readTextFile(path: string, what: string): string {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new UsageError(`Cannot read ${what} ${path}: it is a directory.`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`Cannot read ${what} ${path}: ${describeFsError(error)}.`);
  }
  if (size > MAX_INPUT_BYTES) throw new UsageError(`Cannot read ${what} ${path}: it is ${Math.round(size / 1024 / 1024)} MB, more than this tool reads.`);
  try {
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    throw new UsageError(`Cannot read ${what} ${path}: ${describeFsError(error)}.`);
  }
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
  if (errors.length > 0) {
    const first = errors[0];
    const before = text.slice(0, first.offset);
    const line = before.split('\n').length;
    const column = first.offset - before.lastIndexOf('\n');
    throw new UsageError(`${what} ${path} is not valid JSON: ${jsonc.printParseErrorCode(first.error)} at line ${line}, column ${column}.`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`${what} ${path} must hold a JSON object, but it holds ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`}.`);
  }
  return value as Record<string, unknown>;
}
