/** `identity-pool-roles simulate`: which role (or which AWS error) a sign-in gets, and why. */
import {
  createRoleMappingCore,
  isoDate,
  MAX_JWKS_FILE_BYTES,
  PoolChoiceError,
  readJwksText,
  type Jwks,
  type CoreDiagnostic,
  type IdentityPoolModel,
  type ModelDocument,
  type PoolChoice,
  type RoleMappingCore,
  type SimulationRequest,
  type SimulationResult,
} from '../core/index';
import { parseCommandLine, parseParameterOptions, type OptionSpec } from './args';
import { claimStdin, inputName, isStdin, readJsonObject, readTextFile, stdinTerraformHint } from './files';
import { formatSimulationText, toSimulationJson } from './simulateReport';
import { parseFormat, type Output } from './output';
import { formatPermissionsText, PERMISSION_OPTIONS, permissionsForSimulation, readPermissionOptions, wantsPermissions } from './permissionsCommand';
import { jsonForTerminal, printable, printableName } from './text';
import { isDirectory, isTerraformPath, readTerraformRoles } from './terraform';
import { EXIT_OK, SIMULATE_USAGE, UsageError } from './usage';

const OPTIONS: OptionSpec = {
  roles: { type: 'string' },
  'identity-pool': { type: 'string' },
  pool: { type: 'string' },
  login: { type: 'string' },
  token: { type: 'string' },
  'token-file': { type: 'string' },
  claims: { type: 'string' },
  'custom-role-arn': { type: 'string' },
  jwks: { type: 'string' },
  now: { type: 'string' },
  format: { type: 'string' },
  parameter: { type: 'string', multiple: true },
  // Terraform's spelling of --parameter: the value of a variable.
  var: { type: 'string', multiple: true },
  'stdin-name': { type: 'string' },
  ...PERMISSION_OPTIONS,
};

export async function runSimulate(args: readonly string[], out: Output): Promise<number> {
  const command = parseCommandLine(args, OPTIONS, false);
  if (command.help) {
    out.stdout(SIMULATE_USAGE);
    return EXIT_OK;
  }
  const { parameter, var: variables, context: _context, policy: _policy, ...single } = command.values;
  const v = single as Record<string, string | undefined>;
  const permissionOptions = readPermissionOptions(command.values);
  const templateParameters = parseParameterOptions([...((parameter as string[] | undefined) ?? []), ...((variables as string[] | undefined) ?? [])]);
  const core = createRoleMappingCore({ templateParameters });
  const format = parseFormat(v.format);
  if (v.roles === undefined)
    throw new UsageError('simulate needs --roles FILE (a SetIdentityPoolRoles file, a CloudFormation template, or a Terraform .tf file or folder).');
  const sources = [v.token !== undefined && '--token', v['token-file'] !== undefined && '--token-file', v.claims !== undefined && '--claims'].filter(Boolean);
  if (sources.length > 1) throw new UsageError(`Give at most one of --token, --token-file and --claims (got ${sources.join(' and ')}).`);
  const now = parseNow(v.now);
  claimStdin(
    [
      ['--roles', v.roles],
      ['--identity-pool', v['identity-pool']],
      ['--token-file', v['token-file']],
      ['--claims', v.claims],
      ['--jwks', v.jwks],
      ...permissionOptions.policies.map(([, file]) => ['--policy', file] as const),
    ],
    v['stdin-name'],
  );

  // Inputs: all files are read and checked before anything is simulated.
  const rolesDocument = readRolesDocument(core, v.roles, templateParameters, out.stderr);
  const poolDocument = v['identity-pool'] !== undefined ? readIdentityPoolDocument(core, v['identity-pool']) : undefined;
  const { pool, templatePool } = chooseOrRefuse(core, rolesDocument, poolDocument, v.pool);

  const request: SimulationRequest = { now };
  const described: string[] = [];
  if (v.login !== undefined) {
    request.loginKey = v.login;
    described.push(`login ${v.login}`);
  }
  if (v.token !== undefined) {
    request.token = v.token.trim();
    described.push('token from --token');
  } else if (v['token-file'] !== undefined) {
    const token = readTextFile(v['token-file'], 'token file').trim();
    if (token === '') throw new UsageError(`The token file ${printableName(inputName(v['token-file']))} is empty.`);
    request.token = token;
    described.push(`token from ${printableName(inputName(v['token-file']))}`);
  } else if (v.claims !== undefined) {
    const claims = readJsonObject(v.claims, 'Claims file');
    if (typeof claims.iss !== 'string' && request.loginKey === undefined) {
      throw new UsageError(
        `The claims in ${printableName(inputName(v.claims))} have no "iss", so nothing says which provider they come from: pass --login KEY (e.g. accounts.google.com or cognito-idp.REGION.amazonaws.com/POOL_ID).`,
      );
    }
    request.claims = claims;
    described.push(`claims from ${printableName(inputName(v.claims))}`);
  }
  if (v['custom-role-arn'] !== undefined) {
    request.customRoleArn = v['custom-role-arn'];
    described.push(`CustomRoleArn ${v['custom-role-arn']}`);
  }
  if (v.jwks !== undefined) {
    request.jwks = readJwks(v.jwks);
    described.push(`signature checked with ${printableName(inputName(v.jwks))}`);
  }
  if (request.loginKey === undefined && request.token === undefined && request.claims === undefined) described.unshift('unauthenticated guest (no login)');
  described.push(`at ${now} (${isoDate(now)})`);

  const documents = poolDocument ? [rolesDocument, poolDocument] : [rolesDocument];
  const configDiagnostics = configDiagnosticsOfPool(core, documents, pool);

  const result = inTerraformFiles(core, rolesDocument, await core.simulate(pool, request, { configDiagnostics }));
  const json = toSimulationJson(result, templatePool);
  // Issue 19: what the chosen role lets this identity do (only when asked, so the JSON contract stays as it was).
  const permissions = wantsPermissions(permissionOptions) ? await permissionsForSimulation(permissionOptions, pool, documents, request, result) : undefined;
  if (format === 'json') {
    out.stdout(jsonForTerminal(permissions ? { ...json, ...permissions } : json) + '\n');
  } else {
    const files = [v.roles, v['identity-pool']]
      .filter((f): f is string => f !== undefined)
      .map((file) => printableName(inputName(file)))
      .join(' + ');
    const given = Object.entries(templateParameters).map(([name, value]) => printable(`${name}=${value}`));
    const configuration = `${templatePool !== undefined ? `${files} (pool ${templatePool})` : files}${given.length > 0 ? ` with parameters ${given.join(', ')}` : ''}`;
    out.stdout(formatSimulationText(json, { configuration, request: described.join(', ') }) + (permissions ? formatPermissionsText(permissions) : ''));
  }
  return EXIT_OK;
}

