/**
 * The template index (resources, parameters, mappings) and the resolver of intrinsic functions.
 * Resolution is static: what the template itself determines becomes a value; everything else (pseudo
 * parameters, physical ids, parameters without default, imports, conditions) stays symbolic with a
 * display form (`${UserPool}`, `${AWS::Region}`, `<ImportValue:Name>`) that evaluation treats as a wildcard.
 */
import type { LineIndex } from '../positions';
import { arrayNode, getProperty, getValue, scalarNode, type ObjectNode, type PropertyNode, type SyntaxNode } from '../syntax';

/** `Ref`, `Condition` and `Fn::*`: the keys that make a one-key object an intrinsic function. */
const INTRINSIC_KEY_RE = /^(Ref|Condition|Fn::[A-Za-z0-9]+)$/;

export interface Intrinsic {
  /** `Ref`, `Fn::GetAtt`, ... */
  name: string;
  argument: SyntaxNode | undefined;
  property: PropertyNode;
  node: ObjectNode;
}

export function intrinsicOf(node: SyntaxNode | undefined): Intrinsic | undefined {
  if (node?.kind !== 'object' || node.properties.length !== 1) return undefined;
  const property = node.properties[0];
  if (!INTRINSIC_KEY_RE.test(property.key)) return undefined;
  return { name: property.key, argument: property.value, property, node };
}

export function isIntrinsic(node: SyntaxNode | undefined): boolean {
  return intrinsicOf(node) !== undefined;
}

export const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** Attributes `Fn::GetAtt` may read, for the resource types a role mapping refers to. */
export const KNOWN_ATTRIBUTES: Record<string, readonly string[]> = {
  'AWS::IAM::Role': ['Arn', 'RoleId'],
  'AWS::Cognito::UserPool': ['Arn', 'ProviderName', 'ProviderURL', 'UserPoolId'],
  'AWS::Cognito::UserPoolClient': ['ClientId', 'ClientSecret', 'Name'],
  'AWS::Cognito::IdentityPool': ['Id', 'Name'],
  'AWS::Cognito::UserPoolGroup': [],
  'AWS::Cognito::IdentityPoolRoleAttachment': ['Id'],
};

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

