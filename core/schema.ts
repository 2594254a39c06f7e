/**
 * The JSON schemas in `schemas/` are the single source of truth for field shapes, limits, enums and
 * field docs. This module loads them and answers "what does the schema say at this path?" for hover,
 * completion and the shape check.
 *
 * The registry is module state on purpose, and filled once: every bundled schema (the API shapes and the
 * CloudFormation resources) is registered when this module loads, below, and no core module registers
 * anything at run time, so every caller (every facade made by `createRoleMappingCore()`) sees the same,
 * immutable set. `registerSchema` stays public as the hook tests use to add or replace a schema (and a
 * future format could use at load); core/validate/ajvRegistry.ts's compiled validators are a cache of
 * this registry, invalidated by `schemaRegistryVersion()`.
 */
import cfnIdentityPoolSchemaJson from '../schemas/cloudformation-identity-pool.schema.json';
import cfnPrincipalTagSchemaJson from '../schemas/cloudformation-principal-tag.schema.json';
import cfnRoleAttachmentSchemaJson from '../schemas/cloudformation-role-attachment.schema.json';
import identityPoolSchemaJson from '../schemas/identity-pool.schema.json';
import roleMappingsSchemaJson from '../schemas/role-mappings.schema.json';
import rolesSchemaJson from '../schemas/set-identity-pool-roles.schema.json';

export type SchemaId = 'set-identity-pool-roles' | 'identity-pool' | 'role-mappings' | (string & {});

/** A JSON schema node (the subset we read). */
export interface SchemaNode {
  type?: string | string[];
  title?: string;
  description?: string;
  markdownDescription?: string;
  enum?: unknown[];
  pattern?: string;
  patternErrorMessage?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  properties?: Record<string, SchemaNode>;
  patternProperties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  propertyNames?: SchemaNode;
  items?: SchemaNode | SchemaNode[];
  additionalItems?: boolean | SchemaNode;
  required?: string[];
  default?: unknown;
  allOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  definitions?: Record<string, SchemaNode>;
  $ref?: string;
  $id?: string;
  /** Our diagnostic code for this node's failures: one code for every keyword, or one per keyword. */
  'x-code'?: string | Record<string, string>;
  /** The AWS reference page for this field. */
  'x-docs'?: string;
  /** False when this node's `pattern` is a format another service (IAM) imposes, not one of the API model: no ValidationException is claimed. */
  'x-model-pattern'?: boolean;
  [key: string]: unknown;
}

export interface SchemaProperty {
  name: string;
  schema: SchemaNode;
  required: boolean;
}

export interface FieldDocs {
  title: string;
  markdown: string;
  docsUrl?: string;
}

/** Schemas by id, and by `$id` (so `$ref: "set-identity-pool-roles.schema.json#/definitions/X"` resolves). */
const schemasById = new Map<string, SchemaNode>();
const schemasByUri = new Map<string, SchemaNode>();
/** The root schema each node belongs to, so a `$ref` inside it resolves against the right document. */
const rootOfNode = new WeakMap<object, SchemaNode>();
/** Flattened forms ($ref followed, allOf merged), computed once per node. */
const flattened = new WeakMap<object, SchemaNode>();
let registryVersion = 0;

/**
 * Adds (or replaces) a schema under an id. Its `$id`, when set, is registered too, so other schemas can
 * `$ref` its definitions (e.g. `set-identity-pool-roles.schema.json#/definitions/MappingRule`).
 */
export function registerSchema(id: string, schema: object): void {
  const root = schema as SchemaNode;
  const previous = schemasById.get(id);
  if (previous?.$id) schemasByUri.delete(previous.$id);
  schemasById.set(id, root);
  schemasByUri.set(id, root);
  schemasByUri.set(`${id}.schema.json`, root);
  if (typeof root.$id === 'string') schemasByUri.set(stripLocalPrefix(root.$id), root);
  recordRoots(root, root);
  registryVersion++;
}

/** The schema registered under an id (the object as registered; do not mutate it). */
export function getSchema(id: SchemaId): SchemaNode | undefined {
  return schemasById.get(id);
}

/** Every registered schema, with its id. */
export function registeredSchemas(): Array<{ id: string; schema: SchemaNode }> {
  return [...schemasById].map(([id, schema]) => ({ id, schema }));
}

/** Grows whenever a schema is registered or replaced (validators compiled earlier are then stale). */
export function schemaRegistryVersion(): number {
  return registryVersion;
}

/** A named definition of a schema (`definitions/NAME`), flattened. */
export function definitionOf(schemaId: SchemaId, name: string): SchemaNode | undefined {
  const node = schemasById.get(schemaId)?.definitions?.[name];
  return node ? flatten(node) : undefined;
}

/** The resolved schema node (following $ref, allOf, properties, additionalProperties, items) at a path of keys and indexes. */
export function schemaAt(schemaId: SchemaId, path: ReadonlyArray<string | number>): SchemaNode | undefined {
  const root = schemasById.get(schemaId);
  if (!root) return undefined;
  let node: SchemaNode | undefined = flatten(root);
  for (const segment of path) {
    if (!node) return undefined;
    node = childOf(node, segment);
  }
  return node;
}

/** The schema of the keys of the map at this path (`propertyNames`), e.g. for hover on a RoleMappings key. */
export function keySchemaAt(schemaId: SchemaId, path: ReadonlyArray<string | number>): SchemaNode | undefined {
  const node = schemaAt(schemaId, path);
  return node?.propertyNames ? flatten(node.propertyNames) : undefined;
}

