/** `identity-pool-roles simulate`: which role (or which AWS error) a sign-in gets, and why. */
import { createLocalJWKSet } from 'jose';
import { checkDocuments } from '../core/validate/index';
import { simulate } from '../core/evaluate/index';
import type { SimulationRequest } from '../core/evaluate/types';
import type { CoreDiagnostic } from '../core/diagnostics';
import { templateInfo } from '../core/cloudformation/template';
import { linkPools, parseDocument } from '../core/documents';
import type { IdentityPoolModel, ModelDocument } from '../core/model';
import type { Range } from '../core/positions';
import { parseCommandLine, parseParameterOptions, type OptionSpec } from './args';
import { readJsonObject, readTextFile } from './files';
import { formatSimulationText, toSimulationJson } from './simulateReport';
import { parseFormat, type Output } from './output';
import { formatPermissionsText, PERMISSION_OPTIONS, permissionsForSimulation, readPermissionOptions, wantsPermissions } from './permissionsCommand';
import { jsonForTerminal, printable, printableName } from './text';
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
  ...PERMISSION_OPTIONS,
};

export async function runSimulate(args: readonly string[], out: Output): Promise<number> {
  const command = parseCommandLine(args, OPTIONS, false);
  if (command.help) {
    out.stdout(SIMULATE_USAGE);
    return EXIT_OK;
  }
  const { parameter, context: _context, policy: _policy, ...single } = command.values;
  const v = single as Record<string, string | undefined>;
  const permissionOptions = readPermissionOptions(command.values);
  const templateParameters = parseParameterOptions(parameter as string[] | undefined);
  const format = parseFormat(v.format);
  if (v.roles === undefined) throw new UsageError('simulate needs --roles FILE (a SetIdentityPoolRoles file or a CloudFormation template).');
  const sources = [v.token !== undefined && '--token', v['token-file'] !== undefined && '--token-file', v.claims !== undefined && '--claims'].filter(Boolean);
  if (sources.length > 1) throw new UsageError(`Give at most one of --token, --token-file and --claims (got ${sources.join(' and ')}).`);
  const now = parseNow(v.now);

  // Inputs: all files are read and checked before anything is simulated.
  const rolesDocument = readRolesDocument(v.roles, templateParameters);
  const poolDocument = v['identity-pool'] !== undefined ? readIdentityPoolDocument(v['identity-pool']) : undefined;
  const { pool, templatePool } = choosePool(rolesDocument, poolDocument, v.pool);

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
    if (token === '') throw new UsageError(`The token file ${printableName(v['token-file'])} is empty.`);
    request.token = token;
    described.push(`token from ${printableName(v['token-file'])}`);
  } else if (v.claims !== undefined) {
    const claims = readJsonObject(v.claims, 'Claims file');
    if (typeof claims.iss !== 'string' && request.loginKey === undefined) {
      throw new UsageError(`The claims in ${printableName(v.claims)} have no "iss", so nothing says which provider they come from: pass --login KEY (e.g. accounts.google.com or cognito-idp.REGION.amazonaws.com/POOL_ID).`);
    }
    request.claims = claims;
    described.push(`claims from ${printableName(v.claims)}`);
  }
  if (v['custom-role-arn'] !== undefined) {
    request.customRoleArn = v['custom-role-arn'];
    described.push(`CustomRoleArn ${v['custom-role-arn']}`);
  }
  if (v.jwks !== undefined) {
    request.jwks = readJwks(v.jwks);
    described.push(`signature checked with ${printableName(v.jwks)}`);
  }
  if (request.loginKey === undefined && request.token === undefined && request.claims === undefined) described.unshift('unauthenticated guest (no login)');
  described.push(`at ${now} (${new Date(now * 1000).toISOString().replace('.000Z', 'Z')})`);

  const documents = poolDocument ? [rolesDocument, poolDocument] : [rolesDocument];
  const diagnostics = checkDocuments(documents);
  const configDiagnostics = diagnosticsOfPool(documents, diagnostics, pool);

  const result = await simulate(pool, request, { configDiagnostics });
  const json = toSimulationJson(result, templatePool);
  // Issue 19: what the chosen role lets this identity do (only when asked, so the JSON contract stays as it was).
  const permissions = wantsPermissions(permissionOptions) ? await permissionsForSimulation(permissionOptions, pool, documents, request, result) : undefined;
  if (format === 'json') {
    out.stdout(jsonForTerminal(permissions ? { ...json, ...permissions } : json) + '\n');
  } else {
    const files = [v.roles, v['identity-pool']].filter((f): f is string => f !== undefined).map(printableName).join(' + ');
    const given = Object.entries(templateParameters).map(([name, value]) => printable(`${name}=${value}`));
    const configuration = `${templatePool !== undefined ? `${files} (pool ${templatePool})` : files}${given.length > 0 ? ` with parameters ${given.join(', ')}` : ''}`;
    out.stdout(formatSimulationText(json, { configuration, request: described.join(', ') }) + (permissions ? formatPermissionsText(permissions) : ''));
  }
  return EXIT_OK;
}

