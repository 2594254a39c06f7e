/**
 * Resources that configure an identity pool while the stack deploys: custom resources, Lambdas whose inline
 * code calls SetIdentityPoolRoles, and services that register login providers on the pool (search domains).
 */
import type { DeployTimeConfigurer, IdentityPoolModel, SourceValue } from '../model';
import { quote } from '../validate/text';
import { getValue, keyRange, type PropertyNode, type SyntaxNode } from '../syntax';
import { intrinsicOf } from './intrinsics';
import { collectReferences } from './resolver';
import type { TemplateResource } from './templateIndex';
import type { TemplateInfo } from './template';

export const CUSTOM_RESOURCE_TYPE = 'AWS::CloudFormation::CustomResource';
export const LAMBDA_TYPES = new Set(['AWS::Lambda::Function', 'AWS::Serverless::Function']);
/** The call as SDKs and the CLI spell it (JavaScript v2/v3, Java, .NET, Go, Python, Ruby, `aws cognito-identity`). */
export const SET_IDENTITY_POOL_ROLES_RE =
  /\b(?:[sS]etIdentityPoolRoles(?:Command|Async|Request|WithContext)?|set_identity_pool_roles|set-identity-pool-roles)\b/;

export function isCustomResourceType(type: string): boolean {
  return type.startsWith('Custom::') || type === CUSTOM_RESOURCE_TYPE;
}

/**
 * The properties of a custom resource that say it configures an identity pool: `IdentityPoolId` or
 * `RoleMappings` (any case, as Amplify writes `identityPoolId`), or a `Roles` map of authenticated/unauthenticated.
 */
export function customResourcePoolProperties(properties: SyntaxNode | undefined): PropertyNode[] {
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
export function lambdaInlineCode(properties: SyntaxNode | undefined): string[] {
  return stringsUnder(getValue(getValue(properties, 'Code'), 'ZipFile') ?? getValue(properties, 'InlineCode'));
}

export function stringsUnder(node: SyntaxNode | undefined, out: string[] = []): string[] {
  if (node?.kind === 'string') out.push(node.value as string);
  else if (node?.kind === 'array') for (const item of node.items) stringsUnder(item, out);
  else if (node?.kind === 'object') for (const p of node.properties) stringsUnder(p.value, out);
  return out;
}

export function callsSetIdentityPoolRoles(code: readonly string[]): string | undefined {
  for (const text of code) {
    const match = SET_IDENTITY_POOL_ROLES_RE.exec(text);
    if (match) return match[0];
  }
  return undefined;
}

/**
 * Custom resources that configure a pool (by their properties, or because their Lambda's inline code
 * calls SetIdentityPoolRoles), and such Lambdas no custom resource of this template invokes. Their pools
 * get `deployTimeRoleConfig`, so no check or simulation presents the template's roles as the whole truth.
 */
export function readDeployTimeConfigurers(
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
export function noteProvidersAddedElsewhere(info: TemplateInfo, pools: readonly IdentityPoolModel[]): void {
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
