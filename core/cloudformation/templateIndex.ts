/** The template index (resources, parameters, mappings) and where a template's resources are. */
import { getProperty, getValue, type ObjectNode, type PropertyNode, type SyntaxNode } from '../syntax';
import { PSEUDO_PARAMETERS, SAM_TRANSFORM } from './intrinsics';
import { SERVERLESS_VARIABLE_RE } from './serverless';

/** The resource types the template reader looks for. */
export const IDENTITY_POOL_TYPE = 'AWS::Cognito::IdentityPool';
export const ROLE_ATTACHMENT_TYPE = 'AWS::Cognito::IdentityPoolRoleAttachment';
export const PRINCIPAL_TAG_TYPE = 'AWS::Cognito::IdentityPoolPrincipalTag';
export const IAM_ROLE_TYPE = 'AWS::IAM::Role';
export const USER_POOL_GROUP_TYPE = 'AWS::Cognito::UserPoolGroup';

export interface TemplateResource {
  logicalId: string;
  type?: string;
  /** The resource's object (`Type`, `Properties`, ...). */
  node: SyntaxNode;
  properties?: SyntaxNode;
  /** The `LogicalId:` key. */
  property: PropertyNode;
}

export interface TemplateParameter {
  name: string;
  type?: string;
  defaultNode?: SyntaxNode;
  property: PropertyNode;
}

/** Where a template's parts are. A Serverless Framework file keeps its resources under `resources`. */
export class TemplateIndex {
  readonly resources = new Map<string, TemplateResource>();
  readonly parameters = new Map<string, TemplateParameter>();
  readonly conditions = new Set<string>();
  readonly mappings: SyntaxNode | undefined;
  /** The `Conditions` section, for evaluating `Fn::If`. */
  readonly conditionsNode: SyntaxNode | undefined;
  /** The object holding `Resources` (the root, or `resources` in a serverless.yml). */
  readonly templateRoot: ObjectNode;
  /** True when the file declares itself a template (`AWSTemplateFormatVersion` or a `Transform`). */
  readonly declared: boolean;
  readonly sam: boolean;
  /**
   * Serverless Framework files (`resources: Resources:` in serverless.yml, or resources files using its
   * `${self:...}`/`${sls:...}` variables): `${...}` in plain strings are the framework's variables
   * (filled in before CloudFormation sees them) and other files may define the resources referenced here.
   */
  readonly fragment: boolean;
  /**
   * The file goes through the Serverless Framework before CloudFormation sees it (`resources:` of a
   * serverless.yml, or a file using its variables), so `${source:...}` anywhere is a Serverless variable.
   */
  readonly serverless: boolean;

  /**
   * `parameterValues`: values given for the template's parameters (the values a deployment passes); they
   * replace the parameters' defaults. Names the template does not declare are ignored.
   */
  constructor(
    readonly root: ObjectNode,
    readonly parameterValues: Readonly<Record<string, string>> = {},
  ) {
    this.templateRoot = templateRootOf(root) ?? root;
    const transform = getValue(this.templateRoot, 'Transform');
    this.sam = transformIncludes(transform, SAM_TRANSFORM);
    this.declared = getProperty(this.templateRoot, 'AWSTemplateFormatVersion') !== undefined || transform !== undefined;
    // `cdk synth` output declares nothing either, so only Serverless Framework signs make a file a fragment.
    this.serverless = this.templateRoot !== root || containsString(root, SERVERLESS_VARIABLE_RE);
    this.fragment = !this.declared && this.serverless;
    this.mappings = getValue(this.templateRoot, 'Mappings');

    const resources = getValue(this.templateRoot, 'Resources');
    if (resources?.kind === 'object') {
      for (const property of resources.properties) {
        const node = property.value;
        if (!node) continue;
        const typeNode = getValue(node, 'Type');
        this.resources.set(property.key, {
          logicalId: property.key,
          type: typeNode?.kind === 'string' ? (typeNode.value as string) : undefined,
          node,
          properties: getValue(node, 'Properties'),
          property,
        });
      }
    }
    const parameters = getValue(this.templateRoot, 'Parameters');
    if (parameters?.kind === 'object') {
      for (const property of parameters.properties) {
        const typeNode = getValue(property.value, 'Type');
        this.parameters.set(property.key, {
          name: property.key,
          type: typeNode?.kind === 'string' ? (typeNode.value as string) : undefined,
          defaultNode: getValue(property.value, 'Default'),
          property,
        });
      }
    }
    const conditions = getValue(this.templateRoot, 'Conditions');
    if (conditions?.kind === 'object') for (const property of conditions.properties) this.conditions.add(property.key);
    this.conditionsNode = conditions;
  }

