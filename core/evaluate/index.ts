/**
 * Simulates GetCredentialsForIdentity against a pool (spec section 3): which IAM role a login gets, or
 * which error AWS answers, with a step-by-step trace and the assumptions made where the spec is
 * UNCONFIRMED. Pure and synchronous except `simulate`, which first verifies the signature offline.
 */
import type { CoreDiagnostic } from '../diagnostics';
import { decodeToken, MAX_LOGIN_TOKEN_LENGTH, verifyTokenSignature, type DecodedToken, type SignatureCheck } from '../jwt';
import type { IdentityPoolModel, MappingRuleModel, RoleMappingModel, SourceValue } from '../model';
import type { Location } from '../positions';
import { classifyProvider, loginKeyFromIssuer, PROVIDER_KIND_LABELS, type ProviderKind } from '../providers';
import { assessTrustPolicy, type RoleUsage } from '../trust';
import {
  deployTimeOrigin,
  Evaluation,
  INVALID_POOL_CONFIGURATION,
  INVALID_POOL_CONFIGURATION_MESSAGE,
  locationOf,
  NOT_AUTHORIZED,
} from './context';
import { findMapping, nearMisses } from './lookup';
import { matchRule, showValue } from './matching';
import { runTokenChecks, type ClaimsSource } from './tokenChecks';
import type { SimulationRequest, SimulationResult, Via } from './types';

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

/** The SAML attribute listing the roles a user may assume, as `roleArn,providerArn` pairs [SAML]. */
export const SAML_ROLE_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/Role';

export const UNAUTHENTICATED_NOT_SUPPORTED_MESSAGE = 'Unauthenticated access is not supported for this identity pool.';

/** Text chosen for a refused CustomRoleArn; the spec marks code and message UNCONFIRMED. */
export const CUSTOM_ROLE_ARN_REFUSED_MESSAGE = 'The CustomRoleArn is not one of the roles available to this user.';

