/**
 * Quick fixes over LSP: each fix is requested for its diagnostic, applied as an editor would, and the
 * document re-checked: the diagnostic is gone and the text still parses (JSON and YAML).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { parseDocument } from '../../core/documents';
import { LspClient, useIndexedWorkspace } from './lspClient';

async function actionsFor(client: LspClient, uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ['quickfix'] },
  });
}

function find(diagnostics: Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.find((d) => d.code === code);
  assert.ok(found, `${code} reported (got ${JSON.stringify(diagnostics.map((d) => d.code))})`);
  return found;
}

function parses(uri: string, text: string): void {
  const model = parseDocument(uri, text);
  assert.deepEqual(model.parsed.errors, [], 'the fixed text still parses');
  assert.equal(model.kind, 'roles', 'and is still a roles file');
}

describe('quick fixes', () => {
  let client: LspClient;
  let folder: string;
  useIndexedWorkspace((started) => ({ client, folder } = started));

  /** Opens a fresh copy of a fixture, applies the chosen fix for `code`, and returns the re-checked state. */
  async function applyFix(
    file: string,
    code: string,
    title: RegExp,
  ): Promise<{ text: string; diagnostics: Diagnostic[]; actions: CodeAction[]; before: Diagnostic }> {
    const uri = client.openFile(path.join(folder, 'roles', file)).uri;
    try {
      const diagnostic = find(await client.pull(uri), code);
      const actions = await actionsFor(client, uri, diagnostic);
      const action = actions.find((a) => title.test(a.title));
      assert.ok(action, `a fix titled ${title} (got ${JSON.stringify(actions.map((a) => a.title))})`);
      assert.equal(action.kind, 'quickfix');
      assert.deepEqual(action.diagnostics, [diagnostic], 'the fix names the diagnostic it fixes');
      client.applyEdit(action.edit!);
      const text = client.document(uri).getText();
      parses(uri, text);
      return { text, diagnostics: await client.pull(uri), actions, before: diagnostic };
    } finally {
      client.close(uri);
    }
  }

  describe('JSON', () => {
    test('an invalid enum value is replaced with the nearest valid one', async () => {
      const { text, diagnostics, actions } = await applyFix('shop-broken.roles.json', 'invalid-enum-value', /^Change to Equals$/);
      assert.equal(actions.find((a) => a.title === 'Change to Equals')?.isPreferred, true, 'the nearest value is the preferred fix');
      assert.match(text, /"MatchType": "Equals", "Value": "support"/);
      assert.ok(!diagnostics.some((d) => d.code === 'invalid-enum-value'));
    });

    test('a missing AmbiguousRoleResolution is added, one action per allowed value', async () => {
      const { text, diagnostics, actions } = await applyFix('shop-broken.roles.json', 'ambiguous-resolution-required', /: Deny$/);
      assert.deepEqual(
        actions.filter((a) => /AmbiguousRoleResolution/.test(a.title)).map((a) => a.title),
        ['Add AmbiguousRoleResolution: AuthenticatedRole', 'Add AmbiguousRoleResolution: Deny'],
      );
      assert.match(text, /"AmbiguousRoleResolution": "Deny"/);
      assert.ok(!diagnostics.some((d) => d.code === 'ambiguous-resolution-required'));
    });

    test('a missing required field is added', async () => {
      const { text, diagnostics } = await applyFix('shop-broken.roles.json', 'missing-required', /^Add missing field Value$/);
      assert.match(text, /\{ "Claim": "custom:level", "MatchType": "StartsWith", "RoleARN": "[^"]+", "Value": "" \}/, 'a one-line rule stays on one line');
      assert.ok(!diagnostics.some((d) => d.code === 'missing-required'));
    });

    test('a URL-form mapping key is rewritten to the provider:client form', async () => {
      const { text, diagnostics } = await applyFix('shop-broken.roles.json', 'mapping-key-url-form', /^Change the key to /);
      assert.match(text, /"cognito-idp\.us-west-2\.amazonaws\.com\/us-west-2_XyZ987654:2exampleclientid0000000000": \{/);
      assert.ok(!diagnostics.some((d) => d.code === 'mapping-key-url-form' || d.code === 'mapping-key-not-registered'));
    });

    test('a shadowed rule is moved above the rule that shadows it, keeping every rule', async () => {
      const { text, diagnostics } = await applyFix('shop-broken.roles.json', 'rule-shadowed', /^Move rule 4 above rule 1$/);
      const order = [...text.matchAll(/role\/(Shop\w+)"/g)].map((m) => m[1]).slice(1);
      assert.deepEqual(order, ['ShopSalesLead', 'ShopSales', 'ShopSupport', 'ShopManager']);
      assert.ok(!diagnostics.some((d) => d.code === 'rule-shadowed'));
    });
  });

  describe('YAML', () => {
    test('a client-less user pool key gets the registered app client', async () => {
      const { text, diagnostics } = await applyFix('team-broken.roles.yaml', 'mapping-key-missing-client', /^Change the key to /);
      assert.match(text, /\n {2}cognito-idp\.eu-west-1\.amazonaws\.com\/eu-west-1_QwErTy123:3exampleclient00000000000:\n/);
      assert.ok(!diagnostics.some((d) => d.code === 'mapping-key-missing-client'));
    });

    test('AmbiguousRoleResolution is added to the mapping at its indentation', async () => {
      const { text, diagnostics } = await applyFix('team-broken.roles.yaml', 'ambiguous-resolution-required', /: AuthenticatedRole$/);
      assert.match(text, /\n {4}AmbiguousRoleResolution: AuthenticatedRole\n?$/);
      assert.ok(!diagnostics.some((d) => d.code === 'ambiguous-resolution-required'));
    });

    test('an invalid enum value and a missing field are fixed in place', async () => {
      const enumFix = await applyFix('team-broken.roles.yaml', 'invalid-enum-value', /^Change to StartsWith$/);
      assert.match(enumFix.text, /\n {10}MatchType: StartsWith\n/);
      assert.ok(!enumFix.diagnostics.some((d) => d.code === 'invalid-enum-value'));
      const missing = await applyFix('team-broken.roles.yaml', 'missing-required', /^Add missing field Value$/);
      assert.match(missing.text, /\n {10}RoleARN: arn:aws:iam::123456789012:role\/TeamOps\n {10}Value: ""/);
      assert.ok(!missing.diagnostics.some((d) => d.code === 'missing-required'));
    });
  });

  test('no fixes for other kinds or other sources', async () => {
    const uri = client.openFile(path.join(folder, 'roles', 'shop-broken.roles.json')).uri;
    const diagnostic = find(await client.pull(uri), 'invalid-enum-value');
    assert.deepEqual(
      await client.request('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic], only: ['refactor'] },
      }),
      [],
    );
    assert.deepEqual(await actionsFor(client, uri, { ...diagnostic, source: 'another-linter' }), []);
    client.close(uri);
  });
});
