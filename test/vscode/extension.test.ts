// Runs inside VS Code through .vscode-test.mjs (mocha tdd UI). Not part of `npm test`.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

declare function suite(name: string, fn: () => void): void;
declare function test(name: string, fn: () => Promise<void>): void;

const examples = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';

async function diagnosticsOf(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  for (let i = 0; i < 100; i++) {
    const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'identity-pool-roles');
    if (found.length) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  return [];
}

suite('Identity Pool Roles', () => {
  test('the broken example shows its MatchType error with a stable code', async () => {
    const uri = vscode.Uri.file(path.join(examples, 'broken', 'roles.json'));
    await vscode.window.showTextDocument(uri);
    const diagnostics = await diagnosticsOf(uri);
    assert.ok(diagnostics.some((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'invalid-enum-value'));
  });

  test('guest simulation opens a report', async () => {
    await vscode.commands.executeCommand('identityPoolRoles.simulateGuest');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor?.document.getText().includes('Outcome'));
  });
});
