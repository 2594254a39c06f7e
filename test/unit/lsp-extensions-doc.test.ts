/**
 * docs/lsp-extensions.md documents every custom LSP request and notification declared in protocol/, and
 * nothing else (rust-analyzer checks its lsp-extensions.md against lsp_ext.rs the same way).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';

const ROOT = path.resolve(__dirname, '../../..');
const PROTOCOL_DIR = path.join(ROOT, 'protocol');
const DOC = path.join(ROOT, 'docs', 'lsp-extensions.md');

/** Every `new RequestType…('method')` / `new NotificationType…('method')` in protocol/ (any file, any depth). */
function declaredMethods(): { methods: string[]; constructions: number } {
  const methods: string[] = [];
  let constructions = 0;
  const files = readdirSync(PROTOCOL_DIR, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  for (const file of files) {
    const text = readFileSync(path.join(PROTOCOL_DIR, file), 'utf8');
    constructions += [...text.matchAll(/\bnew\s+(?:Protocol)?(?:Request|Notification)Type\d*\b/g)].length;
    for (const m of text.matchAll(/\bnew\s+(?:Protocol)?(?:Request|Notification)Type\d*\b[^;]*?\(\s*(['"`])([^'"`]+)\1/g)) methods.push(m[2]);
  }
  return { methods, constructions };
}

/** The `## \`method\`` headings of the doc that name a method (a `/` in the name). */
function documentedMethods(): string[] {
  const doc = readFileSync(DOC, 'utf8');
  return [...doc.matchAll(/^##\s+`([^`]+)`\s*$/gm)].map((m) => m[1]).filter((name) => name.includes('/'));
}

describe('docs/lsp-extensions.md', () => {
  test('every method declared in protocol/ is read by this test (none is written in a form it misses)', () => {
    const { methods, constructions } = declaredMethods();
    assert.ok(methods.length > 0, 'no RequestType or NotificationType found in protocol/');
    assert.equal(methods.length, constructions, 'a RequestType or NotificationType in protocol/ has no string literal method this test can read');
  });

  test('documents exactly the custom methods of protocol/, one section each', () => {
    const declared = declaredMethods().methods.sort();
    const documented = documentedMethods();
    assert.deepEqual([...documented].sort(), [...new Set(documented)].sort(), 'a method has two sections');
    const missing = declared.filter((method) => !documented.includes(method));
    const stale = documented.filter((method) => !declared.includes(method));
    assert.deepEqual(missing, [], `methods of protocol/ without a "## \`method\`" section in docs/lsp-extensions.md: ${missing.join(', ')}`);
    assert.deepEqual(stale, [], `sections of docs/lsp-extensions.md for methods protocol/ no longer declares: ${stale.join(', ')}`);
  });

  test('each section names the constant that declares its method', () => {
    const doc = readFileSync(DOC, 'utf8');
    for (const file of readdirSync(PROTOCOL_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(path.join(PROTOCOL_DIR, file), 'utf8');
      for (const m of text.matchAll(/export\s+const\s+(\w+)\s*=\s*new\s+(?:Protocol)?(?:Request|Notification)Type\d*\b[^;]*?\(\s*(['"`])([^'"`]+)\2/g)) {
        const [, constant, , method] = m;
        const section = doc.split(/^## /m).find((part) => part.startsWith(`\`${method}\``));
        assert.ok(section?.includes(`\`${constant}\``), `the section of ${method} does not name ${constant}`);
      }
    }
  });
});
