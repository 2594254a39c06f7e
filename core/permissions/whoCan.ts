/**
 * "Who can do this?" (issue 19): every role an identity pool hands out, how an identity gets it, and
 * whether that role allows the action on the resource for such an identity. Identity-specific values
 * (the identity ID, principal tags, amr providers) are unknown here, so an answer depending on them is
 * `unknown`, named; `allowed` means allowed whatever those values are.
 */
import { templateInfo } from '../cloudformation/template';
import { roleConfigsOf, type IdentityPoolModel, type ModelDocument } from '../model';
import { sessionContext } from './context';
import { resolveManaged, type PolicyStore } from './external';
import { accessForRole, type AccessJson } from './index';
import { collectTemplateRoles, findRole } from './templates';
import type { RolePolicies } from './types';

export interface RoleRoute {
  /** One sentence: how an identity gets this role. */
  how: string;
  guest: boolean;
  /** Claims that reach this route, where a single rule decides (earlier rules must not match: see `how`). */
  witness?: Record<string, unknown>;
}

export interface WhoCanEntry {
  roleArn: string;
  routes: RoleRoute[];
  /** The answer for a guest and for a signed-in identity, for the routes of each kind. */
  access: Array<AccessJson & { guest: boolean }>;
}

export interface WhoCanResult {
  pool: string;
  action: string;
  resource: string;
  entries: WhoCanEntry[];
  /** `nobody`: no route leads to a role that allows it (nor may); `some`: a role allows it; `unknown` otherwise. */
  verdict: 'some' | 'nobody' | 'unknown';
  notes: string[];
}

function routesOf(pool: IdentityPoolModel, documents: readonly ModelDocument[]): Map<string, RoleRoute[]> {
  const routes = new Map<string, RoleRoute[]>();
  const add = (arn: string | undefined, route: RoleRoute) => {
    if (!arn) return;
    const list = routes.get(arn) ?? [];
    list.push(route);
    routes.set(arn, list);
  };
  for (const config of [pool.roleConfig, ...(pool.extraRoleConfigs ?? [])]) {
    if (!config) continue;
    add(config.authenticated?.value, { how: 'the default authenticated role: a signed-in user whom no role mapping sends elsewhere', guest: false });
    add(config.unauthenticated?.value, { how: 'the unauthenticated role: any guest (anyone on the internet, when guest access is on)', guest: true });
    for (const mapping of config.mappings) {
      for (const rule of mapping.rules) {
        const claim = rule.claim?.value ?? '?';
        const match = rule.matchType?.value ?? '?';
        const value = rule.value?.value ?? '?';
        const witness = match === 'NotEqual' ? undefined : { [claim]: claim === 'cognito:groups' ? [value] : value };
        add(rule.roleArn?.value, {
          how: `Rules[${rule.index}] of mapping ${mapping.key.value}: ${claim} ${match} "${value}"${rule.index > 0 ? ', for a user no earlier rule matches' : ''}`,
          guest: false,
          witness,
        });
      }
    }
  }
  for (const document of documents) {
    const info = document.kind === 'template' ? templateInfo(document) : undefined;
    for (const handed of info?.handedOut.get(pool) ?? []) {
      if (handed.via !== 'group' && handed.via !== 'deploy-time-group') continue;
      add(handed.role.arn?.value, {
        how: `a user pool group's role: a Token mapping gives it to a member whose token names it (cognito:preferred_role / cognito:roles)`,
        guest: false,
      });
    }
  }
  return routes;
}

export function whoCan(
  pool: IdentityPoolModel,
  documents: readonly ModelDocument[],
  action: string,
  resource: string,
  store: PolicyStore,
  identityId?: string,
): WhoCanResult {
  const notes: string[] = [];
  const templates = documents.filter((d) => d.kind === 'template').map((d) => ({ uri: d.uri, roles: collectTemplateRoles(d, { managed: store.managed }) }));
  // A deploy-time role ARN (`${AWS::AccountId}`, `${AdminsRole.Arn}`) names a role of the pool's own templates
  // only: the same text in another template is another stack's role (see rolePoliciesFor).
  const own = new Set([...roleConfigsOf(pool).map((config) => config.uri), ...(pool.definition ? [pool.definition.uri] : [])]);
  const entries: WhoCanEntry[] = [];
  const tokenMappings = [pool.roleConfig, ...(pool.extraRoleConfigs ?? [])].some((c) => c?.mappings.some((m) => m.type?.value === 'Token'));
  if (tokenMappings)
    notes.push(
      'A Token mapping hands out any role a token names (cognito:preferred_role, cognito:roles) that trusts this pool: only the roles these files show are listed.',
    );
  for (const [roleArn, routes] of routesOf(pool, documents)) {
    let role: RolePolicies | undefined = store.roles.get(roleArn);
    if (!role) for (const t of templates) if (own.has(t.uri)) role ??= findRole(t.roles, roleArn);
    if (!role && !roleArn.includes('${')) for (const t of templates) if (!own.has(t.uri)) role ??= findRole(t.roles, roleArn);
    if (role) role = resolveManaged(store, role);
    const access: WhoCanEntry['access'] = [];
    for (const guest of [true, false]) {
      if (!routes.some((r) => r.guest === guest)) continue;
      const { context, notes: contextNotes } = sessionContext({ pool, guest, identityId });
      access.push({ ...accessForRole({ action, resource, role, roleArn, context, guest, notes: contextNotes }), guest });
    }
    entries.push({ roleArn, routes, access });
  }
  const decisions = entries.flatMap((e) => e.access.map((a) => a.decision));
  const verdict = decisions.includes('allowed')
    ? 'some'
    : decisions.every((d) => d === 'explicitly-denied' || d === 'implicitly-denied' || d === 'no-credentials') && !tokenMappings
      ? 'nobody'
      : 'unknown';
  if (verdict === 'nobody')
    notes.push(
      `No role this pool hands out allows ${action} on ${resource}, for any identity, guests included (as far as identity-based policies, boundaries and session policies decide).`,
    );
  return { pool: pool.logicalId ?? pool.label, action, resource, entries, verdict, notes };
}
