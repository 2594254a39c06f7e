/**
 * CloudFormation / SAM / CDK templates: pools, role attachments, principal tags and IAM roles.
 * Implemented in the CloudFormation issue.
 */
import type { CoreDiagnostic } from '../diagnostics';
import type { ModelDocument } from '../model';
import type { ParsedText } from '../syntax';

/** True when the tree looks like a template (AWSTemplateFormatVersion, SAM transform, or Cognito resources). */
export function looksLikeTemplate(parsed: ParsedText): boolean {
  void parsed;
  return false;
}

export function readTemplate(document: ModelDocument): void {
  void document;
}

/** Template-only checks (shapes of Cognito resources, attachments, trust policies, dangling references). */
export function checkTemplateDocument(document: ModelDocument): CoreDiagnostic[] {
  void document;
  return [];
}
