/**
 * What a role allows, for the tree's role → allows → service → actions branch (`identityPoolRoles/roleAllows`,
 * issue 19): the same listing as the CLI's `permissions` (`permissionsOfRole`), with no identity applied
 * (every condition kept), grouped by service with access levels from the catalogue.
 */
import { ErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import { allowedByService, emptyPolicyStore, isUnresolved, permissionsOfRole, RequestContext as PolicyContext, rolePoliciesFor } from '../../../core/index';
import type { RoleAllowsParams, RoleAllowsResult } from '../../../protocol/protocol';
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
        // Statements of templates carry their document's uri; a policy file from the setting only its name.
        ...(a.file !== null && a.line !== null && /^[a-z][a-z0-9+.-]*:\/\//i.test(a.file)
          ? { location: { uri: a.file, range: { start: { line: a.line - 1, character: 0 }, end: { line: a.line - 1, character: 0 } } } }
          : {}),
      })),
    })),
    unresolved: listing.unresolvedPolicies,
    ...(boundary !== undefined ? { boundary: role.boundary && isUnresolved(role.boundary) ? `${boundary} (not in these files)` : boundary } : {}),
  };
}
