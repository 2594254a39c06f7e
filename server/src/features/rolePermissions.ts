/**
 * Permissions requests (issue 19). What a role allows, for the tree's role → allows → service → actions branch (`identityPoolRoles/roleAllows`,
 * issue 19): the same listing as the CLI's `permissions` (`permissionsOfRole`), with no identity applied
 * (every condition kept), grouped by service with access levels from the catalogue. Who can do an action
 * (`identityPoolRoles/whoCan`): the core's `whoCan`, as `analyze --can`.
 */
import { ErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import {
  allowedByService,
  emptyPolicyStore,
  isoDate,
  isUnresolved,
  permissionsOfRole,
  RequestContext as PolicyContext,
  rolePoliciesFor,
  whoCan,
} from '../../../core/index';
import {
  whoCanActionProblem,
  whoCanResourceProblem,
  type RoleAllowsParams,
  type RoleAllowsResult,
  type WhoCanParams,
  type WhoCanResponse,
} from '../../../protocol/protocol';
import { simulatablePools } from '../simulation';
import { throwIfCancelled } from '../utils/errors';
import type { RequestContext } from './customRequests';

function invalidParams(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

export async function handleRoleAllows(context: RequestContext, raw: unknown, cancel: CancellationToken): Promise<RoleAllowsResult> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalidParams('The parameters must be an object.');
  const params = raw as Partial<RoleAllowsParams>;
  if (typeof params.roleArn !== 'string') throw invalidParams('"roleArn" must be a string.');
  if (params.poolKey !== undefined && typeof params.poolKey !== 'string') throw invalidParams('"poolKey" must be a string.');
  const roleArn = params.roleArn;
  await context.workspace.index.ready;
  throwIfCancelled(cancel);
  const pool = params.poolKey === undefined ? undefined : context.workspace.pools().find((p) => p.key === params.poolKey);
  const store = (await context.loadPolicies?.()) ?? emptyPolicyStore();
  const role = rolePoliciesFor(roleArn, context.workspace.documents(), store, pool);
  if (!role) return { roleArn, known: false, services: [], unresolved: [] };
  const listing = permissionsOfRole(role, new PolicyContext());
  const services = await allowedByService(listing);
  throwIfCancelled(cancel);
  const boundary = role.boundary ? role.boundary.name : undefined;
  return {
    roleArn,
    known: true,
    services: services.map((s) => ({
      service: s.service,
      actions: s.actions.map((a) => ({
        action: a.action,
        accessLevels: a.accessLevels,
        conditional: a.conditional,
        policy: `${a.policy}${a.sid ? ` ${a.sid}` : ''}`,
        // Statements of templates carry their document's uri (or path); a policy file from the setting may be relative: no link.
        ...(a.file !== null && a.line !== null && /^([a-z][a-z0-9+.-]*:\/\/|\/)/i.test(a.file)
          ? { location: { uri: a.file, range: { start: { line: a.line - 1, character: 0 }, end: { line: a.line - 1, character: 0 } } } }
          : {}),
      })),
    })),
    unresolved: listing.unresolvedPolicies,
    ...(boundary !== undefined ? { boundary: role.boundary && isUnresolved(role.boundary) ? `${boundary} (not in these files)` : boundary } : {}),
  };
}

/** `identityPoolRoles/whoCan`: the same core function as `analyze --can`, for each pool with a role configuration. */
export async function handleWhoCan(context: RequestContext, raw: unknown, cancel: CancellationToken): Promise<WhoCanResponse> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalidParams('The parameters must be an object.');
  const params = raw as Partial<WhoCanParams>;
  if (typeof params.action !== 'string' || whoCanActionProblem(params.action)) throw invalidParams(`"action": ${whoCanActionProblem(String(params.action))}`);
  if (typeof params.resource !== 'string' || whoCanResourceProblem(params.resource))
    throw invalidParams(`"resource": ${whoCanResourceProblem(String(params.resource))}`);
  if (params.poolKey !== undefined && typeof params.poolKey !== 'string') throw invalidParams('"poolKey" must be a string.');
  const { action, resource } = params;
  await context.workspace.index.ready;
  throwIfCancelled(cancel);
  const now = context.now();
  const pools = simulatablePools(context.workspace, params.poolKey).filter((pool) => pool.roleConfig !== undefined);
  const base = { now, nowIso: isoDate(now) };
  if (pools.length === 0)
    return {
      ...base,
      pools: [],
      message:
        params.poolKey !== undefined
          ? `No identity pool with key ${params.poolKey} and a role configuration is known in this workspace.`
          : 'No identity pool with a role configuration was found in this workspace.',
    };
  const store = (await context.loadPolicies?.()) ?? emptyPolicyStore();
  const documents = context.workspace.documents();
  const answers: WhoCanResponse['pools'] = [];
  for (const pool of pools) {
    throwIfCancelled(cancel);
    const answer = whoCan(pool, documents, action, resource, store, { now, configDiagnostics: context.workspace.poolDiagnostics(pool) });
    answers.push({ poolKey: pool.key, poolLabel: pool.label, answer });
  }
  return { ...base, pools: answers };
}
