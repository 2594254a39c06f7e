/**
 * The server's Terraform modules without LSP: before the parser has loaded every `.tf` file of a folder says
 * so (not only the first one); once it has, the same workspace gives each file its own diagnostics.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createRoleMappingCore, isTerraformParserLoaded, TERRAFORM_NOT_LOADED } from '../../core/index';
import { loadTerraformForCli } from '../../cli/terraform';
import { DocumentCache } from '../../server/src/documentCache';
import type { RuntimeEnvironment } from '../../server/src/runtime';
import { folderUriOf, isTerraformDocument, moveModuleLocations } from '../../server/src/terraform';
import { Workspace } from '../../server/src/workspace';
import { WorkspaceIndex } from '../../server/src/workspaceIndex';

const FOLDER = path.join(__dirname, '../../../test/fixtures/lsp/terraform-workspace/photos');

const runtime: RuntimeEnvironment = {
  timer: {
    setTimeout: (callback, ms) => {
      const handle = setTimeout(callback, ms);
      return { dispose: () => clearTimeout(handle) };
    },
    setImmediate: (callback) => {
      const handle = setImmediate(callback);
      return { dispose: () => clearImmediate(handle) };
    },
  },
  now: () => Date.now(),
};

function workspaceOf(names: string[]) {
  const documents = names.map((name) => TextDocument.create(`file:///ws/photos/${name}`, 'terraform', 1, fs.readFileSync(path.join(FOLDER, name), 'utf8')));
  const core = createRoleMappingCore();
  const open = { get: (uri: string) => documents.find((d) => d.uri === uri), all: () => documents };
  const index = new WorkspaceIndex(runtime, { error: () => undefined, info: () => undefined }, core, () => undefined);
  return { workspace: new Workspace(core, open, new DocumentCache(core), index), documents };
}

test('.tf documents: not loaded yet in every file of the module, then each file its own diagnostics', async () => {
  assert.equal(isTerraformParserLoaded(), false, 'this test needs a process where the parser is not loaded yet');
  const { workspace, documents } = workspaceOf(['iam.tf', 'main.tf', 'variables.tf']);
  for (const document of documents) {
    assert.deepEqual(
      workspace.diagnostics(document.uri).map((d) => [d.code, d.uri, d.message, d.range.start.line]),
      [['syntax-error', document.uri, TERRAFORM_NOT_LOADED, 0]],
    );
  }
  await loadTerraformForCli();
  workspace.invalidate();
  const iam = documents[0];
  const equal = iam.getText().indexOf('"Equal"');
  assert.deepEqual(
    workspace.diagnostics(iam.uri).map((d) => [d.code, d.uri, d.range]),
    [['invalid-enum-value', iam.uri, { start: iam.positionAt(equal), end: iam.positionAt(equal + 7) }]],
  );
  assert.deepEqual(
    workspace.diagnostics(documents[1].uri).map((d) => [d.code, d.uri]),
    [['parameter-default-used', documents[1].uri]],
  );
  assert.deepEqual(workspace.diagnostics(documents[2].uri), []);
  // The module is one document named by the folder; its pools point into it, positions move by file.
  assert.equal(workspace.terraformModuleOf(iam.uri)?.uri, 'file:///ws/photos');
  assert.equal(workspace.modulePosition(documents[1].uri, { line: 0, character: 0 }).position.line, iam.lineCount);
});

test('module locations in a result move into their files; the result is copied, not changed', async () => {
  await loadTerraformForCli();
  const { workspace, documents } = workspaceOf(['iam.tf', 'main.tf']);
  const module = workspace.terraformModuleOf(documents[1].uri)!;
  const range = { start: { line: documents[0].lineCount + 2, character: 2 }, end: { line: documents[0].lineCount + 2, character: 9 } };
  const result = { pool: { location: { uri: module.uri, range }, uris: [module.uri] }, other: { uri: 'file:///ws/roles.json', range } };
  const moved = moveModuleLocations(result, workspace.core, (uri) => workspace.terraformModuleOf(uri));
  assert.deepEqual(moved.pool.location, { uri: documents[1].uri, range: { start: { line: 2, character: 2 }, end: { line: 2, character: 9 } } });
  assert.deepEqual(moved.pool.uris, [documents[0].uri, documents[1].uri]);
  assert.deepEqual(moved.other, result.other);
  assert.equal(result.pool.location.uri, module.uri, 'the input is left as it was');
  assert.equal(folderUriOf('file:///ws/photos/main.tf'), 'file:///ws/photos');
  assert.equal(isTerraformDocument({ uri: 'file:///ws/x.TF', languageId: 'plaintext' }), true);
  assert.equal(isTerraformDocument({ uri: 'file:///ws/x.tfvars', languageId: 'terraform-vars' }), false);
});
