/**
 * Parse results of open documents, computed once per document version. Documents that cannot be role
 * mapping documents (other languages, or text without any role-mapping keyword) are never parsed.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  formatFor,
  mightBeRoleMappingText,
  releaseSyntaxTree,
  type ModelDocument,
  type ParseOptions,
  type RoleMappingCore,
  type TextFormat,
} from '../../core/index';

export interface CachedDocument {
  uri: string;
  version: number;
  languageId: string;
  /** JSON or YAML when the document is structured text we look into. */
  format?: TextFormat;
  /** The parsed model; absent for documents that are not candidates. Its kind may still be `unknown`. */
  model?: ModelDocument;
}

const STRUCTURED_EXTENSIONS = /\.(json|jsonc|ya?ml|template)$/i;

/** JSON or YAML by language id (or, for unknown languages, by file extension); `undefined` for other text. */
export function structuredFormat(document: Pick<TextDocument, 'uri' | 'languageId' | 'getText'>): TextFormat | undefined {
  const languageId = document.languageId.toLowerCase();
  if (languageId === 'json' || languageId === 'jsonc' || languageId === 'yaml') return formatFor(languageId, '');
  const uriPath = document.uri.replace(/[?#].*$/, '');
  if (/json|yaml|cloudformation/.test(languageId) || STRUCTURED_EXTENSIONS.test(uriPath)) {
    return formatFor(/\.(json|jsonc|ya?ml)$/i.test(uriPath) ? uriPath : languageId, document.getText());
  }
  return undefined;
}

/**
 * How many open documents keep their syntax tree. A tree is several times the size of its model, and only
 * the documents being edited or looked at need one; the others' trees are rebuilt from the text on demand.
 */
export const SYNTAX_TREES_KEPT = 8;

export class DocumentCache {
  private readonly entries = new Map<string, CachedDocument>();
  /** Entries whose model holds its syntax tree, least recently built or rebuilt first. */
  private readonly withTree: CachedDocument[] = [];
  private parseOptions: ParseOptions = {};

  constructor(private readonly core: RoleMappingCore) {}

  /** What documents are parsed with (Terraform modules are parsed with the same). */
  get options(): ParseOptions {
    return this.parseOptions;
  }

  /** Sets what documents are parsed with (template parameter values); returns true when that changed every model. */
  setParseOptions(options: ParseOptions): boolean {
    if (JSON.stringify(options) === JSON.stringify(this.parseOptions)) return false;
    this.parseOptions = options;
    this.entries.clear();
    this.withTree.length = 0;
    return true;
  }

  get(document: TextDocument): CachedDocument {
    const existing = this.entries.get(document.uri);
    if (existing && existing.version === document.version && existing.languageId === document.languageId) return existing;
    const entry: CachedDocument = { uri: document.uri, version: document.version, languageId: document.languageId };
    const format = structuredFormat(document);
    if (format) {
      entry.format = format;
      const text = document.getText();
      // The previous version's tree, if still held, lets an edit inside one string skip the full parse.
      const previous = existing?.model && this.withTree.includes(existing) ? existing.model.parsed : undefined;
      if (mightBeRoleMappingText(text)) entry.model = this.core.parseDocument(document.uri, text, format, previous, this.parseOptions);
    }
    if (existing) this.forgetTree(existing);
    this.entries.set(document.uri, entry);
    if (entry.model) this.keepTree(entry);
    return entry;
  }

  private keepTree(entry: CachedDocument): void {
    this.forgetTree(entry);
    this.withTree.push(entry);
    while (this.withTree.length > SYNTAX_TREES_KEPT) {
      const oldest = this.withTree.shift()!;
      // A rebuilt tree (a feature or a linked document's check needed it) counts as a new use.
      if (oldest.model) releaseSyntaxTree(oldest.model, () => this.entries.get(oldest.uri) === oldest && this.keepTree(oldest));
    }
  }

  private forgetTree(entry: CachedDocument): void {
    const index = this.withTree.indexOf(entry);
    if (index >= 0) this.withTree.splice(index, 1);
  }

  /** The cached model of a role-mapping document (kind other than `unknown`), if any. */
  roleMappingModel(document: TextDocument): ModelDocument | undefined {
    const model = this.get(document).model;
    return model && model.kind !== 'unknown' ? model : undefined;
  }

  delete(uri: string): void {
    const entry = this.entries.get(uri);
    if (entry) this.forgetTree(entry);
    this.entries.delete(uri);
  }
}