function readRolesDocument(path: string, templateParameters: Record<string, string>): ModelDocument {
  const document = parseDocument(path, readTextFile(path, 'roles file'), undefined, undefined, { templateParameters });
  const given = Object.keys(templateParameters);
  if (given.length > 0 && document.kind !== 'template' && document.kind !== 'unknown') {
    throw new UsageError(`--parameter gives values for CloudFormation template parameters, but ${path} is not a template.`);
  }
  switch (document.kind) {
    case 'roles':
    case 'role-mappings':
      return document;
    case 'template': {
      // A misspelt name would silently leave the parameter at its default (or unknown): refuse it.
      const declared = templateInfo(document)?.index.parameters;
      const undeclared = given.filter((name) => !declared?.has(name));
      if (undeclared.length > 0) {
        const names = [...(declared?.keys() ?? [])];
        throw new UsageError(
          `${path} declares no parameter ${undeclared.join(', ')}; ${names.length === 0 ? 'it declares no parameters' : `its parameters are: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''}`}.`,
        );
      }
      const disallowed = templateInfo(document)?.index.disallowedValues() ?? [];
      if (disallowed.length > 0) {
        // The value itself is not echoed: stderr never repeats argument values.
        const { name, allowed } = disallowed[0];
        throw new UsageError(`The value given for parameter ${name} is not one of its AllowedValues in ${path} (${allowed.join(', ')}), so CloudFormation would refuse to deploy with it.`);
      }
      return document;
    }
    case 'identity-pool':
      throw new UsageError(`${printableName(path)} is an identity-pool file (CreateIdentityPool/DescribeIdentityPool), not a role configuration: pass it with --identity-pool, and the SetIdentityPoolRoles file with --roles.`);
    default:
      throw new UsageError(`${printableName(path)} is not a role-mapping document: it is not a SetIdentityPoolRoles file (with "IdentityPoolId", "Roles", "RoleMappings"), a RoleMappings file (provider names mapped to role mappings, the --role-mappings value) or a CloudFormation template with an identity pool, which --roles expects.${syntaxHint(document)}`);
  }
}

