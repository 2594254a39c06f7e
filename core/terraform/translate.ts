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
 *
 * The translator is built in layers, one module each: hcl.ts reads the tree-sitter tree, templateNodes.ts builds
 * the output nodes, expressions.ts translates expressions, policies.ts policy documents and attachments, and this
 * module walks the configuration's blocks (variables, locals, resources, nested and dynamic blocks, count and
 * for_each).
 */
import type { Tree } from 'web-tree-sitter';
import { objectNode, scalarNode, type ObjectNode, type SyntaxError, type SyntaxNode } from '../syntax';
import { TERRAFORM_EXPRESSION } from '../cloudformation/intrinsics';
import { TERRAFORM_POLICY_ATTACHMENT_TYPE, TERRAFORM_RESOURCE_MAPPINGS, type TerraformField } from './mapping';
import {
  attributeName,
  attributeOf,
  attributeValue,
  blockOf,
  bodyItems,
  firstOfType,
  labelLength,
  labelText,
  named,
  syntaxErrors,
  TsNode,
  type Block,
} from './hcl';
import type { Scope } from './expressions';
import { PolicyTranslator } from './policies';
import { addProperty, array, intrinsic, object, str, type Entry } from './templateNodes';

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

export class TerraformTranslator extends PolicyTranslator {
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

  private fieldValue(value: TsNode, field: TerraformField, scope: Scope): SyntaxNode {
    if (field.kind === 'json') return this.policyValue(value, scope);
    const translated = this.expression(value, scope);
    if (field.kind === 'list' && translated.kind !== 'array') return array(translated.offset, translated.length, [translated]);
    return translated;
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
