/**
 * What every module that makes diagnostics declares: the codes it emits. A code belongs to exactly one
 * module (test/unit/check-registry.test.ts), so "which rule reports X" is answered by one file.
 */
import type { CoreDiagnostic, DiagnosticCode } from '../../diagnostics';
import type { IdentityPoolModel } from '../../model';

export interface CheckDeclaration {
  /** Unique, e.g. `roleArns`. */
  id: string;
  /** The codes only this module makes. */
  emits: readonly DiagnosticCode[];
}

/** A semantic check of one (linked) pool. */
export interface PoolCheck extends CheckDeclaration {
  check(pool: IdentityPoolModel, out: CoreDiagnostic[]): void;
}
