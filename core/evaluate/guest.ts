/** Guests (no login): the pool's guest access setting and its unauthenticated role. */
import { INVALID_POOL_CONFIGURATION, INVALID_POOL_CONFIGURATION_MESSAGE, NOT_AUTHORIZED, UNAUTHENTICATED_NOT_SUPPORTED_MESSAGE } from '../api/awsErrors';
import { locationOf, type Evaluation } from './context';
import type { SimulationResult } from './types';
import { deployTimeText, outcomeSummary, rolesSetAtDeployTime, undecided } from './outcomes';
import { chooseRole, defaultRoleUnknown, rolesLocation } from './roleChoice';

export function evaluateGuest(ev: Evaluation): SimulationResult {
  const definition = ev.pool.definition;
  const allow = definition?.allowUnauthenticatedIdentities;
  const allowLocation = locationOf(definition?.uri, allow?.range ?? definition?.anchorRange);
  ev.step('login-key', 'info', 'No login, token or claims: the request is an unauthenticated (guest) identity.');
  if (!definition) {
    ev.step('guest-access', 'skip', "The identity pool's settings are unknown, so guest access is assumed to be allowed.");
    ev.assume(
      "The identity pool's settings are unknown (no identity-pool file or IdentityPool resource was given), so guest access (AllowUnauthenticatedIdentities) is assumed to be allowed.",
    );
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
      allow
        ? 'AllowUnauthenticatedIdentities is false, so the pool refuses guests.'
        : 'AllowUnauthenticatedIdentities is not set; it defaults to false, so the pool refuses guests.',
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
  const unknown = defaultRoleUnknown(ev, 'unauthenticated', 'default-unauthenticated', "A guest gets the pool's unauthenticated role.");
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
    "In the enhanced flow, guest credentials are also scoped down by a session policy (AmazonCognitoUnauthenticatedIdentities): the effective permissions are the intersection with the role's.",
  );
  return chooseRole(ev, {
    role,
    via: 'default-unauthenticated',
    usage: 'unauthenticated',
    message: `Guests get the pool's unauthenticated role ${role.value}.`,
    roleLocation: location,
  });
}
