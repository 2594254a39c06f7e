/**
 * The format-neutral role-mapping model. Every parser (SetIdentityPoolRoles JSON, identity-pool JSON,
 * CloudFormation templates) produces these shapes, and every consumer (checks, evaluation, the language
 * server, the CLI, the tree view) reads only these shapes. Each value keeps the range it came from.
 */
import type { CoreDiagnostic } from './diagnostics';
import type { Range } from './positions';
import type { TemplateContext } from './cloudformation/resolver';
import type { TemplateInfo } from './cloudformation/template';
import type { ParsedText, SyntaxNode } from './syntax';

/** A value read from a document, with where it was written. */
export interface SourceValue<T = string> {
  value: T;
  range: Range;
  /** The syntax node, kept only where later steps resolve through it (templates). */
  node?: SyntaxNode;
  /** Written as a number or boolean where a string belongs (`value` holds its text). */
  notString?: true;
  /**
   * True when the value could not be resolved inside its document (a CloudFormation `Ref` to a
   * parameter without default, an `Fn::ImportValue`, ...). `value` then holds a display form such as
   * `${UserPool}` or `<ref:AuthRole>`, and checks and evaluation must not treat it as the real value.
   */
  symbolic?: boolean;
  /**
   * For symbolic template values: the template parameters without a known value that it depends on (the
   * names a user can give values for). A symbolic boolean's `value` is only a placeholder: see `symbolic`.
   */
  parameters?: string[];
}

/**
 * `roles`: SetIdentityPoolRoles input; `role-mappings`: the RoleMappings map alone (the AWS CLI's
 * `--role-mappings` value); `identity-pool`: CreateIdentityPool/DescribeIdentityPool; `template`: CloudFormation.
 */
export type DocumentKind = 'roles' | 'role-mappings' | 'identity-pool' | 'template' | 'unknown';

export interface ModelDocument {
  uri: string;
  kind: DocumentKind;
  /**
   * Why an `unknown` document was not looked into: its text has no role-mapping keyword (then `parsed`
   * parses it only when read), or it is too large to read (then `parsed` is empty).
   */
  screened?: 'not-a-candidate' | 'too-large';
  parsed: ParsedText;
  /** Pools this document defines or configures (a template may hold several). */
  pools: IdentityPoolModel[];
  /** IAM roles defined in this document (CloudFormation templates). */
  iamRoles: IamRoleModel[];
  /** Syntax and per-document problems found while building the model. */
  parseDiagnostics: CoreDiagnostic[];
  /** Values given for template parameters (what a deployment passes); they replace the defaults. */
  templateParameters?: Readonly<Record<string, string>>;
  /** What the template reader found (templates that define or configure a pool); read it with `templateInfo(document)`. */
  template?: TemplateInfo;
}

export interface IdentityPoolModel {
  /** Workspace-wide key: the IdentityPoolId when known, else `uri#LogicalId` or the uri. */
  key: string;
  /** What to show a user: the pool name, logical id or IdentityPoolId. */
  label: string;
  identityPoolId?: SourceValue;
  /** CloudFormation logical id of the `AWS::Cognito::IdentityPool`. */
  logicalId?: string;
  /** The pool's own settings (identity-pool JSON or the CloudFormation IdentityPool resource). */
  definition?: PoolDefinition;
  /** The SetIdentityPoolRoles configuration (roles file or CloudFormation role attachment). */
  roleConfig?: RoleConfig;
  /** More role attachments for the same pool (CloudFormation); only the last one deployed wins. */
  extraRoleConfigs?: RoleConfig[];
  principalTags?: PrincipalTagModel[];
  /** IAM roles defined next to the pool (same CloudFormation template), for trust-policy checks. */
  iamRoles?: IamRoleModel[];
  /**
   * Resources that set this pool's roles or role mappings while the stack deploys (a custom resource, a
   * Lambda calling SetIdentityPoolRoles): the roles and mappings read here may not be the ones in force.
   */
  deployTimeRoleConfig?: DeployTimeConfigurer[];
  /** What may register login providers on the pool outside its definition (an OpenSearch domain's Cognito options, another stack). */
  providersAddedElsewhere?: string[];
}

/** All of a pool's role configurations, `roleConfig` first: checks and views look at every attachment. */
export function roleConfigsOf(pool: IdentityPoolModel | undefined): RoleConfig[] {
  if (!pool) return [];
  const extra = pool.extraRoleConfigs ?? [];
  return pool.roleConfig ? [pool.roleConfig, ...extra] : [...extra];
}

