/**
 * Maps each ajv error back to an exact range in the syntax tree, with our stable codes (the schema's
 * `x-code`, else one per keyword) and newcomer-friendly messages.
 */
import type { ErrorObject } from 'ajv';
import { tooManyRules } from '../api/awsErrors';
import { ROLE_TYPES } from '../api/model';
import { CODES, makeDiagnostic, type AwsError, type CoreDiagnostic, type DiagnosticCode } from '../diagnostics';
import type { Range } from '../positions';
import type { SchemaNode } from '../schema';
import { getProperty, keyRange, nodeRange, type ParsedText, type SyntaxNode } from '../syntax';
import { botoName, paramValidation, pythonType, pythonTypeName, pythonValue, validationException } from './awsErrorText';
import { valueWithDuplicates } from './duplicateKeys';
import type { CheckDeclaration } from './checks/types';
import { tooManyMappingsMessage, tooManyRulesMessage } from './checks/limits';
import { describeValue, isClose, joinWords, quote, rankByCloseness, type Path } from './text';

/**
 * The codes a schema failure gets. `too-many-rules` and `too-many-mappings` come from the schemas too,
 * but belong to the limits check, whose wording this mapping uses.
 */
/** A missing-required diagnostic found without ajv (a CloudFormation resource without Properties). */
export function missingRequired(uri: string, range: Range, message: string, missingProperties: string[]): CoreDiagnostic {
  return makeDiagnostic('missing-required', uri, range, message, { data: { missingProperties } });
}

export const AJV_ERRORS = {
  id: 'ajvErrors',
  emits: [
    'missing-required',
    'invalid-type',
    'invalid-enum-value',
    'pattern-mismatch',
    'invalid-length',
    'unknown-property',
    'invalid-role-key',
    'too-many-items',
  ],
} as const satisfies CheckDeclaration;

/** One diagnostic per place and code: ajv may report the same problem through several schema paths. */
export function dedupe(diagnostics: CoreDiagnostic[]): CoreDiagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Drops ajv's cascade errors: the outer `propertyNames` / `if` errors (their inner errors say more),
 * and for `anyOf`/`oneOf` the errors of the branches whose type did not fit when another branch's did.
 * When no branch fits the type, one type error listing every accepted type replaces them.
 */
export function withoutCascades(errors: ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  const added = new Map<ErrorObject, ErrorObject>();
  errors.forEach((error, index) => {
    if (error.keyword === 'propertyNames' || error.keyword === 'if') {
      dropped.add(error);
      return;
    }
    if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') return;
    dropped.add(error);
    const at = error.instancePath;
    const branchErrors: ErrorObject[] = [];
    for (let i = index - 1; i >= 0; i--) {
      const candidate = errors[i];
      if (candidate.instancePath !== at && !candidate.instancePath.startsWith(`${at}/`)) break;
      if (!dropped.has(candidate)) branchErrors.unshift(candidate);
    }
    // A oneOf that failed because several branches matched: the value itself is fine, its branch errors are noise.
    if (error.keyword === 'oneOf' && (error.params as { passingSchemas?: unknown }).passingSchemas) {
      for (const e of branchErrors) dropped.add(e);
      return;
    }
    const typeErrors = branchErrors.filter((e) => e.keyword === 'type' && e.instancePath === at);
    const others = branchErrors.filter((e) => !typeErrors.includes(e));
    if (others.length > 0) {
      for (const e of typeErrors) dropped.add(e);
    } else if (typeErrors.length > 1) {
      for (const e of typeErrors) dropped.add(e);
      const types = [...new Set(typeErrors.flatMap((e) => String((e.params as { type: string }).type).split(',')))];
      added.set(error, {
        ...typeErrors[0],
        params: { type: types.join(',') },
        parentSchema: { ...(typeErrors[0].parentSchema as object), 'x-code': undefined },
      });
    }
  });
  const result: ErrorObject[] = [];
  for (const error of errors) {
    const replacement = added.get(error);
    if (replacement) result.push(replacement);
    else if (!dropped.has(error)) result.push(error);
  }
  return result;
}

function decodePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export class ErrorMapper {
  private readonly missing = new Map<string, { node: SyntaxNode; path: Path; names: string[]; schema: SchemaNode }>();

  constructor(
    private readonly parsed: ParsedText,
    private readonly root: SyntaxNode,
    private readonly uri: string,
    private readonly pathPrefix: Path,
  ) {}

  /** Follows an ajv instance path to the syntax node and the path of keys and indexes (after `pathPrefix`). */
  private locate(instancePath: string): { node: SyntaxNode | undefined; path: Path } {
    let node: SyntaxNode | undefined = this.root;
    const path: Path = [...this.pathPrefix];
    for (const segment of decodePointer(instancePath)) {
      if (node?.kind === 'array') {
        const index = Number(segment);
        path.push(index);
        node = node.items[index];
      } else {
        path.push(segment);
        node = getProperty(node, segment)?.value;
      }
    }
    return { node, path };
  }

  private range(node: { offset: number; length: number }): Range {
    return nodeRange(this.parsed.lines, node);
  }

  /** Where to point when an object lacks a field: the key holding it, else the object's first line. */
  private objectAnchor(node: SyntaxNode): Range {
    if (node.property) return keyRange(this.parsed.lines, node.property);
    const text = this.parsed.text.slice(node.offset, node.offset + node.length);
    const firstLine = /^[^\r\n]*/.exec(text)![0].replace(/\s+$/, '');
    return this.parsed.lines.rangeAt(node.offset, Math.max(1, firstLine.length));
  }

  map(error: ErrorObject): CoreDiagnostic | undefined {
    const { node, path } = this.locate(error.instancePath);
    const schema = (error.parentSchema ?? {}) as SchemaNode;
    const code = chooseCode(error, schema);
    const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;
    if (propertyName !== undefined) return this.keyError(error, node, path, propertyName, schema, code);

    switch (error.keyword) {
      case 'required': {
        if (!node) return undefined;
        const key = error.instancePath;
        const entry = this.missing.get(key) ?? { node, path, names: [], schema };
        entry.names.push((error.params as { missingProperty: string }).missingProperty);
        this.missing.set(key, entry);
        return undefined;
      }
      case 'additionalProperties': {
        const name = (error.params as { additionalProperty: string }).additionalProperty;
        const property = getProperty(node, name);
        if (!property) return undefined;
        const allowed = Object.keys(schema.properties ?? {}).filter((k) => k !== '$schema');
        const ranked = rankByCloseness(name, allowed);
        const close = ranked[0] !== undefined && isClose(name, ranked[0]) ? ` (did you mean \`${ranked[0]}\`?)` : '';
        return makeDiagnostic(
          code,
          this.uri,
          keyRange(this.parsed.lines, property),
          `\`${name}\` is not a field of ${objectName(path)}${close}; the allowed fields are ${joinWords(
            allowed.map((a) => `\`${a}\``),
            'and',
          )}.`,
          {
            awsError: paramValidation(
              `Unknown parameter in ${botoName(path)}: "${name}", must be one of: ${Object.keys(schema.properties ?? {})
                .filter((k) => k !== '$schema')
                .join(', ')}`,
            ),
            data: { replacements: ranked },
          },
        );
      }
      case 'maxItems':
      case 'maxProperties':
        return this.tooMany(error, node, path, schema, code);
      default:
        return this.valueError(error, node, path, schema, code);
    }
  }

  private tooMany(error: ErrorObject, node: SyntaxNode | undefined, path: Path, schema: SchemaNode, code: DiagnosticCode): CoreDiagnostic | undefined {
    if (!node) return undefined;
    const limit = (error.params as { limit: number }).limit;
    let excess: Array<{ offset: number; length: number }> = [];
    let count = 0;
    if (node.kind === 'array') {
      count = node.items.length;
      excess = node.items.slice(limit);
    } else if (node.kind === 'object') {
      const effective = node.properties.filter((p) => p.value && getProperty(node, p.key) === p);
      count = effective.length;
      excess = effective.slice(limit);
    }
    if (excess.length === 0) return undefined;
    const first = excess[0];
    const last = excess[excess.length - 1];
    const range = this.parsed.lines.rangeAt(first.offset, last.offset + last.length - first.offset);
    const value = error.data;
    let message: string;
    let awsError: AwsError;
    if (code === 'too-many-rules') {
      message = tooManyRulesMessage(count, limit);
      awsError = tooManyRules(String(path[path.length - 3] ?? ''), count, limit);
    } else if (code === 'too-many-mappings') {
      message = tooManyMappingsMessage(count, limit);
      awsError = validationException(value, path, `Member must have length less than or equal to ${limit}`);
    } else {
      const noun = node.kind === 'array' ? 'items' : 'entries';
      message = `${fieldName(path, schema)} has ${count} ${noun}; at most ${limit} are allowed.`;
      awsError = validationException(value, path, `Member must have length less than or equal to ${limit}`);
    }
    return makeDiagnostic(code, this.uri, range, message, { awsError });
  }

  private keyError(
    error: ErrorObject,
    objectNode: SyntaxNode | undefined,
    path: Path,
    key: string,
    schema: SchemaNode,
    code: DiagnosticCode,
  ): CoreDiagnostic | undefined {
    const property = getProperty(objectNode, key);
    if (!property) return undefined;
    const range = keyRange(this.parsed.lines, property);
    const where = fieldName(path, schema);
    const constraint = constraintText(error, schema);
    const awsError = validationException(valueWithDuplicates(objectNode, []), path, `Map keys must satisfy constraint: [${constraint}]`);
    if (code === 'invalid-role-key') {
      return makeDiagnostic(
        code,
        this.uri,
        range,
        `${quote(key)} is not a valid key in \`Roles\`: the only keys are \`authenticated\` (signed-in users) and \`unauthenticated\` (guests), in lower case.`,
        { awsError, data: { replacements: rankByCloseness(key, ROLE_TYPES) } },
      );
    }
    let message: string;
    switch (error.keyword) {
      case 'minLength':
      case 'maxLength':
        message = `The key ${quote(key)} in ${where} must be ${lengthBounds(schema)} long, but it has ${[...key].length}.`;
        break;
      case 'pattern':
        message = `The key ${quote(key)} in ${where} does not have the required format${schema.patternErrorMessage ? `: ${lowerFirst(schema.patternErrorMessage)}` : ` (${schema.pattern})`}`;
        if (!message.endsWith('.')) message += '.';
        break;
      case 'enum':
        message = `The key ${quote(key)} in ${where} must be one of ${joinWords((schema.enum ?? []).map(String), 'or')}.`;
        break;
      default:
        message = `The key ${quote(key)} in ${where} is not allowed: it ${error.message ?? 'is invalid'}.`;
    }
    const data = error.keyword === 'enum' ? { replacements: rankByCloseness(key, (schema.enum ?? []).map(String)) } : undefined;
    return makeDiagnostic(code, this.uri, range, message, { awsError, data });
  }

  private valueError(error: ErrorObject, node: SyntaxNode | undefined, path: Path, schema: SchemaNode, code: DiagnosticCode): CoreDiagnostic | undefined {
    if (!node) return undefined;
    const range = this.range(node);
    const value = error.data;
    const name = fieldName(path, schema);
    switch (error.keyword) {
      case 'type': {
        const expected = String((error.params as { type: string }).type).split(',');
        return makeDiagnostic(code, this.uri, range, `${name} must be ${joinWords(expected.map(typeWords), 'or')}, not ${describeValue(value)}.`, {
          awsError: paramValidation(
            `Invalid type for parameter ${botoName(path)}, value: ${pythonValue(value)}, type: ${pythonType(value)}, valid types: ${expected.map(pythonTypeName).join(', ')}`,
          ),
        });
      }
      case 'enum':
      case 'const': {
        const allowed = (error.keyword === 'enum' ? (schema.enum ?? []) : [(error.params as { allowedValue: unknown }).allowedValue]).map(String);
        const shown = typeof value === 'string' ? value : JSON.stringify(value);
        return makeDiagnostic(code, this.uri, range, `${name} must be one of ${allowed.join(', ')}; ${quote(shown)} is not one of them.`, {
          awsError: validationException(value, path, `Member must satisfy enum value set: [${allowed.join(', ')}]`),
          data: { replacements: rankByCloseness(shown, allowed) },
        });
      }
      case 'pattern': {
        const hint = schema.patternErrorMessage ? `: ${lowerFirst(schema.patternErrorMessage)}` : `; it must match ${schema.pattern}`;
        let message = `${quote(String(value))} is not a valid ${name}${hint}`;
        if (!message.endsWith('.')) message += '.';
        // A format the API model does not state (an IAM ARN's): what AWS answers is not known, so none is claimed.
        if (schema['x-model-pattern'] === false) return makeDiagnostic(code, this.uri, range, message);
        return makeDiagnostic(code, this.uri, range, message, {
          awsError: validationException(value, path, `Member must satisfy regular expression pattern: ${schema.pattern}`, path.length !== 1),
        });
      }
      case 'minLength':
      case 'maxLength': {
        const length = typeof value === 'string' ? [...value].length : 0;
        const limit = (error.params as { limit: number }).limit;
        return makeDiagnostic(
          code,
          this.uri,
          range,
          `${name} must be ${lengthBounds(schema)} long, but ${length === 0 ? 'it is empty' : `it has ${length}`}.`,
          {
            awsError: validationException(
              value,
              path,
              `Member must have length ${error.keyword === 'minLength' ? 'greater' : 'less'} than or equal to ${limit}`,
            ),
          },
        );
      }
      case 'minItems':
      case 'minProperties': {
        const limit = (error.params as { limit: number }).limit;
        const noun = error.keyword === 'minItems' ? (limit === 1 ? 'item' : 'items') : limit === 1 ? 'entry' : 'entries';
        return makeDiagnostic(
          code === 'invalid-type' ? 'invalid-length' : code,
          this.uri,
          range,
          `${name} needs at least ${limit} ${noun}${path[path.length - 1] === 'Rules' ? ' (a rule)' : ''}.`,
          { awsError: validationException(value, path, `Member must have length greater than or equal to ${limit}`) },
        );
      }
      default:
        return makeDiagnostic(code, this.uri, range, `${name} ${error.message ?? 'is not valid'}.`);
    }
  }

  /** One diagnostic per object that lacks required fields, naming all of them. */
  missingDiagnostics(): CoreDiagnostic[] {
    const result: CoreDiagnostic[] = [];
    for (const { node, path, names } of this.missing.values()) {
      const list = joinWords(
        names.map((n) => `\`${n}\``),
        'and',
      );
      const subject = path.length === 0 ? 'This file' : upperFirst(objectName(path));
      result.push(
        makeDiagnostic(
          'missing-required',
          this.uri,
          this.objectAnchor(node),
          `${subject} is missing the required field${names.length > 1 ? 's' : ''} ${list}.`,
          {
            awsError: paramValidation(names.map((n) => `Missing required parameter in ${botoName(path)}: "${n}"`).join('\n')),
            data: { missingProperties: names },
          },
        ),
      );
    }
    return result;
  }
}

