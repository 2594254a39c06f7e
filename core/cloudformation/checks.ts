/**
 * Template-only checks: shapes of the Cognito identity resources (CloudFormation property names,
 * intrinsic functions allowed), two role attachments for one pool, computed RoleMappings keys,
 * dangling references, and the trust policies of the roles each pool hands out. The format-neutral
 * semantic checks (checkPool) run on the same pools elsewhere and are not repeated here.
 *
 * This module runs them in order; each family is a module of its own (shapeChecks, attachmentChecks,
 * userPoolChecks, referenceChecks) over the shared TemplateCheckContext (checkContext.ts).
 */
import type { CoreDiagnostic } from '../diagnostics';
import type { ModelDocument } from '../model';
import { rangeKey, type Range } from '../positions';
import { BUNDLED_SCHEMAS, getSchema, registerSchema } from '../schema';
import { keyRange, type ParsedText, type PropertyNode } from '../syntax';
import type { CheckDeclaration } from '../validate/checks/types';
import type { TemplateInfo } from './template';
import { CFN_SCHEMA_IDS, checkShape } from './shapeChecks';
import { ATTACHMENT_CHECKS, checkDeployTimeConfigurers, checkDuplicateAttachments, checkMappingKeys, checkPoolsWithoutAttachment } from './attachmentChecks';
import { checkGroupRoles, checkUserWritableClaims, USER_POOL_CHECKS } from './userPoolChecks';
import { checkReferences, checkTrustPolicies, noteDefaults, REFERENCE_CHECKS } from './referenceChecks';
import type { TemplateCheckContext } from './checkContext';

export { CFN_SCHEMA_IDS } from './shapeChecks';

/**
 * Puts the bundled CloudFormation schemas back if a test replaced them. They are registered when
 * core/schema.ts loads; nothing in the core calls this.
 */
export function registerCloudFormationSchemas(): void {
  for (const id of Object.values(CFN_SCHEMA_IDS)) if (getSchema(id) !== BUNDLED_SCHEMAS[id]) registerSchema(id, BUNDLED_SCHEMAS[id]);
}

/** The template checks, one declaration per family (core/validate/registry.ts lists them). */
export const TEMPLATE_CHECKS: readonly CheckDeclaration[] = [ATTACHMENT_CHECKS, REFERENCE_CHECKS, USER_POOL_CHECKS];

export function checkTemplate(document: ModelDocument, info: TemplateInfo): CoreDiagnostic[] {
  const checker = new TemplateChecker(document, info);
  return checker.run();
}

class TemplateChecker implements TemplateCheckContext {
  private readonly diagnostics: CoreDiagnostic[] = [];
  private readonly seen = new Set<string>();
  readonly parsed: ParsedText;
  readonly uri: string;

  constructor(
    document: ModelDocument,
    readonly info: TemplateInfo,
  ) {
    this.parsed = document.parsed;
    this.uri = document.uri;
  }

  run(): CoreDiagnostic[] {
    const identityResources = [...this.info.index.resources.values()].filter((r) => r.type && CFN_SCHEMA_IDS[r.type]);
    for (const resource of identityResources) checkShape(this, resource);
    checkDuplicateAttachments(this);
    for (const attachment of this.info.attachments) checkMappingKeys(this, attachment.resource);
    for (const resource of identityResources) checkReferences(this, resource.properties);
    checkDeployTimeConfigurers(this);
    checkPoolsWithoutAttachment(this);
    checkGroupRoles(this);
    checkUserWritableClaims(this);
    checkTrustPolicies(this);
    noteDefaults(this);
    return this.diagnostics.sort(byPosition);
  }

  add(diagnostic: CoreDiagnostic): void {
    const key = `${diagnostic.code}@${rangeKey(diagnostic.range)}@${diagnostic.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(diagnostic);
  }

  range(node: { offset: number; length: number }): Range {
    return this.parsed.lines.rangeAt(node.offset, node.length);
  }

  keyRange(property: PropertyNode): Range {
    return keyRange(this.parsed.lines, property);
  }
}

function byPosition(a: CoreDiagnostic, b: CoreDiagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code);
}
