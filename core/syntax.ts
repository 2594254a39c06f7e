/**
 * A format-neutral syntax tree with source offsets, built from JSON (jsonc-parser) or YAML (`yaml`).
 * Everything downstream (shape validation, model building, hover, completion) walks this tree,
 * so JSON and YAML documents get the same checks with exact ranges.
 */
import * as jsonc from 'jsonc-parser';
import { LineIndex, Range } from './positions';

interface NodeBase {
  offset: number;
  length: number;
  parent?: SyntaxNode;
  /** Set on the value of an object property: the property that holds it. */
  property?: PropertyNode;
}

export interface ObjectNode extends NodeBase {
  kind: 'object';
  properties: PropertyNode[];
}

export interface ArrayNode extends NodeBase {
  kind: 'array';
  items: SyntaxNode[];
}

export interface ScalarNode extends NodeBase {
  kind: 'string' | 'number' | 'boolean' | 'null';
  value: string | number | boolean | null;
}

export type SyntaxNode = ObjectNode | ArrayNode | ScalarNode;

export interface PropertyNode {
  /** Offset and length of the whole `key: value` pair. */
  offset: number;
  length: number;
  key: string;
  keyOffset: number;
  keyLength: number;
  /** Missing while the user is still typing (`"Type":` with nothing after it). */
  value?: SyntaxNode;
  parent: ObjectNode;
  /** YAML short-form tag written on the value (`!Ref`), kept for display; the value is already the long form. */
  tag?: string;
}

export interface SyntaxError {
  message: string;
  offset: number;
  length: number;
  /**
   * Not a syntax error: valid text that this reader does not read in full (a second YAML document, an
   * unknown YAML tag, nesting past the tree's depth). Reported on role-mapping documents, where it
   * matters; not on files that are not ours.
   */
  readLimit?: true;
  /** The reader refused the whole text (absurd nesting): said even where the kind of file is unknown. */
  refusedWhole?: true;
}

/** A parsed text: its tree (if anything could be recovered), its syntax errors and its line index. */
export interface ParsedText {
  text: string;
  lines: LineIndex;
  root?: SyntaxNode;
  errors: SyntaxError[];
  /** `terraform`: a `.tf` configuration translated into the template-shaped tree (core/terraform/). */
  format: 'json' | 'yaml' | 'terraform';
}

/*
 * Node factories: every node of a kind is built with all its fields at once, in one order, so V8 keeps
 * them in one small object of one shape (fields added later would each need an extra backing store, and
 * open templates keep their trees).
 */
export function objectNode(offset: number, length: number, parent?: SyntaxNode): ObjectNode {
  return { kind: 'object', offset, length, parent, property: undefined, properties: [] };
}

export function arrayNode(offset: number, length: number, parent?: SyntaxNode): ArrayNode {
  return { kind: 'array', offset, length, parent, property: undefined, items: [] };
}

export function scalarNode(kind: ScalarNode['kind'], value: ScalarNode['value'], offset: number, length: number, parent?: SyntaxNode): ScalarNode {
  return { kind, offset, length, parent, property: undefined, value };
}

export function propertyNode(
  offset: number,
  length: number,
  key: string,
  keyOffset: number,
  keyLength: number,
  parent: ObjectNode,
  tag?: string,
): PropertyNode {
  return { offset, length, key, keyOffset, keyLength, value: undefined, parent, tag };
}

export function nodeRange(lines: LineIndex, node: { offset: number; length: number }): Range {
  return lines.rangeAt(node.offset, node.length);
}

export function keyRange(lines: LineIndex, property: PropertyNode): Range {
  return lines.rangeAt(property.keyOffset, property.keyLength);
}

export function getProperty(node: SyntaxNode | undefined, key: string): PropertyNode | undefined {
  if (!node || node.kind !== 'object') return undefined;
  // The last duplicate wins, as in JSON.parse; duplicates are reported separately.
  for (let i = node.properties.length - 1; i >= 0; i--) {
    if (node.properties[i].key === key) return node.properties[i];
  }
  return undefined;
}

export function getValue(node: SyntaxNode | undefined, key: string): SyntaxNode | undefined {
  return getProperty(node, key)?.value;
}

export function isString(node: SyntaxNode | undefined): node is ScalarNode & { value: string } {
  return node?.kind === 'string';
}

/** Plain JS value of a node (objects, arrays, scalars), as JSON.parse would give. */
export function toValue(node: SyntaxNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.kind) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const p of node.properties) if (p.value) out[p.key] = toValue(p.value);
      return out;
    }
    case 'array':
      return node.items.map(toValue);
    default:
      return node.value;
  }
}

