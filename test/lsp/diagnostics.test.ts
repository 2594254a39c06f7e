/**
 * Diagnostics over LSP: a broken roles file (JSON and YAML) shows each of the core's findings with its
 * exact range, code, documentation link, source and related information, both pulled and pushed; a roles
 * file is checked with its pool file (also when only the pool file changes); other documents get nothing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { copyFixtureWorkspace, fileUri, LspClient, MINIMAL_CAPABILITIES, rangeOf, useIndexedWorkspace } from './lspClient';

function byCode(diagnostics: Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

function assertOne(diagnostics: Diagnostic[], code: string, range: Diagnostic['range'], severity: number): Diagnostic {
  const found = byCode(diagnostics, code);
  assert.equal(found.length, 1, `exactly one ${code} (got ${JSON.stringify(diagnostics.map((d) => d.code))})`);
  const diagnostic = found[0];
  assert.deepEqual(diagnostic.range, range, `range of ${code}`);
  assert.equal(diagnostic.severity, severity, `severity of ${code}`);
  assert.equal(diagnostic.source, 'identity-pool-roles');
  assert.match(diagnostic.codeDescription?.href ?? '', /^https:\/\/docs\.aws\.amazon\.com\//, `docs link of ${code}`);
  assert.ok(typeof diagnostic.message === 'string' && diagnostic.message.length > 10, 'a sentence, not a code');
  return diagnostic;
}

/** The range of a whole JSON line's object: from its `{` to its `}`. */
function objectOnLine(document: TextDocument, marker: string, occurrence = 0): Diagnostic['range'] {
  const text = document.getText();
  let index = -1;
  for (let i = 0; i <= occurrence; i++) index = text.indexOf(marker, index + 1);
  const start = text.lastIndexOf('{', index);
  const end = text.indexOf('}', index) + 1;
  return { start: document.positionAt(start), end: document.positionAt(end) };
}

const ERROR = 1;
const WARNING = 2;

function checkShopFindings(document: TextDocument, diagnostics: Diagnostic[]): void {
  const key = rangeOf(document, '"https://cognito-idp.us-west-2.amazonaws.com/us-west-2_XyZ987654"');
  const urlForm = assertOne(diagnostics, 'mapping-key-url-form', key, ERROR);
  assert.equal(
    (urlForm.data as { suggestedKey?: string }).suggestedKey,
    'cognito-idp.us-west-2.amazonaws.com/us-west-2_XyZ987654:2exampleclientid0000000000',
    'the suggested key uses the client registered in the linked pool file',
  );
  assertOne(diagnostics, 'ambiguous-resolution-required', key, ERROR);
  const enumValue = assertOne(diagnostics, 'invalid-enum-value', rangeOf(document, '"Equal"'), ERROR);
  assert.equal((enumValue.data as { replacements: string[] }).replacements[0], 'Equals', 'the nearest valid value first');
  const missing = byCode(diagnostics, 'missing-required');
  assert.equal(missing.length, 1);
  assert.deepEqual((missing[0].data as { missingProperties: string[] }).missingProperties, ['Value']);
  assert.equal(missing[0].range.start.line, rangeOf(document, '"custom:level"').start.line, 'on the rule without Value');
  const shadowed = assertOne(diagnostics, 'rule-shadowed', objectOnLine(document, 'ShopSalesLead'), WARNING);
  assert.deepEqual(shadowed.tags, [1], 'a never-used rule is marked unnecessary');
  assert.deepEqual(
    shadowed.relatedInformation?.map((r) => [r.location.uri, r.location.range]),
    [[document.uri, objectOnLine(document, 'role/ShopSales"')]],
  );
  assert.ok(shadowed.relatedInformation?.[0].message);
}

