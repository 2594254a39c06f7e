/**
 * "What this identity can do" (issue 19) for the JWT hover: one line per pool, from the chosen role's
 * policies found in the workspace's templates, by service and access level.
 */
import { emptyPolicyStore, permissionsForOutcome, summaryLine, type IdentityPoolModel, type PolicyStore, type SimulationRequest } from '../../../core/index';
import type { PoolPermissions, PoolSimulationResult } from '../../../protocol/protocol';
import type { Workspace } from '../workspace';

/** The permissions part of a pool's hover line, or undefined when the outcome is not a role. */
export async function permissionsText(
  workspace: Workspace,
  pool: IdentityPoolModel,
  request: SimulationRequest,
  result: PoolSimulationResult,
  store: PolicyStore = emptyPolicyStore(),
): Promise<string | undefined> {
  if (result.outcome !== 'role' || result.roleArn === null) return undefined;
  try {
    const json = await permissionsForOutcome({}, pool, workspace.documents(), request, result, store);
    const permissions = json.permissions;
    if (!permissions) return undefined;
    if (permissions.statements.length === 0 && permissions.unresolvedPolicies.length > 0) return 'its policies are not in this workspace';
    const open =
      permissions.unresolvedPolicies.length > 0
        ? `; not evaluated: ${permissions.unresolvedPolicies.length} polic${permissions.unresolvedPolicies.length === 1 ? 'y' : 'ies'}`
        : '';
    return `can: ${summaryLine(permissions.summary)}${open}`;
  } catch {
    return undefined;
  }
}

/** The permissions section of the simulation report, or undefined when the outcome is not a role. */
export async function poolPermissions(
  workspace: Workspace,
  pool: IdentityPoolModel,
  request: SimulationRequest,
  result: PoolSimulationResult,
  store: PolicyStore = emptyPolicyStore(),
): Promise<PoolPermissions | undefined> {
  if (result.outcome !== 'role' || result.roleArn === null) return undefined;
  try {
    const permissions = (await permissionsForOutcome({}, pool, workspace.documents(), request, result, store)).permissions;
    if (!permissions) return undefined;
    return {
      summary: permissions.statements.length === 0 ? 'its policies are not in this workspace' : summaryLine(permissions.summary),
      statements: permissions.statements.map((s) => ({
        effect: s.effect,
        actions: s.actions ? s.actions.join(', ') : `all but ${(s.notActions ?? []).join(', ')}`,
        resources: s.resources ? s.resources.join(', ') : `all but ${(s.notResources ?? []).join(', ')}`,
        conditions: Object.keys(s.conditions).length > 0 ? JSON.stringify(s.conditions) : '',
        policy: `${s.policy}${s.sid ? ` ${s.sid}` : ''}${s.layer === 'boundary' ? ' (permissions boundary)' : ''}`,
        // Statements of templates carry their document's uri (or path); a policy file from the setting may be relative: no link.
        ...(s.file !== null && s.line !== null && /^([a-z][a-z0-9+.-]*:\/\/|\/)/i.test(s.file)
          ? { location: { uri: s.file, range: { start: { line: s.line - 1, character: 0 }, end: { line: s.line - 1, character: 0 } } } }
          : {}),
      })),
      unresolved: permissions.unresolvedPolicies,
      notes: permissions.notes,
    };
  } catch {
    return undefined;
  }
}