/** The properties an object at this path may have (for completion), in schema order. */
export function propertiesAt(schemaId: SchemaId, path: ReadonlyArray<string | number>): SchemaProperty[] {
  const node = schemaAt(schemaId, path);
  if (!node) return [];
  const result: SchemaProperty[] = [];
  const seen = new Set<string>();
  for (const variant of variantsOf(node)) {
    const required = new Set(variant.required ?? []);
    for (const [name, schema] of Object.entries(variant.properties ?? {})) {
      if (seen.has(name)) continue;
      seen.add(name);
      result.push({ name, schema: flatten(schema), required: required.has(name) });
    }
  }
  return result;
}

/** Hover text for the field at a path: its title, its newcomer-friendly Markdown and its AWS docs page. */
export function fieldDocs(schemaId: SchemaId, path: ReadonlyArray<string | number>): FieldDocs | undefined {
  const node = schemaAt(schemaId, path);
  if (!node) return undefined;
  const markdown = node.markdownDescription ?? node.description;
  if (!markdown) return undefined;
  const last = path[path.length - 1];
  return {
    title: typeof last === 'string' ? last : (node.title ?? String(last ?? '')),
    markdown,
    docsUrl: node['x-docs'],
  };
}

/**
 * The node with `$ref` followed and `allOf` branches merged in: the node's own keys win, so a property
 * can put its own description next to a shared definition. Structural keys are merged, not replaced.
 */
export function flatten(node: SchemaNode): SchemaNode {
  const cached = flattened.get(node);
  if (cached) return cached;
  if (!node.$ref && !node.allOf) {
    flattened.set(node, node);
    return node;
  }
  // Guard against cycles while flattening (a $ref chain back to itself).
  flattened.set(node, node);
  const parts: SchemaNode[] = [];
  if (node.$ref) {
    const target = resolveRef(node.$ref, node);
    if (target) parts.push(flatten(target));
  }
  for (const branch of node.allOf ?? []) parts.push(flatten(branch));
  const own: SchemaNode = { ...node };
  delete own.$ref;
  delete own.allOf;
  parts.push(own);
  const merged: SchemaNode = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (key === 'properties' || key === 'patternProperties') {
        merged[key] = { ...(merged[key] as Record<string, SchemaNode> | undefined), ...(value as Record<string, SchemaNode>) };
      } else if (key === 'required') {
        merged.required = [...new Set([...(merged.required ?? []), ...(value as string[])])];
      } else if (value !== undefined) {
        merged[key] = value;
      }
    }
  }
  rootOfNode.set(merged, rootOfNode.get(node) ?? merged);
  flattened.set(merged, merged);
  flattened.set(node, merged);
  return merged;
}

/** Resolves `#/definitions/X` (in the node's own schema) or `other.schema.json#/definitions/X`. */
export function resolveRef(ref: string, from: SchemaNode): SchemaNode | undefined {
  const hash = ref.indexOf('#');
  const base = hash < 0 ? ref : ref.slice(0, hash);
  const pointer = hash < 0 ? '' : ref.slice(hash + 1);
  const root = base === '' ? rootOfNode.get(from) : schemasByUri.get(stripLocalPrefix(base));
  if (!root) return undefined;
  let node: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node !== null && typeof node === 'object' ? (node as SchemaNode) : undefined;
}

function childOf(node: SchemaNode, segment: string | number): SchemaNode | undefined {
  for (const variant of variantsOf(node)) {
    const child = directChild(variant, segment);
    if (child) return flatten(child);
  }
  return undefined;
}

function directChild(node: SchemaNode, segment: string | number): SchemaNode | undefined {
  if (typeof segment === 'number') {
    if (Array.isArray(node.items)) {
      return node.items[segment] ?? (typeof node.additionalItems === 'object' ? node.additionalItems : undefined);
    }
    return node.items;
  }
  const property = node.properties?.[segment];
  if (property && Object.prototype.hasOwnProperty.call(node.properties, segment)) return property;
  for (const [pattern, schema] of Object.entries(node.patternProperties ?? {})) {
    if (safeRegExp(pattern)?.test(segment)) return schema;
  }
  return typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
}

/** The node itself, then its anyOf/oneOf alternatives (flattened), for lookups that try each. */
function variantsOf(node: SchemaNode): SchemaNode[] {
  const alternatives = [...(node.anyOf ?? []), ...(node.oneOf ?? [])];
  if (alternatives.length === 0) return [node];
  return [node, ...alternatives.flatMap((alternative) => variantsOf(flatten(alternative)))];
}

const regExpCache = new Map<string, RegExp | undefined>();
function safeRegExp(pattern: string): RegExp | undefined {
  if (!regExpCache.has(pattern)) {
    try {
      regExpCache.set(pattern, new RegExp(pattern, 'u'));
    } catch {
      regExpCache.set(pattern, undefined);
    }
  }
  return regExpCache.get(pattern);
}

function stripLocalPrefix(uri: string): string {
  return uri.replace(/^\.\//, '').replace(/#$/, '');
}

function recordRoots(node: unknown, root: SchemaNode): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) recordRoots(item, root);
    return;
  }
  rootOfNode.set(node, root);
  for (const value of Object.values(node)) recordRoots(value, root);
}

/** The schemas bundled with the core, by id: registered once, when this module loads. */
export const BUNDLED_SCHEMAS: Readonly<Record<string, object>> = Object.freeze({
  'set-identity-pool-roles': rolesSchemaJson,
  'identity-pool': identityPoolSchemaJson,
  'role-mappings': roleMappingsSchemaJson,
  // The CloudFormation resources' Properties; they `$ref` the schemas above.
  'cloudformation-identity-pool': cfnIdentityPoolSchemaJson,
  'cloudformation-role-attachment': cfnRoleAttachmentSchemaJson,
  'cloudformation-principal-tag': cfnPrincipalTagSchemaJson,
});

for (const [id, schema] of Object.entries(BUNDLED_SCHEMAS)) registerSchema(id, schema);
