/**
 * Checks documents: shapes (against the JSON schemas), cross-field rules the service rejects, and likely
 * mistakes. Per-document checks run first, then the semantic checks of every pool, linked across
 * documents by IdentityPoolId, with each diagnostic delivered to the document it points into.
 */
import { isTerraformParse } from '../terraform/index';
import { terraformWording } from '../terraform/wording';
import { checkTemplateDocument } from '../cloudformation/template';
import type { CoreDiagnostic, DiagnosticCode } from '../diagnostics';
import { linkPools } from '../documents';
import type { IdentityPoolModel, ModelDocument } from '../model';
import { rangeKey } from '../positions';
import { checkPoolSemantics } from './checks/index';
import { validateShape } from './shape';

export { findDuplicateKeys, validateShape } from './shape';
export { MAX_MAPPINGS, MAX_RULES } from '../api/model';
export { checkPoolSemantics, POOL_CHECKS } from './checks/index';

/**
 * Checks a set of documents together (a roles file with the pool file whose IdentityPoolId matches).
 * Returns the diagnostics of each document by uri (every given document has an entry, maybe empty).
 */
export function checkDocuments(documents: readonly ModelDocument[]): Map<string, CoreDiagnostic[]> {
  const result = new Map<string, CoreDiagnostic[]>();
  for (const document of documents) result.set(document.uri, [...document.parseDiagnostics]);

  const checked = documents.filter((d) => d.kind !== 'unknown');
  for (const document of checked) {
    const list = result.get(document.uri)!;
    const root = document.parsed.root;
    switch (document.kind) {
      case 'roles':
        if (root) list.push(...validateShape(document.parsed, root, 'set-identity-pool-roles', document.uri));
        break;
      case 'role-mappings':
        // Messages and AWS errors name fields as the API does (`RoleMappings.<key>.Type`).
        if (root) list.push(...validateShape(document.parsed, root, 'role-mappings', document.uri, ['RoleMappings']));
        break;
      case 'identity-pool':
        if (root) list.push(...validateShape(document.parsed, root, 'identity-pool', document.uri));
        break;
      case 'template':
        list.push(...checkTemplateDocument(document));
        break;
    }
  }

  for (const pool of linkPools(checked)) {
    for (const diagnostic of checkPool(pool)) {
      let list = result.get(diagnostic.uri);
      if (!list) result.set(diagnostic.uri, (list = []));
      list.push(diagnostic);
    }
  }

  for (const [uri, list] of result) result.set(uri, tidy(list));
  // Terraform configurations: messages name the Terraform attributes, not the CloudFormation properties.
  for (const document of checked) {
    const list = isTerraformParse(document.parsed) ? result.get(document.uri) : undefined;
    if (list)
      result.set(
        document.uri,
        list.map((d) => ({ ...d, message: terraformWording(d.message) })),
      );
  }
  return result;
}

/** Semantic checks of one (linked) pool: cross-field rules and likely mistakes. */
export function checkPool(pool: IdentityPoolModel): CoreDiagnostic[] {
  return checkPoolSemantics(pool);
}

/** A more specific diagnostic makes a generic one at the same range redundant (a role name is too short *because* it is not an ARN). */
const SUPERSEDES: Partial<Record<DiagnosticCode, DiagnosticCode[]>> = {
  'invalid-role-arn': ['invalid-length', 'pattern-mismatch'],
};

/** One diagnostic per range and code, redundant generic ones dropped, sorted by position. */
function tidy(list: CoreDiagnostic[]): CoreDiagnostic[] {
  const seen = new Set<string>();
  const superseded = new Set<string>();
  for (const d of list) {
    for (const code of SUPERSEDES[d.code] ?? []) superseded.add(`${code}@${rangeKey(d.range)}`);
  }
  const kept = list.filter((d) => {
    const key = `${d.code}@${rangeKey(d.range)}`;
    if (seen.has(key) || superseded.has(key)) return false;
    seen.add(key);
    return true;
  });
  return kept.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.range.end.line - b.range.end.line ||
      a.range.end.character - b.range.end.character ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
