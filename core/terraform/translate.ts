/**
 * Terraform configuration → the CloudFormation-shaped syntax tree every template reader already reads.
 *
 * Nothing here models Terraform: a configuration becomes `{ Parameters, Resources }` whose nodes carry offsets
 * into the `.tf` text, so the template reader, its checks, the simulator, analysis and permissions run unchanged
 * with exact ranges. `resource "aws_cognito_identity_pool" "main"` becomes the resource
 * `aws_cognito_identity_pool.main` of type AWS::Cognito::IdentityPool (the table is mapping.ts); `var.X` a `Ref`
 * to the parameter X (its `default` as Default); `local.X` its value; `aws_iam_role.r.arn` an `Fn::GetAtt`;
 * interpolation an `Fn::Join`. What cannot be known before `terraform apply` (module outputs, `count.index`,
 * function calls, conditionals) becomes `{"Fn::TerraformExpression": "<its text>"}`: symbolic, shown as written.
 */
import type { Node as RawNode, Tree } from 'web-tree-sitter';
import { arrayNode, objectNode, parseJsonText, propertyNode, scalarNode, type ObjectNode, type SyntaxError, type SyntaxNode } from '../syntax';
import { TERRAFORM_EXPRESSION } from '../cloudformation/intrinsics';
import { TERRAFORM_POLICY_ATTACHMENT_TYPE, TERRAFORM_RESOURCE_MAPPINGS, type TerraformField } from './mapping';

/**
 * A tree-sitter node read once: its type and span copied out of the wasm heap, its named children (comments
 * left out) listed on first use and kept. Every property of a raw node is a call into wasm; the translator
 * looks at most nodes several times.
 */
class TsNode {
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  private children: TsNode[] | undefined;

  constructor(
    private readonly raw: RawNode,
    private readonly source: string,
  ) {
    this.type = raw.type;
    this.startIndex = raw.startIndex;
    this.endIndex = raw.endIndex;
  }

  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }

  get kids(): TsNode[] {
    if (!this.children) {
      this.children = [];
      for (const child of this.raw.namedChildren) if (child && child.type !== 'comment') this.children.push(new TsNode(child, this.source));
    }
    return this.children;
  }
}

/** A resource block of the configuration, mapped or not. */
export interface TerraformResourceBlock {
  /** `aws_cognito_identity_pool.main`: the resource's address, and its logical id in the translated tree. */
  address: string;
  type: string;
  name: string;
  /** The whole block and its name label (offsets into the text). */
  offset: number;
  length: number;
  nameOffset: number;
  nameLength: number;
}

export interface TerraformTranslation {
  root: ObjectNode;
  errors: SyntaxError[];
  resources: TerraformResourceBlock[];
}

/** A quoted string with no line break: escapes are decoded, `${`/`%{` (templates) are left to the slow path. */
const PLAIN_STRING_RE = /^"(?:[^"\\\n]|\\.)*"$/;
const NUMBER_RE = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const TRAVERSAL_RE = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+$/;

/** At most this many syntax errors are reported per file: one broken brace may otherwise cascade. */
const MAX_SYNTAX_ERRORS = 20;
const MAX_DEPTH = 64;

interface Scope {
  /** Dynamic-block iterators in scope: `mapping_rule.value` / `.key`, bound to a for_each element. */
  iterators: Map<string, { key?: TsNode; keyText?: string; value?: TsNode }>;
  /** Set on the one instance of a `dynamic` block whose `for_each` is not literal: how many there are is unknown. */
  uncertain?: string;
}

type Entry = [key: string, keyOffset: number, keyLength: number, value: SyntaxNode | undefined];

/** Builds an object node with its properties (parent and property links set). */
function object(offset: number, length: number, entries: readonly Entry[]): ObjectNode {
  const node = objectNode(offset, length);
  for (const [key, keyOffset, keyLength, value] of entries) addProperty(node, key, keyOffset, keyLength, value);
  return node;
}

