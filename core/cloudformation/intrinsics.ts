/**
 * Intrinsic functions of CloudFormation templates: how one is recognised, and the names (pseudo
 * parameters, the SAM transform, the attributes `Fn::GetAtt` may read) the index and the resolver share.
 * The template index is in templateIndex.ts, the resolver in resolver.ts, Serverless Framework variables
 * in serverless.ts.
 */
import type { ObjectNode, PropertyNode, SyntaxNode } from '../syntax';

/** `Ref`, `Condition` and `Fn::*`: the keys that make a one-key object an intrinsic function. */
const INTRINSIC_KEY_RE = /^(Ref|Condition|Fn::[A-Za-z0-9]+)$/;

export interface Intrinsic {
  /** `Ref`, `Fn::GetAtt`, ... */
  name: string;
  argument: SyntaxNode | undefined;
  property: PropertyNode;
  node: ObjectNode;
}

export function intrinsicOf(node: SyntaxNode | undefined): Intrinsic | undefined {
  if (node?.kind !== 'object' || node.properties.length !== 1) return undefined;
  const property = node.properties[0];
  if (!INTRINSIC_KEY_RE.test(property.key)) return undefined;
  return { name: property.key, argument: property.value, property, node };
}

export function isIntrinsic(node: SyntaxNode | undefined): boolean {
  return intrinsicOf(node) !== undefined;
}

export const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

/**
 * Not CloudFormation: the function a Terraform configuration's translation (core/terraform/) writes for an
 * expression known only when Terraform applies it (a module output, `count.index`, a conditional). Its
 * argument is the expression's text; it resolves to a symbolic `${<text>}`.
 */
export const TERRAFORM_EXPRESSION = 'Fn::TerraformExpression';

/**
 * Not CloudFormation: beside `Type` and `Properties`, a resource read from a Terraform state holds the attributes
 * already deployed (`{ "Arn": "arn:aws:iam::123456789012:role/x" }`), which `Fn::GetAtt` returns as they are.
 */
export const KNOWN_ATTRIBUTES_KEY = 'DeployedAttributes';

/**
 * A logical id inside a symbolic display form (`${UserPool}`): CloudFormation's are alphanumeric (a dot there
 * starts an attribute, `${UserPool.Arn}`); a Terraform resource address (`aws_cognito_user_pool.users`) has an
 * underscore, which no CloudFormation logical id has, and its one dot is part of it.
 */
export const DISPLAYED_LOGICAL_ID = String.raw`aws_[a-z0-9_]+\.[A-Za-z0-9_-]+|[^}.:]+`;

export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** Attributes `Fn::GetAtt` may read, for the resource types a role mapping refers to. */
export const KNOWN_ATTRIBUTES: Record<string, readonly string[]> = {
  'AWS::IAM::Role': ['Arn', 'RoleId'],
  'AWS::Cognito::UserPool': ['Arn', 'ProviderName', 'ProviderURL', 'UserPoolId'],
  'AWS::Cognito::UserPoolClient': ['ClientId', 'ClientSecret', 'Name'],
  'AWS::Cognito::IdentityPool': ['Id', 'Name'],
  'AWS::Cognito::UserPoolGroup': [],
  'AWS::Cognito::IdentityPoolRoleAttachment': ['Id'],
};
