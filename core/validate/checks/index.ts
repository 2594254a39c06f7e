/**
 * The semantic checks of one (linked) pool, one family per module, over the format-neutral model (roles
 * files, identity-pool files and CloudFormation alike): the cross-field rules the service enforces, and
 * configurations the API accepts but that are almost surely mistakes. Values marked `symbolic`
 * (unresolved CloudFormation references) are skipped.
 */
import type { CoreDiagnostic } from '../../diagnostics';
import type { IdentityPoolModel } from '../../model';
import { classicFlow } from './classicFlow';
import { defaultRoles } from './defaultRoles';
import { guestAccess } from './guestAccess';
import { limits } from './limits';
import { mappingKeys } from './mappingKeys';
import { mappingShape } from './mappingShape';
import { roleArns } from './roleArns';
import { ruleClaims } from './ruleClaims';
import { ruleOrder } from './ruleOrder';
import { tokenMappings } from './tokenMappings';
import type { PoolCheck } from './types';

export type { CheckDeclaration, PoolCheck } from './types';

export const POOL_CHECKS: readonly PoolCheck[] = [
  roleArns,
  limits,
  mappingShape,
  mappingKeys,
  tokenMappings,
  ruleClaims,
  ruleOrder,
  defaultRoles,
  guestAccess,
  classicFlow,
];

/** Every semantic check of one (linked) pool. */
export function checkPoolSemantics(pool: IdentityPoolModel): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  for (const check of POOL_CHECKS) check.check(pool, out);
  return out;
}
