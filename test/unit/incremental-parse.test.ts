/**
 * The incremental JSON re-parse (an edit inside one string) must give exactly what a full parse of the new
 * text gives: the same tree with the same offsets, the same line index, the same diagnostics. Random
 * edits (inserts, deletions, replacements, also of quotes, backslashes and line breaks) anywhere in the
 * examples, with a fixed seed; edits it cannot take must be refused, never answered wrongly.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseDocument } from '../../core/documents';
import { parseJsonText, reparseJsonAfterEdit, type ParsedText, type SyntaxNode } from '../../core/syntax';
import { checkDocuments } from '../../core/validate/index';

const examples = path.resolve(__dirname, '../../../examples');
const jsonFiles = readdirSync(examples, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((folder) =>
    readdirSync(path.join(examples, folder.name))
      .filter((name) => name.endsWith('.json'))
      .map((name) => path.join(examples, folder.name, name)),
  )
  .map((file) => readFileSync(file, 'utf8'));

/** Everything a tree says, parents and property links included, as plain data. */
function describeTree(node: SyntaxNode | undefined): unknown {
  if (!node) return undefined;
  const parent = node.parent ? `${node.parent.kind}@${node.parent.offset}` : undefined;
  const property = node.property ? `${node.property.key}@${node.property.keyOffset}` : undefined;
  const base = { kind: node.kind, offset: node.offset, length: node.length, parent, property };
  if (node.kind === 'object') {
    return {
      ...base,
      properties: node.properties.map((p) => ({
        key: p.key,
        offset: p.offset,
        length: p.length,
        keyOffset: p.keyOffset,
        keyLength: p.keyLength,
        parent: p.parent.offset,
        value: describeTree(p.value),
      })),
    };
  }
  if (node.kind === 'array') return { ...base, items: node.items.map(describeTree) };
  return { ...base, value: node.value };
}

function assertSameParse(actual: ParsedText, expected: ParsedText): void {
  assert.deepEqual(describeTree(actual.root), describeTree(expected.root));
  assert.deepEqual(actual.errors, expected.errors);
  assert.equal(actual.lines.lineCount, expected.lines.lineCount);
  for (let offset = 0; offset <= expected.text.length; offset += 1 + (offset % 7)) {
    assert.deepEqual(actual.lines.positionAt(offset), expected.lines.positionAt(offset));
  }
}

/** An offset inside a string of the text, or anywhere, and what to put there. */
const editArbitrary = fc.record({
  file: fc.nat({ max: jsonFiles.length - 1 }),
  where: fc.double({ min: 0, max: 1, noNaN: true }),
  insideString: fc.boolean(),
  removed: fc.nat({ max: 3 }),
  inserted: fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('"', '\\', '\n', 'é', '😀', '\\n', '', 'x')),
});

type Edit = typeof editArbitrary extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(text: string, edit: Edit): string {
  let offset = Math.floor(edit.where * text.length);
  if (edit.insideString) {
    // Move to just after the next opening quote of a string.
    const quote = text.indexOf('"', offset);
    if (quote >= 0) offset = quote + 1;
  }
  return text.slice(0, offset) + edit.inserted + text.slice(Math.min(text.length, offset + edit.removed));
}

describe('incremental JSON re-parse', () => {
  test('a one-character change in a value is taken incrementally and equals a full parse', () => {
    const text = jsonFiles[0];
    const before = parseJsonText(text);
    const at = text.indexOf('arn:aws:iam::') + 'arn:aws:iam::'.length;
    for (const next of [text.slice(0, at) + 'X' + text.slice(at), text.slice(0, at) + text.slice(at + 1), text.slice(0, at) + 'Y' + text.slice(at + 1)]) {
      const incremental = reparseJsonAfterEdit(before, next);
      assert.ok(incremental, 'the edit is inside one string');
      assertSameParse(incremental, parseJsonText(next));
    }
  });

  test('a change to a key is taken incrementally too', () => {
    const text = jsonFiles[0];
    const before = parseJsonText(text);
    const next = text.replace('"Roles"', '"Rolesx"');
    const incremental = reparseJsonAfterEdit(before, next);
    assert.ok(incremental);
    assertSameParse(incremental, parseJsonText(next));
  });

  test('edits that leave a string (quotes, escapes, line breaks, structure) are refused', () => {
    const text = jsonFiles[0];
    const before = parseJsonText(text);
    const at = text.indexOf('arn:aws:iam::');
    for (const inserted of ['"', '\\', '\n', '\u0001']) {
      assert.equal(reparseJsonAfterEdit(before, text.slice(0, at) + inserted + text.slice(at)), undefined, JSON.stringify(inserted));
    }
    assert.equal(reparseJsonAfterEdit(before, text.replace('{', '{ ')), undefined);
    assert.equal(reparseJsonAfterEdit(before, `${text} `), undefined);
  });

  test('random edits: whatever is taken incrementally equals a full parse, and so do the diagnostics', () => {
    let taken = 0;
    fc.assert(
      fc.property(editArbitrary, (edit) => {
        const text = jsonFiles[edit.file];
        const next = applyEdit(text, edit);
        const before = parseJsonText(text);
        const incremental = reparseJsonAfterEdit(before, next);
        if (!incremental) return;
        taken++;
        assertSameParse(incremental, parseJsonText(next));
        const viaPrevious = parseDocument('file:///work/roles.json', next, 'json', before);
        const full = parseDocument('file:///work/roles.json', next, 'json');
        assert.deepEqual(JSON.parse(JSON.stringify([...checkDocuments([viaPrevious])])), JSON.parse(JSON.stringify([...checkDocuments([full])])));
      }),
      { seed: 20261126, numRuns: 1500 },
    );
    assert.ok(taken > 300, `the incremental path was taken ${taken} times`);
  });
});
