/**
 * `terraform show -json` output (a plan's `planned_values`, or a state's `values`) read through the same table
 * as `.tf` files: each resource of `root_module` and its `child_modules` becomes a template resource whose values
 * are the JSON's own nodes (ranges point at the JSON values). Every value is resolved there, except in a plan
 * what is known only after apply (`after_unknown`), which stays symbolic; an attribute that names another
 * resource in the configuration (`identity_pool_id = aws_cognito_identity_pool.main.id`) becomes that reference.
 */
import { KNOWN_ATTRIBUTES_KEY, TERRAFORM_EXPRESSION } from '../cloudformation/intrinsics';
import { arrayNode, getValue, objectNode, propertyNode, scalarNode, type ObjectNode, type ScalarNode, type SyntaxNode } from '../syntax';
import { TERRAFORM_RESOURCE_MAPPINGS, type TerraformField } from './mapping';
import { replaceStrings } from './templateNodes';

/** True for the JSON `terraform show -json` prints: a plan (`planned_values`) or a state (`values.root_module`). */
export function looksLikeTerraformShowJson(root: SyntaxNode | undefined): boolean {
  if (root?.kind !== 'object' || !getValue(root, 'format_version')) return false;
  return getValue(getValue(root, 'planned_values'), 'root_module') !== undefined || getValue(getValue(root, 'values'), 'root_module') !== undefined;
}

interface ShowResource {
  address: string;
  type: string;
  typeNode: SyntaxNode;
  addressNode: SyntaxNode;
  node: SyntaxNode;
  values: SyntaxNode | undefined;
  /** The plan's `after_unknown` of this resource, if any. */
  unknown: SyntaxNode | undefined;
  /** The configuration's `expressions` of this resource, if any. */
  expressions: SyntaxNode | undefined;
}

function setValue(node: ObjectNode, key: string, keyOffset: number, keyLength: number, value: SyntaxNode): void {
  const property = propertyNode(Math.min(keyOffset, value.offset), 0, key, keyOffset, keyLength, node);
  property.length = Math.max(keyOffset + keyLength, value.offset + value.length) - property.offset;
  property.value = value;
  value.parent = node;
  value.property = property;
  node.properties.push(property);
}

/** Translates the show JSON into `{ Resources }` (a new tree; the JSON's own nodes are moved into it). */
export function translateTerraformShowJson(root: ObjectNode): ObjectNode {
  const resources = collectResources(root);
  // Identity pool ids as written in the JSON: a value equal to one is a reference to that pool (links the
  // attachment to its pool, and the trust policy's `aud` to it), as in a template.
  const poolIds = new Map<string, string>();
  for (const resource of resources) {
    const id = getValue(resource.values, 'id');
    if (resource.type === 'aws_cognito_identity_pool' && id?.kind === 'string') poolIds.set(id.value as string, resource.address);
  }
  const resourcesNode = objectNode(root.offset, root.length);
  for (const resource of resources) {
    const mapping = TERRAFORM_RESOURCE_MAPPINGS[resource.type];
    if (!mapping || resource.values?.kind !== 'object') continue;
    const reader = new ValuesReader(poolIds, resource);
    const properties = reader.fields(resource.values, mapping.attributes, resource.unknown, resource.expressions, []);
    // The provider's defaults for what CloudFormation requires, as for `.tf` files.
    for (const [property, value] of Object.entries(mapping.defaults ?? {})) {
      if (properties.properties.some((p) => p.key === property)) continue;
      const at = { offset: resource.addressNode.offset, length: 0 };
      setValue(properties, property, at.offset, 0, typeof value === 'boolean' ? scalarNode('boolean', value, at.offset, 0) : str(value, at));
    }
    const node = objectNode(resource.node.offset, resource.node.length);
    setValue(node, 'Type', resource.typeNode.offset, resource.typeNode.length, str(mapping.cloudFormationType, resource.typeNode));
    setValue(node, 'Properties', resource.values.offset, 0, properties);
    // A state (or a plan of an existing role) knows the role's ARN: `Fn::GetAtt Arn` is then that ARN.
    const arn = resource.type === 'aws_iam_role' ? getValue(resource.values, 'arn') : undefined;
    if (arn?.kind === 'string' && arn.value !== '') {
      const known = objectNode(arn.offset, arn.length);
      setValue(known, 'Arn', arn.offset, arn.length, str(arn.value as string, arn));
      setValue(node, KNOWN_ATTRIBUTES_KEY, arn.offset, 0, known);
    }
    setValue(resourcesNode, resource.address, resource.addressNode.offset, resource.addressNode.length, node);
  }
  const translated = objectNode(root.offset, root.length);
  setValue(translated, 'Resources', root.offset, 0, resourcesNode);
  return translated;
}

function str(value: string, at: { offset: number; length: number }): SyntaxNode {
  return scalarNode('string', value, at.offset, at.length);
}

