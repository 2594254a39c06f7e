/**
 * Role-test files (`*.role-tests.yaml|yml|json`): written expectations about which role (or which AWS
 * error) sign-ins get from a role configuration. Parsing is pure: text in, a checked model with ranges
 * (for the Test Explorer and for error messages) and problems out. schemas/role-tests.schema.json says
 * the same for editors; this parser is what decides.
 */
import { parseText, formatFor } from '../documents';
import type { Range } from '../positions';
import { getProperty, nodeRange, toValue, type ObjectNode, type ParsedText, type SyntaxNode } from '../syntax';
import type { Outcome, Via } from '../evaluate/types';

/** File names that are role-test files. */
export const ROLE_TEST_FILE_PATTERN = /\.role-tests\.(ya?ml|json)$/i;

export function isRoleTestFileName(name: string): boolean {
  return ROLE_TEST_FILE_PATTERN.test(name);
}

export const OUTCOMES: readonly Outcome[] = ['role', 'deny', 'error', 'unknown'];
export const VIAS: readonly Via[] = [
  'rules',
  'token',
  'custom-role-arn',
  'ambiguous-resolution',
  'default-authenticated',
  'default-unauthenticated',
  'token-validation',
  'validation',
];

/** What a case expects; only the fields given are compared. `null` expects "none". */
export interface RoleTestExpect {
  outcome?: Outcome;
  roleArn?: string | null;
  /** The matched rule's 0-based index. */
  rule?: number | null;
  via?: Via;
  errorCode?: string | null;
}

export interface RoleTestCase {
  name: string;
  /** 0-based position in `cases`. */
  index: number;
  /** The whole case, and its name (where the Test Explorer puts it). */
  range: Range;
  nameRange: Range;
  claims?: Record<string, unknown>;
  token?: string;
  /** Relative to the test file. */
  tokenFile?: string;
  guest?: true;
  login?: string;
  customRoleArn?: string;
  expect: RoleTestExpect;
}

export interface RoleTestFile {
  /** The role configuration (any format `simulate --roles` reads), relative to the test file. */
  config: string;
  identityPool?: string;
  /** A template's identity pool, by logical id. */
  pool?: string;
  /** Fixed evaluation time, Unix seconds. */
  now?: number;
  jwks?: string;
  /** Template parameter values, as `--parameter NAME=VALUE`. */
  parameters?: Record<string, string>;
  cases: RoleTestCase[];
  /** Where `config` is written (problems with the configuration are reported there). */
  configRange: Range;
}

export interface RoleTestProblem {
  message: string;
  range: Range;
}

export interface ParsedRoleTestFile {
  /** Absent when the file cannot be used at all (syntax errors, no `config`, no cases). */
  file?: RoleTestFile;
  problems: RoleTestProblem[];
  /** Cases found even when the file has problems (for discovery in editors). */
  cases: RoleTestCase[];
}

const FILE_KEYS = ['$schema', 'config', 'identityPool', 'pool', 'now', 'jwks', 'parameters', 'cases'];
const CASE_KEYS = ['name', 'claims', 'token', 'tokenFile', 'guest', 'login', 'customRoleArn', 'expect'];
const EXPECT_KEYS = ['outcome', 'roleArn', 'rule', 'via', 'errorCode'];
const MAX_CASES = 10_000;

