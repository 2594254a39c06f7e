/** Roles given as something other than an IAM role ARN (`Roles` values and rule RoleARNs): AWS refuses them. */
import { roleForbidden } from '../../api/awsErrors';
import { ROLE_TYPES } from '../../api/model';
import { makeDiagnostic } from '../../diagnostics';
import { IAM_ROLE_ARN_RE } from '../../providers';
import { quote } from '../text';
import { knownString } from './common';
import { roleConfigsOf } from '../../model';
import type { PoolCheck } from './types';

export const roleArns: PoolCheck = {
  id: 'roleArns',
  emits: ['invalid-role-arn'],
  check(pool, out) {
    for (const config of roleConfigsOf(pool)) {
      for (const name of ROLE_TYPES) {
        const role = config[name];
        if (knownString(role) && !IAM_ROLE_ARN_RE.test(role.value)) {
          out.push(
            makeDiagnostic('invalid-role-arn', config.uri, role.range, roleArnMessage(role.value, `Roles.${name}`), { awsError: roleForbidden(role.value) }),
          );
        }
      }
      for (const mapping of config.mappings) {
        for (const rule of mapping.rules) {
          if (knownString(rule.roleArn) && !IAM_ROLE_ARN_RE.test(rule.roleArn.value)) {
            out.push(
              makeDiagnostic('invalid-role-arn', config.uri, rule.roleArn.range, roleArnMessage(rule.roleArn.value, `RoleARN of rule Rules[${rule.index}]`), {
                // The sourced text is for `Roles` values; that rule roles get the same PassRole check is assumed.
                awsError: roleForbidden(rule.roleArn.value, true),
              }),
            );
          }
        }
      }
    }
  },
};

function roleArnMessage(value: string, field: string): string {
  if (!value.startsWith('arn:')) {
    return /^[\w+=,.@-]+$/.test(value)
      ? `${quote(value)} looks like a role name, but ${field} needs the role's ARN (arn:aws:iam::ACCOUNT_ID:role/${value}); AWS refuses a bare name.`
      : `${quote(value)} is not an IAM role ARN; ${field} needs an ARN like arn:aws:iam::123456789012:role/NAME.`;
  }
  if (/^arn:aws[a-z-]*:iam::\d{12}:(?!role\/)/.test(value)) {
    return `${quote(value)} is an IAM ARN but not of a role; ${field} needs a role ARN like arn:aws:iam::123456789012:role/NAME.`;
  }
  return `${quote(value)} is not a well-formed IAM role ARN (arn:aws:iam::123456789012:role/NAME, with a 12-digit account ID); AWS refuses it.`;
}