  /** The value given for a declared parameter, if any. */
  givenValue(name: string): string | undefined {
    return this.parameters.has(name) && Object.hasOwn(this.parameterValues, name) ? this.parameterValues[name] : undefined;
  }

  /** Given values that a parameter's `AllowedValues` excludes: CloudFormation refuses to deploy with them. */
  disallowedValues(): Array<{ name: string; value: string; allowed: string[] }> {
    const result: Array<{ name: string; value: string; allowed: string[] }> = [];
    for (const parameter of this.parameters.values()) {
      const value = this.givenValue(parameter.name);
      const allowedNode = getValue(parameter.property.value, 'AllowedValues');
      if (value === undefined || allowedNode?.kind !== 'array') continue;
      const allowed = allowedNode.items.flatMap((item) =>
        item.kind === 'string' || item.kind === 'number' || item.kind === 'boolean' ? [String(item.value)] : [],
      );
      if (allowed.length === allowedNode.items.length && !allowed.includes(value)) result.push({ name: parameter.name, value, allowed });
    }
    return result;
  }

  resourcesOfType(type: string): TemplateResource[] {
    return [...this.resources.values()].filter((r) => r.type === type);
  }

  /** Whether a logical id names something a `Ref`/`GetAtt` can reach, including resources SAM generates. */
  exists(logicalId: string): boolean {
    if (this.resources.has(logicalId) || this.parameters.has(logicalId) || PSEUDO_PARAMETERS.has(logicalId)) return true;
    return this.sam && this.samGenerated(logicalId);
  }

  private samGenerated(logicalId: string): boolean {
    if (logicalId === 'ServerlessRestApi' || logicalId === 'ServerlessHttpApi' || logicalId.startsWith('ServerlessRestApi')) return true;
    for (const suffix of ['Role', 'Stage', 'Deployment', 'Alias', 'Version', 'UserPool', 'DomainName']) {
      if (logicalId.endsWith(suffix) && this.resources.get(logicalId.slice(0, -suffix.length))?.type?.startsWith('AWS::Serverless::')) return true;
    }
    return false;
  }
}
function containsString(node: SyntaxNode | undefined, re: RegExp): boolean {
  if (!node) return false;
  switch (node.kind) {
    case 'string':
      return re.test(node.value as string);
    case 'object':
      return node.properties.some((p) => re.test(p.key) || containsString(p.value, re));
    case 'array':
      return node.items.some((item) => containsString(item, re));
    default:
      return false;
  }
}

/**
 * The object that holds `Resources`: the root, or `resources` in a Serverless Framework file. Its list
 * form (`resources: [${file(...)}, {Resources: ...}]`) is read through the inline item holding an identity
 * pool, else the first inline item with `Resources` (the included files are not read).
 */
export function templateRootOf(root: SyntaxNode | undefined): ObjectNode | undefined {
  if (root?.kind !== 'object') return undefined;
  if (getProperty(root, 'Resources')) return root;
  const nested = getValue(root, 'resources');
  if (nested?.kind === 'object' && getProperty(nested, 'Resources')) return nested;
  if (nested?.kind === 'array') {
    const inline = nested.items.filter((item): item is ObjectNode => item.kind === 'object' && getProperty(item, 'Resources') !== undefined);
    return inline.find((item) => holdsIdentityPool(getValue(item, 'Resources'))) ?? inline[0];
  }
  return undefined;
}

function holdsIdentityPool(resources: SyntaxNode | undefined): boolean {
  return (
    resources?.kind === 'object' &&
    resources.properties.some((p) => {
      const type = getValue(p.value, 'Type');
      return type?.kind === 'string' && (type.value as string).startsWith('AWS::Cognito::IdentityPool');
    })
  );
}

function transformIncludes(node: SyntaxNode | undefined, name: string): boolean {
  if (!node) return false;
  if (node.kind === 'string') return node.value === name;
  if (node.kind === 'array') return node.items.some((item) => item.kind === 'string' && item.value === name);
  return false;
}
