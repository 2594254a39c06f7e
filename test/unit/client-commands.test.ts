/** The command ids the client registers (protocol constants) are exactly those package.json contributes. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CLIENT_COMMANDS } from '../../protocol/protocol';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

test('package.json contributes exactly the command ids of protocol/protocol.ts', () => {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { commands: Array<{ command: string }> } };
  const contributed = manifest.contributes.commands.map((c) => c.command);
  assert.deepEqual([...contributed].sort(), [...CLIENT_COMMANDS].sort());
});

test('the client registers its commands by the protocol constants, not by literal ids', () => {
  for (const file of ['client/src/commands.ts', 'client/src/tree.ts']) {
    const source = readFileSync(path.join(repoRoot, file), 'utf8');
    assert.doesNotMatch(source, /command(?:s\.registerCommand\(|: )'identityPoolRoles\./, file);
  }
});