/** Follows a path of keys and indexes; `undefined` when any step is missing. */
export function findNode(root: SyntaxNode | undefined, path: ReadonlyArray<string | number>): SyntaxNode | undefined {
  let node = root;
  for (const segment of path) {
    if (!node) return undefined;
    if (typeof segment === 'number') {
      node = node.kind === 'array' ? node.items[segment] : undefined;
    } else {
      node = getValue(node, segment);
    }
  }
  return node;
}

/** The path of keys and indexes from the root to a node. */
export function pathOf(node: SyntaxNode): Array<string | number> {
  const path: Array<string | number> = [];
  let current: SyntaxNode | undefined = node;
  while (current?.parent) {
    const parent: SyntaxNode = current.parent;
    if (parent.kind === 'array') path.unshift(parent.items.indexOf(current));
    else if (current.property) path.unshift(current.property.key);
    current = parent;
  }
  return path;
}

/** The innermost node whose span contains the offset (end inclusive, so a cursor after a value still finds it). */
export function nodeAtOffset(root: SyntaxNode | undefined, offset: number): SyntaxNode | undefined {
  if (!root || offset < root.offset || offset > root.offset + root.length) return undefined;
  if (root.kind === 'object') {
    for (const p of root.properties) {
      if (p.value && offset >= p.value.offset && offset <= p.value.offset + p.value.length) {
        return nodeAtOffset(p.value, offset) ?? p.value;
      }
    }
  } else if (root.kind === 'array') {
    for (const item of root.items) {
      const found = nodeAtOffset(item, offset);
      if (found) return found;
    }
  }
  return root;
}

/** The property whose key contains the offset, if the offset is on a key. */
export function propertyKeyAtOffset(root: SyntaxNode | undefined, offset: number): PropertyNode | undefined {
  if (!root) return undefined;
  if (root.kind === 'object') {
    for (const p of root.properties) {
      if (offset >= p.keyOffset && offset <= p.keyOffset + p.keyLength) return p;
      if (p.value) {
        const inner = propertyKeyAtOffset(p.value, offset);
        if (inner) return inner;
      }
    }
  } else if (root.kind === 'array') {
    for (const item of root.items) {
      const inner = propertyKeyAtOffset(item, offset);
      if (inner) return inner;
    }
  }
  return undefined;
}

const JSON_ERROR_MESSAGES: Record<number, string> = {
  [jsonc.ParseErrorCode.InvalidSymbol]: 'Invalid symbol: this is not valid JSON here.',
  [jsonc.ParseErrorCode.InvalidNumberFormat]: 'Invalid number format.',
  [jsonc.ParseErrorCode.PropertyNameExpected]: 'A property name in double quotes is expected here.',
  [jsonc.ParseErrorCode.ValueExpected]: 'A value is expected here.',
  [jsonc.ParseErrorCode.ColonExpected]: 'A colon (:) is expected after the property name.',
  [jsonc.ParseErrorCode.CommaExpected]: 'A comma is expected between values.',
  [jsonc.ParseErrorCode.CloseBraceExpected]: 'A closing brace (}) is expected.',
  [jsonc.ParseErrorCode.CloseBracketExpected]: 'A closing bracket (]) is expected.',
  [jsonc.ParseErrorCode.EndOfFileExpected]: 'Unexpected text after the end of the JSON value.',
  [jsonc.ParseErrorCode.InvalidCommentToken]: 'Invalid comment.',
  [jsonc.ParseErrorCode.UnexpectedEndOfComment]: 'A comment is not closed.',
  [jsonc.ParseErrorCode.UnexpectedEndOfString]: 'A string is not closed.',
  [jsonc.ParseErrorCode.UnexpectedEndOfNumber]: 'A number is not complete.',
  [jsonc.ParseErrorCode.InvalidUnicode]: 'Invalid unicode escape sequence.',
  [jsonc.ParseErrorCode.InvalidEscapeCharacter]: 'Invalid escape character in a string.',
  [jsonc.ParseErrorCode.InvalidCharacter]: 'Invalid character in a string.',
};

/**
 * Deeper nesting than this is never a role-mapping file; below it, every recursive walk of the tree
 * (schema validation, value conversion) is safe from stack overflows.
 */
export const MAX_NESTING_DEPTH = 200;

/**
 * Parses JSON (comments and trailing commas tolerated, as the AWS CLI's JSON input is usually edited by
 * hand) straight into the neutral tree with jsonc-parser's visitor: one pass, no intermediate tree.
 */
