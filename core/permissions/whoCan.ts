/**
 * "Who can do this?" (issue 19): every role an identity pool hands out, who can become it with a witness
 * from the exact analysis (core/analysis: `analyzePool`, each witness confirmed by the simulator) or the
 * proof that nobody can, and whether that role allows the action on the resource. Identity-specific values
 * (the identity ID, principal tags, amr providers) are unknown here, so an answer depending on them is
 * `unknown`, named; `allowed` means allowed whatever those values are. A "yes" needs both: an identity that
 * certainly gets the role, and the role certainly allowing it.
 */
import { analyzePool, describeRule, type PoolAnalysis, type RolePath } from '../analysis/pool';
import { templateInfo } from '../cloudformation/template';
import type { CoreDiagnostic } from '../diagnostics';
import { roleConfigsOf, type IdentityPoolModel, type MappingRuleModel, type ModelDocument } from '../model';
import { registeredProviders } from '../providers';
import { sessionContext } from './context';
import { resolveManaged, type PolicyStore } from './external';
import { accessForRole, type AccessJson } from './index';
import { collectTemplateRoles, findRole } from './templates';
import type { RolePolicies } from './types';

export interface RoleRoute {
  /** One sentence: how an identity gets this role (the analysis' condition in words). */
  how: string;
  guest: boolean;
  via: RolePath['via'] | 'group';
  /** The RoleMappings key (the `Logins` key to sign in with), or null for defaults and guests. */
  provider: string | null;
  ruleIndex: number | null;
  /** True when an identity certainly takes this route; null when it depends on what these files do not say. */
  reachable: true | null;
  /** Complete claims that get this role, confirmed by simulating them; null when none was built (guests need none). */
  witness: Record<string, unknown> | null;
}

export interface WhoCanEntry {
  roleArn: string;
  routes: RoleRoute[];
  /** Whether some identity gets this role: true (a certain route), false (no route: see `nobodyBecause`), null (unknown). */
  reachable: boolean | null;
  /** Whether guests (unauthenticated identities) get this role. */
  guests: boolean | null;
  /** The places that give this role to nobody, and why (the proof, when `reachable` is false): one sentence each. */
  nobodyBecause: string[];
  /** The answer for a guest and for a signed-in identity, for the routes of each kind (signed-in when it has none). */
  access: Array<AccessJson & { guest: boolean }>;
}

export interface WhoCanResult {
  pool: string;
  action: string;
  resource: string;
  entries: WhoCanEntry[];
  /**
   * `some`: an identity certainly gets a role that certainly allows it; `nobody`: the proof that no identity,
   * guests included, gets a role that allows (or may allow) it; `unknown` otherwise.
   */
  verdict: 'some' | 'nobody' | 'unknown';
  /** Whether guests can do it: `yes`, `no`, or `unknown`. */
  guests: 'yes' | 'no' | 'unknown';
  notes: string[];
  /** The analysis' assumptions (where AWS does not document the behaviour). */
  assumptions: string[];
}

export interface WhoCanOptions {
  /** The time witnesses are simulated at (token times are valid around it). */
  now: number;
  /** The pool's configuration diagnostics: an error AWS would reject the configuration for gives nobody a role. */
  configDiagnostics?: readonly CoreDiagnostic[];
  identityId?: string;
}

function fromPath(path: RolePath, analysis: PoolAnalysis, pool: IdentityPoolModel): RoleRoute {
  const mapping = analysis.mappings.find((m) => m.mappingKey === path.mappingKey);
  let reachable: true | null = null;
  if (path.via === 'rules') reachable = mapping?.rules.find((r) => r.index === path.ruleIndex)?.reachable === true ? true : null;
  else if (path.via === 'ambiguous-resolution') reachable = mapping?.noRuleMatches.reachable === true || path.witness !== null ? true : null;
  else if (path.via === 'token') reachable = path.witness !== null ? true : null;
  else if (path.via === 'default-authenticated') reachable = pool.definition ? true : null;
  else if (path.via === 'guest') {
    const guests = pool.definition?.allowUnauthenticatedIdentities;
    reachable = guests !== undefined && !guests.symbolic && guests.value === true ? true : null;
  }
  return {
    how: path.condition,
    guest: path.via === 'guest',
    via: path.via,
    provider: mapping?.login ?? path.mappingKey,
    ruleIndex: path.ruleIndex,
    reachable,
    witness: path.witness,
  };
}

