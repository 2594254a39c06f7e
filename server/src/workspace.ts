/**
 * The server's view of all role-mapping documents: open documents (current text, parsed once per version)
 * override the workspace index's disk copies. Linked pools and diagnostics are computed on demand and
 * memoised until anything changes, and a document is checked together with the documents that share an
 * IdentityPoolId with it (a roles file with its pool file).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  isTerraformParserLoaded,
  poolIdsOf,
  poolUris,
  type CoreDiagnostic,
  type IdentityPoolModel,
  type ModelDocument,
  type Position,
  type RoleMappingCore,
} from '../../core/index';
import type { DocumentCache } from './documentCache';
import { hasMarker } from './markerScan';
import { folderUriOf, isTerraformDocument, isTerraformUri, moveModuleLocations, TerraformModules, toModulePosition, type TerraformModule } from './terraform';
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
    /** Called when `.tf` files are met while the Terraform parser is not loaded (the host then loads it). */
    terraformParserWanted?: () => void,
  ) {
    this.terraform = new TerraformModules(core, {
      openDocuments: () => open.all().filter(isTerraformDocument),
      indexedFiles: () => index.terraformFiles(),
      parseOptions: () => cache.options,
      parserWanted: terraformParserWanted,
    });
  }

  readonly terraform: TerraformModules;

  /** The Terraform modules (one per folder with `.tf` files) as of now. */
  terraformModules(): TerraformModule[] {
    return this.terraform.modules(this.generation);
  }

  /** The Terraform module of a `.tf` file, or of a module (folder) uri. */
  terraformModuleOf(uri: string): TerraformModule | undefined {
    if (isTerraformUri(uri)) return this.terraform.moduleOf(uri, this.generation);
    const key = uriKey(uri);
    return this.terraformModules().find((module) => uriKey(module.uri) === key);
  }

  /** For a `.tf` file: its module's uri and the position in the module's text; otherwise as given. */
  modulePosition(uri: string, position: Position): { uri: string; position: Position } {
    const module = isTerraformUri(uri) ? this.terraformModuleOf(uri) : undefined;
    const moved = module && toModulePosition(module, uri, position);
    return module && moved ? { uri: module.uri, position: moved } : { uri, position };
  }

  /**
   * Whether an edit of this `.tf` document can change the model: it names a resource type the Terraform
   * reader reads, or its folder's module (as last read) holds role-mapping resources (variables.tf of such a
   * folder). Edits of other Terraform files cost nothing more.
   */
  isTerraformRoleDocument(document: TextDocument): boolean {
    if (hasMarker(document.getText())) return true;
    const module = this.terraform.moduleOf(document.uri, this.generation);
    return module !== undefined && module.document.kind !== 'unknown';
  }

  /** The open `.tf` documents of the same folder (module) as `uri`, `uri` itself left out. */
  moduleCompanions(uri: string): string[] {
    if (!isTerraformUri(uri)) return [];
    const folder = uriKey(folderUriOf(uri));
    const key = uriKey(uri);
    return this.open
      .all()
      .filter((document) => isTerraformDocument(document) && uriKey(document.uri) !== key && uriKey(folderUriOf(document.uri)) === folder)
      .map((document) => document.uri);
  }

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
      if (isTerraformDocument(document)) continue; // read with its folder's module below
      const key = uriKey(document.uri);
      const model = this.cache.roleMappingModel(document);
      // An open document replaces its disk copy, also when the edit made it stop being a role-mapping file.
      if (model) byKey.set(key, model);
      else byKey.delete(key);
    }
    for (const module of this.terraformModules()) if (module.document.kind !== 'unknown') byKey.set(uriKey(module.uri), module.document);
    return [...byKey.values()];
  }

  /** Every role-mapping document (open or indexed). */
  documents(): ModelDocument[] {
    return this.state().documents;
  }

  /** The model of a document: the open document's current one, else the indexed one. */
  model(uri: string): ModelDocument | undefined {
    const module = this.terraformModuleOf(uri);
    if (module) return module.document;
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
    const module = isTerraformUri(uri) ? this.terraformModuleOf(uri) : undefined;
    return this.core.poolsOfDocument(this.pools(), module?.uri ?? uri, uriKey);
  }

  /** The pool whose role configuration in `uri` contains the position (templates hold several), else the first. */
  poolAt(uri: string, position: Position): IdentityPoolModel | undefined {
    const at = this.modulePosition(uri, position);
    return this.core.poolAtPosition(this.pools(), at.uri, at.position, uriKey);
  }

  /** The documents checked together with `model`: those sharing an IdentityPoolId with it, directly or through others. */
  groupOf(model: ModelDocument): ModelDocument[] {
    return this.core.groupOfDocument(this.documents(), model, (a, b) => uriKey(a.uri) === uriKey(b.uri));
  }

  /** The core's diagnostics of a document, checked with its group. */
  diagnostics(uri: string): CoreDiagnostic[] {
    if (isTerraformUri(uri)) return this.terraformDiagnostics(uri);
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
   * A `.tf` file's diagnostics: its module's (the folder's files checked together), each moved into the
   * file it points into; every file of the module gets its list at once.
   */
  private terraformDiagnostics(uri: string): CoreDiagnostic[] {
    const module = this.terraformModuleOf(uri);
    if (!module) return [];
    const state = this.state();
    const key = uriKey(uri);
    const cached = state.diagnostics.get(key);
    if (cached) return cached;
    const document = module.document;
    if (!isTerraformParserLoaded()) {
      // Said in every file of the module, not only in the first one (where the module's text starts), and
      // only in modules that may hold role mappings (not in every Terraform file of the workspace).
      const said = hasMarker(document.parsed.text) ? document.parseDiagnostics : [];
      for (const file of module.files)
        state.diagnostics.set(
          uriKey(file.uri),
          said.map((diagnostic) => ({ ...diagnostic, uri: file.uri })),
        );
    } else {
      const moduleDiagnostics = document.kind === 'unknown' ? document.parseDiagnostics : this.diagnostics(module.uri);
      for (const [fileUri, list] of this.core.terraformDiagnosticsByFile(document.parsed, module.uri, moduleDiagnostics)) {
        if (isTerraformUri(fileUri)) state.diagnostics.set(uriKey(fileUri), list);
      }
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
      diagnostics = this.core.diagnosticsOfPool(documents, (uri) => this.diagnostics(uri), pool);
      // A Terraform module's diagnostics point into its files (simulation reports quote their places).
      if (documents.some((document) => this.terraformModuleOf(document.uri)))
        diagnostics = moveModuleLocations(diagnostics, this.core, (uri) => this.terraformModuleOf(uri));
      memo.set(pool, diagnostics);
    }
    return diagnostics;
  }
}

/** The IdentityPoolIds a document names (symbolic ones excluded: they cannot link documents). */
export const poolIds = poolIdsOf;

export { poolUris };
