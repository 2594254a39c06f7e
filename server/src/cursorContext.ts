/**
 * Where the cursor is in a JSON or YAML document, in terms completion needs: writing a property name in
 * the object at some path, or a value at some path, and which text the completion replaces. Works on
 * incomplete text (JSON through jsonc-parser's `getLocation`; YAML by parsing the text with a placeholder
 * key on the cursor's line, so the yaml library places it in the right mapping).
 */
import * as jsonc from 'jsonc-parser';
import { parseText, type TextFormat, findNode, pathOf, propertyKeyAtOffset, type ObjectNode, type SyntaxNode } from '../../core/index';
import type { Path } from './schemaContext';

export interface CursorContext {
  format: TextFormat;
  /** `key`: a property name of the object at `path`; `value`: the value at `path`. */
  kind: 'key' | 'value';
  path: Path;
  /** Offsets of the text a completion replaces (in JSON including the quotes). */
  replaceStart: number;
  replaceEnd: number;
  /** What the user typed so far, without quotes. */
  partial: string;
  /** The quote the typed text starts with, if any. */
  quote?: '"' | "'";
  /** Keys already present in the object (for `key`), without the one being typed. */
  existingKeys: string[];
  /** JSON `key`: the property already has `:` after the key, so only the key is replaced. */
  keyHasValue?: boolean;
  /** JSON: another property or item follows, so an inserted property needs a trailing comma. */
  needsComma?: boolean;
  /** YAML `key`: the column the key starts at. */
  column: number;
}

const PLACEHOLDER_KEY = 'x__identity_pool_roles_completion__';
const MAX_YAML_LINE_PREFIX = 2_000;

export function cursorContext(text: string, offset: number, format: TextFormat, root: SyntaxNode | undefined): CursorContext | undefined {
  const safeOffset = Math.max(0, Math.min(offset, text.length));
  return format === 'json' ? jsonContext(text, safeOffset, root) : yamlContext(text, safeOffset);
}

function wordBounds(text: string, offset: number): { start: number; end: number } {
  let start = offset;
  while (start > 0 && /[\w:./@+=,-]/.test(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && /[\w:./@+=,-]/.test(text[end])) end++;
  return { start, end };
}

function lineStartOf(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1) + 1, 0);
}

function objectKeys(node: SyntaxNode | undefined, except?: string): string[] {
  return node?.kind === 'object' ? node.properties.map((p) => p.key).filter((k) => k !== except) : [];
}

function jsonContext(text: string, offset: number, root: SyntaxNode | undefined): CursorContext | undefined {
  const location = jsonc.getLocation(text, offset);
  const previous = location.previousNode;
  const inPrevious = previous !== undefined && offset >= previous.offset && offset <= previous.offset + previous.length;
  const column = offset - lineStartOf(text, offset);
  let start: number;
  let end: number;
  let partial: string;
  let quote: '"' | undefined;
  if (inPrevious && previous && (previous.type === 'string' || previous.type === 'number' || previous.type === 'boolean' || previous.type === 'null')) {
    start = previous.offset;
    end = previous.offset + previous.length;
    const raw = text.slice(start, offset);
    quote = raw.startsWith('"') ? '"' : undefined;
    partial = quote ? raw.slice(1) : raw;
  } else {
    const word = wordBounds(text, offset);
    if (text[word.start - 1] === '"') {
      // Inside an unterminated string: replace from the opening quote.
      start = word.start - 1;
      quote = '"';
    } else {
      start = word.start;
    }
    end = word.end;
    if (text[end] === '"' && quote) end++;
    partial = text.slice(word.start, offset);
  }
  const after = text.slice(end).match(/^\s*(\S)/)?.[1];
  if (location.isAtPropertyKey) {
    const objectPath = location.path.slice(0, -1);
    const keyHasValue = after === ':';
    return {
      format: 'json',
      kind: 'key',
      path: objectPath,
      replaceStart: start,
      replaceEnd: end,
      partial,
      quote,
      existingKeys: objectKeys(findNode(root, objectPath), partial),
      keyHasValue,
      needsComma: !keyHasValue && after === '"',
      column,
    };
  }
  const path = location.path;
  // Right after `{` or `,` in an object with nothing typed, jsonc reports a value position with an empty key.
  if (path[path.length - 1] === '') {
    const objectPath = path.slice(0, -1);
    return {
      format: 'json',
      kind: 'key',
      path: objectPath,
      replaceStart: start,
      replaceEnd: end,
      partial,
      quote,
      existingKeys: objectKeys(findNode(root, objectPath)),
      needsComma: after === '"',
      column,
    };
  }
  return { format: 'json', kind: 'value', path, replaceStart: start, replaceEnd: end, partial, quote, existingKeys: [], column };
}

