/**
 * Writing cases into role-test files ("Save as test case" on a simulation report): a new file's text, or
 * an existing file's text with one more case, keeping everything already written (comments included).
 * Values are written as JSON, which is also valid YAML, so no value can break out of its place.
 */
import * as jsonc from 'jsonc-parser';
import { formatFor, parseText } from '../documents';
import { getProperty } from '../syntax';
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
 * `text` (a role-test file named `uri`) with `c` appended to its `cases`. An error when the file has no
 * `cases` list this can append to (a YAML flow list, a syntax error).
 */
export function appendRoleTestCase(uri: string, text: string, c: NewRoleTestCase): { text: string } | { error: string } {
  const format = formatFor(uri, text);
  const parsed = parseText(text, format);
  if (parsed.errors.some((e) => !e.readLimit)) return { error: 'The file has syntax errors: fix them first.' };
  if (parsed.root?.kind !== 'object') return { error: 'The file is not a role-test file (an object with `config` and `cases`).' };
  const cases = getProperty(parsed.root, 'cases');
  if (format === 'json') {
    if (cases && cases.value?.kind !== 'array') return { error: '`cases` is not a list.' };
    const edits = jsonc.modify(text, ['cases', cases?.value?.kind === 'array' ? cases.value.items.length : 0], caseObject(c), {
      formattingOptions: { insertSpaces: true, tabSize: 2, eol: text.includes('\r\n') ? '\r\n' : '\n' },
      isArrayInsertion: true,
    });
    return { text: jsonc.applyEdits(text, edits) };
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const withEol = (block: string) => block.replace(/\n/g, eol);
  if (!cases) return { text: `${text}${text === '' || text.endsWith('\n') ? '' : eol}${withEol(`cases:\n${yamlCase(c, 2)}`)}${eol}` };
  const list = cases.value;
  if (list?.kind !== 'array' || list.items.length === 0) return { error: '`cases` is not a list of cases this can append to: write it as a block list (`- name: ...`).' };
  // A block list: its items start with `- ` at one indentation; a flow list (`[...]`) starts with `[`.
  if (text[list.offset] === '[') return { error: '`cases` is written as a flow list ([...]): write it as a block list (`- name: ...`) to append to it.' };
  const lineStart = text.lastIndexOf('\n', list.items[0].offset) + 1;
  const dash = text.slice(lineStart, list.items[0].offset).indexOf('-');
  if (dash < 0) return { error: '`cases` is not a block list this can append to.' };
  // After the last item's last line (comments and blank lines after it stay after the new case).
  const last = list.items[list.items.length - 1];
  const end = last.offset + last.length;
  const lineEnd = text.indexOf('\n', end);
  let at = lineEnd < 0 ? text.length : lineEnd;
  if (at > 0 && text[at - 1] === '\r') at--;
  const rest = text.slice(at);
  return { text: `${text.slice(0, at)}${eol}${withEol(yamlCase(c, dash))}${rest === '' ? eol : rest}` };
}
