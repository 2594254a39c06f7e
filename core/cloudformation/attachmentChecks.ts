/** Template checks of role attachments: two for one pool, RoleMappings keys, roles set at deploy time, pools without one. */
import { makeDiagnostic } from '../diagnostics';
import type { IdentityPoolModel } from '../model';
import { registeredProviders } from '../providers';
import { getValue } from '../syntax';
import { INVALID_CONFIGURATION } from '../api/awsErrors';
import { joinWords } from '../validate/text';
import { intrinsicOf } from './intrinsics';
import type { TemplateResource } from './templateIndex';
import { poolName, type TemplateCheckContext } from './checkContext';
import type { CheckDeclaration } from '../validate/checks/types';

/** The codes the role-attachment checks emit. */
export const ATTACHMENT_CHECKS = {
  id: 'cloudformation-attachments',
  emits: ['no-role-attachment', 'duplicate-role-attachment', 'intrinsic-mapping-key', 'mappings-not-static'],
} as const satisfies CheckDeclaration;

// Two attachments --------------------------------------------------------------------------------

export function checkDuplicateAttachments(ctx: TemplateCheckContext): void {
  const byPool = new Map<IdentityPoolModel, TemplateResource[]>();
  for (const attachment of ctx.info.attachments) {
    const list = byPool.get(attachment.pool) ?? [];
    list.push(attachment.resource);
    byPool.set(attachment.pool, list);
  }
  for (const [pool, resources] of byPool) {
    if (resources.length < 2) continue;
    const first = resources[0];
    for (const other of resources.slice(1)) {
      ctx.add(
        makeDiagnostic(
          'duplicate-role-attachment',
          ctx.uri,
          ctx.keyRange(other.property),
          `${other.logicalId} is a second role attachment for identity pool ${poolName(pool)}: each attachment replaces the pool's whole role configuration when deployed, so only the one CloudFormation applies last takes effect. Merge it into ${first.logicalId}.`,
          { related: [{ location: { uri: ctx.uri, range: ctx.keyRange(first.property) }, message: `The first role attachment for ${poolName(pool)}.` }] },
        ),
      );
    }
  }
}

// RoleMappings keys -----------------------------------------------------------------------------

export function checkMappingKeys(ctx: TemplateCheckContext, resource: TemplateResource): void {
  const mappings = getValue(resource.properties, 'RoleMappings');
  if (!mappings) return;
  const fn = intrinsicOf(mappings);
  if (fn) {
    if (fn.name === 'Fn::Sub' || fn.name === 'Fn::Join') {
      ctx.add(
        makeDiagnostic(
          'intrinsic-mapping-key',
          ctx.uri,
          ctx.range(mappings),
          `RoleMappings must be a map of role mappings, but ${fn.name} makes a string. CloudFormation cannot compute map keys: give each mapping a fixed key and build the provider in its IdentityProvider field.`,
        ),
      );
    } else {
      ctx.add(
        makeDiagnostic(
          'mappings-not-static',
          ctx.uri,
          ctx.range(mappings),
          `RoleMappings is computed at deployment (${fn.name}), so its mappings cannot be checked or simulated here; only the default roles are.`,
        ),
      );
    }
    return;
  }
  if (mappings.kind !== 'object') return;
  for (const property of mappings.properties) {
    const keyText = ctx.parsed.text.slice(property.keyOffset, property.keyOffset + property.keyLength);
    const tag = /^!(\w+)/.exec(keyText);
    if (tag) {
      ctx.add(
        makeDiagnostic(
          'intrinsic-mapping-key',
          ctx.uri,
          ctx.keyRange(property),
          `The key of this role mapping uses !${tag[1]}, but CloudFormation cannot compute map keys. Use a fixed key and move the provider into the mapping: IdentityProvider: ${keyText.replace(/\s+/g, ' ')}.`,
          { data: { suggestedKey: 'IdentityProvider' } },
        ),
      );
      continue;
    }
    const hasProvider = getValue(property.value, 'IdentityProvider') !== undefined;
    if (!hasProvider && /\$\{[^}]*\}/.test(property.key) && !ctx.info.index.fragment) {
      ctx.add(
        makeDiagnostic(
          'intrinsic-mapping-key',
          ctx.uri,
          ctx.keyRange(property),
          `CloudFormation does not substitute \${...} in map keys, so this mapping is for the provider literally named "${property.key}", which no pool registers. Use a fixed key and IdentityProvider: !Sub "${property.key}".`,
          { data: { suggestedKey: 'IdentityProvider' } },
        ),
      );
      continue;
    }
    if (property.value && intrinsicOf(property.value)) {
      ctx.add(
        makeDiagnostic(
          'mappings-not-static',
          ctx.uri,
          ctx.range(property.value),
          `The role mapping ${property.key} is computed at deployment (${intrinsicOf(property.value)!.name}), so it cannot be checked or simulated here.`,
        ),
      );
    }
  }
  const roles = getValue(resource.properties, 'Roles');
  const rolesFn = intrinsicOf(roles);
  if (roles && rolesFn) {
    ctx.add(
      makeDiagnostic(
        'mappings-not-static',
        ctx.uri,
        ctx.range(roles),
        `Roles is computed at deployment (${rolesFn.name}), so the default roles cannot be checked or simulated here.`,
      ),
    );
  }
}

