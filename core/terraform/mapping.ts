/**
 * The one table from Terraform to CloudFormation: for each AWS provider resource type the reader knows, the
 * CloudFormation type it becomes, where each attribute (or nested block) goes, and what a reference to one
 * of its attributes means. The translator (translate.ts) reads nothing else; hover and completion for `.tf`
 * files can be derived from it plus the CloudFormation schemas (the property path names the schema field).
 */

/** How one Terraform attribute or nested block becomes a CloudFormation property. */
export interface TerraformField {
  /** The CloudFormation property it fills. */
  property: string;
  /**
   * `value`: an expression, translated as is (the default); `json`: a policy document (heredoc JSON,
   * `jsonencode(...)`, or `data.aws_iam_policy_document.X.json`); `list`: a single value wrapped into a list
   * (`role` of `aws_iam_role_policy` → `Roles`); `blocks`: repeated nested blocks, a list of objects whose
   * fields are `fields`.
   */
  kind?: 'value' | 'json' | 'list' | 'blocks';
  /** For `blocks`: the block's own attributes. */
  fields?: Readonly<Record<string, TerraformField>>;
  /** For `blocks`: the list is held under this path below `property` (`mapping_rule` → `RulesConfiguration.Rules`). */
  under?: readonly string[];
  /**
   * For `blocks` that CloudFormation keys by name (`role_mapping` → `RoleMappings`): the block attribute
   * whose text is the key (CloudFormation's own keys are free names; the provider name is the natural one).
   */
  keyedBy?: string;
  /**
   * For `blocks`: the CloudFormation field made unknown in the one instance read from a `dynamic` block whose
   * `for_each` is known only at apply time (there may be none): a rule's `Claim`, so no rule is relied on.
   */
  presence?: string;
}

/** What `TYPE.NAME.ATTRIBUTE` means: `Ref` of the resource, or `Fn::GetAtt` of one of its attributes. */
export type TerraformReference = { ref: true } | { getAtt: string };

export interface TerraformResourceMapping {
  cloudFormationType: string;
  attributes: Readonly<Record<string, TerraformField>>;
  references: Readonly<Record<string, TerraformReference>>;
  /** What the provider fills in for an attribute left out that CloudFormation requires, by CloudFormation property. */
  defaults?: Readonly<Record<string, boolean | string>>;
}

const MAPPING_RULE_FIELDS: Record<string, TerraformField> = {
  claim: { property: 'Claim' },
  match_type: { property: 'MatchType' },
  value: { property: 'Value' },
  role_arn: { property: 'RoleARN' },
};

