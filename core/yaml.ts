/**
 * YAML to the format-neutral syntax tree, with CloudFormation short-form tags (`!Ref X`) turned into
 * their long forms (`{ "Ref": "X" }`) so that every consumer sees one shape. The long-form object spans
 * the tag and its value; its single property's key range is the tag, and `PropertyNode.tag` keeps the
 * short form for display.
 */
import type * as YamlLibrary from 'yaml';
import type { Document, Node as YamlNode, Pair, Tags } from 'yaml';
import { LineIndex } from './positions';
import {
  arrayNode,
  MAX_NESTING_DEPTH,
  objectNode,
  propertyNode,
  scalarNode,
  type ArrayNode,
  type ObjectNode,
  type ParsedText,
  type ScalarNode,
  type SyntaxError,
  type SyntaxNode,
} from './syntax';

/** `yaml` is loaded on first use: JSON-only sessions never need it, and loading it slows the server's start. */
let yamlLibrary: typeof YamlLibrary | undefined;
function yaml(): typeof YamlLibrary {
  return (yamlLibrary ??= require('yaml') as typeof YamlLibrary);
}

/** The CloudFormation short-form tags, each usable on a scalar, a sequence or a mapping. */
export const CFN_SHORT_TAGS = [
  '!Ref',
  '!Sub',
  '!GetAtt',
  '!Join',
  '!If',
  '!Select',
  '!Split',
  '!FindInMap',
  '!ImportValue',
  '!Base64',
  '!Cidr',
  '!GetAZs',
  '!Condition',
  '!And',
  '!Or',
  '!Not',
  '!Equals',
  // Accepted by CloudFormation too (Fn::Transform, AWS::LanguageExtensions); rare, but not worth a warning.
  '!Transform',
  '!Length',
  '!ToJsonString',
] as const;

