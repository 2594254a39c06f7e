/** The LSP-free core: parse to a model, check, evaluate. Used by the language server, the CLI and the client. */
export * from './positions';
export * from './syntax';
export * from './model';
export * from './diagnostics';
export * from './providers';
export * from './documents';
export * from './encoding';
export * from './schema';
export * from './api/awsErrors';
export { AMBIGUOUS_ROLE_RESOLUTIONS, CFN_REQUIRED_PROPERTIES, isAmbiguousRoleResolution, isMatchType, isRoleMappingType, LENGTHS, MATCH_TYPES, matchesMatchType, MAX_MAPPINGS, MAX_RULES, POOL_FIELDS, ROLE_MAPPING_FIELDS, ROLE_MAPPING_TYPES, ROLE_TYPES, ROLES_REQUEST_FIELDS, type RoleType } from './api/model';
export * from './jwt';
export * from './tokenAlgorithms';
export * from './trust';
export { checkDocuments, checkPool } from './validate/index';
export { evaluateRequest, simulate, type EvaluateOptions } from './evaluate/index';
export * from './evaluate/types';
