/**
 * identityPoolRoles/roleTests: lists and runs the cases of a role-test file for the client's Test
 * Explorer, through the same core runner as `identity-pool-roles test` (the client has no engine).
 * Files are read as the server reads everything: open documents first, else bounded reads from disk.
 */
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  appendRoleTestCase,
  describeActual,
  describeExpect,
  newRoleTestFileText,
  parseRoleTestFile,
  runRoleTests,
  type RoleTestCaseResult,
  type RoleTestExpect,
} from '../../../core/index';
import {
  RoleTestsRequest,
  RoleTestTextRequest,
  type RoleTestCaseItem,
  type RoleTestsParams,
  type RoleTestsResult,
  type RoleTestTextResult,
} from '../../../protocol/protocol';
import { readDiskText, type DiskTextFailure, type RuntimeEnvironment } from '../runtime';
import { guarded, throwIfCancelled, type Logger } from '../utils/errors';

/** Role-test inputs are small; this bounds what one run reads per file. */
const MAX_BYTES = 20 * 1024 * 1024;

export interface RoleTestsContext {
  connection: Connection;
  runtime: RuntimeEnvironment;
  documents: TextDocuments<TextDocument>;
  log: Logger;
  /** The evaluation time when a file gives no `now` (the `identityPoolRoles.clock` setting). */
  now(): number;
}

export function registerRoleTests(context: RoleTestsContext): void {
  const fallback: RoleTestsResult = { cases: [], problems: [{ message: 'The role tests could not be run; see the server log.', range: ZERO }], inputs: [] };
  context.connection.onRequest(RoleTestsRequest, (params, token) =>
    guarded(context.log, RoleTestsRequest.method, fallback, async () => {
      const result = await handleRoleTests(context, params);
      throwIfCancelled(token);
      return result;
    }),
  );
  const failed: RoleTestTextResult = { error: 'The case could not be written; see the server log.' };
  context.connection.onRequest(RoleTestTextRequest, (params) =>
    guarded(context.log, RoleTestTextRequest.method, failed, async () =>
      params.kind === 'append'
        ? appendRoleTestCase(params.uri, params.text, params.testCase)
        : { text: newRoleTestFileText(params.file, params.testCase, params.format) },
    ),
  );
}

/** Why a file of a role test could not be read, in the words of the test's problem list. */
const READ_FAILURES: Record<Exclude<DiskTextFailure, 'encoding'>, string> = {
  'too-large': 'it is too large',
  'not-a-regular-file': 'it is not a regular file',
  missing: 'no such file',
  unreadable: 'it cannot be read',
};

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export async function handleRoleTests(context: Pick<RoleTestsContext, 'runtime' | 'documents' | 'now'>, params: RoleTestsParams): Promise<RoleTestsResult> {
  const read = async (uri: string, what: string): Promise<{ uri: string; text: string }> => {
    const open = context.documents.get(uri);
    if (open) return { uri, text: open.getText() };
    const file = context.runtime.file;
    if (!file) throw new Error(`Cannot read ${what} ${uri}: this host reads only open documents.`);
    const read = await readDiskText(file, uri, MAX_BYTES);
    if (read.ok) return { uri, text: read.text };
    const reason = read.failure === 'encoding' ? read.problem : READ_FAILURES[read.failure];
    throw new Error(`Cannot read ${what} ${displayPath(uri)}: ${reason}${read.failure === 'encoding' ? '' : '.'}`);
  };

  let text: string;
  try {
    text = (await read(params.uri, 'role-test file')).text;
  } catch (error) {
    return { cases: [], problems: [{ message: (error as Error).message, range: ZERO }], inputs: [] };
  }
  const parsed = parseRoleTestFile(params.uri, text);
  const listed = (c: { name: string; index: number; range: RoleTestCaseItem['range']; nameRange: RoleTestCaseItem['range'] }): RoleTestCaseItem => ({
    name: c.name,
    index: c.index,
    range: c.range,
    nameRange: c.nameRange,
  });
  if (!params.run || !parsed.file) return { cases: parsed.cases.map(listed), problems: parsed.problems, inputs: [] };

  const folder = params.uri.slice(0, params.uri.lastIndexOf('/') + 1);
  const wanted = params.cases ? new Set(params.cases) : undefined;
  const file = { ...parsed.file, cases: parsed.file.cases.filter((c) => !wanted || wanted.has(c.index)) };
  const result = await runRoleTests(file, {
    read: (path, what) => {
      const uri = context.runtime.file?.resolvePath(path, folder);
      if (!uri) throw new Error(`Cannot read ${what} ${path}: it is not a path this host can read.`);
      return read(uri, what);
    },
    now: context.now,
  });
  return { cases: result.cases.map(toItem), problems: result.problems, inputs: [params.uri, ...result.inputs] };
}

function toItem(c: RoleTestCaseResult): RoleTestCaseItem {
  const item: RoleTestCaseItem = { name: c.name, index: c.index, range: c.range, nameRange: c.nameRange, status: c.status };
  if (c.status === 'error') item.message = c.error;
  if (c.status === 'fail' && c.actual) {
    item.message = [
      `Expected ${describeExpect(c.expected)}`,
      `Got ${describeActual(c.actual)}`,
      c.actual.errorCode !== null ? `AWS error: ${c.actual.errorCode}: ${c.actual.message}` : undefined,
      c.decidingStep ? `Decided by ${c.decidingStep.step}: ${c.decidingStep.message}` : undefined,
    ]
      .filter(Boolean)
      .join('\n');
    item.expected = fieldLines(c.expected, c.expected);
    item.actual = fieldLines(c.expected, {
      outcome: c.actual.outcome,
      roleArn: c.actual.roleArn,
      rule: c.actual.rule,
      via: c.actual.via,
      errorCode: c.actual.errorCode,
    });
  }
  if (c.decidingStep)
    item.decidingStep = {
      step: c.decidingStep.step,
      status: c.decidingStep.status,
      message: c.decidingStep.message,
      location: c.decidingStep.location,
      ruleIndex: c.decidingStep.ruleIndex,
    };
  return item;
}

/** The fields the case expects, `field: value` per line, from `values` (for the Test Explorer's diff). */
function fieldLines(expect: RoleTestExpect, values: RoleTestExpect): string {
  return (['outcome', 'roleArn', 'rule', 'via', 'errorCode'] as const)
    .filter((field) => Object.hasOwn(expect, field))
    .map((field) => `${field}: ${values[field] === null || values[field] === undefined ? 'null' : String(values[field])}`)
    .join('\n');
}

function displayPath(uri: string): string {
  try {
    return decodeURIComponent(uri.replace(/^file:\/\//, ''));
  } catch {
    return uri;
  }
}
