/**
 * Handing out a role: the trust-policy check of the chosen role, and the pool's default roles (missing,
 * or known only at deploy time).
 */
import type { SourceValue } from '../model';
import type { Location } from '../positions';
import { IAM_ROLE_ARN_RE } from '../providers';
import { assessTrustPolicy, type RoleUsage } from '../trust';
import { INVALID_POOL_CONFIGURATION, INVALID_POOL_CONFIGURATION_MESSAGE } from '../api/awsErrors';
import { locationOf, type Evaluation } from './context';
import { showValue } from './matching';
import type { SimulationResult, Via } from './types';

interface RoleChoice {
  role: SourceValue | string;
  via: Via;
  usage: RoleUsage;
  message: string;
  matchedRuleIndex?: number;
  roleLocation?: Location;
}

/** Ends with a role, after asking the role's trust policy (when it is in the workspace) whether STS would agree. */
export function chooseRole(ev: Evaluation, choice: RoleChoice): SimulationResult {
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
  return ev.end({
    outcome: 'error',
    errorCode: INVALID_POOL_CONFIGURATION,
    message: `${INVALID_POOL_CONFIGURATION_MESSAGE} The chosen role ${roleArn} cannot be used: ${trust.message}`,
    ...common,
  });
}

/** What Cognito answers for a token role that is not a role ARN is not documented: say so, and grant nothing. */
function malformedTokenRole(ev: Evaluation, choice: RoleChoice, roleArn: string): SimulationResult {
  ev.step(
    'role-arn',
    'fail',
    `${showValue(roleArn)} is not a well-formed IAM role ARN (arn:aws:iam::ACCOUNT_ID:role/NAME), so Cognito cannot assume it and no role is given.`,
  );
  ev.assume(
    'What Cognito answers when the role taken from the token (cognito:preferred_role, cognito:roles, or the SAML Role attribute) is not a well-formed IAM role ARN is UNCONFIRMED (AWS does not say); the simulation assumes the call fails like any role STS cannot assume, with InvalidIdentityPoolConfigurationException.',
  );
  return ev.end({ outcome: 'error', via: choice.via, roleArn: null, errorCode: INVALID_POOL_CONFIGURATION, message: INVALID_POOL_CONFIGURATION_MESSAGE });
}

export function rolesLocation(ev: Evaluation, value: SourceValue | undefined): Location | undefined {
  const config = ev.pool.roleConfig;
  return locationOf(config?.uri, value?.range ?? config?.rolesRange ?? config?.anchorRange);
}

/** The pool's default authenticated role, or InvalidIdentityPoolConfigurationException when there is none. */
export function defaultAuthenticated(ev: Evaluation, via: Via, message: string): SimulationResult {
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
export function defaultRoleUnknown(ev: Evaluation, which: 'authenticated' | 'unauthenticated', via: Via, message: string): SimulationResult | undefined {
  const config = ev.pool.roleConfig;
  if (config?.source !== 'role-mappings') return undefined;
  const file = config.uri.replace(/^.*\//, '');
  ev.step(
    'default-role',
    'skip',
    `The pool's default ${which} role (Roles.${which}) is not in ${file}, which holds only RoleMappings, so it is unknown.`,
    locationOf(config.uri, config.anchorRange),
  );
  return ev.end({
    outcome: 'unknown',
    via,
    message: `${message} That role is unknown: ${file} holds only RoleMappings, not the pool's default roles (Roles); simulate the SetIdentityPoolRoles file (get-identity-pool-roles output) to know it.`,
  });
}
