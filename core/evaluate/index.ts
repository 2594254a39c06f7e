/**
 * Simulates GetCredentialsForIdentity against a pool (spec section 3): which IAM role a login gets, or
 * which error AWS answers, with a step-by-step trace and the assumptions made where the spec is
 * UNCONFIRMED. Pure and synchronous except `simulate`, which first verifies the signature offline.
 */
import type { CoreDiagnostic } from '../diagnostics';
import { decodeToken, MAX_LOGIN_TOKEN_LENGTH, verifyTokenSignature, type DecodedToken, type SignatureCheck } from '../jwt';
import type { IdentityPoolModel, MappingRuleModel, RoleMappingModel, SourceValue } from '../model';
import type { Location } from '../positions';
import { classifyProvider, IAM_ROLE_ARN_RE, loginKeyFromIssuer, PROVIDER_KIND_LABELS, type ProviderKind } from '../providers';
import { serverlessVariablesIn } from '../cloudformation/intrinsics';
import { assessTrustPolicy, type RoleUsage } from '../trust';
import {
  CUSTOM_ROLE_ARN_REFUSED_MESSAGE,
  INVALID_POOL_CONFIGURATION,
  INVALID_POOL_CONFIGURATION_MESSAGE,
  NOT_AUTHORIZED,
  UNAUTHENTICATED_NOT_SUPPORTED_MESSAGE,
} from '../api/awsErrors';
import { AMBIGUOUS_ROLE_RESOLUTIONS, isAmbiguousRoleResolution, isRoleMappingType, ROLE_MAPPING_TYPES } from '../api/model';
import { Evaluation, locationOf } from './context';
import { findMapping, matchesWithPlaceholders, nearMisses } from './lookup';
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
    if (pool.deployTimeRoleConfig?.length) return; // Said where the roles are needed (rolesSetAtDeployTime).
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

/**
 * A custom resource or Lambda sets the pool's roles and mappings while the stack deploys (SetIdentityPoolRoles
 * replaces the whole configuration), so the template's roles may not be the ones in force: the result says
 * "unknown" and names the resources rather than presenting the template's default role.
 */
function rolesSetAtDeployTime(ev: Evaluation, what: string): SimulationResult | undefined {
  const configurers = ev.pool.deployTimeRoleConfig;
  if (!configurers?.length) return undefined;
  const names = configurers.map((c) => c.logicalId).join(', ');
  ev.step('validation', 'skip', `The ${configurers[0].how} the pool's roles and role mappings at deploy time; ${what} cannot be read from the template.`, locationOf(configurers[0].uri, configurers[0].range));
  ev.assume(`The roles and role mappings of this pool are set at deploy time by ${names}; the simulation does not guess them.`);
  return unknownOutcome(ev, `${names} set${configurers.length === 1 ? 's' : ''} this pool's roles and role mappings at deploy time, so the simulation cannot tell which role Cognito would choose.`);
}

/** The role depends on what only deployment decides: no role, no AWS error, and a message that starts with "Unknown:". */
function unknownOutcome(ev: Evaluation, why: string): SimulationResult {
  return ev.end({ outcome: 'unknown', via: 'validation', mappingKey: null, message: `Unknown: ${why}` });
}

/** A setting the path depends on is only known at deploy time: say so rather than guess. */
function unknownConfiguration(ev: Evaluation, what: string, value: SourceValue, location: Location | undefined): SimulationResult {
  ev.step('validation', 'skip', `${what} is ${deployTimeText(value)}, known only at deploy time.`, location);
  return undecided(ev, [{ what, value }], ['the simulation cannot tell which role Cognito would choose'], 'validation');
}

/** A value known only at deploy time that the outcome depends on, and what it is (for messages). */
interface DeployTimeValue {
  what: string;
  value: SourceValue<unknown>;
}

/**
 * How to name a deploy-time value after what it is: `${AdminGroup} (template parameter AdminGroup)`; a
 * symbolic boolean has no text of its own: `(depends on template parameter Environment)`.
 */
