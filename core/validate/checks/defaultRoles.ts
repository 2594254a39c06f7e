/**
 * The default authenticated role: missing where a path falls back to it (AmbiguousRoleResolution
 * AuthenticatedRole, providers without a mapping, developer identities), or set on a pool nobody can
 * sign in to.
 */
import { INVALID_CONFIGURATION } from '../../api/awsErrors';
import { makeDiagnostic, type CoreDiagnostic } from '../../diagnostics';
import { matchesWithPlaceholders } from '../../evaluate/lookup';
import { roleConfigsOf, type IdentityPoolModel, type PoolDefinition, type RoleConfig } from '../../model';
import { registeredProviders } from '../../providers';
import { quote } from '../text';
import { known, rolesSetAtDeployTime, rolesUnknown } from './common';
import type { PoolCheck } from './types';

export const defaultRoles: PoolCheck = {
  id: 'defaultRoles',
  emits: ['missing-authenticated-role', 'authenticated-role-without-providers'],
  check(pool, out) {
    const setAtDeployTime = rolesSetAtDeployTime(pool);
    for (const config of roleConfigsOf(pool)) {
      if (config.authenticated || setAtDeployTime || rolesUnknown(config)) continue;
      for (const mapping of config.mappings) {
        if (known(mapping.ambiguousRoleResolution) && mapping.ambiguousRoleResolution.value === 'AuthenticatedRole') {
          out.push(
            makeDiagnostic(
              'missing-authenticated-role',
              config.uri,
              mapping.ambiguousRoleResolution.range,
              `When this mapping finds no role it falls back to the authenticated role, but \`Roles\` has no \`authenticated\` role, so those users get InvalidIdentityPoolConfigurationException.`,
              {
                awsError: INVALID_CONFIGURATION,
                related: config.rolesRange
                  ? [{ location: { uri: config.uri, range: config.rolesRange }, message: 'The default roles, without `authenticated`.' }]
                  : undefined,
              },
            ),
          );
        }
      }
    }
    if (pool.definition && pool.roleConfig && !setAtDeployTime) checkProvidersWithoutRole(pool.definition, pool.roleConfig, out);
    if (pool.definition && pool.roleConfig) checkRoleWithoutProviders(pool, pool.definition, pool.roleConfig, out);
  },
};

/** Providers whose users get the default authenticated role (no mapping of theirs) when there is none. */
function checkProvidersWithoutRole(definition: PoolDefinition, config: RoleConfig, out: CoreDiagnostic[]): void {
  if (config.authenticated || rolesUnknown(config)) return;
  // With mappings computed at deployment, which providers lack one is unknown.
  if (config.mappingsSymbolic) return;
  const mapped = new Set(config.mappings.filter((m) => known(m.provider)).map((m) => m.provider.value));
  // A provider built at deployment (`${UserPool.ProviderName}:${Client}`) may stand for any provider of its shape.
  const symbolicProviders = config.mappings.filter((m) => m.provider.symbolic).map((m) => m.provider.value);
  const mayBeMapped = (key: string) => mapped.has(key) || symbolicProviders.some((pattern) => pattern === key || matchesWithPlaceholders(pattern, key));
  for (const provider of registeredProviders(definition)) {
    if (provider.kind === 'saml') continue; // SAML users may get a role from the assertion.
    if (provider.source?.symbolic) continue;
    if (provider.mappingKey !== undefined && mayBeMapped(provider.mappingKey)) continue;
    const label =
      provider.kind === 'developer'
        ? 'Developer-authenticated users always get'
        : `Users who sign in with ${quote(provider.mappingKey ?? provider.loginKey)} get`;
    const because = provider.kind === 'developer' ? '' : ' (it has no role mapping)';
    out.push(
      makeDiagnostic(
        'missing-authenticated-role',
        definition.uri,
        provider.source?.range ?? provider.range,
        `${label} the default authenticated role${because}, but the roles configuration sets no \`authenticated\` role, so they get InvalidIdentityPoolConfigurationException.`,
        {
          awsError: INVALID_CONFIGURATION,
          related: [{ location: { uri: config.uri, range: config.rolesRange ?? config.anchorRange }, message: 'The default roles, without `authenticated`.' }],
        },
      ),
    );
  }
}

/** An authenticated role on a pool nobody can sign in to: no provider at all, and nothing that may add one. */
function checkRoleWithoutProviders(pool: IdentityPoolModel, definition: PoolDefinition, config: RoleConfig, out: CoreDiagnostic[]): void {
  const role = config.authenticated;
  if (!role || definition.providersUnknown || registeredProviders(definition).length > 0) return;
  if (pool.providersAddedElsewhere?.length || pool.deployTimeRoleConfig?.length) return;
  out.push(
    makeDiagnostic(
      'authenticated-role-without-providers',
      config.uri,
      role.range,
      `Identity pool ${pool.logicalId ?? pool.label} has no login provider (no user pool, social, OpenID Connect, SAML or developer provider), so nobody can sign in to it and its authenticated role ${role.value} is never handed out; register the provider the role is meant for, or remove the role.`,
      { related: [{ location: { uri: definition.uri, range: definition.anchorRange }, message: 'The identity pool, without login providers.' }] },
    ),
  );
}