describe('pull diagnostics', () => {
  let client: LspClient;
  let folder: string;
  useIndexedWorkspace((started) => ({ client, folder } = started));

  test('a broken JSON roles file shows each finding with its range, code, docs link and related rule', async () => {
    const document = client.openFile(path.join(folder, 'roles', 'shop-broken.roles.json'));
    checkShopFindings(document, await client.pull(document.uri));
  });

  test('a broken YAML roles file shows its findings at YAML ranges', async () => {
    const document = client.openFile(path.join(folder, 'roles', 'team-broken.roles.yaml'));
    const diagnostics = await client.pull(document.uri);
    const key = rangeOf(document, 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_QwErTy123');
    assertOne(diagnostics, 'mapping-key-missing-client', key, ERROR);
    assertOne(diagnostics, 'ambiguous-resolution-required', key, ERROR);
    assertOne(diagnostics, 'invalid-enum-value', rangeOf(document, 'StartWith'), ERROR);
    assert.equal(byCode(diagnostics, 'missing-required').length, 1);
  });

  test('a valid roles file checked with its pool file has no findings', async () => {
    const document = client.openFile(path.join(folder, 'roles', 'photos.roles.json'));
    assert.deepEqual(await client.pull(document.uri), []);
  });

  test('a syntax error is reported at its place', async () => {
    const uri = fileUri(path.join(folder, 'roles', 'typing.roles.json'));
    client.open(uri, 'json', '{\n  "IdentityPoolId": "us-east-1:11111111-2222-3333-4444-555555555555",\n  "Roles": { "authenticated": }\n}\n');
    const diagnostics = await client.pull(uri);
    const syntax = byCode(diagnostics, 'syntax-error');
    assert.ok(syntax.length >= 1);
    assert.equal(syntax[0].range.start.line, 2);
  });

  test('documents that are not role mappings get no diagnostics', async () => {
    const document = client.openFile(path.join(folder, 'package.json'));
    assert.deepEqual(await client.pull(document.uri), []);
    client.open('untitled:Untitled-1', 'plaintext', 'RoleMappings: "Type": "Rules" nothing structured here');
    assert.deepEqual(await client.pull('untitled:Untitled-1'), []);
  });

  test('a pull with the previous result id is answered "unchanged" until the findings change', async () => {
    const document = client.openFile(path.join(folder, 'roles', 'shop-broken.roles.json'));
    type Report = { kind: string; resultId?: string; items?: Diagnostic[] };
    const pull = (previousResultId?: string) => client.request<Report>('textDocument/diagnostic', { textDocument: { uri: document.uri }, previousResultId });
    const first = await pull();
    assert.equal(first.kind, 'full');
    assert.ok(first.resultId && first.items && first.items.length > 0);
    assert.deepEqual(await pull(first.resultId), { kind: 'unchanged', resultId: first.resultId });
    // A keystroke in a value on a line without findings changes none of them.
    client.change(document.uri, document.getText().replace('role/ShopAuth"', 'role/ShopAutx"'));
    const afterQuietEdit = await pull(first.resultId);
    assert.equal(afterQuietEdit.kind, 'unchanged', JSON.stringify(afterQuietEdit.items?.map((d) => d.code)));
    // An edit that moves or changes findings gets a full report with a new id; an unknown id too.
    client.change(document.uri, `\n${client.document(document.uri).getText()}`);
    const moved = await pull(first.resultId);
    assert.equal(moved.kind, 'full');
    assert.notEqual(moved.resultId, first.resultId);
    assert.equal(moved.items?.[0].range.start.line, first.items[0].range.start.line + 1);
    assert.equal((await pull('no-such-id')).kind, 'full');
    client.close(document.uri);
  });

  test('editing the open pool file re-checks the roles file: the server asks the client to refresh', async () => {
    const roles = client.openFile(path.join(folder, 'roles', 'photos.roles.json'));
    assert.deepEqual(await client.pull(roles.uri), []);
    const pool = client.openFile(path.join(folder, 'pools', 'photos.identity-pool.json'));
    const refreshesBefore = client.serverRequests.filter((r) => r.method === 'workspace/diagnostic/refresh').length;
    // Register a different app client: the roles file's mapping key no longer names a registered provider.
    client.change(pool.uri, pool.getText().replace('1example23456789abcdefghij', '9otherclient00000000000000'));
    await client.waitFor(
      () => client.serverRequests.filter((r) => r.method === 'workspace/diagnostic/refresh').length > refreshesBefore,
      'workspace/diagnostic/refresh',
    );
    const after = await client.pull(roles.uri);
    assert.ok(
      after.some((d) => d.code === 'mapping-key-not-registered'),
      JSON.stringify(after.map((d) => d.code)),
    );
    client.close(pool.uri);
    // Closing the edited pool file brings the disk version back.
    await client.waitFor(() => client.serverRequests.filter((r) => r.method === 'workspace/diagnostic/refresh').length > refreshesBefore + 1, 'second refresh');
    assert.deepEqual(await client.pull(roles.uri), []);
  });
});

describe('push diagnostics (client without pull support)', () => {
  let client: LspClient;
  let folder: string;

  before(async () => {
    folder = copyFixtureWorkspace();
    client = await LspClient.start({ folder, capabilities: { ...MINIMAL_CAPABILITIES, workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } });
  });
  after(async () => {
    await client.stop();
  });

  test('the broken roles file gets the same findings pushed, linked with the pool file from the index', async () => {
    const document = client.openFile(path.join(folder, 'roles', 'shop-broken.roles.json'));
    // The first push may come before the index is built; the index then triggers a second one.
    const diagnostics = await client.waitFor(() => {
      const latest = client.pushed.get(document.uri)?.at(-1)?.diagnostics;
      return latest?.some((d) => d.code === 'mapping-key-url-form' && (d.data as { suggestedKey?: string })?.suggestedKey?.includes(':2example'))
        ? latest
        : undefined;
    }, 'linked diagnostics');
    checkShopFindings(document, diagnostics);
  });

  test('fixing the file pushes the new diagnostics; closing it clears them', async () => {
    const document = client.openFile(path.join(folder, 'roles', 'team-broken.roles.yaml'));
    await client.pushedFor(document.uri);
    const fixed = client.change(document.uri, document.getText().replace('StartWith', 'StartsWith'));
    const diagnostics = await client.waitFor(() => {
      const last = client.pushed.get(fixed.uri)?.at(-1);
      return last?.version === fixed.version ? last.diagnostics : undefined;
    }, 'diagnostics of the new version');
    assert.equal(byCode(diagnostics, 'invalid-enum-value').length, 0);
    assert.ok(byCode(diagnostics, 'mapping-key-missing-client').length === 1);
    client.close(document.uri);
    await client.waitFor(() => client.pushed.get(document.uri)?.at(-1)?.diagnostics.length === 0, 'cleared diagnostics');
  });

  test('a pool file changed on disk (file watcher) re-checks the open roles file', async () => {
    assert.ok(
      client.serverRequests.some((r) => r.method === 'client/registerCapability' && JSON.stringify(r.params).includes('workspace/didChangeWatchedFiles')),
      'file watching registered dynamically',
    );
    const roles = client.openFile(path.join(folder, 'roles', 'photos.roles.json'));
    await client.waitFor(() => client.pushed.get(roles.uri)?.at(-1)?.diagnostics.length === 0, 'clean roles file');
    const poolFile = path.join(folder, 'pools', 'photos.identity-pool.json');
    fs.writeFileSync(poolFile, fs.readFileSync(poolFile, 'utf8').replace('1example23456789abcdefghij', '9otherclient00000000000000'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(poolFile), type: 2 }] });
    const diagnostics = await client.waitFor(() => {
      const latest = client.pushed.get(roles.uri)?.at(-1)?.diagnostics;
      return latest?.some((d) => d.code === 'mapping-key-not-registered') ? latest : undefined;
    }, 'mapping-key-not-registered after the pool file changed');
    assert.ok(diagnostics.length > 0);
  });
});
