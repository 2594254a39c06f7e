/**
 * Simulates GetCredentialsForIdentity against a pool (spec section 3). STUB: the evaluation helper
 * replaces the bodies.
 */
import type { CoreDiagnostic } from '../diagnostics';
import type { SignatureCheck } from '../jwt';
import type { IdentityPoolModel } from '../model';
import type { SimulationRequest, SimulationResult } from './types';

export interface EvaluateOptions {
  /** Diagnostics of the pool's configuration; an error with `awsError` makes the result `error` via `validation`. */
  configDiagnostics?: readonly CoreDiagnostic[];
  /** Result of a signature check done beforehand (see `simulate`). */
  signature?: SignatureCheck;
}

/** Synchronous evaluation (no signature verification). */
export function evaluateRequest(pool: IdentityPoolModel, request: SimulationRequest, options: EvaluateOptions = {}): SimulationResult {
  void pool;
  void request;
  void options;
  return {
    outcome: 'error', roleArn: null, via: 'validation', matchedRuleIndex: null, mappingKey: null,
    errorCode: null, message: 'not implemented', trace: [], assumptions: [],
  };
}

/** Verifies the signature when `request.jwks` is given, then evaluates. */
export async function simulate(pool: IdentityPoolModel, request: SimulationRequest, options: EvaluateOptions = {}): Promise<SimulationResult> {
  return evaluateRequest(pool, request, options);
}

export type { SimulationRequest, SimulationResult } from './types';
