/**
 * The role-mapping documents on disk in the workspace folders, kept up to date from
 * `workspace/didChangeWatchedFiles`. Open documents override these entries (see `workspace.ts`).
 *
 * Finding them in a large tree (a monorepo, test fixtures, i18n, `cdk.out`: tens of thousands of JSON
 * files, one of them a role mapping) goes in three steps, each cheaper than the next:
 * 1. the walk: names only, every file and folder counted against `files.maxScanned`, symbolic links
 *    followed but each real directory walked once (no cycles);
 * 2. files matching `files.include` are read from the start only until an identity-pool marker is seen
 *    (`markerScan.ts`), and at most `files.maxFileSize` bytes: most files hold no marker and are never
 *    decoded whole nor parsed. A file is read to its end (up to that bound) before it is dismissed, never
 *    just its first bytes: the `AWS::Cognito::IdentityPool` resource can sit deep in a large template;
 * 3. files holding a marker are read whole and parsed, at most `files.maxCount` per folder.
 * Indexing a large folder reports progress, and every bound hit is logged and shown (`boundsHit`).
 */
// A static import: minimatch is plain JavaScript, and a `require` would tie the server to Node.
import { Minimatch } from 'minimatch';
import { decodeText, mightBeRoleMappingText, releaseSyntaxTree, type ModelDocument, type ParseOptions, type RoleMappingCore } from '../../core/index';
import type { IndexBoundHit } from '../../protocol/protocol';
import { hasMarker, MarkerScan } from './markerScan';
import { isTerraformUri } from './terraform';
import type { Settings } from './settings';
import { yieldToEventLoop, type FileStat, type FileType, type RuntimeEnvironment } from './runtime';
import { describeError, type Logger } from './utils/errors';
import { baseName, joinUri, relativePath, uriKey } from './utils/uris';

/** Directories never worth walking: dependencies and version-control data. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn']);
/** Matching files looked at together: their reads overlap in the host's I/O threads. */
const FILES_LOOKED_AT_TOGETHER = 16;
/** Progress is shown once indexing has taken this long or looked at this many entries: small folders never flash it. */
const PROGRESS_AFTER_MS = 400;
const PROGRESS_AFTER_ENTRIES = 1_000;
const PROGRESS_EVERY_MS = 200;
/** How long a file's rebuilt syntax tree is kept after a check needed it (checks come in bursts). */
const TREE_KEPT_AFTER_USE_MS = 5_000;

/** Work-done progress of one indexing run (the server maps it to `window/workDoneProgress`). */
export interface IndexingProgress {
  report(message: string): void;
  done(): void;
}

export interface IndexedDocument {
  uri: string;
  mtime: number;
  /** The parsed file; absent for a `.tf` file, which is parsed with its folder's other `.tf` files (terraform.ts). */
  model?: ModelDocument;
  /** A `.tf` file's text. */
  terraformText?: string;
  /** The parse options the model was built with (as JSON): a file is re-read when they change. */
  parseOptionsKey: string;
}

export type FileChangeKind = 'created' | 'changed' | 'deleted';

/** What looking at one matching file found. */
type Look = { verdict: 'none' } | { verdict: 'candidate'; stat: FileStat } | { verdict: 'unchanged'; entry: IndexedDocument } | { verdict: 'too-large' };

export class WorkspaceIndex {
  private folders: string[] = [];
  private settings: Settings['files'] | undefined;
  private parseOptions: ParseOptions = {};
  private parseOptionsKey = '{}';
  private matcher: Minimatch | undefined;
  private readonly entries = new Map<string, IndexedDocument>();
  private generation = 0;
  private scan: Promise<void> = Promise.resolve();
  /** The bounds the last scan hit (none when it indexed everything). */
  boundsHit: IndexBoundHit[] = [];

  constructor(
    private readonly runtime: RuntimeEnvironment,
    private readonly log: Logger,
    private readonly core: RoleMappingCore,
    /** Called with the uris whose role-mapping content changed (all known uris after a re-scan). */
    private readonly onDidChange: (uris: string[]) => void,
    /** Starts progress for an indexing run that takes long (none in hosts that cannot show it). */
    private readonly startProgress?: () => IndexingProgress,
  ) {}

