/** Which IAM roles of a template each pool hands out, how (default role, rule, group, custom resource), and the role a value names. */
import { roleConfigsOf, type IamRoleModel, type IdentityPoolModel, type SourceValue } from '../model';
import { getValue, type SyntaxNode } from '../syntax';
import type { RoleUsage } from '../trust';
import { DISPLAYED_LOGICAL_ID, intrinsicOf } from './intrinsics';
import { collectReferences } from './resolver';
import type { HandedOutRole, RoleVia, TemplateInfo } from './template';
import { IAM_ROLE_TYPE, USER_POOL_GROUP_TYPE } from './templateIndex';

export function rolesHandedOut(info: TemplateInfo, pool: IdentityPoolModel): HandedOutRole[] {
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

const REGISTERED_USER_POOL_RE = new RegExp(String.raw`/\$\{(${DISPLAYED_LOGICAL_ID})\}$`);

/** Logical ids of the user pools a pool registers (`cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}`). */
function userPoolsRegisteredOn(pool: IdentityPoolModel): string[] {
  const result: string[] = [];
  for (const provider of pool.definition?.cognitoProviders ?? []) {
    const match = REGISTERED_USER_POOL_RE.exec(provider.providerName?.value ?? '');
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
