/**
 * `identity-pool-roles test [FILE|FOLDER...]`: runs role-test files (`*.role-tests.yaml|yml|json`),
 * each case through the simulator, and reports what failed. Exit 0 all passed, 1 a case failed,
 * 2 bad usage or a file that cannot be read or used.
 */
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import {
  describeActual,
  describeExpect,
  isRoleTestFileName,
  parseRoleTestFile,
  runRoleTests,
  type RoleTestCaseResult,
  type RoleTestFileResult,
  type RoleTestProblem,
} from '../core/index';
import { parseCommandLine } from './args';
import { readTextFile } from './files';
import { isDirectory, isTerraformPath, loadTerraformForCli, terraformFilesOf, terraformSiblings } from './terraform';
import type { Output } from './output';
import { jsonForTerminal, plural, printable, printableName } from './text';
import { EXIT_CHECK_ERRORS, EXIT_OK, EXIT_USAGE, PROGRAM, UsageError } from './usage';

export const TEST_USAGE = `Usage: ${PROGRAM} test [FILE|FOLDER...] [--format text|json|junit]

Runs role-test files: each case (a sign-in and what it should get) is simulated as 'simulate' would, and
only the fields its 'expect' gives (outcome, roleArn, rule, via, errorCode) are compared. Without
arguments, every *.role-tests.yaml, *.role-tests.yml and *.role-tests.json under the current folder
(node_modules and .git skipped); a FOLDER is searched the same way.

  --format text|json|junit  'text' names each failing case with what it expected, what it got and the
                            trace step that decided (default); 'json' prints an array of results per
                            file; 'junit' prints JUnit XML for CI test reports

Exit codes: 0 every case passed, 1 a case failed, 2 bad usage or a file that cannot be read or used.
`;

type TestFormat = 'text' | 'json' | 'junit';
const MAX_FILES = 5000;

export interface TestFileReport extends RoleTestFileResult {
  file: string;
}

export async function runTest(args: readonly string[], out: Output): Promise<number> {
  const command = parseCommandLine(args, { format: { type: 'string' } }, true);
  if (command.help) {
    out.stdout(TEST_USAGE);
    return EXIT_OK;
  }
  const formatValue = command.values.format as string | undefined;
  if (formatValue !== undefined && !['text', 'json', 'junit'].includes(formatValue)) throw new UsageError(`--format takes 'text', 'json' or 'junit'.`);
  const format = (formatValue ?? 'text') as TestFormat;

  const files = findTestFiles(command.positionals);
  if (files.length === 0) {
    throw new UsageError(
      command.positionals.length === 0
        ? 'No role-test files (*.role-tests.yaml, *.role-tests.yml, *.role-tests.json) under the current folder.'
        : 'No role-test files (*.role-tests.yaml, *.role-tests.yml, *.role-tests.json) in the folders given.',
      false,
    );
  }

  const reports: TestFileReport[] = [];
  for (const file of files) reports.push(await runFile(file));

  if (format === 'json') out.stdout(jsonForTerminal(reports.map(toJson)) + '\n');
  else if (format === 'junit') out.stdout(formatJunit(reports));
  else out.stdout(formatTestText(reports));
  return exitCodeOf(reports);
}

export function exitCodeOf(reports: readonly TestFileReport[]): number {
  if (reports.some((r) => r.problems.length > 0 || r.cases.some((c) => c.status === 'error'))) return EXIT_USAGE;
  if (reports.some((r) => r.cases.some((c) => c.status === 'fail'))) return EXIT_CHECK_ERRORS;
  return EXIT_OK;
}