function deployTimeText(value: SourceValue<unknown>): string {
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
function outcomeSummary(result: SimulationResult): string {
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
function undecided(ev: Evaluation, values: readonly DeployTimeValue[], cases: readonly string[], via: Via, fallback?: SimulationResult): SimulationResult {
  const parameters = [...new Set([...values.flatMap((v) => v.value.parameters ?? []), ...(fallback?.dependsOn ?? [])])];
  const shown = values.map((v) => `${v.what} ${deployTimeText(v.value)}`);
  const give = parameters.length === 0 ? '' : ` Give ${parameters.length === 1 ? 'a value for template parameter' : 'values for template parameters'} ${parameters.join(', ')} to decide it.`;
  const message = `The outcome depends on ${joinWords(shown)}, known only at deploy time: ${cases.join('; ').replace(/\.$/, '')}.${give}`;
  return ev.end({ outcome: 'unknown', via, message, dependsOn: parameters });
}

function joinWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
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
  // A role given as a plain string came from the token or the request (the configuration's roles are checked
  // by validation): anything but a role ARN is attacker-chosen text that STS cannot assume.
  if (typeof choice.role === 'string' && !IAM_ROLE_ARN_RE.test(roleArn)) return malformedTokenRole(ev, choice, roleArn);
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
  // The role was chosen but cannot be used: it is named in the message and trace, not in roleArn.
  return ev.end({ outcome: 'error', errorCode: INVALID_POOL_CONFIGURATION, message: `${INVALID_POOL_CONFIGURATION_MESSAGE} The chosen role ${roleArn} cannot be used: ${trust.message}`, ...common });
}

/** What Cognito answers for a token role that is not a role ARN is not documented: say so, and grant nothing. */
function malformedTokenRole(ev: Evaluation, choice: RoleChoice, roleArn: string): SimulationResult {
  ev.step('role-arn', 'fail', `${showValue(roleArn)} is not a well-formed IAM role ARN (arn:aws:iam::ACCOUNT_ID:role/NAME), so Cognito cannot assume it and no role is given.`);
  ev.assume(
    'What Cognito answers when the role taken from the token (cognito:preferred_role, cognito:roles, or the SAML Role attribute) is not a well-formed IAM role ARN is UNCONFIRMED (spec 3.3 does not say); the simulation assumes the call fails like any role STS cannot assume, with InvalidIdentityPoolConfigurationException.',
  );
  return ev.end({ outcome: 'error', via: choice.via, roleArn: null, errorCode: INVALID_POOL_CONFIGURATION, message: INVALID_POOL_CONFIGURATION_MESSAGE });
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
    outcome: 'unknown',
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
    ev.step(
      'guest-access',
      'skip',
      `AllowUnauthenticatedIdentities ${deployTimeText(allow)} is known only at deploy time, so whether the pool accepts guests is unknown; the steps below show what happens if it does.`,
      allowLocation,
    );
    const ifAllowed = guestRole(ev);
    return undecided(
      ev,
      [{ what: 'AllowUnauthenticatedIdentities', value: allow }],
      [`if it is true, ${outcomeSummary(ifAllowed)}`, `if it is false, ${NOT_AUTHORIZED}: ${UNAUTHENTICATED_NOT_SUPPORTED_MESSAGE}`],
      'default-unauthenticated',
      ifAllowed,
    );
  } else if (allow?.value !== true) {
    ev.step(
      'guest-access',
      'fail',
      allow ? 'AllowUnauthenticatedIdentities is false, so the pool refuses guests.' : 'AllowUnauthenticatedIdentities is not set; it defaults to false, so the pool refuses guests.',
      allowLocation,
    );
    // The pool refuses the call; no role mapping refused the user, so this is an error, not a deny.
    return ev.end({ outcome: 'error', via: 'default-unauthenticated', errorCode: NOT_AUTHORIZED, message: UNAUTHENTICATED_NOT_SUPPORTED_MESSAGE });
  } else {
    ev.step('guest-access', 'pass', 'AllowUnauthenticatedIdentities is true, so the pool accepts guests.', allowLocation);
  }
  return guestRole(ev);
}