/** Parses and checks a role-test file. Messages quote keys and positions, never values (they may be tokens). */
export function parseRoleTestFile(uri: string, text: string): ParsedRoleTestFile {
  const parsed = parseText(text, formatFor(uri, text));
  const problems: RoleTestProblem[] = [];
  const at = (node: { offset: number; length: number } | undefined): Range => nodeRange(parsed.lines, node ?? { offset: 0, length: 0 });
  const problem = (message: string, node?: { offset: number; length: number }) => problems.push({ message, range: at(node) });

  for (const error of parsed.errors) problem(`Syntax error: ${error.message.split('\n')[0]}`, error);
  const root = parsed.root;
  if (root?.kind !== 'object') {
    if (parsed.errors.length === 0)
      problem(
        text.trim() === ''
          ? 'The file is empty: a role-test file needs `config` and `cases`.'
          : 'A role-test file must be an object with `config` and `cases`.',
        root,
      );
    return { problems, cases: [] };
  }
  unknownKeys(root, FILE_KEYS, 'role-test file', problem);

  const config = stringField(root, 'config', problem, true);
  const identityPool = stringField(root, 'identityPool', problem);
  const pool = stringField(root, 'pool', problem);
  const jwks = stringField(root, 'jwks', problem);
  let now: number | undefined;
  const nowProperty = getProperty(root, 'now');
  if (nowProperty) {
    const value = nowProperty.value;
    if (value?.kind === 'number' && Number.isInteger(value.value) && (value.value as number) >= 0) now = value.value as number;
    else if (value?.kind === 'string' && /^\d{4}-\d\d-\d\dT/.test(value.value as string) && !Number.isNaN(Date.parse(value.value as string)))
      now = Math.floor(Date.parse(value.value as string) / 1000);
    else problem('`now` takes a time in Unix seconds (a whole number such as 1767226200) or an ISO date-time (2026-01-01T00:00:00Z).', value ?? nowProperty);
  }
  let parameters: Record<string, string> | undefined;
  const parametersProperty = getProperty(root, 'parameters');
  if (parametersProperty) {
    const value = parametersProperty.value;
    if (value?.kind !== 'object') problem('`parameters` takes an object of template parameter names to values.', value ?? parametersProperty);
    else {
      parameters = {};
      for (const p of value.properties) {
        if (!/^[A-Za-z0-9]{1,255}$/.test(p.key))
          problem('A template parameter name has only letters and digits.', { offset: p.keyOffset, length: p.keyLength });
        else if (p.value?.kind === 'string' || p.value?.kind === 'number' || p.value?.kind === 'boolean') parameters[p.key] = String(p.value.value);
        else problem(`Parameter ${p.key} takes a string, number or boolean.`, p.value ?? p);
      }
    }
  }

  const cases: RoleTestCase[] = [];
  const casesProperty = getProperty(root, 'cases');
  if (!casesProperty) problem('A role-test file needs `cases`: a list of sign-ins and what each should get.', root);
  else if (casesProperty.value?.kind !== 'array') problem('`cases` takes a list.', casesProperty.value ?? casesProperty);
  else if (casesProperty.value.items.length === 0) problem('`cases` is empty: nothing to test.', casesProperty.value);
  else {
    const names = new Map<string, number>();
    casesProperty.value.items.slice(0, MAX_CASES).forEach((item, index) => {
      const parsedCase = parseCase(item, index, parsed, problem);
      if (!parsedCase) return;
      if (names.has(parsedCase.name))
        problem(`Two cases are named "${clip(parsedCase.name)}" (cases ${names.get(parsedCase.name)} and ${index}): names identify cases in reports.`, item);
      names.set(parsedCase.name, index);
      cases.push(parsedCase);
    });
    if (casesProperty.value.items.length > MAX_CASES) problem(`More than ${MAX_CASES} cases: split the file.`, casesProperty.value);
  }
  if (problems.length > 0 || config === undefined) return { problems, cases };
  return {
    problems,
    cases,
    file: { config, identityPool, pool, now, jwks, parameters, cases, configRange: at(getProperty(root, 'config')?.value) },
  };
}

