/**
 * What the role a simulation chose lets this identity do (issue 19): `simulate … --action ACTION --resource ARN`
 * adds `access`; without `--action`, `permissions` lists the role's statements as they apply to this identity.
 */
import {
  addPolicyFile,
  emptyPolicyStore,
  permissionsForOutcome,
  type AccessJson,
  type IdentityPoolModel,
  type ModelDocument,
  type PermissionsJson,
  type PolicyStore,
  type SimulationRequest,
  type SimulationResult,
} from '../core/index';
import type { OptionSpec } from './args';
import { inputName, readTextFile } from './files';
import { printable, printableName } from './text';
import { UsageError } from './usage';

export const PERMISSION_OPTIONS: OptionSpec = {
  action: { type: 'string' },
  resource: { type: 'string' },
  'identity-id': { type: 'string' },
  context: { type: 'string', multiple: true },
  policy: { type: 'string', multiple: true },
};

export interface PermissionOptions {
  action?: string;
  resource?: string;
  identityId?: string;
  context: Array<[string, string]>;
  policies: Array<[string, string]>;
}

/** `--context KEY=VALUE` / `--policy ARN=FILE` values as pairs (repeatable options). */
export function optionPairs(name: 'context' | 'policy', list: unknown): Array<[string, string]> {
  return ((list as string[] | undefined) ?? []).map((item) => {
    const eq = item.indexOf('=');
    if (eq <= 0)
      throw new UsageError(
        `--${name} takes ${name === 'context' ? 'KEY=VALUE' : 'ARN=FILE'} (an equals sign after a non-empty ${name === 'context' ? 'key' : 'ARN'}).`,
      );
    return [item.slice(0, eq).trim(), item.slice(eq + 1)];
  });
}

/** The `--policy ARN=FILE` files read into a policy store; a file that is not a policy is bad usage. */
export function readPolicyFiles(policies: ReadonlyArray<[string, string]>): PolicyStore {
  const store = emptyPolicyStore();
  for (const [arn, file] of policies) {
    const problem = addPolicyFile(store, arn, readTextFile(file, 'policy file'), printableName(inputName(file)));
    if (problem) throw new UsageError(`--policy ${arn}: ${problem}.`);
  }
  return store;
}

export function readPermissionOptions(values: Record<string, unknown>): PermissionOptions {
  const options: PermissionOptions = {
    action: values.action as string | undefined,
    resource: values.resource as string | undefined,
    identityId: values['identity-id'] as string | undefined,
    context: optionPairs('context', values.context),
    policies: optionPairs('policy', values.policy),
  };
  if (options.resource !== undefined && options.action === undefined) throw new UsageError('--resource goes with --action ACTION.');
  if (options.action !== undefined && !/^[A-Za-z0-9-]+:[A-Za-z0-9-]+$/.test(options.action))
    throw new UsageError('--action takes one action such as s3:GetObject (service prefix, colon, action name; no wildcards: a request is for one action).');
  return options;
}

export function wantsPermissions(options: PermissionOptions): boolean {
  return options.action !== undefined || options.identityId !== undefined || options.context.length > 0 || options.policies.length > 0;
}

/** Computes `access` (with --action) or `permissions` for the simulation's outcome. */
export async function permissionsForSimulation(
  options: PermissionOptions,
  pool: IdentityPoolModel,
  documents: readonly ModelDocument[],
  request: SimulationRequest,
  result: SimulationResult,
): Promise<PermissionsJson> {
  const store = readPolicyFiles(options.policies);
  return permissionsForOutcome(
    { action: options.action, resource: options.resource, identityId: options.identityId, context: options.context },
    pool,
    documents,
    request,
    result,
    store,
  );
}

const DECISION_TEXT: Record<AccessJson['decision'], string> = {
  allowed: 'ALLOWED',
  'explicitly-denied': 'DENIED (explicit Deny)',
  'implicitly-denied': 'DENIED (no statement allows it)',
  unknown: 'UNKNOWN',
  'no-credentials': 'no credentials (the outcome is not a role)',
};

export function formatPermissionsText(json: PermissionsJson): string {
  const lines: string[] = [''];
  const where = (s: { file: string | null; line: number | null; policy: string; sid: string | null }) =>
    `${printable(s.policy)}${s.sid ? ` ${printable(s.sid)}` : ''}${s.file ? ` (${printable(s.file)}${s.line !== null ? `:${s.line}` : ''})` : ''}`;
  if (json.access) {
    const a = json.access;
    lines.push(`Access:        ${printable(a.action)} on ${printable(a.resource)}: ${DECISION_TEXT[a.decision]}`);
    for (const s of a.statements) lines.push(`  ${s.effect} by ${where(s)}`);
    if (a.unknownKeys.length > 0)
      lines.push(`  Depends on:  ${a.unknownKeys.map(printable).join(', ')} (give values with --context KEY=VALUE or --identity-id)`);
    for (const p of a.unresolvedPolicies) lines.push(`  Not evaluated: ${printable(p)}`);
    for (const n of a.notes) lines.push(`  - ${printable(n)}`);
  }
  if (json.permissions) {
    const p = json.permissions;
    lines.push('What this identity can do:');
    if (p.summary.length === 0) lines.push('  (no Allow statement found in the files given)');
    for (const s of p.summary) {
      const levels = Object.entries(s.levels).map(
        ([level, actions]) => `${level === 'Unknown' ? '' : `${level} `}${(actions ?? []).map((a) => a.replace(/^[^:]*:/, '')).join(', ')}`,
      );
      lines.push(`  ${printable(s.service)}: ${printable(levels.join('; '))}${s.conditional ? ' (some only under conditions)' : ''}`);
    }
    lines.push('Statements:');
    for (const s of p.statements) {
      const what = s.actions ? s.actions.join(', ') : `all but ${(s.notActions ?? []).join(', ')}`;
      const on = s.resources ? s.resources.join(', ') : `all but ${(s.notResources ?? []).join(', ')}`;
      const conditions = Object.keys(s.conditions).length > 0 ? ` if ${JSON.stringify(s.conditions)}` : '';
      lines.push(
        `  ${s.effect === 'Allow' ? '+' : '-'} ${s.effect} ${printable(what)} on ${printable(on)}${printable(conditions)}${s.layer === 'boundary' ? ' [boundary]' : ''} — ${where(s)}`,
      );
    }
    for (const u of p.unresolvedPolicies) lines.push(`  Not evaluated: ${printable(u)}`);
    for (const n of p.notes) lines.push(`  - ${printable(n)}`);
  }
  return lines.join('\n') + '\n';
}
