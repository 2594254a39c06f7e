/**
 * Checks documents: shapes (against the JSON schemas), cross-field rules the service rejects, and likely
 * mistakes. STUB: the validation helper replaces the bodies.
 */
import type { CoreDiagnostic } from '../diagnostics';
import type { IdentityPoolModel, ModelDocument } from '../model';

/**
 * Checks a set of documents together (a roles file with the pool file whose IdentityPoolId matches).
 * Returns the diagnostics of each document by uri (every given document has an entry, maybe empty).
 */
export function checkDocuments(documents: readonly ModelDocument[]): Map<string, CoreDiagnostic[]> {
  const result = new Map<string, CoreDiagnostic[]>();
  for (const d of documents) result.set(d.uri, [...d.parseDiagnostics]);
  return result;
}

/** Semantic checks of one (linked) pool: cross-field rules and likely mistakes. */
export function checkPool(pool: IdentityPoolModel): CoreDiagnostic[] {
  void pool;
  return [];
}
