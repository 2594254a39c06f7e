/**
 * The client in the web worker extension host (vscode.dev, github.dev): the language server runs in a web
 * worker (`dist/browser/server.js`). Nothing here needs a process; the rest is the shared client.
 */
import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient, type MessageTransports, type ServerOptions } from 'vscode-languageclient/browser';
import { activateClient, CLIENT_ID, CLIENT_NAME } from '../extension';

export { deactivate } from '../extension';

/** The worker's globals this needs (the client is type-checked with Node's types). */
type Worker = Extract<ServerOptions, { postMessage: unknown }>;
interface WorkerGlobals {
  Worker: new (url: string, options?: { name?: string }) => Worker;
  Blob: typeof Blob;
  URL: typeof URL;
}
const globals = globalThis as unknown as WorkerGlobals;

/**
 * Starts the server's worker from its URL when the extension is served over http(s) (vscode.dev,
 * github.dev). A self-hosted web editor gives the extension a `vscode-remote://` uri, from which a worker
 * cannot be created: there the bundle is read through the editor and started from a blob URL.
 */
async function startServerWorker(context: vscode.ExtensionContext): Promise<Worker> {
  const serverUri = vscode.Uri.joinPath(context.extensionUri, 'dist', 'browser', 'server.js');
  const options = { name: 'Identity Pool Roles language server' };
  if (serverUri.scheme === 'http' || serverUri.scheme === 'https') return new globals.Worker(serverUri.toString(true), options);
  const source = await vscode.workspace.fs.readFile(serverUri);
  const url = globals.URL.createObjectURL(new globals.Blob([source], { type: 'text/javascript' }));
  return new globals.Worker(url, options);
}

/**
 * The worker's message transports, made here: the library tells a worker from transports with
 * `instanceof Worker`, which the web worker extension host's own `Worker` (it proxies nested workers) fails.
 */
async function serverTransports(context: vscode.ExtensionContext): Promise<MessageTransports> {
  const worker = await startServerWorker(context);
  return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  await activateClient(context, (clientOptions) => new LanguageClient(CLIENT_ID, CLIENT_NAME, () => serverTransports(context), clientOptions));
  // Says which host ran the extension (the end-to-end tests check it): the web worker host has no `process`.
  console.log(`[identity-pool-roles] browser client active in ${globalThis.constructor?.name} (process: ${typeof process}); language server in a web worker`);
}