/** The Terraform resource types read, by Terraform type. */
export const TERRAFORM_RESOURCE_MAPPINGS: Readonly<Record<string, TerraformResourceMapping>> = {
  aws_cognito_identity_pool: {
    cloudFormationType: 'AWS::Cognito::IdentityPool',
    attributes: {
      identity_pool_name: { property: 'IdentityPoolName' },
      allow_unauthenticated_identities: { property: 'AllowUnauthenticatedIdentities' },
      allow_classic_flow: { property: 'AllowClassicFlow' },
      cognito_identity_providers: {
        property: 'CognitoIdentityProviders',
        kind: 'blocks',
        presence: 'ProviderName',
        fields: {
          client_id: { property: 'ClientId' },
          provider_name: { property: 'ProviderName' },
          server_side_token_check: { property: 'ServerSideTokenCheck' },
        },
      },
      supported_login_providers: { property: 'SupportedLoginProviders' },
      openid_connect_provider_arns: { property: 'OpenIdConnectProviderARNs' },
      saml_provider_arns: { property: 'SamlProviderARNs' },
      developer_provider_name: { property: 'DeveloperProviderName' },
    },
    references: { id: { ref: true }, arn: { getAtt: 'Arn' }, identity_pool_name: { getAtt: 'Name' } },
    defaults: { AllowUnauthenticatedIdentities: false },
  },
  aws_cognito_identity_pool_roles_attachment: {
    cloudFormationType: 'AWS::Cognito::IdentityPoolRoleAttachment',
    attributes: {
      identity_pool_id: { property: 'IdentityPoolId' },
      roles: { property: 'Roles' },
      role_mapping: {
        property: 'RoleMappings',
        kind: 'blocks',
        keyedBy: 'identity_provider',
        presence: 'IdentityProvider',
        fields: {
          identity_provider: { property: 'IdentityProvider' },
          type: { property: 'Type' },
          ambiguous_role_resolution: { property: 'AmbiguousRoleResolution' },
          mapping_rule: { property: 'RulesConfiguration', kind: 'blocks', under: ['Rules'], fields: MAPPING_RULE_FIELDS, presence: 'Claim' },
        },
      },
    },
    references: { id: { ref: true } },
  },
  aws_cognito_identity_pool_provider_principal_tag: {
    cloudFormationType: 'AWS::Cognito::IdentityPoolPrincipalTag',
    attributes: {
      identity_pool_id: { property: 'IdentityPoolId' },
      identity_provider_name: { property: 'IdentityProviderName' },
      principal_tags: { property: 'PrincipalTags' },
      use_defaults: { property: 'UseDefaults' },
    },
    references: {},
  },
  aws_cognito_user_pool: {
    cloudFormationType: 'AWS::Cognito::UserPool',
    attributes: {
      name: { property: 'UserPoolName' },
      schema: {
        property: 'Schema',
        kind: 'blocks',
        fields: {
          name: { property: 'Name' },
          attribute_data_type: { property: 'AttributeDataType' },
          mutable: { property: 'Mutable' },
          required: { property: 'Required' },
          developer_only_attribute: { property: 'DeveloperOnlyAttribute' },
        },
      },
    },
    references: { id: { ref: true }, endpoint: { getAtt: 'ProviderName' }, arn: { getAtt: 'Arn' } },
  },
  aws_cognito_user_pool_client: {
    cloudFormationType: 'AWS::Cognito::UserPoolClient',
    attributes: {
      name: { property: 'ClientName' },
      user_pool_id: { property: 'UserPoolId' },
      read_attributes: { property: 'ReadAttributes' },
      write_attributes: { property: 'WriteAttributes' },
      generate_secret: { property: 'GenerateSecret' },
      explicit_auth_flows: { property: 'ExplicitAuthFlows' },
      allowed_oauth_flows: { property: 'AllowedOAuthFlows' },
      allowed_oauth_scopes: { property: 'AllowedOAuthScopes' },
      supported_identity_providers: { property: 'SupportedIdentityProviders' },
    },
    references: { id: { ref: true } },
  },
  aws_cognito_user_group: {
    cloudFormationType: 'AWS::Cognito::UserPoolGroup',
    attributes: {
      name: { property: 'GroupName' },
      user_pool_id: { property: 'UserPoolId' },
      role_arn: { property: 'RoleArn' },
      precedence: { property: 'Precedence' },
      description: { property: 'Description' },
    },
    references: { name: { ref: true } },
  },
  aws_iam_role: {
    cloudFormationType: 'AWS::IAM::Role',
    attributes: {
      name: { property: 'RoleName' },
      path: { property: 'Path' },
      assume_role_policy: { property: 'AssumeRolePolicyDocument', kind: 'json' },
      inline_policy: {
        property: 'Policies',
        kind: 'blocks',
        fields: { name: { property: 'PolicyName' }, policy: { property: 'PolicyDocument', kind: 'json' } },
      },
      managed_policy_arns: { property: 'ManagedPolicyArns' },
      permissions_boundary: { property: 'PermissionsBoundary' },
      max_session_duration: { property: 'MaxSessionDuration' },
    },
    references: { name: { ref: true }, id: { ref: true }, arn: { getAtt: 'Arn' }, unique_id: { getAtt: 'RoleId' } },
  },
  aws_iam_role_policy: {
    cloudFormationType: 'AWS::IAM::RolePolicy',
    attributes: {
      name: { property: 'PolicyName' },
      role: { property: 'RoleName' },
      policy: { property: 'PolicyDocument', kind: 'json' },
    },
    references: {},
  },
  aws_iam_policy: {
    cloudFormationType: 'AWS::IAM::ManagedPolicy',
    attributes: {
      name: { property: 'ManagedPolicyName' },
      path: { property: 'Path' },
      policy: { property: 'PolicyDocument', kind: 'json' },
    },
    // `Ref` of an AWS::IAM::ManagedPolicy is its ARN.
    references: { arn: { ref: true }, id: { ref: true } },
  },
};

/**
 * `aws_iam_role_policy_attachment` has no CloudFormation type of its own: it adds its `role` to the `Roles` of
 * the `aws_iam_policy` its `policy_arn` names, or the ARN to the role's `ManagedPolicyArns` (AWS-managed policies).
 */
export const TERRAFORM_POLICY_ATTACHMENT_TYPE = 'aws_iam_role_policy_attachment';

/** The CloudFormation property path a Terraform attribute path (`role_mapping.mapping_rule.match_type`) maps to, if any. */
export function cloudFormationPathOf(resourceType: string, attributePath: readonly string[]): string[] | undefined {
  let fields: Readonly<Record<string, TerraformField>> | undefined = TERRAFORM_RESOURCE_MAPPINGS[resourceType]?.attributes;
  const path: string[] = [];
  for (const name of attributePath) {
    const field: TerraformField | undefined = fields?.[name];
    if (!field) return undefined;
    path.push(field.property, ...(field.under ?? []));
    fields = field.fields;
  }
  return path;
}
