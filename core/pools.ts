/**
 * Pools across documents: which documents describe one pool (grouped by IdentityPoolId), the pools they
 * make once linked, which pool a command or a cursor means, and which diagnostics concern that pool.
 * The CLI and the language server both use these, so `check`, `simulate` and the editor agree.
 */
import type { CoreDiagnostic } from './diagnostics';
import type { IdentityPoolModel, ModelDocument } from './model';
import { containsPosition, type Position, type Range } from './positions';

/** The IdentityPoolIds a document names (symbolic ones excluded: a `!Ref` cannot link two files). */
export function poolIdsOf(document: ModelDocument | undefined): Set<string> {
  const ids = new Set<string>();
  for (const pool of document?.pools ?? []) {
    const id = pool.identityPoolId ?? pool.roleConfig?.identityPoolId;
    if (id && !id.symbolic) ids.add(id.value);
  }
  return ids;
}

/**
 * Documents whose IdentityPoolIds match describe one pool and are checked together (a roles file with
 * its identity-pool file); every other document is a group of its own. Groups are closed under sharing
 * (a template naming two ids joins both groups), so the answer does not depend on which document asks.
 */
export function groupDocumentsByPool(documents: readonly ModelDocument[]): ModelDocument[][] {
  const groups: ModelDocument[][] = [];
  const groupOfId = new Map<string, ModelDocument[]>();
  for (const document of documents) {
    const ids = [...poolIdsOf(document)];
    const matching = [...new Set(ids.map((id) => groupOfId.get(id)).filter((g): g is ModelDocument[] => g !== undefined))];
    let group: ModelDocument[];
    if (matching.length === 0) {
      group = [document];
      groups.push(group);
    } else {
      // Merge every group this document connects (a template may hold several pools).
      group = matching[0];
      for (const other of matching.slice(1)) {
        group.push(...other);
        groups.splice(groups.indexOf(other), 1);
        for (const [id, g] of groupOfId) if (g === other) groupOfId.set(id, group);
      }
      group.push(document);
    }
    for (const id of ids) groupOfId.set(id, group);
  }
  return groups;
}

/** The group of `groupDocumentsByPool(documents)` that holds `document` (just `[document]` when it names no id). */
export function groupOfDocument(
  documents: readonly ModelDocument[],
  document: ModelDocument,
  sameDocument: (a: ModelDocument, b: ModelDocument) => boolean = (a, b) => a === b,
): ModelDocument[] {
  if (poolIdsOf(document).size === 0) return [document];
  const others = documents.filter((d) => !sameDocument(d, document));
  const group = groupDocumentsByPool([document, ...others]).find((g) => g.includes(document)) ?? [document];
  // The asking document first, as the checks report it first.
  return [document, ...group.filter((d) => d !== document)];
}

/**
 * Joins pools across documents: a roles file and an identity-pool file whose `IdentityPoolId`s match
 * describe one pool. Pools without a matching partner stay on their own.
 */
export function linkPools(documents: readonly ModelDocument[]): IdentityPoolModel[] {
  const byKey = new Map<string, IdentityPoolModel>();
  const result: IdentityPoolModel[] = [];
  for (const document of documents) {
    for (const pool of document.pools) {
      const id = pool.identityPoolId && !pool.identityPoolId.symbolic ? pool.identityPoolId.value : undefined;
      const existing = id ? byKey.get(id) : undefined;
      if (!existing) {
        const copy: IdentityPoolModel = { ...pool };
        if (id) byKey.set(id, copy);
        result.push(copy);
        continue;
      }
      if (!existing.definition && pool.definition) {
        existing.definition = pool.definition;
        existing.label = pool.label;
      }
      if (pool.roleConfig) {
        if (!existing.roleConfig) existing.roleConfig = pool.roleConfig;
        else (existing.extraRoleConfigs ??= []).push(pool.roleConfig);
      }
      if (pool.deployTimeRoleConfig) existing.deployTimeRoleConfig = [...(existing.deployTimeRoleConfig ?? []), ...pool.deployTimeRoleConfig];
      if (pool.providersAddedElsewhere) existing.providersAddedElsewhere = [...(existing.providersAddedElsewhere ?? []), ...pool.providersAddedElsewhere];
    }
  }
  return result;
}

/** Every document a (linked) pool is made of (its definition and role configurations), in that order. */
export function poolUris(pool: IdentityPoolModel): string[] {
  const uris: string[] = [];
  if (pool.definition) uris.push(pool.definition.uri);
  if (pool.roleConfig) uris.push(pool.roleConfig.uri);
  for (const extra of pool.extraRoleConfigs ?? []) uris.push(extra.uri);
  return uris;
}

/** How a caller compares uris (the server normalises them; the CLI compares as given). */
export type UriKey = (uri: string) => string;
const asGiven: UriKey = (uri) => uri;

/** The linked pools a document contributes to. */
export function poolsOfDocument(pools: readonly IdentityPoolModel[], uri: string, key: UriKey = asGiven): IdentityPoolModel[] {
  const wanted = key(uri);
  return pools.filter((pool) => poolUris(pool).some((u) => key(u) === wanted));
}

/** The pool whose role configuration (else definition) in `uri` contains the position (templates hold several), else the first. */
export function poolAtPosition(pools: readonly IdentityPoolModel[], uri: string, position: Position, key: UriKey = asGiven): IdentityPoolModel | undefined {
  return poolContainingPosition(pools, uri, position, key) ?? poolsOfDocument(pools, uri, key)[0];
}

