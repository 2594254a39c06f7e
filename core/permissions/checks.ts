/**
 * Permission checks on templates (issue 19): `guest-role-privileged`, `principal-tag-unmapped`,
 * `unknown-policy-variable`. They look at the policies of the roles each identity pool hands out.
 */
import { templateInfo } from '../cloudformation/template';
import { makeDiagnostic, type CoreDiagnostic } from '../diagnostics';
import type { IdentityPoolModel, ModelDocument } from '../model';
import type { Range } from '../positions';
import type { CheckDeclaration } from '../validate/checks/types';
import { isKnownGlobalKey, serviceActionsSync } from './catalog';
import { collectTemplateRoles } from './templates';
import { isUnresolved, type PolicyStatement, type RolePolicies } from './types';
import { variablesIn } from './variables';
import { globMatch } from './wildcard';

/** Guest telemetry, fine for anyone on the internet. */
const GUEST_EXEMPT = ['mobileanalytics:PutEvents', 'rum:PutRumEvents'];

export const PERMISSION_CHECKS: CheckDeclaration = {
  id: 'permissions',
  emits: ['guest-role-privileged', 'principal-tag-unmapped', 'unknown-policy-variable'],
};

function statementsOf(role: RolePolicies): PolicyStatement[] {
  return role.identity.flatMap((p) => (isUnresolved(p) || p.unreadable ? [] : p.statements)).filter((s) => !s.unreadable);
}

/** Why an Allow statement is privileged for guests (`*`, `service:*`, Write or Permissions management), or undefined. */
function privilegedAction(statement: PolicyStatement): string | undefined {
  if (statement.effect !== 'Allow') return undefined;
  if (statement.notActions) return `NotAction allows every action but ${statement.notActions.join(', ')}`;
  for (const pattern of statement.actions ?? []) {
    if (pattern.trim() === '*') return 'it allows every action (*)';
    const [service, name] = pattern.split(':');
    if (name === undefined) continue;
    if (name === '*') return `it allows every ${service} action (${pattern})`;
    const actions = serviceActionsSync(service);
    if (!actions) continue;
    for (const action of actions) {
      const full = `${service}:${action.name}`;
      if (!globMatch(name, action.name, true) || GUEST_EXEMPT.some((e) => e.toLowerCase() === full.toLowerCase())) continue;
      if (action.accessLevel === 'Write' || action.accessLevel === 'Permissions management') return `${pattern} includes ${full} (${action.accessLevel})`;
    }
  }
  return undefined;
}

const SESSION_KEYS = /^cognito-identity\.amazonaws\.com(\.cn)?:(aud|amr|sub)$/i;
const TAG_KEY = /^aws:(PrincipalTag|RequestTag|ResourceTag)\/.+/i;

/** Why no identity-pool session carries this variable's key, or undefined when one may. */
function unknownVariable(key: string): string | undefined {
  if (SESSION_KEYS.test(key) || TAG_KEY.test(key)) return undefined;
  if (/^cognito-identity\./i.test(key))
    return `an identity-pool session carries only cognito-identity.amazonaws.com:aud, :amr and :sub${/amazon\.com/i.test(key) ? ' (amazon.com is a typo of amazonaws.com)' : ''}`;
  if (/^cognito-idp\./i.test(key))
    return "user pool claims do not reach IAM: the session carries cognito-identity.amazonaws.com:sub (the identity ID) and principal tags, not the user pool's claims";
  if (/^aws:username$/i.test(key)) return 'aws:username exists only for IAM users, not for role sessions';
  if (/^aws:/i.test(key)) return isKnownGlobalKey(key) === false ? 'it is no AWS global condition key (a misspelling?)' : undefined;
  return undefined;
}