// Roles and mappings applied at deploy time -----------------------------------------------------

export function checkDeployTimeConfigurers(ctx: TemplateCheckContext): void {
  for (const { configurer, pools } of ctx.info.deployTime) {
    const which =
      pools.length === 0
        ? 'an identity pool defined elsewhere'
        : joinWords(
            pools.map((p) => poolDescription(ctx, p)),
            'and',
          );
    const attached = pools.some((p) => p.roleConfig) ? " What the template's role attachment says may be replaced." : '';
    ctx.add(
      makeDiagnostic(
        'mappings-not-static',
        ctx.uri,
        configurer.range,
        `The ${configurer.how} the roles and role mappings of ${which} while the stack deploys; they cannot be checked or simulated here.${attached}`,
      ),
    );
  }
}

/** `identity pool IdentityPool`, or for a pool defined elsewhere how the template names it (`the identity pool of parameter X`). */
export function poolDescription(ctx: TemplateCheckContext, pool: IdentityPoolModel): string {
  if (ctx.info.poolResources.get(pool)) return `identity pool ${poolName(pool)}`;
  const fn = intrinsicOf(pool.identityPoolId?.node);
  if (fn?.name === 'Ref' && fn.argument?.kind === 'string' && ctx.info.index.parameters.has(fn.argument.value as string))
    return `the identity pool of parameter ${fn.argument.value}`;
  return `identity pool ${pool.identityPoolId?.value ?? poolName(pool)}`;
}

// Pools without a role attachment ----------------------------------------------------------------

/** A pool with login providers and no attachment (nor anything setting roles at deploy time): every sign-in fails. */
export function checkPoolsWithoutAttachment(ctx: TemplateCheckContext): void {
  // A Serverless Framework resources file may leave the attachment to another file of the stack.
  if (ctx.info.index.fragment) return;
  for (const [pool, resource] of ctx.info.poolResources) {
    const definition = pool.definition;
    if (!resource || !definition || pool.roleConfig || pool.extraRoleConfigs?.length || pool.deployTimeRoleConfig?.length) continue;
    // SAML users can get roles from the assertion without any pool role (AWS docs: SAML identity providers, "Role-based access control").
    const providers = registeredProviders(definition).filter((p) => p.kind !== 'saml');
    if (providers.length === 0) continue;
    const guests = definition.allowUnauthenticatedIdentities;
    const alsoGuests = guests && !guests.symbolic && guests.value ? ' (and every guest)' : '';
    const elsewhere = ' If the roles are set outside CloudFormation (console, CLI), the template does not show them.';
    ctx.add(
      makeDiagnostic(
        'no-role-attachment',
        ctx.uri,
        definition.anchorRange,
        `Identity pool ${poolName(pool)} has login providers but no AWS::Cognito::IdentityPoolRoleAttachment gives it roles, so every sign-in${alsoGuests} fails with InvalidIdentityPoolConfigurationException.${elsewhere}`,
        {
          awsError: INVALID_CONFIGURATION,
          related: providers
            .slice(0, 3)
            .map((p) => ({ location: { uri: ctx.uri, range: p.source?.range ?? p.range }, message: `A login provider of ${poolName(pool)}.` })),
        },
      ),
    );
  }
}
