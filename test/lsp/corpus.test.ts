/**
 * Every feature on many real files: the repository's examples and CloudFormation fixtures, and the
 * real-world corpus (../shared/corpus/real-world, when present). Each file is opened and asked for
 * diagnostics, symbols, code lenses, hovers and completions at many positions, and every quick fix
 * offered is applied: no handler fails (nothing in the server log), every fixed text still parses, and
 * the server keeps answering.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseText } from '../../core/documents';
import { fileUri, languageOf, LspClient, REPO_ROOT } from './lspClient';

const SOURCES = [
  path.join(REPO_ROOT, 'examples'),
  path.join(REPO_ROOT, 'test', 'fixtures', 'cloudformation'),
  path.resolve(REPO_ROOT, '../shared/corpus/real-world'),
];
const POSITIONS_PER_FILE = 40;

function collect(): string[] {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'ipr-corpus-'));
  for (const source of SOURCES) {
    if (!fs.existsSync(source)) continue;
    fs.cpSync(source, path.join(target, path.basename(source)), { recursive: true });
  }
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(json|ya?ml|template|jwt|md)$/i.test(entry.name)) files.push(full);
    }
  };
  walk(target);
  return files.sort();
}

describe('every feature on real files', () => {
  let client: LspClient;
  let files: string[];

  before(async () => {
    files = collect();
    client = await LspClient.start({ folder: path.dirname(path.dirname(files[0])) });
    await client.waitForIndex();
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  test('no request fails, every quick fix leaves a parseable document', async () => {
    assert.ok(files.length >= 20, `enough files (${files.length})`);
    let fixesApplied = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const languageId = /\.template$/i.test(file) ? (text.trimStart().startsWith('{') ? 'json' : 'yaml') : languageOf(file);
      const uri = fileUri(file);
      const document = client.open(uri, languageId, text);
      const diagnostics = await client.pull(uri);
      await client.request('textDocument/documentSymbol', { textDocument: { uri } });
      await client.request('textDocument/codeLens', { textDocument: { uri } });
      const step = Math.max(1, Math.floor(text.length / POSITIONS_PER_FILE));
      for (let offset = 0; offset <= text.length; offset += step) {
        const position = document.positionAt(offset);
        await client.request('textDocument/hover', { textDocument: { uri }, position });
        await client.request('textDocument/completion', { textDocument: { uri }, position });
      }
      for (const diagnostic of diagnostics) {
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
          textDocument: { uri },
          range: diagnostic.range,
          context: { diagnostics: [diagnostic] as Diagnostic[] },
        });
        for (const action of actions) {
          const fixed = TextDocument.applyEdits(document, action.edit?.changes?.[uri] ?? []);
          const format = languageId === 'yaml' ? 'yaml' : 'json';
          const before = parseText(text, format).errors.length;
          assert.ok(parseText(fixed, format).errors.length <= before, `"${action.title}" in ${path.basename(file)} keeps the document parseable`);
          fixesApplied++;
        }
      }
      client.close(uri);
    }
    const failures = client.logs.filter((line) => / failed: /.test(line));
    assert.deepEqual(failures, [], 'no handler failed');
    assert.ok(fixesApplied > 0, 'some quick fixes were exercised');
    if (process.env.LSP_CORPUS_STATS) console.log(`files ${files.length}, fixes ${fixesApplied}`);
    const tree = await client.request<{ pools: unknown[] }>('identityPoolRoles/model', {});
    assert.ok(tree.pools.length > 5, 'the index found the pools of these files');
  });
});
