/** Bookkeeping shared by the evaluation steps: the trace, the assumptions and the result builders. */
import { serverlessVariablesIn } from '../cloudformation/serverless';
import { NOT_AUTHORIZED } from '../api/awsErrors';
import type { AwsError } from '../diagnostics';
import type { IdentityPoolModel, SourceValue } from '../model';
import type { Location, Range } from '../positions';
import type { SimulationRequest, SimulationResult, StepStatus, TraceStep, TraceStepId, Via } from './types';
import type { EvaluateOptions } from './index';

// tokenChecks.ts reads this from here; the text is written once, in core/api/awsErrors.ts.
export { NOT_SUPPORTED_PROVIDER_MESSAGE } from '../api/awsErrors';

/** Where a value known only at deploy time comes from: the Serverless variables it names, or a CloudFormation reference. */
export function deployTimeOrigin(display: string): string {
  const variables = serverlessVariablesIn(display);
  if (variables.length === 0) return 'a reference resolved only at deploy time';
  if (variables.length === 1 && variables[0] === display.trim()) return 'a Serverless Framework variable, filled in when Serverless deploys the stack';
  return `which holds the Serverless Framework variable${variables.length > 1 ? 's' : ''} ${variables.join(', ')}, filled in when Serverless deploys the stack`;
}

export function locationOf(uri: string | undefined, range: Range | undefined): Location | undefined {
  return uri !== undefined && range ? { uri, range } : undefined;
}

export interface Ending {
  outcome: SimulationResult['outcome'];
  via: Via;
  message: string;
  roleArn?: string | null;
  matchedRuleIndex?: number | null;
  mappingKey?: string | null;
  errorCode?: string | null;
  roleLocation?: Location;
  awsError?: AwsError;
  dependsOn?: readonly string[];
}

export class Evaluation {
  readonly trace: TraceStep[] = [];
  private readonly assumptionSet = new Set<string>();
  /** Set once a mapping was chosen, so every later ending reports it. */
  mappingKey: string | null = null;

  constructor(
    readonly pool: IdentityPoolModel,
    readonly request: SimulationRequest,
    readonly options: EvaluateOptions,
  ) {}

  step(step: TraceStepId, status: StepStatus, message: string, location?: Location, ruleIndex?: number): void {
    const entry: TraceStep = { step, status, message };
    if (location) entry.location = location;
    if (ruleIndex !== undefined) entry.ruleIndex = ruleIndex;
    this.trace.push(entry);
  }

  assume(sentence: string): void {
    this.assumptionSet.add(sentence);
  }

  assumeAll(sentences: readonly string[]): void {
    for (const s of sentences) this.assume(s);
  }

  /** Notes that a value from the configuration is only known at deploy time (CloudFormation reference). */
  noteSymbolic(what: string, value: SourceValue | undefined): void {
    if (value?.symbolic) this.assume(`${what} is ${value.value}, ${deployTimeOrigin(value.value)}; the simulation shows it as written.`);
  }

  end(ending: Ending): SimulationResult {
    const result: SimulationResult = {
      outcome: ending.outcome,
      // Only a role outcome hands out a role; a role chosen but unusable is in the message and trace.
      roleArn: ending.outcome === 'role' ? (ending.roleArn ?? null) : null,
      via: ending.via,
      matchedRuleIndex: ending.matchedRuleIndex ?? null,
      mappingKey: ending.mappingKey !== undefined ? ending.mappingKey : this.mappingKey,
      errorCode: ending.errorCode ?? null,
      message: ending.message,
      trace: this.trace,
      assumptions: [...this.assumptionSet],
      dependsOn: [...new Set(ending.dependsOn ?? [])],
      pool: this.pool.key,
    };
    if (ending.roleLocation) result.roleLocation = ending.roleLocation;
    if (ending.awsError) result.awsError = ending.awsError;
    return result;
  }

  /** A failed token check: NotAuthorizedException via token-validation. */
  tokenFailure(message: string, errorCode: string | null = NOT_AUTHORIZED): SimulationResult {
    return this.end({ outcome: 'error', via: 'token-validation', errorCode, message, mappingKey: null });
  }
}
