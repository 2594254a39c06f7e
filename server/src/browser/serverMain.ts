/**
 * Browser entry of the language server, bundled to `dist/browser/server.js` and run in a web worker by the
 * client's browser build (vscode.dev, github.dev, the web worker extension host). The features are the
 * same code as in Node; only the runtime differs: files come from the editor through the client
 * (`identityPoolRoles/fs/*`), timers and the clock are the worker's, and there is no garbage collection
 * to ask for, and the IAM action catalogue (dist/iam-actions.json) is fetched once the client has said where
 * the extension's files are: until it arrives, permissions are answered without access levels.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures, type Message } from 'vscode-languageserver/browser';
import { createEditorFileSystem } from '../editorFileSystem';
import { catalogueFileReader, useServiceActionsReader } from '../../../core/index';
import type { RuntimeEnvironment } from '../runtime';
import { startServer } from '../server';
import { browserAssetReader } from './assets';

/** The worker's own scope: the messages from the client arrive on it. */
const scope = globalThis as unknown as { location?: { href: string } };

/**
 * Messages leave as JSON, as over Node's stdio and IPC: `postMessage` clones objects structurally, which
 * ignores `toJSON` and getters, and the core's compact ranges and values (core/positions.ts, parse/values.ts)
 * serialise through `toJSON` (cloned as they are, a range would arrive without `start` and `end`).
 */
class JsonMessageWriter extends BrowserMessageWriter {
  override write(message: Message): Promise<void> {
    return super.write(JSON.parse(JSON.stringify(message)) as Message);
  }
}

const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(scope as never), new JsonMessageWriter(scope as never));
const file = createEditorFileSystem(connection);
let assetBaseUri: string | undefined;

interface WorkerMessageChannel {
  port1: { onmessage: (() => void) | null; close(): void };
  port2: { postMessage(message: unknown): void };
}

/** `setImmediate` of a worker: a message to itself runs after the messages already queued, without setTimeout's clamping. */
function setImmediateViaChannel(callback: () => void): { dispose(): void } {
  let cancelled = false;
  const channel = new (globalThis as unknown as { MessageChannel: new () => WorkerMessageChannel }).MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    if (!cancelled) callback();
  };
  channel.port2.postMessage(undefined);
  return {
    dispose: () => {
      cancelled = true;
    },
  };
}

const runtime: RuntimeEnvironment = {
  file,
  timer: {
    setTimeout(callback, ms) {
      const handle = setTimeout(callback, ms);
      return { dispose: () => clearTimeout(handle) };
    },
    setImmediate: setImmediateViaChannel,
  },
  now: () => Date.now(),
  // No `collectGarbage`: a worker cannot ask for a collection.
  readAsset: browserAssetReader(() => assetBaseUri ?? workerDistUri(), file),
  initialize(options) {
    assetBaseUri = options?.assetBaseUri;
    runtime.readAsset?.('iam-actions.json').then(
      (bytes) => (catalogueText = new TextDecoder().decode(bytes)),
      () => undefined, // no catalogue: answers keep saying the access levels are unknown
    );
  },
};

/** The catalogue's text once fetched; the reader asks again at each question until then. */
let catalogueText: string | null = null;
useServiceActionsReader(catalogueFileReader(() => catalogueText));

/** `dist/` from the worker's own script (`dist/browser/server.js`) when it was started from its URL (not a blob). */
function workerDistUri(): string | undefined {
  const href = scope.location?.href;
  return href && /^https?:/i.test(href) ? new URL('../', href).href : undefined;
}

startServer(connection, runtime);
connection.listen();