function chooseCode(error: ErrorObject, schema: SchemaNode): DiagnosticCode {
  const custom = schema['x-code'];
  const chosen = typeof custom === 'string' ? custom : custom?.[error.keyword];
  if (chosen && chosen in CODES) return chosen as DiagnosticCode;
  switch (error.keyword) {
    case 'required':
      return 'missing-required';
    case 'additionalProperties':
      return 'unknown-property';
    case 'enum':
    case 'const':
      return 'invalid-enum-value';
    case 'pattern':
      return 'pattern-mismatch';
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'minProperties':
      return 'invalid-length';
    case 'maxItems':
    case 'maxProperties':
      return 'too-many-items';
    default:
      return 'invalid-type';
  }
}

function lengthBounds(schema: SchemaNode): string {
  const min = schema.minLength;
  const max = schema.maxLength;
  if (min !== undefined && max !== undefined) return `${min} to ${max} characters`;
  if (min !== undefined) return `at least ${min} character${min === 1 ? '' : 's'}`;
  return `at most ${max} characters`;
}

function constraintText(error: ErrorObject, schema: SchemaNode): string {
  switch (error.keyword) {
    case 'pattern':
      return `Member must satisfy regular expression pattern: ${schema.pattern}`;
    case 'minLength':
      return `Member must have length greater than or equal to ${schema.minLength}`;
    case 'maxLength':
      return `Member must have length less than or equal to ${schema.maxLength}`;
    case 'enum':
      return `Member must satisfy enum value set: [${(schema.enum ?? []).join(', ')}]`;
    default:
      return `Member ${error.message ?? 'is invalid'}`;
  }
}

/** The field a path ends at, as a newcomer reads it: `MatchType`, `Rules[0]`, `Roles.authenticated`. */
function fieldName(path: Path, schema: SchemaNode | undefined): string {
  if (path.length === 0) return schema?.title ? `\`${schema.title}\`` : 'The file';
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (typeof last === 'number') return `\`${parent ?? ''}[${last}]\``;
  if (parent === 'RoleMappings') return `The role mapping for ${quote(last)}`;
  if (parent === 'Roles' || parent === 'SupportedLoginProviders' || parent === 'IdentityPoolTags') return `\`${parent}.${last}\``;
  return `\`${last}\``;
}

/** What an object is called in a sentence ("a role mapping", "`Rules[0]`"). */
function objectName(path: Path): string {
  if (path.length === 0) return 'this file';
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (parent === 'RoleMappings') return `the role mapping for ${quote(String(last))}`;
  if (typeof last === 'number') return parent === 'Rules' ? `rule \`Rules[${last}]\`` : `\`${parent ?? ''}[${last}]\``;
  return `\`${last}\``;
}

function typeWords(type: string): string {
  switch (type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'number':
    case 'integer':
      return 'a number';
    case 'null':
      return 'null';
    default:
      return type;
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
