/**
 * Reading the tree-sitter HCL tree: nodes copied out of wasm once (TsNode), blocks with their kind, labels and
 * body, a body's attributes and nested blocks, literal text with its escapes decoded, and the syntax errors
 * (ERROR and MISSING nodes) of a parse.
 */
import type { Node as RawNode } from 'web-tree-sitter';
import type { SyntaxError } from '../syntax';

/**
 * A tree-sitter node read once: its type and span copied out of the wasm heap, its named children (comments
 * left out) listed on first use and kept. Every property of a raw node is a call into wasm; the translator
 * looks at most nodes several times.
 */
export class TsNode {
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  private children: TsNode[] | undefined;

  constructor(
    private readonly raw: RawNode,
    private readonly source: string,
  ) {
    this.type = raw.type;
    this.startIndex = raw.startIndex;
    this.endIndex = raw.endIndex;
  }

  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }

  get kids(): TsNode[] {
    if (!this.children) {
      this.children = [];
      for (const child of this.raw.namedChildren) if (child && child.type !== 'comment') this.children.push(new TsNode(child, this.source));
    }
    return this.children;
  }
}

/** At most this many syntax errors are reported per file: one broken brace may otherwise cascade. */
const MAX_SYNTAX_ERRORS = 20;

export function named(node: TsNode): TsNode[] {
  return node.kids;
}

export function firstOfType(node: TsNode, type: string): TsNode | undefined {
  return named(node).find((child) => child.type === type);
}

/** The text of a block label (`"aws_iam_role"` or `aws_iam_role`). */
export function labelText(node: TsNode): string | undefined {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'string_lit')
    return named(node)
      .filter((c) => c.type === 'template_literal')
      .map((c) => decodeLiteral(c.text))
      .join('');
  return undefined;
}

/** HCL string escapes (`\n`, `\"`, `\\`, `\uXXXX`) and template escapes (`$${`, `%%{`). */
export function decodeLiteral(raw: string): string {
  if (!raw.includes('\\') && !raw.includes('$${') && !raw.includes('%%{')) return raw;
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g, (match: string, escape: string | undefined) => {
    if (match === '$${') return '${';
    if (match === '%%{') return '%{';
    switch (escape?.[0]) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
      case 'U':
        return String.fromCodePoint(parseInt(escape.slice(1), 16));
      default:
        return escape ?? match;
    }
  });
}

export interface Block {
  node: TsNode;
  kind: string;
  labels: TsNode[];
  body: TsNode | undefined;
}

export function blockOf(node: TsNode): Block {
  const children = named(node);
  const kind = children[0]?.type === 'identifier' ? children[0].text : '';
  const labels = children.slice(1).filter((c) => c.type === 'string_lit' || c.type === 'identifier');
  return { node, kind, labels, body: children.find((c) => c.type === 'body') };
}

/** The attributes and nested blocks of a body, in order. */
export function bodyItems(body: TsNode | undefined): TsNode[] {
  return body ? named(body).filter((c) => c.type === 'attribute' || c.type === 'block') : [];
}

export function attributeName(attribute: TsNode): TsNode | undefined {
  const first = named(attribute)[0];
  return first?.type === 'identifier' ? first : undefined;
}

export function attributeValue(attribute: TsNode): TsNode | undefined {
  return named(attribute).find((c) => c.type === 'expression');
}

export function attributeOf(body: TsNode | undefined, name: string): TsNode | undefined {
  return bodyItems(body).find((item) => item.type === 'attribute' && attributeName(item)?.text === name);
}

export function labelLength(label: TsNode): number {
  return label.endIndex - label.startIndex;
}

/** ERROR and MISSING nodes of the tree-sitter parse, as syntax errors at their place. */
export function syntaxErrors(root: RawNode): SyntaxError[] {
  const errors: SyntaxError[] = [];
  if (!root.hasError) return errors;
  // An explicit stack, in document order: hostile nesting (50,000 open braces) must not overflow the call stack.
  const stack: RawNode[] = [root];
  while (stack.length > 0 && errors.length < MAX_SYNTAX_ERRORS) {
    const node = stack.pop()!;
    if (node.isMissing) {
      errors.push({ message: `Terraform syntax error: ${JSON.stringify(node.type)} is missing here.`, offset: node.startIndex, length: 0 });
      continue;
    }
    if (node.isError) {
      // The message quotes nothing of the file (it may hold secrets); the range shows where. Only the
      // error's first line is marked, so one unclosed brace does not paint the rest of the file.
      const text = node.text;
      const lead = text.length - text.trimStart().length;
      const firstLine = text.trimStart().split(/\r?\n/, 1)[0];
      errors.push({ message: 'Terraform syntax error: this does not parse.', offset: node.startIndex + lead, length: Math.max(1, firstLine.length) });
      continue;
    }
    if (!node.hasError) continue;
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
  return errors;
}
