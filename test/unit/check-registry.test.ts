/**
 * The registry of the modules that make diagnostics: each code of CODES belongs to exactly one module, the
 * modules make only the codes they declare, and every code is asserted by some test.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CODES, type DiagnosticCode } from '../../core/diagnostics';
import { CHECK_MODULES } from '../../core/validate/registry';

const ROOT = join(__dirname, '..', '..', '..');

function sourcesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('check registry', () => {
  test('module ids are unique', () => {
    const ids = CHECK_MODULES.map((m) => m.id);
    assert.deepEqual(ids, [...new Set(ids)]);
  });

  test('every code is emitted by exactly one module', () => {
    for (const code of Object.keys(CODES) as DiagnosticCode[]) {
      const owners = CHECK_MODULES.filter((m) => m.emits.includes(code)).map((m) => m.id);
      assert.equal(owners.length, 1, `${code} is declared by ${owners.length ? owners.join(', ') : 'no module'}`);
    }
  });

  test('a module makes only the codes it declares (every makeDiagnostic with a literal code in core/)', () => {
    let makers = 0;
    for (const file of sourcesUnder('core', /\.ts$/)) {
      const text = readFileSync(file, 'utf8');
      const made = [...text.matchAll(/makeDiagnostic\(\s*'([a-z0-9-]+)'/g)].map((m) => m[1]);
      if (made.length === 0) continue;
      makers++;
      const declared = CHECK_MODULES.filter((m) => text.includes(`id: '${m.id}'`)).flatMap((m) => m.emits as readonly string[]);
      for (const code of made) assert.ok(declared.includes(code), `${relative(ROOT, file)} makes ${code} but declares ${declared.join(', ') || 'nothing'}`);
    }
    assert.ok(makers >= 10, `only ${makers} modules make diagnostics`);
  });

  test('every x-code of the schemas belongs to the schema-error mapping or the limits check', () => {
    const owners = new Set(['ajvErrors', 'limits']);
    const found = new Set<string>();
    const collect = (node: unknown): void => {
      if (node === null || typeof node !== 'object') return;
      const xCode = (node as Record<string, unknown>)['x-code'];
      if (typeof xCode === 'string') found.add(xCode);
      else if (xCode && typeof xCode === 'object') for (const c of Object.values(xCode)) found.add(String(c));
      for (const value of Object.values(node)) collect(value);
    };
    for (const file of sourcesUnder('schemas', /\.schema\.json$/)) collect(JSON.parse(readFileSync(file, 'utf8')));
    assert.ok(found.size > 0);
    for (const code of found) {
      const owner = CHECK_MODULES.find((m) => (m.emits as readonly string[]).includes(code));
      assert.ok(owner && owners.has(owner.id), `x-code ${code} belongs to ${owner?.id ?? 'no module'}`);
    }
  });

  test('every code is asserted present by at least one test', () => {
    // A cheap reading of the test sources: a line naming the code that is not an absence check (`none(…)`,
    // `notEqual`, `!==`, `ok(!…)`). The tests themselves decide whether the input really produces it.
    const lines = sourcesUnder('test', /\.(ts|mjs)$/)
      .filter((f) => !/(check-registry|api-drift|readme)\.test\.ts$/.test(f))
      .flatMap((f) => readFileSync(f, 'utf8').split('\n'));
    for (const code of Object.keys(CODES)) {
      const quoted = `'${code}'`;
      const absence = new RegExp(`none\\([^;]*${quoted}|notEqual|doesNotMatch|!==|ok\\(!`);
      assert.ok(
        lines.some((l) => l.includes(quoted) && !absence.test(l)),
        `no test asserts ${code}`,
      );
    }
  });
});
