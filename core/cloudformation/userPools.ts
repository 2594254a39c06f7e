/** What templates say about the user pools they define, beyond the identity pools' view of them. */
import type { ModelDocument } from '../model';
import { KNOWN_CLAIMS } from '../providers';
import { findNode, getValue } from '../syntax';

/**
 * Claims a user pool defined in a template puts in its ID tokens: each attribute of its `Schema`
 * (standard attributes by name, the others as `custom:NAME`).
 */
export function userPoolSchemaClaims(documents: readonly ModelDocument[]): string[] {
  const standard = new Set(KNOWN_CLAIMS.oidc?.claims ?? []);
  const claims = new Set<string>();
  for (const document of documents) {
    if (document.kind !== 'template') continue;
    const resources = getValue(document.parsed.root, 'Resources');
    if (resources?.kind !== 'object') continue;
    for (const resource of resources.properties) {
      const type = getValue(resource.value, 'Type');
      if (type?.kind !== 'string' || type.value !== 'AWS::Cognito::UserPool') continue;
      const schema = findNode(resource.value, ['Properties', 'Schema']);
      if (schema?.kind !== 'array') continue;
      for (const attribute of schema.items) {
        const name = getValue(attribute, 'Name');
        if (name?.kind !== 'string' || typeof name.value !== 'string' || name.value === '') continue;
        claims.add(standard.has(name.value) ? name.value : name.value.startsWith('custom:') ? name.value : `custom:${name.value}`);
      }
    }
  }
  return [...claims];
}
