/**
 * Policies given outside the role-mapping files (`--policy ARN=FILE`, a matching editor setting): a policy
 * document, the output of `aws iam get-role-policy`, or of `aws iam get-account-authorization-details`.
 * An ARN of a role adds to that role's policies; an ARN of a policy (`:policy/`) defines that managed policy.
 */
import { getValue, parseJsonText, type SyntaxNode } from '../syntax';
import type { LineIndex } from '../positions';
import { readPolicyDocument } from './policy';
import type { PolicyDocument, PolicySource, RolePolicies } from './types';

export interface PolicyStore {
  roles: Map<string, RolePolicies>;
  managed: Map<string, PolicyDocument>;
}

export function emptyPolicyStore(): PolicyStore {
  return { roles: new Map(), managed: new Map() };
}

function str(node: SyntaxNode | undefined): string | undefined {
  return node?.kind === 'string' ? (node.value as string) : undefined;
}

function decodeDocument(node: SyntaxNode | undefined): SyntaxNode | undefined {
  // Some API outputs carry URL-encoded JSON strings; the AWS CLI decodes them.
  if (node?.kind !== 'string') return node;
  const text = node.value as string;
  try {
    const parsed = parseJsonText(text.trim().startsWith('{') ? text : decodeURIComponent(text));
    return parsed.errors.length === 0 ? parsed.root : node;
  } catch {
    return node;
  }
}

/** Adds what `text` (the content of `file`) says about `arn` to the store. Returns a problem sentence, or undefined. */
export function addPolicyFile(store: PolicyStore, arn: string, text: string, file: string): string | undefined {
  const parsed = parseJsonText(text);
  if (parsed.errors.length > 0 || !parsed.root || parsed.root.kind !== 'object') return `${file} is not a JSON object`;
  const root = parsed.root;
  const lines = parsed.lines;
  const isPolicyArn = /^arn:[^:]+:iam::[^:]*:policy\//.test(arn);
  const read = (node: SyntaxNode | undefined, name: string, l: LineIndex | undefined = lines) => {
    const decoded = decodeDocument(node);
    return readPolicyDocument(decoded, { name, file, lines: decoded === node ? l : undefined });
  };
  const roleEntry = (): RolePolicies => {
    let role = store.roles.get(arn);
    if (!role) store.roles.set(arn, (role = { roleArn: arn, identity: [], definedIn: file }));
    return role;
  };

  const details = getValue(root, 'RoleDetailList');
  if (details) {
    // get-account-authorization-details: managed policies first, then the role.
    const policies = getValue(root, 'Policies');
    for (const policy of policies?.kind === 'array' ? policies.items : []) {
      const policyArn = str(getValue(policy, 'Arn'));
      const versions = getValue(policy, 'PolicyVersionList');
      const current = versions?.kind === 'array' ? versions.items.find((v) => isTrue(getValue(v, 'IsDefaultVersion'))) : undefined;
      if (policyArn && current) store.managed.set(policyArn, read(getValue(current, 'Document'), str(getValue(policy, 'PolicyName')) ?? policyArn));
    }
    if (isPolicyArn) return store.managed.has(arn) ? undefined : `${file} does not define the policy ${arn}`;
    const role = details.kind === 'array' ? details.items.find((r) => str(getValue(r, 'Arn')) === arn) : undefined;
    if (!role) return `${file} has no role with Arn ${arn} in its RoleDetailList`;
    const entry = roleEntry();
    const inline = getValue(role, 'RolePolicyList');
    for (const p of inline?.kind === 'array' ? inline.items : [])
      entry.identity.push(read(getValue(p, 'PolicyDocument'), str(getValue(p, 'PolicyName')) ?? 'inline policy'));
    const attached = getValue(role, 'AttachedManagedPolicies');
    for (const p of attached?.kind === 'array' ? attached.items : []) {
      const policyArn = str(getValue(p, 'PolicyArn'));
      if (policyArn) entry.identity.push(managedOrUnresolved(store, policyArn));
    }
    const boundary = str(getValue(getValue(role, 'PermissionsBoundary'), 'PermissionsBoundaryArn'));
    if (boundary) entry.boundary = managedOrUnresolved(store, boundary);
    return undefined;
  }
  const name = str(getValue(root, 'PolicyName')) ?? file.replace(/^.*[\\/]/, '');
  const document = getValue(root, 'PolicyDocument')
    ? read(getValue(root, 'PolicyDocument'), name)
    : readPolicyDocument(root, { name: isPolicyArn ? arn : name, file, lines });
  if (document.unreadable) return `${file} is not a policy document (${document.unreadable})`;
  if (isPolicyArn) store.managed.set(arn, document);
  else roleEntry().identity.push(document);
  return undefined;
}

function isTrue(node: SyntaxNode | undefined): boolean {
  return node?.kind === 'boolean' && node.value === true;
}

function managedOrUnresolved(store: PolicyStore, arn: string): PolicySource {
  return store.managed.get(arn) ?? { name: arn, why: 'not in these files' };
}

/** Replaces unresolved managed policies of the roles with the documents the store now holds. */
export function resolveManaged(store: PolicyStore, role: RolePolicies): RolePolicies {
  const swap = (p: PolicySource): PolicySource =>
    (p as PolicyDocument).statements === undefined && store.managed.has(p.name) ? store.managed.get(p.name)! : p;
  return { ...role, identity: role.identity.map(swap), boundary: role.boundary ? swap(role.boundary) : undefined };
}
