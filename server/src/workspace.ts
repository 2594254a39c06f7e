/**
 * The server's view of all role-mapping documents: open documents (current text, parsed once per version)
 * override the workspace index's disk copies. Linked pools and diagnostics are computed on demand and
 * memoised until anything changes, and a document is checked together with the documents that share an
 * IdentityPoolId with it (a roles file with its pool file).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CoreDiagnostic } from '../../core/diagnostics';
import { linkPools } from '../../core/documents';
import type { IdentityPoolModel, ModelDocument } from '../../core/model';
import { containsPosition, type Position } from '../../core/positions';
import { checkDocuments } from '../../core/validate/index';
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
    state.pools ??= linkPools(state.documents);
    return state.pools;
  }

  /** Linked pools that this document contributes to. */
  poolsOf(uri: string): IdentityPoolModel[] {
    const key = uriKey(uri);
    return this.pools().filter((pool) => poolUris(pool).some((u) => uriKey(u) === key));
  }

  /** The pool whose role configuration in `uri` contains the position (templates hold several), else the first. */
  poolAt(uri: string, position: Position): IdentityPoolModel | undefined {
    const key = uriKey(uri);
    const pools = this.poolsOf(uri);
    const configs = (pool: IdentityPoolModel) => [pool.roleConfig, ...(pool.extraRoleConfigs ?? [])];
    return (
      pools.find((pool) => configs(pool).some((c) => c && uriKey(c.uri) === key && containsPosition(c.range, position))) ??
      pools.find((pool) => pool.definition && uriKey(pool.definition.uri) === key && containsPosition(pool.definition.range, position)) ??
      pools[0]
    );
  }

  /** The documents checked together with `model`: those sharing one of its IdentityPoolIds. */
  groupOf(model: ModelDocument): ModelDocument[] {
    const ids = poolIds(model);
    const key = uriKey(model.uri);
    const group = [model];
    if (ids.size === 0) return group;
    for (const other of this.documents()) {
      if (uriKey(other.uri) === key) continue;
      if ([...poolIds(other)].some((id) => ids.has(id))) group.push(other);
    }
    return group;
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
    const results = checkDocuments(group);
    for (const member of group) {
      const memberKey = uriKey(member.uri);
      if (!state.diagnostics.has(memberKey)) state.diagnostics.set(memberKey, results.get(member.uri) ?? []);
    }
    return state.diagnostics.get(key) ?? [];
  }

  /** Diagnostics of every document a pool is made of. */
  poolDiagnostics(pool: IdentityPoolModel): CoreDiagnostic[] {
    const memo = this.state().poolDiagnostics;
    let diagnostics = memo.get(pool);
    if (!diagnostics) memo.set(pool, (diagnostics = [...new Set(poolUris(pool))].flatMap((uri) => this.diagnostics(uri))));
    return diagnostics;
  }
}

/** The IdentityPoolIds a document names (symbolic ones excluded: they cannot link documents). */
export function poolIds(model: ModelDocument | undefined): Set<string> {
  const ids = new Set<string>();
  for (const pool of model?.pools ?? []) {
    const id = pool.identityPoolId ?? pool.roleConfig?.identityPoolId;
    if (id && !id.symbolic) ids.add(id.value);
  }
  return ids;
}

/** Every document a (linked) pool is made of. */
export function poolUris(pool: IdentityPoolModel): string[] {
  const uris: string[] = [];
  if (pool.definition) uris.push(pool.definition.uri);
  if (pool.roleConfig) uris.push(pool.roleConfig.uri);
  for (const extra of pool.extraRoleConfigs ?? []) uris.push(extra.uri);
  return uris;
}
