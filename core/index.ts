/**
 * The LSP-free core: parse to a model, check, evaluate. The public entry of the core: the language
 * server and the CLI import only this module (the front door is `createRoleMappingCore`).
 */
export * from './positions';
export * from './syntax';
export * from './model';
export * from './diagnostics';
export * from './providers';
export * from './documents';
export * from './encoding';
export * from './schema';
export * from './token/jwt';
export * from './token/algorithms';
export * from './token/jwks';
export * from './token/timeClaims';
export * from './api/awsErrors';
export {
  AMBIGUOUS_ROLE_RESOLUTIONS,
  CFN_REQUIRED_PROPERTIES,
  isAmbiguousRoleResolution,
  isMatchType,
  isRoleMappingType,
  LENGTHS,
  MATCH_TYPES,
  matchesMatchType,
  MAX_MAPPINGS,
  MAX_RULES,
  POOL_FIELDS,
  ROLE_MAPPING_FIELDS,
  ROLE_MAPPING_TYPES,
  ROLE_TYPES,
  ROLES_REQUEST_FIELDS,
  type RoleType,
} from './api/model';
export * from './trust';
export * from './pools';
export * from './service';
export { checkDocuments, checkPool } from './validate/index';
export { evaluateRequest, sharedEvaluation, simulate, type EvaluateOptions } from './evaluate/index';
export * from './evaluate/types';
// Template readings and schema ids the server's hover and completion need.
export { CFN_SCHEMA_IDS } from './cloudformation/checks';
export { templateRootOf } from './cloudformation/templateIndex';
export { templateInfo, type TemplateInfo } from './cloudformation/template';
export { userPoolSchemaClaims } from './cloudformation/userPools';
export * from './roleTests/format';
export * from './roleTests/run';
export * from './roleTests/append';
export * from './roleTests/appendText';
export * from './analysis/index';
export * from './permissions/index';
// Terraform: the parser's loading, module parsing, per-file locations and the Terraform → CloudFormation table.
export * from './terraform/index';