function addProperty(node: ObjectNode, key: string, keyOffset: number, keyLength: number, value: SyntaxNode | undefined): void {
  const start = Math.min(keyOffset, value?.offset ?? keyOffset);
  const end = Math.max(keyOffset + keyLength, value ? value.offset + value.length : 0);
  const property = propertyNode(start, end - start, key, keyOffset, keyLength, node);
  if (value) {
    property.value = value;
    value.parent = node;
    value.property = property;
  }
  node.properties.push(property);
}

function array(offset: number, length: number, items: ReadonlyArray<SyntaxNode | undefined>): SyntaxNode {
  const node = arrayNode(offset, length);
  for (const item of items) {
    if (!item) continue;
    item.parent = node;
    node.items.push(item);
  }
  return node;
}

function str(value: string, offset: number, length: number): SyntaxNode {
  return scalarNode('string', value, offset, length);
}

/** `{ fn: argument }` spanning [offset, offset+length). */
function intrinsic(name: string, argument: SyntaxNode, offset: number, length: number): ObjectNode {
  return object(offset, length, [[name, offset, length, argument]]);
}

function named(node: TsNode): TsNode[] {
  return node.kids;
}

function firstOfType(node: TsNode, type: string): TsNode | undefined {
  return named(node).find((child) => child.type === type);
}

/** The text of a block label (`"aws_iam_role"` or `aws_iam_role`). */
function labelText(node: TsNode): string | undefined {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'string_lit')
    return named(node)
      .filter((c) => c.type === 'template_literal')
      .map((c) => decodeLiteral(c.text))
      .join('');
  return undefined;
}

/** HCL string escapes (`\n`, `\"`, `\\`, `\uXXXX`) and template escapes (`$${`, `%%{`). */
function decodeLiteral(raw: string): string {
  if (!raw.includes('\\') && !raw.includes('$${') && !raw.includes('%%{')) return raw;
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g, (match: string, escape: string | undefined) => {
    if (match === '$${') return '${';
    if (match === '%%{') return '%{';
    switch (escape?.[0]) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
      case 'U':
        return String.fromCodePoint(parseInt(escape.slice(1), 16));
      default:
        return escape ?? match;
    }
  });
}

interface Block {
  node: TsNode;
  kind: string;
  labels: TsNode[];
  body: TsNode | undefined;
}

function blockOf(node: TsNode): Block {
  const children = named(node);
  const kind = children[0]?.type === 'identifier' ? children[0].text : '';
  const labels = children.slice(1).filter((c) => c.type === 'string_lit' || c.type === 'identifier');
  return { node, kind, labels, body: children.find((c) => c.type === 'body') };
}

/** The attributes and nested blocks of a body, in order. */
function bodyItems(body: TsNode | undefined): TsNode[] {
  return body ? named(body).filter((c) => c.type === 'attribute' || c.type === 'block') : [];
}

function attributeName(attribute: TsNode): TsNode | undefined {
  const first = named(attribute)[0];
  return first?.type === 'identifier' ? first : undefined;
}

function attributeValue(attribute: TsNode): TsNode | undefined {
  return named(attribute).find((c) => c.type === 'expression');
}

function attributeOf(body: TsNode | undefined, name: string): TsNode | undefined {
  return bodyItems(body).find((item) => item.type === 'attribute' && attributeName(item)?.text === name);
}

export class TerraformTranslator {
  private readonly variables = new Map<string, Block>();
  private readonly locals = new Map<string, TsNode>();
  private readonly policyDocuments = new Map<string, Block>();
  private readonly resourceBlocks = new Map<string, Block>();
  private readonly localsInProgress = new Set<string>();
  /** Syntax errors in heredoc JSON policy documents (reported with the file's own). */
  private readonly jsonErrors: SyntaxError[] = [];
  private depth = 0;

  constructor(private readonly text: string) {}

