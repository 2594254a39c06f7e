/**
 * AWS policy evaluation logic for one principal's session (identity-based policies, the permissions
 * boundary, session policies): an explicit Deny in any of them wins; otherwise the request is allowed only
 * when every applicable layer has an Allow that applies; otherwise it is implicitly denied. Resource-based
 * policies, SCPs, RCPs and VPC endpoint policies are not evaluated (the result says so).
 */
import { and3, evaluateConditions, or3, deployTimeName, type Unknowns } from './conditions';
import {
  isUnresolved,
  type AccessDecision,
  type PolicySource,
  type PolicyStatement,
  type PolicyValue,
  type RequestContext,
  type StatementRef,
  type TraceEntry,
  type Tri,
} from './types';
import { joinPieces, substitute } from './variables';
import { actionMatches, arnMatches } from './wildcard';

export const OUT_OF_SCOPE_NOTE =
  'Only identity-based policies, the permissions boundary and session policies are evaluated: resource-based policies (bucket, key, queue policies), SCPs, RCPs and VPC endpoint policies can still deny, and a resource policy of another account must also allow.';

export interface Layer {
  layer: TraceEntry['layer'];
  policies: PolicySource[];
  /**
   * For a session policy whose content is an assumption: when the known policies do not allow the action,
   * says whether the assumed alternative might (then the layer's answer is unknown, named by `why`).
   */
  uncertain?: { mightAllow: (action: string) => boolean; why: string };
}

export interface EvaluationInput {
  action: string;
  resource: string;
  context: RequestContext;
  layers: Layer[];
  notes?: string[];
}

export function statementRef(statement: PolicyStatement): StatementRef {
  return { policy: statement.policy, sid: statement.sid ?? null, effect: statement.effect, file: statement.file ?? null, line: statement.line ?? null };
}

/** Does the statement's Action/NotAction cover `action`? */
export function statementCoversAction(statement: PolicyStatement, action: string): boolean {
  if (statement.actions) return statement.actions.some((pattern) => actionMatches(pattern, action));
  if (statement.notActions) return !statement.notActions.some((pattern) => actionMatches(pattern, action));
  return false;
}

/** One Resource/NotResource entry against the request's resource. */
export function resourceValueMatches(value: PolicyValue, resource: string, context: RequestContext, unknowns: Unknowns): Tri {
  let text = value.text;
  if (value.symbolic) {
    // `${AWS::Partition}` is the partition of the request itself (credentials never cross partitions).
    const partition = resource.startsWith('arn:') ? resource.split(':')[1] : undefined;
    if (partition !== undefined) text = text.replace(/\$\{AWS::Partition\}/g, partition);
    if (DEPLOY_TIME_RE.test(text)) {
      // Other deploy-time parts (`${Bucket}`, `${AWS::AccountId}`) may be anything: if even a wildcard there cannot match, it does not.
      const loose = text.replace(DEPLOY_TIME_GLOBAL_RE, '*').replace(/\$\{[^}]*\}/g, '*');
      if (!arnMatches(loose, resource)) return false;
      unknowns.add(deployTimeName(value));
      return undefined;
    }
  }
  if (text.includes('${')) {
    const substituted = substitute(text, context);
    if (substituted.kind === 'unknown') {
      unknowns.add(substituted.key);
      return undefined;
    }
    if (substituted.kind === 'absent') return false;
    text = joinPieces(substituted.pieces);
  }
  return arnMatches(text, resource);
}

function coversResource(statement: PolicyStatement, resource: string, context: RequestContext, unknowns: Unknowns): Tri {
  const list = statement.resources ?? statement.notResources;
  if (!list) return false;
  let any: Tri = false;
  const local: Unknowns = new Set();
  for (const value of list) {
    let one = resourceValueMatches(value, resource, context, local);
    // In NotResource, a pattern with an unresolvable variable matches nothing, which would widen the statement: unknown.
    if (statement.notResources && one === false && value.text.includes('${') && !value.symbolic && substitute(value.text, context).kind === 'absent') {
      local.add(`${variableOf(value.text)} (absent, used in NotResource)`);
      one = undefined;
    }
    any = or3(any, one);
    if (any === true) break;
  }
  if (any === undefined) local.forEach((k) => unknowns.add(k));
  return statement.resources ? any : any === undefined ? undefined : !any;
}

function variableOf(text: string): string {
  return /\$\{([^},]*)/.exec(text)?.[1]?.trim() ?? text;
}

/** A deploy-time placeholder in a template value's display form: `${Name}`, `${AWS::Pseudo}`, `${Res.Attr}`, `<...>` (IAM variables have one colon). */
const DEPLOY_TIME_RE = /\$\{(?:[^}:]*|[^}]*::[^}]*)\}|<[^>]*>/;
const DEPLOY_TIME_GLOBAL_RE = new RegExp(DEPLOY_TIME_RE.source, 'g');

export interface StatementResult {
  applies: Tri;
  reason: string;
  unknowns: Unknowns;
}

