/**
 * CloudFormation / SAM / CDK / Amplify / Serverless templates: identity pools, role attachments,
 * principal tags and the IAM roles a pool hands out, read into the format-neutral model. Resources that
 * configure a pool at deploy time are read by deployTime.ts; the roles each pool hands out by handedOut.ts.
 */
import type { CoreDiagnostic } from '../diagnostics';
import {
  type DeployTimeConfigurer,
  type IamRoleModel,
  type IdentityPoolModel,
  type ModelDocument,
  type PrincipalTagModel,
  type RoleConfig,
  type SourceValue,
} from '../model';
import { readPoolDefinition } from '../parse/identityPool';
import { readRoleConfig } from '../parse/setIdentityPoolRoles';
import { asObject } from '../parse/values';
import { getValue, keyRange, type ParsedText, type SyntaxNode } from '../syntax';
import type { RoleUsage } from '../trust';
import { intrinsicOf } from './intrinsics';
import { IntrinsicResolver } from './resolver';
import { checkTemplate } from './checks';
import { checkPermissions } from '../permissions/checks';
import {
  IAM_ROLE_TYPE,
  IDENTITY_POOL_TYPE,
  PRINCIPAL_TAG_TYPE,
  ROLE_ATTACHMENT_TYPE,
  TemplateIndex,
  templateRootOf,
  type TemplateResource,
} from './templateIndex';
import { TemplateValueReader } from './reader';
import {
  LAMBDA_TYPES,
  callsSetIdentityPoolRoles,
  customResourcePoolProperties,
  isCustomResourceType,
  lambdaInlineCode,
  noteProvidersAddedElsewhere,
  readDeployTimeConfigurers,
  stringsUnder,
} from './deployTime';
import { rolesHandedOut } from './handedOut';

/**
 * True when the tree is a template (or a Serverless Framework file / `Resources:` fragment) that holds
 * identity-pool resources. Templates without them (most templates) are not ours to check, so the
 * `AWSTemplateFormatVersion`/`Transform` markers alone do not make a document a template here.
 */
export function looksLikeTemplate(parsed: ParsedText): boolean {
  const resources = getValue(templateRootOf(parsed.root), 'Resources');
  if (resources?.kind !== 'object') return false;
  for (const property of resources.properties) {
    const type = getValue(property.value, 'Type');
    if (type?.kind === 'string' && (type.value as string).startsWith(IDENTITY_POOL_TYPE)) return true;
  }
  // Pools configured only at deploy time (Amplify's userPoolGroups stack: a custom resource whose Lambda calls setIdentityPoolRoles).
  for (const property of resources.properties) {
    const type = getValue(property.value, 'Type');
    const typeName = type?.kind === 'string' ? (type.value as string) : '';
    const properties = getValue(property.value, 'Properties');
    if (isCustomResourceType(typeName) && (customResourcePoolProperties(properties).length > 0 || callsSetIdentityPoolRoles(stringsUnder(properties))))
      return true;
    if (LAMBDA_TYPES.has(typeName) && callsSetIdentityPoolRoles(lambdaInlineCode(getValue(property.value, 'Properties')))) return true;
  }
  return false;
}

/** How a role reaches a pool's users. */
export type RoleVia = 'authenticated' | 'unauthenticated' | 'rule' | 'group' | 'custom-resource' | 'deploy-time-group';

export interface HandedOutRole {
  role: IamRoleModel;
  usage: RoleUsage;
  via: RoleVia;
  /** Where the pool names the role (the `Roles` entry, the rule's `RoleARN`, the group's `RoleArn`). */
  source: SourceValue;
}

export interface AttachmentInfo {
  resource: TemplateResource;
  pool: IdentityPoolModel;
  config: RoleConfig;
}

/** What reading a template found, kept for the template checks. */
export interface TemplateInfo {
  index: TemplateIndex;
  resolver: IntrinsicResolver;
  reader: TemplateValueReader;
  /** The IdentityPool resource of each pool (absent for pools known only from an attachment). */
  poolResources: Map<IdentityPoolModel, TemplateResource | undefined>;
  attachments: AttachmentInfo[];
  principalTags: Array<{ resource: TemplateResource; pool: IdentityPoolModel; model: PrincipalTagModel }>;
  handedOut: Map<IdentityPoolModel, HandedOutRole[]>;
  rolesByLogicalId: Map<string, IamRoleModel>;
  /** Problems found while reading (mappings that cannot be read statically, intrinsic keys). */
  readDiagnostics: CoreDiagnostic[];
  /** Resources that set roles or role mappings at deploy time, with the pools they configure. */
  deployTime: Array<{ configurer: DeployTimeConfigurer; pools: IdentityPoolModel[] }>;
}

/**
 * The reading results for a template document: the `template` field its reader set, or (for a template
 * document not built by readTemplate) a fresh reading of a copy of it.
 */
