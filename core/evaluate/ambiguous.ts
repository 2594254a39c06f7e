/** AmbiguousRoleResolution: what a mapping that chose no role does (the default authenticated role, or Deny). */
import type { RoleMappingModel } from '../model';
import { NOT_AUTHORIZED } from '../api/awsErrors';
import { AMBIGUOUS_ROLE_RESOLUTIONS, isAmbiguousRoleResolution } from '../api/model';
import { locationOf, type Evaluation } from './context';
import { showValue } from './matching';
import type { SimulationResult } from './types';
import type { LoginContext } from './authenticated';
import { deployTimeText, invalidConfiguration, outcomeSummary, undecided } from './outcomes';
import { defaultAuthenticated } from './roleChoice';

export function ambiguous(ev: Evaluation, login: LoginContext, mapping: RoleMappingModel): SimulationResult {
  const uri = ev.pool.roleConfig?.uri;
  const resolution = mapping.ambiguousRoleResolution;
  const location = locationOf(uri, resolution?.range ?? mapping.range);
  if (resolution?.symbolic) {
    ev.step(
      'ambiguous-resolution',
      'skip',
      `AmbiguousRoleResolution is ${deployTimeText(resolution)}, known only at deploy time; the steps below show what AuthenticatedRole would give.`,
      location,
    );
    const authenticatedRole = defaultAuthenticated(
      ev,
      'ambiguous-resolution',
      "No role could be chosen from the mapping and AmbiguousRoleResolution is AuthenticatedRole, so the pool's default authenticated role is used.",
    );
    return undecided(
      ev,
      [{ what: `the AmbiguousRoleResolution of the mapping for ${mapping.provider.value}`, value: resolution }],
      [
        `with AuthenticatedRole, ${outcomeSummary(authenticatedRole)}`,
        `with Deny, the request is denied (${NOT_AUTHORIZED}: The ambiguous role mapping rules for: ${login.loginKey} denied this request.)`,
      ],
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
    return defaultAuthenticated(
      ev,
      'ambiguous-resolution',
      "No role could be chosen from the mapping and AmbiguousRoleResolution is AuthenticatedRole, so the pool's default authenticated role is used.",
    );
  }
  ev.step('ambiguous-resolution', 'fail', 'AmbiguousRoleResolution is Deny, so Cognito refuses the request.', location);
  if (mapping.provider.value !== login.loginKey) {
    ev.assume(
      `The provider named in the Deny message is only documented for accounts.google.com; the simulation names the Logins key ${login.loginKey} rather than the mapping key ${mapping.provider.value} (UNCONFIRMED).`,
    );
  }
  return ev.end({
    outcome: 'deny',
    via: 'ambiguous-resolution',
    errorCode: NOT_AUTHORIZED,
    message: `The ambiguous role mapping rules for: ${login.loginKey} denied this request.`,
  });
}
