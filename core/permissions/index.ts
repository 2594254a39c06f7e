/** What the role an identity pool hands out lets this identity do (issue 19). */
import { evaluateAccess, type Layer } from './evaluate';
import { GUEST_SCOPE_DOWN_ASSUMPTION, guestSessionLayer } from './guest';
import type { AccessDecision, Decision, RolePolicies, RequestContext } from './types';

export * from './types';
export { evaluateAccess, statementApplies, statementCoversAction, OUT_OF_SCOPE_NOTE, type Layer, type EvaluationInput } from './evaluate';
export { evaluateCondition, evaluateConditions, parseOperator, isKnownOperator, ipInCidr, parseDate } from './conditions';
export { actionMatches, arnMatches, globMatch } from './wildcard';
export { substitute, variablesIn, displaySubstituted } from './variables';
export { readPolicyDocument, parsePolicyText } from './policy';
export { collectTemplateRoles, findRole, type TemplateRoles, type PolicyLibrary } from './templates';
export { sessionContext, IDENTITY_ID_PLACEHOLDER, type SessionFacts } from './context';
export { guestSessionPolicy, guestSessionLayer, GUEST_SCOPE_DOWN_ASSUMPTION } from './guest';

export interface AccessRequest {
  action: string;
  resource: string;
  /** The role's policies, or undefined when they are not in the files given. */
  role: RolePolicies | undefined;
  /** The role ARN the simulation chose, or null when the outcome is not a role. */
  roleArn: string | null;
  context: RequestContext;
  /** An enhanced-flow guest: scoped down by Cognito's session policy. */
  guest: boolean;
  notes?: string[];
}

export interface AccessJson {
  action: string;
  resource: string;
  decision: Decision | 'no-credentials';
  statements: Array<{ policy: string; sid: string | null; effect: 'Allow' | 'Deny'; file: string | null; line: number | null }>;
  unknownKeys: string[];
  unresolvedPolicies: string[];
  notes: string[];
}

/** The `access` answer for a simulation's outcome. */
export function accessForRole(request: AccessRequest): AccessJson {
  const { action, resource } = request;
  const notes = [...(request.notes ?? [])];
  if (request.roleArn === null)
    return {
      action,
      resource,
      decision: 'no-credentials',
      statements: [],
      unknownKeys: [],
      unresolvedPolicies: [],
      notes: ['The call returns no credentials, so nothing is allowed.'],
    };
  if (!request.role) {
    return {
      action,
      resource,
      decision: 'unknown',
      statements: [],
      unknownKeys: [],
      unresolvedPolicies: [`policies of ${request.roleArn} (not in these files: give them with --policy ROLE_ARN=FILE)`],
      notes,
    };
  }
  const layers: Layer[] = [{ layer: 'identity', policies: request.role.identity }];
  if (request.role.boundary) layers.push({ layer: 'boundary', policies: [request.role.boundary] });
  if (request.guest) {
    layers.push(guestSessionLayer());
    notes.push(GUEST_SCOPE_DOWN_ASSUMPTION);
  }
  const decision: AccessDecision = evaluateAccess({ action, resource, context: request.context, layers, notes });
  return {
    action,
    resource,
    decision: decision.decision,
    statements: decision.statements,
    unknownKeys: decision.unknownKeys,
    unresolvedPolicies: decision.unresolvedPolicies,
    notes: decision.notes,
  };
}
export {
  allowedByService,
  permissionsOfRole,
  summariseByService,
  type AllowedActionJson,
  type AllowedServiceJson,
  type PermissionStatementJson,
  type RolePermissionsJson,
} from './listing';
export { addPolicyFile, emptyPolicyStore, resolveManaged, type PolicyStore } from './external';
export { whoCan, type WhoCanResult, type WhoCanEntry, type RoleRoute } from './whoCan';
export {
  accessLevelOf,
  catalogueFileReader,
  expandAction,
  packageServiceActionsReader,
  summariseByAccessLevel,
  useServiceActionsReader,
  type AccessLevel,
  type ServiceActionsReader,
  type ServiceSummary,
} from './catalog';
export { permissionsForOutcome, rolePoliciesFor, summaryLine, type PermissionsJson, type PermissionsQuery } from './forSimulation';