function readRolesDocument(
  core: RoleMappingCore,
  path: string,
  templateParameters: Record<string, string>,
  note: (text: string) => void = () => undefined,
): ModelDocument {
  // Terraform: a folder is a module (its .tf files), a .tf file is read with its folder's; standard input
  // is read alone, as what --stdin-name says it is.
  const document =
    !isStdin(path) && (isDirectory(path) || isTerraformPath(path))
      ? readTerraformRoles(core, path, note)
      : core.parseDocument(inputName(path), readTextFile(path, 'roles file'));
  const given = Object.keys(templateParameters);
  if (given.length > 0 && document.kind !== 'template' && document.kind !== 'unknown') {
    throw new UsageError(`--parameter gives values for CloudFormation template parameters, but ${printableName(inputName(path))} is not a template.`);
  }
  switch (document.kind) {
    case 'roles':
    case 'role-mappings':
      return document;
    case 'template': {
      // A misspelt name would silently leave the parameter at its default (or unknown): refuse it.
      const declared = core.templateInfo(document)?.index.parameters;
      const undeclared = given.filter((name) => !declared?.has(name));
      if (undeclared.length > 0) {
        const names = [...(declared?.keys() ?? [])];
        throw new UsageError(
          `${printableName(inputName(path))} declares no parameter ${undeclared.join(', ')}; ${names.length === 0 ? 'it declares no parameters' : `its parameters are: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''}`}.`,
        );
      }
      const disallowed = core.templateInfo(document)?.index.disallowedValues() ?? [];
      if (disallowed.length > 0) {
        // The value itself is not echoed: stderr never repeats argument values.
        const { name, allowed } = disallowed[0];
        throw new UsageError(
          `The value given for parameter ${name} is not one of its AllowedValues in ${printableName(inputName(path))} (${allowed.join(', ')}), so CloudFormation would refuse to deploy with it.`,
        );
      }
      return document;
    }
    case 'identity-pool':
      throw new UsageError(
        `${printableName(inputName(path))} is an identity-pool file (CreateIdentityPool/DescribeIdentityPool), not a role configuration: pass it with --identity-pool, and the SetIdentityPoolRoles file with --roles.`,
      );
    default:
      throw new UsageError(
        `${printableName(inputName(path))} is not a role-mapping document: it is not a SetIdentityPoolRoles file (with "IdentityPoolId", "Roles", "RoleMappings"), a RoleMappings file (provider names mapped to role mappings, the --role-mappings value), a CloudFormation template or a Terraform configuration with an identity pool, which --roles expects.${syntaxHint(document)}${stdinHint(path, document)}`,
      );
  }
}