type Place =
  | { kind: 'authenticated' | 'unauthenticated' | 'group' }
  | { kind: 'rule'; mappingKey: string; mappingName: string; rule: MappingRuleModel; ruleIndex: number };

/** Every role ARN written for the pool (defaults, rules, group roles), concrete or deploy-time, with where it is written. */
function writtenRoles(pool: IdentityPoolModel, documents: readonly ModelDocument[]): Map<string, Array<Place & { symbolic: boolean }>> {
  const written = new Map<string, Array<Place & { symbolic: boolean }>>();
  const add = (value: { value: string; symbolic?: boolean } | undefined, place: Place) => {
    if (!value) return;
    const list = written.get(value.value) ?? [];
    list.push({ ...place, symbolic: value.symbolic === true });
    written.set(value.value, list);
  };
  for (const config of roleConfigsOf(pool)) {
    add(config.authenticated, { kind: 'authenticated' });
    add(config.unauthenticated, { kind: 'unauthenticated' });
    for (const mapping of config.mappings)
      for (const rule of mapping.rules)
        add(rule.roleArn, { kind: 'rule', mappingKey: mapping.provider.value, mappingName: mapping.key.value, rule, ruleIndex: rule.index });
  }
  for (const document of documents) {
    const info = document.kind === 'template' ? templateInfo(document) : undefined;
    for (const handed of info?.handedOut.get(pool) ?? []) {
      if (handed.via === 'group' || handed.via === 'deploy-time-group') add(handed.role.arn, { kind: 'group' });
    }
  }
  return written;
}

/** The RoleMappings key as written (`web` in a template), for the analysis' provider key. */
function mappingName(pool: IdentityPoolModel, provider: string): string {
  return (
    roleConfigsOf(pool)
      .flatMap((c) => c.mappings)
      .find((m) => m.provider.value === provider)?.key.value ?? provider
  );
}

/**
 * The route through a place the analysis' role paths do not cover (a deploy-time ARN, a group role, an
 * unreachable rule), or why nobody takes it.
 */
