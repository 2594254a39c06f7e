/**
 * Writing cases into role-test files ("Save as test case" on a simulation report) without a YAML parser:
 * a new file's text, or one more case after the file's last case, keeping everything already written
 * (comments included). Values are written as JSON, which is also valid YAML, so no value can break out of
 * its place. Imports no parser but jsonc-parser, so the VS Code client can bundle it cheaply.
 */
import * as jsonc from 'jsonc-parser';
import type { Range } from '../positions';
import type { RoleTestExpect } from './format';

export interface NewRoleTestCase {
  name: string;
  claims?: Record<string, unknown>;
  guest?: true;
  login?: string;
  customRoleArn?: string;
  expect: RoleTestExpect;
}

export interface NewRoleTestFile {
  config: string;
  identityPool?: string;
  pool?: string;
  now?: number;
}

/** The fields of a case in file order, without those not given. */
function caseObject(c: NewRoleTestCase): Record<string, unknown> {
  const result: Record<string, unknown> = { name: c.name };
  if (c.guest) result.guest = true;
  if (c.login !== undefined) result.login = c.login;
  if (c.claims) result.claims = c.claims;
  if (c.customRoleArn !== undefined) result.customRoleArn = c.customRoleArn;
  result.expect = c.expect;
  return result;
}

/** YAML lines of one case, `- ` first, each value as JSON (valid YAML); `indent` spaces before the dash. */
function yamlCase(c: NewRoleTestCase, indent: number): string {
  const pad = ' '.repeat(indent);
  return Object.entries(caseObject(c))
    .map(([key, value], i) => `${i === 0 ? `${pad}- ` : `${pad}  `}${key}: ${JSON.stringify(value)}`)
    .join('\n');
}

/** The text of a new role-test file with one case; YAML unless `format` is `json`. */
export function newRoleTestFileText(setup: NewRoleTestFile, c: NewRoleTestCase, format: 'yaml' | 'json' = 'yaml'): string {
  const head: Record<string, unknown> = { config: setup.config };
  if (setup.identityPool !== undefined) head.identityPool = setup.identityPool;
  if (setup.pool !== undefined) head.pool = setup.pool;
  if (setup.now !== undefined) head.now = setup.now;
  if (format === 'json') return JSON.stringify({ ...head, cases: [caseObject(c)] }, null, 2) + '\n';
  const lines = ['# Role tests: run with `identity-pool-roles test` or from the Test Explorer. Paths are relative to this file.'];
  for (const [key, value] of Object.entries(head)) lines.push(`${key}: ${JSON.stringify(value)}`);
  lines.push('cases:', yamlCase(c, 2));
  return lines.join('\n') + '\n';
}

/**
 * `text` with `c` appended, given the range of the file's last case (as `identityPoolRoles/roleTests`
 * lists it), or none when the file has no case yet. Needs no YAML parser (the VS Code client uses it).
 */
export function appendCaseAfter(text: string, format: 'json' | 'yaml', lastCase: Range | undefined, c: NewRoleTestCase): { text: string } | { error: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (format === 'json') {
    const errors: jsonc.ParseError[] = [];
    const root = jsonc.parseTree(text, errors);
    if (errors.length > 0 || root?.type !== 'object') return { error: 'The file is not valid JSON: fix it first.' };
    const list = jsonc.findNodeAtLocation(root, ['cases']);
    if (list && list.type !== 'array') return { error: '`cases` is not a list.' };
    const edits = jsonc.modify(text, ['cases', list?.children?.length ?? 0], caseObject(c), {
      formattingOptions: { insertSpaces: true, tabSize: 2, eol },
      isArrayInsertion: true,
    });
    return { text: jsonc.applyEdits(text, edits) };
  }
  const withEol = (block: string) => block.replace(/\n/g, eol);
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  if (!lastCase) {
    if (/^cases\s*:/m.test(text)) return { error: '`cases` holds no case this can follow: write the first case by hand.' };
    return { text: `${text}${text === '' || text.endsWith('\n') ? '' : eol}${withEol(`cases:\n${yamlCase(c, 2)}`)}${eol}` };
  }
  // A block list: the case's line starts with `- ` at the list's indentation; in a flow list (`[...]`) no dash precedes it.
  const start = (lineStarts[lastCase.start.line] ?? 0) + lastCase.start.character;
  const prefix = text.slice(lineStarts[lastCase.start.line] ?? 0, start);
  const dash = prefix.lastIndexOf('-');
  if (dash < 0 || prefix.slice(0, dash).trim() !== '')
    return { error: '`cases` is written as a flow list ([...]): write it as a block list (`- name: ...`) to append to it.' };
  // After the last case's last line (comments and blank lines after it stay after the new case).
  const end = (lineStarts[lastCase.end.line] ?? text.length) + lastCase.end.character;
  const lineEnd = text.indexOf('\n', Math.max(end - 1, 0));
  let at = lineEnd < 0 ? text.length : lineEnd;
  if (at > 0 && text[at - 1] === '\r') at--;
  const rest = text.slice(at);
  return { text: `${text.slice(0, at)}${eol}${withEol(yamlCase(c, dash))}${rest === '' ? eol : rest}` };
}
