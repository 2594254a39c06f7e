/** Template checks against the template's user pools: group roles no Token mapping hands out, rules on claims users can write. */
import { makeDiagnostic } from '../diagnostics';
import { roleConfigsOf, type IdentityPoolModel } from '../model';
import { getValue, type SyntaxNode } from '../syntax';
import { joinWords } from '../validate/text';
import { poolName, type TemplateCheckContext } from './checkContext';
import { DISPLAYED_LOGICAL_ID } from './intrinsics';
import type { CheckDeclaration } from '../validate/checks/types';

/** The codes the user-pool checks emit. */
export const USER_POOL_CHECKS = {
  id: 'cloudformation-user-pools',
  emits: ['group-role-unused', 'rule-on-user-writable-claim'],
} as const satisfies CheckDeclaration;

const USER_POOL_TYPE = 'AWS::Cognito::UserPool';
const USER_POOL_CLIENT_TYPE = 'AWS::Cognito::UserPoolClient';
const USER_POOL_GROUP_TYPE = 'AWS::Cognito::UserPoolGroup';

// Group roles that no Token mapping hands out ----------------------------------------------------

export function checkGroupRoles(ctx: TemplateCheckContext): void {
  const { index, reader } = ctx.info;
  for (const group of index.resourcesOfType(USER_POOL_GROUP_TYPE)) {
    const roleArn = reader.stringProp(group.properties, 'RoleArn');
    const userPoolNode = getValue(group.properties, 'UserPoolId');
    const userPool = userPoolNode ? reader.resolve(userPoolNode).target?.logicalId : undefined;
    if (!roleArn || !userPool || index.resources.get(userPool)?.type !== USER_POOL_TYPE) continue;
    const pools = [...ctx.info.poolResources.keys()].filter((pool) =>
      pool.definition?.cognitoProviders.some((p) => userPoolOf(p.providerName?.value) === userPool),
    );
    // The pools using this user pool are elsewhere, or their mappings are not known here.
    if (pools.length === 0 || pools.some((pool) => !mappingsKnown(pool))) continue;
    const mappingsFor = pools.flatMap((pool) => roleConfigsOf(pool).flatMap((c) => c.mappings)).filter((m) => userPoolOf(m.provider.value, true) === userPool);
    if (mappingsFor.some((m) => m.type?.value === 'Token')) continue;
    const sameRoleByRule = pools.some((pool) =>
      roleConfigsOf(pool).some((c) =>
        [c.authenticated, ...c.mappings.flatMap((m) => m.rules.map((r) => r.roleArn))].some((v) => v !== undefined && v.value === roleArn.value),
      ),
    );
    const how =
      mappingsFor.length === 0
        ? `${joinWords(
            pools.map((p) => poolName(p)),
            'and',
          )} has no role mapping for user pool ${userPool}`
        : `the role mapping${mappingsFor.length > 1 ? 's' : ''} for user pool ${userPool} use${mappingsFor.length > 1 ? '' : 's'} Type ${joinWords([...new Set(mappingsFor.map((m) => m.type?.value ?? '(none)'))], 'and')}, not Token`;
    ctx.add(
      makeDiagnostic(
        'group-role-unused',
        ctx.uri,
        roleArn.range,
        `Group ${group.logicalId}'s role is never handed out by the identity pool in the enhanced flow: ${how}, and a group's role reaches users only through cognito:roles with a \`Type: Token\` mapping. Only the basic (classic) flow, where the app calls AssumeRoleWithWebIdentity with a role of its choice, could use it.${sameRoleByRule ? ' The pool hands out the same role another way, so only this RoleArn is unused.' : ''}`,
        {
          ...(sameRoleByRule ? { severity: 'info' as const } : {}),
          related: mappingsFor.length
            ? mappingsFor.map((m) => ({ location: { uri: ctx.uri, range: m.type?.range ?? m.range }, message: 'This mapping does not read cognito:roles.' }))
            : pools.map((p) => ({
                location: { uri: ctx.uri, range: p.definition!.anchorRange },
                message: `Identity pool ${poolName(p)} uses user pool ${userPool}.`,
              })),
        },
      ),
    );
  }
}

// Rules on claims users can change -----------------------------------------------------------------

/**
 * A rule on a `custom:` attribute of a user pool in this template that is mutable and that an app client
 * may write: every user can give themselves the rule's role with UpdateUserAttributes (AWS: "only map
 * claims users cannot change themselves"). Said nothing when the user pool or its clients are elsewhere.
 */
