/** Shared helpers for the CloudFormation, YAML and corpus tests: fixtures, exact ranges, short diagnostic summaries. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CoreDiagnostic } from '../../core/diagnostics';
import { parseDocument } from '../../core/documents';
import type { IdentityPoolModel, ModelDocument } from '../../core/model';
import { LineIndex, type Range } from '../../core/positions';

export const ROOT = path.resolve(__dirname, '../../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures/cloudformation');

export interface Fixture {
  uri: string;
  text: string;
  document: ModelDocument;
}

export function loadFixture(name: string): Fixture {
  const file = path.join(FIXTURES, name);
  const text = fs.readFileSync(file, 'utf8');
  const uri = `file://${file}`;
  return { uri, text, document: parseDocument(uri, text) };
}

export function parseInline(text: string, name = 'template.yaml'): Fixture {
  const uri = `file:///work/${name}`;
  return { uri, text, document: parseDocument(uri, text) };
}

/**
 * The range of `snippet` in `text`: its first occurrence after `after` (itself searched from the start),
 * so tests name places the way a reader finds them ("the `!GetAtt AdminRole.Arn` after `Value: admins`").
 */
export function rangeOf(text: string, snippet: string, after?: string): Range {
  const from = after === undefined ? 0 : text.indexOf(after);
  if (from < 0) throw new Error(`anchor not found: ${after}`);
  const at = text.indexOf(snippet, from);
  if (at < 0) throw new Error(`snippet not found: ${snippet}`);
  return new LineIndex(text).rangeAt(at, snippet.length);
}

/** `code@line:col-line:col` (0-based, as in the model) for compact exact comparisons. */
export function at(code: string, range: Range): string {
  return `${code}@${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

export function summary(diagnostics: readonly CoreDiagnostic[], options: { withHints?: boolean } = {}): string[] {
  return diagnostics.filter((d) => options.withHints || d.severity !== 'hint').map((d) => at(d.code, d.range));
}

export function poolByLogicalId(document: ModelDocument, logicalId: string): IdentityPoolModel {
  const pool = document.pools.find((p) => p.logicalId === logicalId);
  if (!pool) throw new Error(`no pool ${logicalId} in ${document.uri}: ${document.pools.map((p) => p.logicalId).join(', ')}`);
  return pool;
}

/** The text a range covers. */
export function textAt(text: string, range: Range): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}
