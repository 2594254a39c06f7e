/** Helpers that read typed values out of the syntax tree into `SourceValue`s, tolerating wrong types. */
import type { SourceValue } from '../model';
import type { LineIndex, Range } from '../positions';
import { getProperty, nodeRange, type ObjectNode, type SyntaxNode } from '../syntax';

export class ValueReader {
  constructor(readonly lines: LineIndex) {}

  range(node: { offset: number; length: number }): Range {
    return nodeRange(this.lines, node);
  }

  /** A string value; numbers and booleans are read as their text (the shape check reports the type). */
  string(node: SyntaxNode | undefined): SourceValue | undefined {
    if (!node) return undefined;
    if (node.kind === 'string' || node.kind === 'number' || node.kind === 'boolean') {
      return { value: String(node.value), range: this.range(node), node };
    }
    return undefined;
  }

  boolean(node: SyntaxNode | undefined): SourceValue<boolean> | undefined {
    if (!node) return undefined;
    if (node.kind === 'boolean') return { value: node.value as boolean, range: this.range(node), node };
    // CloudFormation and YAML users often write "true"/"false" as strings; the service accepts them in templates.
    if (node.kind === 'string' && (node.value === 'true' || node.value === 'false')) {
      return { value: node.value === 'true', range: this.range(node), node };
    }
    return undefined;
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
    return { value: p.key, range: this.lines.rangeAt(p.keyOffset, p.keyLength) };
  }
}

export function asObject(node: SyntaxNode | undefined): ObjectNode | undefined {
  return node?.kind === 'object' ? node : undefined;
}
