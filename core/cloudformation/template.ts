/**
 * CloudFormation / SAM / CDK / Amplify / Serverless templates: identity pools, role attachments,
 * principal tags and the IAM roles a pool hands out, read into the format-neutral model.
 */
import type { CoreDiagnostic } from '../diagnostics';
import { checkPermissions } from '../permissions/checks';
import {
  roleConfigsOf,
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
import { quote } from '../validate/text';
import { getValue, keyRange, type ParsedText, type PropertyNode, type SyntaxNode } from '../syntax';
import type { RoleUsage } from '../trust';
import { checkTemplate } from './checks';
import { intrinsicOf } from './intrinsics';
import { collectReferences, IntrinsicResolver } from './resolver';
import { TemplateIndex, templateRootOf, type TemplateResource } from './templateIndex';
import { TemplateValueReader } from './reader';

export const IDENTITY_POOL_TYPE = 'AWS::Cognito::IdentityPool';
export const ROLE_ATTACHMENT_TYPE = 'AWS::Cognito::IdentityPoolRoleAttachment';
export const PRINCIPAL_TAG_TYPE = 'AWS::Cognito::IdentityPoolPrincipalTag';
export const IAM_ROLE_TYPE = 'AWS::IAM::Role';
export const USER_POOL_GROUP_TYPE = 'AWS::Cognito::UserPoolGroup';

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

export const CUSTOM_RESOURCE_TYPE = 'AWS::CloudFormation::CustomResource';
const LAMBDA_TYPES = new Set(['AWS::Lambda::Function', 'AWS::Serverless::Function']);
/** The call as SDKs and the CLI spell it (JavaScript v2/v3, Java, .NET, Go, Python, Ruby, `aws cognito-identity`). */
export const SET_IDENTITY_POOL_ROLES_RE =
  /\b(?:[sS]etIdentityPoolRoles(?:Command|Async|Request|WithContext)?|set_identity_pool_roles|set-identity-pool-roles)\b/;

function isCustomResourceType(type: string): boolean {
  return type.startsWith('Custom::') || type === CUSTOM_RESOURCE_TYPE;
}

/**
 * The properties of a custom resource that say it configures an identity pool: `IdentityPoolId` or
 * `RoleMappings` (any case, as Amplify writes `identityPoolId`), or a `Roles` map of authenticated/unauthenticated.
 */
function customResourcePoolProperties(properties: SyntaxNode | undefined): PropertyNode[] {
  if (properties?.kind !== 'object') return [];
  return properties.properties.filter((property) => {
    const key = property.key.toLowerCase();
    if (key === 'identitypoolid' || key === 'rolemappings') return true;
    return (
      key === 'roles' && property.value?.kind === 'object' && property.value.properties.some((p) => p.key === 'authenticated' || p.key === 'unauthenticated')
    );
  });
}

/** Every string under a Lambda's inline code (`Code.ZipFile`, SAM `InlineCode`), also inside `!Sub`/`!Join`. */
function lambdaInlineCode(properties: SyntaxNode | undefined): string[] {
  return stringsUnder(getValue(getValue(properties, 'Code'), 'ZipFile') ?? getValue(properties, 'InlineCode'));
}

function stringsUnder(node: SyntaxNode | undefined, out: string[] = []): string[] {
  if (node?.kind === 'string') out.push(node.value as string);
  else if (node?.kind === 'array') for (const item of node.items) stringsUnder(item, out);
  else if (node?.kind === 'object') for (const p of node.properties) stringsUnder(p.value, out);
  return out;
}

function callsSetIdentityPoolRoles(code: readonly string[]): string | undefined {
  for (const text of code) {
    const match = SET_IDENTITY_POOL_ROLES_RE.exec(text);
    if (match) return match[0];
  }
  return undefined;
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
    const properties = resource.properties ?? resource.node;
    const config = readRoleConfig(reader, properties, { uri, source: 'cloudformation', logicalId: resource.logicalId, identityProviderField: true });
    config.anchorRange = keyRange(parsed.lines, resource.property);
    readNonStaticMappings(info, properties, config);
    const pool = poolFor(resource, config.identityPoolId);
    if (!pool.roleConfig) pool.roleConfig = config;
    else (pool.extraRoleConfigs ??= []).push(config);
    info.attachments.push({ resource, pool, config });
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

/**
 * Custom resources that configure a pool (by their properties, or because their Lambda's inline code
 * calls SetIdentityPoolRoles), and such Lambdas no custom resource of this template invokes. Their pools
 * get `deployTimeRoleConfig`, so no check or simulation presents the template's roles as the whole truth.
 */
function readDeployTimeConfigurers(
  info: TemplateInfo,
  uri: string,
  customResources: readonly TemplateResource[],
  lambdaCalls: ReadonlyMap<string, string>,
  poolFor: (resource: TemplateResource, idValue: SourceValue | undefined, idNode: SyntaxNode | undefined) => IdentityPoolModel,
  pools: IdentityPoolModel[],
): void {
  const { reader, index } = info;
  const invoked = new Set<string>();
  const found: Array<{ configurer: DeployTimeConfigurer; resource: TemplateResource; idNode?: SyntaxNode }> = [];
  for (const resource of customResources) {
    const serviceToken = getValue(resource.properties, 'ServiceToken');
    const lambda = serviceToken ? reader.resolve(serviceToken).target?.logicalId : undefined;
    const call = lambda ? lambdaCalls.get(lambda) : undefined;
    // A generic API-call resource (the CDK's AwsCustomResource, `Custom::AWS`) names the call in its properties.
    const requested = callsSetIdentityPoolRoles(stringsUnder(resource.properties));
    // Inline code that never calls SetIdentityPoolRoles shows the resource does something else with the pool id.
    if (call === '' && !requested) continue;
    const poolProperties = customResourcePoolProperties(resource.properties);
    if (!call && !requested && poolProperties.length === 0) continue;
    if (call) invoked.add(lambda!);
    const idProperty = poolProperties.find((p) => p.key.toLowerCase() === 'identitypoolid');
    const how = call
      ? `custom resource ${resource.logicalId} (${quote(resource.type!)}), whose Lambda ${lambda} calls ${call}, sets`
      : requested
        ? `custom resource ${resource.logicalId} (${quote(resource.type!)}) asks for ${requested}: it sets`
        : `custom resource ${resource.logicalId} (${quote(resource.type!)}) is given ${poolProperties.map((p) => p.key).join(' and ')} and its code is not in this template: it may set`;
    found.push({
      configurer: { uri, range: keyRange(reader.lines, resource.property), logicalId: resource.logicalId, how },
      resource,
      idNode: idProperty?.value,
    });
  }
  for (const [logicalId, call] of lambdaCalls) {
    if (!call || invoked.has(logicalId)) continue;
    const resource = index.resources.get(logicalId)!;
    found.push({
      configurer: {
        uri,
        range: keyRange(reader.lines, resource.property),
        logicalId,
        how: `Lambda ${logicalId} (${quote(resource.type!)}) calls ${call}: it may set`,
      },
      resource,
    });
  }
  const templatePools = [...pools];
  for (const { configurer, resource, idNode } of found) {
    // Without a pool id property, the pools its properties refer to (inside a JSON string too), else any pool of the template.
    const referenced = templatePools.filter((pool) =>
      collectReferences(info.resolver, resource.properties).some((r) => r.logicalId === pool.logicalId && info.poolResources.get(pool)),
    );
    const configured = idNode ? [poolFor(resource, reader.string(idNode), idNode)] : referenced.length > 0 ? referenced : templatePools;
    // A pool first met here and given by a parameter (Amplify's userPoolGroups stack) is named after the parameter.
    const fn = idNode ? intrinsicOf(idNode) : undefined;
    const parameter = fn?.name === 'Ref' && fn.argument?.kind === 'string' ? (fn.argument.value as string) : undefined;
    if (parameter && index.parameters.has(parameter) && !templatePools.includes(configured[0]) && configured[0].logicalId === resource.logicalId)
      configured[0].logicalId = parameter;
    for (const pool of configured) (pool.deployTimeRoleConfig ??= []).push(configurer);
    info.deployTime.push({ configurer, pools: configured });
  }
}

/** Resource types whose Cognito options register a user pool on the identity pool they name (at deploy time). */
const SEARCH_DOMAIN_TYPES = new Set(['AWS::Elasticsearch::Domain', 'AWS::OpenSearchService::Domain']);

/**
 * Pools whose login providers may be registered by something else: an OpenSearch/Elasticsearch domain's
 * `CognitoOptions` (the service adds its user pool and app client to the identity pool), a custom resource
 * given the pool id, or another stack importing the pool id from an `Export`.
 */
function noteProvidersAddedElsewhere(info: TemplateInfo, pools: readonly IdentityPoolModel[]): void {
  const byLogicalId = new Map<string, IdentityPoolModel>();
  for (const [pool, resource] of info.poolResources) if (resource) byLogicalId.set(resource.logicalId, pool);
  if (byLogicalId.size === 0) return;
  const note = (node: SyntaxNode | undefined, why: string) => {
    for (const reference of collectReferences(info.resolver, node)) {
      const pool = byLogicalId.get(reference.logicalId);
      if (pool && pools.includes(pool) && !(pool.providersAddedElsewhere ??= []).includes(why)) pool.providersAddedElsewhere.push(why);
    }
  };
  for (const resource of info.index.resources.values()) {
    if (resource.type && SEARCH_DOMAIN_TYPES.has(resource.type)) {
      note(
        getValue(getValue(resource.properties, 'CognitoOptions'), 'IdentityPoolId'),
        `${resource.type} ${resource.logicalId} registers its user pool through CognitoOptions`,
      );
    } else if (resource.type && isCustomResourceType(resource.type) && !inlineCodeLeavesPoolAlone(info, resource)) {
      for (const property of customResourcePoolProperties(resource.properties)) note(property.value, `custom resource ${resource.logicalId} is given the pool`);
    }
  }
  const outputs = getValue(info.index.templateRoot, 'Outputs');
  if (outputs?.kind === 'object') {
    for (const output of outputs.properties) {
      if (getValue(output.value, 'Export')) note(getValue(output.value, 'Value'), `output ${output.key} exports the pool id to other stacks`);
    }
  }
}

/** True when a custom resource's Lambda code is in the template and never calls UpdateIdentityPool. */
function inlineCodeLeavesPoolAlone(info: TemplateInfo, resource: TemplateResource): boolean {
  const serviceToken = getValue(resource.properties, 'ServiceToken');
  const lambda = serviceToken ? info.index.resources.get(info.reader.resolve(serviceToken).target?.logicalId ?? '') : undefined;
  const code = lambda?.type && LAMBDA_TYPES.has(lambda.type) ? lambdaInlineCode(lambda.properties) : [];
  return code.length > 0 && !code.some((text) => /updateIdentityPool|update_identity_pool/i.test(text));
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

function rolesHandedOut(info: TemplateInfo, pool: IdentityPoolModel): HandedOutRole[] {
  const result: HandedOutRole[] = [];
  const add = (value: SourceValue | undefined, usage: RoleUsage, via: RoleVia) => {
    if (!value) return;
    for (const role of rolesForValue(info, value)) {
      if (!result.some((h) => h.role === role && h.usage === usage && h.via === via)) result.push({ role, usage, via, source: value });
    }
  };
  const configs = roleConfigsOf(pool);
  if (pool.deployTimeRoleConfig?.length) {
    // Mappings set at deploy time may be Token mappings: the group roles of the pool's user pools (or of
    // any user pool here, when the pool's providers are not in this template) may reach users.
    const userPoolsOf = pool.definition?.cognitoProviders.length ? 'registered' : 'any';
    // Groups of a user pool that another pool of this template registers are that pool's business.
    const otherPools = [...info.poolResources.keys()].filter((other) => other !== pool);
    const elsewhere = new Set(otherPools.flatMap((other) => userPoolsRegisteredOn(other)));
    for (const group of groupRolesOf(info, pool, userPoolsOf, elsewhere)) add(group, 'authenticated', 'deploy-time-group');
    for (const { configurer, pools } of info.deployTime) {
      if (!pools.includes(pool)) continue;
      const resource = info.index.resources.get(configurer.logicalId);
      for (const property of resource?.properties?.kind === 'object' ? resource.properties.properties : []) {
        const usage: RoleUsage = /unauth/i.test(property.key) ? 'unauthenticated' : 'authenticated';
        for (const reference of collectReferences(info.resolver, property.value)) {
          const role = info.rolesByLogicalId.get(reference.logicalId);
          // A custom resource may be given other roles (its own execution role): only identity-pool roles are meant.
          if (role && (reference.attribute === 'Arn' || reference.attribute === undefined) && trustsCognitoIdentity(role)) {
            add({ value: role.arn!.value, range: info.reader.range(reference.node), node: reference.node, symbolic: true }, usage, 'custom-resource');
          }
        }
      }
    }
  }
  for (const config of configs) {
    add(config.authenticated, 'authenticated', 'authenticated');
    add(config.unauthenticated, 'unauthenticated', 'unauthenticated');
    for (const mapping of config.mappings) for (const rule of mapping.rules) add(rule.roleArn, 'authenticated', 'rule');
    if (config.mappings.some((m) => m.type?.value === 'Token')) {
      for (const group of groupRolesOf(info, pool)) add(group, 'authenticated', 'group');
    }
    if (config.mappingsSymbolic?.node) {
      // The custom-resource workaround (RoleMappings: !GetAtt Custom.RoleMapping): its properties name the rule roles.
      const target = info.reader.resolve(config.mappingsSymbolic.node).target;
      const custom = target ? info.index.resources.get(target.logicalId) : undefined;
      if (custom && custom.type !== IAM_ROLE_TYPE) {
        for (const reference of collectReferences(info.resolver, custom.properties)) {
          if (info.rolesByLogicalId.has(reference.logicalId) && (reference.attribute === 'Arn' || reference.attribute === undefined)) {
            add(
              {
                value: info.rolesByLogicalId.get(reference.logicalId)!.arn!.value,
                range: info.reader.range(reference.node),
                node: reference.node,
                symbolic: true,
              },
              'authenticated',
              'custom-resource',
            );
          }
        }
      }
    }
  }
  return result;
}

/** Role ARNs of the user pool groups of the user pools registered on the pool (they reach users through `cognito:roles`). */
function groupRolesOf(
  info: TemplateInfo,
  pool: IdentityPoolModel,
  userPoolsOf: 'registered' | 'any' = 'registered',
  excluded: ReadonlySet<string> = new Set(),
): SourceValue[] {
  const userPools = new Set(userPoolsRegisteredOn(pool));
  const result: SourceValue[] = [];
  for (const group of info.index.resourcesOfType(USER_POOL_GROUP_TYPE)) {
    const userPoolNode = getValue(group.properties, 'UserPoolId');
    const userPool = userPoolNode ? info.reader.resolve(userPoolNode).target?.logicalId : undefined;
    if (userPoolsOf === 'registered' && (!userPool || !userPools.has(userPool))) continue;
    if (userPool && excluded.has(userPool)) continue;
    const roleArn = info.reader.stringProp(group.properties, 'RoleArn');
    if (roleArn) result.push(roleArn);
  }
  return result;
}

/** Whether a role's trust policy names Cognito identity pools at all (`cognito-identity.amazonaws.com`, also in China regions). */
function trustsCognitoIdentity(role: IamRoleModel): boolean {
  const mentions = (node: SyntaxNode | undefined): boolean => {
    if (!node) return false;
    if (node.kind === 'string') return (node.value as string).includes('cognito-identity.');
    if (node.kind === 'array') return node.items.some(mentions);
    if (node.kind === 'object') return node.properties.some((p) => p.key.includes('cognito-identity.') || mentions(p.value));
    return false;
  };
  return mentions(role.trustPolicy);
}

/** Logical ids of the user pools a pool registers (`cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}`). */
function userPoolsRegisteredOn(pool: IdentityPoolModel): string[] {
  const result: string[] = [];
  for (const provider of pool.definition?.cognitoProviders ?? []) {
    const match = /\/\$\{([^}.]+)\}$/.exec(provider.providerName?.value ?? '');
    if (match) result.push(match[1]);
  }
  return result;
}

/** The roles a value may name: the role itself, or either branch of an `Fn::If` (both may be deployed). */
function rolesForValue(info: TemplateInfo, value: SourceValue): IamRoleModel[] {
  const fn = intrinsicOf(value.node);
  if (fn?.name === 'Fn::If' && fn.argument?.kind === 'array') {
    return fn.argument.items.slice(1, 3).flatMap((branch) => rolesForValue(info, { value: '', range: info.reader.range(branch), node: branch }));
  }
  const role = roleForValue(info, value);
  return role ? [role] : [];
}

/** The role a value names: a `Ref`/`GetAtt` to a role resource, or a literal ARN whose name matches a role's RoleName. */
export function roleForValue(info: TemplateInfo, value: SourceValue): IamRoleModel | undefined {
  if (value.node) {
    const target = info.reader.resolve(value.node).target;
    if (target && (target.attribute === 'Arn' || target.attribute === undefined)) {
      const role = info.rolesByLogicalId.get(target.logicalId);
      if (role) return role;
    }
  }
  for (const role of info.rolesByLogicalId.values()) {
    if (role.arn?.value === value.value) return role;
    const name = role.roleName && !role.roleName.symbolic ? role.roleName.value : undefined;
    if (name && !value.symbolic && value.value.endsWith(`:role/${name}`)) return role;
  }
  return undefined;
}

/** Template-only checks (shapes of Cognito resources, attachments, trust policies, dangling references). */
export function checkTemplateDocument(document: ModelDocument): CoreDiagnostic[] {
  if (document.kind !== 'template') return [];
  const info = templateInfo(document);
  if (!info) return [];
  return [...checkTemplate(document, info), ...checkPermissions(document)];
}
