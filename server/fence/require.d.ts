// The core loads yaml, ajv and jose on first use with `require`, which the bundler resolves (also in a
// browser bundle). The fence (server/tsconfig.json) declares only that much of Node; this file stays out of
// the main tsconfig, where Node's own `require` is declared.
declare function require(id: string): unknown;
