/**
 * The validator of each registered schema. The schemas in `schemas/` are compiled at build time
 * (core/generated/schemaValidators.ts, by scripts/schemaValidators.mjs), so checks start without ajv;
 * any other schema (or a replaced one) is compiled by ajv on first use (or all at once by
 * `precompileSchemas`) and recompiled when the schema registry changes.
 *
 * The ajv instance and its validators stay at module level on purpose: they are a cache of the schema
 * registry (core/schema.ts, the bundled schemas registered once at load), a pure function of it keyed by
 * `schemaRegistryVersion()`, so sharing them between facades changes no answer. No other module writes them.
 */
import type { default as Ajv, ValidateFunction } from 'ajv';
import cfnIdentityPoolSchema from '../../schemas/cloudformation-identity-pool.schema.json';
import cfnPrincipalTagSchema from '../../schemas/cloudformation-principal-tag.schema.json';
import cfnRoleAttachmentSchema from '../../schemas/cloudformation-role-attachment.schema.json';
import identityPoolSchema from '../../schemas/identity-pool.schema.json';
import roleMappingsSchema from '../../schemas/role-mappings.schema.json';
import rolesSchema from '../../schemas/set-identity-pool-roles.schema.json';
import * as generated from '../generated/schemaValidators';
import { getSchema, registeredSchemas, schemaRegistryVersion, type SchemaId, type SchemaNode } from '../schema';
import ajvSettings from './ajvSettings.json';

const AHEAD_OF_TIME: ReadonlyMap<string, { schema: object; validate: ValidateFunction }> = new Map(
  (
    [
      ['set-identity-pool-roles', rolesSchema, generated.setIdentityPoolRoles],
      ['identity-pool', identityPoolSchema, generated.identityPool],
      ['role-mappings', roleMappingsSchema, generated.roleMappings],
      ['cloudformation-identity-pool', cfnIdentityPoolSchema, generated.cloudformationIdentityPool],
      ['cloudformation-role-attachment', cfnRoleAttachmentSchema, generated.cloudformationRoleAttachment],
      ['cloudformation-principal-tag', cfnPrincipalTagSchema, generated.cloudformationPrincipalTag],
    ] as const
  ).map(([id, schema, validate]) => [id, { schema, validate: validate as unknown as ValidateFunction }]),
);

/**
 * The validator compiled at build time, while the registry holds the very schemas it was built from (it
 * inlines the schemas it `$ref`s, so a replaced schema anywhere among them makes it stale).
 */
function aheadOfTimeValidator(schemaId: SchemaId): ValidateFunction | undefined {
  const entry = AHEAD_OF_TIME.get(schemaId);
  if (!entry || getSchema(schemaId) !== entry.schema) return undefined;
  for (const [id, other] of AHEAD_OF_TIME) {
    const registered = getSchema(id);
    if (registered !== undefined && registered !== other.schema) return undefined;
  }
  return entry.validate;
}

/**
 * The ajv options and the annotation keywords our schemas (and VS Code's JSON extensions) use, which ajv must
 * know in strict mode: one file (ajvSettings.json) for this registry and for the build-time compile
 * (scripts/schemaValidators.mjs), so the validators compiled ahead of time behave as run-time ones.
 * `logger: false`: never write to stdout (the language server talks LSP over it). `validateSchema: false`
 * and `code.optimize: false` cut compiling, the first check's main cost, without slowing validation
 * measurably; the schemas themselves are validated against the meta-schema in test/unit/schema.test.ts.
 * (inlineRefs stays on: a `$ref` under propertyNames only reports the offending key when inlined.)
 */
const ANNOTATION_KEYWORDS: readonly string[] = ajvSettings.annotationKeywords;

let ajv: Ajv | undefined;
let ajvVersion = -1;
const addedSchemas = new Map<string, SchemaNode>();
const validators = new Map<string, ValidateFunction>();

function createAjv(): Ajv {
  // Loaded on first use (after the server has answered `initialize`): it is a large part of start-up.
  const AjvClass = (require('ajv') as typeof import('ajv')).default;
  const instance = new AjvClass({ ...ajvSettings.options, logger: false, code: { ...ajvSettings.options.code } });
  for (const keyword of ANNOTATION_KEYWORDS) instance.addKeyword({ keyword });
  return instance;
}

/** The compiled validator for a schema; compiled once, recompiled only when the registry changes. */
export function validatorFor(schemaId: SchemaId): ValidateFunction | undefined {
  const aheadOfTime = aheadOfTimeValidator(schemaId);
  if (aheadOfTime) return aheadOfTime;
  if (!ajv || ajvVersion !== schemaRegistryVersion()) {
    const replaced = registeredSchemas().some(({ id, schema }) => addedSchemas.has(id) && addedSchemas.get(id) !== schema);
    if (!ajv || replaced) {
      ajv = createAjv();
      addedSchemas.clear();
      validators.clear();
    }
    for (const { id, schema } of registeredSchemas()) {
      if (addedSchemas.has(id)) continue;
      ajv.addSchema(schema, id);
      addedSchemas.set(id, schema);
    }
    ajvVersion = schemaRegistryVersion();
  }
  let validate = validators.get(schemaId);
  if (!validate) {
    if (!getSchema(schemaId)) return undefined;
    validate = ajv.getSchema(schemaId);
    if (!validate) return undefined;
    validators.set(schemaId, validate);
  }
  return validate;
}

/**
 * Compiles every registered schema now. Schemas otherwise compile on first use; a long-lived host (the
 * language server) calls this right after start-up, off the critical path, so the first keystroke does
 * not pay ajv's compile time and neither does start-up.
 */
export function precompileSchemas(): void {
  for (const { id } of registeredSchemas()) validatorFor(id);
}
