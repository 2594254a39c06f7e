/**
 * HCL expressions as CloudFormation values: literals, collections, templates (interpolation → `Fn::Join`),
 * `var.X` (a `Ref` to the parameter), `local.X` (its value), `TYPE.NAME.ATTR` (a `Ref` or `Fn::GetAtt`), a
 * dynamic block's iterator (expandDynamic binds it, per element of a literal `for_each`), a few pure functions
 * (`jsonencode`, `concat`, ...). Anything else becomes the symbolic `{"Fn::TerraformExpression": "<its text>"}`.
 * The module's declarations (variables, locals, policy documents, resource blocks) are kept here, as every
 * expression may name them; the translator fills them in.
 */
import { objectNode, scalarNode, type SyntaxNode } from '../syntax';
import { TERRAFORM_EXPRESSION } from '../cloudformation/intrinsics';
import { TERRAFORM_RESOURCE_MAPPINGS } from './mapping';
import { attributeOf, attributeValue, blockOf, bodyItems, decodeLiteral, labelText, named, type Block, type TsNode } from './hcl';
import { addProperty, array, intrinsic, str } from './templateNodes';

/** A quoted string with no line break: escapes are decoded, `${`/`%{` (templates) are left to the slow path. */
const PLAIN_STRING_RE = /^"(?:[^"\\\n]|\\.)*"$/;
const NUMBER_RE = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const TRAVERSAL_RE = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+$/;
export const MAX_DEPTH = 64;

export interface Scope {
  /** Dynamic-block iterators in scope: `mapping_rule.value` / `.key`, bound to a for_each element. */
  iterators: Map<string, { key?: TsNode; keyText?: string; value?: TsNode }>;
  /** Set on the one instance of a `dynamic` block whose `for_each` is not literal: how many there are is unknown. */
  uncertain?: string;
}

/**
 * The expression layer of the translator (policies.ts and translate.ts build on it). The one reference it cannot
 * read alone, `data.aws_iam_policy_document.X.json`, goes to the policy layer through `policyDocument`.
 */
export abstract class ExpressionTranslator {
  protected readonly variables = new Map<string, Block>();
  protected readonly locals = new Map<string, TsNode>();
  protected readonly policyDocuments = new Map<string, Block>();
  protected readonly resourceBlocks = new Map<string, Block>();
  private readonly localsInProgress = new Set<string>();
  private depth = 0;

  constructor(protected readonly text: string) {}

  /** `data "aws_iam_policy_document"` as the JSON policy it renders (undefined when that is not knowable here). */
  protected abstract policyDocument(block: Block): SyntaxNode | undefined;

  /**
   * The instances of a `dynamic` block: one per element when `for_each` is a literal collection (or a local
   * holding one), each with the iterator bound to its element; otherwise one instance whose iterator values
   * stay symbolic (how many there will be is known only at apply time).
   */
  protected expandDynamic(block: Block, label: string, scope: Scope): Array<{ body: TsNode | undefined; node: TsNode; scope: Scope }> {
    const iteratorName = attributeValue(attributeOf(block.body, 'iterator') ?? block.node)?.text.trim() ?? label;
    const content = bodyItems(block.body).find((item) => item.type === 'block' && blockOf(item).kind === 'content');
    const contentBody = content ? blockOf(content).body : undefined;
    const forEach = attributeValue(attributeOf(block.body, 'for_each') ?? block.node);
    const elements = forEach ? this.literalCollection(forEach) : undefined;
    const bind = (binding: { key?: TsNode; keyText?: string; value?: TsNode }): Scope => ({
      iterators: new Map([...scope.iterators, [iteratorName, binding]]),
    });
    if (!elements) {
      const uncertain = `dynamic "${label}" for_each = ${forEach?.text.replace(/\s+/g, ' ').trim() ?? '?'}`;
      return [{ body: contentBody, node: block.node, scope: { ...bind({}), uncertain } }];
    }
    return elements.map((element) => ({ body: contentBody, node: block.node, scope: bind(element) }));
  }