/** Synchronous evaluation (no signature verification: pass `options.signature` to include one). */
export function evaluateRequest(pool: IdentityPoolModel, request: SimulationRequest, options: EvaluateOptions = {}): SimulationResult {
  const ev = new Evaluation(pool, request, options);
  try {
    return evaluate(ev);
  } catch (error) {
    // A bug must not take the language server or the CLI down; say plainly that the answer is missing.
    const reason = error instanceof Error ? error.message : String(error);
    return ev.end({ outcome: 'error', via: 'validation', message: `The simulation stopped on an internal error (${reason}); this is a bug in the simulator, not an AWS answer.` });
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
  ev.step('validation', 'fail', `${blocking.message} AWS rejects this configuration, so no call can reach role selection.`, locationOf(blocking.uri, blocking.range));
  if (aws.assumed) ev.assume(`The error AWS returns for this configuration problem (${blocking.code}) is UNCONFIRMED; ${aws.code} is the most plausible.`);
  return ev.end({ outcome: 'error', via: 'validation', errorCode: aws.code, message: `${aws.message} (at ${place})`, awsError: aws, mappingKey: null });
}

function noteRoleConfiguration(ev: Evaluation): void {
  const { pool } = ev;
  if (!pool.roleConfig) {
    ev.assume('No role configuration (roles file or IdentityPoolRoleAttachment) was found for this pool, so it is treated as having no roles and no role mappings.');
    return;
  }
  if (pool.roleConfig.source === 'role-mappings') {
    ev.assume('The role configuration holds only RoleMappings (the --role-mappings value); the pool\'s default roles (Roles) are unknown, so a sign-in that ends at a default role is reported as unknown, not as refused.');
  }
  if (pool.extraRoleConfigs?.length) {
    ev.assume(`The pool has ${pool.extraRoleConfigs.length + 1} role attachments; only the last one deployed takes effect, and the simulation uses the first one found.`);
  }
}

/** A setting the path depends on is only known at deploy time: say so rather than guess. */
function unknownConfiguration(ev: Evaluation, what: string, value: SourceValue, location: Location | undefined): SimulationResult {
  ev.step('validation', 'skip', `${what} is ${value.value}, known only at deploy time.`, location);
  ev.assume(`${what} is ${value.value}, ${deployTimeOrigin(value.value)}; the simulation does not guess it.`);
  return ev.end({ outcome: 'error', via: 'validation', message: `${what} is ${value.value}, known only at deploy time, so the simulation cannot tell which role Cognito would choose.` });
}

function invalidConfiguration(ev: Evaluation, problem: string, location: Location | undefined): SimulationResult {
  ev.step('validation', 'fail', problem, location);
  return ev.end({ outcome: 'error', via: 'validation', message: `${problem} AWS rejects such a configuration (SetIdentityPoolRoles), so the pool cannot be deployed like this.` });
}

// ---------------------------------------------------------------------------------------------------
// Choosing a role

interface RoleChoice {
  role: SourceValue | string;
  via: Via;
  usage: RoleUsage;
  message: string;
  matchedRuleIndex?: number;
  roleLocation?: Location;
}

/** Ends with a role, after asking the role's trust policy (when it is in the workspace) whether STS would agree. */
function chooseRole(ev: Evaluation, choice: RoleChoice): SimulationResult {
  const roleArn = typeof choice.role === 'string' ? choice.role : choice.role.value;
  if (typeof choice.role !== 'string') ev.noteSymbolic('The chosen role', choice.role);
  const common = { via: choice.via, roleArn, matchedRuleIndex: choice.matchedRuleIndex ?? null, roleLocation: choice.roleLocation };
  const iamRole = ev.pool.iamRoles?.find((r) => r.arn !== undefined && r.arn.value === roleArn);
  if (!iamRole) {
    ev.step(
      'trust-policy',
      'skip',
      `The trust policy of ${roleArn} is not in these files, so it was not checked; Cognito can only use the role if it trusts cognito-identity.amazonaws.com for this pool's ${choice.usage} identities.`,
    );
    return ev.end({ outcome: 'role', message: choice.message, ...common });
  }
  const trust = assessTrustPolicy(iamRole, ev.pool, choice.usage);
  const location = trust.location ?? locationOf(iamRole.uri, iamRole.trustPolicyRange ?? iamRole.range);
  ev.step('trust-policy', trust.accepts ? 'pass' : 'fail', trust.message, location);
  if (trust.accepts) return ev.end({ outcome: 'role', message: choice.message, ...common });
  return ev.end({ outcome: 'error', errorCode: INVALID_POOL_CONFIGURATION, message: `${INVALID_POOL_CONFIGURATION_MESSAGE} ${trust.message}`, ...common });
}

function rolesLocation(ev: Evaluation, value: SourceValue | undefined): Location | undefined {
  const config = ev.pool.roleConfig;
  return locationOf(config?.uri, value?.range ?? config?.rolesRange ?? config?.anchorRange);
}

/** The pool's default authenticated role, or InvalidIdentityPoolConfigurationException when there is none. */
function defaultAuthenticated(ev: Evaluation, via: Via, message: string): SimulationResult {
  const unknown = defaultRoleUnknown(ev, 'authenticated', via, message);
  if (unknown) return unknown;
  const role = ev.pool.roleConfig?.authenticated;
  const location = rolesLocation(ev, role);
  if (!role) {
    ev.step('default-role', 'fail', 'The pool has no authenticated role (Roles.authenticated).', location);
    return ev.end({ outcome: 'error', via, errorCode: INVALID_POOL_CONFIGURATION, message: INVALID_POOL_CONFIGURATION_MESSAGE });
  }
  ev.step('default-role', 'pass', `The pool's authenticated role is ${role.value}.`, location);
  return chooseRole(ev, { role, via, usage: 'authenticated', message: `${message} Role: ${role.value}.`, roleLocation: location });
}

/**
 * A RoleMappings-only file does not say what the default roles are (they are set with `--roles`), so a
 * path that ends at one is unknown: say so instead of reporting a missing role.
 */
function defaultRoleUnknown(ev: Evaluation, which: 'authenticated' | 'unauthenticated', via: Via, message: string): SimulationResult | undefined {
  const config = ev.pool.roleConfig;
  if (config?.source !== 'role-mappings') return undefined;
  const file = config.uri.replace(/^.*\//, '');
  ev.step('default-role', 'skip', `The pool's default ${which} role (Roles.${which}) is not in ${file}, which holds only RoleMappings, so it is unknown.`, locationOf(config.uri, config.anchorRange));
  return ev.end({
    outcome: 'error',
    via,
    message: `${message} That role is unknown: ${file} holds only RoleMappings, not the pool's default roles (Roles); simulate the SetIdentityPoolRoles file (get-identity-pool-roles output) to know it.`,
  });
}

// ---------------------------------------------------------------------------------------------------
// Guests

function evaluateGuest(ev: Evaluation): SimulationResult {
  const definition = ev.pool.definition;
  const allow = definition?.allowUnauthenticatedIdentities;
  const allowLocation = locationOf(definition?.uri, allow?.range ?? definition?.anchorRange);
  ev.step('login-key', 'info', 'No login, token or claims: the request is an unauthenticated (guest) identity.');
  if (!definition) {
    ev.step('guest-access', 'skip', 'The identity pool\'s settings are unknown, so guest access is assumed to be allowed.');
    ev.assume('The identity pool\'s settings are unknown (no identity-pool file or IdentityPool resource was given), so guest access (AllowUnauthenticatedIdentities) is assumed to be allowed.');
  } else if (allow?.symbolic) {
    ev.step('guest-access', 'skip', `AllowUnauthenticatedIdentities is ${allow.value}, known only at deploy time; guest access is assumed to be allowed.`, allowLocation);
    ev.assume(`AllowUnauthenticatedIdentities is ${allow.value}, known only at deploy time; the simulation assumes guest access is allowed.`);
  } else if (allow?.value !== true) {
    ev.step(
      'guest-access',
      'fail',
      allow ? 'AllowUnauthenticatedIdentities is false, so the pool refuses guests.' : 'AllowUnauthenticatedIdentities is not set; it defaults to false, so the pool refuses guests.',
      allowLocation,
    );
    return ev.end({ outcome: 'deny', via: 'default-unauthenticated', errorCode: NOT_AUTHORIZED, message: UNAUTHENTICATED_NOT_SUPPORTED_MESSAGE });
  } else {
    ev.step('guest-access', 'pass', 'AllowUnauthenticatedIdentities is true, so the pool accepts guests.', allowLocation);
  }
  if (ev.request.customRoleArn !== undefined) {
    ev.step('custom-role-arn', 'info', 'CustomRoleArn is ignored for guests.');
    ev.assume('CustomRoleArn has no documented effect for unauthenticated identities; the simulation ignores it.');
  }
  const unknown = defaultRoleUnknown(ev, 'unauthenticated', 'default-unauthenticated', 'A guest gets the pool\'s unauthenticated role.');
  if (unknown) return unknown;
  const role = ev.pool.roleConfig?.unauthenticated;
  const location = rolesLocation(ev, role);
  if (!role) {
    ev.step('default-role', 'fail', 'The pool has no unauthenticated role (Roles.unauthenticated).', location);
    return ev.end({ outcome: 'error', via: 'default-unauthenticated', errorCode: INVALID_POOL_CONFIGURATION, message: INVALID_POOL_CONFIGURATION_MESSAGE });
  }
  ev.step('default-role', 'pass', `The pool's unauthenticated role is ${role.value}.`, location);
  ev.step(
    'scope-down',
    'info',
    'In the enhanced flow, guest credentials are also scoped down by a session policy (AmazonCognitoUnauthenticatedIdentities): the effective permissions are the intersection with the role\'s.',
  );
  return chooseRole(ev, { role, via: 'default-unauthenticated', usage: 'unauthenticated', message: `Guests get the pool's unauthenticated role ${role.value}.`, roleLocation: location });
}

// ---------------------------------------------------------------------------------------------------
// Authenticated identities

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const LOGINS_LENGTH_MESSAGE =
  '1 validation error detected: Value at \'logins\' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 50000, Member must have length greater than or equal to 1]';

function evaluateAuthenticated(ev: Evaluation): SimulationResult {
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
          message: `${PROVIDER_KIND_LABELS[opaque]} logins are not JWTs (${opaque === 'saml' ? 'a base64 SAML response' : 'an opaque access token'}), so the simulator cannot read this one; give its claims instead (${opaque === 'saml' ? 'the assertion\'s attributes' : 'iss, aud, sub'}).`,
        });
      }
      if (trimmed.length === 0 || trimmed.length > MAX_LOGIN_TOKEN_LENGTH) {
        ev.assume('The ValidationException text for a Logins token outside 1..50,000 characters is assumed from the API model\'s length constraint.');
        return ev.tokenFailure(LOGINS_LENGTH_MESSAGE, 'ValidationException');
      }
      ev.assume('The AWS message for a token that cannot be decoded is not documented; the simulation reports NotAuthorizedException "Invalid login token." with the reason.');
      return ev.tokenFailure(`Invalid login token. ${decoded.error}`);
    }
    claims = decoded.claims;
    header = decoded.header;
    source = 'token';
    ev.step('token.decode', 'pass', `The token was decoded: a JWT signed with ${showValue(decoded.header.alg ?? null)}${typeof decoded.header.kid === 'string' ? ` by key ${showValue(decoded.header.kid)}` : ''}.`);
    if (request.claims !== undefined) ev.step('token.decode', 'info', 'Claims were also given; the token\'s own claims are used instead.');
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

  if (kind === 'developer') {
    ev.step('developer', 'info', 'Developer-authenticated identities always get the default authenticated role; role mappings are not consulted.');
    ignoreCustomRoleArn(ev, 'for developer-authenticated identities');
    return defaultAuthenticated(ev, 'default-authenticated', 'Developer-authenticated identities get the pool\'s default authenticated role.');
  }
  return evaluateMappings(ev, { claims, loginKey, kind, clientId: checks.clientId });
}

