/**
 * The custom requests of protocol/protocol.ts: the tree model, simulation and token decoding. The client
 * only shows what these return.
 */
import { ErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import {
  analyzePool,
  diffPools,
  decodeToken,
  isoDate,
  roleConfigsOf,
  type IdentityPoolModel,
  type RoleMappingModel,
  type SourceValue,
  type Location,
  type Position,
  type Range,
  classifyProvider,
  PROVIDER_KIND_LABELS,
  registeredProviders,
} from '../../../core/index';
import type {
  AnalyzeParams,
  AnalyzeResult,
  DiffParams,
  DiffResult,
  PoolAnalysisItem,
  DecodeTokenParams,
  DecodeTokenResult,
  MappingItem,
  ModelParams,
  ModelTree,
  PoolItem,
  ProviderItem,
  RoleGrant,
  RoleItem,
  RoleRef,
  SimulateParams,
  SimulateResult,
} from '../../../protocol/protocol';
import { roleNameOfArn } from '../../../protocol/vocabulary';
import type { RuntimeEnvironment } from '../runtime';
import { simulatablePools, simulatePools, simulationRequest } from '../simulation';
import { poolPermissions } from './permissionsHover';
import type { PolicyStore } from '../../../core/index';
import { inspectToken, type LoadedJwks } from '../tokens';
import { throwIfCancelled } from '../utils/errors';
import { pruneNesting } from '../utils/nesting';
import { uriKey } from '../utils/uris';
import { isTerraformUri } from '../terraform';
import { poolUris, type Workspace } from '../workspace';
import type { SeenClaims } from '../workspaceFacts';

export interface RequestContext {
  runtime: RuntimeEnvironment;
  workspace: Workspace;
  seenClaims: SeenClaims;
  now(): number;
  loadJwks(): Promise<LoadedJwks>;
  /** Policies from the `identityPoolRoles.policyFiles` setting (issue 19). */
  loadPolicies?(): Promise<PolicyStore>;
}

// ---- identityPoolRoles/model ----------------------------------------------------------------------------

const at = (uri: string, range: Range): Location => ({ uri, range });

function roleRef(uri: string, value: SourceValue | undefined): RoleRef | undefined {
  return value ? { arn: value.value, symbolic: value.symbolic || undefined, location: at(uri, value.range) } : undefined;
}

function mappingItem(uri: string, mapping: RoleMappingModel): MappingItem {
  const type = mapping.type?.value;
  const ambiguous = mapping.ambiguousRoleResolution?.value;
  return {
    key: mapping.key.value,
    type,
    ambiguousRoleResolution: ambiguous,
    label: [type ?? 'no Type', ambiguous ? `ambiguous → ${ambiguous}` : undefined].filter(Boolean).join(', '),
    location: at(uri, mapping.key.range),
    rules: mapping.rules.map((rule) => ({
      index: rule.index,
      claim: rule.claim?.value,
      matchType: rule.matchType?.value,
      value: rule.value?.value,
      roleArn: rule.roleArn?.value,
      label: `${rule.claim?.value ?? '?'} ${rule.matchType?.value ?? '?'} ${rule.value?.value ?? '?'} → ${roleNameOfArn(rule.roleArn?.value ?? '?')}`,
      location: at(uri, rule.range),
    })),
  };
}

/** A boolean setting, or `unknown` when it is known only at deploy time (its `value` is then a placeholder). */
function knownOrUnknown(value: SourceValue<boolean> | undefined): boolean | 'unknown' | undefined {
  return value?.symbolic ? 'unknown' : value?.value;
}

function poolItem(workspace: Workspace, pool: IdentityPoolModel): PoolItem {
  const configs = roleConfigsOf(pool);
  const mappings = configs.flatMap((config) => config.mappings.map((mapping) => ({ uri: config.uri, mapping })));
  const providers: ProviderItem[] = [];
  const used = new Set<RoleMappingModel>();
  if (pool.definition) {
    const definitionUri = pool.definition.uri;
    for (const provider of registeredProviders(pool.definition)) {
      const match = mappings.find((m) => !used.has(m.mapping) && provider.mappingKey !== undefined && m.mapping.provider.value === provider.mappingKey);
      if (match) used.add(match.mapping);
      providers.push({
        name: provider.mappingKey ?? provider.loginKey,
        kind: provider.kind,
        kindLabel: PROVIDER_KIND_LABELS[provider.kind],
        loginKey: provider.loginKey,
        mappingKey: provider.mappingKey,
        clientId: provider.clientId,
        registered: true,
        location: at(definitionUri, provider.source?.range ?? provider.range),
        mapping: match ? mappingItem(match.uri, match.mapping) : undefined,
      });
    }
  }
  for (const { uri, mapping } of mappings) {
    if (used.has(mapping)) continue;
    const kind = classifyProvider(mapping.provider.value);
    providers.push({
      name: mapping.provider.value,
      kind,
      kindLabel: PROVIDER_KIND_LABELS[kind],
      mappingKey: mapping.key.value,
      registered: false,
      location: at(uri, mapping.key.range),
      mapping: mappingItem(uri, mapping),
    });
  }
  const config = pool.roleConfig;
  const location = pool.definition
    ? at(pool.definition.uri, pool.definition.anchorRange)
    : config
      ? at(config.uri, config.identityPoolId?.range ?? config.anchorRange)
      : at('', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  let errors = 0;
  let warnings = 0;
  for (const diagnostic of workspace.poolDiagnostics(pool)) {
    if (diagnostic.severity === 'error') errors++;
    else if (diagnostic.severity === 'warning') warnings++;
  }
  return {
    key: pool.key,
    label: pool.label,
    identityPoolId: pool.identityPoolId?.value,
    location,
    uris: [...new Set(poolUris(pool))],
    allowUnauthenticatedIdentities: knownOrUnknown(pool.definition?.allowUnauthenticatedIdentities),
    allowClassicFlow: pool.definition?.allowClassicFlow?.value,
    hasDefinition: pool.definition !== undefined,
    defaultRoles: {
      authenticated: config ? roleRef(config.uri, config.authenticated) : undefined,
      unauthenticated: config ? roleRef(config.uri, config.unauthenticated) : undefined,
    },
    providers,
    problems: { errors, warnings },
  };
}

function roleItems(pools: readonly PoolItem[]): RoleItem[] {
  const roles = new Map<string, RoleItem>();
  const grant = (ref: { arn: string; symbolic?: boolean }, g: RoleGrant) => {
    let role = roles.get(ref.arn);
    if (!role) {
      role = { arn: ref.arn, label: roleNameOfArn(ref.arn), symbolic: ref.symbolic, grants: [] };
      roles.set(ref.arn, role);
    }
    role.grants.push(g);
  };
  for (const pool of pools) {
    const base = { poolKey: pool.key, poolLabel: pool.label };
    const auth = pool.defaultRoles.authenticated;
    if (auth) {
      grant(auth, {
        ...base,
        kind: 'default-authenticated',
        label: 'default authenticated role: signed-in users of providers without a role mapping (and mappings resolving to AuthenticatedRole)',
        location: auth.location,
      });
    }
    const unauth = pool.defaultRoles.unauthenticated;
    if (unauth) {
      const guests =
        pool.allowUnauthenticatedIdentities === false
          ? ' (but the pool does not allow guests)'
          : pool.allowUnauthenticatedIdentities === 'unknown'
            ? ' (if the pool allows guests: that is known only at deploy time)'
            : '';
      grant(unauth, { ...base, kind: 'default-unauthenticated', label: `default unauthenticated role: guests${guests}`, location: unauth.location });
    }
    for (const provider of pool.providers) {
      for (const rule of provider.mapping?.rules ?? []) {
        if (!rule.roleArn) continue;
        grant(
          { arn: rule.roleArn },
          {
            ...base,
            kind: 'rule',
            provider: provider.name,
            ruleIndex: rule.index,
            label: `${provider.kindLabel} ${provider.name}: rule ${rule.index + 1} (${rule.claim ?? '?'} ${rule.matchType ?? '?'} ${rule.value ?? '?'})`,
            location: rule.location,
          },
        );
      }
    }
  }
  return [...roles.values()].sort((a, b) => a.label.localeCompare(b.label));
}

export function buildModelTree(workspace: Workspace, params: ModelParams | undefined): ModelTree {
  // A `.tf` file's pools are its folder's (one Terraform module).
  const filterKey = params?.uri ? uriKey(workspace.terraformModuleOf(params.uri)?.uri ?? params.uri) : undefined;
  const pools = workspace
    .pools()
    .filter((pool) => !filterKey || poolUris(pool).some((u) => uriKey(u) === filterKey))
    .map((pool) => poolItem(workspace, pool));
  return {
    pools,
    roles: roleItems(pools),
    documentCount: workspace.documents().length,
    truncated: workspace.index.truncated,
    indexBounds: workspace.index.boundsHit,
  };
}

// ---- identityPoolRoles/simulate --------------------------------------------------------------------------

function invalidParams(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

export function checkSimulateParams(raw: unknown): SimulateParams {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw invalidParams('The parameters must be an object.');
  const params = raw as Record<string, unknown>;
  for (const name of ['poolKey', 'token', 'loginKey', 'customRoleArn'] as const) {
    if (params[name] !== undefined && typeof params[name] !== 'string') throw invalidParams(`"${name}" must be a string.`);
  }
  if (params.claims !== undefined && (typeof params.claims !== 'object' || params.claims === null || Array.isArray(params.claims))) {
    throw invalidParams('"claims" must be a JSON object of claim names to values.');
  }
  if (params.guest !== undefined && typeof params.guest !== 'boolean') throw invalidParams('"guest" must be true or false.');
  return params as SimulateParams;
}

export async function handleSimulate(context: RequestContext, raw: unknown, cancel: CancellationToken): Promise<SimulateResult> {
  const params = checkSimulateParams(raw);
  await context.workspace.index.ready;
  throwIfCancelled(cancel);
  const now = context.now();
  const pools = simulatablePools(context.workspace, params.poolKey);
  const base = { now, nowIso: isoDate(now) };
  if (pools.length === 0) {
    const message =
      params.poolKey !== undefined
        ? `No identity pool with key ${params.poolKey} is known in this workspace.`
        : 'No identity pool configuration (roles file, identity-pool file or template) was found in this workspace.';
    return { ...base, results: [], message };
  }
  const jwks = params.token !== undefined && !params.guest ? await context.loadJwks() : { problems: [] };
  throwIfCancelled(cancel);
  if (params.claims) context.seenClaims.add(params.claims);
  if (params.token !== undefined && !params.guest) {
    const decoded = decodeToken(params.token);
    if (decoded.ok) context.seenClaims.add(decoded.claims);
  }
  const request = simulationRequest(params, now, jwks.jwks);
  const results = await simulatePools(context.runtime, context.workspace, pools, request, cancel);
  for (const [i, result] of results.entries()) {
    const permissions = await poolPermissions(context.workspace, pools[i], request, result, await context.loadPolicies?.());
    if (permissions) result.permissions = permissions;
  }
  return { ...base, results };
}

// ---- identityPoolRoles/decodeToken -----------------------------------------------------------------------

/** Deeper than the client's report shows (it says "truncated" past 32 levels), far below what overflows. */
const MAX_SENT_NESTING = 64;

export async function handleDecodeToken(context: RequestContext, raw: unknown, cancel: CancellationToken): Promise<DecodeTokenResult> {
  const params = raw as DecodeTokenParams | undefined;
  if (!params || typeof params.token !== 'string') throw invalidParams('"token" must be a string.');
  throwIfCancelled(cancel);
  const result = await inspectToken(params.token, context.now(), await context.loadJwks());
  if (!result.ok) return result;
  context.seenClaims.add(result.claims);
  // A token can nest thousands of levels, more than the JSON-RPC serialiser can; the report shows fewer anyway.
  return { ...result, header: pruneNesting(result.header, MAX_SENT_NESTING).value, claims: pruneNesting(result.claims, MAX_SENT_NESTING).value };
}

// ---- identityPoolRoles/analyze ---------------------------------------------------------------------------

export async function handleAnalyze(context: RequestContext, raw: unknown, cancel: CancellationToken): Promise<AnalyzeResult> {
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) throw invalidParams('The parameters must be an object.');
  const params = (raw ?? {}) as AnalyzeParams;
  if (params.poolKey !== undefined && typeof params.poolKey !== 'string') throw invalidParams('"poolKey" must be a string.');
  await context.workspace.index.ready;
  throwIfCancelled(cancel);
  const now = context.now();
  const base = { now, nowIso: isoDate(now) };
  const pools = context.workspace.pools().filter((pool) => pool.roleConfig && (params.poolKey === undefined || pool.key === params.poolKey));
  if (pools.length === 0) {
    const message =
      params.poolKey !== undefined
        ? `No identity pool with key ${params.poolKey} and a role configuration is known in this workspace.`
        : 'No role configuration (roles file or template) was found in this workspace.';
    return { ...base, pools: [], message };
  }
  const items: PoolAnalysisItem[] = [];
  for (const pool of pools) {
    throwIfCancelled(cancel);
    items.push({ poolKey: pool.key, poolLabel: pool.label, analysis: analyzePool(pool, { now, configDiagnostics: context.workspace.poolDiagnostics(pool) }) });
  }
  return { ...base, pools: items };
}

// ---- identityPoolRoles/diff ------------------------------------------------------------------------------

export async function handleDiff(context: RequestContext, raw: unknown, cancel: CancellationToken): Promise<DiffResult> {
  const params = raw as DiffParams | undefined;
  if (!params || typeof params !== 'object') throw invalidParams('The parameters must be an object.');
  for (const name of ['uri', 'otherText', 'otherName'] as const) {
    if (typeof params[name] !== 'string') throw invalidParams(`"${name}" must be a string.`);
  }
  if (params.poolKey !== undefined && typeof params.poolKey !== 'string') throw invalidParams('"poolKey" must be a string.');
  if (params.position !== undefined && !isPosition(params.position)) throw invalidParams('"position" must be { line, character } (non-negative integers).');
  await context.workspace.index.ready;
  throwIfCancelled(cancel);
  const { workspace } = context;
  const now = context.now();
  const base = { uri: params.uri, otherName: params.otherName, now, nowIso: isoDate(now) };
  const after = workspace.poolsOf(params.uri).filter((pool) => pool.roleConfig);
  if (after.length === 0) return { ...base, message: 'This document holds no role configuration to compare.' };
  const chosen = diffPoolOf(workspace, params, after);
  if (!chosen) {
    // Comparing the first of several pools would report on a pool the user did not mean: ask instead.
    const message =
      params.poolKey !== undefined
        ? 'The pool asked for is no longer in this document: pick the pool to compare.'
        : `This document holds ${after.length} identity pools: pick the pool to compare.`;
    return { ...base, message, poolChoices: after.map((pool) => ({ key: pool.key, label: pool.label })) };
  }
  const { pool: afterPool, by: poolChosen } = chosen;
  // The other version takes the place of this document among the documents the pool is made of.
  // A `.tf` file is a part of its folder's module: the other version of the module has this file's other text.
  const module = isTerraformUri(params.uri) ? workspace.terraformModuleOf(params.uri) : undefined;
  const key = uriKey(module?.uri ?? params.uri);
  const otherDocument = module
    ? workspace.core.parseTerraformModule(
        module.uri,
        module.files.map((file) => ({
          uri: file.uri,
          text: uriKey(file.uri) === uriKey(params.uri) ? params.otherText : module.document.parsed.text.slice(file.offset, file.offset + file.length),
        })),
        workspace.cache.options,
      )
    : workspace.core.parseDocument(params.uri, params.otherText);
  const companions = [...new Set(poolUris(afterPool))].filter((u) => uriKey(u) !== key).flatMap((u) => workspace.model(u) ?? []);
  const beforeDocuments = [otherDocument, ...companions];
  const beforePools = workspace.core.linkPools(beforeDocuments).filter((pool) => pool.roleConfig);
  const id = afterPool.identityPoolId?.value;
  const beforePool =
    beforePools.find((pool) => pool.key === afterPool.key) ??
    (id !== undefined ? beforePools.find((pool) => pool.identityPoolId?.value === id) : undefined) ??
    beforePools.find((pool) => pool.label === afterPool.label) ??
    beforePools[0];
  if (!beforePool) return { ...base, poolLabel: afterPool.label, poolChosen, message: `${params.otherName} holds no role configuration to compare with.` };
  throwIfCancelled(cancel);
  const checked = workspace.core.checkDocuments(beforeDocuments);
  const beforeDiagnostics = workspace.core.diagnosticsOfPool(beforeDocuments, (u) => checked.get(u) ?? [], beforePool);
  const diff = diffPools(beforePool, afterPool, { now, beforeDiagnostics, afterDiagnostics: workspace.poolDiagnostics(afterPool) });
  return { ...base, poolLabel: afterPool.label, poolChosen, diff };
}

/** The pool of the document to compare: by key, else the one at the cursor, else the only one; undefined to ask. */
function diffPoolOf(
  workspace: Workspace,
  params: DiffParams,
  pools: readonly IdentityPoolModel[],
): { pool: IdentityPoolModel; by: NonNullable<DiffResult['poolChosen']> } | undefined {
  if (params.poolKey !== undefined) {
    const pool = pools.find((p) => p.key === params.poolKey);
    return pool ? { pool, by: 'key' } : undefined;
  }
  if (params.position) {
    const at = workspace.modulePosition(params.uri, params.position);
    const pool = workspace.core.poolContainingPosition(pools, at.uri, at.position, uriKey);
    if (pool) return { pool, by: 'position' };
  }
  return pools.length === 1 ? { pool: pools[0], by: 'only' } : undefined;
}

function isPosition(value: unknown): value is Position {
  const position = value as Position | null;
  return (
    typeof position === 'object' &&
    position !== null &&
    Number.isInteger(position.line) &&
    Number.isInteger(position.character) &&
    position.line >= 0 &&
    position.character >= 0
  );
}