export function parseJsonText(text: string): ParsedText {
  const errors: SyntaxError[] = [];
  const stack: Array<ObjectNode | ArrayNode> = [];
  let root: SyntaxNode | undefined;
  let pendingProperty: PropertyNode | undefined;
  let depth = 0;
  let tooDeepAt = -1;

  const attach = (node: SyntaxNode): void => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      root ??= node;
      return;
    }
    node.parent = parent;
    if (parent.kind === 'array') {
      parent.items.push(node);
    } else if (pendingProperty && pendingProperty.parent === parent) {
      pendingProperty.value = node;
      node.property = pendingProperty;
      pendingProperty.length = node.offset + node.length - pendingProperty.offset;
      pendingProperty = undefined;
    }
  };
  const close = (node: ObjectNode | ArrayNode, end: number): void => {
    node.length = end - node.offset;
    if (node.property) node.property.length = end - node.property.offset;
  };

  try {
    jsonc.visit(
      text,
      {
        onObjectBegin: (offset) => {
          depth++;
          if (depth > MAX_NESTING_DEPTH) {
            if (tooDeepAt < 0) tooDeepAt = offset;
            return;
          }
          const node = objectNode(offset, 1);
          attach(node);
          stack.push(node);
        },
        onObjectProperty: (key, offset, length) => {
          if (depth > MAX_NESTING_DEPTH) return;
          const parent = stack[stack.length - 1];
          if (parent?.kind !== 'object') return;
          pendingProperty = propertyNode(offset, length, key, offset, length, parent);
          parent.properties.push(pendingProperty);
        },
        onObjectEnd: (offset, length) => {
          depth--;
          if (depth >= MAX_NESTING_DEPTH) return;
          const node = stack.pop();
          if (node) close(node, offset + length);
          pendingProperty = undefined;
        },
        onArrayBegin: (offset) => {
          depth++;
          if (depth > MAX_NESTING_DEPTH) {
            if (tooDeepAt < 0) tooDeepAt = offset;
            return;
          }
          const node = arrayNode(offset, 1);
          attach(node);
          stack.push(node);
        },
        onArrayEnd: (offset, length) => {
          depth--;
          if (depth >= MAX_NESTING_DEPTH) return;
          const node = stack.pop();
          if (node) close(node, offset + length);
        },
        onLiteralValue: (value: unknown, offset, length) => {
          if (depth >= MAX_NESTING_DEPTH) return;
          const kind = value === null ? 'null' : typeof value;
          if (kind !== 'string' && kind !== 'number' && kind !== 'boolean' && kind !== 'null') return;
          attach(scalarNode(kind, value as ScalarNode['value'], offset, length));
        },
        onError: (error, offset, length) => {
          errors.push({ message: JSON_ERROR_MESSAGES[error] ?? jsonc.printParseErrorCode(error), offset, length });
        },
      },
      { allowTrailingComma: true, disallowComments: false },
    );
  } catch (error) {
    // jsonc-parser recurses per nesting level; absurdly deep input overflows its stack.
    if (!(error instanceof RangeError)) throw error;
    if (tooDeepAt < 0) tooDeepAt = 0;
  }
  // Unclosed containers (the user is typing): they end where the text ends.
  for (const open of stack) close(open, text.length);
  if (tooDeepAt >= 0) {
    errors.push({
      message: `The JSON nests deeper than ${MAX_NESTING_DEPTH} levels; the deeper part is ignored.`,
      offset: tooDeepAt,
      length: 1,
      readLimit: true,
    });
  }
  return { text, lines: new LineIndex(text), root, errors, format: 'json' };
}

/**
 * Incremental re-parse for the most common edit: typing inside one string (a value or a key) of a JSON
 * document without syntax errors. When the texts differ only inside one string and the new string has no
 * quote, backslash or control character, the new tree is the old one with that string's value replaced
 * and everything after it moved; no re-scan of the text. Returns `undefined` for any other edit, for
 * which the caller parses the whole text. (The old tree is copied, not changed: older models share it.)
 */
