/**
 * The language server: a thin LSP adapter over the core. `startServer(connection, runtime)` wires the
 * connection to one module per feature; the runtime injects file access and timers so that the same code
 * can run in Node (stdio / IPC) or a browser worker. No role-mapping logic lives here.
 */
import {
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type ClientCapabilities,
  type Connection,
  type Disposable as LspDisposable,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createRoleMappingCore } from '../../core/index';
import {
  AnalyzeRequest,
  RoleAllowsRequest,
  WhoCanRequest,
  DecodeTokenRequest,
  DiffRequest,
  ModelChangedNotification,
  type InitializationOptions,
  ModelRequest,
  SETTINGS_SECTION,
  SimulateRequest,
} from '../../protocol/protocol';
import { DocumentCache } from './documentCache';
import { provideCodeActions, registerCodeActions } from './features/codeActions';
import { codeLenses } from './features/codeLens';
import { CompletionFeature } from './features/completion';
import { buildModelTree, handleAnalyze, handleDecodeToken, handleDiff, handleSimulate, type RequestContext } from './features/customRequests';
import { DiagnosticsFeature } from './features/diagnostics';
import { documentSymbols, flattenSymbols, terraformSymbols } from './features/documentSymbols';
import { fieldHover } from './features/hover';
import { jwtHover } from './features/jwtHover';
import { roleArnHover, roleHover, terraformRoleHover } from './features/roleHover';
import { handleRoleAllows, handleWhoCan } from './features/rolePermissions';
import { registerRoleTests } from './features/roleTests';
import type { Disposable, RuntimeEnvironment } from './runtime';
import { normalizeSettings, type Settings } from './settings';
import { loadJwks } from './tokens';
import { loadPolicyFiles } from './policyFiles';
import { guarded, guardedSync, throwIfCancelled, type Logger } from './utils/errors';
import { resolveClock } from './utils/time';
import { uriKey } from './utils/uris';
import { isTerraformDocument, moveModuleLocations, terraformLoader } from './terraform';
import { Workspace } from './workspace';
import { WorkspaceIndex, type IndexingProgress } from './workspaceIndex';
import { SeenClaims } from './workspaceFacts';

const MODEL_CHANGED_DELAY_MS = 200;
/**
 * Full garbage collections (only when the runtime offers them): each parse leaves its tree behind as
 * garbage at the next version, and V8 lets old garbage pile up for a long time. Collect once the server
 * has been quiet for a moment after this much document text changed (and was parsed), or at once after
 * much more.
 */
const QUIET_COLLECTION_AFTER_CHARS = 2_000_000;
const FORCED_COLLECTION_AFTER_CHARS = 16_000_000;
/** During long uninterrupted editing (no quiet moment), collect at least this often. */
const FORCED_COLLECTION_AFTER_CHANGES = 1000;
const QUIET_MS = 500;

/**
 * The Terraform parser's wasm files are read through `runtime.readAsset` (dist/ in Node and in the browser);
 * a host without it leaves `.tf` documents saying that the parser is not loaded.
 */
