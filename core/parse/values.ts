/** Helpers that read typed values out of the syntax tree into `SourceValue`s, tolerating wrong types. */
import type { SourceValue } from '../model';
import type { LineIndex, Range } from '../positions';
import { getProperty, type ObjectNode, type SyntaxNode } from '../syntax';

/**
 * Reads values with lazily resolved ranges and, by default, without keeping their syntax nodes: the model
 * of a plain JSON document then holds nothing of its syntax tree, which the language server can drop for
 * documents not in use. Template readers keep the nodes (intrinsic functions are resolved through them).
 */
export class ValueReader {
  constructor(
    readonly lines: LineIndex,
    private readonly keepNodes = false,
  ) {}

  range(node: { offset: number; length: number }): Range {
    return this.lines.lazyRangeAt(node.offset, node.length);
  }

  /** A string value; numbers and booleans are read as their text (the shape check reports the type). */
  string(node: SyntaxNode | undefined): SourceValue | undefined {
    if (!node) return undefined;
    if (node.kind === 'string') return this.located(node.value as string, node);
    if (node.kind === 'number' || node.kind === 'boolean') {
      const value = this.located(String(node.value), node);
      value.notString = true;
      return value;
    }
    return undefined;
  }

  boolean(node: SyntaxNode | undefined): SourceValue<boolean> | undefined {
    if (!node) return undefined;
    if (node.kind === 'boolean') return this.located(node.value as boolean, node);
    // CloudFormation and YAML users often write "true"/"false" as strings; the service accepts them in templates.
    if (node.kind === 'string' && (node.value === 'true' || node.value === 'false')) {
      return this.located(node.value === 'true', node);
    }
    return undefined;
  }

  private located<T>(value: T, node: SyntaxNode): SourceValue<T> {
    return this.keepNodes ? { value, range: this.range(node), node } : new LocatedValue(value, this.lines, node.offset, node.length);
  }

  stringProp(obj: SyntaxNode | undefined, key: string): SourceValue | undefined {
    return this.string(getProperty(obj, key)?.value);
  }

  booleanProp(obj: SyntaxNode | undefined, key: string): SourceValue<boolean> | undefined {
    return this.boolean(getProperty(obj, key)?.value);
  }

  /** The key of a property as a value, with the key's range. */
  key(obj: ObjectNode, index: number): SourceValue {
    const p = obj.properties[index];
    return new LocatedValue(p.key, this.lines, p.keyOffset, p.keyLength);
  }
}

/**
 * A value with its place kept as offsets: one object where a value with a range would be four. Open
 * documents' models hold thousands of these. Serialises (`toJSON`) as a plain `SourceValue`.
 */
class LocatedValue<T> implements SourceValue<T> {
  declare notString?: true;
  declare symbolic?: boolean;

  constructor(
    readonly value: T,
    private readonly lines: LineIndex,
    private readonly offset: number,
    private readonly length: number,
  ) {}

  get range(): Range {
    return this.lines.lazyRangeAt(this.offset, this.length);
  }

  toJSON(): SourceValue<T> {
    return {
      value: this.value,
      range: this.lines.rangeAt(this.offset, this.length),
      ...(this.notString ? { notString: true as const } : {}),
      ...(this.symbolic !== undefined ? { symbolic: this.symbolic } : {}),
    };
  }
}

export function asObject(node: SyntaxNode | undefined): ObjectNode | undefined {
  return node?.kind === 'object' ? node : undefined;
}
