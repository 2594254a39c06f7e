/**
 * CloudFormation templates go through the same features: a YAML template's findings, the quick fix, field
 * hover and completion inside a resource's Properties (CloudFormation schemas), the outline and code lens.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, CodeLens, CompletionList, DocumentSymbol, Hover, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument } from '../../core/documents';
import { copyFixtureWorkspace, LspClient, positionAfter, rangeOf } from './lspClient';

describe('CloudFormation templates', () => {
  let client: LspClient;
  let folder: string;
  let uri: string;

  before(async () => {
    folder = copyFixtureWorkspace('templates');
    client = await LspClient.start({ folder });
    await client.waitForIndex();
    uri = client.openFile(path.join(folder, 'photos.template.yaml')).uri;
  });
  after(async () => {
    await client.stop();
  });

  test('an invalid Type in a role attachment is reported at its value and fixed', async () => {
    const document = client.document(uri);
    const diagnostic = (await client.pull(uri)).find((d) => d.code === 'invalid-enum-value');
    assert.ok(diagnostic);
    const typeLine = rangeOf(document, 'Type: Rule\n');
    const valueStart = { line: typeLine.start.line, character: typeLine.start.character + 'Type: '.length };
    assert.deepEqual(diagnostic.range, { start: valueStart, end: { line: valueStart.line, character: valueStart.character + 'Rule'.length } });
    const [fix] = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    assert.equal(fix.title, 'Change to Rules');
    client.applyEdit(fix.edit!);
    const text = client.document(uri).getText();
    assert.match(text, /\n {10}Type: Rules\n/);
    assert.equal(parseDocument(uri, text).parsed.errors.length, 0);
    assert.ok(!(await client.pull(uri)).some((d) => d.code === 'invalid-enum-value'));
  });

  test('hover inside Properties shows the field docs', async () => {
    const document = client.document(uri);
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: positionAfter(document, 'AmbiguousRoleResolution:', 0, 3),
    });
    assert.match((hover.contents as MarkupContent).value, /`AmbiguousRoleResolution`/);
    const outside = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: positionAfter(document, 'Description:', 0, 3),
    });
    assert.equal(outside, null, 'no docs outside the identity resources');
  });

  test('completion offers MatchType values and the mapping fields of CloudFormation', async () => {
    const document = client.document(uri);
    const matchType = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position: positionAfter(document, 'MatchType: Con'),
    });
    assert.deepEqual(
      matchType.items.map((i) => i.label),
      ['Equals', 'Contains', 'StartsWith', 'NotEqual'],
    );
    const text = document.getText().replace('          AmbiguousRoleResolution: AuthenticatedRole\n', '          Amb\n');
    const edited = client.change(uri, text);
    const fields = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: positionAfter(edited, '          Amb') });
    assert.ok(fields.items.some((i) => i.label === 'AmbiguousRoleResolution'));
    client.change(uri, document.getText());
  });

  test("claim completion offers the custom attributes of the template's user pool schema", async () => {
    const document = client.document(uri);
    const list = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position: positionAfter(document, 'Claim: cognito:groups'),
    });
    const labels = list.items.map((i) => i.label);
    assert.ok(labels.includes('custom:studio'), JSON.stringify(labels));
    assert.ok(labels.includes('email'));
    assert.ok(!labels.includes('custom:email'), 'standard attributes keep their names');
  });

  test("completion offers the template's own IAM roles as !GetAtt references for a rule's RoleARN", async () => {
    const original = client.document(uri).getText();
    const edited = client.change(uri, original.replace('RoleARN: !GetAtt EditorRole.Arn', 'RoleARN: '));
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: positionAfter(edited, 'RoleARN: ') });
    const labels = list.items.map((i) => i.label);
    assert.ok(labels.includes('!GetAtt EditorRole.Arn') && labels.includes('!GetAtt ViewerRole.Arn'), JSON.stringify(labels));
    const item = list.items.find((i) => i.label === '!GetAtt EditorRole.Arn')!;
    const accepted = TextDocument.applyEdits(edited, [item.textEdit as TextEdit]);
    assert.match(accepted, /RoleARN: !GetAtt EditorRole\.Arn\n/);
    const reparsed = parseDocument(uri, accepted);
    assert.equal(reparsed.parsed.errors.length, 0);
    client.change(uri, original);
  });

  test('the outline shows the pool, its attachment with the mapping, and the IAM roles; a lens sits on the mapping', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols[0].name, 'IdentityPool');
    const flat = JSON.stringify(symbols);
    assert.match(flat, /"name":"UserPoolMapping"/);
    assert.match(flat, /"name":"cognito:groups Contains editors"/);
    assert.deepEqual(
      symbols.slice(1).map((s) => s.name),
      ['ViewerRole', 'EditorRole'],
    );
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(
      lenses.map((lens) => lens.command?.title),
      ['Simulate…', 'who gets which role'],
    );
    assert.equal(lenses[0].range.start.line, rangeOf(client.document(uri), 'UserPoolMapping').start.line);
  });
});