  /** Translates the trees of a module's files (offsets into the module's text) as one configuration. */
  translate(trees: readonly Tree[]): TerraformTranslation {
    const errors = trees.flatMap((tree) => syntaxErrors(tree.rootNode));
    const blocks = trees.flatMap((tree) => {
      const topBody = firstOfType(new TsNode(tree.rootNode, this.text), 'body');
      return topBody
        ? named(topBody)
            .filter((c) => c.type === 'block')
            .map(blockOf)
        : [];
    });
    const resources: TerraformResourceBlock[] = [];
    for (const block of blocks) {
      const labels = block.labels.map(labelText);
      if (block.kind === 'variable' && labels[0]) this.variables.set(labels[0], block);
      else if (block.kind === 'locals') {
        for (const item of bodyItems(block.body)) {
          const name = item.type === 'attribute' ? attributeName(item)?.text : undefined;
          const value = name ? attributeValue(item) : undefined;
          if (name && value) this.locals.set(name, value);
        }
      } else if (block.kind === 'data' && labels[0] === 'aws_iam_policy_document' && labels[1]) this.policyDocuments.set(labels[1], block);
      // `count = 0` (literally): the resource is not created. Other counts and for_each are read as one instance
      // (one that may not exist when they can make none: see instancesExpression).
      else if (block.kind === 'resource' && labels[0] && labels[1] && attributeValue(attributeOf(block.body, 'count') ?? block.node)?.text.trim() !== '0') {
        const address = `${labels[0]}.${labels[1]}`;
        const nameLabel = block.labels[1];
        const earlier = this.resourceBlocks.get(address);
        if (earlier) {
          // `terraform validate` refuses a module that declares one address twice (in one file or two). Both
          // places are marked: checking only the earlier file must still say why its resource is not read.
          const earlierName = earlier.labels[1];
          errors.push({
            message: `Terraform refuses this configuration: resource ${address} is declared again later in this module; only that later declaration is read here.`,
            offset: earlierName.startIndex,
            length: earlierName.endIndex - earlierName.startIndex,
          });
          errors.push({
            message: `Terraform refuses this configuration: resource ${address} is declared twice in this module; only this later one is read here.`,
            offset: nameLabel.startIndex,
            length: nameLabel.endIndex - nameLabel.startIndex,
          });
          const index = resources.findIndex((r) => r.address === address);
          if (index >= 0) resources.splice(index, 1);
        }
        this.resourceBlocks.set(address, block);
        resources.push({
          address,
          type: labels[0],
          name: labels[1],
          offset: block.node.startIndex,
          length: block.node.endIndex - block.node.startIndex,
          nameOffset: nameLabel.startIndex,
          nameLength: nameLabel.endIndex - nameLabel.startIndex,
        });
      }
    }

    const root = objectNode(0, this.text.length);
    const parameters = objectNode(0, 0);
    for (const [name, block] of this.variables) addProperty(parameters, name, block.labels[0].startIndex, labelLength(block.labels[0]), this.parameter(block));
    const resourcesNode = objectNode(0, 0);
    const conditions = objectNode(0, 0);
    const translated = new Map<string, ObjectNode>();
    for (const resource of resources) {
      const mapping = TERRAFORM_RESOURCE_MAPPINGS[resource.type];
      const block = this.resourceBlocks.get(resource.address)!;
      if (!mapping) continue;
      const properties = this.fields(block.body, mapping.attributes, { iterators: new Map() }, block.node);
      // Terraform's defaults for what CloudFormation requires (`allow_unauthenticated_identities` is false unless set).
      for (const [property, value] of Object.entries(mapping.defaults ?? {})) {
        if (properties.properties.some((p) => p.key === property)) continue;
        const node = typeof value === 'boolean' ? scalarNode('boolean', value, resource.nameOffset, 0) : str(String(value), resource.nameOffset, 0);
        addProperty(properties, property, resource.nameOffset, 0, node);
      }
      const typeLabel = block.labels[0];
      const entries: Entry[] = [
        ['Type', typeLabel.startIndex, labelLength(typeLabel), str(mapping.cloudFormationType, typeLabel.startIndex, labelLength(typeLabel))],
        ['Properties', block.body?.startIndex ?? resource.nameOffset, 0, properties],
      ];
      // `count = var.enabled ? 1 : 0` (or a for_each that may be empty): whether the resource exists at all is
      // decided at apply. It becomes a resource Condition that nothing can decide, named after the expression.
      const instances = this.instancesExpression(block);
      if (instances) {
        const expression = `${instances.attribute} = ${instances.node.text.replace(/\s+/g, ' ').trim()}`;
        const name = instances.attribute === 'count' ? `${expression} is not 0` : `${expression} is not empty`;
        if (!conditions.properties.some((p) => p.key === name))
          addProperty(conditions, name, instances.node.startIndex, instances.node.endIndex - instances.node.startIndex, this.symbolic(instances.node));
        entries.push([
          'Condition',
          instances.node.startIndex,
          instances.node.endIndex - instances.node.startIndex,
          str(name, instances.node.startIndex, instances.node.endIndex - instances.node.startIndex),
        ]);
      }
      const node = object(resource.offset, resource.length, entries);
      translated.set(resource.address, properties);
      addProperty(resourcesNode, resource.address, resource.nameOffset, resource.nameLength, node);
    }
    for (const resource of resources) if (resource.type === TERRAFORM_POLICY_ATTACHMENT_TYPE) this.attachPolicy(resource, translated);
    addProperty(root, 'Parameters', 0, 0, parameters);
    if (conditions.properties.length > 0) addProperty(root, 'Conditions', 0, 0, conditions);
    addProperty(root, 'Resources', 0, 0, resourcesNode);
    // A heredoc read twice (a local used in two places) reports its errors once.
    const seen = new Set<string>();
    const jsonErrors = this.jsonErrors.filter((e) => !seen.has(`${e.offset}:${e.message}`) && seen.add(`${e.offset}:${e.message}`));
    return { root, errors: [...errors, ...jsonErrors], resources };
  }

