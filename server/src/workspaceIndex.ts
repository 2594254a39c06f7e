/**
 * The role-mapping documents on disk in the workspace folders: found by the `identityPoolRoles.files.include`
 * glob, bounded in count and size, pre-filtered cheaply before parsing, and kept up to date from
 * `workspace/didChangeWatchedFiles`. Open documents override these entries (see `workspace.ts`).
 */
// A static import: minimatch is plain JavaScript, and a `require` would tie the server to Node.
import { Minimatch } from 'minimatch';
import { decodeText, mightBeRoleMappingText, releaseSyntaxTree, type ModelDocument, type ParseOptions, type RoleMappingCore } from '../../core/index';
import type { Settings } from './settings';
import { yieldToEventLoop, type RuntimeEnvironment } from './runtime';
import { describeError, type Logger } from './utils/errors';
import { joinUri, relativePath, uriKey } from './utils/uris';

/** Directories never worth walking: dependencies and version-control data. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn']);
/** Bounds the walk itself in huge trees, independently of how many files match. */
const MAX_VISITED_ENTRIES = 200_000;
/** Files read per role-mapping document allowed by `maxCount`: most matching JSON/YAML files are something else. */
const READS_PER_KEPT_FILE = 20;
const YIELD_EVERY = 25;
/** How long a file's rebuilt syntax tree is kept after a check needed it (checks come in bursts). */
const TREE_KEPT_AFTER_USE_MS = 5_000;

export interface IndexedDocument {
  uri: string;
  mtime: number;
  model: ModelDocument;
  /** The parse options the model was built with (as JSON): a file is re-read when they change. */
  parseOptionsKey: string;
}

export type FileChangeKind = 'created' | 'changed' | 'deleted';

export class WorkspaceIndex {
  private folders: string[] = [];
  private settings: Settings['files'] | undefined;
  private parseOptions: ParseOptions = {};
  private parseOptionsKey = '{}';
  private matcher: Minimatch | undefined;
  private readonly entries = new Map<string, IndexedDocument>();
  private generation = 0;
  private scan: Promise<void> = Promise.resolve();
  /** True when the last scan stopped at a bound. */
  truncated = false;

  constructor(
    private readonly runtime: RuntimeEnvironment,
    private readonly log: Logger,
    private readonly core: RoleMappingCore,
    /** Called with the uris whose role-mapping content changed (all known uris after a re-scan). */
    private readonly onDidChange: (uris: string[]) => void,
  ) {}

  /** Resolves once the current scan (if any) has finished. */
  get ready(): Promise<void> {
    return this.scan;
  }

  get includeGlob(): string | undefined {
    return this.settings?.include;
  }

  documents(): ModelDocument[] {
    return [...this.entries.values()].map((entry) => entry.model);
  }

  has(uri: string): boolean {
    return this.entries.has(uriKey(uri));
  }

  /** Sets folders, file settings and parse options (template parameter values); re-scans when any changed. */
  configure(folders: string[], settings: Settings['files'], parseOptions: ParseOptions = {}): Promise<void> {
    const same =
      this.settings !== undefined &&
      JSON.stringify(this.settings) === JSON.stringify(settings) &&
      JSON.stringify(this.folders) === JSON.stringify(folders) &&
      JSON.stringify(parseOptions) === this.parseOptionsKey;
    if (same) return this.scan;
    this.parseOptions = parseOptions;
    this.parseOptionsKey = JSON.stringify(parseOptions);
    this.folders = [...folders];
    this.settings = { ...settings };
    this.matcher = new Minimatch(settings.include, { dot: true, nocase: false });
    return this.rescan();
  }

  rescan(): Promise<void> {
    const generation = ++this.generation;
    this.scan = this.scanAll(generation).catch((error) => {
      this.log.error(`Indexing the workspace failed: ${describeError(error)}`);
    });
    return this.scan;
  }

  /** Applies file-watcher events. */
  async update(changes: ReadonlyArray<{ uri: string; kind: FileChangeKind }>): Promise<void> {
    await this.scan;
    const changed: string[] = [];
    for (const change of changes) {
      const key = uriKey(change.uri);
      if (change.kind === 'deleted') {
        // A deleted directory takes its files with it.
        for (const [entryKey, entry] of [...this.entries]) {
          if (entryKey === key || entryKey.startsWith(`${key}/`)) {
            this.entries.delete(entryKey);
            changed.push(entry.uri);
          }
        }
        continue;
      }
      const before = this.entries.get(key);
      const after = await this.readCandidate(change.uri, true);
      if (after === 'unchanged') continue;
      if (after) this.entries.set(key, after);
      else this.entries.delete(key);
      if (before || after) changed.push(change.uri);
    }
    if (changed.length > 0) this.onDidChange(changed);
  }

