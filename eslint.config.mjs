// @ts-check
/**
 * ESLint flat config: typescript-eslint's recommended rules (no type information, no stylistic rules:
 * Prettier owns the layout, eslint-config-prettier switches off anything that would fight it) plus the
 * import rules that keep the layers (ARCHITECTURE.md, "Layers").
 *
 * Why the module-resolution hook below. The project compiles with TypeScript 7, whose `typescript` npm
 * package is the native compiler: `require('typescript')` gives only its version, not the JavaScript
 * compiler API that typescript-eslint's parser needs (typescript-eslint 8 supports TypeScript < 6.1).
 * So:
 * - `typescript` stays 7.0.2 in package.json: `tsc` (npm run typecheck, pretest) is TypeScript 7 as before.
 * - TypeScript 6's JavaScript API comes from `@ts-morph/common` (a dev dependency used only here), which
 *   bundles it as `dist/typescript.js` (the `ts` it exports) and has no binaries. Not
 *   `@typescript/typescript6` nor an npm alias of `typescript@6`: they bring a second package with a `tsc`
 *   binary at the top of node_modules, and npm links whichever it meets first to node_modules/.bin/tsc, so
 *   `npx tsc` could become TypeScript 6.
 * - package.json `"overrides": { "typescript": "$typescript" }` lets npm accept typescript-eslint's peer
 *   range (`<6.1.0`) against the installed 7.0.2 instead of failing with ERESOLVE.
 * - The hook below answers `require('typescript')` from typescript-eslint's own packages (and
 *   ts-api-utils) with that bundled TypeScript 6, in this ESLint process only. typescript-eslint has no
 *   option to be handed a TypeScript module (parserOptions choose projects and programs, not the compiler).
 * Remove all three once typescript-eslint supports TypeScript 7's API.
 */