  /** A `variable` block as a template parameter: its default (if any) is the parameter's Default. */
  private parameter(block: Block): ObjectNode {
    const label = block.labels[0];
    const typeText = attributeValue(attributeOf(block.body, 'type') ?? label)?.text ?? '';
    const defaultExpression = attributeValue(attributeOf(block.body, 'default') ?? label);
    const defaultValue = defaultExpression ? this.expression(defaultExpression, { iterators: new Map() }) : undefined;
    const isList = /^(list|set|tuple)\b/.test(typeText.trim()) || defaultValue?.kind === 'array';
    const type = isList ? 'CommaDelimitedList' : 'String';
    const entries: Entry[] = [['Type', label.startIndex, labelLength(label), str(type, label.startIndex, labelLength(label))]];
    // A list default becomes the comma-joined text CommaDelimitedList parameters hold, when every item is a literal.
    if (defaultValue && isList && defaultValue.kind === 'array') {
      const items = defaultValue.items.map((item) => (item.kind === 'string' || item.kind === 'number' ? String(item.value) : undefined));
      if (items.every((item) => item !== undefined))
        entries.push(['Default', defaultValue.offset, 0, str(items.join(','), defaultValue.offset, defaultValue.length)]);
    } else if (defaultValue && defaultValue.kind !== 'null') {
      entries.push(['Default', defaultValue.offset, 0, defaultValue]);
    }
    return object(block.node.startIndex, block.node.endIndex - block.node.startIndex, entries);
  }