  private async scanAll(generation: number): Promise<void> {
    const fileSystem = this.runtime.file;
    const settings = this.settings;
    if (!fileSystem || !settings) return;
    const found = new Map<string, IndexedDocument>();
    let truncated = false;
    for (const folder of this.folders) {
      let kept = 0;
      let reads = 0;
      let visited = 0;
      const queue: string[] = [folder];
      walk: while (queue.length > 0) {
        const directory = queue.shift()!;
        let entries: Array<[string, string]>;
        try {
          entries = await fileSystem.readDirectory(directory);
        } catch {
          continue; // Unreadable directories are skipped.
        }
        if (generation !== this.generation) return;
        entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        for (const [name, type] of entries) {
          if (++visited > MAX_VISITED_ENTRIES) {
            truncated = true;
            break walk;
          }
          const uri = joinUri(directory, name);
          const relative = relativePath(folder, uri);
          if (relative === undefined) continue;
          if (type === 'directory') {
            if (!SKIPPED_DIRECTORIES.has(name) && this.matcher?.match(relative, true)) queue.push(uri);
            continue;
          }
          if (type !== 'file' || !this.matcher?.match(relative)) continue;
          if (kept >= settings.maxCount || reads >= settings.maxCount * READS_PER_KEPT_FILE) {
            truncated = true;
            break walk;
          }
          reads++;
          const entry = await this.readCandidate(uri);
          if (generation !== this.generation) return;
          const keptEntry = entry === 'unchanged' ? this.entries.get(uriKey(uri)) : entry;
          if (keptEntry) {
            found.set(uriKey(uri), keptEntry);
            kept++;
          }
          if (reads % YIELD_EVERY === 0) await yieldToEventLoop(this.runtime);
        }
      }
    }
    if (generation !== this.generation) return;
    const changed = new Set<string>([...this.entries.values()].map((e) => e.uri));
    for (const entry of found.values()) changed.add(entry.uri);
    this.entries.clear();
    for (const [key, entry] of found) this.entries.set(key, entry);
    this.truncated = truncated;
    if (truncated) this.log.info(`Workspace index stopped at its bound (identityPoolRoles.files.maxCount = ${settings.maxCount}).`);
    this.onDidChange([...changed]);
  }

  /**
   * Files on disk need their syntax trees only while they are checked (with an open document of their
   * pool, or for a simulation); a rebuilt tree is dropped again a moment later.
   */
  private keepWithoutTree(model: ModelDocument): void {
    releaseSyntaxTree(model, () => {
      this.runtime.timer.setTimeout(() => this.keepWithoutTree(model), TREE_KEPT_AFTER_USE_MS);
    });
  }

  /** Reads and parses one file if it matches the glob and bounds and looks like a role-mapping document. */
  private async readCandidate(uri: string, force = false): Promise<IndexedDocument | undefined | 'unchanged'> {
    const fileSystem = this.runtime.file;
    const settings = this.settings;
    if (!fileSystem || !settings) return undefined;
    const folder = this.folders.find((f) => relativePath(f, uri) !== undefined);
    const relative = folder ? relativePath(folder, uri) : undefined;
    if (relative === undefined || !this.matcher?.match(relative)) return undefined;
    if (relative.split('/').some((segment) => SKIPPED_DIRECTORIES.has(segment))) return undefined;
    const stat = await fileSystem.stat(uri);
    if (!stat || stat.type !== 'file' || stat.size > settings.maxFileSize) return undefined;
    const previous = this.entries.get(uriKey(uri));
    // A watcher event means the content changed even when the clock's resolution hides it in mtime.
    if (!force && previous && previous.mtime === stat.mtime && previous.parseOptionsKey === this.parseOptionsKey) return 'unchanged';
    let bytes: Uint8Array;
    try {
      bytes = await fileSystem.readFile(uri, settings.maxFileSize);
    } catch {
      return undefined; // Gone, unreadable, not a regular file, or grown past the bound since stat.
    }
    const decoded = decodeText(bytes);
    if (!decoded.ok) {
      // Said only for files that look like role mappings: most undecodable files are something else.
      if (mightBeRoleMappingText(new TextDecoder().decode(bytes))) this.log.info(`Not indexed: ${JSON.stringify(relative)}: ${decoded.problem}`);
      return undefined;
    }
    const text = decoded.text;
    if (!mightBeRoleMappingText(text)) return undefined;
    try {
      const model = this.core.parseDocument(uri, text, undefined, undefined, this.parseOptions);
      if (model.kind === 'unknown') return undefined;
      this.keepWithoutTree(model);
      return { uri, mtime: stat.mtime, model, parseOptionsKey: this.parseOptionsKey };
    } catch (error) {
      this.log.error(`Parsing a workspace file failed: ${describeError(error)}`);
      return undefined;
    }
  }
}
