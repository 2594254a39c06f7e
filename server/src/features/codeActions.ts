/**
 * Quick fixes for the core's diagnostics, driven by the facts the core puts in `Diagnostic.data`:
 * replace an invalid enum value, add AmbiguousRoleResolution (one action per choice), add missing
 * required fields, rewrite a mapping key to its suggested form, move a shadowed rule above the rule that
 * shadows it. JSON edits go through jsonc-parser's `modify`; YAML edits are text edits on node ranges.
 * Every action is applied to a copy and re-parsed first: an edit that would break the document is dropped.
 */
import * as jsonc from 'jsonc-parser';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type ServerCapabilities, type TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  parseText,
  type DiagnosticData,
  type TextFormat,
  AMBIGUOUS_ROLE_RESOLUTIONS,
  schemaAt,
  getProperty,
  nodeAtOffset,
  pathOf,
  toValue,
  type ArrayNode,
  type ObjectNode,
  type ParsedText,
  type PropertyNode,
  type SyntaxNode,
} from '../../../core/index';
import { documentKind, enumOf, schemaLocation, typeOf } from '../schemaContext';
import type { Workspace } from '../workspace';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { yamlScalar } from '../utils/yaml';

export function registerCodeActions(serverCapabilities: ServerCapabilities): void {
  serverCapabilities.codeActionProvider = { codeActionKinds: [CodeActionKind.QuickFix] };
}

interface FixContext {
  document: TextDocument;
  text: string;
  format: TextFormat;
  parsed: ParsedText;
  kind: ReturnType<typeof documentKind>;
}

export function provideCodeActions(workspace: Workspace, document: TextDocument, params: CodeActionParams): CodeAction[] {
  if (params.context.only && !params.context.only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
  const entry = workspace.cache.get(document);
  // The fixes write JSON or YAML text: never offered in a `.tf` file (Terraform syntax differs).
  if ((entry.format !== 'json' && entry.format !== 'yaml') || !entry.model?.parsed.root) return [];
  const context: FixContext = {
    document,
    text: document.getText(),
    format: entry.format,
    parsed: entry.model.parsed,
    kind: documentKind(entry.model, document.uri),
  };
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    const data = (diagnostic.data ?? {}) as DiagnosticData;
    for (const fix of fixesFor(context, diagnostic, data)) {
      const action = toAction(context, diagnostic, fix);
      if (action) actions.push(action);
    }
  }
  return actions;
}

interface Fix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

const MAX_REPLACEMENT_ACTIONS = 3;

function fixesFor(context: FixContext, diagnostic: Diagnostic, data: DiagnosticData): Fix[] {
  const fixes: Fix[] = [];
  if (diagnostic.code === 'ambiguous-resolution-required') {
    // One action per allowed value (its `replacements` are the choices, not a new key).
    const mapping = objectFor(context, diagnostic);
    if (mapping && !getProperty(mapping, 'AmbiguousRoleResolution')) {
      AMBIGUOUS_ROLE_RESOLUTIONS.forEach((choice, i) => {
        const edits = addProperties(context, mapping, [['AmbiguousRoleResolution', choice]]);
        if (edits) fixes.push({ title: `Add AmbiguousRoleResolution: ${choice}`, edits, preferred: i === 0 });
      });
    }
    return fixes;
  }
  if (diagnostic.code === 'rule-shadowed') {
    if (data.ruleIndex !== undefined && data.shadowedBy !== undefined && data.shadowedBy < data.ruleIndex) {
      const edits = moveArrayItem(context, diagnostic, data.ruleIndex, data.shadowedBy);
      if (edits) fixes.push({ title: `Move rule ${data.ruleIndex + 1} above rule ${data.shadowedBy + 1}`, edits, preferred: true });
    }
    return fixes;
  }
  if (data.missingProperties?.length) {
    const object = objectFor(context, diagnostic);
    const missing = data.missingProperties.filter((name) => object && !getProperty(object, name));
    if (object && missing.length > 0) {
      const edits = addProperties(
        context,
        object,
        missing.map((name) => [name, placeholderFor(context, object, name)]),
      );
      if (edits) fixes.push({ title: `Add missing ${missing.length === 1 ? 'field' : 'fields'} ${missing.join(', ')}`, edits, preferred: true });
    }
    return fixes;
  }
  if (data.suggestedKey !== undefined) {
    const property = keyAt(context, diagnostic);
    if (property && property.key !== data.suggestedKey) {
      fixes.push({ title: `Change the key to ${data.suggestedKey}`, edits: [replaceKey(context, property, data.suggestedKey)], preferred: true });
    }
    return fixes;
  }
  // Other diagnostics with valid alternatives (an enum typo, an unknown field, an unregistered key).
  const replacements = (data.replacements ?? []).slice(0, MAX_REPLACEMENT_ACTIONS);
  const property = keyAt(context, diagnostic);
  const scalar = property ? undefined : scalarAt(context, diagnostic);
  replacements.forEach((replacement, i) => {
    if (property && property.key !== replacement) {
      fixes.push({ title: `Change the key to ${replacement}`, edits: [replaceKey(context, property, replacement)], preferred: i === 0 });
    } else if (scalar && toValue(scalar) !== replacement) {
      fixes.push({ title: `Change to ${replacement}`, edits: [replaceScalar(context, scalar, replacement)], preferred: i === 0 });
    }
  });
  return fixes;
}

