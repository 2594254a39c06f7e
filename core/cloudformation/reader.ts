/**
 * A ValueReader that resolves intrinsic functions, so the format-neutral readers (identity pool,
 * SetIdentityPoolRoles) read CloudFormation `Properties` unchanged: `!GetAtt AuthRole.Arn` becomes a
 * symbolic `arn:aws:iam::${AWS::AccountId}:role/${AuthRole}` with the range of the `!GetAtt`.
 */
import type { SourceValue } from '../model';
import type { LineIndex } from '../positions';
import { ValueReader } from '../parse/values';
import type { SyntaxNode } from '../syntax';
import { intrinsicOf } from './intrinsics';
import { displayOf, IntrinsicResolver, type Resolved } from './resolver';

export class TemplateValueReader extends ValueReader {
  /** What each value node resolved to, for "which resource is this" questions after reading. */
  readonly resolutions = new Map<SyntaxNode, Resolved>();

  constructor(
    lines: LineIndex,
    readonly resolver: IntrinsicResolver,
  ) {
    super(lines, true);
  }

  resolve(node: SyntaxNode): Resolved {
    let resolved = this.resolutions.get(node);
    if (!resolved) {
      resolved = this.resolver.resolve(node);
      this.resolutions.set(node, resolved);
    }
    return resolved;
  }

  override string(node: SyntaxNode | undefined): SourceValue | undefined {
    if (!node) return undefined;
    const fn = intrinsicOf(node);
    if (fn) {
      const resolved = this.resolve(node);
      if (resolved.noValue) return undefined;
      const symbolic = resolved.symbolic || resolved.text === undefined;
      return { value: displayOf(resolved, `<${fn.name}>`), range: this.range(node), node, symbolic, ...parametersOf(symbolic, resolved) };
    }
    if (node.kind === 'string') {
      const resolved = this.resolve(node);
      return { value: node.value as string, range: this.range(node), node, ...(resolved.symbolic ? { symbolic: true } : {}) };
    }
    return super.string(node);
  }

  override boolean(node: SyntaxNode | undefined): SourceValue<boolean> | undefined {
    if (!node) return undefined;
    if (node.kind === 'string' && this.resolve(node).symbolic) {
      // A Serverless variable (`${self:custom.allowGuests}`): known only when Serverless deploys the stack.
      return { value: false, range: this.range(node), node, symbolic: true };
    }
    if (!intrinsicOf(node)) return super.boolean(node);
    const resolved = this.resolve(node);
    if (resolved.noValue) return undefined;
    const text = resolved.text?.toLowerCase();
    if (!resolved.symbolic && (text === 'true' || text === 'false')) return { value: text === 'true', range: this.range(node), node };
    // Unknown until deployment (a parameter without default, a condition): `value` is a placeholder that
    // every reader must ignore because of `symbolic`.
    return { value: false, range: this.range(node), node, symbolic: true, ...parametersOf(true, resolved) };
  }
}

function parametersOf(symbolic: boolean, resolved: Resolved): { parameters?: string[] } {
  return symbolic && resolved.parameters?.length ? { parameters: resolved.parameters } : {};
}
