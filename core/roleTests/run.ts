/**
 * Running a parsed role-test file: every case goes through `simulate`, exactly as
 * `identity-pool-roles simulate` runs it, and only the fields the case expects are compared.
 * Pure apart from the host, which reads the files the test file names (the CLI from disk, the language
 * server through its own reader).
 */
import { parseDocument, parseTerraformModule } from '../documents';
import type { ModelDocument } from '../model';
import { checkDocuments } from '../validate/index';
import { simulate } from '../evaluate/index';
import type { SimulationRequest, SimulationResult, TraceStep } from '../evaluate/types';
import type { Range } from '../positions';
import { templateInfo } from '../cloudformation/template';
import { choosePool, diagnosticsOfPool, PoolChoiceError } from '../pools';
import type { TerraformFile } from '../terraform/index';
import type { RoleTestCase, RoleTestExpect, RoleTestFile, RoleTestProblem } from './format';

export interface RoleTestHost {
  /**
   * Reads `path` as written in the test file (relative to the test file's folder). Returns the uri the
   * document is known by and its text; throws an Error whose message says why it cannot be read.
   */
  read(path: string, what: string): Promise<{ uri: string; text: string }> | { uri: string; text: string };
  /** The evaluation time when the file gives no `now`, Unix seconds. */
  now(): number;
  /**
   * The Terraform module `path` names (a folder, or the folder of a `.tf` file): its uri and its `.tf` files;
   * undefined when `path` is not Terraform. Hosts without it read a `.tf` file alone.
   */
  readTerraformModule?(
    path: string,
    what: string,
  ): Promise<{ uri: string; files: TerraformFile[] } | undefined> | { uri: string; files: TerraformFile[] } | undefined;
}

export type RoleTestStatus = 'pass' | 'fail' | 'error';

/** What the simulation gave, in the terms of `expect`. */
export interface RoleTestActual {
  outcome: SimulationResult['outcome'];
  roleArn: string | null;
  rule: number | null;
  via: SimulationResult['via'];
  errorCode: string | null;
  message: string;
}

export interface RoleTestMismatch {
  field: keyof RoleTestExpect;
  expected: unknown;
  actual: unknown;
}

export interface RoleTestCaseResult {
  name: string;
  index: number;
  range: Range;
  nameRange: Range;
  status: RoleTestStatus;
  expected: RoleTestExpect;
  actual?: RoleTestActual;
  mismatches: RoleTestMismatch[];
  /** The trace step that decided the outcome. */
  decidingStep?: TraceStep;
  /** Why the case could not run (status `error`). */
  error?: string;
  /** The simulation, for reports that show all of it. */
  result?: SimulationResult;
}

export interface RoleTestFileResult {
  /** Problems that keep the whole file from running (its configuration cannot be read or used). */
  problems: RoleTestProblem[];
  cases: RoleTestCaseResult[];
  /** The documents the file's configuration came from (their uris), for watching them. */
  inputs: string[];
  /** A template's pool that was simulated. */
  pool?: string;
}

const setupProblem = (message: string, range: Range): RoleTestFileResult => ({ problems: [{ message, range }], cases: [], inputs: [] });