function parseCase(
  item: SyntaxNode,
  index: number,
  parsed: ParsedText,
  problem: (message: string, node?: { offset: number; length: number }) => void,
): RoleTestCase | undefined {
  const where = `Case ${index}`;
  if (item.kind !== 'object') {
    problem(`${where} must be an object with \`name\`, a sign-in and \`expect\`.`, item);
    return undefined;
  }
  const report = problem;
  unknownKeys(item, CASE_KEYS, `case ${index}`, report);
  const nameProperty = getProperty(item, 'name');
  const name = stringField(item, 'name', report, true, where);
  const result: RoleTestCase = {
    name: name ?? `case ${index}`,
    index,
    range: nodeRange(parsed.lines, item),
    nameRange: nodeRange(parsed.lines, nameProperty?.value ?? item),
    expect: {},
  };
  const claimsProperty = getProperty(item, 'claims');
  if (claimsProperty) {
    if (claimsProperty.value?.kind !== 'object')
      report(`${where}: \`claims\` takes an object of claims (as in a decoded ID token).`, claimsProperty.value ?? claimsProperty);
    else result.claims = toValue(claimsProperty.value) as Record<string, unknown>;
  }
  result.token = stringField(item, 'token', report, false, where);
  result.tokenFile = stringField(item, 'tokenFile', report, false, where);
  result.login = stringField(item, 'login', report, false, where);
  result.customRoleArn = stringField(item, 'customRoleArn', report, false, where);
  const guestProperty = getProperty(item, 'guest');
  if (guestProperty) {
    if (guestProperty.value?.kind !== 'boolean' || guestProperty.value.value !== true)
      report(`${where}: \`guest\` takes only \`true\` (leave it out for a signed-in user).`, guestProperty.value ?? guestProperty);
    else result.guest = true;
  }
  const given = (['claims', 'token', 'tokenFile', 'guest'] as const).filter((k) => getProperty(item, k));
  if (given.length === 0) report(`${where}: give the sign-in: one of \`claims\`, \`token\`, \`tokenFile\` or \`guest: true\`.`, nameProperty ?? item);
  else if (given.length > 1)
    report(
      `${where}: give only one of \`claims\`, \`token\`, \`tokenFile\` and \`guest\` (got ${given.map((k) => `\`${k}\``).join(' and ')}).`,
      getProperty(item, given[1]),
    );
  if (result.guest && (result.login !== undefined || result.customRoleArn !== undefined))
    report(`${where}: a guest has no \`login\` and no \`customRoleArn\`.`, getProperty(item, result.login !== undefined ? 'login' : 'customRoleArn'));
  if (result.claims && typeof result.claims.iss !== 'string' && result.login === undefined) {
    report(
      `${where}: the claims have no "iss", so nothing says which provider they come from: add \`login\` (e.g. accounts.google.com, a SAML provider ARN or cognito-idp.REGION.amazonaws.com/POOL_ID).`,
      claimsProperty,
    );
  }

  const expectProperty = getProperty(item, 'expect');
  if (!expectProperty) report(`${where}: \`expect\` is missing: say what the sign-in should get (e.g. { outcome: role, roleArn: ... }).`, nameProperty ?? item);
  else if (expectProperty.value?.kind !== 'object')
    report(`${where}: \`expect\` takes an object with any of ${EXPECT_KEYS.map((k) => `\`${k}\``).join(', ')}.`, expectProperty.value ?? expectProperty);
  else {
    const e = expectProperty.value;
    unknownKeys(e, EXPECT_KEYS, `expect of case ${index}`, report);
    if (e.properties.length === 0) report(`${where}: \`expect\` is empty, so the case would test nothing.`, e);
    for (const p of e.properties) {
      const v = p.value;
      switch (p.key) {
        case 'outcome':
          if (v?.kind === 'string' && (OUTCOMES as readonly string[]).includes(v.value as string)) result.expect.outcome = v.value as Outcome;
          else report(`${where}: \`expect.outcome\` is one of ${OUTCOMES.join(', ')}.`, v ?? p);
          break;
        case 'via':
          if (v?.kind === 'string' && (VIAS as readonly string[]).includes(v.value as string)) result.expect.via = v.value as Via;
          else report(`${where}: \`expect.via\` is one of ${VIAS.join(', ')}.`, v ?? p);
          break;
        case 'rule':
          if (v?.kind === 'null') result.expect.rule = null;
          else if (v?.kind === 'number' && Number.isInteger(v.value) && (v.value as number) >= 0) result.expect.rule = v.value as number;
          else report(`${where}: \`expect.rule\` is the matched rule's 0-based index (or null for no rule).`, v ?? p);
          break;
        case 'roleArn':
        case 'errorCode':
          if (v?.kind === 'null') result.expect[p.key] = null;
          else if (v?.kind === 'string' && v.value !== '') result.expect[p.key] = v.value as string;
          else report(`${where}: \`expect.${p.key}\` takes a string (or null for none).`, v ?? p);
          break;
      }
    }
  }
  // Listed even with problems, so editors can show the case.
  return result;
}

function unknownKeys(
  node: ObjectNode,
  known: readonly string[],
  what: string,
  problem: (message: string, node?: { offset: number; length: number }) => void,
): void {
  for (const p of node.properties) {
    if (!known.includes(p.key))
      problem(`Unknown key "${clip(p.key)}" in the ${what}; it takes ${known.map((k) => `\`${k}\``).join(', ')}.`, {
        offset: p.keyOffset,
        length: p.keyLength,
      });
  }
}

function stringField(
  node: ObjectNode,
  key: string,
  problem: (message: string, node?: { offset: number; length: number }) => void,
  required = false,
  where?: string,
): string | undefined {
  const property = getProperty(node, key);
  const prefix = where ? `${where}: ` : '';
  if (!property) {
    if (required) problem(`${prefix}\`${key}\` is missing.`, node);
    return undefined;
  }
  const value = property.value;
  if (value?.kind === 'string' && value.value !== '') return value.value as string;
  problem(`${prefix}\`${key}\` takes a non-empty string.`, value ?? property);
  return undefined;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
