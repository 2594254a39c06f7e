/**
 * Real-world shapes over LSP: documents that are not ours (valid or not) publish nothing, pulled or
 * pushed; a RoleMappings-only file gets the roles checks, hovers and completion from its derived schema.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, CompletionList, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { fileUri, LspClient, MINIMAL_CAPABILITIES, rangeOf, REPO_ROOT, useIndexedWorkspace } from './lspClient';

const ORDINARY = path.join(REPO_ROOT, 'test', 'fixtures', 'ordinary');
const ROLE_MAPPINGS = path.join(REPO_ROOT, 'test', 'fixtures', 'role-mappings');

/** The ordinary fixture files, plus a JSON file that is not ours and does not parse (the editor's JSON support reports that). */
function ordinaryDocuments(folder: string): Array<{ uri: string; languageId: string; text: string }> {
  const documents = fs.readdirSync(ORDINARY).map((name) => ({
    uri: fileUri(path.join(folder, 'ordinary', name)),
    languageId: name.endsWith('.json') ? 'json' : 'yaml',
    text: fs.readFileSync(path.join(ORDINARY, name), 'utf8'),
  }));
  documents.push({ uri: fileUri(path.join(folder, 'ordinary', 'broken.json')), languageId: 'json', text: '{\n  "name": "web",\n  "version": \n}\n' });
  return documents;
}

function markdown(hover: Hover | null): string {
  return (hover?.contents as MarkupContent | undefined)?.value ?? '';
}

describe('pull diagnostics for other shapes', () => {
  let client: LspClient;
  let folder: string;
  useIndexedWorkspace((started) => ({ client, folder } = started));

  test('documents that are not ours get no diagnostics, even when they do not parse', async () => {
    for (const document of ordinaryDocuments(folder)) {
      client.open(document.uri, document.languageId, document.text);
      assert.deepEqual(await client.pull(document.uri), [], path.basename(document.uri));
      client.close(document.uri);
    }
  });

  test('a RoleMappings file gets the roles checks at their exact ranges', async () => {
    const document = client.openFile(path.join(ROLE_MAPPINGS, 'photo-share-broken.role-mappings.json'));
    const diagnostics = await client.pull(document.uri);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range]),
      [
        ['mapping-key-url-form', rangeOf(document, '"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ph0t0Sh4r"')],
        ['invalid-enum-value', rangeOf(document, '"Rule"')],
        ['ambiguous-resolution-required', rangeOf(document, '"accounts.google.com"')],
        ['rule-shadowed', diagnostics[3]?.range],
        ['invalid-enum-value', rangeOf(document, '"Equal"')],
        ['invalid-role-arn', rangeOf(document, '"photoshare-staff"')],
      ],
    );
    assert.equal(diagnostics[3].range.start.line, rangeOf(document, '"email_verified"', 1).start.line - 1, 'the shadowed rule is the second one');
    const valid = client.openFile(path.join(ROLE_MAPPINGS, 'photo-share.role-mappings.json'));
    assert.deepEqual(await client.pull(valid.uri), []);
  });

  test('hover and completion in a RoleMappings file come from its schema', async () => {
    const document = client.openFile(path.join(ROLE_MAPPINGS, 'photo-share.role-mappings.json'));
    const typeKey = rangeOf(document, '"Type"');
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: document.uri },
      position: { line: typeKey.start.line, character: typeKey.start.character + 2 },
    });
    assert.match(markdown(hover), /`Type`/);
    assert.match(markdown(hover), /Token/);
    const providerKey = rangeOf(document, '"accounts.google.com"');
    const keyHover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: document.uri },
      position: { line: providerKey.start.line, character: providerKey.start.character + 3 },
    });
    assert.match(markdown(keyHover), /provider a role mapping applies to/);

    const text = document
      .getText()
      .replace('"MatchType": "Equals",\n          "Value": "photoshare.example"', '"MatchType": "",\n          "Value": "photoshare.example"');
    const uri = fileUri(path.join(folder, 'completion.role-mappings.json'));
    const edited = client.open(uri, 'json', text);
    const at = edited.positionAt(text.indexOf('"MatchType": ""') + '"MatchType": "'.length);
    const result = await client.request<CompletionList | CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position: at });
    const labels = (Array.isArray(result) ? result : (result?.items ?? [])).map((item) => item.label);
    assert.deepEqual(labels, ['Equals', 'Contains', 'StartsWith', 'NotEqual']);
    const claimAt = edited.positionAt(text.indexOf('"Claim": "hd"') + '"Claim": "'.length);
    const claims = await client.request<CompletionList | CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position: claimAt });
    const claimLabels = (Array.isArray(claims) ? claims : (claims?.items ?? [])).map((item) => item.label);
    assert.ok(claimLabels.includes('hd'), `Google's hd claim is offered for the accounts.google.com mapping: ${JSON.stringify(claimLabels)}`);
  });

  test('a new file named *.role-mappings.json gets the fields of a role mapping before its content says what it is', async () => {
    const uri = fileUri(path.join(folder, 'new.role-mappings.json'));
    const text = '{\n  "accounts.google.com": {\n    ""\n  }\n}\n';
    const document = client.open(uri, 'json', text);
    const result = await client.request<CompletionList | CompletionItem[] | null>('textDocument/completion', {
      textDocument: { uri },
      position: document.positionAt(text.indexOf('""') + 1),
    });
    const labels = (Array.isArray(result) ? result : (result?.items ?? [])).map((item) => item.label);
    assert.deepEqual(labels, ['Type', 'AmbiguousRoleResolution', 'RulesConfiguration']);
  });
});