/** Providers whose login value is not a JWT, so only their claims can be simulated. */
function opaqueLoginKind(loginKey: string | undefined): ProviderKind | undefined {
  if (loginKey === undefined || loginKey.trim() === '') return undefined;
  const kind = classifyProvider(loginKey.trim());
  return kind === 'facebook' || kind === 'amazon' || kind === 'twitter' || kind === 'digits' || kind === 'saml' ? kind : undefined;
}

function ignoreCustomRoleArn(ev: Evaluation, when: string): void {
  if (ev.request.customRoleArn === undefined) return;
  ev.step('custom-role-arn', 'info', `CustomRoleArn is ignored ${when}.`);
  ev.assume(`The effect of CustomRoleArn ${when} is UNCONFIRMED; the simulation ignores it.`);
}

interface LoginContext {
  claims: Readonly<Record<string, unknown>>;
  loginKey: string;
  kind: ProviderKind;
  clientId?: string;
}

function evaluateMappings(ev: Evaluation, login: LoginContext): SimulationResult {
  const config = ev.pool.roleConfig;
  const mappings = config?.mappings ?? [];
  if (config?.mappingsSymbolic) {
    ev.assume(`RoleMappings is ${config.mappingsSymbolic.value}, known only at deploy time; the simulation treats the pool as having no role mappings.`);
  }
  const wantedKey = login.kind === 'cognito-user-pool' ? `${login.loginKey}:${login.clientId ?? ''}` : login.loginKey;
  const found = findMapping(mappings, login.kind, wantedKey, login.loginKey);
  if (!found) {
    const hints = nearMisses(mappings, login.kind, wantedKey, login.loginKey);
    ev.step(
      'mapping',
      'info',
      `No role mapping applies to ${wantedKey}${hints.length ? ` (${hints.join('; ')})` : ''}.`,
      locationOf(config?.uri, config?.mappingsRange ?? config?.anchorRange),
    );
    if (login.kind === 'saml') return evaluateSamlAssertionRoles(ev, login);
    ignoreCustomRoleArn(ev, 'when no role mapping applies');
    return defaultAuthenticated(ev, 'default-authenticated', `No role mapping applies to ${wantedKey}, so the pool's default authenticated role is used.`);
  }

  const { mapping, how } = found;
  ev.mappingKey = mapping.provider.value;
  switch (how) {
    case 'oidc-host':
      ev.assume(`The mapping is keyed by the OIDC issuer host ${login.loginKey}; AWS documents the OIDC provider ARN as the key, and whether the host form is accepted is UNCONFIRMED.`);
      break;
    case 'oidc-arn':
      ev.assume(`The mapping keyed by the OIDC provider ARN ${mapping.provider.value} is applied to logins from the issuer host it names (${login.loginKey}); the exact lookup is assumed.`);
      break;
    case 'placeholder':
      ev.assume(`The mapping's provider ${mapping.provider.value} is only known at deploy time; its \${...} and <...> parts were treated as wildcards, so it is assumed to be ${wantedKey}.`);
      break;
    default:
      break;
  }
  const type = mapping.type;
  ev.step('mapping', 'pass', `The mapping for ${mapping.provider.value} applies (Type ${type ? type.value : 'missing'}).`, locationOf(config?.uri, mapping.range));
  if (type?.symbolic) return unknownConfiguration(ev, `The Type of the mapping for ${mapping.provider.value}`, type, locationOf(config?.uri, type.range));
  if (!type || (type.value !== 'Token' && type.value !== 'Rules')) {
    return invalidConfiguration(ev, `The mapping for ${mapping.provider.value} has ${type ? `Type ${showValue(type.value)}` : 'no Type'}; it must be Token or Rules.`, locationOf(config?.uri, type?.range ?? mapping.range));
  }
  return type.value === 'Token' ? evaluateTokenType(ev, login, mapping) : evaluateRules(ev, login, mapping);
}

