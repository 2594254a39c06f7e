/** Template checks of the Cognito identity resources' shapes: their Properties against the CloudFormation schemas. */
import type { CoreDiagnostic } from '../diagnostics';
import type { Range } from '../positions';
import { nodeAtOffset, propertyKeyAtOffset, type PropertyNode, type SyntaxNode } from '../syntax';
import { CFN_REQUIRED_PROPERTIES } from '../api/model';
import { missingRequired } from '../validate/ajvErrors';
import { validateShape } from '../validate/shape';
import { intrinsicOf } from './intrinsics';
import { serverlessVariablesIn } from './serverless';
import type { TemplateResource } from './templateIndex';
import type { TemplateCheckContext } from './checkContext';

/** Schema ids of the Properties of each identity resource type (for the shape check, hover and completion). */
export const CFN_SCHEMA_IDS: Readonly<Record<string, string>> = {
  'AWS::Cognito::IdentityPool': 'cloudformation-identity-pool',
  'AWS::Cognito::IdentityPoolRoleAttachment': 'cloudformation-role-attachment',
  'AWS::Cognito::IdentityPoolPrincipalTag': 'cloudformation-principal-tag',
};

// Shapes ---------------------------------------------------------------------------------------

export function checkShape(ctx: TemplateCheckContext, resource: TemplateResource): void {
  const schemaId = CFN_SCHEMA_IDS[resource.type!];
  const properties = resource.properties;
  if (!properties) {
    const missing = [...CFN_REQUIRED_PROPERTIES[resource.type!]];
    ctx.add(
      missingRequired(
        ctx.uri,
        ctx.keyRange(resource.property),
        `${resource.logicalId} (${resource.type}) has no Properties; it needs ${missing.map((m) => `\`${m}\``).join(' and ')}.`,
        missing,
      ),
    );
    return;
  }
  if (intrinsicOf(properties)) return;
  const diagnostics = validateShape(ctx.parsed, properties, schemaId, ctx.uri);
  for (const diagnostic of diagnostics) {
    // Serverless Framework variables (`${self:custom.x}`) are replaced before CloudFormation sees the value.
    if (ctx.info.index.serverless && isFrameworkVariable(ctx, diagnostic.range)) continue;
    if (isIntrinsicBranchDiagnostic(diagnostic) && !intrinsicBranchExplains(ctx, diagnostic, diagnostics)) continue;
    ctx.add(diagnostic);
  }
}

/**
 * Every field accepts "the value, or an intrinsic function" (`anyOf`). When an object fits neither,
 * ajv reports both branches; the intrinsic branch's complaint ("only an intrinsic function may stand
 * here", on each key) helps only for a one-key object where a plain value was expected (`{ref: X}`,
 * `{"Fn:GetAtt": ...}`), and only when the value's own schema found nothing more specific.
 */
export function intrinsicBranchExplains(ctx: TemplateCheckContext, diagnostic: CoreDiagnostic, all: readonly CoreDiagnostic[]): boolean {
  const offset = ctx.parsed.lines.offsetAt(diagnostic.range.start);
  const property = propertyWithKeyAt(ctx.parsed.root, offset);
  const object = property?.parent;
  if (!object || object.properties.length !== 1) return false;
  const start = object.property ? object.property.keyOffset : object.offset;
  const end = object.offset + object.length;
  return !all.some((other) => {
    if (other === diagnostic || isIntrinsicBranchDiagnostic(other)) return false;
    const at = ctx.parsed.lines.offsetAt(other.range.start);
    return at >= start && at <= end;
  });
}

export function isFrameworkVariable(ctx: TemplateCheckContext, range: Range): boolean {
  const node = nodeAtOffset(ctx.parsed.root, ctx.parsed.lines.offsetAt(range.start));
  return node?.kind === 'string' && serverlessVariablesIn(node.value as string).length > 0;
}

/** Marker text of the Intrinsic definition's pattern message in schemas/cloudformation-*.schema.json. */
const INTRINSIC_BRANCH_MARKER = 'an intrinsic function (ref, fn::getatt';

function isIntrinsicBranchDiagnostic(diagnostic: CoreDiagnostic): boolean {
  return diagnostic.message.toLowerCase().includes(INTRINSIC_BRANCH_MARKER);
}

function propertyWithKeyAt(root: SyntaxNode | undefined, offset: number): PropertyNode | undefined {
  const property = propertyKeyAtOffset(root, offset);
  return property && property.keyOffset === offset ? property : undefined;
}