/** Runs every case of `file`. Never throws for bad input: problems and errored cases say what went wrong. */
export async function runRoleTests(file: RoleTestFile, host: RoleTestHost): Promise<RoleTestFileResult> {
  const inputs: string[] = [];
  const read = async (path: string, what: string) => {
    const result = await host.read(path, what);
    inputs.push(result.uri);
    return result;
  };
  let rolesDocument: ModelDocument;
  let poolDocument: ModelDocument | undefined;
  let jwks: { keys: unknown[] } | undefined;
  const templateParameters = file.parameters ?? {};
  try {
    const module = await host.readTerraformModule?.(file.config, 'config file');
    if (module) {
      inputs.push(...module.files.map((f) => f.uri));
      rolesDocument = parseTerraformModule(module.uri, module.files, { templateParameters });
    } else {
      const roles = await read(file.config, 'config file');
      rolesDocument = parseDocument(roles.uri, roles.text, undefined, undefined, { templateParameters });
    }
    const problem = rolesProblem(rolesDocument, file.config, templateParameters);
    if (problem) return { ...setupProblem(problem, file.configRange), inputs };
    if (file.identityPool !== undefined) {
      const pool = await read(file.identityPool, 'identity-pool file');
      poolDocument = parseDocument(pool.uri, pool.text);
      if (poolDocument.kind !== 'identity-pool') {
        return {
          ...setupProblem(
            `\`identityPool\` ${file.identityPool} is not an identity-pool file (CreateIdentityPool/DescribeIdentityPool JSON)${poolDocument.kind === 'roles' || poolDocument.kind === 'role-mappings' ? '; it is a role configuration, for `config`' : ''}.`,
            file.configRange,
          ),
          inputs,
        };
      }
    }
    if (file.jwks !== undefined) {
      const text = (await read(file.jwks, 'JWKS file')).text;
      jwks = parseJwks(text);
      if (!jwks)
        return {
          ...setupProblem(
            `\`jwks\` ${file.jwks} is not a JSON Web Key Set: an object with a "keys" array of JWKs (each with "kty"), like a user pool's /.well-known/jwks.json.`,
            file.configRange,
          ),
          inputs,
        };
    }
  } catch (error) {
    return { ...setupProblem(error instanceof Error ? error.message : String(error), file.configRange), inputs };
  }
  let chosen: ReturnType<typeof choosePool>;
  try {
    chosen = choosePool(rolesDocument, poolDocument, file.pool, { poolOption: '`pool: LOGICAL_ID`', name: () => file.config });
  } catch (error) {
    if (error instanceof PoolChoiceError) return { ...setupProblem(error.message, file.configRange), inputs };
    throw error;
  }
  const documents = poolDocument ? [rolesDocument, poolDocument] : [rolesDocument];
  const checked = checkDocuments(documents);
  const configDiagnostics = diagnosticsOfPool(documents, (uri) => checked.get(uri) ?? [], chosen.pool);
  const now = file.now ?? host.now();

  const cases: RoleTestCaseResult[] = [];
  for (const testCase of file.cases) {
    const base = {
      name: testCase.name,
      index: testCase.index,
      range: testCase.range,
      nameRange: testCase.nameRange,
      expected: testCase.expect,
      mismatches: [],
    };
    const request: SimulationRequest = { now };
    if (jwks) request.jwks = jwks;
    if (testCase.login !== undefined) request.loginKey = testCase.login;
    if (testCase.customRoleArn !== undefined) request.customRoleArn = testCase.customRoleArn;
    if (testCase.claims) request.claims = testCase.claims;
    if (testCase.token !== undefined) request.token = testCase.token.trim();
    if (testCase.tokenFile !== undefined) {
      try {
        request.token = (await read(testCase.tokenFile, 'token file')).text.trim();
      } catch (error) {
        cases.push({ ...base, status: 'error', error: error instanceof Error ? error.message : String(error) });
        continue;
      }
      if (request.token === '') {
        cases.push({ ...base, status: 'error', error: `The token file ${testCase.tokenFile} is empty.` });
        continue;
      }
    }
    const result = await simulate(chosen.pool, request, { configDiagnostics });
    cases.push(compareCase(testCase, result));
  }
  return { problems: [], cases, inputs, pool: chosen.templatePool };
}

/** Compares a simulation with what the case expects: only the fields it gives. */
export function compareCase(testCase: RoleTestCase, result: SimulationResult): RoleTestCaseResult {
  const actual: RoleTestActual = {
    outcome: result.outcome,
    roleArn: result.roleArn ?? null,
    rule: result.matchedRuleIndex ?? null,
    via: result.via,
    errorCode: result.errorCode ?? null,
    message: result.message,
  };
  const mismatches: RoleTestMismatch[] = [];
  for (const field of ['outcome', 'roleArn', 'rule', 'via', 'errorCode'] as const) {
    if (!Object.hasOwn(testCase.expect, field)) continue;
    const expected = testCase.expect[field];
    if (expected !== actual[field]) mismatches.push({ field, expected, actual: actual[field] });
  }
  return {
    name: testCase.name,
    index: testCase.index,
    range: testCase.range,
    nameRange: testCase.nameRange,
    status: mismatches.length === 0 ? 'pass' : 'fail',
    expected: testCase.expect,
    actual,
    mismatches,
    decidingStep: decidingStep(result),
    result,
  };
}