// ---------------------------------------------------------------------------------------------------
// Type: Token (spec 3.3)

/** `cognito:roles` as a list: a JSON array, or the comma-separated string the docs describe. */
export function parseRolesClaim(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean);
  if (typeof value === 'string') return value.split(',').map((v) => v.trim()).filter(Boolean);
  return undefined;
}

function evaluateTokenType(ev: Evaluation, login: LoginContext, mapping: RoleMappingModel): SimulationResult {
  const roles = parseRolesClaim(login.claims['cognito:roles']);
  const preferredClaim = login.claims['cognito:preferred_role'];
  const preferred = typeof preferredClaim === 'string' && preferredClaim.trim() !== '' ? preferredClaim.trim() : undefined;
  if (login.kind !== 'cognito-user-pool') {
    ev.assume(`Type Token for a ${PROVIDER_KIND_LABELS[login.kind]} provider: its tokens normally carry no cognito:roles or cognito:preferred_role, and the behaviour is UNCONFIRMED; the simulation reads those claims if present and otherwise applies AmbiguousRoleResolution.`);
  }
  ev.step(
    'token-roles',
    'info',
    `The token's cognito:roles has ${roles === undefined ? 'no value' : `${roles.length} role(s)`}${typeof login.claims['cognito:roles'] === 'string' ? ' (a comma-separated string)' : ''}; cognito:preferred_role is ${preferred ?? 'absent'}.`,
  );

  const custom = ev.request.customRoleArn;
  if (custom !== undefined) {
    if (roles?.includes(custom)) {
      ev.step('custom-role-arn', 'pass', `CustomRoleArn ${custom} is one of the token's cognito:roles.`);
      return chooseRole(ev, { role: custom, via: 'custom-role-arn', usage: 'authenticated', message: `The requested CustomRoleArn ${custom} is one of the token's cognito:roles, so it is used.` });
    }
    ev.step('custom-role-arn', 'fail', `CustomRoleArn ${custom} is not one of the token's cognito:roles, so Cognito denies the request.`);
    ev.assume('A CustomRoleArn that is not in cognito:roles is denied as documented; the error code (NotAuthorizedException) and message are UNCONFIRMED and assumed.');
    return ev.end({ outcome: 'deny', via: 'custom-role-arn', errorCode: NOT_AUTHORIZED, message: CUSTOM_ROLE_ARN_REFUSED_MESSAGE });
  }
  if (preferred !== undefined) {
    if (roles && !roles.includes(preferred)) {
      ev.assume('cognito:preferred_role is not one of cognito:roles; the simulation uses it anyway (whether Cognito requires it to be listed is UNCONFIRMED).');
    }
    ev.step('token-roles', 'pass', `cognito:preferred_role ${preferred} is used.`);
    return chooseRole(ev, { role: preferred, via: 'token', usage: 'authenticated', message: `The token's cognito:preferred_role ${preferred} is used.` });
  }
  if (!roles || roles.length === 0) {
    ev.step('token-roles', 'info', 'The token carries no roles, so role resolution is invoked.');
  } else if (roles.length === 1) {
    ev.step('token-roles', 'info', 'The token has one role in cognito:roles but no cognito:preferred_role, so role resolution is invoked.');
    ev.assume('A token with one cognito:roles entry and no cognito:preferred_role (user pools normally set it then) is assumed to go to AmbiguousRoleResolution.');
  } else {
    ev.step('token-roles', 'info', `The token has ${roles.length} roles, no cognito:preferred_role and no CustomRoleArn was given, so the role is ambiguous.`);
  }
  return ambiguous(ev, login, mapping);
}