/** The action, if applying its edits leaves a document that parses no worse than before. */
function toAction(context: FixContext, diagnostic: Diagnostic, fix: Fix): CodeAction | undefined {
  const after = TextDocument.applyEdits(context.document, fix.edits);
  const reparsed = parseText(after, context.format);
  if (!reparsed.root || reparsed.errors.length > context.parsed.errors.length) return undefined;
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.preferred,
    edit: { changes: { [context.document.uri]: fix.edits } },
  };
}

// ---- locating nodes ---------------------------------------------------------------------------------

function offsets(context: FixContext, diagnostic: Diagnostic): { start: number; end: number } {
  return { start: context.document.offsetAt(diagnostic.range.start), end: context.document.offsetAt(diagnostic.range.end) };
}

function allProperties(node: SyntaxNode | undefined, out: PropertyNode[] = []): PropertyNode[] {
  if (node?.kind === 'object') {
    for (const property of node.properties) {
      out.push(property);
      allProperties(property.value, out);
    }
  } else if (node?.kind === 'array') {
    for (const item of node.items) allProperties(item, out);
  }
  return out;
}

/** The property whose key the diagnostic points at. */
function keyAt(context: FixContext, diagnostic: Diagnostic): PropertyNode | undefined {
  const { start, end } = offsets(context, diagnostic);
  return allProperties(context.parsed.root).find((p) => p.keyOffset === start && p.keyOffset + p.keyLength === end);
}

/** The innermost node exactly spanning the diagnostic's range, else the innermost containing its start. */
function nodeFor(context: FixContext, diagnostic: Diagnostic): SyntaxNode | undefined {
  const { start, end } = offsets(context, diagnostic);
  let node = nodeAtOffset(context.parsed.root, start);
  for (let n = node; n; n = n.parent) {
    if (n.offset === start && n.offset + n.length === end) return n;
  }
  // nodeAtOffset may pick a neighbour ending at `start`: step into the one that starts there.
  if (node && node.offset + node.length === start && node.parent) node = nodeAtOffset(context.parsed.root, start + 1) ?? node;
  return node;
}

function scalarAt(context: FixContext, diagnostic: Diagnostic): SyntaxNode | undefined {
  const node = nodeFor(context, diagnostic);
  return node && node.kind !== 'object' && node.kind !== 'array' ? node : undefined;
}

/** The object a diagnostic is about: the object at its range, the value of the key at its range, or the nearest enclosing one. */
function objectFor(context: FixContext, diagnostic: Diagnostic): ObjectNode | undefined {
  const property = keyAt(context, diagnostic);
  if (property?.value?.kind === 'object') return property.value;
  for (let node = nodeFor(context, diagnostic); node; node = node.parent) {
    if (node.kind === 'object') return node;
  }
  return undefined;
}

// ---- edits --------------------------------------------------------------------------------------------

function rangeOf(context: FixContext, start: number, end: number) {
  return { start: context.document.positionAt(start), end: context.document.positionAt(end) };
}

function replaceScalar(context: FixContext, node: SyntaxNode, value: string): TextEdit {
  const original = context.text.slice(node.offset, node.offset + node.length);
  return { range: rangeOf(context, node.offset, node.offset + node.length), newText: scalarText(context.format, value, original) };
}

function replaceKey(context: FixContext, property: PropertyNode, key: string): TextEdit {
  const original = context.text.slice(property.keyOffset, property.keyOffset + property.keyLength);
  return { range: rangeOf(context, property.keyOffset, property.keyOffset + property.keyLength), newText: scalarText(context.format, key, original) };
}

/** A string written like the text it replaces: JSON strings, YAML in the original quote style. */
function scalarText(format: TextFormat, value: string, original: string): string {
  if (format === 'json') return JSON.stringify(value);
  if (original.startsWith("'")) return `'${value.replace(/'/g, "''")}'`;
  if (original.startsWith('"')) return JSON.stringify(value);
  return yamlScalar(value);
}

/** A value to put in a missing required field: the first allowed value, else an empty one of the right type. */
function placeholderFor(context: FixContext, object: ObjectNode, name: string): unknown {
  const location = schemaLocation(context.kind, context.parsed.root, [...pathOf(object), name]);
  const schema = location ? schemaAt(location.schemaId, location.path) : undefined;
  const allowed = enumOf(schema);
  if (allowed && allowed.values.length > 0) return allowed.values[0];
  if (schema?.default !== undefined) return schema.default;
  const type = typeOf(schema);
  if (type === 'object') return {};
  if (type === 'array') return [];
  if (type === 'boolean') return false;
  if (type === 'number' || type === 'integer') return 0;
  return '';
}

