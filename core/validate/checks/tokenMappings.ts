/** `Type: Token` for a provider whose tokens carry no `cognito:roles`: the mapping always falls back. */
import { makeDiagnostic } from '../../diagnostics';
import { classifyProvider, PROVIDER_KIND_LABELS } from '../../providers';
import { known } from './common';
import { roleConfigsOf } from '../../model';
import { mappingProviderKey } from './mappingKeys';
import type { PoolCheck } from './types';

export const tokenMappings: PoolCheck = {
  id: 'tokenMappings',
  emits: ['token-mapping-without-roles-claim'],
  check(pool, out) {
    for (const config of roleConfigsOf(pool)) {
      for (const mapping of config.mappings) {
        if (!known(mapping.type) || mapping.type.value !== 'Token') continue;
        const providerKey = mappingProviderKey(mapping);
        const kind = providerKey !== undefined ? classifyProvider(providerKey) : undefined;
        if (!kind || kind === 'cognito-user-pool' || kind === 'saml' || kind === 'developer') continue;
        const resolution = known(mapping.ambiguousRoleResolution) ? mapping.ambiguousRoleResolution.value : undefined;
        const fallback =
          resolution === 'Deny'
            ? 'refuses every user (Deny)'
            : resolution === 'AuthenticatedRole'
              ? 'gives every user the default authenticated role'
              : 'falls back to AmbiguousRoleResolution';
        const message =
          kind === 'oidc'
            ? `OpenID Connect tokens normally carry no \`cognito:roles\` claim (AWS documents Token mapping only for user pools; unconfirmed), so this mapping probably always ${fallback}; use \`Type: Rules\` to choose roles from claims.`
            : `${PROVIDER_KIND_LABELS[kind]} tokens never carry \`cognito:roles\` or \`cognito:preferred_role\`, so this Token mapping always ${fallback}; use \`Type: Rules\` to choose roles from claims.`;
        out.push(makeDiagnostic('token-mapping-without-roles-claim', config.uri, mapping.type.range, message, { data: { replacements: ['Rules'] } }));
      }
    }
  },
};