export function reparseJsonAfterEdit(previous: ParsedText, text: string): ParsedText | undefined {
  if (previous.format !== 'json' || previous.errors.length > 0 || !previous.root) return undefined;
  const old = previous.text;
  if (old === text) return previous;
  // The changed span: old [start, oldEnd) became new [start, newEnd).
  const start = commonPrefixLength(old, text);
  const suffix = commonSuffixLength(old, text, Math.min(old.length, text.length) - start);
  const oldEnd = old.length - suffix;
  const delta = text.length - old.length;

  const edited = stringTokenAround(previous.root, start, oldEnd);
  if (!edited) return undefined;
  const tokenStart = edited.offset;
  const tokenEnd = edited.offset + edited.length + delta;
  if (text.charCodeAt(tokenStart) !== 34 || text.charCodeAt(tokenEnd - 1) !== 34) return undefined;
  const content = text.slice(tokenStart + 1, tokenEnd - 1);
  if (!SIMPLE_STRING_CONTENT.test(content)) return undefined;

  const moved = (offset: number) => (offset >= oldEnd ? offset + delta : offset);
  const grown = (offset: number, length: number) => (offset < start && offset + length >= oldEnd ? length + delta : length);
  const copy = (node: SyntaxNode, parent: ObjectNode | ArrayNode | undefined, property: PropertyNode | undefined): SyntaxNode => {
    const offset = moved(node.offset);
    const length = grown(node.offset, node.length);
    let result: SyntaxNode;
    if (node.kind === 'object') {
      const object = objectNode(offset, length, parent);
      for (const p of node.properties) {
        const isEditedKey = edited.kind === 'key' && edited.property === p;
        const copied = propertyNode(
          moved(p.offset),
          grown(p.offset, p.length),
          isEditedKey ? content : p.key,
          moved(p.keyOffset),
          isEditedKey ? p.keyLength + delta : p.keyLength,
          object,
        );
        if (p.value) copied.value = copy(p.value, object, copied);
        object.properties.push(copied);
      }
      result = object;
    } else if (node.kind === 'array') {
      const array = arrayNode(offset, length, parent);
      for (const item of node.items) array.items.push(copy(item, array, undefined));
      result = array;
    } else {
      const isEditedValue = edited.kind === 'value' && edited.node === node;
      result = scalarNode(node.kind, isEditedValue ? content : node.value, offset, length, parent);
    }
    result.property = property;
    return result;
  };
  const root = copy(previous.root, undefined, undefined);
  const lines = previous.lines.afterEditWithinLine(text, start, delta);
  return { text, lines, root, errors: [], format: 'json' };
}

/** Length of the common prefix of two texts. */
function commonPrefixLength(a: string, b: string): number {
  return longestAgreement(Math.min(a.length, b.length), (from, to) => a.slice(from, to) === b.slice(from, to));
}

/** Length of the common suffix, at most `limit` (so that it does not overlap the common prefix). */
function commonSuffixLength(a: string, b: string, limit: number): number {
  return longestAgreement(limit, (from, to) => a.slice(a.length - to, a.length - from) === b.slice(b.length - to, b.length - from));
}

/**
 * The largest n <= limit for which `agree(0, n)` holds, found by bisection where each step compares only
 * the segment `agree(known, candidate)` beyond what is known to agree: a few native memory compares
 * instead of a loop over every character (the texts are whole documents).
 */
function longestAgreement(limit: number, agree: (from: number, to: number) => boolean): number {
  let low = 0;
  let high = limit;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (agree(low, mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** What a JSON string may hold for its value to be its text as written: no quote, escape or control character. */
const SIMPLE_STRING_CONTENT = /^[^"\\\u0000-\u001f]*$/;

type EditedString =
  { kind: 'value'; node: ScalarNode; offset: number; length: number } | { kind: 'key'; property: PropertyNode; offset: number; length: number };

/** The string token (with its quotes) whose inside holds the span [start, end), if there is one. */
function stringTokenAround(root: SyntaxNode, start: number, end: number): EditedString | undefined {
  const inside = (offset: number, length: number) => offset < start && end <= offset + length - 1;
  let node: SyntaxNode | undefined = root;
  while (node) {
    if (node.kind === 'string') return inside(node.offset, node.length) ? { kind: 'value', node, offset: node.offset, length: node.length } : undefined;
    let next: SyntaxNode | undefined;
    if (node.kind === 'object') {
      for (const p of node.properties) {
        if (inside(p.keyOffset, p.keyLength)) return { kind: 'key', property: p, offset: p.keyOffset, length: p.keyLength };
        if (p.value && p.value.offset <= start && end <= p.value.offset + p.value.length) {
          next = p.value;
          break;
        }
      }
    } else if (node.kind === 'array') {
      next = node.items.find((item) => item.offset <= start && end <= item.offset + item.length);
    }
    node = next;
  }
  return undefined;
}