import Module, { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const typescriptApi = require.resolve('@ts-morph/common/dist/typescript.js');
const linterPackages = ['@typescript-eslint', 'typescript-eslint', 'ts-api-utils'].map((name) => `${path.sep}node_modules${path.sep}${name}${path.sep}`);
/** @type {any} */
const ModuleInternals = Module;
const resolveFilename = ModuleInternals._resolveFilename;
ModuleInternals._resolveFilename = function (
  /** @type {string} */ request,
  /** @type {{ filename?: string } | undefined} */ parent,
  /** @type {unknown[]} */ ...rest
) {
  if (request === 'typescript' && parent?.filename && linterPackages.some((dir) => parent.filename?.includes(dir))) return typescriptApi;
  return resolveFilename.call(this, request, parent, ...rest);
};

// Imported after the hook is in place (static imports would be evaluated before it).
const { default: js } = await import('@eslint/js');
const { default: tseslint } = await import('typescript-eslint');
const { default: prettier } = await import('eslint-config-prettier');

// ---------------------------------------------------------------------------------------------------
// Layer rules. Each layer lists what it may not import; ESLint applies the last matching
// `@typescript-eslint/no-restricted-imports` only (for `allowTypeImports`), so every files glob below carries its complete list.

/** `node:` built-ins (and their bare names), for layers that must run without Node (core, server features). */
const NODE_BUILTINS = {
  group: ['node:*', ...Module.builtinModules.filter((name) => !name.startsWith('_') && !name.includes(':'))],
  message: 'Node APIs stay out of this layer (core is platform-free; the server uses Node only in server/src/node/ through RuntimeEnvironment).',
};

/** server and cli go through core's public entry (core/index.ts), not deep paths. */
const DEEP_CORE_MESSAGE = 'Import core through its public entry (core/index.ts), not a deep path.';

const CORE_RULES = [
  { group: ['**/server/**', '**/client/**', '**/cli/**', '**/protocol/**'], message: 'core imports nothing from server, client, cli or protocol.' },
  NODE_BUILTINS,
];

const CLIENT_RULES = [
  {
    group: ['**/core/**', '**/server/**', '**/cli/**', '**/schemas/**'],
    message: 'The client imports only protocol/ (plus vscode and vscode-languageclient).',
  },
  {
    group: ['vscode-languageserver', 'vscode-languageserver/*', 'ajv', 'ajv/*', 'yaml', 'jose', 'jsonc-parser'],
    message: 'The client stays thin: this belongs to the server or core.',
  },
];

const SERVER_RULES = [
  { group: ['**/client/**', '**/cli/**'], message: 'The server imports only core (through core/index.ts) and protocol/.' },
  { group: ['vscode', 'vscode-languageclient', 'vscode-languageclient/*'], message: 'The server does not import the VS Code client API.' },
];

const CLI_RULES = [
  { group: ['**/client/**', '**/server/**'], message: 'The CLI imports only core (through core/index.ts) and protocol/.' },
  {
    group: ['vscode', 'vscode-languageclient', 'vscode-languageclient/*', 'vscode-languageserver', 'vscode-languageserver/*'],
    message: 'The CLI does not import editor or LSP packages.',
  },
];

/**
 * server/ and cli/ import the core only through core/index.ts. The rule has its own files block
 * (restricted-imports severity is per rule, so it uses `no-restricted-syntax` beside `no-restricted-imports`).
 */
const DEEP_CORE_SEVERITY = 'error';

/** `no-restricted-syntax` selectors for deep core imports (import declarations, re-exports, import()). */
const deepCoreSelectors = ['ImportDeclaration', 'ExportNamedDeclaration', 'ExportAllDeclaration', 'ImportExpression'].map((node) => ({
  selector: `${node} > Literal.source[value=/(^|\\/)core\\/(?!index(\\.ts)?$)/]`,
  message: DEEP_CORE_MESSAGE,
}));

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'out-vscode/**',
      'dist/**',
      '.bench/**',
      'core/generated/**',
      'node_modules/**',
      'test/e2e/node_modules/**',
      'test/e2e/.run/**',
      'examples/**',
      '**/*.vsix',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Unused parameters named `_x` are deliberate (signatures fixed by LSP handlers and callbacks).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Noisy in this code base: `require()` is used deliberately for lazy loading (minimatch, start-up time).
      '@typescript-eslint/no-require-imports': 'off',
      // Deliberate: these regular expressions find control characters to escape them in output.
      'no-control-regex': 'off',
      'no-useless-escape': 'error',
      'no-useless-assignment': 'error',
    },
  },
  {
    // YAML text in test regular expressions reads better with its indentation written out.
    files: ['test/**'],
    rules: { 'no-regex-spaces': 'off' },
  },
  {
    // Node scripts and tests: Node globals.
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        globalThis: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        __filename: 'readonly',
        performance: 'readonly',
        fetch: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
      },
    },
  },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },

  // --- Layers ---------------------------------------------------------------------------------------
  { files: ['core/**/*.ts'], rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: CORE_RULES }] } },
  { files: ['client/**/*.ts'], rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: CLIENT_RULES }] } },
  {
    // protocol/ is shared by client and server: runtime imports only from vscode-languageserver-protocol;
    // core *types* are allowed (`import type`, erased at compile time, so the client bundle has no core code).
    files: ['protocol/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/**', '**/server/**', '**/client/**', '**/cli/**'],
              allowTypeImports: true,
              message: 'protocol/ imports core types only (`import type`), never runtime code.',
            },
            NODE_BUILTINS,
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/node/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...SERVER_RULES, NODE_BUILTINS] }] },
  },
  { files: ['server/src/node/**/*.ts'], rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: SERVER_RULES }] } },
  { files: ['cli/**/*.ts'], rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: CLI_RULES }] } },
  { files: ['server/src/**/*.ts', 'cli/**/*.ts'], rules: { 'no-restricted-syntax': [DEEP_CORE_SEVERITY, ...deepCoreSelectors] } },
);