/**
 * The trace step that decided the outcome: the matched rule for a rule match, else the last step that
 * failed, else the last step that was not skipped.
 */
export function decidingStep(result: SimulationResult): TraceStep | undefined {
  const trace = result.trace ?? [];
  if (result.matchedRuleIndex !== null && result.matchedRuleIndex !== undefined) {
    const rule = trace.find((s) => s.ruleIndex === result.matchedRuleIndex && s.status === 'pass');
    if (rule) return rule;
  }
  for (let i = trace.length - 1; i >= 0; i--) if (trace[i].status === 'fail') return trace[i];
  for (let i = trace.length - 1; i >= 0; i--) if (trace[i].status !== 'skip') return trace[i];
  return undefined;
}

/** One line: `outcome role arn:... (rule 0, via rules)` or `outcome error NotAuthorizedException (via ...)`. */
export function describeActual(actual: RoleTestActual): string {
  const parts = [`outcome ${actual.outcome}`];
  if (actual.roleArn !== null) parts.push(`role ${actual.roleArn}`);
  if (actual.errorCode !== null) parts.push(`error ${actual.errorCode}`);
  const details = [actual.rule !== null ? `rule ${actual.rule}` : undefined, `via ${actual.via}`].filter(Boolean).join(', ');
  return `${parts.join(', ')} (${details})`;
}

/** `roleArn arn:...`, `rule 0` ... for what a case expects. */
export function describeExpect(expect: RoleTestExpect): string {
  return (['outcome', 'roleArn', 'rule', 'via', 'errorCode'] as const)
    .filter((field) => Object.hasOwn(expect, field))
    .map((field) => `${field} ${expect[field] === null ? '(none)' : String(expect[field])}`)
    .join(', ');
}

function rolesProblem(document: ModelDocument, path: string, templateParameters: Record<string, string>): string | undefined {
  const given = Object.keys(templateParameters);
  switch (document.kind) {
    case 'roles':
    case 'role-mappings':
      return given.length > 0 ? `\`parameters\` gives values for CloudFormation template parameters, but ${path} is not a template.` : undefined;
    case 'template': {
      const declared = templateInfo(document)?.index.parameters;
      const undeclared = given.filter((name) => !declared?.has(name));
      if (undeclared.length > 0)
        return `${path} declares no parameter ${undeclared.join(', ')}; its parameters are: ${[...(declared?.keys() ?? [])].slice(0, 20).join(', ') || '(none)'}.`;
      const disallowed = templateInfo(document)?.index.disallowedValues() ?? [];
      if (disallowed.length > 0)
        return `The value given for parameter ${disallowed[0].name} is not one of its AllowedValues in ${path} (${disallowed[0].allowed.join(', ')}), so CloudFormation would refuse to deploy with it.`;
      return undefined;
    }
    case 'identity-pool':
      return `\`config\` ${path} is an identity-pool file: give it as \`identityPool\`, and the SetIdentityPoolRoles file (or template) as \`config\`.`;
    default: {
      const error = document.parsed.errors.find((e) => !e.readLimit);
      const where = error ? ` (it does not parse at line ${document.parsed.lines.positionAt(error.offset).line + 1})` : '';
      return `\`config\` ${path} is not a role configuration: not a SetIdentityPoolRoles file, a RoleMappings file, a CloudFormation template or a Terraform configuration with an identity pool${where}.`;
    }
  }
}

function parseJwks(text: string): { keys: unknown[] } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.some((k) => k === null || typeof k !== 'object' || typeof (k as { kty?: unknown }).kty !== 'string')) return undefined;
  return { keys };
}
