/** The client in the Node extension host (desktop, remote): the language server runs in a Node process. */
import type * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_NODE_OPTIONS } from '../../../protocol/protocol';
import { activateClient, CLIENT_ID, CLIENT_NAME } from '../extension';

export { deactivate } from '../extension';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: SERVER_NODE_OPTIONS } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_OPTIONS, '--nolazy', '--inspect=6019'] } },
  };
  await activateClient(context, (clientOptions) => new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions));
}