/** `!Ref` → `Ref`, `!Condition` → `Condition`, `!Sub` → `Fn::Sub`. */
export function longFormOf(shortTag: string): string {
  const name = shortTag.replace(/^!/, '');
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

const CUSTOM_TAGS: Tags = [...new Set(CFN_SHORT_TAGS)].flatMap((tag) => [
  // The tree is built from the AST, not from resolved values: each resolver only has to keep the node.
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' as const, resolve: (value: YamlNode) => value },
  { tag, collection: 'map' as const, resolve: (value: YamlNode) => value },
]);

const KNOWN_TAGS = new Set<string>(CFN_SHORT_TAGS);

/** Upper bound on nodes created by expanding aliases: stops "billion laughs" documents. */
export const MAX_ALIAS_EXPANSION = 50_000;
/** How far before a value its tag may be written (`!Sub` on one line, the list on the next ones). */
const TAG_SEARCH_WINDOW = 2_000;

interface Span {
  offset: number;
  length: number;
}

class TreeBuilder {
  readonly errors: SyntaxError[] = [];
  private readonly anchors = new Map<string, YamlNode>();
  private readonly expanding = new Set<YamlNode>();
  private expandedNodes = 0;
  private expansionReported = false;
  private depth = 0;
  private depthReported = false;

  constructor(private readonly text: string) {}

  /**
   * Converts a YAML AST node. `forced` replaces every range inside (used for alias expansions, so the
   * expanded nodes point at the `*alias` the user wrote and stay inside their parent's span).
   */
  convert(node: unknown, parent: SyntaxNode | undefined, forced?: Span): SyntaxNode {
    // Same bound as the JSON tree: every recursive walk downstream stays far from the stack limit.
    if (this.depth >= MAX_NESTING_DEPTH) {
      const span = forced ?? (node && typeof node === 'object' && 'range' in node ? this.spanOf(node as YamlNode) : { offset: 0, length: 0 });
      if (!this.depthReported) {
        this.depthReported = true;
        this.errors.push({ message: `The YAML nests deeper than ${MAX_NESTING_DEPTH} levels; the deeper part is ignored.`, ...span, readLimit: true });
      }
      return scalarNode('null', null, span.offset, span.length, parent);
    }
    this.depth++;
    try {
      return this.convertAtDepth(node, parent, forced);
    } finally {
      this.depth--;
    }
  }

  private convertAtDepth(node: unknown, parent: SyntaxNode | undefined, forced?: Span): SyntaxNode {
    if (forced) {
      this.expandedNodes++;
      if (this.expandedNodes > MAX_ALIAS_EXPANSION) {
        if (!this.expansionReported) {
          this.expansionReported = true;
          this.errors.push({ message: `Aliases expand to more than ${MAX_ALIAS_EXPANSION} values; the rest is read as null.`, ...forced, readLimit: true });
        }
        return scalarNode('null', null, forced.offset, forced.length, parent);
      }
    }
    if (yaml().isAlias(node)) return this.convertAlias(node as YamlNode & { source: string }, parent, forced);
    const yamlNode = node as YamlNode | null | undefined;
    if (!yamlNode) return scalarNode('null', null, forced?.offset ?? 0, forced?.length ?? 0, parent);
    if (yamlNode.anchor) this.anchors.set(yamlNode.anchor, yamlNode);

    const span = forced ?? this.spanOf(yamlNode);
    const tag = yamlNode.tag && KNOWN_TAGS.has(yamlNode.tag) ? yamlNode.tag : undefined;
    if (!tag) return this.convertUntagged(yamlNode, parent, span, forced);

    const tagOffset = forced ? forced.offset : this.tagOffset(yamlNode.tag!, span.offset);
    const wrapper = objectNode(tagOffset, span.offset + span.length - tagOffset, parent);
    const property = propertyNode(wrapper.offset, wrapper.length, longFormOf(tag), tagOffset, forced ? forced.length : tag.length, wrapper, tag);
    let inner = this.convertUntagged(yamlNode, wrapper, span, forced);
    if (tag === '!GetAtt' && inner.kind === 'string') inner = this.splitGetAtt(inner as ScalarNode & { value: string }, wrapper);
    inner.property = property;
    property.value = inner;
    wrapper.properties = [property];
    return wrapper;
  }

  private convertAlias(alias: YamlNode & { source: string }, parent: SyntaxNode | undefined, forced?: Span): SyntaxNode {
    const span = forced ?? this.spanOf(alias);
    const target = this.anchors.get(alias.source);
    if (!target) {
      this.errors.push({ message: `Unknown alias *${alias.source}: no anchor &${alias.source} is defined before it.`, ...span });
      return scalarNode('null', null, span.offset, span.length, parent);
    }
    if (this.expanding.has(target)) {
      this.errors.push({ message: `Alias *${alias.source} refers to a value that contains it.`, ...span });
      return scalarNode('null', null, span.offset, span.length, parent);
    }
    this.expanding.add(target);
    try {
      return this.convert(target, parent, span);
    } finally {
      this.expanding.delete(target);
    }
  }

  private convertUntagged(node: YamlNode, parent: SyntaxNode | undefined, span: Span, forced?: Span): SyntaxNode {
    if (yaml().isMap(node)) {
      const obj = objectNode(span.offset, span.length, parent);
      this.fillMap(obj, node.items as Pair[], forced);
      obj.properties = trimmed(obj.properties);
      return obj;
    }
    if (yaml().isSeq(node)) {
      const arr = arrayNode(span.offset, span.length, parent);
      for (const item of node.items) {
        if (yaml().isPair(item)) {
          // `[a: 1]`: a single-pair mapping inside a flow sequence.
          const pairSpan = forced ?? this.pairSpan(item);
          const obj = objectNode(pairSpan.offset, pairSpan.length, arr);
          this.fillMap(obj, [item], forced);
          arr.items.push(obj);
        } else {
          arr.items.push(this.convert(item, arr, forced));
        }
      }
      arr.items = trimmed(arr.items);
      return arr;
    }
    if (yaml().isScalar(node)) {
      const value = node.value;
      if (typeof value === 'string') return scalarNode('string', value, span.offset, span.length, parent);
      if (typeof value === 'number') return scalarNode('number', value, span.offset, span.length, parent);
      if (typeof value === 'bigint') return scalarNode('number', Number(value), span.offset, span.length, parent);
      if (typeof value === 'boolean') return scalarNode('boolean', value, span.offset, span.length, parent);
      if (value === null || value === undefined) return scalarNode('null', null, span.offset, span.length, parent);
      // Other schema types (dates with yaml-1.1, binary): keep the text as written.
      return scalarNode('string', this.text.slice(span.offset, span.offset + span.length), span.offset, span.length, parent);
    }
    return scalarNode('null', null, span.offset, span.length, parent);
  }

  private fillMap(obj: ObjectNode, pairs: Pair[], forced?: Span): void {
    const explicitKeys = new Set<string>();
    for (const pair of pairs) if (!isMergeKey(pair)) explicitKeys.add(this.keyText(pair.key));
    const mergedKeys = new Set<string>();
    for (const pair of pairs) {
      if (isMergeKey(pair)) {
        this.merge(obj, pair, explicitKeys, mergedKeys, forced);
        continue;
      }
      const keySpan = forced ?? (pair.key ? this.keySpan(pair.key as YamlNode) : this.emptySpanBefore(pair.value as YamlNode | null));
      const pairSpan = forced ?? this.pairSpan(pair);
      const property = propertyNode(pairSpan.offset, pairSpan.length, this.keyText(pair.key), keySpan.offset, keySpan.length, obj);
      if (pair.key && !forced) this.registerAnchors(pair.key);
      const value = this.convert(pair.value, obj, forced);
      value.property = property;
      property.value = value;
      if (value.kind === 'object' && value.properties.length === 1 && value.properties[0].tag) property.tag = value.properties[0].tag;
      obj.properties.push(property);
    }
  }

  /** `<<: *base` (or a list of aliases, or an inline map): copies keys not written explicitly. */
  private merge(obj: ObjectNode, pair: Pair, explicitKeys: Set<string>, mergedKeys: Set<string>, forced?: Span): void {
    const sources = yaml().isSeq(pair.value) ? (pair.value.items as unknown[]) : [pair.value];
    for (const source of sources) {
      const converted = this.convert(source, obj, forced);
      if (converted.kind !== 'object') {
        // In YAML 1.2 `<<` is an ordinary key, so this is only a problem for readers that merge (ours, CloudFormation's).
        this.errors.push({ message: 'A merge key (<<) needs a mapping or an alias of a mapping.', ...(forced ?? this.pairSpan(pair)), readLimit: true });
        continue;
      }
      for (const property of converted.properties) {
        if (explicitKeys.has(property.key) || mergedKeys.has(property.key)) continue;
        mergedKeys.add(property.key);
        property.parent = obj;
        if (property.value) property.value.parent = obj;
        obj.properties.push(property);
      }
    }
  }

  private registerAnchors(node: unknown): void {
    const yamlNode = node as YamlNode | null;
    if (yamlNode?.anchor) this.anchors.set(yamlNode.anchor, yamlNode);
  }

  private splitGetAtt(inner: ScalarNode & { value: string }, parent: ObjectNode): ArrayNode {
    // CloudFormation splits `!GetAtt Resource.Attribute.Path` at the first dot only.
    const dot = inner.value.indexOf('.');
    const arr = arrayNode(inner.offset, inner.length, parent);
    const parts = dot < 0 ? [inner.value] : [inner.value.slice(0, dot), inner.value.slice(dot + 1)];
    const source = this.text.slice(inner.offset, inner.offset + inner.length);
    // Exact sub-ranges when the scalar is written plainly (or simply quoted); else both parts span the scalar.
    const start = source === inner.value ? inner.offset : source.slice(1, -1) === inner.value ? inner.offset + 1 : -1;
    let cursor = start;
    for (const part of parts) {
      const span = start >= 0 ? { offset: cursor, length: part.length } : { offset: inner.offset, length: inner.length };
      arr.items.push(scalarNode('string', part, span.offset, span.length, arr));
      cursor += part.length + 1;
    }
    arr.items = trimmed(arr.items);
    return arr;
  }

  private keyText(key: unknown): string {
    if (key === null || key === undefined) return '';
    if (yaml().isScalar(key)) return key.value === null || key.value === undefined ? '' : String(key.value);
    const span = this.spanOf(key as YamlNode);
    return this.text.slice(span.offset, span.offset + span.length);
  }

  private spanOf(node: YamlNode): Span {
    const range = node.range;
    if (!range) return { offset: 0, length: 0 };
    // Block collections end after their last line break; diagnostics should not spill onto the next line.
    let end = range[1];
    while (end > range[0] && isSpace(this.text.charCodeAt(end - 1))) end--;
    return { offset: range[0], length: end - range[0] };
  }

  /** A key's span includes its tag (`!Sub "..."` used as a key is a mistake the checks point at). */
  private keySpan(key: YamlNode): Span {
    const span = this.spanOf(key);
    const start = this.tagOffset(key.tag, span.offset);
    return { offset: start, length: span.offset + span.length - start };
  }

  private pairSpan(pair: Pair): Span {
    const key = pair.key as YamlNode | null;
    const value = pair.value as YamlNode | null;
    const start = key?.range ? this.tagOffset(key.tag, key.range[0]) : value?.range ? value.range[0] : 0;
    const endNode = value?.range ? value : key;
    const end = endNode?.range ? this.spanOf(endNode).offset + this.spanOf(endNode).length : start;
    return { offset: start, length: Math.max(0, end - start) };
  }

  private emptySpanBefore(value: YamlNode | null): Span {
    return { offset: value?.range ? value.range[0] : 0, length: 0 };
  }

  /** Where the tag written before a value starts (the AST's ranges cover only the value). */
  private tagOffset(tag: string | undefined, valueOffset: number): number {
    if (!tag || !tag.startsWith('!')) return valueOffset;
    const found = this.text.lastIndexOf(tag, valueOffset);
    return found >= 0 && valueOffset - found <= TAG_SEARCH_WINDOW ? found : valueOffset;
  }
}

function isSpace(ch: number): boolean {
  return ch === 32 || ch === 9 || ch === 10 || ch === 13;
}

function isMergeKey(pair: Pair): boolean {
  return yaml().isScalar(pair.key) && pair.key.value === '<<' && (pair.key as { type?: string }).type === 'PLAIN';
}

function friendlyMessage(error: { code: string; message: string }): string {
  const message = error.message.split('\n')[0];
  if (error.code === 'TAG_RESOLVE_FAILED') return `${message}: this tag is not a CloudFormation intrinsic function, so the value is read as if untagged.`;
  return message;
}

interface Attempt {
  root?: SyntaxNode;
  errors: SyntaxError[];
  /** Errors of the kinds a relaxed re-parse may fix (flow content not indented enough). */
  indentationErrors: boolean;
}

const INDENTATION_ERROR_CODES = new Set(['BAD_INDENT', 'MISSING_CHAR', 'MULTILINE_IMPLICIT_KEY', 'UNEXPECTED_TOKEN', 'BAD_SCALAR_START']);

function parseAttempt(text: string): Attempt {
  const errors: SyntaxError[] = [];
  let root: SyntaxNode | undefined;
  let indentationErrors = false;
  const documents = yaml().parseAllDocuments(text, {
    customTags: CUSTOM_TAGS,
    // Duplicate keys are reported by the format-neutral checks, the same way for JSON and YAML.
    uniqueKeys: false,
    prettyErrors: false,
    logLevel: 'silent',
  }) as Document.Parsed[];
  const first = documents[0];
  if (first) {
    for (const problem of first.errors) {
      if (INDENTATION_ERROR_CODES.has(problem.code)) indentationErrors = true;
      errors.push({ message: friendlyMessage(problem), offset: problem.pos[0], length: Math.max(0, problem.pos[1] - problem.pos[0]) });
    }
    for (const problem of first.warnings) {
      if (INDENTATION_ERROR_CODES.has(problem.code)) indentationErrors = true;
      errors.push({ message: friendlyMessage(problem), offset: problem.pos[0], length: Math.max(0, problem.pos[1] - problem.pos[0]), readLimit: true });
    }
    const builder = new TreeBuilder(text);
    const contents = first.contents as unknown;
    const emptyDocument = !contents || (yaml().isScalar(contents) && contents.value === null && !contents.tag);
    if (!emptyDocument) root = builder.convert(contents, undefined);
    errors.push(...builder.errors);
  }
  if (documents.length > 1) {
    const offset = documents[1].range?.[0] ?? text.length;
    errors.push({
      message: `This file holds ${documents.length} YAML documents; only the first one is read.`,
      offset,
      length: Math.max(0, Math.min(3, text.length - offset)),
      readLimit: true,
    });
  }
  return { root, errors, indentationErrors };
}

/**
 * CloudFormation reads YAML with a lenient parser that accepts flow collections and quoted scalars whose
 * continuation lines are not indented more than their key (common in real templates, e.g. a closing `]]`
 * or `'` at the key's column). `yaml` follows the spec and rejects them. This finds such lines and
 * indents them just enough; `insertions` records where spaces were added, to map offsets back.
 */
export function relaxFlowIndentation(text: string): { text: string; insertions: Array<{ at: number; count: number }> } | undefined {
  const lines = text.split(/(?<=\n)/);
  let flowDepth = 0;
  let quote: string | undefined;
  let openerIndent = 0;
  let blockScalarIndent: number | undefined;
  let patched = '';
  let changed = false;
  const insertions: Array<{ at: number; count: number }> = [];
  for (const line of lines) {
    const indent = line.length - line.replace(/^ +/, '').length;
    const blank = line.trim() === '';
    if (blockScalarIndent !== undefined) {
      if (blank || indent > blockScalarIndent) {
        patched += line;
        continue;
      }
      blockScalarIndent = undefined;
    }
    const continuing = flowDepth > 0 || quote !== undefined;
    let out = line;
    if (continuing && !blank && indent <= openerIndent) {
      const count = openerIndent + 1 - indent;
      insertions.push({ at: patched.length, count });
      out = ' '.repeat(count) + line;
      changed = true;
    }
    patched += out;
    const contentIndent = continuing ? openerIndent : indent + (/^ *(- +)*/.exec(line)?.[0].length ?? indent) - indent;
    let previous = ' ';
    for (let i = indent; i < line.length; i++) {
      const ch = line[i];
      if (quote === "'") {
        if (ch === "'" && line[i + 1] === "'") i++;
        else if (ch === "'") quote = undefined;
      } else if (quote === '"') {
        if (ch === '\\') i++;
        else if (ch === '"') quote = undefined;
      } else if (ch === '#' && /\s/.test(previous)) {
        break;
      } else if ((ch === "'" || ch === '"') && /[\s[{,:]/.test(previous)) {
        if (flowDepth === 0) openerIndent = contentIndent;
        quote = ch;
      } else if ((ch === '[' || ch === '{') && (/[\s[{,:]/.test(previous) || flowDepth > 0)) {
        if (flowDepth === 0) openerIndent = contentIndent;
        flowDepth++;
      } else if ((ch === ']' || ch === '}') && flowDepth > 0) {
        flowDepth--;
      }
      previous = ch;
    }
    if (flowDepth === 0 && quote === undefined && /(^|[\s:-])[|>][-+0-9]*\s*(#.*)?$/.test(line.trimEnd())) blockScalarIndent = indent;
  }
  return changed ? { text: patched, insertions } : undefined;
}

/** Maps an offset in the relaxed text back to the original text. */
function originalOffset(offset: number, insertions: ReadonlyArray<{ at: number; count: number }>): number {
  let shift = 0;
  for (const insertion of insertions) {
    if (insertion.at >= offset) break;
    shift += Math.min(insertion.count, offset - insertion.at);
  }
  return offset - shift;
}

function mapTreeOffsets(node: SyntaxNode | undefined, map: (offset: number) => number, seen = new Set<object>()): void {
  if (!node || seen.has(node)) return;
  seen.add(node);
  const end = map(node.offset + node.length);
  node.offset = map(node.offset);
  node.length = end - node.offset;
  if (node.kind === 'object') {
    for (const property of node.properties) {
      if (!seen.has(property)) {
        seen.add(property);
        const propertyEnd = map(property.offset + property.length);
        const keyEnd = map(property.keyOffset + property.keyLength);
        property.offset = map(property.offset);
        property.length = propertyEnd - property.offset;
        property.keyOffset = map(property.keyOffset);
        property.keyLength = keyEnd - property.keyOffset;
      }
      mapTreeOffsets(property.value, map, seen);
    }
  } else if (node.kind === 'array') {
    for (const item of node.items) mapTreeOffsets(item, map, seen);
  }
}

/** Indentation (columns) or flow-bracket depth past which the `yaml` package is not even asked (it recurses per level). */
const MAX_RAW_NESTING = 500;

/** A cheap scan for absurd nesting: deep indentation or many unclosed brackets. Returns where it starts. */
function absurdNestingAt(text: string): number {
  let bracketDepth = 0;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart) {
      if (ch === 32 || ch === 45 /* - */) {
        if (++indent > MAX_RAW_NESTING) return i;
        continue;
      }
      lineStart = false;
    }
    if (ch === 91 || ch === 123) {
      if (++bracketDepth > MAX_RAW_NESTING) return i;
    } else if ((ch === 93 || ch === 125) && bracketDepth > 0) {
      bracketDepth--;
    }
  }
  return -1;
}

/** Parses YAML (CloudFormation templates, `--cli-input-yaml` files) into the format-neutral tree. */
export function parseYamlText(text: string): ParsedText {
  const lines = new LineIndex(text);
  const deep = absurdNestingAt(text);
  if (deep >= 0) {
    return {
      text,
      lines,
      root: undefined,
      errors: [
        {
          message: `The YAML nests more than ${MAX_RAW_NESTING} levels deep; the file is not read.`,
          offset: deep,
          length: 1,
          readLimit: true,
          refusedWhole: true,
        },
      ],
      format: 'yaml',
    };
  }
  try {
    let attempt = parseAttempt(text);
    if (attempt.indentationErrors) {
      const relaxed = relaxFlowIndentation(text);
      const retry = relaxed ? parseAttempt(relaxed.text) : undefined;
      if (relaxed && retry && retry.errors.length < attempt.errors.length) {
        const map = (offset: number) => originalOffset(offset, relaxed.insertions);
        mapTreeOffsets(retry.root, map);
        for (const error of retry.errors) {
          const end = map(error.offset + error.length);
          error.offset = map(error.offset);
          error.length = end - error.offset;
        }
        attempt = retry;
      }
    }
    return { text, lines, root: attempt.root, errors: attempt.errors, format: 'yaml' };
  } catch (error) {
    // The yaml package reports problems as errors, but never let a parser bug take the caller down.
    return { text, lines, root: undefined, errors: [{ message: `The YAML parser failed: ${(error as Error).message}`, offset: 0, length: 0 }], format: 'yaml' };
  }
}

/**
 * A copy without spare capacity: V8 gives an array grown by `push` room for 16 more elements, and the
 * trees of open templates are kept (most of their arrays hold one to three entries).
 */
function trimmed<T>(items: T[]): T[] {
  return items.slice();
}
