/**
 * Diagnostics: the core's findings as LSP diagnostics, pulled (`textDocument/diagnostic`) when the client
 * supports it and pushed (debounced `publishDiagnostics`) otherwise. A change re-checks the documents
 * linked to the changed one (a roles file and its pool file).
 */
import {
  DiagnosticSeverity,
  DiagnosticTag,
  DocumentDiagnosticReportKind,
  type ClientCapabilities,
  type Connection,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type DocumentDiagnosticReport,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { CODES, type CoreDiagnostic, type DiagnosticData, type Severity, sameRange } from '../../../core/index';
import type { RuntimeEnvironment, Disposable } from '../runtime';
import { guarded, guardedSync, throwIfCancelled, type Logger } from '../utils/errors';
import { uriKey } from '../utils/uris';
import { poolIds, type OpenDocuments, type Workspace } from '../workspace';

export const DIAGNOSTIC_SOURCE = 'identity-pool-roles';
const PUSH_DELAY_MS = 300;
const REFRESH_DELAY_MS = 300;

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(diagnostic: CoreDiagnostic): Diagnostic {
  const info = CODES[diagnostic.code] as { docs: string } | undefined;
  const result: Diagnostic = {
    range: diagnostic.range,
    severity: SEVERITIES[diagnostic.severity] ?? DiagnosticSeverity.Error,
    code: diagnostic.code,
    source: DIAGNOSTIC_SOURCE,
    message: diagnostic.message,
  };
  if (info?.docs) result.codeDescription = { href: info.docs };
  if (diagnostic.related?.length) {
    result.relatedInformation = diagnostic.related.map((related): DiagnosticRelatedInformation => ({ location: related.location, message: related.message }));
  }
  // A rule that can never match is dead code: editors fade it.
  if (diagnostic.code === 'rule-shadowed') result.tags = [DiagnosticTag.Unnecessary];
  const data: DiagnosticData = { ...(diagnostic.data ?? {}) };
  if (diagnostic.awsError) data.awsError = diagnostic.awsError;
  if (Object.keys(data).length > 0) result.data = data;
  return result;
}

export class DiagnosticsFeature {
  private pull = false;
  private refreshSupported = false;
  private readonly pending = new Map<string, Disposable>();
  private refreshTimer: Disposable | undefined;
  /** The IdentityPoolIds each open document named when last checked, to find who depends on a change. */
  private readonly lastIds = new Map<string, Set<string>>();
  /** The last full pull report of each open document, to answer `unchanged` when nothing changed. */
  private readonly lastReports = new Map<string, { resultId: string; diagnostics: readonly CoreDiagnostic[] }>();
  private resultCounter = 0;

  constructor(
    private readonly connection: Connection,
    private readonly runtime: RuntimeEnvironment,
    private readonly workspace: Workspace,
    private readonly open: OpenDocuments,
    private readonly log: Logger,
  ) {}

  initialize(capabilities: ClientCapabilities, serverCapabilities: ServerCapabilities): void {
    this.pull = capabilities.textDocument?.diagnostic !== undefined;
    this.refreshSupported = capabilities.workspace?.diagnostics?.refreshSupport === true;
    if (this.pull) {
      serverCapabilities.diagnosticProvider = { identifier: DIAGNOSTIC_SOURCE, interFileDependencies: true, workspaceDiagnostics: false };
      this.connection.languages.diagnostics.on((params, token) =>
        guarded(this.log, 'textDocument/diagnostic', emptyReport(), async () => {
          throwIfCancelled(token);
          await this.workspace.index.ready;
          throwIfCancelled(token);
          return this.report(params.textDocument.uri, params.previousResultId);
        }),
      );
    }
  }

  get usesPull(): boolean {
    return this.pull;
  }

  compute(uri: string): Diagnostic[] {
    return this.current(uri).map(toLspDiagnostic);
  }

  private current(uri: string): readonly CoreDiagnostic[] {
    if (!this.open.get(uri)) return [];
    this.lastIds.set(uriKey(uri), this.idsOf(uri));
    return this.workspace.diagnostics(uri);
  }

  /**
   * A pull report: `unchanged` when the client still has this document's current diagnostics (most
   * keystrokes inside a value change none), which spares converting, sending and re-rendering them.
   */
  private report(uri: string, previousResultId: string | undefined): DocumentDiagnosticReport {
    const diagnostics = this.current(uri);
    const key = uriKey(uri);
    const last = this.lastReports.get(key);
    if (last && previousResultId === last.resultId && sameDiagnostics(last.diagnostics, diagnostics)) {
      return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: last.resultId };
    }
    const resultId = String(++this.resultCounter);
    this.lastReports.set(key, { resultId, diagnostics });
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items: diagnostics.map(toLspDiagnostic) };
  }

  /**
   * A document changed (or its disk copy did): schedule checks of it and of every open document that
   * shares a pool with it before or after the change.
   */
  documentsChanged(uris: readonly string[]): void {
    guardedSync(this.log, 'diagnostics.documentsChanged', undefined, () => {
      const changedIds = new Set<string>();
      const changedKeys = new Set(uris.map(uriKey));
      for (const uri of uris) {
        for (const id of this.lastIds.get(uriKey(uri)) ?? []) changedIds.add(id);
        for (const id of this.idsOf(uri)) changedIds.add(id);
      }
      // The other open `.tf` files of a changed file's folder: one Terraform module, checked as one.
      const dependents: string[] = [...new Set(uris.flatMap((uri) => this.workspace.moduleCompanions(uri)))].filter((uri) => !changedKeys.has(uriKey(uri)));
      if (changedIds.size > 0) {
        for (const document of this.open.all()) {
          const key = uriKey(document.uri);
          if (changedKeys.has(key) || dependents.includes(document.uri)) continue;
          let ids = this.lastIds.get(key);
          // Not checked yet: what it names now is what it was checked with (remembered, so n opens cost n, not n²).
          if (!ids) this.lastIds.set(key, (ids = this.idsOf(document.uri)));
          for (const id of ids) {
            if (changedIds.has(id)) {
              dependents.push(document.uri);
              break;
            }
          }
        }
      }
      if (this.pull) {
        // The client pulls the edited document itself; linked documents need a refresh.
        if (dependents.length > 0) this.scheduleRefresh();
      } else {
        for (const uri of [...uris, ...dependents]) if (this.open.get(uri)) this.schedulePush(uri);
      }
    });
  }

  /** Everything may have changed (settings, a re-index). */
  allChanged(): void {
    if (this.pull) this.scheduleRefresh();
    else for (const document of this.open.all()) this.schedulePush(document.uri);
  }

  documentClosed(uri: string): void {
    this.lastIds.delete(uriKey(uri));
    this.lastReports.delete(uriKey(uri));
    this.pending.get(uri)?.dispose();
    this.pending.delete(uri);
    if (!this.pull) void this.connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
  }

  private idsOf(uri: string): Set<string> {
    return poolIds(this.workspace.model(uri));
  }

  private schedulePush(uri: string): void {
    this.pending.get(uri)?.dispose();
    this.pending.set(
      uri,
      this.runtime.timer.setTimeout(() => {
        this.pending.delete(uri);
        const document = this.open.get(uri);
        if (!document) return;
        const diagnostics = guardedSync(this.log, 'publishDiagnostics', [] as Diagnostic[], () => this.compute(uri));
        void this.connection.sendDiagnostics({ uri, version: document.version, diagnostics }).catch(() => undefined);
      }, PUSH_DELAY_MS),
    );
  }

  private scheduleRefresh(): void {
    if (!this.refreshSupported) return;
    this.refreshTimer?.dispose();
    this.refreshTimer = this.runtime.timer.setTimeout(() => {
      this.refreshTimer = undefined;
      this.connection.languages.diagnostics.refresh().catch(() => undefined);
    }, REFRESH_DELAY_MS);
  }
}

/** Whether two lists of diagnostics would show the same (same order, codes, texts, places and data). */
export function sameDiagnostics(a: readonly CoreDiagnostic[], b: readonly CoreDiagnostic[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.code !== y.code || x.severity !== y.severity || x.message !== y.message || x.uri !== y.uri || !sameRange(x.range, y.range)) return false;
    if ((x.related?.length ?? 0) !== (y.related?.length ?? 0)) return false;
    for (let j = 0; j < (x.related?.length ?? 0); j++) {
      const r = x.related![j];
      const q = y.related![j];
      if (r.message !== q.message || r.location.uri !== q.location.uri || !sameRange(r.location.range, q.location.range)) return false;
    }
    if (JSON.stringify(x.data) !== JSON.stringify(y.data) || JSON.stringify(x.awsError) !== JSON.stringify(y.awsError)) return false;
  }
  return true;
}

function emptyReport(): DocumentDiagnosticReport {
  return { kind: DocumentDiagnosticReportKind.Full, items: [] };
}
