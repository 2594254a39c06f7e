/**
 * Signed-in identities: the login and its token checks, then the role mapping for the provider (Token,
 * Rules) or, without one, the SAML assertion's roles or the default authenticated role.
 */
import { decodeToken, MAX_LOGIN_TOKEN_LENGTH } from '../token/jwt';
import type { RoleMappingModel } from '../model';
import { classifyProvider, loginKeyFromIssuer, PROVIDER_KIND_LABELS, type ProviderKind } from '../providers';
import { isRoleMappingType, ROLE_MAPPING_TYPES } from '../api/model';
import { locationOf, type Evaluation } from './context';
import { findMapping, nearMisses } from './lookup';
import { showValue } from './matching';
import { runTokenChecks, type ClaimsSource } from './tokenChecks';
import type { SimulationResult } from './types';
import { deployTimeText, invalidConfiguration, outcomeSummary, rolesSetAtDeployTime, undecided, unknownConfiguration } from './outcomes';
import { defaultAuthenticated } from './roleChoice';
import { evaluateRules } from './rulesMapping';
import { evaluateSamlAssertionRoles } from './saml';
import { evaluateTokenType } from './tokenMapping';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const LOGINS_LENGTH_MESSAGE =
  "1 validation error detected: Value at 'logins' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 50000, Member must have length greater than or equal to 1]";

export function evaluateAuthenticated(ev: Evaluation): SimulationResult {
  const { request } = ev;
  let claims: Record<string, unknown>;
  let header: Record<string, unknown> | undefined;
  let source: ClaimsSource;

  if (request.token !== undefined) {
    const trimmed = typeof request.token === 'string' ? request.token.trim() : '';
    const decoded = ev.options.decoded ?? decodeToken(trimmed);
    if (!decoded.ok) {
      ev.step('token.decode', 'fail', decoded.error);
      const opaque = opaqueLoginKind(request.loginKey);
      if (opaque !== undefined && trimmed.length > 0 && trimmed.length <= MAX_LOGIN_TOKEN_LENGTH) {
        return ev.end({
          outcome: 'error',
          via: 'token-validation',
          message: `${PROVIDER_KIND_LABELS[opaque]} logins are not JWTs (${opaque === 'saml' ? 'a base64 SAML response' : 'an opaque access token'}), so the simulator cannot read this one; give its claims instead (${opaque === 'saml' ? "the assertion's attributes" : 'iss, aud, sub'}).`,
        });
      }
      if (trimmed.length === 0 || trimmed.length > MAX_LOGIN_TOKEN_LENGTH) {
        ev.assume("The ValidationException text for a Logins token outside 1..50,000 characters is assumed from the API model's length constraint.");
        return ev.tokenFailure(LOGINS_LENGTH_MESSAGE, 'ValidationException');
      }
      ev.assume(
        'The AWS message for a token that cannot be decoded is not documented; the simulation reports NotAuthorizedException "Invalid login token." with the reason.',
      );
      return ev.tokenFailure(`Invalid login token. ${decoded.error}`);
    }
    claims = decoded.claims;
    header = decoded.header;
    source = 'token';
    ev.step(
      'token.decode',
      'pass',
      `The token was decoded: a JWT signed with ${showValue(decoded.header.alg ?? null)}${typeof decoded.header.kid === 'string' ? ` by key ${showValue(decoded.header.kid)}` : ''}.`,
    );
    if (request.claims !== undefined) ev.step('token.decode', 'info', "Claims were also given; the token's own claims are used instead.");
  } else if (request.claims !== undefined) {
    if (!isPlainObject(request.claims)) {
      return ev.end({ outcome: 'error', via: 'token-validation', message: 'The claims must be a JSON object of claim names and values.' });
    }
    claims = request.claims;
    source = 'claims';
    ev.step('token.decode', 'info', 'Claims were given directly instead of a token: only the claims present are checked, and there is no signature.');
  } else {
    claims = {};
    source = 'none';
    ev.step('token.decode', 'info', 'Only a login key was given: the simulation assumes a token that passes every check and carries no claims.');
    ev.assume('No token or claims were given, so the simulation assumes a valid token without claims: rules on claims cannot match.');
  }

  let loginKey = request.loginKey?.trim() ?? '';
  let loginKeyFromIss = false;
  if (loginKey === '') {
    const iss = claims.iss;
    if (typeof iss !== 'string' || loginKeyFromIssuer(iss) === '') {
      ev.step('login-key', 'fail', 'There is no login key and no iss claim to derive it from.');
      return ev.end({
        outcome: 'error',
        via: 'token-validation',
        message: 'The Logins key is unknown: give it (e.g. --login accounts.google.com) or use a token whose iss names the provider.',
      });
    }
    loginKey = loginKeyFromIssuer(iss);
    loginKeyFromIss = true;
  }
  const kind = classifyProvider(loginKey);
  ev.step(
    'login-key',
    'info',
    loginKeyFromIss
      ? `No login key was given; the iss claim gives the Logins key ${loginKey} (${PROVIDER_KIND_LABELS[kind]}).`
      : `Logins key ${loginKey} (${PROVIDER_KIND_LABELS[kind]}).`,
  );

  const checks = runTokenChecks(ev, { claims, header, source, loginKey, loginKeyFromIss, kind });
  if (checks.failure) return checks.failure;
  const setAtDeployTime = rolesSetAtDeployTime(ev, kind === 'developer' ? 'the default authenticated role' : 'the role mappings and default roles');
  if (setAtDeployTime) return setAtDeployTime;

  if (kind === 'developer') {
    ev.step('developer', 'info', 'Developer-authenticated identities always get the default authenticated role; role mappings are not consulted.');
    ignoreCustomRoleArn(ev, 'for developer-authenticated identities');
    return defaultAuthenticated(ev, 'default-authenticated', "Developer-authenticated identities get the pool's default authenticated role.");
  }
  return evaluateMappings(ev, { claims, loginKey, kind, clientId: checks.clientId });
}

