/**
 * Diagnostics on a Terraform configuration name its attributes as Terraform spells them: the checks word their
 * messages with CloudFormation's property names in backticks (`MatchType`, `Rules[0]`, `Roles.authenticated`),
 * and these are renamed through the mapping table (`match_type`, `mapping_rule[0]`, `roles.authenticated`).
 */
import { TERRAFORM_RESOURCE_MAPPINGS, type TerraformField } from './mapping';

/** The identity-pool resources whose fields the checks name (IAM and user-pool fields keep CloudFormation names). */
const RENAMED_TYPES = ['aws_cognito_identity_pool', 'aws_cognito_identity_pool_roles_attachment', 'aws_cognito_identity_pool_provider_principal_tag'];

function terraformNames(): Map<string, string> {
  const names = new Map<string, string>();
  const visit = (fields: Readonly<Record<string, TerraformField>>) => {
    for (const [name, field] of Object.entries(fields)) {
      if (!names.has(field.property)) names.set(field.property, name);
      for (const segment of field.under ?? []) if (!names.has(segment)) names.set(segment, name);
      if (field.fields) visit(field.fields);
    }
  };
  for (const type of RENAMED_TYPES) visit(TERRAFORM_RESOURCE_MAPPINGS[type].attributes);
  return names;
}

let names: Map<string, string> | undefined;
let types: Map<string, string> | undefined;

/** CloudFormation type → the Terraform resource type translated to it (the first, where several are). */
function terraformTypes(): Map<string, string> {
  types ??= new Map(
    Object.entries(TERRAFORM_RESOURCE_MAPPINGS)
      .reverse()
      .map(([type, mapping]) => [mapping.cloudFormationType, type]),
  );
  return types;
}

/** A message with the CloudFormation field names in backticks replaced by the Terraform attribute names. */
export function terraformWording(message: string): string {
  names ??= terraformNames();
  const table = names;
  // `var.X` is read as the template parameter X: say "variable" where a message names one.
  const worded = message
    .replace(/\b(default of|value of|the) parameter (?=[A-Za-z_])/g, '$1 variable ')
    .replace(/\btemplate parameter/g, 'Terraform variable')
    // `AWS::Cognito::IdentityPoolRoleAttachment` → `aws_cognito_identity_pool_roles_attachment`.
    .replace(/\bAWS::[A-Za-z0-9]+::[A-Za-z0-9]+\b/g, (type) => terraformTypes().get(type) ?? type);
  return worded.replace(/`([A-Za-z][A-Za-z0-9]*(?:\[\d+\])?(?:\.[A-Za-z0-9:_-]+(?:\[\d+\])?)*)`/g, (whole, path: string) => {
    const segments = path.split('.').map((segment) => {
      const bracket = segment.indexOf('[');
      const name = bracket < 0 ? segment : segment.slice(0, bracket);
      const renamed = table.get(name);
      return renamed === undefined ? segment : renamed + (bracket < 0 ? '' : segment.slice(bracket));
    });
    // `RulesConfiguration.Rules` is one Terraform block (`mapping_rule`): say it once.
    const merged = segments.filter((segment, i) => i === 0 || segment !== segments[i - 1]);
    return `\`${merged.join('.')}\``;
  });
}
