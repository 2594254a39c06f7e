/**
 * The server's view of all role-mapping documents: open documents (current text, parsed once per version)
 * override the workspace index's disk copies. Linked pools and diagnostics are computed on demand and
 * memoised until anything changes, and a document is checked together with the documents that share an
 * IdentityPoolId with it (a roles file with its pool file).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { poolIdsOf, poolUris, type CoreDiagnostic, type IdentityPoolModel, type ModelDocument, type Position, type RoleMappingCore } from '../../core/index';
import type { DocumentCache } from './documentCache';
import type { WorkspaceIndex } from './workspaceIndex';
import { uriKey } from './utils/uris';

export interface OpenDocuments {
  get(uri: string): TextDocument | undefined;
  all(): TextDocument[];
}

export class Workspace {
  private generation = 0;
  private memo:
    | {
        generation: number;
        documents: ModelDocument[];
        pools?: IdentityPoolModel[];
        diagnostics: Map<string, CoreDiagnostic[]>;
        poolDiagnostics: Map<IdentityPoolModel, CoreDiagnostic[]>;
      }
    | undefined;

  constructor(
    readonly core: RoleMappingCore,
    private readonly open: OpenDocuments,
    readonly cache: DocumentCache,
    readonly index: WorkspaceIndex,
  ) {}

  /** Drops memoised results; call after any document or index change. */
  invalidate(): void {
    this.generation++;
  }

  private state() {
    if (!this.memo || this.memo.generation !== this.generation) {
      this.memo = { generation: this.generation, documents: this.collectDocuments(), diagnostics: new Map(), poolDiagnostics: new Map() };
    }
    return this.memo;
  }

  private collectDocuments(): ModelDocument[] {
    const byKey = new Map<string, ModelDocument>();
    for (const model of this.index.documents()) byKey.set(uriKey(model.uri), model);
    for (const document of this.open.all()) {
      const key = uriKey(document.uri);
      const model = this.cache.roleMappingModel(document);
      // An open document replaces its disk copy, also when the edit made it stop being a role-mapping file.
      if (model) byKey.set(key, model);
      else byKey.delete(key);
    }
    return [...byKey.values()];
  }

  /** Every role-mapping document (open or indexed). */
  documents(): ModelDocument[] {
    return this.state().documents;
  }

  /** The model of a document: the open document's current one, else the indexed one. */
  model(uri: string): ModelDocument | undefined {
    const open = this.open.get(uri);
    if (open) return this.cache.get(open).model;
    const key = uriKey(uri);
    return this.documents().find((d) => uriKey(d.uri) === key);
  }

  /** Pools across all documents, a roles file joined with its pool file. */
  pools(): IdentityPoolModel[] {
    const state = this.state();
    state.pools ??= this.core.linkPools(state.documents);
    return state.pools;
  }

  /** Linked pools that this document contributes to. */
  poolsOf(uri: string): IdentityPoolModel[] {
    return this.core.poolsOfDocument(this.pools(), uri, uriKey);
  }

  /** The pool whose role configuration in `uri` contains the position (templates hold several), else the first. */
  poolAt(uri: string, position: Position): IdentityPoolModel | undefined {
    return this.core.poolAtPosition(this.pools(), uri, position, uriKey);
  }

  /** The documents checked together with `model`: those sharing an IdentityPoolId with it, directly or through others. */
  groupOf(model: ModelDocument): ModelDocument[] {
    return this.core.groupOfDocument(this.documents(), model, (a, b) => uriKey(a.uri) === uriKey(b.uri));
  }

  /** The core's diagnostics of a document, checked with its group. */
  diagnostics(uri: string): CoreDiagnostic[] {
    const model = this.model(uri);
    if (!model) return [];
    if (model.kind === 'unknown') return model.parseDiagnostics;
    const state = this.state();
    const key = uriKey(uri);
    const cached = state.diagnostics.get(key);
    if (cached) return cached;
    const group = this.groupOf(model);
    const results = this.core.checkDocuments(group);
    for (const member of group) {
      const memberKey = uriKey(member.uri);
      if (!state.diagnostics.has(memberKey)) state.diagnostics.set(memberKey, results.get(member.uri) ?? []);
    }
    return state.diagnostics.get(key) ?? [];
  }

  /**
   * The diagnostics that concern a pool: those of every document it is made of, less those inside another
   * pool's resources of the same template (as the CLI's simulate counts them).
   */
  poolDiagnostics(pool: IdentityPoolModel): CoreDiagnostic[] {
    const memo = this.state().poolDiagnostics;
    let diagnostics = memo.get(pool);
    if (!diagnostics) {
      const uris = new Map(poolUris(pool).map((uri) => [uriKey(uri), uri]));
      const documents = [...uris.values()].flatMap((uri) => this.model(uri) ?? []);
      memo.set(pool, (diagnostics = this.core.diagnosticsOfPool(documents, (uri) => this.diagnostics(uri), pool)));
    }
    return diagnostics;
  }
}

/** The IdentityPoolIds a document names (symbolic ones excluded: they cannot link documents). */
export const poolIds = poolIdsOf;

export { poolUris };