  /** True when the last scan stopped at a bound (files left out for their size do not stop it). */
  get truncated(): boolean {
    return this.boundsHit.some((bound) => bound.setting !== 'identityPoolRoles.files.maxFileSize');
  }

  /** Resolves once the current scan (if any) has finished. */
  get ready(): Promise<void> {
    return this.scan;
  }

  get includeGlob(): string | undefined {
    return this.settings?.include;
  }

  documents(): ModelDocument[] {
    return [...this.entries.values()].flatMap((entry) => entry.model ?? []);
  }

  /** The `.tf` files found (any that names a resource type the Terraform reader knows), with their text. */
  terraformFiles(): Array<{ uri: string; text: string; mtime: number }> {
    return [...this.entries.values()].flatMap((entry) =>
      entry.terraformText !== undefined ? [{ uri: entry.uri, text: entry.terraformText, mtime: entry.mtime }] : [],
    );
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
    const settings = this.settings;
    if (!this.runtime.file || !settings) return;
    const found = new Map<string, IndexedDocument>();
    const bounds: IndexBoundHit[] = [];
    const meter = new ProgressMeter(this.runtime, this.startProgress);
    try {
      for (const folder of this.folders) {
        const hit = await this.scanFolder(folder, settings, generation, found, meter);
        if (hit === 'superseded') return;
        bounds.push(...hit);
      }
    } finally {
      meter.done();
    }
    if (generation !== this.generation) return;
    const changed = new Set<string>([...this.entries.values()].map((e) => e.uri));
    for (const entry of found.values()) changed.add(entry.uri);
    this.entries.clear();
    for (const [key, entry] of found) this.entries.set(key, entry);
    this.boundsHit = bounds;
    for (const bound of bounds) this.log.info(bound.message);
    this.onDidChange([...changed]);
  }

