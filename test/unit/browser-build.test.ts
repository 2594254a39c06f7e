/**
 * The browser build (issue 18): the manifest's entries ship in the .vsix, and what the browser bundles
 * (scripts/build.mjs) rely on: ajv's compiler is left out of them, so every schema the core bundles must be
 * checked by a validator compiled at build time.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import * as generated from '../../core/generated/schemaValidators';
import { BUNDLED_SCHEMAS } from '../../core/schema';
import { validatorFor } from '../../core/validate/ajvRegistry';

const ROOT = join(__dirname, '..', '..', '..');

test('every bundled schema has a validator compiled at build time (the browser build has no ajv compiler)', async () => {
  const { PRECOMPILED_SCHEMA_IDS } = (await import(pathToFileURL(join(ROOT, 'scripts', 'schemaValidators.mjs')).href)) as { PRECOMPILED_SCHEMA_IDS: string[] };
  const built = new Set<unknown>(Object.values(generated));
  for (const id of Object.keys(BUNDLED_SCHEMAS)) {
    assert.ok(PRECOMPILED_SCHEMA_IDS.includes(id), `schema ${id} is not compiled at build time (scripts/schemaValidators.mjs PRECOMPILED_SCHEMA_IDS)`);
    assert.ok(built.has(validatorFor(id)), `schema ${id} is not checked by its validator compiled at build time`);
  }
});

test('package.json has a Node and a browser entry, both shipped (.vscodeignore), and declares virtual workspaces', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    main: string;
    browser: string;
    capabilities: { virtualWorkspaces: { supported: unknown; description?: string } };
  };
  assert.equal(manifest.main, './dist/client.js');
  assert.equal(manifest.browser, './dist/browser/client.js');
  const kept = readFileSync(join(ROOT, '.vscodeignore'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('!'))
    .map((line) => line.slice(1));
  for (const file of ['dist/client.js', 'dist/server.js', 'dist/browser/client.js', 'dist/browser/server.js'])
    assert.ok(kept.includes(file), `${file} is not in the .vsix`);
  assert.notEqual(manifest.capabilities.virtualWorkspaces.supported, false);
  assert.match(manifest.capabilities.virtualWorkspaces.description ?? '', /relative to the workspace folder/);
});
