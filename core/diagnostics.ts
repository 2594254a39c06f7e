/**
 * Diagnostics and the registry of their stable codes. A code never changes meaning once released;
 * the README's list of checks is tested against this registry.
 */
import { MAX_MAPPINGS, MAX_RULES } from './api/model';
import { plainRange, type Location, type Range } from './positions';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** What a real AWS call answers for the situation a diagnostic describes. */
export interface AwsError {
  /** Exception name, e.g. `InvalidParameterException`. */
  code: string;
  message: string;
  /** True where AWS does not document the code or message (UNCONFIRMED) and we chose the most plausible one. */
  assumed?: boolean;
}

export interface CoreDiagnostic {
  code: DiagnosticCode;
  severity: Severity;
  /** One sentence a newcomer understands. */
  message: string;
  uri: string;
  range: Range;
  /** Other places that explain the problem (e.g. the earlier rule that shadows this one). */
  related?: Array<{ location: Location; message: string }>;
  /** Set when AWS rejects the configuration (SetIdentityPoolRoles, CreateIdentityPool or a deploy). */
  awsError?: AwsError;
  /** Machine-readable facts for quick fixes (e.g. the valid values, the suggested replacement). */
  data?: DiagnosticData;
}

export interface DiagnosticData {
  /** Values that would be valid at this range, best first. */
  replacements?: string[];
  /** Required property names that are missing from the object at this range. */
  missingProperties?: string[];
  /** For a shadowed rule: the index of the rule that shadows it and of the rule itself. */
  shadowedBy?: number;
  ruleIndex?: number;
  /** Mapping key rewrite suggestion. */
  suggestedKey?: string;
  /**
   * The AWS error, only in the copy the language server sends as LSP `Diagnostic.data` (clients read
   * data, not the core's `CoreDiagnostic.awsError`).
   */
  awsError?: AwsError;
}

const AWS = 'https://docs.aws.amazon.com';
export const DOCS = {
  setIdentityPoolRoles: `${AWS}/cognitoidentity/latest/APIReference/API_SetIdentityPoolRoles.html`,
  roleMapping: `${AWS}/cognitoidentity/latest/APIReference/API_RoleMapping.html`,
  mappingRule: `${AWS}/cognitoidentity/latest/APIReference/API_MappingRule.html`,
  createIdentityPool: `${AWS}/cognitoidentity/latest/APIReference/API_CreateIdentityPool.html`,
  getCredentials: `${AWS}/cognitoidentity/latest/APIReference/API_GetCredentialsForIdentity.html`,
  rbac: `${AWS}/cognito/latest/developerguide/role-based-access-control.html`,
  limits: `${AWS}/cognito/latest/developerguide/limits.html`,
  trust: `${AWS}/cognito/latest/developerguide/role-trust-and-permissions.html`,
  iamRoles: `${AWS}/cognito/latest/developerguide/iam-roles.html`,
  flow: `${AWS}/cognito/latest/developerguide/authentication-flow.html`,
  groups: `${AWS}/cognito/latest/developerguide/cognito-user-pools-user-groups.html`,
  afac: `${AWS}/cognito/latest/developerguide/attributes-for-access-control.html`,
  cfnRoleAttachment: `${AWS}/AWSCloudFormation/latest/UserGuide/aws-resource-cognito-identitypoolroleattachment.html`,
  cfnIdentityPool: `${AWS}/AWSCloudFormation/latest/UserGuide/aws-resource-cognito-identitypool.html`,
} as const;

export interface CodeInfo {
  severity: Severity;
  /** Short title used in the README's list of checks and in `--format text` summaries. */
  title: string;
  docs: string;
}

/**
 * Every code the core can emit. Grouped by prefix: document problems, shapes the API model rejects
 * (derived from the JSON schemas in `schemas/`), cross-field rules the service rejects, likely
 * mistakes the API accepts, CloudFormation and trust-policy checks.
 */
