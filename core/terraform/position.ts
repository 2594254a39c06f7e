/**
 * Where an offset of a Terraform text is, in Terraform and in CloudFormation terms: the resource block, the
 * Terraform attribute path (`role_mapping`, `mapping_rule`, `match_type`) and the CloudFormation property path
 * it was translated to (`RoleMappings`, key, `RulesConfiguration`, `Rules`, 0, `MatchType`), for hover docs and
 * completion from the schemas and the mapping table.
 */
import { getValue, type SyntaxNode } from '../syntax';
import { TERRAFORM_RESOURCE_MAPPINGS, type TerraformField } from './mapping';
import type { TerraformResourceBlock } from './translate';

export interface TerraformPosition {
  resource: TerraformResourceBlock;
  cloudFormationType: string;
  /** Below the resource's `Properties`. */
  cloudFormationPath: Array<string | number>;
  /** The Terraform blocks and attribute the offset is in (`['role_mapping', 'mapping_rule', 'match_type']`). */
  terraformPath: string[];
  /** True when the offset is on the attribute's name (not its value). */
  onName: boolean;
}

const contains = (node: { offset: number; length: number }, offset: number) => offset >= node.offset && offset <= node.offset + node.length;

/**
 * The position of `offset` in a translated Terraform tree (`root` of a `.tf` parse) among the resource blocks
 * `resources` (`terraformLayoutOf(parsed).resources`); undefined outside the resources the table maps.
 */
export function terraformPositionAt(root: SyntaxNode | undefined, resources: readonly TerraformResourceBlock[], offset: number): TerraformPosition | undefined {
  const resource = resources.find((r) => offset >= r.offset && offset <= r.offset + r.length);
  const mapping = resource ? TERRAFORM_RESOURCE_MAPPINGS[resource.type] : undefined;
  if (!resource || !mapping) return undefined;
  const properties = getValue(getValue(getValue(root, 'Resources'), resource.address), 'Properties');
  const position: TerraformPosition = { resource, cloudFormationType: mapping.cloudFormationType, cloudFormationPath: [], terraformPath: [], onName: false };
  let node = properties;
  let fields: Readonly<Record<string, TerraformField>> | undefined = mapping.attributes;
  /** CloudFormation levels to pass without a Terraform name (a keyed block's key, `Rules` under `RulesConfiguration`). */
  let skip = 0;
  let depth = 0;
  while (node && depth++ < 64) {
    let next: SyntaxNode | undefined;
    if (node.kind === 'object') {
      for (const property of node.properties) {
        const onKey = offset >= property.keyOffset && offset <= property.keyOffset + property.keyLength && property.keyLength > 0;
        if (!onKey && !(property.value && contains(property.value, offset))) continue;
        position.cloudFormationPath.push(property.key);
        if (skip > 0) skip--;
        else {
          const entry: [string, TerraformField] | undefined = fields ? Object.entries(fields).find(([, f]) => f.property === property.key) : undefined;
          if (entry) {
            position.terraformPath.push(entry[0]);
            skip = entry[1].kind === 'blocks' ? (entry[1].keyedBy ? 1 : 0) + (entry[1].under?.length ?? 0) : 0;
            fields = entry[1].fields;
          } else fields = undefined;
        }
        if (onKey) {
          position.onName = true;
          return position;
        }
        next = property.value;
        break;
      }
    } else if (node.kind === 'array') {
      const index = node.items.findIndex((item) => contains(item, offset));
      if (index >= 0) {
        position.cloudFormationPath.push(index);
        next = node.items[index];
      }
    }
    if (!next) break;
    node = next;
  }
  return position;
}
