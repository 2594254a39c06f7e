/**
 * The API facts the checks, the evaluator, completion and hover share, read from the JSON schemas in
 * `schemas/` (the one place they are written): the enums, the limits, the field names. The TypeScript
 * unions below are written out because JSON imports lose literal types; test/unit/api-model.test.ts
 * fails when they and the schemas disagree.
 */
import cfnIdentityPoolSchema from '../../schemas/cloudformation-identity-pool.schema.json';
import cfnPrincipalTagSchema from '../../schemas/cloudformation-principal-tag.schema.json';
import cfnRoleAttachmentSchema from '../../schemas/cloudformation-role-attachment.schema.json';
import identityPoolSchema from '../../schemas/identity-pool.schema.json';
import rolesSchema from '../../schemas/set-identity-pool-roles.schema.json';

export type RoleMappingType = 'Token' | 'Rules';
export type AmbiguousRoleResolution = 'AuthenticatedRole' | 'Deny';
export type MatchType = 'Equals' | 'Contains' | 'StartsWith' | 'NotEqual';
export type RoleType = 'authenticated' | 'unauthenticated';

interface Definition {
  enum?: unknown[];
  properties?: Record<string, unknown>;
  maxItems?: number;
  maxProperties?: number;
  minLength?: number;
  maxLength?: number;
}

const definitions = rolesSchema.definitions as Record<string, Definition>;

function definition(name: string): Definition {
  const found = definitions[name];
  if (!found) throw new Error(`set-identity-pool-roles schema has no definitions/${name}`);
  return found;
}

function enumOf<T extends string>(name: string): readonly T[] {
  const values = definition(name).enum;
  if (!values) throw new Error(`set-identity-pool-roles schema has no enum at definitions/${name}`);
  return Object.freeze(values.map(String) as T[]);
}

function numberOf(name: string, keyword: keyof Definition): number {
  const value = definition(name)[keyword];
  if (typeof value !== 'number') throw new Error(`set-identity-pool-roles schema has no ${keyword} at definitions/${name}`);
  return value;
}

/** `Equals`, `Contains`, `StartsWith`, `NotEqual`. */
export const MATCH_TYPES: readonly MatchType[] = enumOf<MatchType>('MatchType');
/** `Token`, `Rules`. */
export const ROLE_MAPPING_TYPES: readonly RoleMappingType[] = enumOf<RoleMappingType>('RoleMappingType');
/** `AuthenticatedRole`, `Deny`. */
export const AMBIGUOUS_ROLE_RESOLUTIONS: readonly AmbiguousRoleResolution[] = enumOf<AmbiguousRoleResolution>('AmbiguousRoleResolution');
/** The keys of `Roles`: `authenticated`, `unauthenticated`. */
export const ROLE_TYPES: readonly RoleType[] = Object.freeze(Object.keys(definition('RolesMap').properties ?? {}) as RoleType[]);

export function isMatchType(value: string): value is MatchType {
  return (MATCH_TYPES as readonly string[]).includes(value);
}
export function isRoleMappingType(value: string): value is RoleMappingType {
  return (ROLE_MAPPING_TYPES as readonly string[]).includes(value);
}
export function isAmbiguousRoleResolution(value: string): value is AmbiguousRoleResolution {
  return (AMBIGUOUS_ROLE_RESOLUTIONS as readonly string[]).includes(value);
}

/** The documented quota of rules per provider (MappingRules maxItems; the API model says 400). */
export const MAX_RULES = numberOf('MappingRules', 'maxItems');
/** At most this many providers with role mappings per pool (RoleMappingMap maxProperties). */
export const MAX_MAPPINGS = numberOf('RoleMappingMap', 'maxProperties');
/** Length bounds of the rule fields and mapping keys, in characters. */
export const LENGTHS = {
  claim: { min: numberOf('ClaimName', 'minLength'), max: numberOf('ClaimName', 'maxLength') },
  value: { min: numberOf('ClaimValue', 'minLength'), max: numberOf('ClaimValue', 'maxLength') },
  providerName: { min: numberOf('IdentityProviderName', 'minLength'), max: numberOf('IdentityProviderName', 'maxLength') },
  arn: { min: numberOf('ARNString', 'minLength'), max: numberOf('ARNString', 'maxLength') },
} as const;

/**
 * One text compared with a rule's Value under a MatchType: exact and case-sensitive. Both the simulator
 * (per element for list claims) and the validator (shadowed and always-matching rules) compare with this.
 */
export function matchesMatchType(matchType: MatchType, text: string, value: string): boolean {
  switch (matchType) {
    case 'Equals':
      return text === value;
    case 'NotEqual':
      return text !== value;
    case 'StartsWith':
      return text.startsWith(value);
    case 'Contains':
      return text.includes(value);
  }
}

/** Top-level fields of a SetIdentityPoolRoles request besides `IdentityPoolId` (`Roles`, `RoleMappings`). */
export const ROLES_REQUEST_FIELDS: readonly string[] = Object.freeze(
  Object.keys(rolesSchema.properties).filter((k) => k !== '$schema' && k !== 'IdentityPoolId'),
);

/** Top-level fields of a CreateIdentityPool/DescribeIdentityPool document that say it is one (`IdentityPoolId` and tags say nothing). */
export const POOL_FIELDS: readonly string[] = Object.freeze(
  Object.keys(identityPoolSchema.properties).filter((k) => k !== '$schema' && k !== 'IdentityPoolId' && k !== 'IdentityPoolTags'),
);

/** The fields of a RoleMapping (`Type`, `AmbiguousRoleResolution`, `RulesConfiguration`). */
export const ROLE_MAPPING_FIELDS: readonly string[] = Object.freeze(Object.keys(definition('RoleMapping').properties ?? {}));

/** The properties each CloudFormation resource type requires, from its schema's `required`. */
export const CFN_REQUIRED_PROPERTIES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'AWS::Cognito::IdentityPool': Object.freeze([...cfnIdentityPoolSchema.required]),
  'AWS::Cognito::IdentityPoolRoleAttachment': Object.freeze([...cfnRoleAttachmentSchema.required]),
  'AWS::Cognito::IdentityPoolPrincipalTag': Object.freeze([...cfnPrincipalTagSchema.required]),
});
