/**
 * A small LSP client for tests: spawns the real built server (`node dist/server.js --stdio`) and talks
 * JSON-RPC over its stdio with vscode-jsonrpc's stream reader/writer. It answers the server's requests
 * (workspace/configuration, registrations, diagnostic refresh), records pushed diagnostics, notifications
 * and every log line the server writes, and has helpers for opening and editing documents.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { ClientCapabilities, Diagnostic, InitializeResult, PublishDiagnosticsParams, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const SERVER_PATH = path.join(REPO_ROOT, 'dist', 'server.js');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'lsp');

/** Capabilities of a modern client (VS Code-like): pull diagnostics, snippets, hierarchical symbols. */
export const FULL_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceFolders: true,
    diagnostics: { refreshSupport: true },
    codeLens: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    completion: { completionItem: { snippetSupport: true } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
    diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
    publishDiagnostics: { relatedInformation: true },
  },
};

/** A minimal client: no pull diagnostics, no snippets, no configuration requests, flat symbols. */
export const MINIMAL_CAPABILITIES: ClientCapabilities = {};

export interface StartOptions {
  capabilities?: ClientCapabilities;
  /** Workspace folder on disk (copied fixtures); none when absent. */
  folder?: string;
  /** The `identityPoolRoles` settings section answered to workspace/configuration. */
  settings?: Record<string, unknown>;
  /** Node options for the server process (e.g. `--expose-gc`, `--require a-preload.cjs`). */
  nodeArgs?: string[];
}

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

/** Copies a fixture folder to a fresh temporary directory (tests may change files there). */
export function copyFixtureWorkspace(name = 'workspace'): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'ipr-lsp-'));
  fs.cpSync(path.join(FIXTURES, name), target, { recursive: true });
  // A dependency's role file that the index must skip (node_modules cannot be committed as a fixture).
  const dependency = path.join(target, 'node_modules', 'some-lib');
  fs.mkdirSync(dependency, { recursive: true });
  fs.writeFileSync(
    path.join(dependency, 'roles.json'),
    JSON.stringify({
      IdentityPoolId: 'us-east-1:99999999-9999-9999-9999-999999999999',
      Roles: { authenticated: 'arn:aws:iam::123456789012:role/MustNotBeIndexed' },
    }),
  );
  return target;
}

/**
 * For a suite on a fresh copy of the fixture workspace: starts the server on it before the suite and
 * waits for its index, hands the client and folder to `use`, and stops the server after the suite.
 */
export function useIndexedWorkspace(use: (started: { client: LspClient; folder: string }) => void): void {
  let client: LspClient | undefined;
  before(async () => {
    const folder = copyFixtureWorkspace();
    client = await LspClient.start({ folder });
    await client.waitForIndex();
    use({ client, folder });
  });
  after(async () => {
    await client?.stop();
  });
}

export function readFixture(...parts: string[]): string {
  return fs.readFileSync(path.join(FIXTURES, ...parts), 'utf8');
}

export class LspClient {
  readonly connection: MessageConnection;
  readonly pushed = new Map<string, PublishDiagnosticsParams[]>();
  readonly notifications: Array<{ method: string; params: unknown }> = [];
  readonly serverRequests: Array<{ method: string; params: unknown }> = [];
  /** Everything the server logged (window/logMessage) and wrote to stderr. */
  readonly logs: string[] = [];
  initializeResult!: InitializeResult;
  settings: Record<string, unknown>;
  private readonly documents = new Map<string, TextDocument>();
  private readonly waiters: Array<() => void> = [];
  private exited: Promise<number | null>;

  private constructor(
    readonly process: ChildProcessWithoutNullStreams,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
    this.connection = createMessageConnection(new StreamMessageReader(process.stdout), new StreamMessageWriter(process.stdin));
    this.exited = new Promise((resolve) => process.on('exit', (code) => resolve(code)));
    process.stderr.on('data', (chunk: Buffer) => this.logs.push(chunk.toString('utf8')));
    this.connection.onNotification((method, params) => {
      if (method === 'textDocument/publishDiagnostics') {
        const p = params as PublishDiagnosticsParams;
        const list = this.pushed.get(p.uri) ?? [];
        list.push(p);
        this.pushed.set(p.uri, list);
      } else if (method === 'window/logMessage') {
        this.logs.push((params as { message: string }).message);
      }
      this.notifications.push({ method, params });
      this.wake();
    });
    // vscode-jsonrpc hands `$/progress` only to progress handlers: record it with the other notifications.
    this.connection.onUnhandledProgress((params) => {
      this.notifications.push({ method: '$/progress', params });
      this.wake();
    });
    this.connection.onRequest((method, params) => {
      this.serverRequests.push({ method, params });
      this.wake();
      if (method === 'workspace/configuration') {
        const items = (params as { items: Array<{ section?: string }> }).items;
        return items.map((item) => (item.section === 'identityPoolRoles' ? this.settings : null));
      }
      return null;
    });
    this.connection.listen();
  }

