/** `identity-pool-roles check FILE...`: diagnostics like a compiler's, or as JSON. */
import { basename, dirname, join, resolve } from 'node:path';
import {
  CODES,
  createRoleMappingCore,
  decodeText,
  type CoreDiagnostic,
  type DocumentKind,
  type ModelDocument,
  type RoleMappingCore,
  type Severity,
} from '../core/index';
import { isDirectory, isTerraformPath, readTerraformModule, terraformFilesOf, terraformSiblings } from './terraform';
import { parseCommandLine, parseParameterOptions } from './args';
import { claimStdin, inputName, isStdin, readFileBytes, stdinTerraformHint } from './files';
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
  const command = parseCommandLine(
    args,
    {
      format: { type: 'string' },
      parameter: { type: 'string', multiple: true },
      var: { type: 'string', multiple: true },
      'stdin-name': { type: 'string' },
    },
    true,
  );
  if (command.help) {
    out.stdout(CHECK_USAGE);
    return EXIT_OK;
  }
  const formatValue = command.values.format as string | undefined;
  const format: Format | 'sarif' = formatValue === 'sarif' ? 'sarif' : parseCheckFormat(formatValue);
  if (command.positionals.length === 0) throw new UsageError('check needs at least one FILE.');
  const stdinNameOption = command.values['stdin-name'] as string | undefined;
  claimStdin(
    command.positionals.map((file) => ['FILE', file] as const),
    stdinNameOption,
  );
  const templateParameters = parseParameterOptions([
    ...((command.values.parameter as string[] | undefined) ?? []),
    ...((command.values.var as string[] | undefined) ?? []),
  ]);
  const core = createRoleMappingCore({ templateParameters });

  // Read everything first, so an unreadable file fails before any output. A folder is a Terraform module (its
  // `.tf` files); `.tf` files named from one folder are read together as one module, as Terraform would.
  const seen = new Set<string>();
  const documents: ModelDocument[] = [];
  const terraformByFolder = new Map<string, { at: number; paths: string[] }>();
  let stdinKey: string | undefined;
  for (const file of command.positionals) {
    const key = resolve(inputName(file));
    if (isStdin(file) ? seen.has(key) : key === stdinKey)
      throw new UsageError(`--stdin-name names standard input ${printableName(inputName('-'))}, which is also given as a file.`);
    if (seen.has(key)) continue;
    seen.add(key);
    if (isStdin(file)) {
      // Standard input is one document, named by --stdin-name (a `.tf` name makes it Terraform, read alone).
      stdinKey = key;
      const decoded = decodeText(readFileBytes(file, 'file'));
      const name = inputName(file);
      const document = decoded.ok ? core.parseDocument(name, decoded.text) : core.undecodableDocument(name, decoded.problem);
      const hint = document.kind === 'unknown' ? stdinTerraformHint(file, document.parsed.text) : '';
      if (hint) out.stderr(`note: ${hint}\n`);
      documents.push(document);
      continue;
    }
    if (isDirectory(file)) {
      documents.push(readTerraformModule(core, file, terraformFilesOf(file), 'file'));
      continue;
    }
    if (isTerraformPath(file)) {
      const folder = dirname(key);
      const group = terraformByFolder.get(folder);
      if (group) group.paths.push(file);
      else {
        terraformByFolder.set(folder, { at: documents.length, paths: [file] });
        documents.push(undefined as unknown as ModelDocument); // filled below, in the order given
      }
      continue;
    }
    const decoded = decodeText(readFileBytes(file, 'file'));
    const document = decoded.ok ? core.parseDocument(file, decoded.text) : core.undecodableDocument(file, decoded.problem);
    documents.push(document);
  }
  // A .tf file is never a configuration alone: it is read with the other .tf files of its folder (a pool in
  // main.tf, its roles in iam.tf), and only the files named are reported.
  const reported = new Map<ModelDocument, Set<string>>();
  for (const [folder, { at, paths }] of terraformByFolder) {
    const named = new Set(paths.map((path) => basename(path)));
    const others = terraformSiblings(paths[0]).filter((name) => !named.has(name));
    const moduleName = dirname(paths[0]) || folder;
    documents[at] = readTerraformModule(
      core,
      others.length === 0 && paths.length === 1 ? paths[0] : moduleName,
      [...paths, ...others.map((name) => join(moduleName, name))],
      'file',
    );
    if (others.length > 0) {
      reported.set(documents[at], new Set(paths));
      out.stderr(
        `note: ${paths.map(printableName).join(', ')} ${paths.length > 1 ? 'are' : 'is'} read with the other .tf file${others.length > 1 ? 's' : ''} of ${paths.length > 1 ? 'their' : 'its'} folder (one Terraform module): ${others.map(printableName).join(', ')}; only the files named are reported.\n`,
      );
    }
  }
  // Values for parameters no template declares change nothing: most likely a misspelt name.
  const declared = new Set(documents.flatMap((document) => [...(core.templateInfo(document)?.index.parameters.keys() ?? [])]));
  const undeclared = Object.keys(templateParameters).filter((name) => !declared.has(name));

  const diagnostics = core.checkGroups(documents);

  const results: CheckedFileJson[] = documents.flatMap((document) => {
    const list = [...(diagnostics.get(document.uri) ?? []), ...core.unrecognisedSyntaxDiagnostics(document)];
    // A Terraform module is one document over its files' joined text: each file gets its own diagnostics.
    const byFile = core.terraformLayoutOf(document.parsed)
      ? core.terraformDiagnosticsByFile(document.parsed, document.uri, list)
      : new Map([[document.uri, list]]);
    const shown = reported.get(document);
    return [...byFile]
      .filter(([file]) => !shown || shown.has(file))
      .map(([file, fileList]) => {
        fileList.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
        return { file, kind: document.kind, diagnostics: fileList.map(toJson) };
      });
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
    out.stdout(jsonForTerminal(toSarif(results, fileTexts(core, documents))) + '\n');
  } else if (format === 'json') {
    out.stdout(jsonForTerminal(results) + '\n');
  } else {
    out.stdout(formatCheckText(results));
    for (const r of results) {
      if (r.kind === 'unknown' && r.diagnostics.length === 0) {
        out.stderr(
          `note: ${printableName(r.file)} is not a SetIdentityPoolRoles file, a RoleMappings file, an identity-pool file, a CloudFormation template or a Terraform configuration with an identity pool; nothing to check.\n`,
        );
      }
    }
  }
  return hasError ? EXIT_CHECK_ERRORS : EXIT_OK;
}

/** Each checked file's text (a Terraform module's files cut out of its joined text), for SARIF's snippets. */
function fileTexts(core: RoleMappingCore, documents: readonly ModelDocument[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const document of documents) {
    const layout = core.terraformLayoutOf(document.parsed);
    if (!layout) texts.set(document.uri, document.parsed.text);
    else for (const file of layout.files) texts.set(file.uri, document.parsed.text.slice(file.offset, file.offset + file.length));
  }
  return texts;
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