function poolTagKeys(pool: IdentityPoolModel): Set<string> | undefined {
  const keys = new Set<string>();
  for (const mapping of pool.principalTags ?? []) {
    if (mapping.useDefaults?.value === true || mapping.useDefaults?.symbolic) return undefined; // default tag keys are UNCONFIRMED
    for (const { key } of mapping.tags) {
      if (key.symbolic) return undefined;
      keys.add(key.value.toLowerCase());
    }
  }
  return keys;
}

export function checkPermissions(document: ModelDocument): CoreDiagnostic[] {
  if (document.kind !== 'template') return [];
  const info = templateInfo(document);
  if (!info) return [];
  const roles = collectTemplateRoles(document);
  const out: CoreDiagnostic[] = [];
  const seen = new Set<string>();
  const add = (code: 'guest-role-privileged' | 'principal-tag-unmapped' | 'unknown-policy-variable', range: Range | undefined, message: string) => {
    if (!range) return;
    const id = `${code}:${range.start.line}:${range.start.character}:${message}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push(makeDiagnostic(code, document.uri, range, message));
  };
  for (const pool of document.pools) {
    const handed = info.handedOut.get(pool) ?? [];
    const tagKeys = poolTagKeys(pool);
    // AllowUnauthenticatedIdentities defaults to false; without the pool's definition it is not known.
    const allow = pool.definition?.allowUnauthenticatedIdentities;
    const guestsAllowed = !pool.definition || allow?.value === true || allow?.symbolic === true;
    for (const h of handed) {
      const role = roles.roles.get(h.role.logicalId);
      if (!role) continue;
      for (const statement of statementsOf(role)) {
        if (h.usage === 'unauthenticated' && guestsAllowed) {
          const why = privilegedAction(statement);
          if (why) {
            add(
              'guest-role-privileged',
              statement.actionRange ?? statement.range,
              `Role ${h.role.logicalId} is the guest role of ${pool.label}, and ${why}: anyone on the internet can get these credentials. In the enhanced flow Cognito's scope-down session policy limits guests to a list of services (which one applies is UNCONFIRMED); the basic flow is not scoped down at all.`,
            );
          }
        }
        const texts: Array<{ text: string; range: Range | undefined }> = [
          ...(statement.resources ?? statement.notResources ?? []).filter((v) => !v.symbolic).map((v) => ({ text: v.text, range: statement.resourceRange })),
          ...statement.conditions.flatMap((c) => c.values.filter((v) => !v.symbolic).map((v) => ({ text: v.text, range: c.keyRange }))),
        ];
        const tagUses: Array<{ key: string; range: Range | undefined }> = statement.conditions
          .filter((c) => /^aws:PrincipalTag\//i.test(c.key))
          .map((c) => ({ key: c.key, range: c.keyRange }));
        for (const { text, range } of texts) {
          for (const variable of variablesIn(text)) {
            if (variable.escape) continue;
            const why = unknownVariable(variable.key);
            if (why)
              add(
                'unknown-policy-variable',
                range ?? statement.range,
                `\${${variable.key}} in ${statement.policy} (role ${h.role.logicalId}) has no value in an identity-pool session: ${why}. A statement whose variable has no value does not match.`,
              );
            if (/^aws:PrincipalTag\//i.test(variable.key)) tagUses.push({ key: variable.key, range: range ?? statement.range });
          }
        }
        if (h.usage === 'authenticated' && tagKeys) {
          for (const use of tagUses) {
            const tag = use.key.slice('aws:PrincipalTag/'.length);
            if (tagKeys.has(tag.toLowerCase())) continue;
            add(
              'principal-tag-unmapped',
              use.range ?? statement.range,
              `${statement.policy} (role ${h.role.logicalId}) uses ${use.key}, but no principal-tag mapping of ${pool.label} provides the tag ${tag}${tagKeys.size > 0 ? ` (it maps: ${[...tagKeys].join(', ')})` : ' (it maps no principal tags)'}, so the tag is always absent for its users.`,
            );
          }
        }
      }
    }
  }
  return out;
}
