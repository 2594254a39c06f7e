/**
 * Where a position in a `.tf` text is, for the editor's completion and hover: the resource block around it
 * (found in the tree-sitter tree, so half-typed text further down does not matter) and, from the line being
 * typed, the attribute name and whether the cursor is in its value. Read from the text itself, not from the
 * translated tree: while typing `match_type = "` nothing is translated yet.
 */
import type { Node as RawNode } from 'web-tree-sitter';
import { parseHcl } from './parser';

export interface TerraformCursor {
  /** The resource block's type and name (`aws_cognito_identity_pool_roles_attachment`, `main`). */
  resourceType: string;
  resourceName: string;
  /** The nested blocks from the resource inward (`['role_mapping', 'mapping_rule']`). */
  blocks: string[];
  /** The attribute of the cursor's line, when the line starts with `name =` or is a bare name being typed. */
  attribute?: { name: string; offset: number; length: number };
  /**
   * In the value after `=`: `quoted` inside a string (its text before the cursor in `prefix`, starting at
   * `prefixOffset`), `bare` before any quote.
   */
  value?: { quoted: boolean; prefix: string; prefixOffset: number };
}

const ATTRIBUTE_LINE_RE = /^(\s*)([A-Za-z_][\w-]*)(\s*=\s*)?("?)([^"]*)$/;

/** The cursor context at `offset`, or undefined outside a resource block (or before the parser has loaded). */
export function terraformCursorAt(text: string, offset: number): TerraformCursor | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  // The block is looked up at the start of the line: the line being typed may not parse yet.
  const lookup = lineStart + (before.length - before.trimStart().length);
  const tree = parseHcl(text);
  if (!tree) return undefined;
  try {
    const cursor = enclosingResource(tree.rootNode.descendantForIndex(lookup), text, offset);
    if (!cursor) return undefined;
    const match = ATTRIBUTE_LINE_RE.exec(before);
    if (match) {
      const [, indent, name, equals, quote, rest] = match;
      const nameOffset = lineStart + indent.length;
      cursor.attribute = { name, offset: nameOffset, length: name.length };
      if (equals) {
        const prefixOffset = nameOffset + name.length + equals.length + quote.length;
        cursor.value = { quoted: quote === '"', prefix: rest, prefixOffset };
      }
    }
    return cursor;
  } finally {
    tree.delete();
  }
}

function blockHeader(node: RawNode, text: string): { kind: string; labels: string[] } {
  const children = node.namedChildren.filter((child): child is RawNode => child !== null);
  const kind = children[0]?.type === 'identifier' ? text.slice(children[0].startIndex, children[0].endIndex) : '';
  const labels = children
    .slice(1)
    .filter((child) => child.type === 'string_lit' || child.type === 'identifier')
    .map((child) => text.slice(child.startIndex, child.endIndex).replace(/^"|"$/g, ''));
  return { kind, labels };
}

/** The resource block (and nested blocks) around `node`, whose braces hold `offset`. */
function enclosingResource(start: RawNode | null, text: string, offset: number): TerraformCursor | undefined {
  const blocks: Array<{ kind: string; labels: string[] }> = [];
  for (let node: RawNode | null = start; node; node = node.parent) {
    if (node.type !== 'block') continue;
    // The cursor must be inside the block's braces, not on its header line.
    const open = node.namedChildren.find((child) => child?.type === 'block_start');
    if (open && open.startIndex >= offset) continue;
    blocks.unshift(blockHeader(node, text));
  }
  const resource = blocks[0];
  if (!resource || resource.kind !== 'resource' || resource.labels.length < 2) return undefined;
  return { resourceType: resource.labels[0], resourceName: resource.labels[1], blocks: blocks.slice(1).map((b) => b.kind) };
}

export interface TerraformHoverTarget {
  resourceType: string;
  blocks: string[];
  /** The attribute whose name or value is under the position. */
  attribute: { name: string; offset: number; length: number };
  /** The string literal under the position, when it is the attribute's whole value (`"Equals"`). */
  value?: { text: string; offset: number; length: number };
}

/** The attribute or nested block name, or plain string value, under `offset` inside a resource block, if any. */
export function terraformHoverTargetAt(text: string, offset: number): TerraformHoverTarget | undefined {
  const tree = parseHcl(text);
  if (!tree) return undefined;
  try {
    let attribute: RawNode | undefined;
    for (let node: RawNode | null = tree.rootNode.descendantForIndex(offset); node; node = node.parent) {
      if (node.type === 'attribute') {
        attribute = node;
        break;
      }
      if (node.type === 'block') {
        // On a nested block's name (`mapping_rule {`): its docs, as for an attribute.
        const blockName = node.namedChildren[0];
        if (blockName?.type === 'identifier' && offset >= blockName.startIndex && offset <= blockName.endIndex && node.parent) {
          const context = enclosingResource(node.parent, text, offset);
          if (!context) return undefined;
          const nameText = text.slice(blockName.startIndex, blockName.endIndex);
          return {
            resourceType: context.resourceType,
            blocks: context.blocks,
            attribute: { name: nameText, offset: blockName.startIndex, length: nameText.length },
          };
        }
        break;
      }
      if (node.type === 'body') break;
    }
    const name = attribute?.namedChildren[0];
    if (!attribute || !name || name.type !== 'identifier') return undefined;
    const context = enclosingResource(attribute, text, offset);
    if (!context) return undefined;
    const target: TerraformHoverTarget = {
      resourceType: context.resourceType,
      blocks: context.blocks,
      attribute: { name: text.slice(name.startIndex, name.endIndex), offset: name.startIndex, length: name.endIndex - name.startIndex },
    };
    if (offset >= name.endIndex) {
      const expression = attribute.namedChildren.find((child) => child?.type === 'expression');
      const literal = expression && /^"(?:[^"\\\n$%]|\\.)*"$/.test(text.slice(expression.startIndex, expression.endIndex)) ? expression : undefined;
      if (!literal || offset < literal.startIndex || offset > literal.endIndex) return undefined;
      const value = decodeQuoted(text.slice(literal.startIndex, literal.endIndex));
      if (value === undefined) return undefined;
      target.value = { text: value, offset: literal.startIndex, length: literal.endIndex - literal.startIndex };
    }
    return target;
  } finally {
    tree.delete();
  }
}

/** A quoted HCL string without templates, decoded (its escapes are JSON's); undefined when it has others. */
function decodeQuoted(quoted: string): string | undefined {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return undefined;
  }
}
