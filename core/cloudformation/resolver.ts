/**
 * The resolver of intrinsic functions.
 * Resolution is static: what the template itself determines becomes a value; everything else (pseudo
 * parameters, physical ids, parameters without default, imports, conditions) stays symbolic with a
 * display form (`${UserPool}`, `${AWS::Region}`, `<ImportValue:Name>`) that evaluation treats as a wildcard.
 */
import type { LineIndex } from '../positions';
import { arrayNode, getProperty, getValue, scalarNode, type SyntaxNode } from '../syntax';
import { intrinsicOf, KNOWN_ATTRIBUTES_KEY, PSEUDO_PARAMETERS, TERRAFORM_EXPRESSION, type Intrinsic } from './intrinsics';
import { closingBrace, isServerlessPlaceholder, serverlessVariablesIn } from './serverless';
import type { TemplateIndex, TemplateParameter } from './templateIndex';

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
      case TERRAFORM_EXPRESSION:
        return literal(`\${${arg?.kind === 'string' ? (arg.value as string) : '?'}}`, true);
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
          // Read from a Terraform state (`terraform show -json`): the role's ARN as deployed.
          const deployed = getValue(getValue(resource.node, KNOWN_ATTRIBUTES_KEY), 'Arn');
          if (deployed?.kind === 'string') return result(deployed.value as string, false);
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