/** Parses and runs one file; problems become the report's problems (never an exception). */
async function runFile(file: string): Promise<TestFileReport> {
  let text: string;
  try {
    text = readTextFile(file, 'role-test file');
  } catch (error) {
    return { file, problems: [{ message: (error as Error).message, range: ZERO }], cases: [], inputs: [] };
  }
  const parsed = parseRoleTestFile(file, text);
  if (!parsed.file) return { file, problems: parsed.problems, cases: [], inputs: [] };
  const folder = dirname(file);
  // A Terraform configuration (a .tf file or a folder: its module) needs the parser.
  const terraformConfig = isTerraformPath(parsed.file.config) || isDirectory(join(folder, parsed.file.config));
  if (terraformConfig) await loadTerraformForCli();
  const result = await runRoleTests(parsed.file, {
    read: (path, what) => {
      const full = join(folder, path);
      return { uri: relative(process.cwd(), full) || full, text: readTextFile(full, what) };
    },
    now: () => Math.floor(Date.now() / 1000),
    readTerraformModule: (path) => {
      if (!terraformConfig) return undefined;
      const full = join(folder, path);
      const moduleFolder = isDirectory(full) ? full : dirname(full);
      const paths = isDirectory(full) ? terraformFilesOf(full) : [full, ...terraformSiblings(full).map((name) => join(moduleFolder, name))];
      const shown = (p: string) => relative(process.cwd(), p) || p;
      return { uri: shown(paths.length === 1 ? paths[0] : moduleFolder), files: paths.map((p) => ({ uri: shown(p), text: readTextFile(p, 'config file') })) };
    },
  });
  return { file, ...result };
}

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The role-test files named or found under the folders named (default: the current folder), sorted per argument. */
export function findTestFiles(paths: readonly string[]): string[] {
  const result: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const key = resolve(file);
    if (seen.has(key)) return;
    seen.add(key);
    if (result.length >= MAX_FILES) throw new UsageError(`More than ${MAX_FILES} role-test files: name fewer folders.`, false);
    result.push(file);
  };
  const walk = (folder: string) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      throw new UsageError(`Cannot read folder ${printableName(folder)}.`, false);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = folder === '.' ? entry.name : join(folder, entry.name);
      // Symbolic links are not followed when searching (a link to a parent would loop).
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '.git') walk(path);
      } else if (entry.isFile() && isRoleTestFileName(entry.name)) add(path);
    }
  };
  if (paths.length === 0) walk('.');
  for (const path of paths) {
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      try {
        lstatSync(path);
        throw new UsageError(`Cannot read ${printableName(path)}: it is a broken link.`, false);
      } catch (error) {
        if (error instanceof UsageError) throw error;
        throw new UsageError(`Cannot read ${printableName(path)}: no such file or folder.`, false);
      }
    }
    if (isFolder) walk(path.endsWith(sep) && path.length > 1 ? path.slice(0, -1) : path);
    else add(path);
  }
  return result;
}

const MARK = { pass: '✓', fail: '✗', error: '!' } as const;

export function formatTestText(reports: readonly TestFileReport[]): string {
  const lines: string[] = [];
  const counts = { pass: 0, fail: 0, error: 0 };
  for (const report of reports) {
    lines.push(printableName(report.file) + (report.pool !== undefined ? ` (pool ${printable(report.pool)})` : ''));
    for (const problem of report.problems) lines.push(`  ! ${problemLocation(report.file, problem)}: ${printable(problem.message)}`);
    for (const c of report.cases) {
      counts[c.status]++;
      lines.push(`  ${MARK[c.status]} ${printable(c.name)}`);
      if (c.status === 'fail' && c.actual) {
        lines.push(`      at       ${printableName(report.file)}:${c.range.start.line + 1}`);
        lines.push(`      expected ${printable(describeExpect(c.expected))}`);
        lines.push(`      got      ${printable(describeActual(c.actual))}`);
        if (c.actual.errorCode !== null) lines.push(`      message  ${printable(c.actual.message)}`);
        if (c.decidingStep) lines.push(`      decided  ${printable(c.decidingStep.step)}: ${printable(c.decidingStep.message)}`);
      } else if (c.status === 'error') {
        lines.push(`      at       ${printableName(report.file)}:${c.range.start.line + 1}`);
        lines.push(`      error    ${printable(c.error ?? '')}`);
      }
    }
  }
  const broken = reports.filter((r) => r.problems.length > 0).length;
  lines.push('');
  lines.push(
    `${plural(reports.length, 'file')}, ${plural(counts.pass + counts.fail + counts.error, 'case')}: ${counts.pass} passed, ${counts.fail} failed` +
      `${counts.error > 0 ? `, ${plural(counts.error, 'error')}` : ''}${broken > 0 ? `; ${plural(broken, 'file')} could not run` : ''}.`,
  );
  return lines.join('\n') + '\n';
}