const YAML_VALUE_LINE = /^(\s*(?:-\s+)*)(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s"'#\-?:,[\]{}][^#]*?|[-?:][^\s#][^#]*?))[ \t]*:(?:[ \t]+(.*))?$/;
const YAML_KEY_LINE = /^(\s*(?:-\s+)*)([^\s:#"'[\]{},][^:#]*)?$/;

function yamlContext(text: string, offset: number): CursorContext | undefined {
  const lineStart = lineStartOf(text, offset);
  const newline = text.indexOf('\n', offset);
  const lineEnd = newline === -1 ? text.length : text[newline - 1] === '\r' ? newline - 1 : newline;
  const prefix = text.slice(lineStart, offset);
  // No YAML key or value is this long; the line patterns below must not run on huge lines.
  if (prefix.length > MAX_YAML_LINE_PREFIX) return undefined;
  const valueMatch = YAML_VALUE_LINE.exec(prefix);
  if (valueMatch) {
    const keyStart = lineStart + valueMatch[1].length;
    const rawValue = valueMatch[5] ?? '';
    const valueStart = offset - rawValue.length;
    const rest = text.slice(offset, lineEnd).replace(/\s+#.*$/, '');
    const restWord = /^[^\s#]*/.exec(rest)?.[0] ?? '';
    const quote = rawValue.startsWith('"') ? '"' : rawValue.startsWith("'") ? "'" : undefined;
    const parsed = parseText(text, 'yaml');
    const property = propertyKeyAtOffset(parsed.root, keyStart + 1) ?? propertyKeyAtOffset(parsed.root, keyStart);
    if (!property) return undefined;
    return {
      format: 'yaml',
      kind: 'value',
      path: [...pathOf(property.parent), property.key],
      replaceStart: valueStart,
      replaceEnd: offset + restWord.length,
      partial: quote ? rawValue.slice(1) : rawValue,
      quote,
      existingKeys: [],
      column: offset - lineStart,
    };
  }
  const keyMatch = YAML_KEY_LINE.exec(prefix);
  if (!keyMatch) return undefined;
  const keyStart = lineStart + keyMatch[1].length;
  const partial = keyMatch[2] ?? '';
  const rest = text.slice(offset, lineEnd);
  // Only a plain key (or nothing) may follow the cursor on this line: otherwise this is not a key position.
  const restKey = /^[^\s:#]*/.exec(rest)?.[0] ?? '';
  if (rest.slice(restKey.length).trim() !== '' && !/^\s*:/.test(rest.slice(restKey.length))) return undefined;
  const keyHasValue = /^\s*:/.test(rest.slice(restKey.length));
  const replaced = keyHasValue
    ? `${text.slice(0, keyStart)}${PLACEHOLDER_KEY}${text.slice(offset + restKey.length)}`
    : `${text.slice(0, keyStart)}${PLACEHOLDER_KEY}:${text.slice(lineEnd)}`;
  const parsed = parseText(replaced, 'yaml');
  const property = propertyKeyAtOffset(parsed.root, keyStart + 1);
  if (!property || property.key !== PLACEHOLDER_KEY) return undefined;
  const object: ObjectNode = property.parent;
  return {
    format: 'yaml',
    kind: 'key',
    path: pathOf(object),
    replaceStart: keyStart,
    replaceEnd: offset + restKey.length,
    partial: partial.trimEnd(),
    existingKeys: objectKeys(object, PLACEHOLDER_KEY),
    keyHasValue,
    column: keyStart - lineStart,
  };
}