  /** The CloudFormation properties of a resource (or nested block) body, per the table's fields. */
  private fields(body: TsNode | undefined, fields: Readonly<Record<string, TerraformField>>, scope: Scope, owner: TsNode, span = body ?? owner): ObjectNode {
    const result = objectNode(span.startIndex, span.endIndex - span.startIndex);
    const blocksByField = new Map<string, Array<{ body: TsNode | undefined; node: TsNode; keyNode: TsNode; scope: Scope }>>();
    for (const item of bodyItems(body)) {
      if (item.type === 'attribute') {
        const name = attributeName(item);
        const field = name ? fields[name.text] : undefined;
        const value = attributeValue(item);
        if (!name || !field || field.kind === 'blocks') continue;
        const translated = value ? this.fieldValue(value, field, scope) : undefined;
        addProperty(result, field.property, name.startIndex, name.endIndex - name.startIndex, translated);
        continue;
      }
      const block = blockOf(item);
      if (block.kind === 'dynamic') {
        const label = block.labels[0] ? labelText(block.labels[0]) : undefined;
        if (!label || fields[label]?.kind !== 'blocks') continue;
        const list = blocksByField.get(label) ?? [];
        for (const instance of this.expandDynamic(block, label, scope)) list.push({ ...instance, keyNode: block.labels[0] });
        blocksByField.set(label, list);
      } else if (fields[block.kind]?.kind === 'blocks') {
        const list = blocksByField.get(block.kind) ?? [];
        list.push({ body: block.body, node: item, keyNode: named(item)[0], scope });
        blocksByField.set(block.kind, list);
      }
    }
    for (const [name, instances] of blocksByField) {
      const field = fields[name];
      const first = instances[0].node;
      const last = instances[instances.length - 1].node;
      const offset = Math.min(...instances.map((i) => i.node.startIndex));
      const length = Math.max(last.endIndex, first.endIndex) - offset;
      const keyNode = instances[0].keyNode;
      // Each block's object spans the whole block (`mapping_rule { ... }`): a rule's diagnostics mark the rule.
      const objects = instances.map((instance) => {
        const object = this.fields(instance.body, field.fields ?? {}, instance.scope, instance.node, instance.node);
        // A dynamic block over a collection known only at apply time may have no instance at all: the field that
        // makes it count (a rule's claim) is unknown, so nothing relies on it (a simulation reaching it says unknown).
        if (instance.scope.uncertain && field.presence) markUncertain(object, field.presence, instance.scope.uncertain);
        return object;
      });
      let value: SyntaxNode;
      if (field.keyedBy) {
        const keyed = objectNode(offset, length);
        instances.forEach((instance, i) => {
          const keyExpression = attributeValue(attributeOf(instance.body, field.keyedBy!) ?? instance.node);
          const key = keyExpression ? this.keyText(keyExpression, instance.scope) : `${name}[${i}]`;
          addProperty(keyed, key, instance.keyNode.startIndex, instance.keyNode.endIndex - instance.keyNode.startIndex, objects[i]);
        });
        value = keyed;
      } else {
        value = array(offset, length, objects);
        // `mapping_rule` blocks → RulesConfiguration: { Rules: [...] }, each level at the blocks' span.
        for (const segment of [...(field.under ?? [])].reverse())
          value = object(offset, length, [[segment, keyNode.startIndex, keyNode.endIndex - keyNode.startIndex, value]]);
      }
      addProperty(result, field.property, keyNode.startIndex, keyNode.endIndex - keyNode.startIndex, value);
    }
    return result;
  }