export function readIdentityPoolDocument(core: RoleMappingCore, path: string): ModelDocument {
  // An identity-pool file is not a template: the parameter values do not apply to it.
  const document = core.parseDocument(inputName(path), readTextFile(path, 'identity-pool file'), undefined, undefined, {});
  if (document.kind === 'identity-pool') return document;
  if (document.kind === 'roles')
    throw new UsageError(`${printableName(inputName(path))} is a SetIdentityPoolRoles file, not an identity-pool file: pass it with --roles.`);
  if (document.kind === 'role-mappings')
    throw new UsageError(`${printableName(inputName(path))} is a RoleMappings file, not an identity-pool file: pass it with --roles.`);
  throw new UsageError(
    `${printableName(inputName(path))} is not an identity-pool file: --identity-pool expects CreateIdentityPool/DescribeIdentityPool JSON (with "IdentityPoolName", "CognitoIdentityProviders", ...).${syntaxHint(document)}`,
  );
}

/** For a Terraform text piped without --stdin-name: how to name it. */
function stdinHint(path: string, document: ModelDocument): string {
  const hint = stdinTerraformHint(path, document.parsed.text);
  return hint ? ` ${hint}` : '';
}

/** Why a document was not recognised, when the reason is more than its content (too large, broken syntax). */
function syntaxHint(document: ModelDocument): string {
  const tooLarge = document.parseDiagnostics.find((d) => d.code === 'file-too-large');
  if (tooLarge) return ` (${tooLarge.message})`;
  if (document.parsed.text.trim() === '') return ' (The file is empty.)';
  const error = document.parsed.errors.find((e) => !e.readLimit);
  if (!error) return '';
  const position = document.parsed.lines.positionAt(error.offset);
  return ` (It does not parse: ${error.message.split('\n')[0].replace(/\.$/, '')} at line ${position.line + 1}, column ${position.character + 1}.)`;
}

/** A simulation of a Terraform module, each trace location moved into the file it points into. */
function inTerraformFiles(core: RoleMappingCore, document: ModelDocument, result: SimulationResult): SimulationResult {
  if (!core.terraformLayoutOf(document.parsed)) return result;
  const trace = result.trace.map((step) => {
    const location = step.location?.uri === document.uri ? core.terraformLocation(document.parsed, step.location.range) : undefined;
    return location ? { ...step, location } : step;
  });
  return { ...result, trace };
}

/** The core's pool choice, its refusal shown as a usage error (the user named the wrong files or pool). */
function chooseOrRefuse(
  core: RoleMappingCore,
  rolesDocument: ModelDocument,
  poolDocument: ModelDocument | undefined,
  logicalId: string | undefined,
): PoolChoice {
  try {
    return core.choosePool(rolesDocument, poolDocument, logicalId, { name: printableName });
  } catch (error) {
    if (error instanceof PoolChoiceError) throw new UsageError(error.message);
    throw error;
  }
}

export function parseNow(value: string | undefined): number {
  if (value === undefined) return Math.floor(Date.now() / 1000);
  if (!/^\d{1,12}$/.test(value.trim())) {
    throw new UsageError('--now takes a time in Unix seconds (a whole number such as 1767226200).');
  }
  return Number(value.trim());
}

/** The same reading as the server's `jwksFiles`: a key set or a single JWK; anything else is bad usage. */
function readJwks(path: string): Jwks {
  const read = readJwksText(readTextFile(path, 'JWKS file', MAX_JWKS_FILE_BYTES));
  if (!read.ok) throw new UsageError(`JWKS file ${printableName(inputName(path))} ${read.problem}.`);
  return read.jwks;
}

/** The configuration diagnostics that concern `pool` (those of its documents, less other pools' in a template). */
function configDiagnosticsOfPool(core: RoleMappingCore, documents: readonly ModelDocument[], pool: IdentityPoolModel): CoreDiagnostic[] {
  const checked = core.checkDocuments(documents);
  return core.diagnosticsOfPool(documents, (uri) => checked.get(uri) ?? [], pool);
}

/** The pool a command works on (`--roles`, `--identity-pool`, `--pool`) and the configuration diagnostics that concern it. */
export function loadPool(
  core: RoleMappingCore,
  rolesPath: string,
  poolDocument: ModelDocument | undefined,
  logicalId: string | undefined,
): { pool: IdentityPoolModel; configDiagnostics: CoreDiagnostic[] } {
  const rolesDocument = readRolesDocument(core, rolesPath, {});
  const { pool } = chooseOrRefuse(core, rolesDocument, poolDocument, logicalId);
  return { pool, configDiagnostics: configDiagnosticsOfPool(core, poolDocument ? [rolesDocument, poolDocument] : [rolesDocument], pool) };
}
