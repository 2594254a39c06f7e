/**
 * What the AWS services answer, written once: exception names and the messages the checks quote and the
 * simulation returns. Where AWS documents no message, the text is ours and the callers mark it `assumed`.
 */
import type { AwsError } from '../diagnostics';
import { MAX_MAPPINGS } from './model';

export const NOT_AUTHORIZED = 'NotAuthorizedException';
export const INVALID_PARAMETER = 'InvalidParameterException';
export const VALIDATION = 'ValidationException';
export const INVALID_POOL_CONFIGURATION = 'InvalidIdentityPoolConfigurationException';

/** What GetCredentialsForIdentity answers when the pool has no usable role for the caller. */
export const INVALID_POOL_CONFIGURATION_MESSAGE = 'Invalid identity pool configuration. Check assigned IAM roles for this pool.';
export const INVALID_CONFIGURATION: AwsError = { code: INVALID_POOL_CONFIGURATION, message: INVALID_POOL_CONFIGURATION_MESSAGE };

export const NOT_SUPPORTED_PROVIDER_MESSAGE = 'Token is not from a supported provider of this identity pool.';
export const UNAUTHENTICATED_NOT_SUPPORTED_MESSAGE = 'Unauthenticated access is not supported for this identity pool.';
/** Text chosen for a refused CustomRoleArn; AWS documents neither code nor message. */
export const CUSTOM_ROLE_ARN_REFUSED_MESSAGE = 'The CustomRoleArn is not one of the roles available to this user.';

/** SetIdentityPoolRoles answer to a role the caller may not pass (IAM PassRole), quoted for malformed ARNs. */
export function roleForbidden(roleArn: string, assumed?: true): AwsError {
  return { code: NOT_AUTHORIZED, message: `Access to Role '${roleArn}' is forbidden.`, ...(assumed ? { assumed } : {}) };
}

/** SetIdentityPoolRoles answer to a mapping key that names no configured provider. */
export function invalidMappingKey(key: string): AwsError {
  return { code: INVALID_PARAMETER, message: `${key} is not a valid RoleMapping ProviderName or is not a configured provider.` };
}

export const AMBIGUOUS_RESOLUTION_REQUIRED: AwsError = {
  code: INVALID_PARAMETER,
  message: 'AmbiguousRoleResolution is required when the role mapping Type is Token or Rules.',
  assumed: true,
};
export const RULES_CONFIGURATION_REQUIRED: AwsError = {
  code: INVALID_PARAMETER,
  message: 'RulesConfiguration is required when the role mapping Type is Rules.',
  assumed: true,
};
export const RULES_CONFIGURATION_NOT_ALLOWED: AwsError = {
  code: INVALID_PARAMETER,
  message: 'RulesConfiguration is not allowed when the role mapping Type is Token.',
  assumed: true,
};
export const CLASSIC_FLOW_WITH_ROLE_MAPPINGS: AwsError = {
  code: INVALID_PARAMETER,
  message: 'Basic (classic) flow is not supported with RoleMappings, please use enhanced flow.',
};

/** The API model's validation answer to more than MAX_MAPPINGS role mappings (the wording is assumed). */
export const TOO_MANY_MAPPINGS: AwsError = {
  code: VALIDATION,
  message: `1 validation error detected: Value at 'roleMappings' failed to satisfy constraint: Member must have length less than or equal to ${MAX_MAPPINGS}`,
  assumed: true,
};

/** The answer to too many rules is undocumented: InvalidParameterException is assumed. */
export function tooManyRules(mappingKey: string, count: number, limit: number): AwsError {
  return {
    code: INVALID_PARAMETER,
    message: `Too many rules for ${mappingKey || 'this provider'}: ${count} given, at most ${limit} are allowed.`,
    assumed: true,
  };
}