/** A resource that applies a pool's roles or role mappings at deploy time, where no static check can see them. */
export interface DeployTimeConfigurer {
  uri: string;
  /** The resource's logical id key. */
  range: Range;
  logicalId: string;
  /** How it does it, as the start of a sentence that goes on "the roles and role mappings of ...", e.g. "custom resource X (Custom::Y), whose Lambda F calls setIdentityPoolRoles, sets". */
  how: string;
  /** A role attachment that exists only under a condition decided at deploy time: it may set them, or not exist. */
  conditional?: true;
}

export interface PoolDefinition {
  uri: string;
  range: Range;
  /** Range to point at when a problem concerns the pool as a whole (e.g. its name or logical id). */
  anchorRange: Range;
  name?: SourceValue;
  allowUnauthenticatedIdentities?: SourceValue<boolean>;
  allowClassicFlow?: SourceValue<boolean>;
  developerProviderName?: SourceValue;
  cognitoProviders: CognitoProviderModel[];
  supportedLoginProviders: LoginProviderModel[];
  openIdConnectProviderArns: SourceValue[];
  samlProviderArns: SourceValue[];
  /** True when a provider field is written in a way that cannot be read (an intrinsic in place of the list or map). */
  providersUnknown?: boolean;
}

export interface CognitoProviderModel {
  range: Range;
  /** `cognito-idp.REGION.amazonaws.com/POOL_ID` */
  providerName?: SourceValue;
  clientId?: SourceValue;
  serverSideTokenCheck?: SourceValue<boolean>;
}

export interface LoginProviderModel {
  range: Range;
  /** `accounts.google.com`, `graph.facebook.com`, ... */
  provider: SourceValue;
  /** The app or client id registered for that provider. */
  appId?: SourceValue;
}

/** `role-mappings`: a file holding only RoleMappings, so the default roles (`Roles`) are unknown, not absent. */
export type RoleConfigSource = 'set-identity-pool-roles' | 'role-mappings' | 'cloudformation';

export interface RoleConfig {
  uri: string;
  source: RoleConfigSource;
  /** The object holding IdentityPoolId/Roles/RoleMappings (the file root, or a resource's Properties). */
  range: Range;
  anchorRange: Range;
  /** CloudFormation logical id of the attachment. */
  logicalId?: string;
  identityPoolId?: SourceValue;
  /** Range of the `Roles` value, when present. */
  rolesRange?: Range;
  authenticated?: SourceValue;
  unauthenticated?: SourceValue;
  /** Range of the `RoleMappings` value, when present. */
  mappingsRange?: Range;
  mappings: RoleMappingModel[];
  /** Set when RoleMappings could not be read statically (e.g. `!GetAtt` of a custom resource). */
  mappingsSymbolic?: SourceValue;
  /** RoleMappings entries given by an intrinsic function (`mobile: !If [...]`): not in `mappings`, provider unknown. */
  nonStaticMappings?: SourceValue[];
}

export type { AmbiguousRoleResolution, MatchType, RoleMappingType } from './api/model';

export interface RoleMappingModel {
  range: Range;
  /** The RoleMappings map key. In CloudFormation it may be an arbitrary logical name. */
  key: SourceValue;
  /** The provider this mapping applies to: the key, or CloudFormation's `IdentityProvider`. */
  provider: SourceValue;
  type?: SourceValue;
  ambiguousRoleResolution?: SourceValue;
  /** Range of `RulesConfiguration`, when present. */
  rulesConfigurationRange?: Range;
  /** Range of `Rules` inside RulesConfiguration, when present. */
  rulesRange?: Range;
  rules: MappingRuleModel[];
}

export interface MappingRuleModel {
  /** 0-based position in the Rules list: the evaluation order. */
  index: number;
  range: Range;
  claim?: SourceValue;
  matchType?: SourceValue;
  value?: SourceValue;
  roleArn?: SourceValue;
}

export interface PrincipalTagModel {
  uri: string;
  range: Range;
  logicalId?: string;
  identityProviderName?: SourceValue;
  useDefaults?: SourceValue<boolean>;
  tags: Array<{ key: SourceValue; claim: SourceValue }>;
}

/** An IAM role defined next to the pool (CloudFormation), with what its trust policy says. */
export interface IamRoleModel {
  uri: string;
  range: Range;
  logicalId: string;
  /** Resolved ARN when it can be built, else a symbolic display form. */
  arn?: SourceValue;
  roleName?: SourceValue;
  trustPolicy?: SyntaxNode;
  trustPolicyRange?: Range;
  /** The template the role was read from (its resolver and lines), for the trust analysis of `trustPolicy`. */
  template?: TemplateContext;
}
