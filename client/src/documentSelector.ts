/**
 * Which documents the server sees. Files of any scheme (`file`, `vscode-vfs` on github.dev and vscode.dev,
 * `vscode-remote`, `untitled`…): by language and by file name pattern, never by scheme, so a virtual
 * workspace gets the same features as a folder on disk. The server then decides by content (and hovers
 * tokens in any of these documents).
 */
import type { DocumentSelector, Middleware } from 'vscode-languageclient';
import { REPORT_SCHEME } from './report';

/** The languages role mappings, templates and tokens come in (as package.json's activation events). */
const LANGUAGES = ['json', 'jsonc', 'yaml', 'plaintext', 'markdown', 'dotenv', 'log', 'http', 'properties', 'ini', 'shellscript'];

/** Files that are ours whatever language the editor gives them. */
// `.tf` by pattern, whatever its language (HashiCorp's `terraform`, or plain text without that extension):
// the language stays theirs, and our diagnostics carry our own `source`.
const PATTERNS = ['**/*.{json,jsonc,yaml,yml,template}', '**/*.jwt', '**/*.{identity-pool-roles,identity-pool,role-tests}.*', '**/*.tf'];

export const documentSelector: DocumentSelector = [
  ...LANGUAGES.map((language) => ({ language })),
  ...PATTERNS.map((pattern) => ({ pattern })),
  // As before on disk and in new files: every language (the server decides by content).
  { scheme: 'file' },
  { scheme: 'untitled' },
];

/**
 * Documents of these schemes are views of other documents or the editor's own output, not workspace files:
 * a `git:` copy of roles.json would link into its pool as a second definition, and an output channel
 * (language `log`) changes all the time.
 */
const NOT_WORKSPACE_SCHEMES = new Set(['git', 'gitfs', 'output', 'vscode-scm', 'review', 'comment', 'merge-conflict.conflict-diff', REPORT_SCHEME]);

export function isWorkspaceDocument(uri: { scheme: string }): boolean {
  return !NOT_WORKSPACE_SCHEMES.has(uri.scheme);
}

/** Never opens such documents on the server (which then answers requests about them with nothing). */
export const skipNonWorkspaceDocuments: Middleware = {
  didOpen: (document, next) => (isWorkspaceDocument(document.uri) ? next(document) : Promise.resolve()),
  didChange: (event, next) => (isWorkspaceDocument(event.document.uri) ? next(event) : Promise.resolve()),
  didClose: (document, next) => (isWorkspaceDocument(document.uri) ? next(document) : Promise.resolve()),
};