/** Serverless Framework variable sources (`${self:custom.stage}`, `${sls:stage}`, `${opt:region, 'us-east-1'}`, ...). */
const SERVERLESS_VARIABLE_RE = /\$\{(self|sls|opt|env|file\(|cf|cf\.[a-z0-9-]+|ssm|s3|aws|param|strToBool|git)[:(]/;

/**
 * The body of a `${...}` that, in a Serverless file, is a Serverless variable: `source:address` or
 * `source(args)` (built-in or plugin sources). CloudFormation's own placeholders never look like this:
 * they are logical ids, `Resource.Attribute`, `AWS::Pseudo` or `!Literal`.
 */
const SERVERLESS_PLACEHOLDER_RE = /^\s*[A-Za-z][\w.-]*(\(|:(?!:))/;

/** Enough of a `${...}` body to see its source name (`self:`, `file(`, a plugin's). */
const MAX_SOURCE_PREFIX = 64;

/** Whether `${body}` is a Serverless Framework variable (in a file that goes through Serverless). */
export function isServerlessPlaceholder(body: string): boolean {
  return SERVERLESS_PLACEHOLDER_RE.test(body);
}

/** The Serverless variables in a text, each with its `${...}` (nested ones inside it), e.g. `${self:custom.stage}`. */
export function serverlessVariablesIn(text: string): string[] {
  const found: string[] = [];
  for (let start = text.indexOf('${'); start >= 0; start = text.indexOf('${', start + 2)) {
    // The source name decides, so the closing brace is looked for only then: linear even for `${${${…`.
    if (!isServerlessPlaceholder(text.slice(start + 2, start + 2 + MAX_SOURCE_PREFIX))) continue;
    const end = closingBrace(text, start);
    if (end < 0) break;
    found.push(text.slice(start, end + 1));
    start = end - 1;
  }
  return found;
}

/** The `}` closing the `${` at `start`, counting nested `${...}` (Serverless allows them); -1 if none. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text.charCodeAt(i) === 36 /* $ */ && text.charCodeAt(i + 1) === 123 /* { */) {
      depth++;
      i++;
    } else if (text.charCodeAt(i) === 125 /* } */ && --depth === 0) {
      return i;
    }
  }
  return -1;
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

/** A reference found while resolving (for dangling-reference checks and for "which role is this"). */
export interface Reference {
  logicalId: string;
  attribute?: string;
  /** The node to point at (the `Ref`/`GetAtt` object, or the `Fn::Sub` string). */
  node: SyntaxNode;
  /** `${Name}` inside an `Fn::Sub` string. */
  inSub?: boolean;
}

export interface Resolved {
  /** The string value, or its display form when symbolic. Absent for lists and non-string values. */
  text?: string;
  list?: Resolved[];
  symbolic: boolean;
  /** `Ref: AWS::NoValue`: the property is removed. */
  noValue?: boolean;
  references: Reference[];
  /** Parameters whose `Default` was used. */
  defaults: Array<{ parameter: string; node: SyntaxNode }>;
  /** When the whole value is a `Ref` or `GetAtt` (or `Sub` of exactly one), the resource it names. */
  target?: { logicalId: string; attribute?: string };
  /**
   * Template parameters without a known value that make this value symbolic (no default and no given
   * value, or read by an `Fn::If` condition that could not be decided): what a user can give to resolve it.
   */
  parameters?: string[];
}

const MAX_DEPTH = 32;

function literal(text: string, symbolic = false): Resolved {
  return { text, symbolic, references: [], defaults: [] };
}

function merged(parts: Resolved[], result: Partial<Resolved>): Resolved {
  const parameters = [...new Set(parts.flatMap((p) => p.parameters ?? []))];
  return {
    symbolic: result.symbolic ?? parts.some((p) => p.symbolic),
    references: parts.flatMap((p) => p.references),
    defaults: parts.flatMap((p) => p.defaults),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...result,
  } as Resolved;
}

/** What a condition of the `Conditions` section evaluates to, when it can be decided statically. */
interface ConditionValue {
  value?: boolean;
  /** Parameters whose unknown value (or default, which a deployment may override) left it undecided. */
  parameters: string[];
}

/** Display form of what a value turned out to be, for the `SourceValue` of a symbolic value. */
export function displayOf(resolved: Resolved, fallback: string): string {
  if (resolved.text !== undefined) return resolved.text;
  if (resolved.list) return resolved.list.map((item) => displayOf(item, '<value>')).join(',');
  return fallback;
}

export class IntrinsicResolver {
  /** Conditions evaluated so far (the given parameter values do not change during a resolver's life). */
  private readonly conditions = new Map<string, ConditionValue>();

  constructor(readonly index: TemplateIndex) {}

  resolve(node: SyntaxNode | undefined, depth = 0): Resolved {
    if (!node) return { symbolic: true, references: [], defaults: [] };
    if (depth > MAX_DEPTH) return literal('<too deeply nested>', true);
    switch (node.kind) {
      case 'string': {
        const text = node.value as string;
        // In Serverless Framework files `${self:...}`/`${sls:...}` are filled in before deployment.
        return literal(text, this.index.serverless && serverlessVariablesIn(text).length > 0);
      }
      case 'number':
      case 'boolean':
        return literal(String(node.value));
      case 'null':
        return { symbolic: false, references: [], defaults: [] };
      case 'array': {
        const list = node.items.map((item) => this.resolve(item, depth + 1)).filter((item) => !item.noValue);
        return merged(list, { list, symbolic: list.some((item) => item.symbolic) });
      }
      case 'object': {
        const intrinsic = intrinsicOf(node);
        if (!intrinsic) return { symbolic: false, references: [], defaults: [] };
        return this.resolveIntrinsic(intrinsic, depth + 1);
      }
    }
  }

  private resolveIntrinsic(fn: Intrinsic, depth: number): Resolved {
    const arg = fn.argument;
    switch (fn.name) {
      case 'Ref':
        return arg?.kind === 'string' ? this.ref(arg.value as string, fn.node, depth) : literal('<Ref>', true);
      case 'Fn::GetAtt':
        return this.getAtt(arg, fn.node, depth);
      case 'Fn::Sub':
        return this.sub(arg, depth);
      case 'Fn::Join':
        return this.join(arg, depth);
      case 'Fn::Select':
        return this.select(arg, depth);
      case 'Fn::Split':
        return this.split(arg, depth);
      case 'Fn::FindInMap':
        return this.findInMap(arg, depth);
      case 'Fn::If':
        return this.ifFn(arg, depth);
      case 'Fn::ImportValue': {
        const name = this.resolve(arg, depth);
        return merged([name], { text: `<ImportValue:${displayOf(name, '?')}>`, symbolic: true });
      }
      case 'Fn::GetAZs':
        return literal('<GetAZs>', true);
      default: {
        // Fn::Base64, Fn::Cidr, condition functions, language extensions: nothing to resolve statically,
        // but references inside still count (for dangling-reference checks).
        const inner = this.resolve(arg, depth);
        return merged([inner], { text: `<${fn.name}>`, symbolic: true, list: undefined });
      }
    }
  }

  ref(name: string, node: SyntaxNode, depth: number): Resolved {
    if (depth > MAX_DEPTH) return literal('<too deeply nested>', true);
    const reference: Reference = { logicalId: name, node };
    if (PSEUDO_PARAMETERS.has(name)) {
      if (name === 'AWS::NoValue') return { symbolic: false, noValue: true, references: [], defaults: [] };
      return { text: `\${${name}}`, symbolic: true, references: [], defaults: [] };
    }
    const parameter = this.index.parameters.get(name);
    if (parameter) return this.parameterValue(parameter, reference, depth);
    const resource = this.index.resources.get(name);
    if (resource?.type === 'AWS::IAM::Role') {
      const roleName = this.resolve(getValue(resource.properties, 'RoleName'), depth);
      if (roleName.text !== undefined && !roleName.symbolic) {
        return { text: roleName.text, symbolic: false, references: [reference], defaults: [], target: { logicalId: name } };
      }
    }
    // A resource's physical id (user pool id, client id, identity pool id, role name) is known only after deployment.
    return { text: `\${${name}}`, symbolic: true, references: [reference], defaults: [], target: { logicalId: name } };
  }

  private parameterValue(parameter: TemplateParameter, reference: Reference, depth: number): Resolved {
    const isList = parameter.type === 'CommaDelimitedList' || parameter.type?.startsWith('List<');
    const given = this.index.givenValue(parameter.name);
    if (given !== undefined) {
      // The value the deployment passes, as given by the user (for SSM parameter types: the stored value).
      if (isList) return { list: given.split(',').map((part) => literal(part.trim())), symbolic: false, references: [reference], defaults: [] };
      return { text: given, symbolic: false, references: [reference], defaults: [] };
    }
    const symbolic: Resolved = { text: `\${${parameter.name}}`, symbolic: true, references: [reference], defaults: [], parameters: [parameter.name] };
    // SSM parameter types hold the parameter's *name* as default; the value is looked up at deploy time.
    if (!parameter.defaultNode || parameter.type?.startsWith('AWS::SSM::')) return symbolic;
    const value = this.resolve(parameter.defaultNode, depth);
    if (value.text === undefined && !value.list) return symbolic;
    const defaults = [{ parameter: parameter.name, node: parameter.defaultNode }];
    if (isList && value.text !== undefined) {
      return { list: value.text.split(',').map((part) => literal(part.trim())), symbolic: false, references: [reference], defaults };
    }
    return { ...value, references: [reference, ...value.references], defaults: [...defaults, ...value.defaults] };
  }

  /** `Fn::GetAtt [logicalId, attribute]` as if written at `node`. */
  getAttOf(logicalId: string, attribute: string, node: SyntaxNode, depth = 0): Resolved {
    const arg = arrayNode(node.offset, node.length);
    arg.items.push(scalarNode('string', logicalId, node.offset, node.length), scalarNode('string', attribute, node.offset, node.length));
    return this.getAtt(arg, node, depth + 1);
  }

  private getAtt(arg: SyntaxNode | undefined, node: SyntaxNode, depth: number): Resolved {
    let logicalId: string | undefined;
    let attribute: string | undefined;
    if (arg?.kind === 'string') {
      // Long form with a dotted string (`Fn::GetAtt: UserPool.ProviderName`), accepted in YAML templates.
      const text = arg.value as string;
      const dot = text.indexOf('.');
      logicalId = dot < 0 ? text : text.slice(0, dot);
      attribute = dot < 0 ? undefined : text.slice(dot + 1);
    } else if (arg?.kind === 'array' && arg.items[0]?.kind === 'string') {
      logicalId = arg.items[0].value as string;
      const attr = arg.items[1];
      if (attr?.kind === 'string') attribute = attr.value as string;
      else if (attr) {
        const resolvedAttr = this.resolve(attr, depth);
        attribute = resolvedAttr.symbolic ? undefined : resolvedAttr.text;
      }
    }
    if (!logicalId) return literal('<GetAtt>', true);
    if (depth > MAX_DEPTH) return literal('<too deeply nested>', true);
    const reference: Reference = { logicalId, attribute, node };
    const result = (text: string, symbolic = true, extra: Resolved[] = []): Resolved =>
      merged(extra, { text, symbolic, references: [reference, ...extra.flatMap((e) => e.references)], target: { logicalId: logicalId!, attribute } });
    const resource = this.index.resources.get(logicalId);
    switch (resource?.type) {
      case 'AWS::IAM::Role':
        if (attribute === 'Arn') {
          const name = this.ref(logicalId, node, depth);
          const path = this.resolve(getValue(resource.properties, 'Path'), depth);
          const pathPart = path.text && !path.symbolic ? path.text.replace(/^\/+/, '') : '';
          return result(`arn:aws:iam::\${AWS::AccountId}:role/${pathPart}${name.text}`, true, [{ ...name, references: [] }]);
        }
        break;
      case 'AWS::Cognito::UserPool':
        if (attribute === 'ProviderName') return result(`cognito-idp.\${AWS::Region}.amazonaws.com/\${${logicalId}}`);
        if (attribute === 'ProviderURL') return result(`https://cognito-idp.\${AWS::Region}.amazonaws.com/\${${logicalId}}`);
        if (attribute === 'UserPoolId') return result(`\${${logicalId}}`);
        break;
      case 'AWS::Cognito::UserPoolClient':
        if (attribute === 'ClientId') return result(`\${${logicalId}}`);
        break;
      case 'AWS::Cognito::IdentityPool':
        if (attribute === 'Id') return result(`\${${logicalId}}`);
        if (attribute === 'Name') {
          const name = this.resolve(getValue(resource.properties, 'IdentityPoolName'), depth);
          if (name.text !== undefined && !name.symbolic) return result(name.text, false);
        }
        break;
      default:
        break;
    }
    return result(`\${${logicalId}${attribute ? `.${attribute}` : ''}}`);
  }

  private sub(arg: SyntaxNode | undefined, depth: number): Resolved {
    let templateNode: SyntaxNode | undefined = arg;
    let variables: SyntaxNode | undefined;
    if (arg?.kind === 'array') {
      templateNode = arg.items[0];
      variables = arg.items[1];
    }
    if (templateNode?.kind !== 'string') return literal('<Fn::Sub>', true);
    const template = templateNode.value as string;
    const parts: Resolved[] = [];
    let text = '';
    let last = 0;
    let placeholders = 0;
    let soleTarget: Resolved['target'];
    const re = /\$\{([^}]*)\}/g;
    for (let m = re.exec(template); m; m = re.exec(template)) {
      text += template.slice(last, m.index);
      last = m.index + m[0].length;
      const name = m[1].trim();
      if (name.startsWith('!')) {
        text += `\${${name.slice(1)}}`; // `${!Literal}` writes `${Literal}`
        continue;
      }
      if (this.index.serverless && isServerlessPlaceholder(name)) {
        // Filled in by the Serverless Framework before CloudFormation sees the template: no reference.
        const end = closingBrace(template, m.index);
        last = end < 0 ? template.length : end + 1;
        re.lastIndex = last;
        const variable = template.slice(m.index, last);
        parts.push(literal(variable, true));
        text += variable;
        continue;
      }
      placeholders++;
      let value: Resolved;
      const variable = variables?.kind === 'object' ? getProperty(variables, name) : undefined;
      if (variable) {
        value = this.resolve(variable.value, depth);
      } else if (name.includes('.') && !PSEUDO_PARAMETERS.has(name)) {
        const dot = name.indexOf('.');
        value = this.getAttOf(name.slice(0, dot), name.slice(dot + 1), templateNode, depth);
        value.references.forEach((r) => (r.inSub = true));
      } else {
        value = this.ref(name, templateNode, depth);
        value.references.forEach((r) => (r.inSub = true));
      }
      soleTarget = value.target;
      parts.push(value);
      text += value.text ?? (value.list ? value.list.map((v) => v.text ?? '').join(',') : `\${${name}}`);
    }
    text += template.slice(last);
    const resolved = merged(parts, { text, symbolic: parts.some((p) => p.symbolic) || (this.index.fragment && parts.length === 0 && /\$\{/.test(text)) });
    if (placeholders === 1 && /^\$\{[^}]*\}$/.test(template.trim())) resolved.target = soleTarget;
    return resolved;
  }

  private join(arg: SyntaxNode | undefined, depth: number): Resolved {
    if (arg?.kind !== 'array' || arg.items.length < 2) return literal('<Fn::Join>', true);
    const delimiter = this.resolve(arg.items[0], depth);
    const values = this.resolve(arg.items[1], depth);
    if (delimiter.text === undefined || !values.list) return merged([delimiter, values], { text: '<Fn::Join>', symbolic: true });
    const text = values.list.map((item) => item.text ?? '<value>').join(delimiter.text);
    return merged([delimiter, values], { text });
  }

  private select(arg: SyntaxNode | undefined, depth: number): Resolved {
    if (arg?.kind !== 'array' || arg.items.length < 2) return literal('<Fn::Select>', true);
    const index = this.resolve(arg.items[0], depth);
    const list = this.resolve(arg.items[1], depth);
    const i = index.text !== undefined && !index.symbolic ? Number(index.text) : NaN;
    if (list.list && Number.isInteger(i) && i >= 0 && i < list.list.length && !list.list.some((item, j) => j < i && item.list)) {
      const item = list.list[i];
      return { ...item, references: [...index.references, ...list.references], defaults: [...index.defaults, ...list.defaults] };
    }
    return merged([index, list], { text: '<Fn::Select>', symbolic: true, list: undefined });
  }

  private split(arg: SyntaxNode | undefined, depth: number): Resolved {
    if (arg?.kind !== 'array' || arg.items.length < 2) return literal('<Fn::Split>', true);
    const delimiter = this.resolve(arg.items[0], depth);
    const source = this.resolve(arg.items[1], depth);
    if (delimiter.text === undefined || delimiter.text === '' || source.text === undefined || source.symbolic) {
      return merged([delimiter, source], { text: '<Fn::Split>', symbolic: true });
    }
    return merged([delimiter, source], { list: source.text.split(delimiter.text).map((part) => literal(part)) });
  }

  private findInMap(arg: SyntaxNode | undefined, depth: number): Resolved {
    if (arg?.kind !== 'array' || arg.items.length < 3) return literal('<Fn::FindInMap>', true);
    const keys = arg.items.slice(0, 3).map((item) => this.resolve(item, depth));
    const display = `<FindInMap:${keys.map((k) => k.text ?? '?').join('.')}>`;
    if (keys.every((k) => k.text !== undefined && !k.symbolic)) {
      const value = getValue(getValue(getValue(this.index.mappings, keys[0].text!), keys[1].text!), keys[2].text!);
      if (value) {
        const resolved = this.resolve(value, depth);
        return {
          ...resolved,
          references: [...keys.flatMap((k) => k.references), ...resolved.references],
          defaults: [...keys.flatMap((k) => k.defaults), ...resolved.defaults],
        };
      }
      // Fn::FindInMap with a DefaultValue (AWS::LanguageExtensions).
      const fallback = getValue(arg.items[3], 'DefaultValue');
      if (fallback) return this.resolve(fallback, depth);
    }
    return merged(keys, { text: display, symbolic: true });
  }

  private ifFn(arg: SyntaxNode | undefined, depth: number): Resolved {
    if (arg?.kind !== 'array' || arg.items.length < 3) return literal('<Fn::If>', true);
    const condition = arg.items[0]?.kind === 'string' ? (arg.items[0].value as string) : '?';
    const decided = this.condition(condition, depth, new Set());
    if (decided.value !== undefined) {
      const branch = this.resolve(arg.items[decided.value ? 1 : 2], depth);
      // The other branch's references still count (dangling-reference checks), its value does not.
      const other = this.resolve(arg.items[decided.value ? 2 : 1], depth);
      return { ...branch, references: [...branch.references, ...other.references] };
    }
    const whenTrue = this.resolve(arg.items[1], depth);
    const whenFalse = this.resolve(arg.items[2], depth);
    if (!whenTrue.symbolic && !whenFalse.symbolic && whenTrue.text !== undefined && whenTrue.text === whenFalse.text) {
      return merged([whenTrue, whenFalse], { text: whenTrue.text });
    }
    const unknown = merged([whenTrue, whenFalse], { text: `<If:${condition}>`, symbolic: true });
    const parameters = [...new Set([...decided.parameters, ...(unknown.parameters ?? [])])];
    return parameters.length > 0 ? { ...unknown, parameters } : unknown;
  }

  /**
   * Evaluates a named condition. Only values that are certain decide it: literals and parameters given a
   * value. A parameter's default does not (a deployment that passes another value takes the other branch),
   * nor does anything known only at deploy time (pseudo parameters, imports).
   */
  condition(name: string, depth: number, seen: Set<string>): ConditionValue {
    // Memoised: conditions that name each other twice over would otherwise cost 2^depth.
    const known = this.conditions.get(name);
    if (known) return known;
    if (depth > MAX_DEPTH || seen.has(name)) return { parameters: [] };
    const node = getValue(this.index.conditionsNode, name);
    const value = node ? this.conditionValue(node, depth + 1, new Set([...seen, name])) : { parameters: [] };
    this.conditions.set(name, value);
    return value;
  }

  private conditionValue(node: SyntaxNode, depth: number, seen: Set<string>): ConditionValue {
    if (depth > MAX_DEPTH) return { parameters: [] };
    const fn = intrinsicOf(node);
    const args = fn?.argument?.kind === 'array' ? fn.argument.items : [];
    switch (fn?.name) {
      case 'Condition':
        return fn.argument?.kind === 'string' ? this.condition(fn.argument.value as string, depth, seen) : { parameters: [] };
      case 'Fn::Not': {
        const inner = args[0] ? this.conditionValue(args[0], depth + 1, seen) : { parameters: [] };
        return inner.value === undefined ? inner : { value: !inner.value, parameters: [] };
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const decisive = fn.name === 'Fn::Or';
        const values = args.map((item) => this.conditionValue(item, depth + 1, seen));
        if (values.some((v) => v.value === decisive)) return { value: decisive, parameters: [] };
        if (values.length > 0 && values.every((v) => v.value !== undefined)) return { value: !decisive, parameters: [] };
        return { parameters: [...new Set(values.flatMap((v) => v.parameters))] };
      }
      case 'Fn::Equals': {
        if (args.length !== 2) return { parameters: [] };
        const [left, right] = args.map((item) => this.resolve(item, depth + 1));
        const text = (r: Resolved) => (r.list ? r.list.map((item) => item.text ?? '').join(',') : r.text);
        const certain = (r: Resolved) => !r.symbolic && r.defaults.length === 0 && text(r) !== undefined;
        if (certain(left) && certain(right)) return { value: text(left) === text(right), parameters: [] };
        const parameters = [left, right].flatMap((r) => [...(r.parameters ?? []), ...r.defaults.map((d) => d.parameter)]);
        return { parameters: [...new Set(parameters)] };
      }
      default:
        return { parameters: [] };
    }
  }
}

/** Every `Ref`/`GetAtt`/`Sub` reference in a subtree (without resolving anything else). */
export function collectReferences(resolver: IntrinsicResolver, node: SyntaxNode | undefined, out: Reference[] = []): Reference[] {
  if (!node) return out;
  const fn = intrinsicOf(node);
  if (fn && (fn.name === 'Ref' || fn.name === 'Fn::GetAtt' || fn.name === 'Fn::Sub')) {
    out.push(...resolver.resolve(node).references);
    // Fn::Sub's variable map may hold more references; resolve() already covered the used ones.
    return out;
  }
  if (node.kind === 'object') for (const p of node.properties) collectReferences(resolver, p.value, out);
  else if (node.kind === 'array') for (const item of node.items) collectReferences(resolver, item, out);
  return out;
}

/**
 * The resolver (and line index) of the template a node belongs to, for code that gets only a node (trust
 * policies). The template reader stores it on each role it reads (`IamRoleModel.template`); nothing keeps
 * it at module level.
 */
export interface TemplateContext {
  resolver: IntrinsicResolver;
  lines?: LineIndex;
}
