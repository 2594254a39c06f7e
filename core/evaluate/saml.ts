/** SAML without a role mapping: the roles the assertion's Role attribute lists for this provider. */
import { CUSTOM_ROLE_ARN_REFUSED_MESSAGE, NOT_AUTHORIZED } from '../api/awsErrors';
import type { Evaluation } from './context';
import type { SimulationResult } from './types';
import { LoginContext, ignoreCustomRoleArn } from './authenticated';
import { chooseRole, defaultAuthenticated } from './roleChoice';

/** The SAML attribute listing the roles a user may assume, as `roleArn,providerArn` pairs [SAML]. */
export const SAML_ROLE_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/Role';

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

export function evaluateSamlAssertionRoles(ev: Evaluation, login: LoginContext): SimulationResult {
  ev.assume(
    "How the SAML assertion's Role attribute combines with the pool's roles is UNCONFIRMED; without a role mapping the simulation uses the CustomRoleArn when the assertion lists it, the only listed role when there is one, and otherwise the default authenticated role.",
  );
  const { roles, otherProviders } = samlAssertionRoles(login.claims[SAML_ROLE_ATTRIBUTE], login.loginKey);
  if (otherProviders > 0) {
    ev.assume(`The assertion's Role attribute names ${otherProviders} role(s) paired with another SAML provider; the simulation ignores them.`);
  }
  ev.step('saml-roles', 'info', `The assertion's ${SAML_ROLE_ATTRIBUTE} attribute lists ${roles.length} role(s) for this provider.`);
  const custom = ev.request.customRoleArn;
  if (custom !== undefined && roles.length > 0) {
    if (roles.includes(custom)) {
      ev.step('custom-role-arn', 'pass', `CustomRoleArn ${custom} is one of the assertion's roles.`);
      return chooseRole(ev, {
        role: custom,
        via: 'custom-role-arn',
        usage: 'authenticated',
        message: `The requested CustomRoleArn ${custom} is one of the SAML assertion's roles, so it is used.`,
      });
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
      ? "The SAML assertion lists no roles and no role mapping applies, so the pool's default authenticated role is used."
      : `The SAML assertion lists ${roles.length} roles and no CustomRoleArn chose one, so the pool's default authenticated role is used.`,
  );
}