describe('a Serverless Framework file over LSP', () => {
  let client: LspClient;
  let folder: string;
  useIndexedWorkspace((started) => ({ client, folder } = started));

  test('no findings for its variables; hovers and completion inside resources.Resources', async () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'serverless', 'serverless.yml'), 'utf8');
    const uri = fileUri(path.join(folder, 'serverless.yml'));
    const document = client.open(uri, 'yaml', text);
    assert.deepEqual(await client.pull(uri), []);
    const key = rangeOf(document, 'AllowUnauthenticatedIdentities');
    const hover = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: { line: key.start.line, character: key.start.character + 3 },
    });
    assert.match(markdown(hover), /`AllowUnauthenticatedIdentities`/);
    const value = rangeOf(document, 'AmbiguousRoleResolution: AuthenticatedRole');
    const result = await client.request<CompletionList | CompletionItem[] | null>('textDocument/completion', {
      textDocument: { uri },
      position: { line: value.start.line, character: value.start.character + 'AmbiguousRoleResolution: Auth'.length },
    });
    const labels = (Array.isArray(result) ? result : (result?.items ?? [])).map((item) => item.label);
    assert.deepEqual([...labels].sort(), ['AuthenticatedRole', 'Deny']);
  });
});

describe('pushed diagnostics for documents that are not ours', () => {
  let client: LspClient;
  let folder: string;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ipr-lsp-formats-'));
    client = await LspClient.start({ folder, capabilities: MINIMAL_CAPABILITIES });
  });
  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('nothing is published for them; a role-mapping document opened after them is published', async () => {
    const others = ordinaryDocuments(folder);
    for (const document of others) client.open(document.uri, document.languageId, document.text);
    const sentinel = client.openFile(path.join(ROLE_MAPPINGS, 'photo-share-broken.role-mappings.json'));
    const published = await client.pushedFor(sentinel.uri);
    assert.ok(published.length > 0, 'the RoleMappings file gets its diagnostics pushed');
    for (const document of others) {
      const pushes = client.pushed.get(document.uri) ?? [];
      assert.ok(
        pushes.every((p) => p.diagnostics.length === 0),
        `${path.basename(document.uri)}: ${JSON.stringify(pushes)}`,
      );
    }
  });
});