export function startServer(connection: Connection, runtime: RuntimeEnvironment): void {
  const log: Logger = {
    error: (message) => connection.console.error(message),
    info: (message) => connection.console.info(message),
  };
  const documents = new TextDocuments(TextDocument);
  // One core for the server's life: it registers the schemas the hover, completion and checks read.
  const core = createRoleMappingCore();
  const cache = new DocumentCache(core);
  const seenClaims = new SeenClaims();
  let settings: Settings = normalizeSettings(undefined);
  let folders: string[] = [];
  let capabilities: ClientCapabilities = {};
  let watcherRegistration: Promise<LspDisposable> | undefined;
  let watchedGlob: string | undefined;

  // ---- model-changed notifications, batched -------------------------------------------------------------
  const changedUris = new Set<string>();
  let modelChangedTimer: Disposable | undefined;
  const announceModelChange = (uris: readonly string[]) => {
    for (const uri of uris) changedUris.add(uri);
    modelChangedTimer?.dispose();
    modelChangedTimer = runtime.timer.setTimeout(() => {
      modelChangedTimer = undefined;
      const list = [...changedUris];
      changedUris.clear();
      void connection.sendNotification(ModelChangedNotification, { uris: list }).catch(() => undefined);
      // Lens arguments name the linked pool, which another file may just have changed.
      if (capabilities.workspace?.codeLens?.refreshSupport) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    }, MODEL_CHANGED_DELAY_MS);
  };

  const index = new WorkspaceIndex(
    runtime,
    log,
    core,
    (uris) => {
      workspace.invalidate();
      diagnostics.documentsChanged(uris);
      announceModelChange(uris);
    },
    () => workDoneProgress(connection, 'Indexing identity-pool files'),
  );
  // The Terraform parser (two wasm modules) is loaded when the workspace first has `.tf` files, not at start-up;
  // the `.tf` documents read before it loaded said so: check them (and their pools) again.
  const wantTerraformParser = terraformLoader(runtime.readAsset, log, () => {
    workspace.invalidate();
    diagnostics.allChanged();
    announceModelChange(
      documents
        .all()
        .filter(isTerraformDocument)
        .map((document) => document.uri),
    );
  });
  const workspace = new Workspace(core, documents, cache, index, wantTerraformParser);
  const diagnostics = new DiagnosticsFeature(connection, runtime, workspace, documents, log);
  const completion = new CompletionFeature(workspace, seenClaims);

  const now = () => resolveClock(settings.clock, runtime.now());
  const requestContext: RequestContext = {
    runtime,
    workspace,
    seenClaims,
    now,
    loadJwks: () => loadJwks(runtime, settings, folders),
    loadPolicies: async () => (await loadPolicyFiles(runtime, settings, folders)).store,
  };

  // ---- lifecycle ---------------------------------------------------------------------------------------------
  connection.onInitialize((params): InitializeResult => {
    capabilities = params.capabilities ?? {};
    runtime.initialize?.(params.initializationOptions as InitializationOptions | undefined);
    folders = (params.workspaceFolders ?? []).map((folder) => folder.uri);
    if (folders.length === 0 && params.rootUri) folders = [params.rootUri];
    const serverCapabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      documentSymbolProvider: { label: 'Identity pool roles' },
      codeLensProvider: { resolveProvider: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    };
    diagnostics.initialize(capabilities, serverCapabilities);
    completion.initialize(capabilities, serverCapabilities);
    registerCodeActions(serverCapabilities);
    return { capabilities: serverCapabilities, serverInfo: { name: 'identity-pool-roles' } };
  });

  connection.onInitialized(() => {
    void guarded(log, 'initialized', undefined, async () => {
      if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
        await connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
      }
      if (capabilities.workspace?.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders((event) => {
          const removed = new Set(event.removed.map((f) => uriKey(f.uri)));
          folders = [...folders.filter((f) => !removed.has(uriKey(f))), ...event.added.map((f) => f.uri)];
          void index.configure(folders, settings.files, parseOptions());
        });
      }
      await applySettings(await fetchSettings());
    });
    // Compile the schemas once the client is served, not during start-up and not on the first keystroke.
    runtime.timer.setImmediate(() => guardedSync(log, 'warm-up', undefined, () => core.warmUp()));
  });

  async function fetchSettings(): Promise<Settings> {
    if (!capabilities.workspace?.configuration) return settings;
    try {
      return normalizeSettings(await connection.workspace.getConfiguration(SETTINGS_SECTION));
    } catch {
      return settings;
    }
  }

  /** What documents are parsed with: the template parameter values of the settings. */
  function parseOptions() {
    return Object.keys(settings.templateParameters).length > 0 ? { templateParameters: settings.templateParameters } : {};
  }

  async function applySettings(next: Settings): Promise<void> {
    const clockOrKeysChanged = JSON.stringify([next.clock, next.jwksFiles]) !== JSON.stringify([settings.clock, settings.jwksFiles]);
    settings = next;
    registerWatchers();
    // New parameter values change open templates' models too (the index re-reads the files on disk).
    const modelsChanged = cache.setParseOptions(parseOptions());
    const scan = index.configure(folders, settings.files, parseOptions());
    if (modelsChanged) {
      workspace.invalidate();
      announceModelChange([]);
    }
    if (clockOrKeysChanged || modelsChanged) diagnostics.allChanged();
    await scan;
  }

  function registerWatchers(): void {
    if (!capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration || watchedGlob === settings.files.include) return;
    watchedGlob = settings.files.include;
    const previous = watcherRegistration;
    watcherRegistration = connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: settings.files.include }] });
    void previous?.then((registration) => registration.dispose()).catch(() => undefined);
    watcherRegistration.catch(() => undefined);
  }

  connection.onDidChangeConfiguration((params) => {
    void guarded(log, 'didChangeConfiguration', undefined, async () => {
      const pushed = (params.settings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION];
      const next = capabilities.workspace?.configuration ? await fetchSettings() : pushed !== undefined ? normalizeSettings(pushed) : settings;
      await applySettings(next);
    });
  });

  connection.onDidChangeWatchedFiles((params) => {
    const changes = params.changes.map((change) => ({
      uri: change.uri,
      kind:
        change.type === FileChangeType.Created ? ('created' as const) : change.type === FileChangeType.Changed ? ('changed' as const) : ('deleted' as const),
    }));
    void guarded(log, 'didChangeWatchedFiles', undefined, () => index.update(changes));
  });

  // ---- documents ----------------------------------------------------------------------------------------------
  /** Open documents that were role-mapping documents at their last version. */
  const roleDocuments = new Set<string>();

  const collector = garbageCollector(runtime);
  documents.onDidChangeContent((event) => {
    collector.changed(event.document.getText().length);
    guardedSync(log, 'didChange', undefined, () => {
      const uri = event.document.uri;
      const isRoleDocument = isTerraformDocument(event.document)
        ? workspace.isTerraformRoleDocument(event.document)
        : cache.roleMappingModel(event.document) !== undefined;
      const wasRoleDocument = roleDocuments.has(uri);
      if (!isRoleDocument && !wasRoleDocument) return; // Other documents cost nothing more.
      if (isRoleDocument) roleDocuments.add(uri);
      else roleDocuments.delete(uri);
      workspace.invalidate();
      diagnostics.documentsChanged([uri]);
      announceModelChange([uri]);
    });
  });

  documents.onDidClose((event) => {
    guardedSync(log, 'didClose', undefined, () => {
      const uri = event.document.uri;
      cache.delete(uri);
      diagnostics.documentClosed(uri);
      if (roleDocuments.delete(uri)) {
        // The disk copy (if indexed) takes over again.
        workspace.invalidate();
        diagnostics.documentsChanged([uri]);
        announceModelChange([uri]);
      }
    });
  });

  /** The model of an open role-mapping document; for a `.tf` file, its folder's module. */
  const roleMappingModel = (document: TextDocument) => {
    const model = isTerraformDocument(document) ? workspace.model(document.uri) : cache.roleMappingModel(document);
    return model && model.kind !== 'unknown' ? model : undefined;
  };

  // ---- features -------------------------------------------------------------------------------------------------
  connection.onHover((params, token) =>
    guarded(log, 'hover', null, async () => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return null;
      throwIfCancelled(token);
      const jwt = await jwtHover({ ...requestContext, now: now(), ready: index.ready }, document, params.position, token);
      if (jwt) return jwt;
      const model = workspace.cache.get(document).model;
      const roleContext = { ...requestContext, ready: index.ready };
      const role =
        (isTerraformDocument(document) ? await terraformRoleHover(roleContext, document, params.position) : null) ??
        (await roleHover(model, params.position)) ??
        (await roleArnHover(roleContext, document, model, params.position));
      return role ?? fieldHover(workspace, document, params.position);
    }),
  );

  connection.onCompletion((params, token) =>
    guarded(log, 'completion', null, () => {
      const document = documents.get(params.textDocument.uri);
      throwIfCancelled(token);
      return document ? completion.provide(document, params) : null;
    }),
  );

  connection.onCodeAction((params, token) =>
    guarded(log, 'codeAction', [], () => {
      const document = documents.get(params.textDocument.uri);
      throwIfCancelled(token);
      return document ? provideCodeActions(workspace, document, params) : [];
    }),
  );

  connection.onDocumentSymbol((params, token) =>
    guarded(log, 'documentSymbol', [], async () => {
      const document = documents.get(params.textDocument.uri);
      const model = document ? roleMappingModel(document) : undefined;
      throwIfCancelled(token);
      if (!document || !model) return [];
      await index.ready;
      throwIfCancelled(token);
      const module = isTerraformDocument(document) ? workspace.terraformModuleOf(document.uri) : undefined;
      const symbols = module
        ? terraformSymbols(core, module, document.uri, workspace.poolsOf(document.uri))
        : documentSymbols(model, workspace.poolsOf(document.uri));
      return capabilities.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport ? symbols : flattenSymbols(document.uri, symbols);
    }),
  );

  connection.onCodeLens((params, token) =>
    guarded(log, 'codeLens', [], async () => {
      const document = documents.get(params.textDocument.uri);
      if (!document || !roleMappingModel(document)) return [];
      await index.ready;
      throwIfCancelled(token);
      return codeLenses(workspace, document.uri);
    }),
  );

  connection.onRequest(ModelRequest, (params, token) =>
    guarded(log, ModelRequest.method, { pools: [], roles: [], documentCount: 0, truncated: false, indexBounds: [] }, async () => {
      await index.ready;
      throwIfCancelled(token);
      return moveModuleLocations(buildModelTree(workspace, params), core, (uri) => workspace.terraformModuleOf(uri));
    }),
  );

  connection.onRequest(SimulateRequest, (params, token) =>
    guarded(log, SimulateRequest.method, { results: [], now: now(), nowIso: '', message: 'The simulation failed; see the server log.' }, () =>
      handleSimulate(requestContext, params, token).then((result) => moveModuleLocations(result, core, (uri) => workspace.terraformModuleOf(uri))),
    ),
  );

  connection.onRequest(DecodeTokenRequest, (params, token) =>
    guarded(log, DecodeTokenRequest.method, { ok: false as const, error: 'The token could not be decoded; see the server log.' }, () =>
      handleDecodeToken(requestContext, params, token),
    ),
  );

  connection.onRequest(AnalyzeRequest, (params, token) =>
    guarded(log, AnalyzeRequest.method, { pools: [], now: now(), nowIso: '', message: 'The analysis failed; see the server log.' }, () =>
      handleAnalyze(requestContext, params, token).then((result) => moveModuleLocations(result, core, (uri) => workspace.terraformModuleOf(uri))),
    ),
  );

  connection.onRequest(RoleAllowsRequest, (params, token) =>
    guarded(log, RoleAllowsRequest.method, { roleArn: params?.roleArn ?? '', known: false, services: [], unresolved: [] }, () =>
      handleRoleAllows(requestContext, params, token),
    ),
  );

  connection.onRequest(WhoCanRequest, (params, token) =>
    guarded(log, WhoCanRequest.method, { pools: [], now: now(), nowIso: '', message: 'The question could not be answered; see the server log.' }, () =>
      handleWhoCan(requestContext, params, token),
    ),
  );

  connection.onRequest(DiffRequest, (params, token) =>
    guarded(
      log,
      DiffRequest.method,
      { uri: params?.uri ?? '', otherName: params?.otherName ?? '', now: now(), nowIso: '', message: 'The comparison failed; see the server log.' },
      () => handleDiff(requestContext, params, token).then((result) => moveModuleLocations(result, core, (uri) => workspace.terraformModuleOf(uri))),
    ),
  );

  registerRoleTests({ connection, runtime, documents, log, now });

  documents.listen(connection);
}