function readIdentityPoolDocument(path: string): ModelDocument {
  const document = parseDocument(path, readTextFile(path, 'identity-pool file'));
  if (document.kind === 'identity-pool') return document;
  if (document.kind === 'roles') throw new UsageError(`${printableName(path)} is a SetIdentityPoolRoles file, not an identity-pool file: pass it with --roles.`);
  if (document.kind === 'role-mappings') throw new UsageError(`${printableName(path)} is a RoleMappings file, not an identity-pool file: pass it with --roles.`);
  throw new UsageError(`${printableName(path)} is not an identity-pool file: --identity-pool expects CreateIdentityPool/DescribeIdentityPool JSON (with "IdentityPoolName", "CognitoIdentityProviders", ...).${syntaxHint(document)}`);
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

/** Picks the pool to simulate and joins the identity-pool file's definition to it. */
function choosePool(rolesDocument: ModelDocument, poolDocument: ModelDocument | undefined, logicalId: string | undefined): { pool: IdentityPoolModel; templatePool?: string } {
  const linked = linkPools(poolDocument ? [rolesDocument, poolDocument] : [rolesDocument]);
  const candidates = linked.filter((p) => rolesDocument.pools.some((own) => own.key === p.key || (own.roleConfig !== undefined && own.roleConfig === p.roleConfig)));
  let pool: IdentityPoolModel | undefined;
  let templatePool: string | undefined;
  if (rolesDocument.kind === 'template') {
    const ids = candidates.map((p) => p.logicalId ?? p.label);
    if (candidates.length === 0) throw new UsageError(`${printableName(rolesDocument.uri)} is a CloudFormation template without an AWS::Cognito::IdentityPool to simulate.`);
    if (logicalId !== undefined) {
      pool = candidates.find((p) => p.logicalId === logicalId);
      if (!pool) throw new UsageError(`${printableName(rolesDocument.uri)} has no identity pool with logical id ${logicalId}; its pools are: ${ids.join(', ')}.`);
    } else if (candidates.length > 1) {
      throw new UsageError(`${printableName(rolesDocument.uri)} holds ${candidates.length} identity pools; pick one with --pool LOGICAL_ID (one of: ${ids.join(', ')}).`);
    } else {
      pool = candidates[0];
    }
    templatePool = pool.logicalId ?? pool.label;
  } else {
    pool = candidates[0];
    if (!pool) throw new UsageError(`${printableName(rolesDocument.uri)} holds no role configuration to simulate.`);
    if (logicalId !== undefined && logicalId !== pool.identityPoolId?.value) {
      const what = rolesDocument.kind === 'role-mappings' ? 'a RoleMappings file' : `a SetIdentityPoolRoles file for ${pool.identityPoolId?.value ?? 'an identity pool without IdentityPoolId'}`;
      throw new UsageError(`--pool picks an identity pool of a CloudFormation template by logical id, but ${printableName(rolesDocument.uri)} is ${what}.`);
    }
  }
  if (poolDocument && !pool.definition) {
    const definitionPool = poolDocument.pools[0];
    const rolesId = pool.identityPoolId && !pool.identityPoolId.symbolic ? pool.identityPoolId.value : undefined;
    const poolId = definitionPool?.identityPoolId && !definitionPool.identityPoolId.symbolic ? definitionPool.identityPoolId.value : undefined;
    if (rolesId !== undefined && poolId !== undefined && rolesId !== poolId) {
      throw new UsageError(`The files describe different identity pools: ${printableName(rolesDocument.uri)} has IdentityPoolId ${rolesId}, ${printableName(poolDocument.uri)} has ${poolId}.`);
    }
    // A CreateIdentityPool input has no IdentityPoolId; the user said the two belong together.
    if (definitionPool?.definition) pool = { ...pool, definition: definitionPool.definition, label: definitionPool.label };
  }
  return { pool, templatePool };
}

/**
 * The diagnostics that concern the chosen pool: all of its documents' diagnostics, except (in a
 * template with several pools) those that lie inside another pool's resources.
 */
function diagnosticsOfPool(documents: readonly ModelDocument[], diagnostics: Map<string, CoreDiagnostic[]>, pool: IdentityPoolModel): CoreDiagnostic[] {
  const result: CoreDiagnostic[] = [];
  for (const document of documents) {
    const others = document.pools.filter((p) => p.key !== pool.key && !(p.roleConfig && p.roleConfig === pool.roleConfig));
    const otherRanges = others.flatMap((p) => poolRanges(p, document.uri));
    const ownRanges = poolRanges(pool, document.uri);
    for (const diagnostic of diagnostics.get(document.uri) ?? []) {
      const inOther = otherRanges.some((r) => inside(diagnostic.range, r));
      const inOwn = ownRanges.some((r) => inside(diagnostic.range, r));
      if (!inOther || inOwn) result.push(diagnostic);
    }
  }
  return result;
}

function poolRanges(pool: IdentityPoolModel, uri: string): Range[] {
  const ranges: Range[] = [];
  if (pool.definition?.uri === uri) ranges.push(pool.definition.range);
  for (const config of [pool.roleConfig, ...(pool.extraRoleConfigs ?? [])]) if (config?.uri === uri) ranges.push(config.range);
  for (const role of pool.iamRoles ?? []) if (role.uri === uri) ranges.push(role.range);
  for (const tag of pool.principalTags ?? []) if (tag.uri === uri) ranges.push(tag.range);
  return ranges;
}

function inside(inner: Range, outer: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

function parseNow(value: string | undefined): number {
  if (value === undefined) return Math.floor(Date.now() / 1000);
  if (!/^\d{1,12}$/.test(value.trim())) {
    throw new UsageError('--now takes a time in Unix seconds (a whole number such as 1767226200).');
  }
  return Number(value.trim());
}

function readJwks(path: string): { keys: unknown[] } {
  const jwks = readJsonObject(path, 'JWKS file');
  const invalid = () => new UsageError(`JWKS file ${printableName(path)} is not a JSON Web Key Set: it must be an object with a "keys" array of JWKs (each with "kty"), like a user pool's /.well-known/jwks.json.`);
  try {
    createLocalJWKSet(jwks as unknown as Parameters<typeof createLocalJWKSet>[0]);
  } catch {
    throw invalid();
  }
  const keys = jwks.keys;
  if (!Array.isArray(keys) || keys.some((k) => k === null || typeof k !== 'object' || typeof (k as { kty?: unknown }).kty !== 'string')) throw invalid();
  return { keys };
}