  /** Walks one folder breadth-first (sorted, so that the same files are kept at a bound each time). */
  private async scanFolder(
    folder: string,
    settings: Settings['files'],
    generation: number,
    found: Map<string, IndexedDocument>,
    meter: ProgressMeter,
  ): Promise<IndexBoundHit[] | 'superseded'> {
    const fileSystem = this.runtime.file!;
    const bounds: IndexBoundHit[] = [];
    const bound = (setting: IndexBoundHit['setting'], limit: number, message: string) => bounds.push({ setting, limit, folderUri: folder, message });
    const name = folderName(folder);
    let looked = 0;
    let parsed = 0;
    let tooLarge = 0;
    let stoppedAt: 'maxScanned' | 'maxCount' | undefined;
    /** Real (links resolved) directories queued so far: a link back to one of them is not followed again. */
    const walkedDirectories = new Set<string>();
    /** Real files parsed so far: a file reached through a link as well is indexed once. */
    const parsedFiles = new Set<string>();
    const rootReal = fileSystem.realUri ? await fileSystem.realUri(folder) : undefined;
    if (rootReal) walkedDirectories.add(uriKey(rootReal));
    // `real` is the directory's uri with links resolved, when known (then so are its children's, by name).
    const queue: Array<{ uri: string; real: string | undefined }> = [{ uri: folder, real: rootReal }];
    for (let next = 0; next < queue.length && !stoppedAt; next++) {
      const directory = queue[next];
      let entries: Array<[string, FileType]>;
      try {
        entries = await fileSystem.readDirectory(directory.uri);
      } catch {
        continue; // Unreadable directories are skipped.
      }
      if (generation !== this.generation) return 'superseded';
      entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const files: Array<{ uri: string; real: string | undefined }> = [];
      for (const [entryName, entryType] of entries) {
        if (++looked > settings.maxScanned) {
          bound(
            'identityPoolRoles.files.maxScanned',
            settings.maxScanned,
            `Indexing of ${name} stopped after looking at ${settings.maxScanned} files and folders (identityPoolRoles.files.maxScanned): role-mapping files further in were not looked for. Raise identityPoolRoles.files.maxScanned, or narrow identityPoolRoles.files.include.`,
          );
          stoppedAt = 'maxScanned'; // The files of this directory seen so far are still looked at.
          break;
        }
        const uri = joinUri(directory.uri, entryName);
        const relative = relativePath(folder, uri);
        if (relative === undefined) continue;
        const isLink = entryType === 'symbolicLink';
        const type = isLink ? (await fileSystem.stat(uri))?.type : entryType;
        if (type === 'directory') {
          if (SKIPPED_DIRECTORIES.has(entryName) || !this.matcher?.match(relative, true)) continue;
          const real = isLink ? await fileSystem.realUri?.(uri) : directory.real && joinUri(directory.real, entryName);
          // A link is followed only where it leads is known: a cycle or a second way to a walked directory is not.
          if (isLink && !real) continue;
          if (real) {
            const key = uriKey(real);
            if (walkedDirectories.has(key)) continue;
            walkedDirectories.add(key);
          }
          queue.push({ uri, real });
        } else if (type === 'file' && this.matcher?.match(relative)) {
          files.push({ uri, real: isLink ? await fileSystem.realUri?.(uri) : directory.real && joinUri(directory.real, entryName) });
        }
      }
      /** `.tf` files without a marker (variables.tf, locals.tf): read if another `.tf` file of this folder has one. */
      const unmarkedTerraform: Array<{ uri: string; real: string | undefined }> = [];
      let terraformFound = false;
      for (let start = 0; start < files.length && stoppedAt !== 'maxCount'; start += FILES_LOOKED_AT_TOGETHER) {
        const batch = files.slice(start, start + FILES_LOOKED_AT_TOGETHER);
        const looks = await Promise.all(batch.map((file) => this.lookAt(file.uri, settings)));
        if (generation !== this.generation) return 'superseded';
        for (const [i, look] of looks.entries()) {
          if (look.verdict === 'none') {
            if (isTerraformUri(batch[i].uri)) unmarkedTerraform.push(batch[i]);
            continue;
          }
          if (look.verdict === 'too-large') {
            tooLarge++;
            continue;
          }
          if (parsed >= settings.maxCount) {
            bound(
              'identityPoolRoles.files.maxCount',
              settings.maxCount,
              `Indexing of ${name} stopped after reading ${settings.maxCount} files that may hold role mappings (identityPoolRoles.files.maxCount): more such files were not read. Raise identityPoolRoles.files.maxCount to index them.`,
            );
            stoppedAt = 'maxCount';
            break;
          }
          const { uri, real } = batch[i];
          const realKey = uriKey(real ?? uri);
          if (parsedFiles.has(realKey)) continue;
          parsedFiles.add(realKey);
          parsed++;
          const entry = look.verdict === 'unchanged' ? look.entry : await this.parseFile(uri, look.stat.mtime);
          if (generation !== this.generation) return 'superseded';
          if (entry) found.set(uriKey(uri), entry);
          if (entry?.terraformText !== undefined) terraformFound = true;
        }
        meter.update(looked, found.size);
        await yieldToEventLoop(this.runtime);
      }
      // Terraform reads every `.tf` file of a folder as one module: its variables and locals files too.
      for (const file of terraformFound && stoppedAt !== 'maxCount' ? unmarkedTerraform : []) {
        if (parsed >= settings.maxCount) break;
        const stat = await fileSystem.stat(file.uri);
        const realKey = uriKey(file.real ?? file.uri);
        if (stat?.type !== 'file' || stat.size > settings.maxFileSize || parsedFiles.has(realKey)) continue;
        parsedFiles.add(realKey);
        parsed++;
        const entry = await this.parseFile(file.uri, stat.mtime);
        if (generation !== this.generation) return 'superseded';
        if (entry) found.set(uriKey(file.uri), entry);
      }
      meter.update(looked, found.size);
    }
    if (tooLarge > 0) {
      bound(
        'identityPoolRoles.files.maxFileSize',
        settings.maxFileSize,
        `${tooLarge} file(s) in ${name} larger than identityPoolRoles.files.maxFileSize (${settings.maxFileSize} bytes) may hold role mappings and were not indexed. Raise identityPoolRoles.files.maxFileSize to index them.`,
      );
    }
    return bounds;
  }

