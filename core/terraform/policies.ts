/**
 * Policy documents: heredoc or quoted JSON (parsed where it is written, `${...}` in its strings translated),
 * `jsonencode(...)`, `data "aws_iam_policy_document"` rendered as the JSON policy it makes, and
 * `aws_iam_role_policy_attachment` joining a role to a managed policy.
 */
import { objectNode, parseJsonText, scalarNode, type ObjectNode, type SyntaxError, type SyntaxNode } from '../syntax';
import { attributeName, attributeOf, attributeValue, blockOf, bodyItems, decodeLiteral, labelText, named, type Block, type TsNode } from './hcl';
import { ExpressionTranslator, MAX_DEPTH, type Scope } from './expressions';
import { addProperty, array, intrinsic, object, replaceStrings, str, type Entry } from './templateNodes';
import type { TerraformResourceBlock } from './translate';

/** The policy layer of the translator, on the expression layer (translate.ts builds on it). */
export abstract class PolicyTranslator extends ExpressionTranslator {
  /** Syntax errors in heredoc JSON policy documents (reported with the file's own). */
  protected readonly jsonErrors: SyntaxError[] = [];

  /** A policy document: heredoc or quoted JSON, `jsonencode(...)`, or `data.aws_iam_policy_document.X.json`. */
  protected policyValue(value: TsNode, scope: Scope): SyntaxNode {
    const primary = named(value)[0];
    const heredoc = primary?.type === 'template_expr' ? named(primary)[0] : undefined;
    if (heredoc?.type === 'heredoc_template') return this.heredocJson(heredoc, scope) ?? this.symbolic(value);
    if (primary?.type === 'literal_value' && named(primary)[0]?.type === 'string_lit') {
      const literal = named(primary)[0];
      const text = named(literal)
        .filter((c) => c.type === 'template_literal')
        .map((c) => decodeLiteral(c.text))
        .join('');
      return jsonAt(text, literal.startIndex, literal.endIndex - literal.startIndex) ?? this.expression(value, scope);
    }
    return this.expression(value, scope);
  }

  /** The JSON of a heredoc, parsed where it is written; `${...}` inside its strings become references. */
  private heredocJson(heredoc: TsNode, scope: Scope): SyntaxNode | undefined {
    const parts = named(heredoc).filter((c) => c.type === 'template_literal' || c.type === 'template_interpolation' || c.type === 'template_directive');
    if (parts.length === 0) return undefined;
    const start = parts[0].startIndex;
    const end = parts[parts.length - 1].endIndex;
    const parsed = parseJsonText(this.text.slice(start, end));
    const interpolations = parts.filter((p) => p.type !== 'template_literal');
    if (!parsed.root || parsed.errors.length > 0) {
      // Broken JSON that Terraform passes on as written: AWS refuses it (MalformedPolicyDocument). With `${...}`
      // in it, what Terraform renders is not this text, so nothing is said.
      if (interpolations.length === 0) {
        for (const error of parsed.errors.slice(0, 5))
          this.jsonErrors.push({ ...error, message: `In this JSON policy document: ${error.message}`, offset: error.offset + start });
      }
      return undefined;
    }
    // The JSON was parsed on its own: move every node and key to where it is in the .tf text.
    const shift = (node: SyntaxNode): void => {
      node.offset += start;
      if (node.kind === 'object') {
        for (const p of node.properties) {
          p.offset += start;
          p.keyOffset += start;
          if (p.value) shift(p.value);
        }
      } else if (node.kind === 'array') node.items.forEach(shift);
    };
    // Interpolations outside JSON strings (`"Principal": ${jsonencode(...)}`) make the JSON unknowable here.
    const strings: SyntaxNode[] = [];
    collectStrings(parsed.root, strings);
    const inString = (p: TsNode) => strings.some((s) => p.startIndex >= s.offset + start && p.endIndex <= s.offset + start + s.length);
    if (!interpolations.every(inString)) return undefined;
    shift(parsed.root);
    // A string holding `${...}` becomes the reference it names, or the join of its pieces.
    return replaceStrings(parsed.root, (leaf) => {
      const inside = interpolations.filter((p) => p.startIndex >= leaf.offset && p.endIndex <= leaf.offset + leaf.length);
      return inside.length > 0 ? this.joinParts(leaf.offset + 1, leaf.offset + leaf.length - 1, inside, scope, leaf.offset, leaf.length) : leaf;
    });
  }

  /**
   * A string made of literal text and interpolations between `from` and `to`: one translated expression when it
   * is a single `${...}`, else `Fn::Join` of the pieces (literal pieces read from the text, JSON-unescaped).
   */
  private joinParts(from: number, to: number, interpolations: TsNode[], scope: Scope, offset: number, length: number): SyntaxNode {
    const pieces: SyntaxNode[] = [];
    let at = from;
    for (const part of interpolations) {
      if (part.startIndex > at) pieces.push(str(unescapeJsonPiece(this.text.slice(at, part.startIndex)), at, part.startIndex - at));
      pieces.push(this.interpolation(part, scope));
      at = part.endIndex;
    }
    if (to > at) pieces.push(str(unescapeJsonPiece(this.text.slice(at, to)), at, to - at));
    if (pieces.length === 1 && interpolations.length === 1) {
      const only = pieces[0];
      only.offset = offset;
      only.length = length;
      return only;
    }
    return intrinsic('Fn::Join', array(offset, length, [str('', offset, 0), array(offset, length, pieces)]), offset, length);
  }

