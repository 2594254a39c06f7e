/**
 * From a simulation's outcome to permissions (issue 19), shared by the CLI and the language server: the
 * chosen role's policies (template or given), the session context of this identity, then `access` for one
 * action or `permissions` (the statements as they apply, summarised by service and access level).
 */
import type { SimulationRequest, SimulationResult } from '../evaluate/types';
import { decodeToken } from '../token/jwt';
import { roleConfigsOf, type IdentityPoolModel, type ModelDocument } from '../model';
import { summariseByAccessLevel, type ServiceSummary } from './catalog';
import { IDENTITY_ID_PLACEHOLDER, sessionContext } from './context';
import { OUT_OF_SCOPE_NOTE } from './evaluate';
import { resolveManaged, type PolicyStore } from './external';
import { accessForRole, type AccessJson } from './index';
import { permissionsOfRole, type PermissionStatementJson } from './listing';
import { collectTemplateRoles, findRole } from './templates';
import type { RolePolicies } from './types';

export interface PermissionsQuery {
  action?: string;
  resource?: string;
  identityId?: string;
  context?: Array<[string, string]>;
}

export interface PermissionsJson {
  access?: AccessJson;
  permissions?: { roleArn: string | null; summary: ServiceSummary[]; statements: PermissionStatementJson[]; unresolvedPolicies: string[]; notes: string[] };
}

/**
 * The policies of `roleArn`: given ones first, else from the templates among `documents`. With `pool`, a
 * role ARN known only at deploy time (`arn:aws:iam::${AWS::AccountId}:role/x`, `${AdminsRole.Arn}`) is looked
 * up only in the pool's own templates: the same text in another template is another stack's role (maybe
 * another account's), and its policies must not be reported as this identity's.
 */
export function rolePoliciesFor(roleArn: string, documents: readonly ModelDocument[], store: PolicyStore, pool?: IdentityPoolModel): RolePolicies | undefined {
  let role = store.roles.get(roleArn);
  if (!role) {
    const templates = documents.filter((document) => document.kind === 'template');
    let searched = templates;
    if (pool) {
      const own = new Set([...roleConfigsOf(pool).map((config) => config.uri), ...(pool.definition ? [pool.definition.uri] : [])]);
      const deployTime = roleArn.includes('${');
      searched = [...templates.filter((d) => own.has(d.uri)), ...(deployTime ? [] : templates.filter((d) => !own.has(d.uri)))];
    }
    for (const document of searched) {
      role ??= findRole(collectTemplateRoles(document, { managed: store.managed }), roleArn);
    }
  }
  return role ? resolveManaged(store, role) : undefined;
}

export async function permissionsForOutcome(
  query: PermissionsQuery,
  pool: IdentityPoolModel,
  documents: readonly ModelDocument[],
  request: SimulationRequest,
  result: SimulationResult,
  store: PolicyStore,
): Promise<PermissionsJson> {
  const roleArn = result.outcome === 'role' ? result.roleArn : null;
  const role = roleArn !== null ? rolePoliciesFor(roleArn, documents, store, pool) : undefined;
  const guest = result.via === 'default-unauthenticated';
  let claims = request.claims;
  if (!claims && request.token) {
    const decoded = decodeToken(request.token);
    if (decoded.ok) claims = decoded.claims;
  }
  const iss = typeof claims?.iss === 'string' ? claims.iss.replace(/^https:\/\//, '') : undefined;
  const { context, notes } = sessionContext({
    pool,
    guest,
    provider: request.loginKey ?? iss ?? result.mappingKey ?? undefined,
    claims,
    identityId: query.identityId,
    extra: query.context,
  });
  if (query.identityId === undefined)
    notes.push(
      `No identity ID given: \${cognito-identity.amazonaws.com:sub} (the identity ID, not the user pool's sub) is shown as ${IDENTITY_ID_PLACEHOLDER} and what depends on it is unknown.`,
    );
  if (query.action !== undefined) {
    return { access: accessForRole({ action: query.action, resource: query.resource ?? '*', role, roleArn, context, guest, notes }) };
  }
  if (roleArn === null) return { permissions: { roleArn, summary: [], statements: [], unresolvedPolicies: [], notes: ['The call returns no credentials.'] } };
  if (!role)
    return {
      permissions: {
        roleArn,
        summary: [],
        statements: [],
        unresolvedPolicies: [`policies of ${roleArn} (not in these files: give them with --policy ROLE_ARN=FILE)`],
        notes,
      },
    };
  const listed = permissionsOfRole(role, context);
  if (guest)
    notes.push("Guests in the enhanced flow are further limited by Cognito's scope-down session policy (see the README); it is not applied to this list.");
  const summary = await summariseByAccessLevel(listed.statements.filter((st) => st.layer === 'identity'));
  return { permissions: { roleArn, summary, ...listed, notes: [...notes, OUT_OF_SCOPE_NOTE] } };
}

/**
 * One line: what the role lets this identity do, by service and access level (`s3: Read, Write · dynamodb:
 * Read`), for hovers and reports. Actions whose level the catalogue does not know are named as written
 * (`service:*` grants every level of the service).
 */
export function summaryLine(summary: ServiceSummary[]): string {
  if (summary.length === 0) return 'no Allow statement';
  return summary
    .map((s) => {
      const levels = Object.entries(s.levels).flatMap(([level, actions]) =>
        level === 'Unknown' ? (actions ?? []).map((a) => (a === '*' ? 'every action' : a === `${s.service}:*` ? 'every action' : a)) : [level],
      );
      return `${s.service}: ${[...new Set(levels)].join(', ')}${s.conditional ? ' (conditional)' : ''}`;
    })
    .join(' · ');
}