  /**
   * Whether a matching file is worth parsing: one holding a marker within its first `maxFileSize` bytes.
   * Only such files (and those indexed before, to re-use them when unchanged) are `stat`ed: one system
   * call fewer for each of the many other files. `stat` then also makes sure it is a regular file (it
   * follows links); the walk reads only entries the directory listing calls files, opened without
   * blocking (a pipe is never waited on), and never more than `maxFileSize` bytes of them.
   */
  private async lookAt(uri: string, settings: Settings['files']): Promise<Look> {
    const fileSystem = this.runtime.file!;
    const previous = this.entries.get(uriKey(uri));
    if (previous) {
      const stat = await fileSystem.stat(uri);
      if (stat?.type === 'file' && previous.mtime === stat.mtime && previous.parseOptionsKey === this.parseOptionsKey && stat.size <= settings.maxFileSize)
        return { verdict: 'unchanged', entry: previous };
    }
    if (!(await this.holdsMarker(uri, settings.maxFileSize))) return { verdict: 'none' };
    const stat = await fileSystem.stat(uri);
    if (stat?.type !== 'file') return { verdict: 'none' };
    return stat.size > settings.maxFileSize ? { verdict: 'too-large' } : { verdict: 'candidate', stat };
  }

  private async holdsMarker(uri: string, maxBytes: number): Promise<boolean> {
    const fileSystem = this.runtime.file!;
    try {
      if (fileSystem.readPieces) {
        const scan = new MarkerScan();
        await fileSystem.readPieces(uri, maxBytes, (piece) => scan.push(piece));
        return scan.found;
      }
      const stat = await fileSystem.stat(uri);
      return stat?.type === 'file' && stat.size <= maxBytes && hasMarker(new TextDecoder().decode(await fileSystem.readFile(uri, maxBytes)));
    } catch {
      return false; // Unreadable: as if absent.
    }
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
    return this.parseFile(uri, stat.mtime, relative);
  }

  /** Reads a file whole (bounded, regular files only), decodes it and parses it if its text passes the core's pre-filter. */
  private async parseFile(
    uri: string,
    mtime: number,
    relative = relativePath(this.folders.find((f) => relativePath(f, uri) !== undefined) ?? '', uri) ?? uri,
  ): Promise<IndexedDocument | undefined> {
    const fileSystem = this.runtime.file;
    const settings = this.settings;
    if (!fileSystem || !settings) return undefined;
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
    // A `.tf` file is one part of its folder's module (iam.tf may hold only the roles): kept as text.
    if (isTerraformUri(uri)) return { uri, mtime, terraformText: text, parseOptionsKey: this.parseOptionsKey };
    if (!mightBeRoleMappingText(text)) return undefined;
    try {
      const model = this.core.parseDocument(uri, text, undefined, undefined, this.parseOptions);
      if (model.kind === 'unknown') return undefined;
      this.keepWithoutTree(model);
      return { uri, mtime, model, parseOptionsKey: this.parseOptionsKey };
    } catch (error) {
      this.log.error(`Parsing a workspace file failed: ${describeError(error)}`);
      return undefined;
    }
  }
}

/** The folder's name for messages: its last path segment, control and format characters replaced. */
function folderName(folderUri: string): string {
  return `folder ${baseName(folderUri).replace(/[\p{Cc}\p{Cf}]/gu, '?') || folderUri}`;
}

/** Starts progress once indexing takes long, then reports counts now and then. */
class ProgressMeter {
  private readonly started: number;
  private progress: IndexingProgress | undefined;
  private lastReport = 0;

  constructor(
    private readonly runtime: RuntimeEnvironment,
    private readonly start: (() => IndexingProgress) | undefined,
  ) {
    this.started = runtime.now();
  }

  update(looked: number, found: number): void {
    if (!this.start) return;
    const now = this.runtime.now();
    if (!this.progress) {
      if (now - this.started < PROGRESS_AFTER_MS && looked < PROGRESS_AFTER_ENTRIES) return;
      this.progress = this.start();
    } else if (now - this.lastReport < PROGRESS_EVERY_MS) {
      return;
    }
    this.lastReport = now;
    this.progress.report(`${looked} files and folders looked at, ${found} role-mapping file(s) found`);
  }

  done(): void {
    this.progress?.done();
    this.progress = undefined;
  }
}
