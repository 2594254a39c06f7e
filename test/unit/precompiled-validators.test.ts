/**
 * The validators compiled at build time (core/generated/schemaValidators.ts) are those of the current
 * schemas, and check every fixture exactly as validators compiled at run time do.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerCloudFormationSchemas } from '../../core/cloudformation/checks';
import { parseDocument } from '../../core/documents';
import { getSchema, registerSchema } from '../../core/schema';
import * as generated from '../../core/generated/schemaValidators';
import { validatorFor } from '../../core/validate/ajvRegistry';
import { checkDocuments } from '../../core/validate/index';

const ROOT = join(__dirname, '..', '..', '..');

interface Generator {
  PRECOMPILED_SCHEMA_IDS: string[];
  GENERATED_PATH: string;
  schemaValidatorsSource(root: string): string;
}

const loadGenerator = async (): Promise<Generator> => import(pathToFileURL(join(ROOT, 'scripts', 'schemaValidators.mjs')).href);

function fixtures(): Array<{ uri: string; text: string }> {
  return readdirSync(join(ROOT, 'test', 'fixtures'), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(json|ya?ml)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .map((path) => ({ uri: pathToFileURL(path).href, text: readFileSync(path, 'utf8') }));
}

function checkAll(files: ReadonlyArray<{ uri: string; text: string }>): unknown[] {
  return files.map(({ uri, text }) => [...checkDocuments([parseDocument(uri, text)]).values()]);
}

const generatedValidators = new Set<unknown>(Object.values(generated));
/** Whether every built-in schema is checked by its validator compiled at build time. */
const aheadOfTime = (ids: readonly string[]) => ids.every((id) => generatedValidators.has(validatorFor(id)));

describe('validators compiled at build time', () => {
  test('are generated from the current schemas (run npm run build after editing schemas/)', async () => {
    const generator = await loadGenerator();
    const committed = readFileSync(join(ROOT, generator.GENERATED_PATH), 'utf8');
    assert.ok(committed === generator.schemaValidatorsSource(ROOT), `${generator.GENERATED_PATH} is stale`);
  });

  test('give the same diagnostics as validators compiled at run time, on every fixture', async () => {
    const { PRECOMPILED_SCHEMA_IDS } = await loadGenerator();
    registerCloudFormationSchemas();
    const files = fixtures();
    assert.ok(files.length > 20);
    const built = checkAll(files);
    const shapeCodes = JSON.stringify(built).match(/"code":"(invalid-type|pattern-mismatch|unknown-property|missing-required|invalid-enum-value)"/g) ?? [];
    assert.ok(shapeCodes.length >= 5, 'the fixtures exercise the schema checks');
    assert.equal(aheadOfTime(PRECOMPILED_SCHEMA_IDS), true, 'the built-in schemas are checked by the validators compiled at build time');
    const originals = PRECOMPILED_SCHEMA_IDS.map((id) => [id, getSchema(id)!] as const);
    assert.equal(originals.filter(([, schema]) => schema).length, PRECOMPILED_SCHEMA_IDS.length);
    try {
      // Copies are not the schemas the generated validators were built from, so ajv compiles them now.
      for (const [id, schema] of originals) registerSchema(id, structuredClone(schema));
      const atRunTime = checkAll(files);
      assert.equal(
        PRECOMPILED_SCHEMA_IDS.some((id) => generatedValidators.has(validatorFor(id))),
        false,
        'the copies were compiled by ajv',
      );
      assert.deepEqual(atRunTime, built);
    } finally {
      for (const [id, schema] of originals) registerSchema(id, schema);
    }
    assert.equal(aheadOfTime(PRECOMPILED_SCHEMA_IDS), true, 'the original schemas get their built validators back');
  });
});
