/**
 * Shape check: validates a syntax subtree against a registered JSON schema with ajv and maps each
 * ajv error back to an exact range in the tree, with our stable codes and newcomer-friendly messages.
 * Duplicate keys are found in the same walk that builds the value ajv sees.
 */
import type { default as Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { tooManyRules } from '../api/awsErrors';
import { ROLE_TYPES } from '../api/model';
import { tooManyMappingsMessage, tooManyRulesMessage } from './checks/limits';
import { CODES, makeDiagnostic, type AwsError, type CoreDiagnostic, type DiagnosticCode } from '../diagnostics';
import type { Range } from '../positions';
import { getSchema, registeredSchemas, schemaRegistryVersion, type SchemaId, type SchemaNode } from '../schema';
import { getProperty, keyRange, nodeRange, type ParsedText, type PropertyNode, type SyntaxNode } from '../syntax';
import { describeValue, isClose, joinWords, quote, rankByCloseness, type Path } from './text';

/** Annotation keywords our schemas (and VS Code's JSON extensions) use; ajv must know them in strict mode. */
const ANNOTATION_KEYWORDS = [
  'x-code', 'x-docs', 'x-model-pattern', 'markdownDescription', 'patternErrorMessage', 'enumDescriptions', 'markdownEnumDescriptions',
  'deprecationMessage', 'defaultSnippets', 'doNotSuggest', 'suggestSortText', 'errorMessage', 'allowComments', 'allowTrailingCommas',
];

let ajv: Ajv | undefined;
let ajvVersion = -1;
const addedSchemas = new Map<string, SchemaNode>();
const validators = new Map<string, ValidateFunction>();

function createAjv(): Ajv {
  // Loaded on first use (after the server has answered `initialize`): it is a large part of start-up.
  const AjvClass = (require('ajv') as typeof import('ajv')).default;
  const instance = new AjvClass({
    allErrors: true,
    verbose: true,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    unicodeRegExp: true,
    // Never write to stdout: the language server talks LSP over it.
    logger: false,
    // Compiling is the first check's main cost; these cut it without slowing validation measurably.
    // The schemas themselves are validated against the meta-schema in test/unit/schema.test.ts.
    // (inlineRefs stays on: a `$ref` under propertyNames only reports the offending key when inlined.)
    validateSchema: false,
    code: { optimize: false },
  });
  for (const keyword of ANNOTATION_KEYWORDS) instance.addKeyword({ keyword });
  return instance;
}

/** The compiled validator for a schema; compiled once, recompiled only when the registry changes. */
function validatorFor(schemaId: SchemaId): ValidateFunction | undefined {
  if (!ajv || ajvVersion !== schemaRegistryVersion()) {
    const replaced = registeredSchemas().some(({ id, schema }) => addedSchemas.has(id) && addedSchemas.get(id) !== schema);
    if (!ajv || replaced) {
      ajv = createAjv();
      addedSchemas.clear();
      validators.clear();
    }
    for (const { id, schema } of registeredSchemas()) {
      if (addedSchemas.has(id)) continue;
      ajv.addSchema(schema, id);
      addedSchemas.set(id, schema);
    }
    ajvVersion = schemaRegistryVersion();
  }
  let validate = validators.get(schemaId);
  if (!validate) {
    if (!getSchema(schemaId)) return undefined;
    validate = ajv.getSchema(schemaId);
    if (!validate) return undefined;
    validators.set(schemaId, validate);
  }
  return validate;
}

/**
 * Compiles every registered schema now. Schemas otherwise compile on first use; a long-lived host (the
 * language server) calls this right after start-up, off the critical path, so the first keystroke does
 * not pay ajv's compile time and neither does start-up.
 */
export function precompileSchemas(): void {
  for (const { id } of registeredSchemas()) validatorFor(id);
}

interface DuplicateKey {
  /** The occurrence that is ignored. */
  ignored: PropertyNode;
  /** The occurrence that counts (the last one). */
  kept: PropertyNode;
}

/** No role-mapping document nests deeper than a dozen levels; deeper values are cut off (as null) instead of overflowing the stack. */
const MAX_DEPTH = 200;

/**
 * The plain value of a node, as JSON.parse would give (the last duplicate key wins), collecting
 * duplicate keys on the way so the tree is walked once.
 */
export function valueWithDuplicates(node: SyntaxNode | undefined, duplicates: DuplicateKey[], depth = 0): unknown {
  if (!node) return undefined;
  if (depth > MAX_DEPTH) return null;
  switch (node.kind) {
    case 'object': {
      const out: Record<string, unknown> = {};
      let duplicatedKeys: Set<string> | undefined;
      for (const property of node.properties) {
        if (!property.value) continue;
        const key = property.key;
        if (Object.prototype.hasOwnProperty.call(out, key)) (duplicatedKeys ??= new Set()).add(key);
        const value = valueWithDuplicates(property.value, duplicates, depth + 1);
        // `__proto__` must become an own property, not the object's prototype.
        if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
        else out[key] = value;
      }
      for (const key of duplicatedKeys ?? []) {
        const occurrences = node.properties.filter((p) => p.key === key && p.value);
        const kept = occurrences[occurrences.length - 1];
        for (const ignored of occurrences.slice(0, -1)) duplicates.push({ ignored, kept });
      }
      return out;
    }
    case 'array': {
      const out: unknown[] = new Array(node.items.length);
      for (let i = 0; i < node.items.length; i++) out[i] = valueWithDuplicates(node.items[i], duplicates, depth + 1);
      return out;
    }
    default:
      return node.value;
  }
}

/** Duplicate keys anywhere under a node, reported on the ignored (earlier) occurrence. */
export function findDuplicateKeys(parsed: ParsedText, node: SyntaxNode, uri: string): CoreDiagnostic[] {
  const duplicates: DuplicateKey[] = [];
  valueWithDuplicates(node, duplicates);
  return duplicates.map((d) => duplicateDiagnostic(parsed, d, uri));
}

function duplicateDiagnostic(parsed: ParsedText, duplicate: DuplicateKey, uri: string): CoreDiagnostic {
  const keptRange = keyRange(parsed.lines, duplicate.kept);
  return makeDiagnostic(
    'duplicate-key',
    uri,
    keyRange(parsed.lines, duplicate.ignored),
    `\`${duplicate.ignored.key}\` appears again on line ${keptRange.start.line + 1} of this object; only the last one counts, so this one is ignored.`,
    { related: [{ location: { uri, range: keptRange }, message: `The \`${duplicate.ignored.key}\` that counts.` }] },
  );
}

/**
 * Validates the value at `node` against a registered schema. Ranges are exact: an unknown or invalid
 * key points at the key, a wrong value at the value, a missing field at the key holding the object.
 * `pathPrefix` is where `node` sits in the API's input, for messages (`['RoleMappings']` for a file that
 * holds only the RoleMappings map).
 */
export function validateShape(parsed: ParsedText, node: SyntaxNode, schemaId: SchemaId, uri: string, pathPrefix: Path = []): CoreDiagnostic[] {
  const validate = validatorFor(schemaId);
  const duplicates: DuplicateKey[] = [];
  const value = valueWithDuplicates(node, duplicates);
  const diagnostics = duplicates.map((d) => duplicateDiagnostic(parsed, d, uri));
  if (!validate || validate(value)) return diagnostics;
  const mapper = new ErrorMapper(parsed, node, uri, pathPrefix);
  for (const error of withoutCascades(validate.errors ?? [])) {
    const diagnostic = mapper.map(error);
    if (diagnostic) diagnostics.push(diagnostic);
  }
  return dedupe([...diagnostics, ...mapper.missingDiagnostics()]);
}

/** One diagnostic per place and code: ajv may report the same problem through several schema paths. */
function dedupe(diagnostics: CoreDiagnostic[]): CoreDiagnostic[] {
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
function withoutCascades(errors: ErrorObject[]): ErrorObject[] {
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
      added.set(error, { ...typeErrors[0], params: { type: types.join(',') }, parentSchema: { ...(typeErrors[0].parentSchema as object), 'x-code': undefined } });
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
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

class ErrorMapper {
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
        return makeDiagnostic(code, this.uri, keyRange(this.parsed.lines, property),
          `\`${name}\` is not a field of ${objectName(path)}${close}; the allowed fields are ${joinWords(allowed.map((a) => `\`${a}\``), 'and')}.`,
          { awsError: paramValidation(`Unknown parameter in ${botoName(path)}: "${name}", must be one of: ${Object.keys(schema.properties ?? {}).filter((k) => k !== '$schema').join(', ')}`), data: { replacements: ranked } });
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

  private keyError(error: ErrorObject, objectNode: SyntaxNode | undefined, path: Path, key: string, schema: SchemaNode, code: DiagnosticCode): CoreDiagnostic | undefined {
    const property = getProperty(objectNode, key);
    if (!property) return undefined;
    const range = keyRange(this.parsed.lines, property);
    const where = fieldName(path, schema);
    const constraint = constraintText(error, schema);
    const awsError = validationException(valueWithDuplicates(objectNode, []), path, `Map keys must satisfy constraint: [${constraint}]`);
    if (code === 'invalid-role-key') {
      return makeDiagnostic(code, this.uri, range,
        `${quote(key)} is not a valid key in \`Roles\`: the only keys are \`authenticated\` (signed-in users) and \`unauthenticated\` (guests), in lower case.`,
        { awsError, data: { replacements: rankByCloseness(key, ROLE_TYPES) } });
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
        return makeDiagnostic(code, this.uri, range,
          `${name} must be ${joinWords(expected.map(typeWords), 'or')}, not ${describeValue(value)}.`,
          { awsError: paramValidation(`Invalid type for parameter ${botoName(path)}, value: ${pythonValue(value)}, type: ${pythonType(value)}, valid types: ${expected.map(pythonTypeName).join(', ')}`) });
      }
      case 'enum':
      case 'const': {
        const allowed = (error.keyword === 'enum' ? schema.enum ?? [] : [(error.params as { allowedValue: unknown }).allowedValue]).map(String);
        const shown = typeof value === 'string' ? value : JSON.stringify(value);
        return makeDiagnostic(code, this.uri, range,
          `${name} must be one of ${allowed.join(', ')}; ${quote(shown)} is not one of them.`,
          { awsError: validationException(value, path, `Member must satisfy enum value set: [${allowed.join(', ')}]`), data: { replacements: rankByCloseness(shown, allowed) } });
      }
      case 'pattern': {
        const hint = schema.patternErrorMessage ? `: ${lowerFirst(schema.patternErrorMessage)}` : `; it must match ${schema.pattern}`;
        let message = `${quote(String(value))} is not a valid ${name}${hint}`;
        if (!message.endsWith('.')) message += '.';
        // A format the API model does not state (an IAM ARN's): what AWS answers is not known, so none is claimed.
        if (schema['x-model-pattern'] === false) return makeDiagnostic(code, this.uri, range, message);
        return makeDiagnostic(code, this.uri, range, message,
          { awsError: validationException(value, path, `Member must satisfy regular expression pattern: ${schema.pattern}`, path.length !== 1) });
      }
      case 'minLength':
      case 'maxLength': {
        const length = typeof value === 'string' ? [...value].length : 0;
        const limit = (error.params as { limit: number }).limit;
        return makeDiagnostic(code, this.uri, range,
          `${name} must be ${lengthBounds(schema)} long, but ${length === 0 ? 'it is empty' : `it has ${length}`}.`,
          { awsError: validationException(value, path, `Member must have length ${error.keyword === 'minLength' ? 'greater' : 'less'} than or equal to ${limit}`) });
      }
      case 'minItems':
      case 'minProperties': {
        const limit = (error.params as { limit: number }).limit;
        const noun = error.keyword === 'minItems' ? (limit === 1 ? 'item' : 'items') : limit === 1 ? 'entry' : 'entries';
        return makeDiagnostic(code === 'invalid-type' ? 'invalid-length' : code, this.uri, range,
          `${name} needs at least ${limit} ${noun}${path[path.length - 1] === 'Rules' ? ' (a rule)' : ''}.`,
          { awsError: validationException(value, path, `Member must have length greater than or equal to ${limit}`) });
      }
      default:
        return makeDiagnostic(code, this.uri, range, `${name} ${error.message ?? 'is not valid'}.`);
    }
  }

  /** One diagnostic per object that lacks required fields, naming all of them. */
  missingDiagnostics(): CoreDiagnostic[] {
    const result: CoreDiagnostic[] = [];
    for (const { node, path, names } of this.missing.values()) {
      const list = joinWords(names.map((n) => `\`${n}\``), 'and');
      const subject = path.length === 0 ? 'This file' : upperFirst(objectName(path));
      result.push(makeDiagnostic('missing-required', this.uri, this.objectAnchor(node),
        `${subject} is missing the required field${names.length > 1 ? 's' : ''} ${list}.`,
        {
          awsError: paramValidation(names.map((n) => `Missing required parameter in ${botoName(path)}: "${n}"`).join('\n')),
          data: { missingProperties: names },
        }));
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

/** The AWS CLI (botocore) checks required, unknown and type client-side; the text follows botocore's format. */
function paramValidation(report: string): AwsError {
  return { code: 'ParamValidationError', message: `Parameter validation failed:\n${report}`, assumed: true };
}

function botoName(path: Path): string {
  if (path.length === 0) return 'input';
  let name = '';
  for (const segment of path) {
    if (typeof segment === 'number') name += `[${segment}]`;
    else name += name ? `.${segment}` : segment;
  }
  return name;
}

function pythonType(value: unknown): string {
  if (value === null) return "<class 'NoneType'>";
  if (Array.isArray(value)) return "<class 'list'>";
  switch (typeof value) {
    case 'string':
      return "<class 'str'>";
    case 'boolean':
      return "<class 'bool'>";
    case 'number':
      return Number.isInteger(value) ? "<class 'int'>" : "<class 'float'>";
    default:
      return "<class 'dict'>";
  }
}

function pythonTypeName(type: string): string {
  switch (type) {
    case 'string':
      return "<class 'str'>";
    case 'boolean':
      return "<class 'bool'>";
    case 'object':
      return "<class 'dict'>";
    case 'array':
      return "<class 'list'>, <class 'tuple'>";
    case 'integer':
      return "<class 'int'>";
    case 'number':
      return "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>";
    default:
      return type;
  }
}

function pythonValue(value: unknown): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return value;
  return JSON.stringify(value).replace(/"/g, "'").replace(/\btrue\b/g, 'True').replace(/\bfalse\b/g, 'False').replace(/\bnull\b/g, 'None');
}

/**
 * The service's model-validation answer (spec 1.1). The pattern text for a top-level member is the
 * sourced format; member paths of nested fields and the length/enum/map texts are assumed analogues.
 */
function validationException(value: unknown, path: Path, constraint: string, assumed = true): AwsError {
  return {
    code: 'ValidationException',
    message: `1 validation error detected: Value '${javaValue(value)}' at '${awsMemberPath(path)}' failed to satisfy constraint: ${constraint}`,
    ...(assumed || !constraint.startsWith('Member must satisfy regular expression pattern') ? { assumed: true } : {}),
  };
}

function awsMemberPath(path: Path): string {
  const parts: string[] = [];
  path.forEach((segment, i) => {
    const parent = path[i - 1];
    if (typeof segment === 'number') parts.push(`${segment + 1}.member`);
    else if (parent === 'Roles' || parent === 'RoleMappings' || parent === 'SupportedLoginProviders' || parent === 'IdentityPoolTags') parts.push(segment);
    else parts.push(segment.charAt(0).toLowerCase() + segment.slice(1));
  });
  return parts.join('.');
}

/** Values print as the service's Java toString does: maps as `{k=v}`, lists as `[a, b]`. */
function javaValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(javaValue).join(', ')}]`;
  if (typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${k}=${javaValue(v)}`).join(', ')}}`;
  return String(value);
}

