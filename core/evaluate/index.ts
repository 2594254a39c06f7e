/**
 * Simulates GetCredentialsForIdentity against a pool (AWS docs: GetCredentialsForIdentity, role-based access control): which IAM role a login gets, or
 * which error AWS answers, with a step-by-step trace and the assumptions made where AWS does not document the behaviour
 * UNCONFIRMED. Pure and synchronous except `simulate`, which first verifies the signature offline.
 */
import type { CoreDiagnostic } from '../diagnostics';
import { decodeToken, verifyTokenSignature, type DecodedToken, type SignatureCheck } from '../token/jwt';
import type { IdentityPoolModel } from '../model';
import { Evaluation, locationOf } from './context';
import type { SimulationRequest, SimulationResult } from './types';
import { evaluateAuthenticated } from './authenticated';
import { evaluateGuest } from './guest';

export interface EvaluateOptions {
  /** Diagnostics of the pool's configuration; an error with `awsError` makes the result `error` via `validation`. */
  configDiagnostics?: readonly CoreDiagnostic[];
  /** Result of a signature check done beforehand (see `simulate`). */
  signature?: SignatureCheck;
  /**
   * `decodeToken` of the request's token, done beforehand: one token simulated against many pools is
   * decoded once. Must be the decoding of exactly `request.token`.
   */
  decoded?: DecodedToken;
}

/** Synchronous evaluation (no signature verification: pass `options.signature` to include one). */
export function evaluateRequest(pool: IdentityPoolModel, request: SimulationRequest, options: EvaluateOptions = {}): SimulationResult {
  const ev = new Evaluation(pool, request, options);
  try {
    return evaluate(ev);
  } catch (error) {
    // A bug must not take the language server or the CLI down; say plainly that the answer is missing.
    const reason = error instanceof Error ? error.message : String(error);
    return ev.end({
      outcome: 'error',
      via: 'validation',
      message: `The simulation stopped on an internal error (${reason}); this is a bug in the simulator, not an AWS answer.`,
    });
  }
}

/** Verifies the signature when `request.jwks` and a token are given (offline), then evaluates. */
export async function simulate(pool: IdentityPoolModel, request: SimulationRequest, options: EvaluateOptions = {}): Promise<SimulationResult> {
  if (request.jwks && request.token !== undefined && !options.signature) {
    const signature = await verifyTokenSignature(request.token, request.jwks);
    return evaluateRequest(pool, request, { ...options, signature });
  }
  return evaluateRequest(pool, request, options);
}

/**
 * What evaluating one request against many pools can share: the token decoded, and its signature checked
 * (when `request.jwks` is given), once instead of once per pool. Pass the result in each pool's options.
 */
export async function sharedEvaluation(request: SimulationRequest): Promise<Pick<EvaluateOptions, 'decoded' | 'signature'>> {
  if (typeof request.token !== 'string') return {};
  const decoded = decodeToken(request.token);
  return request.jwks ? { decoded, signature: await verifyTokenSignature(request.token, request.jwks) } : { decoded };
}

function evaluate(ev: Evaluation): SimulationResult {
  const blocked = checkValidation(ev);
  if (blocked) return blocked;
  if (typeof ev.request.now !== 'number' || !Number.isFinite(ev.request.now)) {
    return ev.end({ outcome: 'error', via: 'token-validation', message: 'The evaluation time (now) must be a number of Unix seconds.' });
  }
  noteRoleConfiguration(ev);
  const { loginKey, token, claims } = ev.request;
  const isGuest = (loginKey === undefined || loginKey.trim() === '') && token === undefined && claims === undefined;
  return isGuest ? evaluateGuest(ev) : evaluateAuthenticated(ev);
}

// ---------------------------------------------------------------------------------------------------
// Configuration

function checkValidation(ev: Evaluation): SimulationResult | undefined {
  const diagnostics = ev.options.configDiagnostics;
  if (!diagnostics) return undefined;
  const blocking = diagnostics.find((d) => d.severity === 'error' && d.awsError);
  if (!blocking || !blocking.awsError) {
    const otherErrors = diagnostics.filter((d) => d.severity === 'error').length;
    ev.step(
      'validation',
      otherErrors ? 'info' : 'pass',
      otherErrors
        ? `The configuration has ${otherErrors} error(s) without a known AWS response; the simulation uses what could be read.`
        : 'The configuration has no error that AWS would reject.',
    );
    return undefined;
  }
  const aws = blocking.awsError;
  const place = `${blocking.uri.replace(/^.*\//, '')}:${blocking.range.start.line + 1}:${blocking.range.start.character + 1}`;
  ev.step(
    'validation',
    'fail',
    `${blocking.message} AWS rejects this configuration, so no call can reach role selection.`,
    locationOf(blocking.uri, blocking.range),
  );
  if (aws.assumed) ev.assume(`The error AWS returns for this configuration problem (${blocking.code}) is UNCONFIRMED; ${aws.code} is the most plausible.`);
  return ev.end({ outcome: 'error', via: 'validation', errorCode: aws.code, message: `${aws.message} (at ${place})`, awsError: aws, mappingKey: null });
}

function noteRoleConfiguration(ev: Evaluation): void {
  const { pool } = ev;
  if (!pool.roleConfig) {
    if (pool.deployTimeRoleConfig?.length) return; // Said where the roles are needed (rolesSetAtDeployTime).
    ev.assume(
      'No role configuration (roles file or IdentityPoolRoleAttachment) was found for this pool, so it is treated as having no roles and no role mappings.',
    );
    return;
  }
  if (pool.roleConfig.source === 'role-mappings') {
    ev.assume(
      "The role configuration holds only RoleMappings (the --role-mappings value); the pool's default roles (Roles) are unknown, so a sign-in that ends at a default role is reported as unknown, not as refused.",
    );
  }
  if (pool.extraRoleConfigs?.length) {
    ev.assume(
      `The pool has ${pool.extraRoleConfigs.length + 1} role attachments; only the last one deployed takes effect, and the simulation uses the first one found.`,
    );
  }
}

export type { SimulationRequest, SimulationResult } from './types';
export { matchRule } from './matching';
export { SAML_ROLE_ATTRIBUTE, samlAssertionRoles } from './saml';
export { parseRolesClaim } from './tokenMapping';
