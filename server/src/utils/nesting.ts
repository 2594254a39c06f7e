/**
 * Bounds the nesting of untrusted JSON values (decoded token claims) before they are sent to the client:
 * JSON-RPC serialises with JSON.stringify, which recurses and throws RangeError past a few thousand levels.
 */

/** A copy of `value` in which containers deeper than `maxDepth` are replaced by `"…"`. Iterative. */
export function pruneNesting<T>(value: T, maxDepth: number): { value: T; pruned: boolean } {
  let pruned = false;
  const copyOf = (item: unknown): unknown => (Array.isArray(item) ? new Array<unknown>(item.length) : {});
  if (value === null || typeof value !== 'object') return { value, pruned };
  const root = copyOf(value);
  const stack: Array<{ source: unknown; target: unknown; depth: number }> = [{ source: value, target: root, depth: 1 }];
  while (stack.length > 0) {
    const { source, target, depth } = stack.pop()!;
    for (const [key, item] of Object.entries(source as Record<string, unknown>)) {
      let copied: unknown = item;
      if (item !== null && typeof item === 'object') {
        if (depth >= maxDepth) {
          pruned = true;
          copied = '…';
        } else {
          copied = copyOf(item);
          stack.push({ source: item, target: copied, depth: depth + 1 });
        }
      }
      (target as Record<string, unknown>)[key] = copied;
    }
  }
  return { value: root as T, pruned };
}
