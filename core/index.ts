/** The LSP-free core: parse to a model, check, evaluate. Used by the language server, the CLI and the client. */
export * from './positions';
export * from './syntax';
export * from './model';
export * from './diagnostics';
export * from './providers';
export * from './documents';
export * from './encoding';
export * from './schema';
export * from './jwt';
export * from './tokenAlgorithms';
export * from './trust';
export { checkDocuments, checkPool } from './validate/index';
export { evaluateRequest, simulate, type EvaluateOptions } from './evaluate/index';
export * from './evaluate/types';
export * from './permissions/index';
