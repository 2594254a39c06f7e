/**
 * Builders of the CloudFormation-shaped syntax nodes the translation produces: objects, properties, arrays,
 * strings and intrinsics, each with its offsets into the `.tf` text and its parent links set.
 */
import { arrayNode, objectNode, propertyNode, scalarNode, type ObjectNode, type ScalarNode, type SyntaxNode } from '../syntax';

export type Entry = [key: string, keyOffset: number, keyLength: number, value: SyntaxNode | undefined];

/** Builds an object node with its properties (parent and property links set). */
export function object(offset: number, length: number, entries: readonly Entry[]): ObjectNode {
  const node = objectNode(offset, length);
  for (const [key, keyOffset, keyLength, value] of entries) addProperty(node, key, keyOffset, keyLength, value);
  return node;
}

export function addProperty(node: ObjectNode, key: string, keyOffset: number, keyLength: number, value: SyntaxNode | undefined): void {
  const start = Math.min(keyOffset, value?.offset ?? keyOffset);
  const end = Math.max(keyOffset + keyLength, value ? value.offset + value.length : 0);
  const property = propertyNode(start, end - start, key, keyOffset, keyLength, node);
  if (value) {
    property.value = value;
    value.parent = node;
    value.property = property;
  }
  node.properties.push(property);
}

export function array(offset: number, length: number, items: ReadonlyArray<SyntaxNode | undefined>): SyntaxNode {
  const node = arrayNode(offset, length);
  for (const item of items) {
    if (!item) continue;
    item.parent = node;
    node.items.push(item);
  }
  return node;
}

export function str(value: string, offset: number, length: number): SyntaxNode {
  return scalarNode('string', value, offset, length);
}

/** `{ fn: argument }` spanning [offset, offset+length). */
export function intrinsic(name: string, argument: SyntaxNode, offset: number, length: number): ObjectNode {
  return object(offset, length, [[name, offset, length, argument]]);
}

/**
 * Replaces the string leaves of a tree, in place, by what `replace` returns for each (the leaf itself keeps
 * it); a replacement is linked to the leaf's parent and property. Returns the root (replaced if it is a string).
 */
export function replaceStrings(node: SyntaxNode, replace: (leaf: ScalarNode) => SyntaxNode): SyntaxNode {
  if (node.kind === 'string') return replace(node);
  if (node.kind === 'object') {
    for (const property of node.properties) {
      if (!property.value) continue;
      const replaced = replaceStrings(property.value, replace);
      if (replaced !== property.value) {
        replaced.parent = node;
        replaced.property = property;
        property.value = replaced;
      }
    }
  } else if (node.kind === 'array') {
    node.items = node.items.map((item) => {
      const replaced = replaceStrings(item, replace);
      replaced.parent = node;
      return replaced;
    });
  }
  return node;
}