function collectResources(root: ObjectNode): ShowResource[] {
  const planned = getValue(getValue(root, 'planned_values'), 'root_module');
  const module = planned ?? getValue(getValue(root, 'values'), 'root_module');
  const changes = new Map<string, SyntaxNode>();
  const changeList = getValue(root, 'resource_changes');
  for (const change of changeList?.kind === 'array' ? changeList.items : []) {
    const address = getValue(change, 'address');
    const unknown = getValue(getValue(change, 'change'), 'after_unknown');
    if (address?.kind === 'string' && unknown) changes.set(address.value as string, unknown);
  }
  const expressions = new Map<string, SyntaxNode>();
  const collectConfiguration = (configModule: SyntaxNode | undefined, prefix: string, depth: number) => {
    if (!configModule || depth > 16) return;
    const list = getValue(configModule, 'resources');
    for (const resource of list?.kind === 'array' ? list.items : []) {
      const address = getValue(resource, 'address');
      const expression = getValue(resource, 'expressions');
      if (address?.kind === 'string' && expression) expressions.set(`${prefix}${address.value as string}`, expression);
    }
    const calls = getValue(configModule, 'module_calls');
    for (const call of calls?.kind === 'object' ? calls.properties : [])
      collectConfiguration(getValue(call.value, 'module'), `${prefix}module.${call.key}.`, depth + 1);
  };
  collectConfiguration(getValue(getValue(root, 'configuration'), 'root_module'), '', 0);

  const result: ShowResource[] = [];
  const visit = (node: SyntaxNode | undefined, depth: number) => {
    if (!node || depth > 16) return;
    const list = getValue(node, 'resources');
    for (const resource of list?.kind === 'array' ? list.items : []) {
      const address = getValue(resource, 'address');
      const type = getValue(resource, 'type');
      const mode = getValue(resource, 'mode');
      if (address?.kind !== 'string' || type?.kind !== 'string' || (mode?.kind === 'string' && mode.value !== 'managed')) continue;
      const addressText = address.value as string;
      result.push({
        address: addressText,
        type: type.value as string,
        typeNode: type,
        addressNode: address,
        node: resource,
        values: getValue(resource, 'values'),
        unknown: changes.get(addressText),
        // The configuration has one entry per resource block: `aws_x.y[0]` and `aws_x.y["k"]` share it.
        expressions: expressions.get(addressText.replace(/\[[^\]]*\]$/, '')),
      });
    }
    const children = getValue(node, 'child_modules');
    for (const child of children?.kind === 'array' ? children.items : []) visit(child, depth + 1);
  };
  visit(module, 0);
  return result;
}

class ValuesReader {
  constructor(
    private readonly poolIds: ReadonlyMap<string, string>,
    private readonly resource: ShowResource,
  ) {}

  /** One object of values (the resource's, or a nested block's) as CloudFormation properties. */
  fields(
    values: SyntaxNode,
    fields: Readonly<Record<string, TerraformField>>,
    unknown: SyntaxNode | undefined,
    expressions: SyntaxNode | undefined,
    path: string[],
  ): ObjectNode {
    const result = objectNode(values.offset, values.length);
    const present = new Set<string>();
    for (const property of values.kind === 'object' ? values.properties : []) {
      const field = fields[property.key];
      const value = property.value;
      // The state writes "" (and null) for optional attributes that are not set.
      if (!field || !value || value.kind === 'null' || (value.kind === 'string' && value.value === '')) continue;
      present.add(property.key);
      const translated = this.field(value, field, getValue(unknown, property.key), getValue(expressions, property.key), [...path, property.key]);
      if (translated) setValue(result, field.property, property.keyOffset, property.keyLength, translated);
    }
    // Attributes a plan knows only after apply (`after_unknown`): the reference when the configuration names one
    // resource attribute, else symbolic; a map (`roles`) gets each of its unknown entries.
    const at = this.resource.addressNode;
    for (const [name, field] of Object.entries(fields)) {
      if (field.kind === 'blocks') continue;
      const isUnknown = getValue(unknown, name);
      const describe = (key?: string) => `${this.resource.address}.${[...path, name, ...(key ? [key] : [])].join('.')} (known after apply)`;
      if (isUnknown?.kind === 'boolean' && isUnknown.value === true && !present.has(name)) {
        const reference = referenceOf(getValue(expressions, name));
        setValue(result, field.property, at.offset, 0, reference ? referenceNode(this.modulePrefix(), reference, at) : symbolicNode(describe(), at));
      } else if (isUnknown?.kind === 'object') {
        const keys = isUnknown.properties.filter((p) => p.value?.kind === 'boolean' && p.value.value === true).map((p) => p.key);
        if (keys.length === 0) continue;
        let map = result.properties.find((p) => p.key === field.property)?.value;
        if (map?.kind !== 'object') {
          map = objectNode(at.offset, at.length);
          setValue(result, field.property, at.offset, 0, map);
        }
        for (const key of keys) if (!map.properties.some((p) => p.key === key)) setValue(map, key, at.offset, 0, symbolicNode(describe(key), at));
      }
    }
    return result;
  }