  /** The elements of a literal tuple or object (directly, or through `local.X`), or undefined. */
  private literalCollection(expression: TsNode, seen = new Set<string>()): Array<{ key?: TsNode; keyText?: string; value?: TsNode }> | undefined {
    const children = named(expression);
    if (children.length === 2 && children[0].type === 'variable_expr' && children[0].text === 'local' && children[1].type === 'get_attr') {
      const name = named(children[1])[0]?.text;
      const local = name && !seen.has(name) ? this.locals.get(name) : undefined;
      return local ? this.literalCollection(local, new Set([...seen, name!])) : undefined;
    }
    const collection = children.length === 1 && children[0].type === 'collection_value' ? named(children[0])[0] : undefined;
    if (collection?.type === 'tuple') {
      return named(collection)
        .filter((c) => c.type === 'expression')
        .map((value, i) => ({ keyText: String(i), value }));
    }
    if (collection?.type === 'object') {
      return named(collection)
        .filter((c) => c.type === 'object_elem')
        .map((elem) => {
          const [key, value] = named(elem).filter((c) => c.type === 'expression');
          return { key, keyText: key ? this.keyText(key, { iterators: new Map() }) : undefined, value };
        });
    }
    return undefined;
  }

  protected interpolation(part: TsNode, scope: Scope): SyntaxNode {
    const inner = part.type === 'template_interpolation' ? named(part).find((c) => c.type === 'expression') : undefined;
    return inner ? this.expression(inner, scope) : this.symbolic(part);
  }

  /** The text a map key or a keyed block's key stands for: a literal's value, else the expression as written. */
  protected keyText(expression: TsNode, scope: Scope): string {
    const children = named(expression);
    if (children.length === 1 && children[0].type === 'variable_expr') return children[0].text;
    const translated = this.expression(expression, scope);
    if (translated.kind === 'string') return translated.value as string;
    return expression.text;
  }

  /** An HCL expression as a CloudFormation value. */
  expression(expression: TsNode, scope: Scope): SyntaxNode {
    if (this.depth > MAX_DEPTH) return this.symbolic(expression);
    this.depth++;
    try {
      return this.expressionInner(expression, scope);
    } finally {
      this.depth--;
    }
  }

  private expressionInner(expression: TsNode, scope: Scope): SyntaxNode {
    const fast = this.simpleExpression(expression, scope);
    if (fast) return fast;
    const children = named(expression);
    const primary = children[0];
    if (!primary) return this.symbolic(expression);
    if (children.length > 1) {
      if (primary.type !== 'variable_expr') return this.symbolic(expression);
      const steps = children.slice(1).map((step) => (step.type === 'get_attr' ? named(step)[0]?.text : undefined));
      return this.traversal(expression, primary.text, steps, scope);
    }
    const offset = expression.startIndex;
    const length = expression.endIndex - expression.startIndex;
    switch (primary.type) {
      case 'expression':
        return this.expression(primary, scope);
      case 'literal_value': {
        const literal = named(primary)[0];
        switch (literal?.type) {
          case 'numeric_lit':
            return scalarNode('number', Number(literal.text), offset, length);
          case 'bool_lit':
            return scalarNode('boolean', literal.text === 'true', offset, length);
          case 'null_lit':
            return scalarNode('null', null, offset, length);
          case 'string_lit':
            return str(labelText(literal) ?? '', offset, length);
          default:
            return this.symbolic(expression);
        }
      }
      case 'collection_value':
        return this.collection(named(primary)[0], scope) ?? this.symbolic(expression);
      case 'template_expr': {
        const template = named(primary)[0];
        if (template?.type === 'quoted_template' || template?.type === 'heredoc_template') return this.template(template, scope);
        return this.symbolic(expression);
      }
      case 'variable_expr':
        return this.traversal(expression, primary.text, [], scope);
      case 'function_call':
        return this.functionCall(primary, scope) ?? this.symbolic(expression);
      default:
        // Conditionals, operations, for expressions, splats: decided by Terraform at plan or apply time.
        return this.symbolic(expression);
    }
  }