/** Does the statement apply to this request (action, resource, conditions)? */
export function statementApplies(statement: PolicyStatement, action: string, resource: string, context: RequestContext): StatementResult {
  const unknowns: Unknowns = new Set();
  if (statement.unreadable) {
    unknowns.add(`statement ${statement.sid ?? ''} of ${statement.policy} (${statement.unreadable})`.replace('  ', ' '));
    return { applies: undefined, reason: `it cannot be read: ${statement.unreadable}`, unknowns };
  }
  if (!statementCoversAction(statement, action))
    return { applies: false, reason: `its ${statement.actions ? 'Action' : 'NotAction'} does not cover ${action}`, unknowns };
  const resourceMatch = coversResource(statement, resource, context, unknowns);
  if (resourceMatch === false)
    return { applies: false, reason: `its ${statement.resources ? 'Resource' : 'NotResource'} does not cover ${resource}`, unknowns };
  const conditions = evaluateConditions(statement.conditions, context, unknowns);
  const applies = and3(resourceMatch, conditions);
  if (applies === false) return { applies, reason: 'its Condition is not met', unknowns: new Set() };
  if (applies === true)
    return { applies, reason: statement.conditions.length > 0 ? 'action, resource and Condition match' : 'action and resource match', unknowns: new Set() };
  return { applies, reason: `it depends on ${[...unknowns].join(', ')}`, unknowns };
}

/** Evaluates one request against the layers. */
export function evaluateAccess(input: EvaluationInput): AccessDecision {
  const { action, resource, context } = input;
  const trace: TraceEntry[] = [];
  const denies: StatementRef[] = [];
  let denyUnknown = false;
  const unknownKeys = new Set<string>();
  const unresolved = new Set<string>();
  const allowsByLayer: Array<{ allow: Tri; grants: StatementRef[]; unknowns: Set<string>; unresolved: Set<string> }> = [];
  const denyUnknowns = new Set<string>();
  const denyUnresolved = new Set<string>();

  for (const layer of input.layers) {
    let allow: Tri = false;
    const grants: StatementRef[] = [];
    const layerUnknowns = new Set<string>();
    const layerUnresolved = new Set<string>();
    for (const policy of layer.policies) {
      if (isUnresolved(policy) || policy.unreadable) {
        const name = isUnresolved(policy) ? `${policy.name} (${policy.why})` : `${policy.name} (${policy.unreadable})`;
        // It may allow or deny anything.
        allow = or3(allow, undefined);
        layerUnresolved.add(name);
        denyUnknown = true;
        denyUnresolved.add(name);
        continue;
      }
      for (const statement of policy.statements) {
        const result = statementApplies(statement, action, resource, context);
        const ref = statementRef(statement);
        if (result.applies !== false || statementCoversAction(statement, action)) {
          trace.push({ layer: layer.layer, statement: ref, applies: result.applies ?? null, reason: result.reason });
        }
        if (statement.effectUnknown) {
          // Unreadable, Effect included: it may deny as well as allow.
          denyUnknown = true;
          result.unknowns.forEach((k) => denyUnknowns.add(k));
          result.unknowns.forEach((k) => layerUnknowns.add(k));
          allow = or3(allow, undefined);
        } else if (statement.effect === 'Deny') {
          if (result.applies === true) denies.push(ref);
          else if (result.applies === undefined) {
            denyUnknown = true;
            result.unknowns.forEach((k) => denyUnknowns.add(k));
          }
        } else {
          if (result.applies === true) grants.push(ref);
          else if (result.applies === undefined) result.unknowns.forEach((k) => layerUnknowns.add(k));
          allow = or3(allow, result.applies);
        }
      }
    }
    if (allow === false && layer.uncertain?.mightAllow(action)) {
      allow = undefined;
      layerUnresolved.add(layer.uncertain.why);
    }
    allowsByLayer.push({ allow, grants, unknowns: layerUnknowns, unresolved: layerUnresolved });
  }

  const notes = [...(input.notes ?? []), OUT_OF_SCOPE_NOTE];
  const base = { action, resource, notes, trace };
  if (denies.length > 0) return { ...base, decision: 'explicitly-denied', statements: denies, unknownKeys: [], unresolvedPolicies: [] };

  let allowed: Tri = true;
  for (const layer of allowsByLayer) allowed = and3(allowed, layer.allow);
  if (allowed === false && !denyUnknown) return { ...base, decision: 'implicitly-denied', statements: [], unknownKeys: [], unresolvedPolicies: [] };
  if (allowed === true && !denyUnknown)
    return { ...base, decision: 'allowed', statements: allowsByLayer.flatMap((l) => l.grants), unknownKeys: [], unresolvedPolicies: [] };

  // Unknown: name what it depends on. When no layer can allow, only the kind of denial is open.
  denyUnknowns.forEach((k) => unknownKeys.add(k));
  denyUnresolved.forEach((k) => unresolved.add(k));
  if (allowed !== false) {
    for (const layer of allowsByLayer) {
      if (layer.allow !== undefined) continue;
      layer.unknowns.forEach((k) => unknownKeys.add(k));
      layer.unresolved.forEach((k) => unresolved.add(k));
    }
  } else {
    notes.unshift(`${action} is denied either way (no applicable layer can allow it); whether a Deny statement matches depends on what is named.`);
  }
  return { ...base, decision: 'unknown', statements: [], unknownKeys: [...unknownKeys].sort(), unresolvedPolicies: [...unresolved].sort() };
}
