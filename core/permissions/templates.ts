/**
 * Collects each IAM role's policies from a CloudFormation/SAM/CDK template: `AWS::IAM::Role` `Policies`,
 * `ManagedPolicyArns` and `PermissionsBoundary`; `AWS::IAM::Policy`, `AWS::IAM::ManagedPolicy` and
 * `AWS::IAM::RolePolicy` attached through `Roles`/`RoleName` (`Ref` of the role, or its name). Managed
 * policies named by an ARN that is not defined in the template stay unresolved (named), unless given.
 */
import type { IntrinsicResolver } from '../cloudformation/resolver';
import type { TemplateResource } from '../cloudformation/templateIndex';
import { templateInfo } from '../cloudformation/template';
import type { ModelDocument } from '../model';
import { getValue, nodeRange, type SyntaxNode } from '../syntax';
import { terraformLayoutOf, terraformLocation } from '../terraform/index';
import { readPolicyDocument } from './policy';
import type { PolicyDocument, PolicySource, RolePolicies } from './types';

/** Policies found elsewhere (`--policy ROLE_ARN=FILE`, managed policies by ARN): looked up by ARN. */
export interface PolicyLibrary {
  managed?: Map<string, PolicyDocument>;
}

export interface TemplateRoles {
  /** By role logical id. */
  roles: Map<string, RolePolicies & { logicalId: string; arnDisplay?: string }>;
}

function listOf(node: SyntaxNode | undefined): SyntaxNode[] {
  if (!node) return [];
  return node.kind === 'array' ? node.items : [node];
}

/** The role logical ids a `Roles`/`RoleName` entry names (a `Ref` of the role, or the role's RoleName). */
function rolesNamed(node: SyntaxNode, resolver: IntrinsicResolver, roleNames: Map<string, string>): string[] {
  const resolved = resolver.resolve(node);
  if (resolved.target && roleNames.has(resolved.target.logicalId)) return [resolved.target.logicalId];
  if (resolved.target) return [resolved.target.logicalId];
  const out: string[] = [];
  for (const [logicalId, name] of roleNames) if (!resolved.symbolic && resolved.text === name) out.push(logicalId);
  return out;
}