export const CODES = {
  // Document
  'syntax-error': { severity: 'error', title: 'The file is not valid JSON or YAML', docs: DOCS.setIdentityPoolRoles },
  'duplicate-key': { severity: 'error', title: 'A key appears twice in the same object; only the last one counts', docs: DOCS.setIdentityPoolRoles },
  'file-too-large': { severity: 'warning', title: 'The file is too large to check', docs: DOCS.setIdentityPoolRoles },
  encoding: { severity: 'error', title: 'The file is not UTF-8 text, nor UTF-16 with a byte-order mark', docs: DOCS.setIdentityPoolRoles },

  // Shapes (from the JSON schemas)
  'missing-required': { severity: 'error', title: 'A required field is missing', docs: DOCS.setIdentityPoolRoles },
  'invalid-type': { severity: 'error', title: 'A field has the wrong type', docs: DOCS.setIdentityPoolRoles },
  'invalid-enum-value': { severity: 'error', title: 'A value is not one of the allowed values', docs: DOCS.roleMapping },
  'pattern-mismatch': { severity: 'error', title: 'A value does not have the required format', docs: DOCS.setIdentityPoolRoles },
  'invalid-length': { severity: 'error', title: 'A value is too short or too long', docs: DOCS.setIdentityPoolRoles },
  'unknown-property': { severity: 'error', title: 'A field that the API does not know', docs: DOCS.setIdentityPoolRoles },
  'invalid-role-key': { severity: 'error', title: 'A `Roles` key other than `authenticated` or `unauthenticated`', docs: DOCS.setIdentityPoolRoles },
  'too-many-mappings': { severity: 'error', title: `More than ${MAX_MAPPINGS} role mappings`, docs: DOCS.limits },
  'too-many-items': { severity: 'error', title: 'A list or map has more entries than the API allows', docs: DOCS.setIdentityPoolRoles },

  // Cross-field rules the service rejects
  'ambiguous-resolution-required': { severity: 'error', title: '`AmbiguousRoleResolution` is missing', docs: DOCS.roleMapping },
  'rules-configuration-required': { severity: 'error', title: '`Type: Rules` without `RulesConfiguration`', docs: DOCS.roleMapping },
  'rules-configuration-not-allowed': { severity: 'error', title: '`RulesConfiguration` on a `Token` mapping', docs: DOCS.roleMapping },
  'too-many-rules': { severity: 'error', title: `More than ${MAX_RULES} rules for one provider`, docs: DOCS.limits },
  'mapping-key-url-form': { severity: 'error', title: 'A mapping key written as an `https://` URL', docs: DOCS.rbac },
  'mapping-key-missing-client': { severity: 'error', title: 'A user pool mapping key without `:appClientId`', docs: DOCS.rbac },
  'mapping-key-not-registered': { severity: 'error', title: 'A mapping key that names no provider registered on the pool', docs: DOCS.rbac },
  'invalid-role-arn': { severity: 'error', title: 'A role that is not an IAM role ARN', docs: DOCS.setIdentityPoolRoles },

  // Accepted by the API, but almost surely a mistake
  'rule-shadowed': { severity: 'warning', title: 'A rule that can never match because an earlier rule always matches first', docs: DOCS.rbac },
  'rule-always-matches': { severity: 'info', title: 'A rule that matches every token, so later rules are never used', docs: DOCS.rbac },
  'not-equal-on-missing-claim': { severity: 'warning', title: 'A `NotEqual` rule on a claim the provider never sends (it never matches)', docs: DOCS.rbac },
  'claim-never-sent': { severity: 'warning', title: 'A rule on a claim the provider never sends', docs: DOCS.rbac },
  'token-mapping-without-roles-claim': { severity: 'warning', title: '`Type: Token` for a provider that never sends `cognito:roles`', docs: DOCS.rbac },
  'contains-matches-substrings': { severity: 'hint', title: '`Contains` is a substring test, also on groups', docs: DOCS.rbac },
  'guest-access-without-unauthenticated-role': { severity: 'warning', title: 'Guest access is on but there is no unauthenticated role', docs: DOCS.iamRoles },
  'unauthenticated-role-unused': { severity: 'info', title: 'An unauthenticated role on a pool that does not allow guests', docs: DOCS.iamRoles },
  'missing-authenticated-role': { severity: 'warning', title: 'A path that falls back to the authenticated role, but none is set', docs: DOCS.getCredentials },
  'classic-flow-with-role-mappings': { severity: 'info', title: 'The basic (classic) flow ignores and refuses role mappings', docs: DOCS.flow },
  'authenticated-role-without-providers': {
    severity: 'warning',
    title: 'An authenticated role on an identity pool without any login provider (nobody can receive it)',
    docs: DOCS.cfnIdentityPool,
  },
  'group-role-unused': {
    severity: 'warning',
    title: "A user pool group's `RoleArn` that no `Type: Token` mapping hands out (the enhanced flow never uses it)",
    docs: DOCS.rbac,
  },
  'rule-on-user-writable-claim': {
    severity: 'warning',
    title: 'A rule on a custom attribute users can change themselves with `UpdateUserAttributes`',
    docs: DOCS.rbac,
  },

  // CloudFormation templates
  'no-role-attachment': {
    severity: 'warning',
    title: 'An identity pool with login providers but no role attachment (every sign-in fails)',
    docs: DOCS.cfnRoleAttachment,
  },
  'duplicate-role-attachment': {
    severity: 'error',
    title: 'Two role attachments for one identity pool (each replaces the other when deployed)',
    docs: DOCS.cfnRoleAttachment,
  },
  'intrinsic-mapping-key': {
    severity: 'error',
    title: 'A `RoleMappings` key computed with an intrinsic function or `${...}` (CloudFormation cannot compute map keys; use `IdentityProvider`)',
    docs: DOCS.cfnRoleAttachment,
  },
  'dangling-reference': {
    severity: 'error',
    title: 'A `Ref`/`GetAtt`/`Sub` to a resource, parameter or attribute that does not exist in the template',
    docs: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-ref.html',
  },
  'mappings-not-static': {
    severity: 'info',
    title:
      'Role mappings or roles computed or set at deployment (`!GetAtt` of a custom resource, a custom resource or Lambda calling `SetIdentityPoolRoles`) cannot be checked statically',
    docs: DOCS.cfnRoleAttachment,
  },
  'parameter-default-used': {
    severity: 'hint',
    title: "A value checked with a parameter's default (a deployment may pass another value)",
    docs: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html',
  },

  // Trust policies of the roles a pool hands out
  'trust-wrong-action': {
    severity: 'error',
    title: "A role's trust policy does not allow `sts:AssumeRoleWithWebIdentity` (e.g. `sts:AssumeRole` instead)",
    docs: DOCS.trust,
  },
  'trust-wrong-principal': {
    severity: 'error',
    title: "A role's trust policy does not trust the federated principal `cognito-identity.amazonaws.com`",
    docs: DOCS.trust,
  },
  'trust-missing-aud': {
    severity: 'warning',
    title: "A role's trust policy has no `cognito-identity.amazonaws.com:aud` condition (any identity pool in any account can assume it)",
    docs: DOCS.trust,
  },
  'trust-aud-other-pool': { severity: 'error', title: "A role's trust policy names another identity pool in its `aud` condition", docs: DOCS.trust },
  'trust-amr-mismatch': {
    severity: 'error',
    title: "A role's `amr` condition does not fit how the pool uses it (authenticated vs unauthenticated)",
    docs: DOCS.trust,
  },
  'trust-missing-amr': { severity: 'info', title: "A signed-in users' role without an `amr` condition on a pool that allows guests", docs: DOCS.trust },
  'trust-missing-tag-session': {
    severity: 'error',
    title: "The pool uses principal tags but a role's trust policy does not allow `sts:TagSession`",
    docs: DOCS.afac,
  },
  'trust-condition-key-typo': {
    severity: 'error',
    title: 'A trust-policy condition on a key Cognito never sends (e.g. the typo `cognito-identity.amazon.com:amr`)',
    docs: DOCS.trust,
  },
  // Permissions (issue 19)
  'guest-role-privileged': {
    severity: 'warning',
    title: 'The guest (unauthenticated) role allows `*`, a `service:*`, or Write / Permissions management actions',
    docs: DOCS.iamRoles,
  },
  'principal-tag-unmapped': {
    severity: 'warning',
    title: "A role's policy uses `aws:PrincipalTag/K` that no principal-tag mapping of the pool provides",
    docs: DOCS.afac,
  },
  'unknown-policy-variable': {
    severity: 'warning',
    title: 'A policy variable no identity-pool session carries (e.g. `${cognito-identity.amazon.com:sub}`, a user pool claim)',
    docs: DOCS.iamRoles,
  },
  'trust-not-static': { severity: 'info', title: 'A trust policy (or its `aud` condition) that can only be checked after deployment', docs: DOCS.trust },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof CODES;

export function makeDiagnostic(
  code: DiagnosticCode,
  uri: string,
  range: Range,
  message: string,
  extra: Partial<Pick<CoreDiagnostic, 'related' | 'awsError' | 'data' | 'severity'>> = {},
): CoreDiagnostic {
  // Diagnostics are few, sorted and compared by position: their ranges are made plain once here.
  const related = extra.related?.map((r) => ({ ...r, location: { uri: r.location.uri, range: plainRange(r.location.range) } }));
  return { code, severity: extra.severity ?? CODES[code].severity, message, uri, range: plainRange(range), ...extra, ...(related ? { related } : {}) };
}

export function docsUrl(code: DiagnosticCode): string {
  return CODES[code].docs;
}