/** A guest the pool accepts: the unauthenticated role. */
function guestRole(ev: Evaluation): SimulationResult {
  const setAtDeployTime = rolesSetAtDeployTime(ev, 'the unauthenticated role');
  if (setAtDeployTime) return setAtDeployTime;
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
  const setAtDeployTime = rolesSetAtDeployTime(ev, kind === 'developer' ? 'the default authenticated role' : 'the role mappings and default roles');
  if (setAtDeployTime) return setAtDeployTime;

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
  const wantedKey = login.kind === 'cognito-user-pool' ? `${login.loginKey}:${login.clientId ?? ''}` : login.loginKey;
  const symbolicMappings = config?.mappingsSymbolic;
  if (symbolicMappings) {
    ev.step('mapping', 'skip', `RoleMappings is ${deployTimeText(symbolicMappings)}, known only at deploy time; the steps below show what happens if it holds no mapping for ${wantedKey}.`, locationOf(config?.uri, symbolicMappings.range));
    const withoutMapping = roleWithoutMapping(ev, login, wantedKey);
    return undecided(ev, [{ what: 'RoleMappings', value: symbolicMappings }], [`if it holds a mapping for ${wantedKey}, that mapping decides`, `otherwise, ${outcomeSummary(withoutMapping)}`], withoutMapping.via, withoutMapping);
  }
  const found = findMapping(mappings, login.kind, wantedKey, login.loginKey);
  if (found) return evaluateMapping(ev, login, wantedKey, found);
  const unread = config?.nonStaticMappings ?? [];
  if (unread.length === 0) return evaluateWithoutMapping(ev, login, wantedKey, mappings);
  // A mapping given by an intrinsic function may be the one for this login.
  ev.step('mapping', 'skip', `No role mapping that could be read applies to ${wantedKey}, but ${unread.length === 1 ? 'one mapping is' : `${unread.length} mappings are`} known only at deploy time; the steps below show what happens if none of them is for ${wantedKey}.`, locationOf(config?.uri, unread[0].range));
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
  if (type?.symbolic) return unknownConfiguration(ev, `the Type of the mapping for ${mapping.provider.value}`, type, locationOf(config?.uri, type.range));
  if (!type || !isRoleMappingType(type.value)) {
    return invalidConfiguration(ev, `The mapping for ${mapping.provider.value} has ${type ? `Type ${showValue(type.value)}` : 'no Type'}; it must be ${ROLE_MAPPING_TYPES.join(' or ')}.`, locationOf(config?.uri, type?.range ?? mapping.range));
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
  /** Rules whose match depends on deploy-time values, in order: each could decide before the next known match. */
  const undecidedRules: UndecidedRule[] = [];
  for (let i = 0; i < mapping.rules.length; i++) {
    const rule = mapping.rules[i];
    const result = matchRule(rule, login.claims);
    ev.assumeAll(result.assumptions);
    const status = result.status === 'matched' ? 'pass' : result.status === 'not-matched' ? 'fail' : 'skip';
    const reason = result.status === 'unknown' ? `${result.reason} The steps below show what happens if it does not match.` : result.reason;
    ev.step('rule', status, reason, locationOf(uri, rule.range), rule.index);
    if (result.status === 'unknown') {
      undecidedRules.push({ rule, values: (result.deployTimeFields ?? []).map(({ field, value }) => ({ what: `Rules[${rule.index}]'s ${field}`, value })) });
      continue;
    }
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
    // A rule that may match at deploy time, or a matching rule whose RoleARN is known only then, may be the one asked for.
    const mayGrant = (rule: MappingRuleModel) => rule.roleArn !== undefined && (rule.roleArn.symbolic ? matchesWithPlaceholders(rule.roleArn.value, custom) : rule.roleArn.value === custom);
    const open: UndecidedRule[] = [
      ...undecidedRules.filter((u) => mayGrant(u.rule)),
      ...matching.filter((r) => r.roleArn?.symbolic && mayGrant(r)).map((rule) => ({ rule, values: [{ what: `Rules[${rule.index}]'s RoleARN`, value: rule.roleArn! }] })),
    ];
    if (open.length > 0) {
      ev.step('custom-role-arn', 'skip', `Whether CustomRoleArn ${custom} is the role of a matching rule depends on ${open.map((u) => `Rules[${u.rule.index}]`).join(', ')}, known only at deploy time.`);
      return undecided(
        ev,
        open.flatMap((u) => u.values),
        [`if ${joinWords(open.map((u) => `Rules[${u.rule.index}]`))} matches with that role, CustomRoleArn ${custom} is used`, `otherwise the request is denied (${NOT_AUTHORIZED}: ${CUSTOM_ROLE_ARN_REFUSED_MESSAGE})`],
        'custom-role-arn',
      );
    }
    ev.step('custom-role-arn', 'fail', `CustomRoleArn ${custom} is not the role of any matching rule${matching.length ? ` (matching: ${matching.map((r) => `Rules[${r.index}]`).join(', ')})` : ''}.`);
    return ev.end({ outcome: 'deny', via: 'custom-role-arn', errorCode: NOT_AUTHORIZED, message: CUSTOM_ROLE_ARN_REFUSED_MESSAGE });
  }

  const decided = firstMatchOrResolution(ev, login, mapping, matching[0]);
  return undecidedRules.length > 0 ? rulesDependOnDeployment(ev, undecidedRules, decided) : decided;
}

interface UndecidedRule {
  rule: MappingRuleModel;
  values: DeployTimeValue[];
}

/** The role of the first matching rule, or AmbiguousRoleResolution when none matched. */
function firstMatchOrResolution(ev: Evaluation, login: LoginContext, mapping: RoleMappingModel, first: MappingRuleModel | undefined): SimulationResult {
  const uri = ev.pool.roleConfig?.uri;
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

/**
 * Rules before the decision whose match depends on deploy-time values: any of them may decide instead.
 * Only when each would hand out the same role as the decision is the outcome still certain.
 */
function rulesDependOnDeployment(ev: Evaluation, undecidedRules: readonly UndecidedRule[], decided: SimulationResult): SimulationResult {
  const sameRole = decided.outcome === 'role' && undecidedRules.every((u) => u.rule.roleArn !== undefined && !u.rule.roleArn.symbolic && u.rule.roleArn.value === decided.roleArn);
  const names = undecidedRules.map((u) => `Rules[${u.rule.index}]`);
  if (sameRole) {
    const sentence = `${joinWords(names)} could not be evaluated (values known only at deploy time), but ${names.length === 1 ? 'it gives' : 'they give'} the same role, so the outcome does not depend on ${names.length === 1 ? 'it' : 'them'}.`;
    ev.assume(sentence);
    // `decided` was ended before this assumption was known.
    return { ...decided, assumptions: [...decided.assumptions, sentence] };
  }
  const cases = undecidedRules.map(
    (u, i) => `if Rules[${u.rule.index}] matches${i > 0 ? ' first' : ''}, ${u.rule.roleArn ? `its role ${u.rule.roleArn.value}` : `${INVALID_POOL_CONFIGURATION} (it has no RoleARN)`}`,
  );
  return undecided(ev, undecidedRules.flatMap((u) => u.values), [...cases, `otherwise, ${outcomeSummary(decided)}`], 'rules', decided);
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
  if (resolution?.symbolic) {
    ev.step('ambiguous-resolution', 'skip', `AmbiguousRoleResolution is ${deployTimeText(resolution)}, known only at deploy time; the steps below show what AuthenticatedRole would give.`, location);
    const authenticatedRole = defaultAuthenticated(ev, 'ambiguous-resolution', 'No role could be chosen from the mapping and AmbiguousRoleResolution is AuthenticatedRole, so the pool\'s default authenticated role is used.');
    return undecided(
      ev,
      [{ what: `the AmbiguousRoleResolution of the mapping for ${mapping.provider.value}`, value: resolution }],
      [`with AuthenticatedRole, ${outcomeSummary(authenticatedRole)}`, `with Deny, the request is denied (${NOT_AUTHORIZED}: The ambiguous role mapping rules for: ${login.loginKey} denied this request.)`],
      'ambiguous-resolution',
      authenticatedRole,
    );
  }
  if (!resolution || !isAmbiguousRoleResolution(resolution.value)) {
    return invalidConfiguration(
      ev,
      `The mapping for ${mapping.provider.value} has ${resolution ? `AmbiguousRoleResolution ${showValue(resolution.value)}` : 'no AmbiguousRoleResolution'}; it must be ${AMBIGUOUS_ROLE_RESOLUTIONS.join(' or ')}.`,
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
