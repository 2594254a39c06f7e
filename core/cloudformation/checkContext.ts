/** What the template checks share: the template's reading, the document, and how to add a diagnostic. */
import type { CoreDiagnostic } from '../diagnostics';
import type { IdentityPoolModel } from '../model';
import type { Range } from '../positions';
import type { ParsedText, PropertyNode } from '../syntax';
import type { TemplateInfo } from './template';

export interface TemplateCheckContext {
  readonly info: TemplateInfo;
  readonly parsed: ParsedText;
  readonly uri: string;
  /** Adds a diagnostic once (the same code, range and message are added only once). */
  add(diagnostic: CoreDiagnostic): void;
  range(node: { offset: number; length: number }): Range;
  keyRange(property: PropertyNode): Range;
}

export function poolName(pool: IdentityPoolModel): string {
  return pool.logicalId ?? pool.label;
}
