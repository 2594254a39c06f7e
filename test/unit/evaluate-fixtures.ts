/** Shared fixtures for the evaluation tests: pools built from small JSON texts and tokens signed with jose. */
import assert from 'node:assert/strict';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { linkPools, parseDocument } from '../../core/documents';
import { evaluateRequest, simulate, type EvaluateOptions } from '../../core/evaluate/index';
import type { SimulationRequest, SimulationResult } from '../../core/evaluate/types';
import type { IdentityPoolModel } from '../../core/model';

export const POOL_ID = 'us-east-1:11111111-2222-3333-4444-555555555555';
export const USER_POOL = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123';
export const USER_POOL_ISS = `https://${USER_POOL}`;
export const CLIENT = '1example23456789abcdefghij';
export const OTHER_CLIENT = '2otherclient3456789abcdefg';
export const GOOGLE_CLIENT = '123456789-abc.apps.googleusercontent.com';
export const OIDC_HOST = 'dev-tenant.eu.auth0.com';
export const OIDC_ARN = `arn:aws:iam::123456789012:oidc-provider/${OIDC_HOST}`;
export const SAML_ARN = 'arn:aws:iam::123456789012:saml-provider/Corp';
/** 2026-11-26 13:00:00 UTC */
export const NOW = 1795698000;

export const role = (name: string): string => `arn:aws:iam::123456789012:role/${name}`;
export const AUTH = role('Auth');
export const UNAUTH = role('Unauth');

export const ROLES_URI = 'file:///work/roles.json';
export const POOL_URI = 'file:///work/pool.json';

/** Parses a roles file (and optionally an identity-pool file) from JSON text and links them into one pool. */
export function poolFrom(rolesJson: string, poolJson?: string): IdentityPoolModel {
  const documents = [parseDocument(ROLES_URI, rolesJson)];
  if (poolJson !== undefined) documents.push(parseDocument(POOL_URI, poolJson));
  const pools = linkPools(documents);
  assert.equal(pools.length, 1, 'the roles file and the pool file should describe one pool');
  return pools[0];
}

/** A roles file as JSON text. */
export function rolesJson(roles: Record<string, string>, mappings?: Record<string, unknown>): string {
  return JSON.stringify({ IdentityPoolId: POOL_ID, Roles: roles, ...(mappings ? { RoleMappings: mappings } : {}) }, null, 2);
}

/** An identity-pool file (DescribeIdentityPool shape) as JSON text. */
export function poolJson(settings: Record<string, unknown>): string {
  return JSON.stringify({ IdentityPoolId: POOL_ID, IdentityPoolName: 'Test pool', ...settings }, null, 2);
}

/** The usual pool: a user pool with two registered app clients, Google, an OIDC and a SAML provider, guests off. */
export function standardPoolJson(overrides: Record<string, unknown> = {}): string {
  return poolJson({
    AllowUnauthenticatedIdentities: false,
    CognitoIdentityProviders: [
      { ProviderName: USER_POOL, ClientId: CLIENT, ServerSideTokenCheck: false },
      { ProviderName: USER_POOL, ClientId: OTHER_CLIENT },
    ],
    SupportedLoginProviders: { 'accounts.google.com': GOOGLE_CLIENT },
    OpenIdConnectProviderARNs: [OIDC_ARN],
    SamlProviderARNs: [SAML_ARN],
    ...overrides,
  });
}

export function rulesMapping(rules: Array<Record<string, string>>, resolution: 'AuthenticatedRole' | 'Deny' = 'AuthenticatedRole'): Record<string, unknown> {
  return { Type: 'Rules', AmbiguousRoleResolution: resolution, RulesConfiguration: { Rules: rules } };
}

export function rule(Claim: string, MatchType: string, Value: string, roleName: string): Record<string, string> {
  return { Claim, MatchType, Value, RoleARN: role(roleName) };
}

/** ID-token claims of the user pool, valid at NOW. */
export function userPoolClaims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { iss: USER_POOL_ISS, aud: CLIENT, token_use: 'id', sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', exp: NOW + 3600, iat: NOW - 60, ...extra };
}

export function evaluate(pool: IdentityPoolModel, request: Partial<SimulationRequest>, options?: EvaluateOptions): SimulationResult {
  return evaluateRequest(pool, { now: NOW, ...request }, options);
}

export async function evaluateAsync(pool: IdentityPoolModel, request: Partial<SimulationRequest>, options?: EvaluateOptions): Promise<SimulationResult> {
  return simulate(pool, { now: NOW, ...request }, options);
}

export interface SigningKey {
  privateKey: CryptoKeyLike;
  jwk: JWK;
  kid: string;
}
type CryptoKeyLike = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export async function makeKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  return { privateKey, jwk: { ...jwk, kid, alg: 'RS256', use: 'sig' }, kid };
}

/** A compact RS256 JWT with exactly the given claims (no defaults added). */
export async function signToken(key: SigningKey, claims: Record<string, unknown>, kid: string = key.kid): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(key.privateKey);
}

/** Asserts the fields of the CLI JSON contract that a test cares about. */
export function expectResult(
  result: SimulationResult,
  expected: Partial<Pick<SimulationResult, 'outcome' | 'via' | 'roleArn' | 'matchedRuleIndex' | 'mappingKey' | 'errorCode' | 'message' | 'dependsOn'>>,
): void {
  const actual: Record<string, unknown> = {};
  for (const key of Object.keys(expected)) actual[key] = result[key as keyof SimulationResult];
  assert.deepEqual(
    actual,
    expected,
    `trace:\n${result.trace.map((s) => `  ${s.step} ${s.status}: ${s.message}`).join('\n')}\nassumptions:\n  ${result.assumptions.join('\n  ')}`,
  );
}

/** Asserts that some assumption sentence matches. */
export function expectAssumption(result: SimulationResult, pattern: RegExp): void {
  assert.ok(
    result.assumptions.some((a) => pattern.test(a)),
    `expected an assumption matching ${pattern}, got:\n  ${result.assumptions.join('\n  ')}`,
  );
}

export function expectNoAssumption(result: SimulationResult, pattern: RegExp): void {
  assert.ok(!result.assumptions.some((a) => pattern.test(a)), `expected no assumption matching ${pattern}, got:\n  ${result.assumptions.join('\n  ')}`);
}

export function stepOf(result: SimulationResult, step: string): SimulationResult['trace'][number] {
  const found = result.trace.find((s) => s.step === step);
  assert.ok(found, `no ${step} step in the trace: ${result.trace.map((s) => s.step).join(', ')}`);
  return found;
}
