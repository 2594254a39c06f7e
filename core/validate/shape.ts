/**
 * Shape check: validates a syntax subtree against a registered JSON schema with ajv and maps each
 * ajv error back to an exact range in the tree, with our stable codes and newcomer-friendly messages.
 * Duplicate keys are found in the same walk that builds the value ajv sees.
 */
import type { CoreDiagnostic } from '../diagnostics';
import type { SchemaId } from '../schema';
import type { ParsedText, SyntaxNode } from '../syntax';
import { validatorFor } from './ajvRegistry';
import { dedupe, ErrorMapper, withoutCascades } from './ajvErrors';
import { duplicateDiagnostic, valueWithDuplicates, type DuplicateKey } from './duplicateKeys';
import type { Path } from './text';

export { precompileSchemas } from './ajvRegistry';
export { findDuplicateKeys, valueWithDuplicates } from './duplicateKeys';

/**
 * Validates the value at `node` against a registered schema. Ranges are exact: an unknown or invalid
 * key points at the key, a wrong value at the value, a missing field at the key holding the object.
 * `pathPrefix` is where `node` sits in the API's input, for messages (`['RoleMappings']` for a file that
 * holds only the RoleMappings map).
 */
export function validateShape(parsed: ParsedText, node: SyntaxNode, schemaId: SchemaId, uri: string, pathPrefix: Path = []): CoreDiagnostic[] {
  const validate = validatorFor(schemaId);
  const duplicates: DuplicateKey[] = [];
  const value = valueWithDuplicates(node, duplicates);
  const diagnostics = duplicates.map((d) => duplicateDiagnostic(parsed, d, uri));
  if (!validate || validate(value)) return diagnostics;
  const mapper = new ErrorMapper(parsed, node, uri, pathPrefix);
  for (const error of withoutCascades(validate.errors ?? [])) {
    const diagnostic = mapper.map(error);
    if (diagnostic) diagnostics.push(diagnostic);
  }
  return dedupe([...diagnostics, ...mapper.missingDiagnostics()]);
}