// ---------------------------------------------------------------------------------------------------
// Type: Rules (spec 3.1, 3.2, 3.4)

function evaluateRules(ev: Evaluation, login: LoginContext, mapping: RoleMappingModel): SimulationResult {
  const uri = ev.pool.roleConfig?.uri;
  const custom = ev.request.customRoleArn;
  if (mapping.rules.length === 0) {
    ev.step('rules', 'info', 'The mapping has no rules.', locationOf(uri, mapping.rulesRange ?? mapping.range));
  }
  const matching: MappingRuleModel[] = [];
  for (let i = 0; i < mapping.rules.length; i++) {
    const rule = mapping.rules[i];
    const result = matchRule(rule, login.claims);
    ev.assumeAll(result.assumptions);
    ev.step('rule', result.status === 'matched' ? 'pass' : result.status === 'not-matched' ? 'fail' : 'skip', result.reason, locationOf(uri, rule.range), rule.index);
    if (!result.matched) continue;
    matching.push(rule);
    // The first match decides (unless a CustomRoleArn picks among the matches): one step for the rest.
    if (custom === undefined) {
      const rest = mapping.rules.slice(i + 1);
      if (rest.length > 0) ev.step('rule', 'skip', `${ruleList(rest)} ${rest.length === 1 ? 'is' : 'are'} not evaluated: Rules[${rule.index}] matched first.`, locationOf(uri, rest[0].range), rest[0].index);
      break;
    }
  }

  if (custom !== undefined) {
    ev.assume('CustomRoleArn with a Rules mapping is documented only as overriding the rule order; the simulation accepts it only when it is the RoleARN of a matching rule and otherwise denies the request (NotAuthorizedException assumed).');
    const chosen = matching.find((r) => r.roleArn !== undefined && !r.roleArn.symbolic && r.roleArn.value === custom);
    if (chosen) {
      ev.step('custom-role-arn', 'pass', `CustomRoleArn ${custom} is the role of the matching rule Rules[${chosen.index}].`, locationOf(uri, chosen.roleArn!.range), chosen.index);
      return chooseRole(ev, {
        role: chosen.roleArn!,
        via: 'custom-role-arn',
        usage: 'authenticated',
        matchedRuleIndex: chosen.index,
        roleLocation: locationOf(uri, chosen.roleArn!.range),
        message: `The requested CustomRoleArn ${custom} is the role of the matching rule Rules[${chosen.index}], so it is used.`,
      });
    }
    ev.step('custom-role-arn', 'fail', `CustomRoleArn ${custom} is not the role of any matching rule${matching.length ? ` (matching: ${matching.map((r) => `Rules[${r.index}]`).join(', ')})` : ''}.`);
    return ev.end({ outcome: 'deny', via: 'custom-role-arn', errorCode: NOT_AUTHORIZED, message: CUSTOM_ROLE_ARN_REFUSED_MESSAGE });
  }

  const first = matching[0];
  if (first) {
    if (!first.roleArn) {
      return invalidConfiguration(ev, `Rules[${first.index}] matches but has no RoleARN.`, locationOf(uri, first.range));
    }
    const roleLocation = locationOf(uri, first.roleArn.range);
    return chooseRole(ev, {
      role: first.roleArn,
      via: 'rules',
      usage: 'authenticated',
      matchedRuleIndex: first.index,
      roleLocation,
      message: `Rules[${first.index}] of the mapping for ${mapping.provider.value} is the first rule that matches, so its role ${first.roleArn.value} is used.`,
    });
  }
  ev.step('rules', 'info', 'No rule matched, so role resolution is invoked.', locationOf(uri, mapping.rulesRange ?? mapping.range));
  return ambiguous(ev, login, mapping);
}

