/**
 * Endings shared by every path: an outcome known only at deploy time (what it depends on, what each value
 * would give) and a configuration AWS would refuse at this step.
 */
import type { SourceValue } from '../model';
import type { Location } from '../positions';
import { serverlessVariablesIn } from '../cloudformation/serverless';
import { NOT_AUTHORIZED } from '../api/awsErrors';
import { locationOf, type Evaluation } from './context';
import type { SimulationResult, Via } from './types';

/**
 * A custom resource or Lambda sets the pool's roles and mappings while the stack deploys (SetIdentityPoolRoles
 * replaces the whole configuration), so the template's roles may not be the ones in force: the result says
 * "unknown" and names the resources rather than presenting the template's default role.
 */
export function rolesSetAtDeployTime(ev: Evaluation, what: string): SimulationResult | undefined {
  const configurers = ev.pool.deployTimeRoleConfig;
  if (!configurers?.length) return undefined;
  const names = configurers.map((c) => c.logicalId).join(', ');
  ev.step(
    'validation',
    'skip',
    `The ${configurers[0].how} the pool's roles and role mappings at deploy time; ${what} cannot be read from the template.`,
    locationOf(configurers[0].uri, configurers[0].range),
  );
  ev.assume(`The roles and role mappings of this pool are set at deploy time by ${names}; the simulation does not guess them.`);
  return unknownOutcome(
    ev,
    `${names} ${configurers.every((c) => c.conditional) ? 'may set' : `set${configurers.length === 1 ? 's' : ''}`} this pool's roles and role mappings at deploy time, so the simulation cannot tell which role Cognito would choose.`,
  );
}

/** The role depends on what only deployment decides: no role, no AWS error, and a message that starts with "Unknown:". */
function unknownOutcome(ev: Evaluation, why: string): SimulationResult {
  return ev.end({ outcome: 'unknown', via: 'validation', mappingKey: null, message: `Unknown: ${why}` });
}

/** A setting the path depends on is only known at deploy time: say so rather than guess. */
export function unknownConfiguration(ev: Evaluation, what: string, value: SourceValue, location: Location | undefined): SimulationResult {
  ev.step('validation', 'skip', `${what} is ${deployTimeText(value)}, known only at deploy time.`, location);
  return undecided(ev, [{ what, value }], ['the simulation cannot tell which role Cognito would choose'], 'validation');
}

/** A value known only at deploy time that the outcome depends on, and what it is (for messages). */
export interface DeployTimeValue {
  what: string;
  value: SourceValue<unknown>;
}

/**
 * How to name a deploy-time value after what it is: `${AdminGroup} (template parameter AdminGroup)`; a
 * symbolic boolean has no text of its own: `(depends on template parameter Environment)`.
 */
export function deployTimeText(value: SourceValue<unknown>): string {
  const parameters = value.parameters ?? [];
  const named = parameters.length === 0 ? '' : `template parameter${parameters.length > 1 ? 's' : ''} ${parameters.join(', ')}`;
  if (typeof value.value !== 'string') return named ? `(depends on ${named})` : '(a deploy-time value)';
  if (named) return `${value.value} (${named})`;
  // Serverless Framework variables are filled in before CloudFormation sees the template: name them.
  const variables = serverlessVariablesIn(value.value);
  if (variables.length === 0) return value.value;
  if (variables.length === 1 && variables[0] === value.value.trim()) return `${value.value} (a Serverless Framework variable)`;
  return `${value.value} (Serverless Framework variable${variables.length > 1 ? 's' : ''} ${variables.join(', ')})`;
}

/** A finished result in a few words, for "otherwise, ..." in an unknown outcome's message. */
export function outcomeSummary(result: SimulationResult): string {
  switch (result.outcome) {
    case 'role':
      return `role ${result.roleArn}`;
    case 'deny':
      return `the request is denied (${result.errorCode ?? NOT_AUTHORIZED}: ${result.message})`;
    case 'error':
      return result.errorCode ? `${result.errorCode}: ${result.message}` : `an error: ${result.message}`;
    case 'unknown':
      return result.message;
  }
}

/**
 * The outcome depends on values known only at deploy time: no confident role, deny or error. The message
 * names the values and what each case would give; `dependsOn` lists the template parameters to give.
 */
export function undecided(
  ev: Evaluation,
  values: readonly DeployTimeValue[],
  cases: readonly string[],
  via: Via,
  fallback?: SimulationResult,
): SimulationResult {
  const parameters = [...new Set([...values.flatMap((v) => v.value.parameters ?? []), ...(fallback?.dependsOn ?? [])])];
  const shown = values.map((v) => `${v.what} ${deployTimeText(v.value)}`);
  const give =
    parameters.length === 0
      ? ''
      : ` Give ${parameters.length === 1 ? 'a value for template parameter' : 'values for template parameters'} ${parameters.join(', ')} to decide it.`;
  const message = `The outcome depends on ${joinWords(shown)}, known only at deploy time: ${cases.join('; ').replace(/\.$/, '')}.${give}`;
  return ev.end({ outcome: 'unknown', via, message, dependsOn: parameters });
}

export function joinWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function invalidConfiguration(ev: Evaluation, problem: string, location: Location | undefined): SimulationResult {
  ev.step('validation', 'fail', problem, location);
  return ev.end({
    outcome: 'error',
    via: 'validation',
    message: `${problem} AWS rejects such a configuration (SetIdentityPoolRoles), so the pool cannot be deployed like this.`,
  });
}