  /** `data "aws_iam_policy_document"` as the JSON policy it renders. */
  protected policyDocument(block: Block): SyntaxNode | undefined {
    const { node, body } = block;
    // Merged with other documents, or with statements whose number only apply knows: not readable here (a
    // statement that may not exist must not make a trust policy look right).
    if (['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json'].some((name) => attributeOf(body, name))) return undefined;
    const offset = node.startIndex;
    const length = node.endIndex - node.startIndex;
    const scope: Scope = { iterators: new Map() };
    const version = attributeOf(body, 'version');
    const statements: SyntaxNode[] = [];
    const statementBlocks: Array<{ body: TsNode | undefined; node: TsNode; scope: Scope }> = [];
    for (const item of bodyItems(body)) {
      if (item.type !== 'block') continue;
      const inner = blockOf(item);
      if (inner.kind === 'statement') statementBlocks.push({ body: inner.body, node: item, scope });
      else if (inner.kind === 'dynamic' && inner.labels[0] && labelText(inner.labels[0]) === 'statement')
        statementBlocks.push(...this.expandDynamic(inner, 'statement', scope));
    }
    if (statementBlocks.some((statement) => statement.scope.uncertain)) return undefined;
    for (const statement of statementBlocks) statements.push(this.statement(statement.body, statement.node, statement.scope));
    const first = statementBlocks[0]?.node ?? node;
    const entries: Entry[] = [
      [
        'Version',
        version?.startIndex ?? offset,
        0,
        version && attributeValue(version) ? this.expression(attributeValue(version)!, scope) : str('2012-10-17', offset, 0),
      ],
      ['Statement', first.startIndex, 0, array(first.startIndex, (statementBlocks.at(-1)?.node ?? node).endIndex - first.startIndex, statements)],
    ];
    return object(offset, length, entries);
  }

  private statement(body: TsNode | undefined, node: TsNode, scope: Scope): SyntaxNode {
    const result = objectNode(node.startIndex, node.endIndex - node.startIndex);
    const keyword = named(node)[0];
    const simple: Record<string, string> = {
      sid: 'Sid',
      effect: 'Effect',
      actions: 'Action',
      not_actions: 'NotAction',
      resources: 'Resource',
      not_resources: 'NotResource',
    };
    let effect = false;
    const principals = new Map<string, ObjectNode>();
    let conditions: ObjectNode | undefined;
    for (const item of bodyItems(body)) {
      if (item.type === 'attribute') {
        const name = attributeName(item);
        const value = attributeValue(item);
        if (!name || !value || !simple[name.text]) continue;
        if (name.text === 'effect') effect = true;
        addProperty(result, simple[name.text], name.startIndex, name.endIndex - name.startIndex, this.expression(value, scope));
        continue;
      }
      const block = blockOf(item);
      const nameNode = named(item)[0];
      if (block.kind === 'principals' || block.kind === 'not_principals') {
        const key = block.kind === 'principals' ? 'Principal' : 'NotPrincipal';
        let principal = principals.get(key);
        if (!principal) {
          principal = objectNode(item.startIndex, item.endIndex - item.startIndex);
          principals.set(key, principal);
          addProperty(result, key, nameNode.startIndex, nameNode.endIndex - nameNode.startIndex, principal);
        }
        const typeValue = attributeValue(attributeOf(block.body, 'type') ?? item);
        const identifiers = attributeValue(attributeOf(block.body, 'identifiers') ?? item);
        if (!typeValue || !identifiers) continue;
        const type = this.expression(typeValue, scope);
        const ids = this.expression(identifiers, scope);
        const typeName = type.kind === 'string' ? (type.value as string) : typeValue.text;
        // `type = "*"` with `identifiers = ["*"]` renders as `"Principal": "*"`.
        if (typeName === '*' && ids.kind === 'array' && ids.items.length === 1 && ids.items[0].kind === 'string' && ids.items[0].value === '*') {
          const star = str('*', ids.offset, ids.length);
          const property = result.properties.find((p) => p.key === key)!;
          property.value = star;
          star.parent = result;
          star.property = property;
          continue;
        }
        const existing = principal.properties.find((p) => p.key === typeName);
        if (existing?.value?.kind === 'array' && ids.kind === 'array') {
          for (const id of ids.items) {
            id.parent = existing.value;
            existing.value.items.push(id);
          }
        } else {
          addProperty(principal, typeName, typeValue.startIndex, typeValue.endIndex - typeValue.startIndex, ids);
        }
      } else if (block.kind === 'condition') {
        if (!conditions) {
          conditions = objectNode(item.startIndex, item.endIndex - item.startIndex);
          addProperty(result, 'Condition', nameNode.startIndex, nameNode.endIndex - nameNode.startIndex, conditions);
        }
        const test = attributeValue(attributeOf(block.body, 'test') ?? item);
        const variable = attributeValue(attributeOf(block.body, 'variable') ?? item);
        const values = attributeValue(attributeOf(block.body, 'values') ?? item);
        if (!test || !variable || !values) continue;
        const testNode = this.expression(test, scope);
        const testName = testNode.kind === 'string' ? (testNode.value as string) : test.text;
        let operator = conditions.properties.find((p) => p.key === testName)?.value as ObjectNode | undefined;
        if (!operator) {
          operator = objectNode(item.startIndex, item.endIndex - item.startIndex);
          addProperty(conditions, testName, test.startIndex, test.endIndex - test.startIndex, operator);
        }
        const variableNode = this.expression(variable, scope);
        const variableName = variableNode.kind === 'string' ? (variableNode.value as string) : variable.text;
        addProperty(operator, variableName, variable.startIndex, variable.endIndex - variable.startIndex, this.expression(values, scope));
      }
    }
    if (!effect && keyword) addProperty(result, 'Effect', keyword.startIndex, 0, str('Allow', keyword.startIndex, keyword.endIndex - keyword.startIndex));
    return result;
  }

