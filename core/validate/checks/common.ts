/** Helpers the pool checks share: reading values that may be symbolic (unresolved CloudFormation references). */
import type { IdentityPoolModel, RoleConfig, SourceValue } from '../../model';
import type { Range } from '../../positions';

export function known<T>(value: SourceValue<T> | undefined): value is SourceValue<T> {
  return value !== undefined && !value.symbolic;
}

/** A known value written as a string (numbers and booleans are the shape check's business). */
export function knownString(value: SourceValue | undefined): value is SourceValue {
  return known(value) && !value.notString;
}

/** Roles set at deploy time (a custom resource calling SetIdentityPoolRoles) may replace the attachment's. */
export function rolesSetAtDeployTime(pool: IdentityPoolModel): boolean {
  return (pool.deployTimeRoleConfig?.length ?? 0) > 0;
}

/**
 * True when the `Roles` map itself could not be read (a CloudFormation intrinsic in place of the map), so
 * an absent role proves nothing. A symbolic role *value* still shows that the role is set.
 */
export function rolesUnknown(config: RoleConfig): boolean {
  if (config.source === 'role-mappings') return true; // the file holds RoleMappings only
  return config.source === 'cloudformation' && config.rolesRange !== undefined && !config.authenticated && !config.unauthenticated;
}

export function span(from: Range, to: Range): Range {
  return { start: from.start, end: to.end };
}
