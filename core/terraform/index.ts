/**
 * Terraform in the core: a configuration (one `.tf` file, or every `.tf` file of a folder, which Terraform
 * reads as one module) parsed with tree-sitter and translated into the CloudFormation-shaped syntax tree
 * (translate.ts, table in mapping.ts), so that the template reader and every template check, the simulator,
 * analysis and permissions read it unchanged.
 *
 * A module's files are read as one text: the files one after the other, each starting on a new line, so a
 * range in the module is a range in one file shifted by whole lines. `terraformLocation` and
 * `terraformDiagnosticsByFile` shift ranges back to the file they point into.
 *
 * For a host (CLI, language server, browser worker):
 * - `loadTerraformParser(readWasm)` once, with the bytes of `tree-sitter.wasm` and `tree-sitter-terraform.wasm`
 *   (dist/ holds both); until it resolves a `.tf` document is one `syntax-error` saying so (TERRAFORM_NOT_LOADED).
 * - One file: `parseDocument(uri, text)` (format `terraform` from the `.tf` name). A folder:
 *   `parseTerraformModule(moduleUri, [{ uri, text }, ...])`; then `checkDocuments([document])` as for any
 *   document, and `terraformDiagnosticsByFile(document.parsed, document.uri, diagnostics)` for each file's own.
 *   Model ranges (pools, rules, trace locations) of a module: `terraformLocation(document.parsed, range)`.
 * - `terraformLayoutOf(parsed)`: the files and the resource blocks (address, type, spans);
 *   `terraformCursorAt(text, offset)` / `terraformHoverTargetAt(text, offset)`: the resource, blocks and
 *   attribute at an offset, read from the text as typed (completion from the table, hover from the schemas).
 * - `TERRAFORM_RESOURCE_MAPPINGS` (mapping.ts): the one Terraform → CloudFormation table.
 * - `isTerraformParse(parsed)`: a `.tf` parse or `terraform show -json` output (read by `parseDocument` too).
 */
import type { CoreDiagnostic } from '../diagnostics';
import { LineIndex, type Location, type Range } from '../positions';
import type { ParsedText, SyntaxError } from '../syntax';
import { parseHcl, isTerraformParserLoaded } from './parser';
import { looksLikeTerraformShowJson, translateTerraformShowJson } from './showJson';
import { TerraformTranslator, type TerraformResourceBlock } from './translate';

export { loadTerraformParser, isTerraformParserLoaded, type TerraformWasmFile } from './parser';
export { TERRAFORM_RESOURCE_MAPPINGS, TERRAFORM_POLICY_ATTACHMENT_TYPE, cloudFormationPathOf } from './mapping';
export type { TerraformField, TerraformReference, TerraformResourceMapping } from './mapping';
export type { TerraformResourceBlock } from './translate';
export { terraformCursorAt, terraformHoverTargetAt, type TerraformCursor, type TerraformHoverTarget } from './cursor';
export { TERRAFORM_EXPRESSION } from '../cloudformation/intrinsics';

/** One file of a module: its uri and where its text starts in the module's text. */
export interface TerraformFileSpan {
  uri: string;
  /** Offset and first line of the file in the module's text. */
  offset: number;
  line: number;
  /** Length of the file's own text (without the separating newline), and its number of lines. */
  length: number;
  lineCount: number;
}

/** What a parsed Terraform text holds besides the tree: its files and the resource blocks found. */
export interface TerraformLayout {
  files: TerraformFileSpan[];
  resources: TerraformResourceBlock[];
}

export interface TerraformFile {
  uri: string;
  text: string;
}

/** The message of a `.tf` document read before `loadTerraformParser` finished. */
export const TERRAFORM_NOT_LOADED = 'The Terraform parser is not loaded yet, so this file is not checked; it is checked once the parser has loaded.';

const layouts = new WeakMap<ParsedText, TerraformLayout>();
/** JSON parses that are `terraform show -json` output, translated. */
const showJsonParses = new WeakSet<ParsedText>();

/**
 * A JSON parse of `terraform show -json` output (plan or state) with its root translated into the template
 * shape (ranges point at the JSON values); undefined for any other JSON.
 */
export function readTerraformShowJson(parsed: ParsedText): ParsedText | undefined {
  if (parsed.format !== 'json' || parsed.root?.kind !== 'object' || !looksLikeTerraformShowJson(parsed.root)) return undefined;
  const translated: ParsedText = { ...parsed, root: translateTerraformShowJson(parsed.root) };
  showJsonParses.add(translated);
  return translated;
}

