/**
 * Duplicate keys (only the last one counts, as JSON.parse and AWS read them), found in the same walk that
 * builds the plain value ajv validates.
 */
import { makeDiagnostic, type CoreDiagnostic } from '../diagnostics';
import type { CheckDeclaration } from './checks/types';
import { keyRange, MAX_NESTING_DEPTH, type ParsedText, type PropertyNode, type SyntaxNode } from '../syntax';

export const DUPLICATE_KEYS = { id: 'duplicateKeys', emits: ['duplicate-key'] } as const satisfies CheckDeclaration;

export interface DuplicateKey {
  /** The occurrence that is ignored. */
  ignored: PropertyNode;
  /** The occurrence that counts (the last one). */
  kept: PropertyNode;
}

/** No role-mapping document nests deeper than a dozen levels; deeper values are cut off (as null) instead of overflowing the stack. */
const MAX_DEPTH = MAX_NESTING_DEPTH;

/**
 * The plain value of a node, as JSON.parse would give (the last duplicate key wins), collecting
 * duplicate keys on the way so the tree is walked once.
 */
export function valueWithDuplicates(node: SyntaxNode | undefined, duplicates: DuplicateKey[], depth = 0): unknown {
  if (!node) return undefined;
  if (depth > MAX_DEPTH) return null;
  switch (node.kind) {
    case 'object': {
      const out: Record<string, unknown> = {};
      let duplicatedKeys: Set<string> | undefined;
      for (const property of node.properties) {
        if (!property.value) continue;
        const key = property.key;
        if (Object.prototype.hasOwnProperty.call(out, key)) (duplicatedKeys ??= new Set()).add(key);
        const value = valueWithDuplicates(property.value, duplicates, depth + 1);
        // `__proto__` must become an own property, not the object's prototype.
        if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
        else out[key] = value;
      }
      for (const key of duplicatedKeys ?? []) {
        const occurrences = node.properties.filter((p) => p.key === key && p.value);
        const kept = occurrences[occurrences.length - 1];
        for (const ignored of occurrences.slice(0, -1)) duplicates.push({ ignored, kept });
      }
      return out;
    }
    case 'array': {
      const out: unknown[] = new Array(node.items.length);
      for (let i = 0; i < node.items.length; i++) out[i] = valueWithDuplicates(node.items[i], duplicates, depth + 1);
      return out;
    }
    default:
      return node.value;
  }
}

/** Duplicate keys anywhere under a node, reported on the ignored (earlier) occurrence. */
export function findDuplicateKeys(parsed: ParsedText, node: SyntaxNode, uri: string): CoreDiagnostic[] {
  const duplicates: DuplicateKey[] = [];
  valueWithDuplicates(node, duplicates);
  return duplicates.map((d) => duplicateDiagnostic(parsed, d, uri));
}

export function duplicateDiagnostic(parsed: ParsedText, duplicate: DuplicateKey, uri: string): CoreDiagnostic {
  const keptRange = keyRange(parsed.lines, duplicate.kept);
  return makeDiagnostic(
    'duplicate-key',
    uri,
    keyRange(parsed.lines, duplicate.ignored),
    `\`${duplicate.ignored.key}\` appears again on line ${keptRange.start.line + 1} of this object; only the last one counts, so this one is ignored.`,
    { related: [{ location: { uri, range: keptRange }, message: `The \`${duplicate.ignored.key}\` that counts.` }] },
  );
}
