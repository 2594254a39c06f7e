/**
 * The role's statements as they apply to one identity (`permissions` without `--action`): policy variables
 * substituted (`<identity-id>` where the identity ID is not given), statements whose conditions are decided
 * false left out, conditions decided true removed, undecidable ones kept.
 */
import { expandAction, type AccessLevel } from './catalog';
import { evaluateCondition } from './conditions';
import { isUnresolved, type PolicyCondition, type PolicyValue, type RequestContext, type RolePolicies } from './types';
import { displaySubstituted } from './variables';

export interface PermissionStatementJson {
  effect: 'Allow' | 'Deny';
  actions: string[] | null;
  notActions: string[] | null;
  resources: string[] | null;
  notResources: string[] | null;
  /** Conditions that could not be decided, as `{ operator: { key: [values] } }`. */
  conditions: Record<string, Record<string, string[]>>;
  /** Keys the kept conditions depend on. */
  unknownKeys: string[];
  policy: string;
  sid: string | null;
  file: string | null;
  line: number | null;
  layer: 'identity' | 'boundary';
}

export interface RolePermissionsJson {
  statements: PermissionStatementJson[];
  /** Policies that could not be read or found (they may allow or deny anything). */
  unresolvedPolicies: string[];
}

function show(values: PolicyValue[] | undefined, context: RequestContext): string[] | null {
  return values ? values.map((v) => (v.symbolic ? v.text : displaySubstituted(v.text, context))) : null;
}

export function permissionsOfRole(role: RolePolicies, context: RequestContext): RolePermissionsJson {
  const statements: PermissionStatementJson[] = [];
  const unresolvedPolicies: string[] = [];
  const layers: Array<['identity' | 'boundary', typeof role.identity]> = [['identity', role.identity]];
  if (role.boundary) layers.push(['boundary', [role.boundary]]);
  for (const [layer, policies] of layers) {
    for (const policy of policies) {
      if (isUnresolved(policy)) {
        unresolvedPolicies.push(`${policy.name} (${policy.why})`);
        continue;
      }
      if (policy.unreadable) {
        unresolvedPolicies.push(`${policy.name} (${policy.unreadable})`);
        continue;
      }
      for (const statement of policy.statements) {
        if (statement.unreadable) {
          unresolvedPolicies.push(`${policy.name}${statement.sid ? ` statement ${statement.sid}` : ''} (${statement.unreadable})`);
          continue;
        }
        const kept: PolicyCondition[] = [];
        const unknownKeys = new Set<string>();
        let dropped = false;
        for (const condition of statement.conditions) {
          const unknowns = new Set<string>();
          const result = evaluateCondition(condition, context, unknowns);
          if (result === false) {
            dropped = true;
            break;
          }
          if (result === undefined) {
            kept.push(condition);
            unknowns.forEach((k) => unknownKeys.add(k));
          }
        }
        if (dropped) continue;
        const conditions: PermissionStatementJson['conditions'] = {};
        for (const c of kept) (conditions[c.operator] ??= {})[c.key] = c.values.map((v) => (v.symbolic ? v.text : displaySubstituted(v.text, context)));
        statements.push({
          effect: statement.effect,
          actions: statement.actions ?? null,
          notActions: statement.notActions ?? null,
          resources: show(statement.resources, context),
          notResources: show(statement.notResources, context),
          conditions,
          unknownKeys: [...unknownKeys].sort(),
          policy: statement.policy,
          sid: statement.sid ?? null,
          file: statement.file ?? null,
          line: statement.line ?? null,
          layer,
        });
      }
    }
  }
  return { statements, unresolvedPolicies };
}

/** One line per service: the actions the Allow statements grant (unconditionally or not), for reports and hovers. */
export function summariseByService(permissions: RolePermissionsJson): Array<{ service: string; actions: string[]; conditional: boolean }> {
  const byService = new Map<string, { actions: Set<string>; conditional: boolean }>();
  for (const s of permissions.statements) {
    if (s.effect !== 'Allow' || s.layer !== 'identity') continue;
    const actions = s.actions ?? (s.notActions ? [`* except ${s.notActions.join(', ')}`] : []);
    for (const action of actions) {
      const service = action === '*' || action.startsWith('* except') ? '*' : action.split(':')[0].toLowerCase();
      const entry = byService.get(service) ?? { actions: new Set<string>(), conditional: false };
      entry.actions.add(action);
      if (Object.keys(s.conditions).length > 0) entry.conditional = true;
      byService.set(service, entry);
    }
  }
  return [...byService.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([service, e]) => ({ service, actions: [...e.actions], conditional: e.conditional }));
}

export interface AllowedActionJson {
  /** As written (`s3:GetObject`, `s3:Get*`), or `all actions except …` for a NotAction statement. */
  action: string;
  /** The access levels of the action, or of the catalogue's actions the pattern matches; empty when not known. */
  accessLevels: AccessLevel[];
  /** Allowed only under conditions that depend on the identity or the request. */
  conditional: boolean;
  /** The statement that allows it (the first unconditional one, else the first). */
  policy: string;
  sid: string | null;
  file: string | null;
  line: number | null;
}

export interface AllowedServiceJson {
  /** The service prefix (`s3`), or `*` for `*` and NotAction statements. */
  service: string;
  actions: AllowedActionJson[];
}

const LEVEL_ORDER: readonly AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

/**
 * What a role's listing allows, by service then action, with access levels from the catalogue: the tree's
 * "allows" branch. Allow statements of the identity policies only (the boundary limits, never grants).
 */
export async function allowedByService(listing: RolePermissionsJson): Promise<AllowedServiceJson[]> {
  const byService = new Map<string, Map<string, AllowedActionJson>>();
  for (const s of listing.statements) {
    if (s.effect !== 'Allow' || s.layer !== 'identity') continue;
    const conditional = Object.keys(s.conditions).length > 0;
    const actions = s.actions ?? [`all actions except ${(s.notActions ?? []).join(', ')}`];
    for (const action of actions) {
      const service = s.actions === null || action === '*' ? '*' : action.split(':')[0].toLowerCase();
      const entries = byService.get(service) ?? new Map<string, AllowedActionJson>();
      byService.set(service, entries);
      const key = action.toLowerCase();
      const seen = entries.get(key);
      if (seen) {
        // Allowed unconditionally by any statement: unconditional, and that statement is the one shown.
        if (seen.conditional && !conditional) Object.assign(seen, { conditional, policy: s.policy, sid: s.sid, file: s.file, line: s.line });
        continue;
      }
      const expanded = s.actions === null || action === '*' ? undefined : await expandAction(action);
      const accessLevels = LEVEL_ORDER.filter((level) => expanded?.some((e) => e.accessLevel === level));
      entries.set(key, { action, accessLevels, conditional, policy: s.policy, sid: s.sid, file: s.file, line: s.line });
    }
  }
  return [...byService.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([service, entries]) => ({ service, actions: [...entries.values()].sort((a, b) => a.action.localeCompare(b.action)) }));
}
