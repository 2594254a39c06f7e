/**
 * IAM role trust-policy assessment (spec section 4): does this role's trust policy let this identity
 * pool assume it for this kind of identity? STUB: the cloudformation helper replaces the body.
 */
import type { IamRoleModel, IdentityPoolModel } from './model';
import type { Location } from './positions';

export type RoleUsage = 'authenticated' | 'unauthenticated';

export interface TrustAssessment {
  /** False when STS would refuse Cognito's AssumeRoleWithWebIdentity for this pool and usage. */
  accepts: boolean;
  /** One sentence: why it accepts or refuses. */
  message: string;
  location?: Location;
}

export function assessTrustPolicy(role: IamRoleModel, pool: IdentityPoolModel, usage: RoleUsage): TrustAssessment {
  void pool;
  void usage;
  return { accepts: true, message: `Trust policy of ${role.logicalId} not checked.` };
}
