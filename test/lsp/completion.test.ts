/**
 * Completion over LSP at each kind of position, in JSON and YAML: property names (from the schema, with
 * snippets only for clients that support them), enum values, role ARNs known in the workspace, RoleMappings
 * keys built from the linked pool's registered providers, and claim names the provider sends.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, CompletionList, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument } from '../../core/documents';
import { copyFixtureWorkspace, fileUri, LspClient, MINIMAL_CAPABILITIES } from './lspClient';

const CURSOR = '|';

let counter = 0;

/** Opens `text` (with `|` marking the cursor) as a new document next to the fixtures and completes at the cursor. */
async function completeAt(
  client: LspClient,
  folder: string,
  ext: 'json' | 'yaml',
  textWithCursor: string,
): Promise<{ items: CompletionItem[]; document: TextDocument }> {
  const offset = textWithCursor.indexOf(CURSOR);
  assert.ok(offset >= 0, 'the text marks the cursor');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const uri = fileUri(path.join(folder, 'roles', `completion-${++counter}.roles.${ext}`));
  const document = client.open(uri, ext === 'json' ? 'json' : 'yaml', text);
  const result = await client.request<CompletionList | CompletionItem[] | null>('textDocument/completion', {
    textDocument: { uri },
    position: document.positionAt(offset),
  });
  client.close(uri);
  const items = Array.isArray(result) ? result : (result?.items ?? []);
  return { items, document };
}

function labels(items: CompletionItem[]): string[] {
  return items.map((item) => item.label);
}

function item(items: CompletionItem[], label: string): CompletionItem {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `completion "${label}" offered (got ${JSON.stringify(labels(items))})`);
  return found;
}

/** The document text after accepting an item (snippet placeholders removed, first choice kept). */
function accept(document: TextDocument, completion: CompletionItem): string {
  const edit = completion.textEdit as TextEdit;
  assert.ok(edit && 'range' in edit, 'the item carries a text edit');
  const newText = edit.newText
    .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '');
  return TextDocument.applyEdits(document, [{ range: edit.range, newText }]);
}