/** True for a Terraform configuration: `.tf` text, or `terraform show -json` output. */
export function isTerraformParse(parsed: ParsedText): boolean {
  return parsed.format === 'terraform' || showJsonParses.has(parsed);
}

/** The files and resources of a Terraform parse (undefined for JSON and YAML parses). */
export function terraformLayoutOf(parsed: ParsedText): TerraformLayout | undefined {
  return layouts.get(parsed);
}

/** Parses one `.tf` text (a module of one file). */
export function parseTerraformText(text: string, uri = ''): ParsedText {
  return parseTerraformFiles([{ uri, text }]);
}

/**
 * Parses the files of one module into one ParsedText over their joined text. Each file is parsed on its own
 * (a brace left open in one file does not swallow the next), at its offset in the joined text.
 */
export function parseTerraformFiles(files: readonly TerraformFile[]): ParsedText {
  const spans: TerraformFileSpan[] = [];
  let text = '';
  let line = 0;
  for (const [i, file] of files.entries()) {
    const lineCount = new LineIndex(file.text).lineCount;
    spans.push({ uri: file.uri, offset: text.length, line, length: file.text.length, lineCount });
    text += file.text;
    line += lineCount - 1;
    if (i < files.length - 1) {
      text += '\n';
      line++;
    }
  }
  const lines = new LineIndex(text);
  if (!isTerraformParserLoaded()) {
    const notLoaded: SyntaxError = { message: TERRAFORM_NOT_LOADED, offset: 0, length: 0, refusedWhole: true };
    const parsed: ParsedText = { text, lines, errors: [notLoaded], format: 'terraform' };
    layouts.set(parsed, { files: spans, resources: [] });
    return parsed;
  }
  const trees = spans.map((span, i) => {
    // Blanks in place of the files before it (line breaks kept), so the tree's offsets are the joined text's.
    const before = text.slice(0, span.offset).replace(/[^\r\n]/g, ' ');
    return parseHcl(before + files[i].text)!;
  });
  try {
    const translation = new TerraformTranslator(text).translate(trees);
    const parsed: ParsedText = { text, lines, root: translation.root, errors: translation.errors, format: 'terraform' };
    layouts.set(parsed, { files: spans, resources: translation.resources });
    return parsed;
  } finally {
    for (const tree of trees) tree.delete();
  }
}

/** The file a module range points into, and the range in that file. */
export function terraformLocation(parsed: ParsedText, range: Range): Location | undefined {
  const files = layouts.get(parsed)?.files;
  if (!files || files.length === 0) return undefined;
  let file = files[0];
  for (const candidate of files) if (candidate.line <= range.start.line) file = candidate;
  const fileLines = file.lineCount;
  const clamp = (position: Range['start']) =>
    position.line - file.line >= fileLines
      ? { line: fileLines - 1, character: parsed.lines.rangeAt(file.offset + file.length, 0).start.character }
      : { line: position.line - file.line, character: position.character };
  return { uri: file.uri, range: { start: clamp(range.start), end: clamp(range.end) } };
}

/**
 * A module document's diagnostics sorted into its files, every range (and related location in the module)
 * shifted into the file it points into. Diagnostics of other documents are passed through by their uri.
 */
export function terraformDiagnosticsByFile(parsed: ParsedText, moduleUri: string, diagnostics: readonly CoreDiagnostic[]): Map<string, CoreDiagnostic[]> {
  const result = new Map<string, CoreDiagnostic[]>();
  for (const file of layouts.get(parsed)?.files ?? []) result.set(file.uri, []);
  const move = (uri: string, range: Range): Location => (uri === moduleUri ? (terraformLocation(parsed, range) ?? { uri, range }) : { uri, range });
  for (const diagnostic of diagnostics) {
    const location = move(diagnostic.uri, diagnostic.range);
    const moved: CoreDiagnostic = { ...diagnostic, uri: location.uri, range: location.range };
    if (diagnostic.related) moved.related = diagnostic.related.map((r) => ({ ...r, location: move(r.location.uri, r.location.range) }));
    const list = result.get(location.uri) ?? [];
    list.push(moved);
    result.set(location.uri, list);
  }
  return result;
}