  /** `aws_iam_role_policy_attachment`: the role joins the managed policy's `Roles`, or the ARN the role's `ManagedPolicyArns`. */
  protected attachPolicy(resource: TerraformResourceBlock, translated: Map<string, ObjectNode>): void {
    const block = this.resourceBlocks.get(resource.address)!;
    const scope: Scope = { iterators: new Map() };
    const roleAttribute = attributeValue(attributeOf(block.body, 'role') ?? block.node);
    const policyAttribute = attributeValue(attributeOf(block.body, 'policy_arn') ?? block.node);
    if (!roleAttribute || !policyAttribute) return;
    const role = this.expression(roleAttribute, scope);
    const policy = this.expression(policyAttribute, scope);
    const policyTarget = referencedAddress(policy);
    const managed = policyTarget?.startsWith('aws_iam_policy.') ? translated.get(policyTarget) : undefined;
    if (managed) {
      appendToList(managed, 'Roles', role);
      return;
    }
    const roleTarget = referencedAddress(role);
    const roleProperties = roleTarget?.startsWith('aws_iam_role.') ? translated.get(roleTarget) : undefined;
    if (roleProperties) appendToList(roleProperties, 'ManagedPolicyArns', policy);
  }
}

/** The resource a `Ref` names (`aws_iam_role.x`), or the first of `Fn::GetAtt`. */
function referencedAddress(node: SyntaxNode): string | undefined {
  if (node.kind !== 'object' || node.properties.length !== 1) return undefined;
  const { key, value } = node.properties[0];
  if (key === 'Ref' && value?.kind === 'string') return value.value as string;
  if (key === 'Fn::GetAtt' && value?.kind === 'array' && value.items[0]?.kind === 'string') return value.items[0].value as string;
  return undefined;
}

function appendToList(properties: ObjectNode, key: string, item: SyntaxNode): void {
  const existing = properties.properties.find((p) => p.key === key);
  if (existing?.value?.kind === 'array') {
    item.parent = existing.value;
    existing.value.items.push(item);
  } else if (!existing) {
    addProperty(properties, key, item.offset, 0, array(item.offset, item.length, [item]));
  }
}

function collectStrings(node: SyntaxNode, out: SyntaxNode[]): void {
  if (node.kind === 'string') out.push(node);
  if (node.kind === 'object') for (const p of node.properties) if (p.value) collectStrings(p.value, out);
  if (node.kind === 'array') for (const item of node.items) collectStrings(item, out);
}

function unescapeJsonPiece(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/** A JSON policy written as a quoted string: every node at the string's range (its escapes shift offsets). */
function jsonAt(text: string, offset: number, length: number): SyntaxNode | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const build = (v: unknown, depth = 0): SyntaxNode => {
    // Policy documents nest a few levels; deeper JSON is cut off rather than overflowing the stack.
    if (depth > MAX_DEPTH) return scalarNode('null', null, offset, length);
    if (Array.isArray(v))
      return array(
        offset,
        length,
        v.map((item) => build(item, depth + 1)),
      );
    if (v !== null && typeof v === 'object')
      return object(
        offset,
        length,
        Object.entries(v).map(([k, item]) => [k, offset, length, build(item, depth + 1)] as Entry),
      );
    if (typeof v === 'string') return str(v, offset, length);
    if (typeof v === 'number') return scalarNode('number', v, offset, length);
    if (typeof v === 'boolean') return scalarNode('boolean', v, offset, length);
    return scalarNode('null', null, offset, length);
  };
  return build(value);
}
