/**
 * What lets the language server keep many documents open cheaply: models of plain JSON/YAML documents hold
 * no syntax nodes, their ranges are resolved on demand and serialise as plain ranges, and a document's
 * syntax tree can be dropped and is rebuilt, identical, when read again.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parseDocument, releaseSyntaxTree } from '../../core/documents';
import type { ModelDocument } from '../../core/model';
import { LineIndex, plainRange } from '../../core/positions';
import { toValue } from '../../core/syntax';
import { checkDocuments } from '../../core/validate/index';

const examples = path.resolve(__dirname, '../../../examples');
const read = (relative: string) => readFileSync(path.join(examples, relative), 'utf8');

/** Every object reachable from the document's pools, not following into `parsed`. */
function reachable(document: ModelDocument): object[] {
  const seen = new Set<object>();
  const visit = (value: unknown) => {
    if (!value || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    for (const [key, inner] of Object.entries(value)) if (key !== 'lines') visit(inner);
  };
  visit(document.pools);
  return [...seen];
}

describe('compact document models', () => {
  test('a roles file model refers to no syntax node, so dropping the tree frees it', () => {
    const document = parseDocument('file:///work/roles.json', read('user-pool-groups/roles.json'));
    assert.equal(document.kind, 'roles');
    const withNodes = reachable(document).filter((o) => 'node' in o);
    assert.deepEqual(withNodes, []);
  });

  test('ranges read lazily give the same positions as computed ones and serialise as plain ranges', () => {
    const text = read('user-pool-groups/roles.json');
    const document = parseDocument('file:///work/roles.json', text);
    const authenticated = document.pools[0].roleConfig!.authenticated!;
    const start = text.indexOf(JSON.stringify(authenticated.value));
    const expected = new LineIndex(text).rangeAt(start, JSON.stringify(authenticated.value).length);
    assert.deepEqual(plainRange(authenticated.range), expected);
    assert.deepEqual(JSON.parse(JSON.stringify(authenticated)), { value: authenticated.value, range: expected });
  });

  test('a released tree is rebuilt on the next read, equal to the first, and the checks do not change', () => {
    const roles = parseDocument('file:///work/roles.json', read('broken/roles.json'));
    const pool = parseDocument('file:///work/identity-pool.json', read('broken/identity-pool.json'));
    const before = JSON.stringify(Object.fromEntries(checkDocuments([roles, pool])));
    const tree = toValue(roles.parsed.root);
    let rebuilds = 0;
    assert.equal(
      releaseSyntaxTree(roles, () => rebuilds++),
      true,
    );
    assert.equal(rebuilds, 0);
    assert.deepEqual(toValue(roles.parsed.root), tree);
    assert.equal(rebuilds, 1);
    void roles.parsed.root; // a second read reuses the rebuilt tree
    assert.equal(rebuilds, 1);
    assert.equal(JSON.stringify(Object.fromEntries(checkDocuments([roles, pool]))), before);
  });

  test('a template keeps its tree: its model resolves intrinsic functions through syntax nodes', () => {
    const template = parseDocument('file:///work/photo-share.yaml', read('cloudformation/photo-share.yaml'));
    assert.equal(template.kind, 'template');
    const root = template.parsed.root;
    assert.equal(releaseSyntaxTree(template), false);
    assert.equal(template.parsed.root, root);
  });
});
