/** The basic (classic) flow turned on for a pool with role mappings, which that flow refuses. */
import { CLASSIC_FLOW_WITH_ROLE_MAPPINGS } from '../../api/awsErrors';
import { makeDiagnostic } from '../../diagnostics';
import { known, rolesSetAtDeployTime } from './common';
import type { PoolCheck } from './types';

export const classicFlow: PoolCheck = {
  id: 'classicFlow',
  emits: ['classic-flow-with-role-mappings'],
  check(pool, out) {
    const { definition, roleConfig: config } = pool;
    if (!definition || !config || rolesSetAtDeployTime(pool)) return;
    const classic = definition.allowClassicFlow;
    if (known(classic) && classic.value && (config.mappings.length > 0 || config.mappingsSymbolic)) {
      out.push(
        makeDiagnostic(
          'classic-flow-with-role-mappings',
          definition.uri,
          classic.range,
          'The basic (classic) flow is on, but this pool has role mappings: AWS refuses GetOpenIdToken on such pools, so only the enhanced flow works and this setting has no use.',
          {
            awsError: CLASSIC_FLOW_WITH_ROLE_MAPPINGS,
            related: [{ location: { uri: config.uri, range: config.mappingsRange ?? config.anchorRange }, message: 'The role mappings.' }],
          },
        ),
      );
    }
  },
};