function problemLocation(file: string, problem: RoleTestProblem): string {
  return `${printableName(file)}:${problem.range.start.line + 1}:${problem.range.start.character + 1}`;
}

/** `--format json`: per file, its problems and cases (1-based lines, as in text output). */
function toJson(report: TestFileReport) {
  return {
    file: report.file,
    ...(report.pool !== undefined ? { pool: report.pool } : {}),
    problems: report.problems.map((p) => ({ message: p.message, line: p.range.start.line + 1, column: p.range.start.character + 1 })),
    cases: report.cases.map((c: RoleTestCaseResult) => ({
      name: c.name,
      index: c.index,
      line: c.range.start.line + 1,
      status: c.status,
      expected: c.expected,
      ...(c.actual ? { actual: c.actual } : {}),
      mismatches: c.mismatches,
      ...(c.decidingStep ? { decidingStep: { step: c.decidingStep.step, status: c.decidingStep.status, message: c.decidingStep.message } } : {}),
      ...(c.error !== undefined ? { error: c.error } : {}),
    })),
  };
}

/** JUnit XML (the Ant/Jenkins/Surefire shape GitHub, GitLab and Azure test reporters read). */
export function formatJunit(reports: readonly TestFileReport[]): string {
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = reports.flatMap((r) => r.cases);
  const fileErrors = reports.filter((r) => r.problems.length > 0).length;
  const failures = all.filter((c) => c.status === 'fail').length;
  const errors = all.filter((c) => c.status === 'error').length + fileErrors;
  lines.push(`<testsuites name="${xml(PROGRAM)} test" tests="${all.length + fileErrors}" failures="${failures}" errors="${errors}">`);
  for (const report of reports) {
    const f = report.cases.filter((c) => c.status === 'fail').length;
    const e = report.cases.filter((c) => c.status === 'error').length + (report.problems.length > 0 ? 1 : 0);
    const t = report.cases.length + (report.problems.length > 0 ? 1 : 0);
    lines.push(`  <testsuite name="${xml(report.file)}" tests="${t}" failures="${f}" errors="${e}">`);
    if (report.problems.length > 0) {
      const text = report.problems.map((p) => `${problemLocation(report.file, p)}: ${p.message}`).join('\n');
      lines.push(`    <testcase name="(the test file)" classname="${xml(report.file)}">`);
      lines.push(`      <error message="${xml(report.problems[0].message)}">${xml(text)}</error>`);
      lines.push('    </testcase>');
    }
    for (const c of report.cases) {
      const open = `    <testcase name="${xml(c.name)}" classname="${xml(report.file)}" file="${xml(report.file)}" line="${c.range.start.line + 1}"`;
      if (c.status === 'pass') {
        lines.push(`${open}/>`);
        continue;
      }
      lines.push(`${open}>`);
      if (c.status === 'fail' && c.actual) {
        const message = `expected ${describeExpect(c.expected)}; got ${describeActual(c.actual)}`;
        const body = [
          message,
          c.actual.errorCode !== null ? `message: ${c.actual.message}` : '',
          c.decidingStep ? `decided by ${c.decidingStep.step}: ${c.decidingStep.message}` : '',
        ]
          .filter(Boolean)
          .join('\n');
        lines.push(`      <failure message="${xml(message)}" type="mismatch">${xml(body)}</failure>`);
      } else {
        lines.push(`      <error message="${xml(c.error ?? '')}">${xml(c.error ?? '')}</error>`);
      }
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

/**
 * Text for an XML attribute or element: markup escaped, and characters XML 1.0 forbids (most C0
 * controls, lone surrogates, U+FFFE/U+FFFF) or that rewrite a terminal (C1, bidi controls) written as
 * `\uXXXX`, so the document stays well-formed and safe to print. Newlines are kept in element text only
 * through `&#10;` in attributes.
 */
export function xml(text: string): string {
  return text
    .replace(
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}
