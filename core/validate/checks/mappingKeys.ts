/** RoleMappings keys: provider names (not URLs), user pool keys with their app client, and registered on the pool. */
import { invalidMappingKey } from '../../api/awsErrors';
import { makeDiagnostic, type CoreDiagnostic } from '../../diagnostics';
import { roleConfigsOf, type PoolDefinition, type RoleMappingModel, type SourceValue } from '../../model';
import { classifyProvider, parseUserPoolKey, registeredProviders } from '../../providers';
import { joinWords, quote, rankByCloseness } from '../text';
import { known } from './common';
import type { PoolCheck } from './types';

const URL_PREFIX_RE = /^https?:\/\//i;

export const mappingKeys: PoolCheck = {
  id: 'mappingKeys',
  emits: ['mapping-key-url-form', 'mapping-key-missing-client', 'mapping-key-not-registered'],
  check(pool, out) {
    for (const config of roleConfigsOf(pool)) {
      for (const mapping of config.mappings) {
        if (known(mapping.provider)) checkMappingKey(config.uri, mapping.provider, pool.definition, out);
      }
    }
  },
};

/** The provider name a mapping stands for (a URL-form key read as the name it should be), when known. */
export function mappingProviderKey(mapping: RoleMappingModel): string | undefined {
  if (!known(mapping.provider)) return undefined;
  const key = mapping.provider.value;
  return URL_PREFIX_RE.test(key) ? stripUrl(key) : key;
}

function stripUrl(key: string): string {
  return key.replace(URL_PREFIX_RE, '').replace(/\/$/, '');
}

function checkMappingKey(uri: string, provider: SourceValue, definition: PoolDefinition | undefined, out: CoreDiagnostic[]): void {
  const key = provider.value;
  const awsError = invalidMappingKey(key);
  const registered = definition && !hasUnknownProviders(definition) ? registeredProviders(definition) : undefined;

  if (URL_PREFIX_RE.test(key)) {
    const stripped = stripUrl(key);
    const userPool = parseUserPoolKey(stripped);
    const suggestedKey = userPool && !userPool.clientId ? (withOnlyClient(userPool.providerName, definition) ?? stripped) : stripped;
    const needsClient = userPool && !userPool.clientId && suggestedKey === stripped;
    out.push(
      makeDiagnostic(
        'mapping-key-url-form',
        uri,
        provider.range,
        `Mapping keys are provider names, not URLs: write ${quote(suggestedKey)}${needsClient ? ' followed by `:` and the app client ID' : ''} instead of ${quote(key)}, which AWS refuses.`,
        { awsError, data: { suggestedKey, replacements: [suggestedKey] } },
      ),
    );
    return;
  }

  const kind = classifyProvider(key);
  const userPool = kind === 'cognito-user-pool' ? parseUserPoolKey(key) : undefined;
  if (userPool && !userPool.clientId) {
    const suggestedKey = withOnlyClient(userPool.providerName, definition);
    out.push(
      makeDiagnostic(
        'mapping-key-missing-client',
        uri,
        provider.range,
        `A user pool mapping key must end with \`:\` and the app client ID (${quote(`${key}:APP_CLIENT_ID`)}${suggestedKey ? `, here ${quote(suggestedKey)}` : ''}); AWS refuses the key without it.`,
        { awsError, data: suggestedKey ? { suggestedKey, replacements: [suggestedKey] } : undefined },
      ),
    );
    return;
  }

  if (registered) {
    const mappingKeys = registered.map((r) => r.mappingKey).filter((k): k is string => k !== undefined);
    if (!mappingKeys.includes(key)) {
      const sameUserPool = userPool ? mappingKeys.filter((k) => parseUserPoolKey(k)?.providerName === userPool.providerName) : [];
      const suggestedKey = sameUserPool.length === 1 ? sameUserPool[0] : undefined;
      const placeholder = userPool?.clientId !== undefined && looksLikePlaceholder(userPool.clientId);
      const what = placeholder
        ? `${quote(userPool!.clientId!)} is a placeholder, not an app client ID registered on this identity pool`
        : `${quote(key)} names no provider registered on this identity pool`;
      const registeredText = mappingKeys.length
        ? `registered: ${joinWords(
            mappingKeys.map((k) => quote(k)),
            'and',
          )}`
        : 'it registers no providers';
      out.push(
        makeDiagnostic('mapping-key-not-registered', uri, provider.range, `${what}, so AWS refuses this mapping (${registeredText}).`, {
          awsError,
          data: { ...(suggestedKey ? { suggestedKey } : {}), replacements: sameUserPool.length ? sameUserPool : rankByCloseness(key, mappingKeys) },
          related: [
            { location: { uri: definition!.uri, range: definition!.anchorRange }, message: 'The identity pool whose providers the mapping keys must name.' },
          ],
        }),
      );
    }
  }
}

function hasUnknownProviders(definition: PoolDefinition): boolean {
  return (
    definition.cognitoProviders.some((p) => p.providerName?.symbolic || p.clientId?.symbolic) ||
    definition.supportedLoginProviders.some((p) => p.provider.symbolic) ||
    definition.openIdConnectProviderArns.some((a) => a.symbolic) ||
    definition.samlProviderArns.some((a) => a.symbolic)
  );
}

/** The mapping key `providerName:clientId` when the pool registers exactly one client for that user pool. */
function withOnlyClient(providerName: string, definition: PoolDefinition | undefined): string | undefined {
  if (!definition) return undefined;
  const clients = definition.cognitoProviders.filter((p) => known(p.providerName) && p.providerName.value === providerName && known(p.clientId));
  return clients.length === 1 ? `${providerName}:${clients[0].clientId!.value}` : undefined;
}

function looksLikePlaceholder(clientId: string): boolean {
  return /^(app_?client_?id|client_?id|appclientid|your[-_a-z]*|x{3,}|<.*>|\{.*\}|\$\{.*\}|changeme|todo)$/i.test(clientId);
}
