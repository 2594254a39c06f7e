/**
 * Terraform in the language server. Terraform reads every `.tf` file of a folder as one module (a pool in
 * main.tf, its roles in iam.tf), so the server does too: a folder's `.tf` files (open documents' text over
 * the index's disk text) are parsed together into one module document whose uri is the folder's. Its ranges
 * are in the files' joined text; `terraformLocation` / `terraformDiagnosticsByFile` move them into each file,
 * and a position in a file moves into the module by the file's first line.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  isTerraformParserLoaded,
  loadTerraformParser,
  type Location,
  type ModelDocument,
  type ParseOptions,
  type Position,
  type Range,
  type RoleMappingCore,
  type TerraformFile,
  type TerraformFileSpan,
  type TerraformWasmFile,
} from '../../core/index';
import { describeError, type Logger } from './utils/errors';
import { uriKey } from './utils/uris';

/** Reads one of the parser's wasm files from where the host keeps its assets. */
export type TerraformWasmReader = (file: TerraformWasmFile) => Promise<Uint8Array>;

/** True for a `.tf` file (whatever the language id: HashiCorp's `terraform`, or plain text without it). */
export function isTerraformUri(uri: string): boolean {
  return /\.tf$/i.test(uri.replace(/[?#].*$/, ''));
}

export function isTerraformDocument(document: Pick<TextDocument, 'uri' | 'languageId'>): boolean {
  return isTerraformUri(document.uri) || (document.languageId === 'terraform' && !/\.tfvars$/i.test(document.uri));
}

/** The folder (module) uri of a file uri. */
export function folderUriOf(uri: string): string {
  return uri.replace(/[?#].*$/, '').replace(/\/[^/]*$/, '');
}

/**
 * A function that loads the parser in the background, once, the first time it is called (when a workspace
 * first has `.tf` files: a workspace without any never compiles the wasm); `onLoaded` re-checks the `.tf`
 * documents read before (they showed the "not loaded yet" diagnostic). A failure is logged: `.tf` files
 * then keep that diagnostic.
 */
export function terraformLoader(read: TerraformWasmReader | undefined, log: Logger, onLoaded: () => void): () => void {
  let started = false;
  return () => {
    if (started || !read || isTerraformParserLoaded()) return;
    started = true;
    loadTerraformParser(read).then(onLoaded, (error: unknown) => log.error(`Loading the Terraform parser failed: ${describeError(error)}`));
  };
}

export interface TerraformModule {
  /** The folder's uri: the module document's uri. */
  uri: string;
  document: ModelDocument;
  /** Each file of the module and where it starts in the module's text. */
  files: readonly TerraformFileSpan[];
}

export interface TerraformSources {
  /** Open `.tf` documents. */
  openDocuments(): TextDocument[];
  /** `.tf` files of the workspace index (disk text). */
  indexedFiles(): ReadonlyArray<{ uri: string; text: string; mtime: number }>;
  parseOptions(): ParseOptions;
  /** Called when there are `.tf` files to read and the parser is not loaded: loading waits until then. */
  parserWanted?(): void;
}

/** The workspace's Terraform modules, one per folder with `.tf` files, parsed again only when a file changed. */
export class TerraformModules {
  private readonly parsed = new Map<string, { key: string; module: TerraformModule }>();
  private memo: { generation: number; modules: TerraformModule[] } | undefined;

  constructor(
    private readonly core: RoleMappingCore,
    private readonly sources: TerraformSources,
  ) {}

  /** Every module; `generation` changes whenever a document or the index did. */
  modules(generation: number): TerraformModule[] {
    if (this.memo?.generation === generation) return this.memo.modules;
    const byFolder = new Map<string, Map<string, { file: TerraformFile; version: string }>>();
    const add = (uri: string, text: string, version: string) => {
      const folder = folderUriOf(uri);
      const folderKey = uriKey(folder);
      let files = byFolder.get(folderKey);
      if (!files) byFolder.set(folderKey, (files = new Map()));
      files.set(uriKey(uri), { file: { uri, text }, version });
    };
    for (const file of this.sources.indexedFiles()) add(file.uri, file.text, `disk:${file.mtime}`);
    // Open documents' text replaces their disk copies.
    for (const document of this.sources.openDocuments()) if (isTerraformDocument(document)) add(document.uri, document.getText(), `open:${document.version}`);
    const options = this.sources.parseOptions();
    const loaded = isTerraformParserLoaded();
    if (!loaded && byFolder.size > 0) this.sources.parserWanted?.();
    const modules: TerraformModule[] = [];
    const seen = new Set<string>();
    for (const [folderKey, files] of byFolder) {
      seen.add(folderKey);
      const sorted = [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entry]) => entry);
      const key = JSON.stringify([loaded, options, sorted.map((entry) => [entry.file.uri, entry.version])]);
      let cached = this.parsed.get(folderKey);
      if (cached?.key !== key) {
        const uri = folderUriOf(sorted[0].file.uri);
        const document = this.core.parseTerraformModule(
          uri,
          sorted.map((entry) => entry.file),
          options,
        );
        cached = { key, module: { uri, document, files: this.core.terraformLayoutOf(document.parsed)?.files ?? [] } };
        this.parsed.set(folderKey, cached);
      }
      modules.push(cached.module);
    }
    for (const folderKey of [...this.parsed.keys()]) if (!seen.has(folderKey)) this.parsed.delete(folderKey);
    this.memo = { generation, modules };
    return modules;
  }

  /** The module a `.tf` file belongs to. */
  moduleOf(fileUri: string, generation: number): TerraformModule | undefined {
    const folderKey = uriKey(folderUriOf(fileUri));
    return this.modules(generation).find((module) => uriKey(module.uri) === folderKey);
  }

  /** Whether a uri is the uri of a module document (a folder), not of a file. */
  isModuleUri(uri: string, generation: number): boolean {
    const key = uriKey(uri);
    return this.modules(generation).some((module) => uriKey(module.uri) === key);
  }
}

/** The span of a file in its module. */
export function fileSpan(module: TerraformModule, fileUri: string): TerraformFileSpan | undefined {
  const key = uriKey(fileUri);
  return module.files.find((file) => uriKey(file.uri) === key);
}

/** A position in a file → the same position in its module's text. */
export function toModulePosition(module: TerraformModule, fileUri: string, position: Position): Position | undefined {
  const span = fileSpan(module, fileUri);
  return span ? { line: position.line + span.line, character: position.character } : undefined;
}

/** A range of a module document → the file and range it points into. */
export function toFileLocation(core: RoleMappingCore, module: TerraformModule, range: Range): Location {
  return core.terraformLocation(module.document.parsed, range) ?? { uri: module.uri, range };
}

function isRange(value: unknown): value is Range {
  const range = value as Range | undefined;
  return typeof range === 'object' && range !== null && typeof range.start?.line === 'number' && typeof range.end?.line === 'number';
}

/**
 * A copy of a request's result (plain data) with every location in a module document (`{ uri, range }` whose
 * uri is a folder's module) moved into the file it points into, and each module uri in a `uris` list replaced
 * by its files. Copied, not changed in place: the result may share objects with memoised models.
 */
export function moveModuleLocations<T>(value: T, core: RoleMappingCore, moduleOf: (uri: string) => TerraformModule | undefined): T {
  const visit = (node: unknown, depth: number): unknown => {
    if (node === null || typeof node !== 'object' || depth > 100) return node;
    if (Array.isArray(node)) return node.map((item) => visit(item, depth + 1));
    // Ranges may compute their positions lazily (getters): copied as plain positions.
    if (isRange(node)) return { start: { ...node.start }, end: { ...node.end } };
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(node)) copy[key] = visit(item, depth + 1);
    const module = typeof copy.uri === 'string' && !isTerraformUri(copy.uri) ? moduleOf(copy.uri) : undefined;
    if (module && isRange(copy.range)) {
      const location = toFileLocation(core, module, copy.range);
      copy.uri = location.uri;
      copy.range = location.range;
    }
    if (Array.isArray(copy.uris)) {
      const uris = copy.uris.flatMap((uri) => {
        const of = typeof uri === 'string' && !isTerraformUri(uri) ? moduleOf(uri) : undefined;
        return of ? of.files.map((file) => file.uri) : [uri];
      });
      copy.uris = [...new Set(uris)];
    }
    return copy;
  };
  return visit(value, 0) as T;
}