function placeRoutes(
  roleArn: string,
  place: Place & { symbolic: boolean },
  paths: readonly RolePath[],
  analysis: PoolAnalysis,
  pool: IdentityPoolModel,
): RoleRoute[] | string | undefined {
  const route = (how: string, extra: Partial<RoleRoute>): RoleRoute => ({
    how,
    guest: false,
    via: 'default-authenticated',
    provider: null,
    ruleIndex: null,
    reachable: null,
    witness: null,
    ...extra,
  });
  const deployTime = place.symbolic ? ' (its role ARN is known only at deploy time)' : '';
  switch (place.kind) {
    case 'rule': {
      if (paths.some((p) => p.via === 'rules' && p.mappingKey === place.mappingKey && p.ruleIndex === place.ruleIndex)) return undefined;
      const mapping = analysis.mappings.find((m) => m.mappingKey === place.mappingKey);
      const rule = mapping?.rules.find((r) => r.index === place.ruleIndex);
      const what = `Rules[${place.ruleIndex}] of mapping ${place.mappingName}`;
      if (rule?.reachable === false)
        return `${what} can never be the first match: ${rule.coveredBy.length > 0 ? `Rules[${rule.coveredBy.join('], Rules[')}] match first` : rule.reason}`;
      const certain = rule?.reachable === true && rule.witness !== null;
      return [
        route(`${what}: ${describeRule(place.rule)}${place.ruleIndex > 0 ? ', for a user no earlier rule matches' : ''}${certain ? '' : deployTime}`, {
          via: 'rules',
          provider: mapping?.login ?? place.mappingKey,
          ruleIndex: place.ruleIndex,
          reachable: rule?.reachable === true && rule.witness ? true : null,
          witness: rule?.reachable === true ? rule.witness : null,
        }),
      ];
    }
    case 'authenticated':
      if (paths.some((p) => p.via === 'default-authenticated' || p.via === 'ambiguous-resolution')) return undefined;
      if (!place.symbolic)
        return pool.definition ? 'the default authenticated role: every provider the pool registers has a role mapping that never falls back to it' : undefined;
      {
        // A deploy-time ARN: the analysis still simulated the "no rule matches" witness of each mapping.
        const fallbacks = analysis.mappings
          .filter((m) => m.noRuleMatches.reachable === true && m.noRuleMatches.witness && m.noRuleMatches.roleArn === roleArn)
          .map((m) =>
            route(`no rule of mapping ${mappingName(pool, m.mappingKey)} matches and AmbiguousRoleResolution is AuthenticatedRole`, {
              via: 'ambiguous-resolution',
              provider: m.login ?? m.mappingKey,
              reachable: true,
              witness: m.noRuleMatches.witness,
            }),
          );
        if (!pool.definition)
          return [...fallbacks, route(`the default authenticated role${deployTime}: a signed-in user of a provider without a role mapping`, {})];
        const mapped = new Set(roleConfigsOf(pool).flatMap((c) => c.mappings.map((m) => m.provider.value)));
        const unmapped = registeredProviders(pool.definition)
          .filter((p) => !mapped.has(p.mappingKey ?? ''))
          .map((p) =>
            route(`the default authenticated role: signed in with ${p.mappingKey ?? p.loginKey}, which has no role mapping`, {
              provider: p.mappingKey ?? p.loginKey,
              reachable: true,
            }),
          );
        // A mapping whose "no rule matches" branch the analysis could not settle may fall back to it too.
        const unsettled = analysis.mappings
          .filter((m) => m.noRuleMatches.reachable === null)
          .map((m) =>
            route(`no rule of mapping ${mappingName(pool, m.mappingKey)} matches, if its AmbiguousRoleResolution is AuthenticatedRole${deployTime}`, {
              via: 'ambiguous-resolution',
              provider: m.login ?? m.mappingKey,
            }),
          );
        const all = [...fallbacks, ...unmapped, ...unsettled];
        return all.length > 0 ? all : 'the default authenticated role: every provider the pool registers has a role mapping, and none falls back to it';
      }
    case 'unauthenticated': {
      if (paths.some((p) => p.via === 'guest')) return undefined;
      const guests = pool.definition?.allowUnauthenticatedIdentities;
      if (guests && !guests.symbolic && guests.value === false) return 'the unauthenticated (guest) role: the pool does not allow unauthenticated identities';
      if (!place.symbolic) return undefined;
      return [
        route(
          `the unauthenticated role: any guest${guests && !guests.symbolic ? '; the pool allows guests' : ', if the pool allows unauthenticated identities'}`,
          {
            guest: true,
            via: 'guest',
            reachable: guests && !guests.symbolic && guests.value === true ? true : null,
          },
        ),
      ];
    }
    case 'group':
      if (paths.some((p) => p.via === 'token')) return undefined;
      return [
        route("a user pool group's role: a Token mapping gives it to a member whose token names it (cognito:preferred_role / cognito:roles)", { via: 'group' }),
      ];
  }
}

