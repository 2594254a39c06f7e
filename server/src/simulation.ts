/**
 * Runs the core's simulation (GetCredentialsForIdentity) against the workspace's pools, for the JWT hover
 * and the `identityPoolRoles/simulate` request.
 */
import type { CancellationToken } from 'vscode-languageserver';
import type { IdentityPoolModel, SimulationRequest } from '../../core/index';
import type { PoolSimulationResult, SimulateParams } from '../../protocol/protocol';
import { yieldToEventLoop, type RuntimeEnvironment } from './runtime';
import type { Jwks } from '../../core/index';
import { throwIfCancelled } from './utils/errors';
import type { Workspace } from './workspace';

const YIELD_AFTER_MS = 5;

/** Pools worth simulating against: those with a role configuration or a definition. */
export function simulatablePools(workspace: Workspace, poolKey?: string): IdentityPoolModel[] {
  return workspace.pools().filter((pool) => (pool.roleConfig || pool.definition) && (poolKey === undefined || pool.key === poolKey));
}

export function simulationRequest(params: SimulateParams, now: number, jwks: Jwks | undefined): SimulationRequest {
  if (params.guest) return { now, customRoleArn: params.customRoleArn };
  const request: SimulationRequest = { now };
  if (params.token !== undefined) request.token = params.token;
  if (params.claims !== undefined) request.claims = params.claims;
  if (params.loginKey) request.loginKey = params.loginKey;
  if (params.customRoleArn) request.customRoleArn = params.customRoleArn;
  if (params.token !== undefined && jwks) request.jwks = jwks;
  return request;
}

export async function simulatePools(
  runtime: RuntimeEnvironment,
  workspace: Workspace,
  pools: readonly IdentityPoolModel[],
  request: SimulationRequest,
  token?: CancellationToken,
): Promise<PoolSimulationResult[]> {
  const results: PoolSimulationResult[] = [];
  const shared = pools.length > 0 ? await workspace.core.sharedEvaluation(request) : {};
  let lastYield = runtime.now();
  for (const pool of pools) {
    // Let a cancellation in between pools when the work is long, without a round trip per pool.
    if (runtime.now() - lastYield >= YIELD_AFTER_MS) {
      await yieldToEventLoop(runtime);
      lastYield = runtime.now();
    }
    throwIfCancelled(token);
    const result = await workspace.core.simulate(pool, request, { ...shared, configDiagnostics: workspace.poolDiagnostics(pool) });
    results.push({ ...result, poolKey: pool.key, poolLabel: pool.label });
  }
  return results;
}