describe('completion', () => {
  let client: LspClient;
  let folder: string;
  let photos: string;
  let team: string;

  before(async () => {
    folder = copyFixtureWorkspace();
    photos = fs.readFileSync(path.join(folder, 'roles', 'photos.roles.json'), 'utf8');
    team = fs.readFileSync(path.join(folder, 'roles', 'team-broken.roles.yaml'), 'utf8');
    client = await LspClient.start({ folder });
    await client.waitForIndex();
  });
  after(async () => {
    await client.stop();
  });

  describe('JSON', () => {
    test('property names valid in a role mapping, missing ones only, as snippets with the allowed values', async () => {
      const text = photos.replace('"AmbiguousRoleResolution": "AuthenticatedRole",', `"${CURSOR}",`);
      const { items, document } = await completeAt(client, folder, 'json', text);
      assert.ok(!labels(items).includes('Type'), 'Type is already there');
      const ambiguous = item(items, 'AmbiguousRoleResolution');
      assert.equal(ambiguous.insertTextFormat, 2, 'a snippet for a snippet-capable client');
      assert.match((ambiguous.textEdit as TextEdit).newText, /^"AmbiguousRoleResolution": "\$\{1\|AuthenticatedRole,Deny\|\}"$/);
      assert.ok(ambiguous.documentation, 'with the field docs');
      const accepted = accept(document, ambiguous);
      assert.equal(parseDocument(document.uri, accepted).parsed.errors.length, 0, 'the accepted completion leaves valid JSON');
      assert.match(accepted, /"AmbiguousRoleResolution": "AuthenticatedRole",/);
    });

    test('property names at the root and in a rule', async () => {
      const root = await completeAt(
        client,
        folder,
        'json',
        photos.replace('"IdentityPoolId": "us-east-1:11111111-2222-3333-4444-555555555555",', `"Iden${CURSOR}",`),
      );
      assert.ok(labels(root.items).includes('IdentityPoolId'));
      assert.ok(!labels(root.items).includes('RoleMappings'), 'RoleMappings exists already');
      const rule = await completeAt(client, folder, 'json', photos.replace('"Value": "legal",', `"${CURSOR}",`));
      assert.deepEqual(labels(rule.items), ['Value'], 'only the field the rule lacks');
    });

    test('enum values for MatchType, Type and AmbiguousRoleResolution, with what each means', async () => {
      const matchType = await completeAt(client, folder, 'json', photos.replace('"MatchType": "Equals"', `"MatchType": "Eq${CURSOR}uals"`));
      assert.deepEqual(labels(matchType.items), ['Equals', 'Contains', 'StartsWith', 'NotEqual']);
      const contains = item(matchType.items, 'Contains');
      assert.match(JSON.stringify(contains.documentation), /substring/);
      assert.match(accept(matchType.document, contains), /"MatchType": "Contains"/);
      const type = await completeAt(client, folder, 'json', photos.replace('"Type": "Rules"', `"Type": ${CURSOR}`));
      assert.deepEqual(labels(type.items).sort(), ['Rules', 'Token']);
      assert.match(accept(type.document, item(type.items, 'Token')), /"Type": "Token"/);
      const ambiguous = await completeAt(
        client,
        folder,
        'json',
        photos.replace('"AmbiguousRoleResolution": "AuthenticatedRole"', `"AmbiguousRoleResolution": "${CURSOR}"`),
      );
      assert.deepEqual(labels(ambiguous.items).sort(), ['AuthenticatedRole', 'Deny']);
    });

    test('role ARNs known anywhere in the workspace for RoleARN and the default roles', async () => {
      const rule = await completeAt(
        client,
        folder,
        'json',
        photos.replace('"RoleARN": "arn:aws:iam::123456789012:role/PhotoShareLegal"', `"RoleARN": "${CURSOR}"`),
      );
      const arns = labels(rule.items);
      assert.ok(arns.includes('arn:aws:iam::123456789012:role/PhotoShareEditor'), 'from this file');
      assert.ok(arns.includes('arn:aws:iam::123456789012:role/ShopSales'), 'from another indexed file');
      assert.ok(arns.includes('arn:aws:iam::123456789012:role/TeamEngineering'), 'from an indexed YAML file');
      assert.ok(!arns.some((a) => a.includes('MustNotBeIndexed')), 'node_modules is not indexed');
      const accepted = accept(rule.document, item(rule.items, 'arn:aws:iam::123456789012:role/ShopSales'));
      assert.match(accepted, /"RoleARN": "arn:aws:iam::123456789012:role\/ShopSales"\n/);
      const defaults = await completeAt(
        client,
        folder,
        'json',
        photos.replace('"unauthenticated": "arn:aws:iam::123456789012:role/PhotoShareGuest"', `"unauthenticated": ${CURSOR}`),
      );
      assert.ok(labels(defaults.items).includes('arn:aws:iam::123456789012:role/PhotoShareGuest'));
    });

    test('RoleMappings keys from the providers registered on the linked pool', async () => {
      const { items, document } = await completeAt(client, folder, 'json', photos.replace('"RoleMappings": {', `"RoleMappings": {\n    "${CURSOR}": {},`));
      assert.ok(labels(items).includes('accounts.google.com'), 'the registered Google provider');
      assert.ok(
        !labels(items).includes('cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123:1example23456789abcdefghij'),
        'a provider that already has a mapping is not offered',
      );
      const google = item(items, 'accounts.google.com');
      assert.equal((google.textEdit as TextEdit).newText, '"accounts.google.com"', 'only the key when a value follows');
      assert.match(accept(document, google), /"accounts\.google\.com": \{\},/);
    });

    test('claim names the provider sends, plus custom attributes seen in the workspace', async () => {
      const { items, document } = await completeAt(client, folder, 'json', photos.replace('"Claim": "custom:dept"', `"Claim": "${CURSOR}"`));
      const claims = labels(items);
      for (const claim of ['cognito:groups', 'email', 'sub', 'custom:dept', 'custom:level']) assert.ok(claims.includes(claim), `${claim} offered`);
      assert.match(accept(document, item(items, 'cognito:groups')), /"Claim": "cognito:groups"/);
    });
  });

  describe('YAML', () => {
    test('enum values replace the typed value', async () => {
      const { items, document } = await completeAt(client, folder, 'yaml', team.replace('MatchType: StartWith', `MatchType: StartWi${CURSOR}th`));
      const startsWith = item(items, 'StartsWith');
      const accepted = accept(document, startsWith);
      assert.match(accepted, /MatchType: StartsWith\n/);
      assert.equal(parseDocument(document.uri, accepted).parsed.errors.length, 0);
    });

    test('property names for a rule on a new line', async () => {
      const { items, document } = await completeAt(
        client,
        folder,
        'yaml',
        team.replace('          MatchType: Equals\n', `          MatchType: Equals\n          Va${CURSOR}\n`),
      );
      assert.deepEqual(labels(items), ['Value']);
      const accepted = accept(document, items[0]);
      assert.match(accepted, /\n {10}Value: \n/);
    });

    test('property names for a role mapping and the RoleMappings keys of the linked pool', async () => {
      const mapping = await completeAt(client, folder, 'yaml', team.replace('    Type: Rules\n', `    Type: Rules\n    ${CURSOR}\n`));
      assert.ok(labels(mapping.items).includes('AmbiguousRoleResolution'));
      assert.ok(!labels(mapping.items).includes('Type'));
      const keys = await completeAt(client, folder, 'yaml', team.replace('RoleMappings:\n', `RoleMappings:\n  ${CURSOR}\n`));
      const key = item(keys.items, 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_QwErTy123:3exampleclient00000000000');
      assert.match(accept(keys.document, key), /\n {2}cognito-idp\.eu-west-1\.amazonaws\.com\/eu-west-1_QwErTy123:3exampleclient00000000000:/);
    });

    test('role ARNs and claims as values', async () => {
      const roles = await completeAt(
        client,
        folder,
        'yaml',
        team.replace('authenticated: arn:aws:iam::123456789012:role/TeamAuth', `authenticated: ${CURSOR}`),
      );
      assert.ok(labels(roles.items).includes('arn:aws:iam::123456789012:role/PhotoShareEditor'));
      const claims = await completeAt(client, folder, 'yaml', team.replace('Claim: custom:team', `Claim: cog${CURSOR}`));
      const groups = item(claims.items, 'cognito:groups');
      assert.match(accept(claims.document, groups), /- Claim: cognito:groups\n/);
    });
  });

  test('documents that are not role mappings get no completion', async () => {
    const uri = fileUri(path.join(folder, 'package.json'));
    const document = client.open(uri, 'json', fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
    const result = await client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: document.positionAt(3) });
    assert.equal(result, null);
  });
});

describe('completion for a client without snippet support', () => {
  test('inserts plain text with an empty value instead of placeholders', async () => {
    const folder = copyFixtureWorkspace();
    const client = await LspClient.start({ folder, capabilities: MINIMAL_CAPABILITIES });
    try {
      const photos = fs.readFileSync(path.join(folder, 'roles', 'photos.roles.json'), 'utf8');
      const { items } = await completeAt(client, folder, 'json', photos.replace('"AmbiguousRoleResolution": "AuthenticatedRole",', `"${CURSOR}",`));
      const ambiguous = item(items, 'AmbiguousRoleResolution');
      assert.notEqual(ambiguous.insertTextFormat, 2);
      assert.equal((ambiguous.textEdit as TextEdit).newText, '"AmbiguousRoleResolution": ""');
    } finally {
      await client.stop();
    }
  });
});