/**
 * Server-initiated work-done progress (`window/workDoneProgress/create`); a no-op for clients without
 * `window.workDoneProgress`. Not cancellable: the index is needed, and it is bounded by the settings.
 */
function workDoneProgress(connection: Connection, title: string): IndexingProgress {
  const reporter = connection.window.createWorkDoneProgress().then(
    (created) => {
      created.begin(title, undefined, undefined, false);
      return created;
    },
    () => undefined,
  );
  return {
    report: (message) => void reporter.then((created) => created?.report(message)),
    done: () => void reporter.then((created) => created?.done()),
  };
}

/** Schedules full collections by how much document text changed since the last one (see QUIET_COLLECTION_AFTER_CHARS). */
function garbageCollector(runtime: RuntimeEnvironment): { changed(chars: number): void } {
  let charsSinceCollection = 0;
  let changesSinceCollection = 0;
  let quietTimer: Disposable | undefined;
  let forced = false;
  const collect = () => {
    forced = false;
    quietTimer?.dispose();
    quietTimer = undefined;
    charsSinceCollection = 0;
    changesSinceCollection = 0;
    runtime.collectGarbage?.();
  };
  return {
    changed(chars) {
      if (!runtime.collectGarbage) return;
      charsSinceCollection += chars;
      changesSinceCollection++;
      if (charsSinceCollection >= FORCED_COLLECTION_AFTER_CHARS || changesSinceCollection >= FORCED_COLLECTION_AFTER_CHANGES) {
        if (!forced) runtime.timer.setImmediate(collect);
        forced = true;
      } else if (charsSinceCollection >= QUIET_COLLECTION_AFTER_CHARS) {
        quietTimer?.dispose();
        quietTimer = runtime.timer.setTimeout(collect, QUIET_MS);
      }
    },
  };
}