  /**
   * The commonest expressions read from their text alone (no walk of their tree-sitter nodes, each a call into
   * wasm): a plain quoted string, a number, true/false/null, and a dotted traversal (`aws_iam_role.x.arn`).
   */
  private simpleExpression(expression: TsNode, scope: Scope): SyntaxNode | undefined {
    const text = expression.text;
    const offset = expression.startIndex;
    const length = text.length;
    const first = text.charCodeAt(0);
    if (first === 34 /* " */) {
      if (!PLAIN_STRING_RE.test(text) || text.includes('${') || text.includes('%{')) return undefined;
      return str(decodeLiteral(text.slice(1, -1)), offset, length);
    }
    if (NUMBER_RE.test(text)) return scalarNode('number', Number(text), offset, length);
    if (text === 'true' || text === 'false') return scalarNode('boolean', text === 'true', offset, length);
    if (text === 'null') return scalarNode('null', null, offset, length);
    if (TRAVERSAL_RE.test(text)) {
      const [head, ...steps] = text.split('.');
      return this.traversal(expression, head, steps, scope);
    }
    return undefined;
  }

  private collection(node: TsNode | undefined, scope: Scope): SyntaxNode | undefined {
    if (!node) return undefined;
    const offset = node.startIndex;
    const length = node.endIndex - node.startIndex;
    if (node.type === 'tuple') {
      return array(
        offset,
        length,
        named(node)
          .filter((c) => c.type === 'expression')
          .map((c) => this.expression(c, scope)),
      );
    }
    if (node.type === 'object') {
      const result = objectNode(offset, length);
      for (const elem of named(node).filter((c) => c.type === 'object_elem')) {
        const [key, value] = named(elem).filter((c) => c.type === 'expression');
        if (!key) continue;
        addProperty(result, this.keyText(key, scope), key.startIndex, key.endIndex - key.startIndex, value ? this.expression(value, scope) : undefined);
      }
      return result;
    }
    return undefined;
  }

  /** A quoted or heredoc template: a plain string, one interpolated value, or an `Fn::Join` of the pieces. */
  private template(template: TsNode, scope: Scope): SyntaxNode {
    const offset = template.startIndex;
    const length = template.endIndex - template.startIndex;
    const parts = named(template).filter((c) => c.type === 'template_literal' || c.type === 'template_interpolation' || c.type === 'template_directive');
    if (parts.some((p) => p.type === 'template_directive')) return this.symbolic(template);
    const pieces = parts.map((p) =>
      p.type === 'template_literal' ? str(decodeLiteral(p.text), p.startIndex, p.endIndex - p.startIndex) : this.interpolation(p, scope),
    );
    if (pieces.length === 0) return str('', offset, length);
    if (pieces.every((p) => p.kind === 'string')) return str(pieces.map((p) => (p.kind === 'string' ? (p.value as string) : '')).join(''), offset, length);
    if (pieces.length === 1) {
      const only = pieces[0];
      only.offset = offset;
      only.length = length;
      return only;
    }
    return intrinsic('Fn::Join', array(offset, length, [str('', offset, 0), array(offset, length, pieces)]), offset, length);
  }

  private functionCall(call: TsNode, scope: Scope): SyntaxNode | undefined {
    const children = named(call);
    const name = children[0]?.text;
    const args = children.find((c) => c.type === 'function_arguments');
    const argumentList = args ? named(args).filter((c) => c.type === 'expression') : [];
    switch (name) {
      case 'jsonencode':
      case 'tolist':
      case 'toset':
      case 'tomap':
      case 'tostring':
        if (argumentList.length !== 1) return undefined;
        return this.expression(argumentList[0], scope);
      case 'concat': {
        const lists = argumentList.map((a) => this.expression(a, scope));
        if (!lists.every((l) => l.kind === 'array')) return undefined;
        return array(
          call.startIndex,
          call.endIndex - call.startIndex,
          lists.flatMap((l) => (l.kind === 'array' ? l.items : [])),
        );
      }
      default:
        return undefined;
    }
  }

