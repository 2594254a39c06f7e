/**
 * Docs and allowed values of Terraform attributes, from the one table (core `TERRAFORM_RESOURCE_MAPPINGS`)
 * and the CloudFormation schemas it maps to: `match_type` of a `mapping_rule` is the schema's
 * `RoleMappings.*.RulesConfiguration.Rules[*].MatchType`. One source of docs for every format.
 */
import { CFN_SCHEMA_IDS, TERRAFORM_RESOURCE_MAPPINGS, schemaAt, type SchemaNode, type TerraformField } from '../../core/index';
import type { Path } from './schemaContext';

export interface TerraformSchemaLocation {
  schemaId: string;
  /** The path in the CloudFormation resource's `Properties` (a map key or list index stands for any). */
  path: Path;
  field: TerraformField;
  schema: SchemaNode | undefined;
}

/** The attributes and nested blocks allowed where the nested `blocks` of a resource lead, by Terraform name. */
export function terraformFieldsAt(resourceType: string, blocks: readonly string[]): Readonly<Record<string, TerraformField>> | undefined {
  let fields: Readonly<Record<string, TerraformField>> | undefined = TERRAFORM_RESOURCE_MAPPINGS[resourceType]?.attributes;
  for (const name of blocks) {
    const field: TerraformField | undefined = fields?.[name];
    if (field?.kind !== 'blocks') return undefined;
    fields = field.fields;
  }
  return fields;
}

/** Where the attribute `names` (blocks, then the attribute) of a resource type is in its CloudFormation schema. */
export function terraformSchemaLocation(resourceType: string, names: readonly string[]): TerraformSchemaLocation | undefined {
  const mapping = TERRAFORM_RESOURCE_MAPPINGS[resourceType];
  const schemaId = mapping && CFN_SCHEMA_IDS[mapping.cloudFormationType];
  if (!schemaId) return undefined;
  let fields: Readonly<Record<string, TerraformField>> | undefined = mapping.attributes;
  const path: Path = [];
  let field: TerraformField | undefined;
  for (const [i, name] of names.entries()) {
    field = fields?.[name];
    if (!field) return undefined;
    path.push(field.property, ...(field.under ?? []));
    if (i < names.length - 1) {
      if (field.kind !== 'blocks') return undefined;
      // One item of the list, or one entry of the map CloudFormation keys by name: the schema is the same for all.
      path.push(field.keyedBy ? 'mapping' : 0);
      fields = field.fields;
    }
  }
  return field ? { schemaId, path, field, schema: schemaAt(schemaId, path) } : undefined;
}