export function checkUserWritableClaims(ctx: TemplateCheckContext): void {
  const { index, reader } = ctx.info;
  for (const attachment of ctx.info.attachments) {
    for (const mapping of attachment.config.mappings) {
      const userPool = userPoolOf(mapping.provider.value, true);
      const userPoolResource = userPool ? index.resources.get(userPool) : undefined;
      if (!userPool || userPoolResource?.type !== USER_POOL_TYPE || mapping.type?.value !== 'Rules') continue;
      for (const rule of mapping.rules) {
        const claim = rule.claim;
        if (!claim || claim.symbolic || !claim.value.startsWith('custom:')) continue;
        const attribute = schemaAttribute(userPoolResource.properties, claim.value);
        if (!attribute) continue;
        const mutable = getValue(attribute, 'Mutable');
        const developerOnly = getValue(attribute, 'DeveloperOnlyAttribute');
        if (isFalse(mutable) === undefined || isFalse(mutable) || isTrue(developerOnly) !== false) continue;
        // Any client a user can sign in with (one without a secret) issues the access token UpdateUserAttributes takes,
        // and that client's WriteAttributes decide, whichever client the role mapping names.
        const writers = index.resourcesOfType(USER_POOL_CLIENT_TYPE).flatMap((client) => {
          const clientPoolNode = getValue(client.properties, 'UserPoolId');
          if (!clientPoolNode || reader.resolve(clientPoolNode).target?.logicalId !== userPool) return [];
          if (isTrue(getValue(client.properties, 'GenerateSecret')) !== false) return [];
          const write = getValue(client.properties, 'WriteAttributes');
          if (!write) return [{ client, listed: false }];
          if (write.kind !== 'array') return [];
          return write.items.some((item) => item.kind === 'string' && item.value === claim.value) ? [{ client, listed: true }] : [];
        });
        if (writers.length === 0) continue;
        const listed = writers.filter((w) => w.listed).map((w) => w.client.logicalId);
        const unset = writers.filter((w) => !w.listed).map((w) => w.client.logicalId);
        const who = [
          listed.length ? `app client ${joinWords(listed, 'and')} lists it in WriteAttributes` : '',
          unset.length
            ? `app client ${joinWords(unset, 'and')} sets no WriteAttributes (AWS documents that such a client writes the standard attributes; it has been reported to write every attribute, custom ones included)`
            : '',
        ]
          .filter(Boolean)
          .join(', and ');
        const role = rule.roleArn ? ` role ${rule.roleArn.value}` : ' its role';
        // Only a client that lists the attribute is sure to let users write it; without WriteAttributes the sources disagree.
        const sure = listed.length > 0;
        ctx.add(
          makeDiagnostic(
            'rule-on-user-writable-claim',
            ctx.uri,
            claim.range,
            `Rules[${rule.index}] hands out${role} on \`${claim.value}\`, which users ${sure ? 'can' : 'may be able to'} change themselves: ${claim.value} is a mutable attribute of user pool ${userPool}${mutable ? '' : ' (Mutable is not set; that the default is mutable is assumed)'} and ${who}. ${sure ? 'Any user can' : 'If so, any user can'} give themselves this role with UpdateUserAttributes. Make the attribute immutable (Mutable: false), remove it from the app client's WriteAttributes, or map on cognito:groups instead.`,
            {
              ...(sure ? {} : { severity: 'info' as const }),
              related: [{ location: { uri: ctx.uri, range: reader.range(attribute) }, message: `The schema of ${claim.value}.` }],
            },
          ),
        );
      }
    }
  }
}

/** The logical id of the user pool a provider name or mapping key names (`cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}[:client]`). */
const PROVIDER_RE = new RegExp(String.raw`amazonaws\.com/\$\{(${DISPLAYED_LOGICAL_ID})\}$`);
const PROVIDER_WITH_CLIENT_RE = new RegExp(String.raw`amazonaws\.com/\$\{(${DISPLAYED_LOGICAL_ID})\}:`);

function userPoolOf(provider: string | undefined, withClient = false): string | undefined {
  if (!provider) return undefined;
  const match = (withClient ? PROVIDER_WITH_CLIENT_RE : PROVIDER_RE).exec(provider);
  return match?.[1];
}

/** Whether the template shows all of a pool's role mappings (none computed or set at deploy time, every provider's user pool and every type known). */
function mappingsKnown(pool: IdentityPoolModel): boolean {
  if (pool.deployTimeRoleConfig?.length) return false;
  // A provider built from something other than a user pool of this template (a parameter) may be any user pool's.
  return roleConfigsOf(pool).every(
    (c) => !c.mappingsSymbolic && c.mappings.every((m) => !m.type?.symbolic && (!m.provider.symbolic || userPoolOf(m.provider.value, true) !== undefined)),
  );
}

/** The `Schema` entry of a user pool for a claim (`custom:tier` is the attribute `tier` or `custom:tier`). */
function schemaAttribute(userPoolProperties: SyntaxNode | undefined, claim: string): SyntaxNode | undefined {
  const schema = getValue(userPoolProperties, 'Schema');
  if (schema?.kind !== 'array') return undefined;
  const name = claim.slice('custom:'.length);
  return schema.items.find((attribute) => {
    const value = getValue(attribute, 'Name');
    return value?.kind === 'string' && (value.value === name || value.value === claim);
  });
}

/** true/false for a boolean (or "true"/"false") node; undefined for anything else (an intrinsic). Absent is not false. */
function isFalse(node: SyntaxNode | undefined): boolean | undefined {
  if (!node) return false;
  const text = node.kind === 'boolean' || node.kind === 'string' ? String(node.value).toLowerCase() : undefined;
  return text === 'false' ? true : text === 'true' ? false : undefined;
}

function isTrue(node: SyntaxNode | undefined): boolean | undefined {
  const falsy = isFalse(node);
  return falsy === undefined ? undefined : node !== undefined && !falsy;
}
