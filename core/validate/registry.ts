/**
 * Every module that makes diagnostics, with the codes it emits. Each code of CODES belongs to exactly one
 * of them (test/unit/check-registry.test.ts).
 */
import { TEMPLATE_CHECKS } from '../cloudformation/checks';
import { DOCUMENT_PROBLEMS } from '../documents';
import { PERMISSION_CHECKS } from '../permissions/checks';
import { TRUST_POLICY_CHECKS } from '../trust';
import { AJV_ERRORS } from './ajvErrors';
import { POOL_CHECKS } from './checks/index';
import type { CheckDeclaration } from './checks/types';
import { DUPLICATE_KEYS } from './duplicateKeys';

export const CHECK_MODULES: readonly CheckDeclaration[] = [
  DOCUMENT_PROBLEMS,
  DUPLICATE_KEYS,
  AJV_ERRORS,
  ...POOL_CHECKS,
  ...TEMPLATE_CHECKS,
  TRUST_POLICY_CHECKS,
  PERMISSION_CHECKS,
];