  private field(
    value: SyntaxNode,
    field: TerraformField,
    unknown: SyntaxNode | undefined,
    expressions: SyntaxNode | undefined,
    path: string[],
  ): SyntaxNode | undefined {
    if (field.kind === 'json') {
      const document = value.kind === 'string' ? jsonNodes(value) : value;
      return document ? this.linked(document) : value;
    }
    if (field.kind !== 'blocks') return this.linked(value);
    if (value.kind !== 'array' || value.items.length === 0) return undefined;
    const objects = value.items.map((item, i) => this.fields(item, field.fields ?? {}, itemOf(unknown, i), itemOf(expressions, i), path));
    if (field.keyedBy) {
      const keyed = objectNode(value.offset, value.length);
      objects.forEach((object, i) => {
        const key = getValue(value.items[i], field.keyedBy!);
        const text = key?.kind === 'string' ? (key.value as string) : `${path.join('.')}[${i}]`;
        setValue(keyed, text, (key ?? value.items[i]).offset, (key ?? value.items[i]).length, object);
      });
      return keyed;
    }
    let list: SyntaxNode = arrayNode(value.offset, value.length);
    for (const object of objects) {
      object.parent = list;
      (list as ReturnType<typeof arrayNode>).items.push(object);
    }
    for (const segment of [...(field.under ?? [])].reverse()) {
      const wrapper = objectNode(value.offset, value.length);
      setValue(wrapper, segment, value.offset, 0, list);
      list = wrapper;
    }
    return list;
  }

  /** `module.identity.` for a resource of that module: configuration references are relative to their module. */
  private modulePrefix(): string {
    const { address, type } = this.resource;
    const at = address.lastIndexOf(`${type}.`);
    return at > 0 ? address.slice(0, at) : '';
  }

  /** The value with every string equal to an identity pool's id turned into a `Ref` of that pool. */
  private linked(node: SyntaxNode): SyntaxNode {
    return replaceStrings(node, (leaf) => {
      const pool = this.poolIds.get(leaf.value as string);
      return pool && pool !== this.resource.address ? referenceNode('', `${pool}.id`, leaf) : leaf;
    });
  }
}

function itemOf(node: SyntaxNode | undefined, index: number): SyntaxNode | undefined {
  return node?.kind === 'array' ? node.items[index] : undefined;
}

/** The one resource attribute a configuration expression references (`aws_cognito_identity_pool.main.id`), if any. */
function referenceOf(expression: SyntaxNode | undefined): string | undefined {
  const references = getValue(expression, 'references');
  const first = references?.kind === 'array' ? references.items[0] : undefined;
  return first?.kind === 'string' && /^[a-z0-9_]+\.[A-Za-z0-9_-]+\.[a-z_]+$/.test(first.value as string) ? (first.value as string) : undefined;
}

/** `TYPE.NAME.ATTRIBUTE` (in the module `prefix`) as the table's `Ref`/`Fn::GetAtt`, at `at`; symbolic when the table has none. */
function referenceNode(prefix: string, reference: string, at: { offset: number; length: number }): SyntaxNode {
  const attributeAt = reference.lastIndexOf('.');
  const address = `${prefix}${reference.slice(0, attributeAt)}`;
  const type = address.split('.').at(-2) ?? '';
  const target = TERRAFORM_RESOURCE_MAPPINGS[type]?.references[reference.slice(attributeAt + 1)];
  if (!target) return symbolicNode(`${prefix}${reference}`, at);
  const node = objectNode(at.offset, at.length);
  if ('ref' in target) setValue(node, 'Ref', at.offset, at.length, str(address, at));
  else {
    const list = arrayNode(at.offset, at.length);
    for (const item of [str(address, at), str(target.getAtt, at)]) {
      item.parent = list;
      list.items.push(item);
    }
    setValue(node, 'Fn::GetAtt', at.offset, at.length, list);
  }
  return node;
}

function symbolicNode(text: string, at: { offset: number; length: number }): SyntaxNode {
  const node = objectNode(at.offset, at.length);
  setValue(node, TERRAFORM_EXPRESSION, at.offset, at.length, str(text, at));
  return node;
}

/** A JSON document held in a string (`assume_role_policy`): its nodes, each at the string's range. */
function jsonNodes(node: ScalarNode): SyntaxNode | undefined {
  let value: unknown;
  try {
    value = JSON.parse(node.value as string);
  } catch {
    return undefined;
  }
  const build = (v: unknown, depth: number): SyntaxNode => {
    if (depth > 64) return scalarNode('null', null, node.offset, node.length);
    if (Array.isArray(v)) {
      const list = arrayNode(node.offset, node.length);
      for (const item of v) {
        const child = build(item, depth + 1);
        child.parent = list;
        list.items.push(child);
      }
      return list;
    }
    if (v !== null && typeof v === 'object') {
      const object = objectNode(node.offset, node.length);
      for (const [key, item] of Object.entries(v)) setValue(object, key, node.offset, node.length, build(item, depth + 1));
      return object;
    }
    if (typeof v === 'string') return str(v, node);
    if (typeof v === 'number') return scalarNode('number', v, node.offset, node.length);
    if (typeof v === 'boolean') return scalarNode('boolean', v, node.offset, node.length);
    return scalarNode('null', null, node.offset, node.length);
  };
  return build(value, 0);
}
