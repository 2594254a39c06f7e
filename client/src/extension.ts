/**
 * The VS Code client: starts the language server, shows its model as a tree, and runs simulations.
 * It stays thin: everything it shows is computed by the server through the typed requests in
 * protocol/protocol.ts.
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { ModelChangedNotification, SERVER_NODE_OPTIONS, SETTINGS_SECTION } from '../../protocol/protocol';
import { registerCommands } from './commands';
import { ReportProvider, REPORT_SCHEME } from './report';
import { registerRoleTests } from './testing';
import { PoolsTreeProvider } from './tree';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: SERVER_NODE_OPTIONS } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_OPTIONS, '--nolazy', '--inspect=6019'] } },
  };
  const output = vscode.window.createOutputChannel('Identity Pool Roles', { log: true });
  const clientOptions: LanguageClientOptions = {
    // Every file and untitled document: the server decides by content (and hovers tokens anywhere).
    // `.tf` files by pattern, whatever their language (HashiCorp's `terraform`, or plain text without that
    // extension): the language stays theirs, our diagnostics carry our own `source`.
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }, { pattern: '**/*.tf' }],
    synchronize: { configurationSection: SETTINGS_SECTION },
    outputChannel: output,
    errorHandler: restartingErrorHandler(),
  };
  client = new LanguageClient('identityPoolRoles', 'Identity Pool Roles', serverOptions, clientOptions);

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
