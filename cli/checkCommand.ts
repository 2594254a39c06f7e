/** `identity-pool-roles check FILE...`: diagnostics like a compiler's, or as JSON. */
import { resolve } from 'node:path';
import { CODES, createRoleMappingCore, decodeText, type CoreDiagnostic, type DocumentKind, type ModelDocument, type Severity } from '../core/index';
import { parseCommandLine, parseParameterOptions } from './args';
import { readFileBytes } from './files';
import { parseFormat, type Format, type Output } from './output';
import { toSarif } from './sarif';
import { jsonForTerminal, plural, printable, printableName } from './text';
import { CHECK_USAGE, EXIT_CHECK_ERRORS, EXIT_OK, UsageError } from './usage';

export interface CheckedDiagnosticJson {
  code: string;
  severity: Severity;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  docs?: string;
  awsError?: { code: string; message: string; assumed?: boolean };
}

export interface CheckedFileJson {
  file: string;
  /** What the file was recognised as; `unknown` files are not role-mapping documents and are not checked. */
  kind: DocumentKind;
  diagnostics: CheckedDiagnosticJson[];
}

export function runCheck(args: readonly string[], out: Output): number {
  const command = parseCommandLine(args, { format: { type: 'string' }, parameter: { type: 'string', multiple: true } }, true);
  if (command.help) {
    out.stdout(CHECK_USAGE);
    return EXIT_OK;
  }
  const formatValue = command.values.format as string | undefined;
  const format: Format | 'sarif' = formatValue === 'sarif' ? 'sarif' : parseCheckFormat(formatValue);
  if (command.positionals.length === 0) throw new UsageError('check needs at least one FILE.');
  const templateParameters = parseParameterOptions(command.values.parameter as string[] | undefined);
  const core = createRoleMappingCore({ templateParameters });

  // Read everything first, so an unreadable file fails before any output.
  const seen = new Set<string>();
  const documents: ModelDocument[] = [];
  for (const file of command.positionals) {
    const key = resolve(file);
    if (seen.has(key)) continue;
    seen.add(key);
    const decoded = decodeText(readFileBytes(file, 'file'));
    const document = decoded.ok ? core.parseDocument(file, decoded.text) : core.undecodableDocument(file, decoded.problem);
    documents.push(document);
  }
  // Values for parameters no template declares change nothing: most likely a misspelt name.
  const declared = new Set(documents.flatMap((document) => [...(core.templateInfo(document)?.index.parameters.keys() ?? [])]));
  const undeclared = Object.keys(templateParameters).filter((name) => !declared.has(name));

  const diagnostics = core.checkGroups(documents);

  const results: CheckedFileJson[] = documents.map((document) => {
    const list = [...(diagnostics.get(document.uri) ?? []), ...core.unrecognisedSyntaxDiagnostics(document)];
    list.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    return { file: document.uri, kind: document.kind, diagnostics: list.map(toJson) };
  });

  const hasError = results.some((r) => r.diagnostics.some((d) => d.severity === 'error'));
  for (const document of documents) {
    for (const { name, allowed } of core.templateInfo(document)?.index.disallowedValues() ?? []) {
      out.stderr(
        `note: the value given for parameter ${name} is not one of its AllowedValues in ${document.uri} (${allowed.join(', ')}), so CloudFormation would refuse to deploy with it.\n`,
      );
    }
  }
  if (undeclared.length > 0)
    out.stderr(`note: no template checked declares the parameter${undeclared.length > 1 ? 's' : ''} ${undeclared.join(', ')} given with --parameter.\n`);
  if (format === 'sarif') {
    out.stdout(jsonForTerminal(toSarif(results, new Map(documents.map((d) => [d.uri, d.parsed.text])))) + '\n');
  } else if (format === 'json') {
    out.stdout(jsonForTerminal(results) + '\n');
  } else {
    out.stdout(formatCheckText(results));
    for (const r of results) {
      if (r.kind === 'unknown' && r.diagnostics.length === 0) {
        out.stderr(
          `note: ${printableName(r.file)} is not a SetIdentityPoolRoles file, a RoleMappings file, an identity-pool file or a CloudFormation template with an identity pool; nothing to check.\n`,
        );
      }
    }
  }
  return hasError ? EXIT_CHECK_ERRORS : EXIT_OK;
}

function parseCheckFormat(value: string | undefined): Format {
  try {
    return parseFormat(value);
  } catch {
    throw new UsageError(`--format takes 'text', 'json' or 'sarif'.`);
  }
}

function toJson(diagnostic: CoreDiagnostic): CheckedDiagnosticJson {
  const json: CheckedDiagnosticJson = {
    code: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
    range: {
      start: { line: diagnostic.range.start.line, character: diagnostic.range.start.character },
      end: { line: diagnostic.range.end.line, character: diagnostic.range.end.character },
    },
  };
  const docs = (CODES as Record<string, { docs: string } | undefined>)[diagnostic.code]?.docs;
  if (docs) json.docs = docs;
  if (diagnostic.awsError) json.awsError = { ...diagnostic.awsError };
  return json;
}

/** `file:line:col: severity code message` (1-based, as compilers print), then one summary line. */
export function formatCheckText(results: readonly CheckedFileJson[]): string {
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const result of results) {
    for (const d of result.diagnostics) {
      counts[d.severity]++;
      lines.push(`${printableName(result.file)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code} ${printable(d.message)}`);
    }
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  const checked = plural(results.length, 'file');
  lines.push(
    total === 0
      ? `${checked} checked: no problems found.`
      : `${checked} checked: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'info', 'infos')}, ${plural(counts.hint, 'hint')}.`,
  );
  return lines.join('\n') + '\n';
}
