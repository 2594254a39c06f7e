/**
 * What the browser bundles (scripts/build.mjs, issue 18) rely on: ajv's compiler is left out of them, so
 * every schema the core bundles must be checked by a validator compiled at build time.
 */
import assert from 'node:assert/strict';
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
