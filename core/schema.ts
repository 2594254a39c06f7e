/**
 * The JSON schemas in `schemas/` are the single source of truth for field shapes, limits, enums and
 * field docs. This module loads them and answers "what does the schema say at this path?" for hover
 * and completion. STUB: the validation helper replaces the bodies.
 */
export type SchemaId = 'set-identity-pool-roles' | 'identity-pool' | (string & {});

/** A JSON schema node (the subset we read). */
export interface SchemaNode {
  type?: string | string[];
  description?: string;
  markdownDescription?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  maxProperties?: number;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  propertyNames?: SchemaNode;
  items?: SchemaNode;
  required?: string[];
  default?: unknown;
  $ref?: string;
  'x-docs'?: string;
  [key: string]: unknown;
}

export interface SchemaProperty {
  name: string;
  schema: SchemaNode;
  required: boolean;
}

/** The resolved schema node (following $ref, properties, additionalProperties, items) at a path of keys and indexes. */
export function schemaAt(schemaId: SchemaId, path: ReadonlyArray<string | number>): SchemaNode | undefined {
  void schemaId;
  void path;
  return undefined;
}

/** The properties an object at this path may have (for completion). */
export function propertiesAt(schemaId: SchemaId, path: ReadonlyArray<string | number>): SchemaProperty[] {
  void schemaId;
  void path;
  return [];
}

export const MATCH_TYPES: readonly string[] = [];
export const ROLE_MAPPING_TYPES: readonly string[] = [];
export const AMBIGUOUS_ROLE_RESOLUTIONS: readonly string[] = [];
