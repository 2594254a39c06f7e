/** `Type: Token`: the roles a Cognito user pool puts in the ID token (`cognito:preferred_role`, `cognito:roles`). */
import type { RoleMappingModel } from '../model';
import { PROVIDER_KIND_LABELS } from '../providers';
import { CUSTOM_ROLE_ARN_REFUSED_MESSAGE, NOT_AUTHORIZED } from '../api/awsErrors';
import type { Evaluation } from './context';
import type { SimulationResult } from './types';
import { ambiguous } from './ambiguous';
import type { LoginContext } from './authenticated';
import { chooseRole } from './roleChoice';

/** `cognito:roles` as a list: a JSON array, or the comma-separated string the docs describe. */
export function parseRolesClaim(value: unknown): string[] | undefined {
  if (Array.isArray(value))
    return value
      .filter((v): v is string => typeof v === 'string')
      .map((v) => v.trim())
      .filter(Boolean);
  if (typeof value === 'string')
    return value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  return undefined;
}

export function evaluateTokenType(ev: Evaluation, login: LoginContext, mapping: RoleMappingModel): SimulationResult {
  const roles = parseRolesClaim(login.claims['cognito:roles']);
  const preferredClaim = login.claims['cognito:preferred_role'];
  const preferred = typeof preferredClaim === 'string' && preferredClaim.trim() !== '' ? preferredClaim.trim() : undefined;
  if (login.kind !== 'cognito-user-pool') {
    ev.assume(
      `Type Token for a ${PROVIDER_KIND_LABELS[login.kind]} provider: its tokens normally carry no cognito:roles or cognito:preferred_role, and the behaviour is UNCONFIRMED; the simulation reads those claims if present and otherwise applies AmbiguousRoleResolution.`,
    );
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
      return chooseRole(ev, {
        role: custom,
        via: 'custom-role-arn',
        usage: 'authenticated',
        message: `The requested CustomRoleArn ${custom} is one of the token's cognito:roles, so it is used.`,
      });
    }
    ev.step('custom-role-arn', 'fail', `CustomRoleArn ${custom} is not one of the token's cognito:roles, so Cognito denies the request.`);
    ev.assume(
      'A CustomRoleArn that is not in cognito:roles is denied as documented; the error code (NotAuthorizedException) and message are UNCONFIRMED and assumed.',
    );
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
    ev.assume(
      'A token with one cognito:roles entry and no cognito:preferred_role (user pools normally set it then) is assumed to go to AmbiguousRoleResolution.',
    );
  } else {
    ev.step('token-roles', 'info', `The token has ${roles.length} roles, no cognito:preferred_role and no CustomRoleArn was given, so the role is ambiguous.`);
  }
  return ambiguous(ev, login, mapping);
}
