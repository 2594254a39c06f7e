/**
 * Which JSON schema (in `schemas/`, through core/schema.ts) describes a path of a document: the roles
 * schema for SetIdentityPoolRoles files, the identity-pool schema for pool files, and for CloudFormation
 * templates the schema of the resource type the path is inside.
 */
import {
  type DocumentKind,
  type ModelDocument,
  CFN_SCHEMA_IDS,
  templateRootOf,
  flatten,
  type SchemaId,
  type SchemaNode,
  findNode,
  getProperty,
  type SyntaxNode,
} from '../../core/index';
import { baseName } from './utils/uris';

export type Path = Array<string | number>;

export interface SchemaLocation {
  schemaId: SchemaId;
  /** The path inside that schema's instance (for templates: inside the resource's `Properties`). */
  path: Path;
  /** For templates: the resource's path prefix (`Resources`, logical id, `Properties`). */
  prefix: Path;
}

/** The document kind to use for completion in a document that does not (yet) say what it is. */
export function kindFromFileName(uri: string): DocumentKind {
  const name = baseName(uri).toLowerCase();
  if (/(^|[.-])(set-)?identity-pool-roles\.(jsonc?|ya?ml)$/.test(name)) return 'roles';
  if (/(^|[.-])role-mappings\.(jsonc?|ya?ml)$/.test(name)) return 'role-mappings';
  if (/(^|[.-])identity-pool\.(jsonc?|ya?ml)$/.test(name)) return 'identity-pool';
  return 'unknown';
}

export function schemaLocation(kind: DocumentKind, root: SyntaxNode | undefined, path: Path): SchemaLocation | undefined {
  switch (kind) {
    case 'roles':
      return { schemaId: 'set-identity-pool-roles', path, prefix: [] };
    case 'role-mappings':
      return { schemaId: 'role-mappings', path, prefix: [] };
    case 'identity-pool':
      return { schemaId: 'identity-pool', path, prefix: [] };
    case 'template': {
      // A serverless.yml keeps the template under `resources` (or in an item of its list form).
      const skip = path[0] !== 'resources' ? 0 : typeof path[1] === 'number' ? 2 : 1;
      const templateRoot = skip > 0 ? findNode(root, path.slice(0, skip)) : root;
      if (templateRoot !== templateRootOf(root)) return undefined;
      const inTemplate = path.slice(skip);
      if (inTemplate[0] !== 'Resources' || typeof inTemplate[1] !== 'string' || inTemplate[2] !== 'Properties') return undefined;
      const resource = findNode(templateRoot, ['Resources', inTemplate[1]]);
      const typeNode = getProperty(resource, 'Type')?.value;
      const type = typeNode?.kind === 'string' ? String(typeNode.value) : undefined;
      const schemaId = type ? CFN_SCHEMA_IDS[type] : undefined;
      if (!schemaId) return undefined;
      return { schemaId, path: inTemplate.slice(3), prefix: path.slice(0, skip + 3) };
    }
    default:
      return undefined;
  }
}

/**
 * The path inside the RoleMappings map (`[]` for the map itself, `[key, ...]` inside a mapping), whether
 * the document holds the map under `RoleMappings` or is the map (a RoleMappings file); else undefined.
 */
export function pathInRoleMappings(location: SchemaLocation): Path | undefined {
  if (location.schemaId === 'role-mappings') return location.path;
  return location.path[0] === 'RoleMappings' ? location.path.slice(1) : undefined;
}

export function documentKind(model: ModelDocument | undefined, uri: string): DocumentKind {
  return model && model.kind !== 'unknown' ? model.kind : kindFromFileName(uri);
}

/** A schema node's allowed values and their docs, looking through anyOf/oneOf (CloudFormation allows an intrinsic instead). */
export function enumOf(schema: SchemaNode | undefined, depth = 0): { values: unknown[]; descriptions?: string[] } | undefined {
  if (!schema || depth > 4) return undefined;
  if (schema.enum) {
    const descriptions = (schema.markdownEnumDescriptions ?? schema.enumDescriptions) as string[] | undefined;
    return { values: schema.enum, descriptions };
  }
  for (const alternative of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    const found = enumOf(flatten(alternative), depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The JSON type a schema node describes (the first non-intrinsic alternative for CloudFormation's anyOf). */
export function typeOf(schema: SchemaNode | undefined, depth = 0): string | undefined {
  if (!schema || depth > 4) return undefined;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type) return type;
  if (schema.properties || schema.additionalProperties || schema.patternProperties) return 'object';
  if (schema.items) return 'array';
  if (schema.enum) return typeof schema.enum[0];
  for (const alternative of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    const found = typeOf(flatten(alternative), depth + 1);
    if (found) return found;
  }
  return undefined;
}