/** Providers whose login value is not a JWT, so only their claims can be simulated. */
function opaqueLoginKind(loginKey: string | undefined): ProviderKind | undefined {
  if (loginKey === undefined || loginKey.trim() === '') return undefined;
  const kind = classifyProvider(loginKey.trim());
  return kind === 'facebook' || kind === 'amazon' || kind === 'twitter' || kind === 'digits' || kind === 'saml' ? kind : undefined;
}

export function ignoreCustomRoleArn(ev: Evaluation, when: string): void {
  if (ev.request.customRoleArn === undefined) return;
  ev.step('custom-role-arn', 'info', `CustomRoleArn is ignored ${when}.`);
  ev.assume(`The effect of CustomRoleArn ${when} is UNCONFIRMED; the simulation ignores it.`);
}

export interface LoginContext {
  claims: Readonly<Record<string, unknown>>;
  loginKey: string;
  kind: ProviderKind;
  clientId?: string;
}

function evaluateMappings(ev: Evaluation, login: LoginContext): SimulationResult {
  const config = ev.pool.roleConfig;
  const mappings = config?.mappings ?? [];
  const wantedKey = login.kind === 'cognito-user-pool' ? `${login.loginKey}:${login.clientId ?? ''}` : login.loginKey;
  const symbolicMappings = config?.mappingsSymbolic;
  if (symbolicMappings) {
    ev.step(
      'mapping',
      'skip',
      `RoleMappings is ${deployTimeText(symbolicMappings)}, known only at deploy time; the steps below show what happens if it holds no mapping for ${wantedKey}.`,
      locationOf(config?.uri, symbolicMappings.range),
    );
    const withoutMapping = roleWithoutMapping(ev, login, wantedKey);
    return undecided(
      ev,
      [{ what: 'RoleMappings', value: symbolicMappings }],
      [`if it holds a mapping for ${wantedKey}, that mapping decides`, `otherwise, ${outcomeSummary(withoutMapping)}`],
      withoutMapping.via,
      withoutMapping,
    );
  }
  const found = findMapping(mappings, login.kind, wantedKey, login.loginKey);
  if (found) return evaluateMapping(ev, login, wantedKey, found);
  const unread = config?.nonStaticMappings ?? [];
  if (unread.length === 0) return evaluateWithoutMapping(ev, login, wantedKey, mappings);
  // A mapping given by an intrinsic function may be the one for this login.
  ev.step(
    'mapping',
    'skip',
    `No role mapping that could be read applies to ${wantedKey}, but ${unread.length === 1 ? 'one mapping is' : `${unread.length} mappings are`} known only at deploy time; the steps below show what happens if none of them is for ${wantedKey}.`,
    locationOf(config?.uri, unread[0].range),
  );
  const withoutMapping = roleWithoutMapping(ev, login, wantedKey);
  return undecided(
    ev,
    unread.map((value) => ({ what: 'the role mapping', value })),
    [`if one of them is for ${wantedKey}, it decides`, `otherwise, ${outcomeSummary(withoutMapping)}`],
    withoutMapping.via,
    withoutMapping,
  );
}

