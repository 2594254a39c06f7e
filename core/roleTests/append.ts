/** Appending a case to a role-test file that is parsed here (the CLI and tests; the client uses appendText). */
import { formatFor, parseText } from '../documents';
import { getProperty, nodeRange } from '../syntax';
import { appendCaseAfter, type NewRoleTestCase } from './appendText';

/**
 * `text` (a role-test file named `uri`) with `c` appended to its `cases`. An error when the file has no
 * `cases` list this can append to (a YAML flow list, a syntax error). Parses the file; see
 * `appendCaseAfter` for callers that already know where the cases are.
 */
export function appendRoleTestCase(uri: string, text: string, c: NewRoleTestCase): { text: string } | { error: string } {
  const format = formatFor(uri, text);
  if (format === 'terraform') return { error: 'Role-test files are JSON or YAML, not Terraform.' };
  const parsed = parseText(text, format);
  if (parsed.errors.some((e) => !e.readLimit)) return { error: 'The file has syntax errors: fix them first.' };
  if (parsed.root?.kind !== 'object') return { error: 'The file is not a role-test file (an object with `config` and `cases`).' };
  const cases = getProperty(parsed.root, 'cases');
  if (cases && cases.value?.kind !== 'array') return { error: '`cases` is not a list.' };
  const items = cases?.value?.kind === 'array' ? cases.value.items : [];
  const last = items.at(-1);
  return appendCaseAfter(text, format, last ? nodeRange(parsed.lines, last) : undefined, c);
}
