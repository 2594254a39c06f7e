/**
 * Choosing the identity pool to simulate from a role configuration (and an optional identity-pool file),
 * and the diagnostics that concern it: shared by `simulate` and role-test files. Pure.
 */
import type { CoreDiagnostic } from '../diagnostics';
import { linkPools } from '../documents';
import type { IdentityPoolModel, ModelDocument } from '../model';
import type { Range } from '../positions';

/** A configuration that cannot be simulated; the message is for the user (names are not escaped). */
export class PoolChoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoolChoiceError';
  }
}

export interface PoolChoiceWording {
  /** How the user picks a template's pool, e.g. `--pool LOGICAL_ID` or `pool: LOGICAL_ID`. */
  poolOption: string;
  /** Printable name of a document (file names are escaped by the caller's rules). */
  name: (uri: string) => string;
}

/** Picks the pool to simulate and joins the identity-pool file's definition to it. */
export function choosePool(
  rolesDocument: ModelDocument,
  poolDocument: ModelDocument | undefined,
  logicalId: string | undefined,
  wording: PoolChoiceWording,
): { pool: IdentityPoolModel; templatePool?: string } {
  const name = wording.name;
  const linked = linkPools(poolDocument ? [rolesDocument, poolDocument] : [rolesDocument]);
  const candidates = linked.filter((p) => rolesDocument.pools.some((own) => own.key === p.key || (own.roleConfig !== undefined && own.roleConfig === p.roleConfig)));
  let pool: IdentityPoolModel | undefined;
  let templatePool: string | undefined;
  if (rolesDocument.kind === 'template') {
    const ids = candidates.map((p) => p.logicalId ?? p.label);
    if (candidates.length === 0) throw new PoolChoiceError(`${name(rolesDocument.uri)} is a CloudFormation template without an AWS::Cognito::IdentityPool to simulate.`);
    if (logicalId !== undefined) {
      pool = candidates.find((p) => p.logicalId === logicalId);
      if (!pool) throw new PoolChoiceError(`${name(rolesDocument.uri)} has no identity pool with logical id ${logicalId}; its pools are: ${ids.join(', ')}.`);
    } else if (candidates.length > 1) {
      throw new PoolChoiceError(`${name(rolesDocument.uri)} holds ${candidates.length} identity pools; pick one with ${wording.poolOption} (one of: ${ids.join(', ')}).`);
    } else {
      pool = candidates[0];
    }
    templatePool = pool.logicalId ?? pool.label;
  } else {
    pool = candidates[0];
    if (!pool) throw new PoolChoiceError(`${name(rolesDocument.uri)} holds no role configuration to simulate.`);
    if (logicalId !== undefined && logicalId !== pool.identityPoolId?.value) {
      const what = rolesDocument.kind === 'role-mappings' ? 'a RoleMappings file' : `a SetIdentityPoolRoles file for ${pool.identityPoolId?.value ?? 'an identity pool without IdentityPoolId'}`;
      throw new PoolChoiceError(`${wording.poolOption.split(' ')[0]} picks an identity pool of a CloudFormation template by logical id, but ${name(rolesDocument.uri)} is ${what}.`);
    }
  }
  if (poolDocument && !pool.definition) {
    const definitionPool = poolDocument.pools[0];
    const rolesId = pool.identityPoolId && !pool.identityPoolId.symbolic ? pool.identityPoolId.value : undefined;
    const poolId = definitionPool?.identityPoolId && !definitionPool.identityPoolId.symbolic ? definitionPool.identityPoolId.value : undefined;
    if (rolesId !== undefined && poolId !== undefined && rolesId !== poolId) {
      throw new PoolChoiceError(`The files describe different identity pools: ${name(rolesDocument.uri)} has IdentityPoolId ${rolesId}, ${name(poolDocument.uri)} has ${poolId}.`);
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
export function diagnosticsOfPool(documents: readonly ModelDocument[], diagnostics: Map<string, CoreDiagnostic[]>, pool: IdentityPoolModel): CoreDiagnostic[] {
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