  static async start(options: StartOptions = {}): Promise<LspClient> {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER_PATH, '--stdio'], { cwd: REPO_ROOT, stdio: 'pipe' });
    child.stdin.on('error', () => {}); // a write racing the server's exit is not a failure of the server
    const client = new LspClient(child, options.settings ?? {});
    const folderUri = options.folder ? fileUri(options.folder) : null;
    client.initializeResult = await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folderUri,
      capabilities: options.capabilities ?? FULL_CAPABILITIES,
      workspaceFolders: folderUri ? [{ uri: folderUri, name: path.basename(options.folder!) }] : null,
    });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Waits until `check` returns a value (re-checked on every message from the server and every 50 ms). */
  async waitFor<T>(check: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for the server to have indexed the workspace (the first model-changed notification). */
  async waitForIndex(): Promise<void> {
    await this.waitFor(() => this.notifications.some((n) => n.method === 'identityPoolRoles/modelChanged'), 'the workspace index');
  }

  request<R>(method: string, params: unknown, token?: CancellationTokenSource): Promise<R> {
    // Passing `undefined` as a token would turn the parameters into a positional array.
    return token ? this.connection.sendRequest<R>(method, params, token.token) : this.connection.sendRequest<R>(method, params);
  }

  open(uri: string, languageId: string, text: string): TextDocument {
    const document = TextDocument.create(uri, languageId, 1, text);
    this.documents.set(uri, document);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return document;
  }

  /** Opens a file from disk. */
  openFile(file: string, languageId = languageOf(file)): TextDocument {
    return this.open(fileUri(file), languageId, fs.readFileSync(file, 'utf8'));
  }

  document(uri: string): TextDocument {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`not open: ${uri}`);
    return document;
  }

  /** Replaces the whole text (a full-content change). */
  change(uri: string, text: string): TextDocument {
    const previous = this.document(uri);
    const document = TextDocument.create(uri, previous.languageId, previous.version + 1, text);
    this.documents.set(uri, document);
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: document.version },
      contentChanges: [{ text }],
    });
    return document;
  }

  /** Applies a workspace edit's changes for open documents, as an editor would. */
  applyEdit(edit: WorkspaceEdit): void {
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
      const document = this.document(uri);
      this.change(uri, TextDocument.applyEdits(document, edits as TextEdit[]));
    }
  }

  close(uri: string): void {
    this.documents.delete(uri);
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Pull diagnostics for a document. */
  async pull(uri: string): Promise<Diagnostic[]> {
    const report = await this.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
    return report.items;
  }

  /** The latest pushed diagnostics of a document at its current version (waits for them). */
  async pushedFor(uri: string, timeoutMs = 10_000): Promise<Diagnostic[]> {
    const version = this.documents.get(uri)?.version;
    return this.waitFor(
      () => {
        const list = this.pushed.get(uri);
        const last = list?.[list.length - 1];
        return last && (version === undefined || last.version === undefined || last.version === version) ? last.diagnostics : undefined;
      },
      `diagnostics of ${uri}`,
      timeoutMs,
    );
  }

  /** Shuts the server down; returns its exit code. */
  async stop(): Promise<number | null> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone.
    }
    const code = await Promise.race([this.exited, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5000))]);
    if (code === 'timeout') {
      this.process.kill();
      return null;
    }
    this.connection.dispose();
    return code;
  }

  get alive(): boolean {
    return this.process.exitCode === null && !this.process.killed;
  }
}

export function languageOf(file: string): string {
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  if (/\.jsonc$/i.test(file)) return 'jsonc';
  if (/\.json$/i.test(file)) return 'json';
  if (/\.md$/i.test(file)) return 'markdown';
  return 'plaintext';
}

/** The range of the `occurrence`-th appearance of `needle` in the text (0-based occurrence). */
export function rangeOf(document: TextDocument, needle: string, occurrence = 0) {
  const text = document.getText();
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`"${needle}" (occurrence ${occurrence}) not in ${document.uri}`);
  }
  return { start: document.positionAt(index), end: document.positionAt(index + needle.length) };
}

/** The position just after the `occurrence`-th appearance of `needle` (or `delta` characters into it). */
export function positionAfter(document: TextDocument, needle: string, occurrence = 0, delta = needle.length) {
  const range = rangeOf(document, needle, occurrence);
  return document.positionAt(document.offsetAt(range.start) + delta);
}

export { CancellationTokenSource };