/** `Rules[3]`, `Rules[3] and Rules[4]`, `Rules[3] to Rules[24]` (the rules after a match are consecutive). */
function ruleList(rules: readonly MappingRuleModel[]): string {
  const first = `Rules[${rules[0].index}]`;
  const last = `Rules[${rules[rules.length - 1].index}]`;
  return rules.length === 1 ? first : rules.length === 2 ? `${first} and ${last}` : `${first} to ${last}`;
}

// ---------------------------------------------------------------------------------------------------
// AmbiguousRoleResolution

function ambiguous(ev: Evaluation, login: LoginContext, mapping: RoleMappingModel): SimulationResult {
  const uri = ev.pool.roleConfig?.uri;
  const resolution = mapping.ambiguousRoleResolution;
  const location = locationOf(uri, resolution?.range ?? mapping.range);
  if (resolution?.symbolic) return unknownConfiguration(ev, `The AmbiguousRoleResolution of the mapping for ${mapping.provider.value}`, resolution, location);
  if (!resolution || (resolution.value !== 'AuthenticatedRole' && resolution.value !== 'Deny')) {
    return invalidConfiguration(
      ev,
      `The mapping for ${mapping.provider.value} has ${resolution ? `AmbiguousRoleResolution ${showValue(resolution.value)}` : 'no AmbiguousRoleResolution'}; it must be AuthenticatedRole or Deny.`,
      location,
    );
  }
  if (resolution.value === 'AuthenticatedRole') {
    ev.step('ambiguous-resolution', 'info', 'AmbiguousRoleResolution is AuthenticatedRole, so the default authenticated role is used.', location);
    return defaultAuthenticated(ev, 'ambiguous-resolution', 'No role could be chosen from the mapping and AmbiguousRoleResolution is AuthenticatedRole, so the pool\'s default authenticated role is used.');
  }
  ev.step('ambiguous-resolution', 'fail', 'AmbiguousRoleResolution is Deny, so Cognito refuses the request.', location);
  if (mapping.provider.value !== login.loginKey) {
    ev.assume(`The provider named in the Deny message is only documented for accounts.google.com; the simulation names the Logins key ${login.loginKey} rather than the mapping key ${mapping.provider.value} (UNCONFIRMED).`);
  }
  return ev.end({ outcome: 'deny', via: 'ambiguous-resolution', errorCode: NOT_AUTHORIZED, message: `The ambiguous role mapping rules for: ${login.loginKey} denied this request.` });
}