export function whoCan(
  pool: IdentityPoolModel,
  documents: readonly ModelDocument[],
  action: string,
  resource: string,
  store: PolicyStore,
  options: WhoCanOptions,
): WhoCanResult {
  const notes: string[] = [];
  const analysis = analyzePool(pool, { now: options.now, configDiagnostics: options.configDiagnostics });
  const templates = documents.filter((d) => d.kind === 'template').map((d) => ({ uri: d.uri, roles: collectTemplateRoles(d, { managed: store.managed }) }));
  // A deploy-time role ARN (`${AWS::AccountId}`, `${AdminsRole.Arn}`) names a role of the pool's own templates
  // only: the same text in another template is another stack's role (see rolePoliciesFor).
  const own = new Set([...roleConfigsOf(pool).map((config) => config.uri), ...(pool.definition ? [pool.definition.uri] : [])]);
  const tokenMappings = roleConfigsOf(pool).some((c) => c.mappings.some((m) => m.type?.value === 'Token'));
  if (tokenMappings)
    notes.push(
      'A Token mapping hands out any role a token names (cognito:preferred_role, cognito:roles) that trusts this pool: only the roles these files show are listed.',
    );
  const written = writtenRoles(pool, documents);
  const pathsOf = new Map(analysis.roles.map((r) => [r.roleArn, r.paths]));
  const entries: WhoCanEntry[] = [];
  for (const roleArn of new Set([...pathsOf.keys(), ...written.keys()])) {
    const routes = (pathsOf.get(roleArn) ?? []).map((path) => fromPath(path, analysis, pool));
    const nobodyBecause: string[] = [];
    for (const place of written.get(roleArn) ?? []) {
      const found = placeRoutes(roleArn, place, pathsOf.get(roleArn) ?? [], analysis, pool);
      if (typeof found === 'string') nobodyBecause.push(found);
      else if (found) routes.push(...found);
    }
    let role: RolePolicies | undefined = store.roles.get(roleArn);
    if (!role) for (const t of templates) if (own.has(t.uri)) role ??= findRole(t.roles, roleArn);
    if (!role && !roleArn.includes('${')) for (const t of templates) if (!own.has(t.uri)) role ??= findRole(t.roles, roleArn);
    if (role) role = resolveManaged(store, role);
    const access: WhoCanEntry['access'] = [];
    for (const guest of [true, false]) {
      // A role nobody gets is still evaluated (as a signed-in session) to show what it would allow.
      if (!routes.some((r) => r.guest === guest) && !(routes.length === 0 && !guest)) continue;
      const { context, notes: contextNotes } = sessionContext({ pool, guest, identityId: options.identityId });
      access.push({ ...accessForRole({ action, resource, role, roleArn, context, guest, notes: contextNotes }), guest });
    }
    const reachable = routes.some((r) => r.reachable === true) ? true : routes.length === 0 ? false : null;
    const guestRoutes = routes.filter((r) => r.guest);
    const guests = guestRoutes.some((r) => r.reachable === true) ? true : guestRoutes.length === 0 ? false : null;
    entries.push({ roleArn, routes, reachable, guests, nobodyBecause, access });
  }
  const allowedBy = (entry: WhoCanEntry, guest: boolean) => entry.access.find((a) => a.guest === guest)?.decision;
  const certainly = (entry: WhoCanEntry, guest: boolean) =>
    entry.routes.some((r) => r.guest === guest && r.reachable === true) && allowedBy(entry, guest) === 'allowed';
  const denied = (decision: string | undefined) =>
    decision === undefined || decision === 'explicitly-denied' || decision === 'implicitly-denied' || decision === 'no-credentials';
  // Nobody for a kind of identity: every role that kind may get denies it.
  const nobodyFor = (guest: boolean) => entries.every((e) => !e.routes.some((r) => r.guest === guest) || denied(allowedBy(e, guest)));
  const some = entries.some((e) => certainly(e, true) || certainly(e, false));
  const verdict = some ? 'some' : nobodyFor(true) && nobodyFor(false) && !tokenMappings ? 'nobody' : 'unknown';
  const guests = entries.some((e) => certainly(e, true)) ? 'yes' : nobodyFor(true) ? 'no' : 'unknown';
  if (verdict === 'nobody')
    notes.push(
      `No identity of this pool, guests included, gets a role that allows ${action} on ${resource} (as far as identity-based policies, boundaries and session policies decide).`,
    );
  return { pool: pool.logicalId ?? pool.label, action, resource, entries, verdict, guests, notes, assumptions: analysis.assumptions };
}