/** No role mapping applies to the login (`mappings` are the pool's, for near-miss hints). */
function evaluateWithoutMapping(ev: Evaluation, login: LoginContext, wantedKey: string, mappings: readonly RoleMappingModel[]): SimulationResult {
  const config = ev.pool.roleConfig;
  const hints = nearMisses(mappings, login.kind, wantedKey, login.loginKey);
  ev.step(
    'mapping',
    'info',
    `No role mapping applies to ${wantedKey}${hints.length ? ` (${hints.join('; ')})` : ''}.`,
    locationOf(config?.uri, config?.mappingsRange ?? config?.anchorRange),
  );
  return roleWithoutMapping(ev, login, wantedKey);
}

/** Without a role mapping: the SAML assertion's roles, or the default authenticated role. */
function roleWithoutMapping(ev: Evaluation, login: LoginContext, wantedKey: string): SimulationResult {
  if (login.kind === 'saml') return evaluateSamlAssertionRoles(ev, login);
  ignoreCustomRoleArn(ev, 'when no role mapping applies');
  return defaultAuthenticated(ev, 'default-authenticated', `No role mapping applies to ${wantedKey}, so the pool's default authenticated role is used.`);
}

function evaluateMapping(ev: Evaluation, login: LoginContext, wantedKey: string, found: NonNullable<ReturnType<typeof findMapping>>): SimulationResult {
  const config = ev.pool.roleConfig;
  const { mapping, how } = found;
  ev.mappingKey = mapping.provider.value;
  switch (how) {
    case 'oidc-host':
      ev.assume(
        `The mapping is keyed by the OIDC issuer host ${login.loginKey}; AWS documents the OIDC provider ARN as the key, and whether the host form is accepted is UNCONFIRMED.`,
      );
      break;
    case 'oidc-arn':
      ev.assume(
        `The mapping keyed by the OIDC provider ARN ${mapping.provider.value} is applied to logins from the issuer host it names (${login.loginKey}); the exact lookup is assumed.`,
      );
      break;
    case 'placeholder':
      ev.assume(
        `The mapping's provider ${mapping.provider.value} is only known at deploy time; its \${...} and <...> parts were treated as wildcards, so it is assumed to be ${wantedKey}.`,
      );
      break;
    default:
      break;
  }
  const type = mapping.type;
  ev.step(
    'mapping',
    'pass',
    `The mapping for ${mapping.provider.value} applies (Type ${type ? type.value : 'missing'}).`,
    locationOf(config?.uri, mapping.range),
  );
  if (type?.symbolic) return unknownConfiguration(ev, `the Type of the mapping for ${mapping.provider.value}`, type, locationOf(config?.uri, type.range));
  if (!type || !isRoleMappingType(type.value)) {
    return invalidConfiguration(
      ev,
      `The mapping for ${mapping.provider.value} has ${type ? `Type ${showValue(type.value)}` : 'no Type'}; it must be ${ROLE_MAPPING_TYPES.join(' or ')}.`,
      locationOf(config?.uri, type?.range ?? mapping.range),
    );
  }
  return type.value === 'Token' ? evaluateTokenType(ev, login, mapping) : evaluateRules(ev, login, mapping);
}
