/**
 * Which JSON schema (in `schemas/`, through core/schema.ts) describes a path of a document: the roles
 * schema for SetIdentityPoolRoles files, the identity-pool schema for pool files, and for CloudFormation
 * templates the schema of the resource type the path is inside.
 */
import type { DocumentKind, ModelDocument } from '../../core/model';
import { schemaAt, type SchemaId } from '../../core/schema';
import { findNode, getProperty, type SyntaxNode } from '../../core/syntax';
import { baseName } from './utils/uris';

export type Path = Array<string | number>;

export interface SchemaLocation {
  schemaId: SchemaId;
  /** The path inside that schema's instance (for templates: inside the resource's `Properties`). */
  path: Path;
  /** For templates: the resource's path prefix (`Resources`, logical id, `Properties`). */
  prefix: Path;
}

/** Candidate schema ids per CloudFormation resource type: the first one core/schema.ts knows is used. */
const TEMPLATE_SCHEMAS: Record<string, SchemaId[]> = {
  'AWS::Cognito::IdentityPoolRoleAttachment': [
    'cloudformation-identity-pool-role-attachment',
    'cloudformation-role-attachment',
    'set-identity-pool-roles',
  ],
  'AWS::Cognito::IdentityPool': ['cloudformation-identity-pool', 'identity-pool'],
  'AWS::Cognito::IdentityPoolPrincipalTag': ['cloudformation-identity-pool-principal-tag', 'cloudformation-principal-tag'],
};

/** The document kind to use for completion in a document that does not (yet) say what it is. */
export function kindFromFileName(uri: string): DocumentKind {
  const name = baseName(uri).toLowerCase();
  if (/(^|[.-])(set-)?identity-pool-roles\.(jsonc?|ya?ml)$/.test(name)) return 'roles';
  if (/(^|[.-])identity-pool\.(jsonc?|ya?ml)$/.test(name)) return 'identity-pool';
  return 'unknown';
}

export function schemaLocation(kind: DocumentKind, root: SyntaxNode | undefined, path: Path): SchemaLocation | undefined {
  switch (kind) {
    case 'roles':
      return { schemaId: 'set-identity-pool-roles', path, prefix: [] };
    case 'identity-pool':
      return { schemaId: 'identity-pool', path, prefix: [] };
    case 'template': {
      if (path[0] !== 'Resources' || typeof path[1] !== 'string' || path[2] !== 'Properties') return undefined;
      const resource = findNode(root, ['Resources', path[1]]);
      const typeNode = getProperty(resource, 'Type')?.value;
      const type = typeNode?.kind === 'string' ? String(typeNode.value) : undefined;
      const candidates = type ? TEMPLATE_SCHEMAS[type] : undefined;
      const schemaId = candidates?.find((id) => schemaAt(id, []) !== undefined);
      return schemaId ? { schemaId, path: path.slice(3), prefix: path.slice(0, 3) } : undefined;
    }
    default:
      return undefined;
  }
}

export function documentKind(model: ModelDocument | undefined, uri: string): DocumentKind {
  return model && model.kind !== 'unknown' ? model.kind : kindFromFileName(uri);
}