export function templateInfo(document: ModelDocument): TemplateInfo | undefined {
  if (document.template || document.kind !== 'template') return document.template;
  const copy: ModelDocument = { ...document, pools: [], iamRoles: [] }; // keeps document.templateParameters
  readTemplate(copy);
  return copy.template;
}

export function readTemplate(document: ModelDocument): void {
  const root = document.parsed.root;
  if (root?.kind !== 'object') return;
  const index = new TemplateIndex(root, document.templateParameters);
  const poolResources = index.resourcesOfType(IDENTITY_POOL_TYPE);
  const attachmentResources = index.resourcesOfType(ROLE_ATTACHMENT_TYPE);
  const tagResources = index.resourcesOfType(PRINCIPAL_TAG_TYPE);
  const customResources = [...index.resources.values()].filter((r) => r.type && isCustomResourceType(r.type));
  /** The inline code of each Lambda that has some: the call it makes to SetIdentityPoolRoles, or '' when it makes none. */
  const lambdaCalls = new Map<string, string>();
  for (const resource of index.resources.values()) {
    const code = resource.type && LAMBDA_TYPES.has(resource.type) ? lambdaInlineCode(resource.properties) : [];
    if (code.length > 0) lambdaCalls.set(resource.logicalId, callsSetIdentityPoolRoles(code) ?? '');
  }
  const configuresPools = customResources.length > 0 || [...lambdaCalls.values()].some(Boolean);
  if (poolResources.length + attachmentResources.length + tagResources.length === 0 && !configuresPools) return;

  const { uri, parsed } = document;
  const resolver = new IntrinsicResolver(index);
  const reader = new TemplateValueReader(parsed.lines, resolver);
  const info: TemplateInfo = {
    index,
    resolver,
    reader,
    poolResources: new Map(),
    attachments: [],
    principalTags: [],
    handedOut: new Map(),
    rolesByLogicalId: new Map(),
    readDiagnostics: [],
    deployTime: [],
  };
  document.template = info;

  for (const resource of index.resourcesOfType(IAM_ROLE_TYPE)) {
    const role = readRole(info, resource, uri);
    info.rolesByLogicalId.set(resource.logicalId, role);
    document.iamRoles.push(role);
  }

  /** Pools by the display form of their id (`${IdentityPool}`, a literal id, `${IdentityPoolIdParam}`). */
  const poolsById = new Map<string, IdentityPoolModel>();
  for (const resource of poolResources) {
    const anchor = keyRange(parsed.lines, resource.property);
    const definition = readPoolDefinition(reader, resource.properties ?? resource.node, uri);
    definition.anchorRange = anchor;
    const pool: IdentityPoolModel = {
      key: `${uri}#${resource.logicalId}`,
      label: resource.logicalId,
      logicalId: resource.logicalId,
      identityPoolId: { value: `\${${resource.logicalId}}`, range: anchor, symbolic: true },
      definition,
    };
    info.poolResources.set(pool, resource);
    poolsById.set(pool.identityPoolId!.value, pool);
    document.pools.push(pool);
  }

  const poolFor = (
    resource: TemplateResource,
    idValue: SourceValue | undefined,
    idNode = getValue(resource.properties, 'IdentityPoolId'),
  ): IdentityPoolModel => {
    const target = idNode ? reader.resolve(idNode).target : undefined;
    const byTarget = target && index.resources.get(target.logicalId)?.type === IDENTITY_POOL_TYPE ? poolsById.get(`\${${target.logicalId}}`) : undefined;
    const existing = byTarget ?? (idValue ? poolsById.get(idValue.value) : undefined);
    if (existing) return existing;
    // The pool is defined elsewhere (a parameter, an import, a literal id): still a pool, so it is checked.
    const pool: IdentityPoolModel = {
      key: `${uri}#${resource.logicalId}`,
      label: idValue && !idValue.symbolic ? idValue.value : resource.logicalId,
      logicalId: resource.logicalId,
      identityPoolId: idValue,
    };
    info.poolResources.set(pool, undefined);
    if (idValue) poolsById.set(idValue.value, pool);
    document.pools.push(pool);
    return pool;
  };

  for (const resource of attachmentResources) {
    // A resource-level `Condition` (a Terraform `count`/`for_each` that may make none becomes one too): false
    // for certain, the attachment is not created; undecided, it may or may not set the pool's roles.
    const conditionNode = getValue(resource.node, 'Condition');
    const conditionName = conditionNode?.kind === 'string' ? String(conditionNode.value) : undefined;
    const condition = conditionName !== undefined ? resolver.condition(conditionName, 0, new Set()) : { value: true, parameters: [] };
    if (condition.value === false) continue;
    const properties = resource.properties ?? resource.node;
    const config = readRoleConfig(reader, properties, { uri, source: 'cloudformation', logicalId: resource.logicalId, identityProviderField: true });
    config.anchorRange = keyRange(parsed.lines, resource.property);
    readNonStaticMappings(info, properties, config);
    const pool = poolFor(resource, config.identityPoolId);
    if (!pool.roleConfig) pool.roleConfig = config;
    else (pool.extraRoleConfigs ??= []).push(config);
    info.attachments.push({ resource, pool, config });
    if (condition.value === undefined) {
      const decidedBy =
        condition.parameters.length > 0
          ? `decided by template parameter${condition.parameters.length > 1 ? 's' : ''} ${condition.parameters.join(', ')}`
          : 'decided at deploy time';
      (pool.deployTimeRoleConfig ??= []).push({
        uri,
        range: conditionNode ? reader.range(conditionNode) : keyRange(parsed.lines, resource.property),
        logicalId: resource.logicalId,
        how: `role attachment ${resource.logicalId} exists only when its condition "${conditionName}" holds (${decidedBy}), so it may or may not set`,
        conditional: true,
      });
    }
  }

  for (const resource of tagResources) {
    const model = readPrincipalTag(reader, resource, uri);
    const pool = poolFor(resource, reader.stringProp(resource.properties, 'IdentityPoolId'));
    (pool.principalTags ??= []).push(model);
    info.principalTags.push({ resource, pool, model });
  }

  readDeployTimeConfigurers(info, uri, customResources, lambdaCalls, poolFor, document.pools);
  noteProvidersAddedElsewhere(info, document.pools);

  for (const pool of document.pools) {
    const handedOut = rolesHandedOut(info, pool);
    info.handedOut.set(pool, handedOut);
    const roles = [...new Set(handedOut.map((h) => h.role))];
    if (roles.length > 0) pool.iamRoles = roles;
  }
}

