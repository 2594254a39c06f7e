/**
 * Facts gathered across the workspace for completion: role ARNs written anywhere, claim names used in
 * rules, and claim names seen in tokens decoded in this session (names only: values are never kept).
 */
import {
  roleConfigsOf,
  type IdentityPoolModel,
  type ModelDocument,
  type RoleMappingModel,
  classifyProvider,
  KNOWN_CLAIMS,
  registeredProviders,
  type ProviderKind,
} from '../../core/index';

export interface RoleArnFact {
  arn: string;
  /** Where it was seen, for the completion detail ("Roles.authenticated in roles.json"). */
  where: string;
}

export function knownRoleArns(documents: readonly ModelDocument[]): RoleArnFact[] {
  const result = new Map<string, RoleArnFact>();
  const add = (value: { value: string; symbolic?: boolean } | undefined, where: string) => {
    if (!value || value.symbolic || !value.value.startsWith('arn:') || result.has(value.value)) return;
    result.set(value.value, { arn: value.value, where });
  };
  for (const document of documents) {
    const file = document.uri.replace(/^.*\//, '');
    for (const pool of document.pools) {
      for (const config of roleConfigsOf(pool)) {
        add(config.authenticated, `default authenticated role in ${file}`);
        add(config.unauthenticated, `default unauthenticated role in ${file}`);
        for (const mapping of config.mappings) {
          for (const rule of mapping.rules) add(rule.roleArn, `rule ${rule.index + 1} of ${mapping.key.value} in ${file}`);
        }
      }
    }
    for (const role of document.iamRoles) add(role.arn, `IAM role ${role.logicalId} in ${file}`);
  }
  return [...result.values()];
}

/** Claim names used in rules anywhere in the workspace. */
export function claimsUsedInRules(documents: readonly ModelDocument[]): string[] {
  const claims = new Set<string>();
  for (const document of documents) {
    for (const pool of document.pools) {
      for (const config of roleConfigsOf(pool)) {
        for (const mapping of config.mappings) {
          for (const rule of mapping.rules) if (rule.claim && !rule.claim.symbolic) claims.add(rule.claim.value);
        }
      }
    }
  }
  return [...claims];
}

/** Claim names from tokens decoded in this session, bounded. */
export class SeenClaims {
  private readonly names = new Set<string>();
  private static readonly LIMIT = 500;

  add(claims: Record<string, unknown>): void {
    for (const name of Object.keys(claims)) {
      if (this.names.size >= SeenClaims.LIMIT) return;
      if (name.length <= 64) this.names.add(name);
    }
  }

  all(): string[] {
    return [...this.names];
  }
}

/** The provider kind a mapping is for (its provider name, classified). */
export function mappingProviderKind(mapping: RoleMappingModel | undefined): ProviderKind | undefined {
  return mapping && !mapping.provider.symbolic ? classifyProvider(mapping.provider.value) : undefined;
}

/** Claim names a provider's tokens may carry, for completion: the known ones first. */
export function claimCandidates(kind: ProviderKind | undefined, extra: readonly string[]): Array<{ name: string; known: boolean }> {
  const known = kind ? KNOWN_CLAIMS[kind] : undefined;
  const result = new Map<string, { name: string; known: boolean }>();
  const knownNames = known?.claims ?? [...(KNOWN_CLAIMS['cognito-user-pool']?.claims ?? []), ...(KNOWN_CLAIMS.oidc?.claims ?? [])];
  for (const name of knownNames) result.set(name, { name, known: true });
  // Providers that send only a fixed set of claims get no guesses.
  if (!known?.exhaustive) {
    for (const name of extra) {
      if (result.has(name)) continue;
      if (known?.closedPrefixes?.some((prefix) => name.startsWith(prefix))) continue;
      result.set(name, { name, known: false });
    }
  }
  return [...result.values()];
}

/** The RoleMappings keys a pool's registered providers need, with the provider kind. */
export function mappingKeysOf(pool: IdentityPoolModel | undefined): Array<{ key: string; kind: ProviderKind }> {
  if (!pool?.definition) return [];
  return registeredProviders(pool.definition)
    .filter((p) => p.mappingKey !== undefined && !p.source?.symbolic)
    .map((p) => ({ key: p.mappingKey!, kind: p.kind }));
}
