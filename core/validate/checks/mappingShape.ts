/** The fields a role mapping needs or must not have for its Type (AmbiguousRoleResolution, RulesConfiguration). */
import { AMBIGUOUS_RESOLUTION_REQUIRED, RULES_CONFIGURATION_NOT_ALLOWED, RULES_CONFIGURATION_REQUIRED } from '../../api/awsErrors';
import { AMBIGUOUS_ROLE_RESOLUTIONS } from '../../api/model';
import { makeDiagnostic } from '../../diagnostics';
import { quote } from '../text';
import { known } from './common';
import { roleConfigsOf } from '../../model';
import type { PoolCheck } from './types';

export const mappingShape: PoolCheck = {
  id: 'mappingShape',
  emits: ['ambiguous-resolution-required', 'rules-configuration-required', 'rules-configuration-not-allowed'],
  check(pool, out) {
    for (const config of roleConfigsOf(pool)) {
      const uri = config.uri;
      for (const mapping of config.mappings) {
        const keyLabel = quote(mapping.provider.symbolic ? mapping.key.value : mapping.provider.value);
        const type = known(mapping.type) ? mapping.type.value : undefined;
        if (mapping.ambiguousRoleResolution === undefined) {
          out.push(
            makeDiagnostic(
              'ambiguous-resolution-required',
              uri,
              mapping.key.range,
              `The role mapping for ${keyLabel} needs \`AmbiguousRoleResolution\` (AuthenticatedRole or Deny): it decides what happens when no role can be chosen, and AWS requires it for Token and Rules mappings.`,
              {
                awsError: AMBIGUOUS_RESOLUTION_REQUIRED,
                data: { missingProperties: ['AmbiguousRoleResolution'], replacements: [...AMBIGUOUS_ROLE_RESOLUTIONS] },
              },
            ),
          );
        }
        if (type === 'Rules' && mapping.rulesConfigurationRange === undefined && mapping.type) {
          out.push(
            makeDiagnostic(
              'rules-configuration-required',
              uri,
              mapping.type.range,
              `A \`Type: Rules\` mapping needs \`RulesConfiguration\` with at least one rule; without it AWS refuses the mapping for ${keyLabel}.`,
              { awsError: RULES_CONFIGURATION_REQUIRED, data: { missingProperties: ['RulesConfiguration'] } },
            ),
          );
        }
        if (type === 'Token' && mapping.rulesConfigurationRange !== undefined) {
          out.push(
            makeDiagnostic(
              'rules-configuration-not-allowed',
              uri,
              mapping.rulesConfigurationRange,
              '`RulesConfiguration` does nothing on a `Type: Token` mapping; Terraform refuses it, and AWS probably does too (unconfirmed), so remove it or use `Type: Rules`.',
              { awsError: RULES_CONFIGURATION_NOT_ALLOWED },
            ),
          );
        }
      }
    }
  },
};
