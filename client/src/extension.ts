/**
 * The VS Code client: starts the language server, shows its model as a tree, and runs simulations.
 * It stays thin: everything it shows is computed by the server through the typed requests in
 * protocol/protocol.ts. This is the code both builds share; `node/extensionMain.ts` (the Node extension
 * host, server in a Node process) and `browser/extensionMain.ts` (the web worker extension host, server in
 * a web worker) only say how the language client is made.
 */
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, State, type BaseLanguageClient, type ErrorHandler, type LanguageClientOptions } from 'vscode-languageclient';
import { ModelChangedNotification, SETTINGS_SECTION, type InitializationOptions } from '../../protocol/protocol';
import { registerCommands } from './commands';
import { documentSelector, skipNonWorkspaceDocuments } from './documentSelector';
import { serveEditorFileSystem } from './editorFileSystem';
import { ReportProvider, REPORT_SCHEME } from './report';
import { registerRoleTests } from './testing';
import { PoolsTreeProvider } from './tree';

let client: BaseLanguageClient | undefined;

export const CLIENT_ID = 'identityPoolRoles';
export const CLIENT_NAME = 'Identity Pool Roles';

/** Makes the language client of one build (the server's transport is the only difference). */
export type LanguageClientFactory = (clientOptions: LanguageClientOptions) => BaseLanguageClient;

export async function activateClient(context: vscode.ExtensionContext, newClient: LanguageClientFactory): Promise<void> {
  const output = vscode.window.createOutputChannel('Identity Pool Roles', { log: true });
  const initializationOptions: InitializationOptions = {
    editorFileSystem: true,
    assetBaseUri: `${vscode.Uri.joinPath(context.extensionUri, 'dist').toString()}/`,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    middleware: skipNonWorkspaceDocuments,
    synchronize: { configurationSection: SETTINGS_SECTION },
    initializationOptions,
    outputChannel: output,
    errorHandler: restartingErrorHandler(),
  };
  client = newClient(clientOptions);
  // Registered before start: the server reads the workspace through them from its first moment.
  context.subscriptions.push(...serveEditorFileSystem(client));

  const reports = new ReportProvider();
  const tree = new PoolsTreeProvider(() => client);
  tree.view = vscode.window.createTreeView('identityPoolRoles.pools', { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    output,
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    tree.view,
    ...registerCommands(context, () => client, tree, reports),
    ...registerRoleTests(() => client),
  );

  client.onDidChangeState((event) => {
    if (event.newState === State.Running) tree.refresh();
  });
  await client.start();
  context.subscriptions.push(client.onNotification(ModelChangedNotification, () => tree.refresh()));
  tree.refresh();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** Restarts a server that dies (up to five times in three minutes) and tells the user once. */
function restartingErrorHandler(): ErrorHandler {
  const restarts: number[] = [];
  let told = false;
  return {
    error: () => ({ action: ErrorAction.Continue }),
    closed: () => {
      const now = Date.now();
      restarts.push(now);
      while (restarts.length && now - restarts[0] > 3 * 60_000) restarts.shift();
      if (restarts.length > 5) {
        void vscode.window.showErrorMessage(
          'The Identity Pool Roles language server stopped five times in three minutes and will not be restarted. Reload the window to try again.',
        );
        return { action: CloseAction.DoNotRestart, handled: true };
      }
      if (!told) {
        told = true;
        void vscode.window.showWarningMessage('The Identity Pool Roles language server stopped unexpectedly and was restarted.');
      }
      return { action: CloseAction.Restart, handled: true };
    },
  };
}