  /**
   * The instances of a `dynamic` block: one per element when `for_each` is a literal collection (or a local
   * holding one), each with the iterator bound to its element; otherwise one instance whose iterator values
   * stay symbolic (how many there will be is known only at apply time).
   */
  private expandDynamic(block: Block, label: string, scope: Scope): Array<{ body: TsNode | undefined; node: TsNode; scope: Scope }> {
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

  private fieldValue(value: TsNode, field: TerraformField, scope: Scope): SyntaxNode {
    if (field.kind === 'json') return this.policyValue(value, scope);
    const translated = this.expression(value, scope);
    if (field.kind === 'list' && translated.kind !== 'array') return array(translated.offset, translated.length, [translated]);
    return translated;
  }

  /** A policy document: heredoc or quoted JSON, `jsonencode(...)`, or `data.aws_iam_policy_document.X.json`. */
  private policyValue(value: TsNode, scope: Scope): SyntaxNode {
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
    const shift = (node: SyntaxNode): SyntaxNode => {
      node.offset += start;
      if (node.kind === 'object') {
        for (const p of node.properties) {
          p.offset += start;
          p.keyOffset += start;
          if (p.value) {
            const replaced = shift(p.value);
            if (replaced !== p.value) {
              replaced.parent = node;
              replaced.property = p;
              p.value = replaced;
            }
          }
        }
      } else if (node.kind === 'array') {
        node.items = node.items.map((item) => {
          const replaced = shift(item);
          replaced.parent = node;
          return replaced;
        });
      } else if (node.kind === 'string') {
        const inside = interpolations.filter((p) => p.startIndex >= node.offset && p.endIndex <= node.offset + node.length);
        if (inside.length > 0) return this.joinParts(node.offset + 1, node.offset + node.length - 1, inside, scope, node.offset, node.length);
      }
      return node;
    };
    // Interpolations outside JSON strings (`"Principal": ${jsonencode(...)}`) make the JSON unknowable here.
    const strings: SyntaxNode[] = [];
    collectStrings(parsed.root, strings);
    const inString = (p: TsNode) => strings.some((s) => p.startIndex >= s.offset + start && p.endIndex <= s.offset + start + s.length);
    if (!interpolations.every(inString)) return undefined;
    const root = shift(parsed.root);
    return root;
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

  private interpolation(part: TsNode, scope: Scope): SyntaxNode {
    const inner = part.type === 'template_interpolation' ? named(part).find((c) => c.type === 'expression') : undefined;
    return inner ? this.expression(inner, scope) : this.symbolic(part);
  }

  /** The text a map key or a keyed block's key stands for: a literal's value, else the expression as written. */
  private keyText(expression: TsNode, scope: Scope): string {
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

  /** `data "aws_iam_policy_document"` as the JSON policy it renders. */
  private policyDocument(block: Block): SyntaxNode | undefined {
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
  private attachPolicy(resource: TerraformResourceBlock, translated: Map<string, ObjectNode>): void {
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

  /**
   * The `count` or `for_each` expression of a resource when it may make no instance at all (`count = 0` is
   * never read; a literal count of 1 or more, or a literal non-empty collection, always makes one).
   */
  instancesExpression(block: Block): { attribute: 'count' | 'for_each'; node: TsNode } | undefined {
    for (const attribute of ['count', 'for_each'] as const) {
      const node = attributeValue(attributeOf(block.body, attribute) ?? block.node);
      if (!node) continue;
      const text = node.text.trim();
      if (attribute === 'count' && /^[1-9]\d*$/.test(text)) return undefined;
      if (attribute === 'for_each' && /^[[{]\s*\S/.test(text) && !/^[[{]\s*[\]}]$/.test(text) && !text.includes('${')) return undefined;
      return { attribute, node };
    }
    return undefined;
  }

  /** `{"Fn::TerraformExpression": "<text>"}` at the expression: known only when Terraform applies it. */
  symbolic(node: TsNode): SyntaxNode {
    const offset = node.startIndex;
    const length = node.endIndex - node.startIndex;
    return intrinsic(TERRAFORM_EXPRESSION, str(node.text.replace(/\s+/g, ' ').trim(), offset, length), offset, length);
  }
}

function markUncertain(object: ObjectNode, property: string, why: string): void {
  const existing = object.properties.find((p) => p.key === property);
  const at = existing?.value ?? object;
  const value = intrinsic(TERRAFORM_EXPRESSION, str(why, at.offset, at.length), at.offset, at.length);
  if (existing) {
    existing.value = value;
    value.parent = object;
    value.property = existing;
  } else addProperty(object, property, object.offset, 0, value);
}

function labelLength(label: TsNode): number {
  return label.endIndex - label.startIndex;
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

/** ERROR and MISSING nodes of the tree-sitter parse, as syntax errors at their place. */
function syntaxErrors(root: RawNode): SyntaxError[] {
  const errors: SyntaxError[] = [];
  if (!root.hasError) return errors;
  // An explicit stack, in document order: hostile nesting (50,000 open braces) must not overflow the call stack.
  const stack: RawNode[] = [root];
  while (stack.length > 0 && errors.length < MAX_SYNTAX_ERRORS) {
    const node = stack.pop()!;
    if (node.isMissing) {
      errors.push({ message: `Terraform syntax error: ${JSON.stringify(node.type)} is missing here.`, offset: node.startIndex, length: 0 });
      continue;
    }
    if (node.isError) {
      // The message quotes nothing of the file (it may hold secrets); the range shows where. Only the
      // error's first line is marked, so one unclosed brace does not paint the rest of the file.
      const text = node.text;
      const lead = text.length - text.trimStart().length;
      const firstLine = text.trimStart().split(/\r?\n/, 1)[0];
      errors.push({ message: 'Terraform syntax error: this does not parse.', offset: node.startIndex + lead, length: Math.max(1, firstLine.length) });
      continue;
    }
    if (!node.hasError) continue;
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
  return errors;
}