// ---------------------------------------------------------------------------------------------------
// SAML without a role mapping (spec 3.5)

/** Role ARNs listed in the SAML Role attribute for this provider (`roleArn,providerArn` pairs, in either order). */
export function samlAssertionRoles(value: unknown, providerArn: string): { roles: string[]; otherProviders: number } {
  const values = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  const roles: string[] = [];
  let otherProviders = 0;
  for (const entry of values) {
    if (typeof entry !== 'string') continue;
    const parts = entry.split(',').map((p) => p.trim());
    const provider = parts.find((p) => /:saml-provider\//.test(p));
    const entryRoles = parts.filter((p) => /:role\//.test(p));
    if (provider !== undefined && provider !== providerArn) {
      otherProviders += entryRoles.length;
      continue;
    }
    for (const role of entryRoles) if (!roles.includes(role)) roles.push(role);
  }
  return { roles, otherProviders };
}

function evaluateSamlAssertionRoles(ev: Evaluation, login: LoginContext): SimulationResult {
  ev.assume('How the SAML assertion\'s Role attribute combines with the pool\'s roles is UNCONFIRMED; without a role mapping the simulation uses the CustomRoleArn when the assertion lists it, the only listed role when there is one, and otherwise the default authenticated role.');
  const { roles, otherProviders } = samlAssertionRoles(login.claims[SAML_ROLE_ATTRIBUTE], login.loginKey);
  if (otherProviders > 0) {
    ev.assume(`The assertion's Role attribute names ${otherProviders} role(s) paired with another SAML provider; the simulation ignores them.`);
  }
  ev.step('saml-roles', 'info', `The assertion's ${SAML_ROLE_ATTRIBUTE} attribute lists ${roles.length} role(s) for this provider.`);
  const custom = ev.request.customRoleArn;
  if (custom !== undefined && roles.length > 0) {
    if (roles.includes(custom)) {
      ev.step('custom-role-arn', 'pass', `CustomRoleArn ${custom} is one of the assertion's roles.`);
      return chooseRole(ev, { role: custom, via: 'custom-role-arn', usage: 'authenticated', message: `The requested CustomRoleArn ${custom} is one of the SAML assertion's roles, so it is used.` });
    }
    ev.step('custom-role-arn', 'fail', `CustomRoleArn ${custom} is not one of the assertion's roles.`);
    ev.assume('A CustomRoleArn that the SAML assertion does not list is assumed to be denied with NotAuthorizedException (code and message UNCONFIRMED).');
    return ev.end({ outcome: 'deny', via: 'custom-role-arn', errorCode: NOT_AUTHORIZED, message: CUSTOM_ROLE_ARN_REFUSED_MESSAGE });
  }
  if (roles.length === 1) {
    return chooseRole(ev, { role: roles[0], via: 'token', usage: 'authenticated', message: `The SAML assertion lists one role, ${roles[0]}, which is used.` });
  }
  if (custom !== undefined) ignoreCustomRoleArn(ev, 'when the SAML assertion lists no roles');
  return defaultAuthenticated(
    ev,
    'default-authenticated',
    roles.length === 0
      ? 'The SAML assertion lists no roles and no role mapping applies, so the pool\'s default authenticated role is used.'
      : `The SAML assertion lists ${roles.length} roles and no CustomRoleArn chose one, so the pool's default authenticated role is used.`,
  );
}

export type { SimulationRequest, SimulationResult } from './types';
export { matchRule } from './matching';