function readRole(info: TemplateInfo, resource: TemplateResource, uri: string): IamRoleModel {
  const { reader, resolver } = info;
  const anchor = keyRange(reader.lines, resource.property);
  const arn = resolver.getAttOf(resource.logicalId, 'Arn', resource.property.value ?? resource.node);
  const trustPolicy = getValue(resource.properties, 'AssumeRolePolicyDocument');
  return {
    uri,
    range: reader.range(resource.node),
    logicalId: resource.logicalId,
    arn: { value: arn.text ?? `\${${resource.logicalId}.Arn}`, range: anchor, symbolic: arn.symbolic },
    roleName: reader.stringProp(resource.properties, 'RoleName'),
    trustPolicy,
    trustPolicyRange: trustPolicy ? reader.range(trustPolicy) : undefined,
    template: { resolver, lines: reader.lines },
  };
}

function readPrincipalTag(reader: TemplateValueReader, resource: TemplateResource, uri: string): PrincipalTagModel {
  const properties = resource.properties;
  const model: PrincipalTagModel = {
    uri,
    range: reader.range(resource.node),
    logicalId: resource.logicalId,
    identityProviderName: reader.stringProp(properties, 'IdentityProviderName'),
    useDefaults: reader.booleanProp(properties, 'UseDefaults'),
    tags: [],
  };
  const tags = asObject(getValue(properties, 'PrincipalTags'));
  if (tags && !intrinsicOf(tags)) {
    tags.properties.forEach((property, i) => {
      const claim = reader.string(property.value);
      if (claim) model.tags.push({ key: reader.key(tags, i), claim });
    });
  }
  return model;
}

/**
 * RoleMappings (or one mapping) given by an intrinsic function cannot be read here: such mappings are
 * dropped from the model, and the role config says so (`mappingsSymbolic`) so nothing pretends to know them.
 */
function readNonStaticMappings(info: TemplateInfo, properties: SyntaxNode, config: RoleConfig): void {
  const mappingsNode = getValue(properties, 'RoleMappings');
  if (!mappingsNode) return;
  if (intrinsicOf(mappingsNode)) {
    config.mappings = [];
    config.mappingsSymbolic = info.reader.string(mappingsNode) ?? { value: '<RoleMappings>', range: info.reader.range(mappingsNode), symbolic: true };
    config.mappingsSymbolic.symbolic = true;
    return;
  }
  if (mappingsNode.kind !== 'object') return;
  const nonStatic = new Set<SyntaxNode>();
  for (const property of mappingsNode.properties) if (property.value && intrinsicOf(property.value)) nonStatic.add(property.value);
  if (nonStatic.size === 0) return;
  const ranges = new Set([...nonStatic].map((node) => `${node.offset}`));
  config.mappings = config.mappings.filter((mapping) => !ranges.has(`${info.reader.lines.offsetAt(mapping.range.start)}`));
  config.nonStaticMappings = [...nonStatic].map((node) => {
    const value = info.reader.string(node) ?? { value: '<RoleMapping>', range: info.reader.range(node) };
    return { ...value, symbolic: true };
  });
}

/** Template-only checks (shapes of Cognito resources, attachments, trust policies, dangling references). */
export function checkTemplateDocument(document: ModelDocument): CoreDiagnostic[] {
  if (document.kind !== 'template') return [];
  const info = templateInfo(document);
  if (!info) return [];
  return [...checkTemplate(document, info), ...checkPermissions(document)];
}
