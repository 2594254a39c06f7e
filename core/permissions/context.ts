/**
 * The request context of a session an identity pool hands out (AWS docs: attributes for access control; role trust and permissions): `cognito-identity.amazonaws.com:aud`
 * (the pool id), `:amr`, `:sub` (the IDENTITY ID, `us-east-1:…`, not the user pool's `sub`), and
 * `aws:PrincipalTag/…` from the pool's principal-tag mapping applied to the token's claims. Any other key
 * only from what the user gives (`--context`); every key not given is unknown.
 */
import type { IdentityPoolModel } from '../model';
import { RequestContext } from './types';

export const IDENTITY_ID_PLACEHOLDER = '<identity-id>';

export interface SessionFacts {
  pool: IdentityPoolModel;
  /** True for an unauthenticated (guest) identity. */
  guest: boolean;
  /** The login provider (the `Logins` key) for signed-in users. */
  provider?: string;
  /** The token's claims (decoded), for principal tags. */
  claims?: Record<string, unknown>;
  identityId?: string;
  /** `--context KEY=VALUE` pairs; a key given more than once is multi-valued. */
  extra?: Array<[string, string]>;
}

export interface BuiltContext {
  context: RequestContext;
  /** Assumptions made, one sentence each. */
  notes: string[];
}

export function sessionContext(facts: SessionFacts): BuiltContext {
  const context = new RequestContext();
  const notes: string[] = [];
  const pool = facts.pool;
  const id = pool.identityPoolId;
  if (id && !id.symbolic) context.setValue('cognito-identity.amazonaws.com:aud', id.value);
  else if (pool.logicalId) context.setValue('cognito-identity.amazonaws.com:aud', { text: id?.value ?? `\${${pool.logicalId}}`, ref: pool.logicalId });
  if (facts.guest) context.setValues('cognito-identity.amazonaws.com:amr', ['unauthenticated']);
  else
    context.set('cognito-identity.amazonaws.com:amr', { state: 'unknown', why: 'the provider entries of amr for signed-in users are not documented by AWS' });
  if (facts.identityId !== undefined) context.setValue('cognito-identity.amazonaws.com:sub', facts.identityId);
  else context.set('cognito-identity.amazonaws.com:sub', { state: 'unknown', why: 'no --identity-id', display: IDENTITY_ID_PLACEHOLDER });

  principalTags(context, facts, notes);

  const grouped = new Map<string, { key: string; values: string[] }>();
  for (const [key, value] of facts.extra ?? []) {
    const entry = grouped.get(key.toLowerCase()) ?? { key, values: [] };
    entry.values.push(value);
    grouped.set(key.toLowerCase(), entry);
  }
  for (const { key, values } of grouped.values()) {
    if (values.length === 1) context.setValue(key, values[0]);
    else context.setValues(key, values);
  }
  return { context, notes };
}

function principalTags(context: RequestContext, facts: SessionFacts, notes: string[]): void {
  const mappings = facts.pool.principalTags ?? [];
  if (facts.guest) {
    context.closePrefix('aws:PrincipalTag/');
    return;
  }
  if (facts.pool.logicalId === undefined && mappings.length === 0) {
    // Roles and identity-pool files cannot hold principal-tag mappings (SetPrincipalTagAttributeMap): unknown, not absent.
    notes.push('Principal-tag mappings (SetPrincipalTagAttributeMap) are not in these files, so principal tags are unknown.');
    return;
  }
  const exact = mappings.find((m) => m.identityProviderName && !m.identityProviderName.symbolic && m.identityProviderName.value === facts.provider);
  // A provider name known only at deploy time (`cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}`): its
  // deploy-time parts are treated as wildcards, as the simulation does for the mapping's provider (an assumption).
  const assumed = exact
    ? undefined
    : mappings.find(
        (m) => m.identityProviderName?.symbolic && facts.provider !== undefined && deployTimePattern(m.identityProviderName.value).test(facts.provider),
      );
  const mapping = exact ?? assumed;
  const undecided = mappings.some((m) => m !== mapping && (!m.identityProviderName || m.identityProviderName.symbolic));
  if (assumed)
    notes.push(
      `The principal-tag mapping's provider ${assumed.identityProviderName!.value} is known only at deploy time; it is assumed to be ${facts.provider}.`,
    );
  if (!mapping) {
    // No mapping for this provider: no principal tags, unless a mapping's provider cannot be compared.
    if (!undecided && facts.provider !== undefined) context.closePrefix('aws:PrincipalTag/');
    else notes.push('Which principal-tag mapping applies is unknown, so principal tags are unknown.');
    return;
  }
  let closed = true;
  for (const { key, claim } of mapping.tags) {
    if (key.symbolic || claim.symbolic) {
      closed = false;
      continue;
    }
    const tagKey = `aws:PrincipalTag/${key.value}`;
    if (!facts.claims) {
      context.set(tagKey, { state: 'unknown', why: 'no claims given' });
      continue;
    }
    const value = facts.claims[claim.value];
    if (value === undefined || value === null) context.set(tagKey, { state: 'absent' });
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') context.setValue(tagKey, String(value));
    else context.set(tagKey, { state: 'unknown', why: `claim ${claim.value} is not a single value` });
  }
  if (mapping.useDefaults?.value === true || mapping.useDefaults?.symbolic) {
    // The default tag keys (believed `username` and `client`) are not documented by AWS: do not close the prefix.
    closed = false;
    notes.push('The pool uses the default principal-tag mapping, whose tag keys AWS does not document (UNCONFIRMED): principal tags it would add are unknown.');
  }
  if (closed) context.closePrefix('aws:PrincipalTag/');
}

function deployTimePattern(display: string): RegExp {
  const source = display
    .split(/\$\{[^}]*\}|<[^>]*>/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${source}$`);
}
