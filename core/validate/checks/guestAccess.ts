/** Guest access and the unauthenticated role: one without the other. */
import { INVALID_CONFIGURATION } from '../../api/awsErrors';
import { makeDiagnostic } from '../../diagnostics';
import { known, rolesSetAtDeployTime, rolesUnknown } from './common';
import type { PoolCheck } from './types';

export const guestAccess: PoolCheck = {
  id: 'guestAccess',
  emits: ['guest-access-without-unauthenticated-role', 'unauthenticated-role-unused'],
  check(pool, out) {
    const { definition, roleConfig: config } = pool;
    if (!definition || !config || rolesSetAtDeployTime(pool)) return;
    const allowGuests = definition.allowUnauthenticatedIdentities;
    if (known(allowGuests) && allowGuests.value && !config.unauthenticated && !rolesUnknown(config)) {
      out.push(
        makeDiagnostic(
          'guest-access-without-unauthenticated-role',
          definition.uri,
          allowGuests.range,
          'Guest access is on, but the roles configuration has no `unauthenticated` role, so every guest gets InvalidIdentityPoolConfigurationException; add one or turn guest access off.',
          {
            awsError: INVALID_CONFIGURATION,
            related: [
              { location: { uri: config.uri, range: config.rolesRange ?? config.anchorRange }, message: 'The default roles, without `unauthenticated`.' },
            ],
          },
        ),
      );
    }
    if (config.unauthenticated && (allowGuests === undefined || (known(allowGuests) && !allowGuests.value))) {
      out.push(
        makeDiagnostic(
          'unauthenticated-role-unused',
          config.uri,
          config.unauthenticated.range,
          'This identity pool does not allow guests (`AllowUnauthenticatedIdentities` is false), so the unauthenticated role is never used.',
          { related: [{ location: { uri: definition.uri, range: allowGuests?.range ?? definition.anchorRange }, message: 'Guest access is off here.' }] },
        ),
      );
    }
  },
};