function addProperties(context: FixContext, object: ObjectNode, properties: Array<[string, unknown]>): TextEdit[] | undefined {
  return context.format === 'json' ? addJsonProperties(context, object, properties) : addYamlProperties(context, object, properties);
}

function formattingOptions(text: string): jsonc.FormattingOptions {
  const indented = /^([ \t]+)\S/m.exec(text)?.[1];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (indented?.startsWith('\t')) return { insertSpaces: false, tabSize: 4, eol };
  return { insertSpaces: true, tabSize: indented ? Math.min(indented.length, 8) : 2, eol };
}

function addJsonProperties(context: FixContext, object: ObjectNode, properties: Array<[string, unknown]>): TextEdit[] | undefined {
  const objectText = context.text.slice(object.offset, object.offset + object.length);
  if (!/[\r\n]/.test(objectText) && objectText.endsWith('}')) {
    // A one-line object stays on one line (jsonc's formatter would spread it over several).
    const close = object.offset + object.length - 1;
    const insertAt = trimmedEnd(context.text, close);
    const entries = properties.map(([name, value]) => `${JSON.stringify(name)}: ${JSON.stringify(value)}`).join(', ');
    const separator = object.properties.length > 0 ? ', ' : '';
    return [{ range: rangeOf(context, insertAt, insertAt), newText: `${separator}${entries}` }];
  }
  const path = pathOf(object);
  const options = { formattingOptions: formattingOptions(context.text) };
  let text = context.text;
  for (const [name, value] of properties) {
    text = jsonc.applyEdits(text, jsonc.modify(text, [...path, name], value, options));
  }
  return text === context.text ? undefined : [minimalEdit(context, text)];
}

/** One edit turning the document into `newText`: the changed middle between the common prefix and suffix. */
function minimalEdit(context: FixContext, newText: string): TextEdit {
  const oldText = context.text;
  let prefix = 0;
  const max = Math.min(oldText.length, newText.length);
  while (prefix < max && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)) suffix++;
  return { range: rangeOf(context, prefix, oldText.length - suffix), newText: newText.slice(prefix, newText.length - suffix) };
}

function yamlValue(value: unknown): string {
  if (typeof value === 'string') return value === '' ? '""' : yamlScalar(value);
  if (Array.isArray(value)) return '[]';
  if (value && typeof value === 'object') return '{}';
  return String(value);
}

function trimmedEnd(text: string, end: number): number {
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  return end;
}

function addYamlProperties(context: FixContext, object: ObjectNode, properties: Array<[string, unknown]>): TextEdit[] | undefined {
  const text = context.text;
  const lines = context.parsed.lines;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const entries = properties.map(([name, value]) => `${yamlScalar(name)}: ${yamlValue(value)}`);
  if (text[object.offset] === '{') {
    // Flow mapping: insert before the closing brace.
    const close = trimmedEnd(text, object.offset + object.length) - 1;
    if (text[close] !== '}') return undefined;
    const separator = object.properties.length > 0 ? ', ' : ' ';
    return [{ range: rangeOf(context, close, close), newText: `${separator}${entries.join(', ')} ` }];
  }
  const last = object.properties[object.properties.length - 1];
  if (!last) return undefined;
  const column = lines.positionAt(object.properties[0].keyOffset).character;
  const lastEnd = trimmedEnd(text, last.offset + last.length);
  const newline = text.indexOf('\n', lastEnd);
  const insertAt = newline === -1 ? text.length : text[newline - 1] === '\r' ? newline - 1 : newline;
  const indent = ' '.repeat(column);
  return [{ range: rangeOf(context, insertAt, insertAt), newText: entries.map((entry) => `${eol}${indent}${entry}`).join('') }];
}

/** Moves item `from` of the array holding the diagnostic's rule to position `to` (< from), keeping every item's text. */
function moveArrayItem(context: FixContext, diagnostic: Diagnostic, from: number, to: number): TextEdit[] | undefined {
  let array: ArrayNode | undefined;
  for (let node = nodeFor(context, diagnostic); node; node = node.parent) {
    if (node.parent?.kind === 'array' && node.parent.items.indexOf(node) === from) {
      array = node.parent;
      break;
    }
  }
  if (!array || from >= array.items.length) return undefined;
  const text = context.text;
  const span = (item: SyntaxNode) => ({ start: item.offset, end: trimmedEnd(text, item.offset + item.length) });
  const order = array.items.map((_, i) => i);
  order.splice(from, 1);
  order.splice(to, 0, from);
  const edits: TextEdit[] = [];
  for (let slot = to; slot <= from; slot++) {
    const target = span(array.items[slot]);
    const source = span(array.items[order[slot]]);
    edits.push({ range: rangeOf(context, target.start, target.end), newText: text.slice(source.start, source.end) });
  }
  return edits;
}