/** The pool whose role configuration (else definition) in `uri` contains the position; undefined when none does. */
export function poolContainingPosition(
  pools: readonly IdentityPoolModel[],
  uri: string,
  position: Position,
  key: UriKey = asGiven,
): IdentityPoolModel | undefined {
  const wanted = key(uri);
  const candidates = poolsOfDocument(pools, uri, key);
  const configs = (pool: IdentityPoolModel) => [pool.roleConfig, ...(pool.extraRoleConfigs ?? [])];
  return (
    candidates.find((pool) => configs(pool).some((c) => c && key(c.uri) === wanted && containsPosition(c.range, position))) ??
    candidates.find((pool) => pool.definition && key(pool.definition.uri) === wanted && containsPosition(pool.definition.range, position))
  );
}

/** Why no pool could be chosen; `message` is a full sentence for the user. */
export class PoolChoiceError extends Error {}

/** How the caller names things in a refusal. */
export interface PoolChoiceWording {
  /** How the user picks a template's pool, e.g. `--pool LOGICAL_ID` (the default) or `pool: LOGICAL_ID`. */
  poolOption: string;
  /** Shows a document's uri (the CLI makes file names safe for a terminal). */
  name: (uri: string) => string;
}

export interface PoolChoice {
  pool: IdentityPoolModel;
  /** The logical id (or label) of the chosen pool when the roles document is a template. */
  templatePool?: string;
}

/**
 * Picks the pool to simulate from a roles document (a roles or RoleMappings file, or a template, where
 * `logicalId` picks one of several pools) and joins an identity-pool file's definition to it. Throws a
 * PoolChoiceError when the documents name no pool, several without a choice, or two different pools.
 * `name` shows a uri in messages (the CLI makes file names safe for a terminal).
 */
export function choosePool(
  rolesDocument: ModelDocument,
  poolDocument: ModelDocument | undefined,
  logicalId: string | undefined,
  wording: Partial<PoolChoiceWording> = {},
): PoolChoice {
  const name = wording.name ?? ((uri: string) => uri);
  const poolOption = wording.poolOption ?? '--pool LOGICAL_ID';
  const linked = linkPools(poolDocument ? [rolesDocument, poolDocument] : [rolesDocument]);
  const candidates = linked.filter((p) =>
    rolesDocument.pools.some((own) => own.key === p.key || (own.roleConfig !== undefined && own.roleConfig === p.roleConfig)),
  );
  let pool: IdentityPoolModel | undefined;
  let templatePool: string | undefined;
  if (rolesDocument.kind === 'template') {
    const ids = candidates.map((p) => p.logicalId ?? p.label);
    if (candidates.length === 0)
      throw new PoolChoiceError(`${name(rolesDocument.uri)} is a CloudFormation template without an AWS::Cognito::IdentityPool to simulate.`);
    if (logicalId !== undefined) {
      pool = candidates.find((p) => p.logicalId === logicalId);
      if (!pool) throw new PoolChoiceError(`${name(rolesDocument.uri)} has no identity pool with logical id ${logicalId}; its pools are: ${ids.join(', ')}.`);
    } else if (candidates.length > 1) {
      throw new PoolChoiceError(
        `${name(rolesDocument.uri)} holds ${candidates.length} identity pools; pick one with ${poolOption} (one of: ${ids.join(', ')}).`,
      );
    } else {
      pool = candidates[0];
    }
    templatePool = pool.logicalId ?? pool.label;
  } else {
    pool = candidates[0];
    if (!pool) throw new PoolChoiceError(`${name(rolesDocument.uri)} holds no role configuration to simulate.`);
    if (logicalId !== undefined && logicalId !== pool.identityPoolId?.value) {
      const what =
        rolesDocument.kind === 'role-mappings'
          ? 'a RoleMappings file'
          : `a SetIdentityPoolRoles file for ${pool.identityPoolId?.value ?? 'an identity pool without IdentityPoolId'}`;
      throw new PoolChoiceError(
        `${poolOption.split(' ')[0]} picks an identity pool of a CloudFormation template by logical id, but ${name(rolesDocument.uri)} is ${what}.`,
      );
    }
  }
  if (poolDocument && !pool.definition) {
    const definitionPool = poolDocument.pools[0];
    const rolesId = pool.identityPoolId && !pool.identityPoolId.symbolic ? pool.identityPoolId.value : undefined;
    const poolId = definitionPool?.identityPoolId && !definitionPool.identityPoolId.symbolic ? definitionPool.identityPoolId.value : undefined;
    if (rolesId !== undefined && poolId !== undefined && rolesId !== poolId) {
      throw new PoolChoiceError(
        `The files describe different identity pools: ${name(rolesDocument.uri)} has IdentityPoolId ${rolesId}, ${name(poolDocument.uri)} has ${poolId}.`,
      );
    }
    // A CreateIdentityPool input has no IdentityPoolId; the user said the two belong together.
    if (definitionPool?.definition) pool = { ...pool, definition: definitionPool.definition, label: definitionPool.label };
  }
  return { pool, templatePool };
}

/**
 * The diagnostics that concern one pool: all of its documents' diagnostics, except (in a template with
 * several pools) those that lie inside another pool's resources. A simulation treats these as the pool's
 * configuration problems, so another pool's mistake in the same template does not change its answer.
 */
export function diagnosticsOfPool(
  documents: readonly ModelDocument[],
  diagnosticsOf: (uri: string) => readonly CoreDiagnostic[],
  pool: IdentityPoolModel,
): CoreDiagnostic[] {
  const result: CoreDiagnostic[] = [];
  for (const document of documents) {
    const others = document.pools.filter((p) => p.key !== pool.key && !(p.roleConfig && p.roleConfig === pool.roleConfig));
    const otherRanges = others.flatMap((p) => poolRanges(p, document.uri));
    const ownRanges = poolRanges(pool, document.uri);
    for (const diagnostic of diagnosticsOf(document.uri)) {
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