  /** `var.X`, `local.X`, `TYPE.NAME.ATTR`, `data.aws_iam_policy_document.X.json`, a dynamic block's iterator. */
  private traversal(expression: TsNode, head: string, steps: ReadonlyArray<string | undefined>, scope: Scope): SyntaxNode {
    const offset = expression.startIndex;
    const length = expression.endIndex - expression.startIndex;
    const iterator = scope.iterators.get(head);
    if (iterator) {
      const member = steps[0];
      // An object's keys are names (`dispatch = ...`): the key is its text, not an expression to resolve.
      if (member === 'key' && steps.length === 1 && iterator.keyText !== undefined) return str(iterator.keyText, offset, length);
      const bound = member === 'value' ? iterator.value : member === 'key' ? iterator.key : undefined;
      if (!bound) return this.symbolic(expression);
      const value = this.expression(bound, { iterators: new Map() });
      return this.member(value, steps.slice(1), expression);
    }
    switch (head) {
      case 'var': {
        const name = steps[0];
        if (!name || !this.variables.has(name)) return this.symbolic(expression);
        const ref = intrinsic('Ref', str(name, offset, length), offset, length);
        return steps.length === 1 ? ref : this.symbolic(expression);
      }
      case 'local': {
        const name = steps[0];
        const local = name ? this.locals.get(name) : undefined;
        if (!name || !local || this.localsInProgress.has(name)) return this.symbolic(expression);
        this.localsInProgress.add(name);
        try {
          return this.member(this.expression(local, { iterators: new Map() }), steps.slice(1), expression);
        } finally {
          this.localsInProgress.delete(name);
        }
      }
      case 'data': {
        if (steps[0] === 'aws_iam_policy_document' && steps[1] && steps[2] === 'json' && steps.length === 3) {
          const document = this.policyDocuments.get(steps[1]);
          if (document) return this.policyDocument(document) ?? this.symbolic(expression);
        }
        return this.symbolic(expression);
      }
      default: {
        const address = steps[0] ? `${head}.${steps[0]}` : undefined;
        const mapping = TERRAFORM_RESOURCE_MAPPINGS[head];
        if (!address || !mapping || !this.resourceBlocks.has(address)) return this.symbolic(expression);
        // `aws_iam_role.x[0].arn` (count) reads an instance: each instance's names are Terraform's to decide.
        const attributeSteps = steps.slice(1).filter((step, i) => !(step === undefined && i === 0));
        if (attributeSteps.length !== 1 || !attributeSteps[0]) return this.symbolic(expression);
        const reference = mapping.references[attributeSteps[0]];
        if (!reference) return this.symbolic(expression);
        if ('ref' in reference) return intrinsic('Ref', str(address, offset, length), offset, length);
        return intrinsic('Fn::GetAtt', array(offset, length, [str(address, offset, length), str(reference.getAtt, offset, length)]), offset, length);
      }
    }
  }

  /** `value.a.b` of an already translated value: object members by name, else symbolic. */
  private member(value: SyntaxNode, steps: ReadonlyArray<string | undefined>, expression: TsNode): SyntaxNode {
    let current: SyntaxNode | undefined = value;
    for (const step of steps) {
      if (step === undefined || current?.kind !== 'object') return this.symbolic(expression);
      current = current.properties.find((p) => p.key === step)?.value;
    }
    return current ?? this.symbolic(expression);
  }

  /** `{"Fn::TerraformExpression": "<text>"}` at the expression: known only when Terraform applies it. */
  symbolic(node: TsNode): SyntaxNode {
    const offset = node.startIndex;
    const length = node.endIndex - node.startIndex;
    return intrinsic(TERRAFORM_EXPRESSION, str(node.text.replace(/\s+/g, ' ').trim(), offset, length), offset, length);
  }
}