export function collectTemplateRoles(document: ModelDocument, library: PolicyLibrary = {}): TemplateRoles {
  const roles: TemplateRoles['roles'] = new Map();
  const info = templateInfo(document);
  if (!info) return { roles };
  const { index, resolver } = info;
  const lines = document.parsed.lines;
  const file = document.uri;
  // A Terraform module is read as one text: each statement's place is moved into the file it is written in.
  const inFiles = (policy: PolicyDocument): PolicyDocument => (terraformLayoutOf(document.parsed) ? inTerraformFiles(document, policy) : policy);
  const read = (node: SyntaxNode | undefined, name: string) => inFiles(readPolicyDocument(node, { name, file, lines, resolver }));
  const resources = [...index.resources.values()];
  const roleNames = new Map<string, string>();
  for (const resource of resources) {
    if (resource.type !== 'AWS::IAM::Role') continue;
    const name = resolver.resolve(getValue(resource.properties, 'RoleName'));
    if (name.text !== undefined && !name.symbolic) roleNames.set(resource.logicalId, name.text);
  }
  const managedDocs = new Map<string, PolicyDocument>();
  for (const resource of resources) {
    if (resource.type !== 'AWS::IAM::ManagedPolicy') continue;
    const nameNode = resolver.resolve(getValue(resource.properties, 'ManagedPolicyName'));
    const name = nameNode.text !== undefined && !nameNode.symbolic ? nameNode.text : resource.logicalId;
    managedDocs.set(resource.logicalId, read(getValue(resource.properties, 'PolicyDocument'), name));
  }
  const managedRef = (node: SyntaxNode): PolicySource => {
    const resolved = resolver.resolve(node);
    if (resolved.target && managedDocs.has(resolved.target.logicalId)) {
      const condition = getValue(index.resources.get(resolved.target.logicalId)?.node, 'Condition');
      const doc = managedDocs.get(resolved.target.logicalId)!;
      return condition ? { name: doc.name, why: `created only if the template condition ${condition.kind === 'string' ? condition.value : '?'} holds` } : doc;
    }
    const text = resolved.text ?? '<managed policy>';
    if (!resolved.symbolic) {
      const found = library.managed?.get(text);
      if (found) return found;
      return { name: text, why: 'not in these files' };
    }
    return { name: text, why: 'known only at deploy time' };
  };

  for (const resource of resources) {
    if (resource.type !== 'AWS::IAM::Role') continue;
    const properties = resource.properties;
    const identity: PolicySource[] = [];
    for (const policy of listOf(getValue(properties, 'Policies'))) {
      const nameNode = resolver.resolve(getValue(policy, 'PolicyName'));
      const name = nameNode.text ?? `${resource.logicalId} inline policy`;
      identity.push(read(getValue(policy, 'PolicyDocument'), name));
    }
    const managed = getValue(properties, 'ManagedPolicyArns');
    const managedList = managed ? resolver.resolve(managed) : undefined;
    // Not a literal list (an `Fn::If`, a parameter): which policies it names may depend on the deployment.
    if (managed && managed.kind !== 'array')
      identity.push({
        name: `${resource.logicalId} ManagedPolicyArns`,
        why: managedList?.symbolic === false ? 'not a literal list' : 'known only at deploy time',
      });
    for (const item of managed?.kind === 'array' ? managed.items : []) identity.push(managedRef(item));
    const boundaryNode = getValue(properties, 'PermissionsBoundary');
    const arn = resolver.getAttOf(resource.logicalId, 'Arn', resource.property.value ?? resource.node);
    roles.set(resource.logicalId, {
      logicalId: resource.logicalId,
      roleArn: arn.text ?? `\${${resource.logicalId}.Arn}`,
      arnDisplay: arn.text,
      identity,
      boundary: boundaryNode ? managedRef(boundaryNode) : undefined,
      definedIn: terraformLocation(document.parsed, nodeRange(lines, resource.node))?.uri ?? file,
    });
  }

  const attach = (resource: TemplateResource, roleNodes: SyntaxNode[], policy: PolicySource) => {
    // A policy created only under a template Condition may not exist: it may allow or deny, unknown.
    const condition = getValue(resource.node, 'Condition');
    const attached: PolicySource = condition
      ? { name: policy.name, why: `created only if the template condition ${condition.kind === 'string' ? condition.value : '?'} holds` }
      : policy;
    for (const node of roleNodes) for (const logicalId of rolesNamed(node, resolver, roleNames)) roles.get(logicalId)?.identity.push(attached);
  };
  for (const resource of resources) {
    const p = resource.properties;
    if (resource.type === 'AWS::IAM::Policy' || resource.type === 'AWS::IAM::RolePolicy') {
      const nameNode = resolver.resolve(getValue(p, 'PolicyName'));
      const name = nameNode.text !== undefined && !nameNode.symbolic ? nameNode.text : resource.logicalId;
      const document = read(getValue(p, 'PolicyDocument'), name);
      attach(resource, resource.type === 'AWS::IAM::Policy' ? listOf(getValue(p, 'Roles')) : listOf(getValue(p, 'RoleName')), document);
    } else if (resource.type === 'AWS::IAM::ManagedPolicy') {
      attach(resource, listOf(getValue(p, 'Roles')), managedDocs.get(resource.logicalId)!);
    }
  }
  return { roles };
}

/** A policy read from a Terraform module's joined text, with each statement's file, line and range in its own file. */
function inTerraformFiles(document: ModelDocument, policy: PolicyDocument): PolicyDocument {
  const statements = policy.statements.map((statement) => {
    const location = statement.range ? terraformLocation(document.parsed, statement.range) : undefined;
    return location ? { ...statement, file: location.uri, line: location.range.start.line + 1, range: location.range } : statement;
  });
  const file = statements.find((statement) => statement.file !== undefined)?.file ?? policy.file;
  return { ...policy, file, statements };
}

/** The policies of the role whose ARN (or display form) is `roleArn`, among the template's roles. */
export function findRole(templateRoles: TemplateRoles, roleArn: string): (RolePolicies & { logicalId: string }) | undefined {
  for (const role of templateRoles.roles.values()) if (role.roleArn === roleArn) return role;
  for (const role of templateRoles.roles.values()) if (roleArn.includes(`${role.logicalId}.Arn`) || roleArn === `\${${role.logicalId}}`) return role;
  return undefined;
}
