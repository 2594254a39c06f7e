/** The server and the CLI reach the core only through its public entry, core/index.ts. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const repoRoot = path.resolve(__dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(repoRoot, path.join(entry.parentPath ?? entry.path, entry.name)));
}

test('server/src and cli import nothing from core but core/index', () => {
  const deep: string[] = [];
  for (const file of [...sources('server/src'), ...sources('cli')]) {
    const text = readFileSync(path.join(repoRoot, file), 'utf8');
    for (const match of text.matchAll(/from '((?:\.\.\/)+core\/[^']*)'/g)) if (!match[1].endsWith('core/index')) deep.push(`${file}: ${match[1]}`);
  }
  assert.deepEqual(deep, []);
});
