/**
 * `check --format sarif`: SARIF 2.1.0 as GitHub code scanning reads it. One run; the driver lists every
 * code as a rule (id, short description, helpUri, default level); each result has one location with a
 * URI relative to the working folder (%SRCROOT%) and a 1-based region in UTF-16 code units, and a
 * partial fingerprint that survives edits elsewhere in the file (it hashes the code, the file, the
 * flagged text and which occurrence of that text it is, never line numbers).
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import packageJson from '../package.json';
import { CODES, type Severity } from '../core/index';
import type { CheckedDiagnosticJson, CheckedFileJson } from './checkCommand';
import { STDIN_NAME } from './files';
import { PROGRAM } from './usage';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The key of our partial fingerprint; bump the version if what it hashes changes. */
export const FINGERPRINT_KEY = 'identityPoolRolesFinding/v1';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

const pkg = packageJson as { version: string; publisher?: string; name?: string; homepage?: string };
/** Where the tool is described: the package's homepage, else its Marketplace page. */
export const INFORMATION_URI = pkg.homepage ?? `https://marketplace.visualstudio.com/items?itemName=${pkg.publisher}.${pkg.name}`;

/**
 * The SARIF log for `check`'s results. `texts` holds each file's text (for fingerprints); `cwd` is the
 * folder URIs are relative to.
 */
export function toSarif(results: readonly CheckedFileJson[], texts: ReadonlyMap<string, string>, cwd = process.cwd()): object {
  const codes = Object.keys(CODES) as Array<keyof typeof CODES>;
  const ruleIndex = new Map<string, number>(codes.map((code, i) => [code, i]));
  const rules = codes.map((code) => {
    const info = CODES[code] as { severity: Severity; title: string; docs: string };
    return {
      id: code,
      name: ruleName(code),
      shortDescription: { text: plainText(info.title) },
      helpUri: info.docs,
      defaultConfiguration: { level: LEVEL[info.severity] },
      properties: { tags: ['cognito', 'identity-pool'] },
    };
  });
  const sarifResults: object[] = [];
  for (const file of results) {
    const text = texts.get(file.file) ?? '';
    const lineStarts = lineStartsOf(text);
    const seen = new Map<string, number>();
    for (const d of file.diagnostics) {
      const flagged = textOf(text, lineStarts, d);
      const uri = relativeUri(file.file, cwd);
      const key = `${d.code}\u0000${uri.uri}\u0000${flagged}`;
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      const result: Record<string, unknown> = {
        ruleId: d.code,
        level: LEVEL[d.severity],
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: uri,
              region: {
                startLine: d.range.start.line + 1,
                startColumn: d.range.start.character + 1,
                endLine: d.range.end.line + 1,
                endColumn: d.range.end.character + 1,
              },
            },
          },
        ],
        partialFingerprints: { [FINGERPRINT_KEY]: createHash('sha256').update(`${key}\u0000${occurrence}`).digest('hex').slice(0, 32) },
      };
      const index = ruleIndex.get(d.code);
      if (index !== undefined) result.ruleIndex = index;
      if (d.awsError) result.properties = { awsError: { ...d.awsError } };
      sarifResults.push(result);
    }
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: PROGRAM,
            version: pkg.version,
            semanticVersion: pkg.version,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd.endsWith(sep) ? cwd : cwd + sep).href } },
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
}

/** `rule-shadowed` → `RuleShadowed` (SARIF's rule name is an identifier-like label). */
function ruleName(code: string): string {
  return code.replace(/(^|-)([a-z0-9])/g, (_, __, ch: string) => ch.toUpperCase());
}

/** Titles use Markdown backticks; SARIF's text is plain. */
function plainText(title: string): string {
  return title.replace(/`/g, "'");
}

/** A file's URI relative to `cwd` (forward slashes, percent-encoded), or an absolute file URI outside it. */
export function relativeUri(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  // Standard input without --stdin-name is no file of the repository: a relative reference with no base.
  if (file === STDIN_NAME) return { uri: encodeURIComponent(file) };
  const absolute = resolve(cwd, file);
  const rel = relative(cwd, absolute);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(absolute).href };
  return {
    uri: rel
      .split(sep)
      .map((segment) => encodeURIComponent(segment))
      .join('/'),
    uriBaseId: '%SRCROOT%',
  };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 && text.charCodeAt(i + 1) === 10) continue;
    if (ch === 10 || ch === 13) starts.push(i + 1);
  }
  return starts;
}

/** The text a diagnostic flags (its range), whitespace runs folded so re-indenting keeps the identity. */
function textOf(text: string, lineStarts: readonly number[], d: CheckedDiagnosticJson): string {
  const offset = (p: { line: number; character: number }) => Math.min(text.length, (lineStarts[p.line] ?? text.length) + p.character);
  return text.slice(offset(d.range.start), offset(d.range.end)).replace(/\s+/g, ' ').trim();
}
