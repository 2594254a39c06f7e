/** The text and JSON renderings of a simulation result. */
import type { SimulationResult } from '../core/index';
import { STATUS_MARKS, UNDECIDED_VIA_DESCRIPTION, VIA_DESCRIPTIONS } from '../protocol/vocabulary';
import { printable } from './text';

/** The JSON contract of `simulate --format json`: exactly these fields of the result (plus `pool` for templates). */
export type SimulationJson = Pick<
  SimulationResult,
  'outcome' | 'roleArn' | 'via' | 'matchedRuleIndex' | 'mappingKey' | 'errorCode' | 'message' | 'trace' | 'assumptions' | 'dependsOn' | 'pool'
>;

export function toSimulationJson(result: SimulationResult, templatePool: string | undefined): SimulationJson {
  const json: SimulationJson = {
    outcome: result.outcome,
    roleArn: result.roleArn ?? null,
    via: result.via,
    matchedRuleIndex: result.matchedRuleIndex ?? null,
    mappingKey: result.mappingKey ?? null,
    errorCode: result.errorCode ?? null,
    message: result.message,
    trace: result.trace ?? [],
    assumptions: result.assumptions ?? [],
    dependsOn: result.dependsOn ?? [],
  };
  if (templatePool !== undefined) json.pool = templatePool;
  return json;
}

export interface ReportContext {
  /** What was simulated, e.g. `examples/user-pool/roles.json` or `template.yaml (pool IdentityPool)`. */
  configuration: string;
  request: string;
}

export function formatSimulationText(json: SimulationJson, context: ReportContext): string {
  const lines: string[] = [];
  lines.push(`Configuration: ${printable(context.configuration)}`);
  lines.push(`Request:       ${printable(context.request)}`);
  lines.push('');
  lines.push(`Outcome:       ${json.outcome}`);
  lines.push(`Role:          ${json.roleArn === null ? '(none)' : printable(json.roleArn)}`);
  // An unknown outcome was not decided: `via` only says where the deploy-time values stopped it.
  const viaText = json.outcome === 'unknown' ? UNDECIDED_VIA_DESCRIPTION : (VIA_DESCRIPTIONS[json.via] ?? json.via);
  lines.push(`Via:           ${json.via} (${viaText})`);
  if (json.mappingKey !== null) lines.push(`Mapping:       ${printable(json.mappingKey)}`);
  if (json.matchedRuleIndex !== null) lines.push(`Matched rule:  Rules[${json.matchedRuleIndex}]`);
  if (json.dependsOn.length > 0) lines.push(`Depends on:    ${json.dependsOn.map(printable).join(', ')} (give values with --parameter NAME=VALUE)`);
  // A failed call's message is the AWS error, printed last.
  if (json.errorCode === null) lines.push(`Message:       ${printable(json.message)}`);
  if (json.trace.length > 0) {
    lines.push('');
    lines.push('Trace:');
    for (const step of json.trace) {
      lines.push(`  ${STATUS_MARKS[step.status] ?? '?'} ${printable(step.step)}: ${printable(step.message)}`);
    }
  }
  if (json.assumptions.length > 0) {
    lines.push('');
    lines.push('Assumptions (where AWS behaviour is not documented):');
    for (const assumption of json.assumptions) lines.push(`  - ${printable(assumption)}`);
  }
  if (json.errorCode !== null) {
    lines.push('');
    lines.push(`AWS error:     ${printable(json.errorCode)}: ${printable(json.message)}`);
  }
  return lines.join('\n') + '\n';
}
