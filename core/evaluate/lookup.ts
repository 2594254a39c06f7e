/**
 * Finding the RoleMappings entry for a login (AWS docs: role-based access control, role mapping keys) and comparing configuration values
 * that may be symbolic (CloudFormation references shown as `${...}` or `<...>`).
 */
import type { RoleMappingModel, SourceValue } from '../model';
import { oidcHostFromArn, type ProviderKind } from '../providers';

const PLACEHOLDER_RE = /\$\{[^}]*\}|<[^>]*>/;

/**
 * Whether `text` fits `pattern`, where each `${...}` or `<...>` segment of the pattern stands for one or
 * more unknown characters. Leftmost matching of each literal part is exact for this kind of pattern and
 * keeps the work linear in practice (no regular expression built from user text).
 */
export function matchesWithPlaceholders(pattern: string, text: string): boolean {
  const parts = pattern.split(PLACEHOLDER_RE);
  if (parts.length === 1) return pattern === text;
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!text.startsWith(first)) return false;
  let position = first.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const index = text.indexOf(parts[i], position + 1);
    if (index < 0) return false;
    position = index + parts[i].length;
  }
  return text.length - last.length >= position + 1 && text.endsWith(last);
}

export type ValueMatch = 'exact' | 'placeholder' | 'none';

/** Compares a configuration value with a concrete one; symbolic values match through their placeholders. */
export function compareConfigValue(source: SourceValue | undefined, text: string): ValueMatch {
  if (!source) return 'none';
  if (!source.symbolic) return source.value === text ? 'exact' : 'none';
  return matchesWithPlaceholders(source.value, text) ? 'placeholder' : 'none';
}

export interface MappingLookup {
  mapping: RoleMappingModel;
  /** How the mapping was found; all but `exact` on a non-OIDC provider carry an assumption. */
  how: 'exact' | 'oidc-host' | 'oidc-arn' | 'placeholder';
}

/**
 * The mapping for a login: user pools `loginKey:aud`, others the login key; OIDC also by an IAM OIDC
 * provider ARN naming the issuer host. Compares with each mapping's provider (in CloudFormation the map
 * key may be a logical name). Exact matches win over ARN and placeholder matches.
 */
export function findMapping(mappings: readonly RoleMappingModel[], kind: ProviderKind, wantedKey: string, loginKey: string): MappingLookup | undefined {
  const exact = mappings.find((m) => !m.provider.symbolic && m.provider.value === wantedKey);
  if (exact) return { mapping: exact, how: kind === 'oidc' ? 'oidc-host' : 'exact' };
  if (kind === 'oidc') {
    const byArn = mappings.find((m) => !m.provider.symbolic && oidcHostFromArn(m.provider.value) === loginKey);
    if (byArn) return { mapping: byArn, how: 'oidc-arn' };
  }
  const byPlaceholder = mappings.find((m) => m.provider.symbolic && matchesWithPlaceholders(m.provider.value, wantedKey));
  if (byPlaceholder) return { mapping: byPlaceholder, how: 'placeholder' };
  if (kind === 'oidc') {
    const marker = ':oidc-provider/';
    const byArnPlaceholder = mappings.find((m) => {
      const at = m.provider.symbolic ? m.provider.value.indexOf(marker) : -1;
      return at >= 0 && matchesWithPlaceholders(m.provider.value.slice(at + marker.length), loginKey);
    });
    if (byArnPlaceholder) return { mapping: byArnPlaceholder, how: 'placeholder' };
  }
  return undefined;
}

/** Sentences explaining near misses when no mapping applies (mistakes users commonly make: URL-form keys, a missing `:appClientId`, …). */
export function nearMisses(mappings: readonly RoleMappingModel[], kind: ProviderKind, wantedKey: string, loginKey: string): string[] {
  const hints: string[] = [];
  for (const m of mappings) {
    const provider = m.provider.value;
    if (m.provider.symbolic) continue;
    if (kind === 'cognito-user-pool') {
      if (provider === loginKey) hints.push(`the mapping ${provider} lacks the :appClientId suffix, so it never applies`);
      else if (provider.replace(/^https?:\/\//, '') !== provider && provider.replace(/^https?:\/\//, '').startsWith(loginKey)) {
        hints.push(`the mapping ${provider} is written as a URL; mapping keys have no https:// scheme`);
      } else if (provider.startsWith(`${loginKey}:`)) hints.push(`the mapping ${provider} is for another app client of this user pool`);
    } else if (provider.replace(/^https?:\/\//, '').replace(/\/$/, '') === wantedKey && provider !== wantedKey) {
      hints.push(`the mapping ${provider} names this provider with a scheme or trailing slash`);
    }
  }
  return hints;
}
