/**
 * Hierarchical document symbols (outline, breadcrumbs): pools → providers / default roles / role
 * mappings → rules. Flat SymbolInformation for clients without hierarchical support.
 */
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver';
import {
  roleConfigsOf,
  type IdentityPoolModel,
  type ModelDocument,
  type RoleConfig,
  type RoleMappingModel,
  type Range,
  PROVIDER_KIND_LABELS,
  registeredProviders,
  TERRAFORM_RESOURCE_MAPPINGS,
  type RoleMappingCore,
} from '../../../core/index';
import { fileSpan, type TerraformModule } from '../terraform';
import { uriKey } from '../utils/uris';

function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** The smallest range holding both (a mapping's range must contain its key, which sits before the value). */
function union(a: Range, b: Range): Range {
  return { start: before(a.start, b.start) ? a.start : b.start, end: before(a.end, b.end) ? b.end : a.end };
}

function contains(outer: Range, inner: Range): boolean {
  return !before(inner.start, outer.start) && !before(outer.end, inner.end);
}

function symbol(name: string, kind: SymbolKind, range: Range, selectionRange: Range, detail?: string, children?: DocumentSymbol[]): DocumentSymbol {
  // LSP requires the selection range inside the range; widen the range if a parser gave something odd.
  const fullRange = contains(range, selectionRange) ? range : union(range, selectionRange);
  const result: DocumentSymbol = { name: name.trim() === '' ? '(empty)' : name, kind, range: fullRange, selectionRange };
  if (detail) result.detail = detail;
  if (children && children.length > 0) result.children = children;
  return result;
}

function mappingSymbol(mapping: RoleMappingModel): DocumentSymbol {
  const rules = mapping.rules.map((rule) =>
    symbol(
      `${rule.claim?.value ?? '?'} ${rule.matchType?.value ?? '?'} ${rule.value?.value ?? '?'}`,
      SymbolKind.Boolean,
      rule.range,
      rule.claim?.range ?? rule.range,
      rule.roleArn ? `→ ${rule.roleArn.value}` : undefined,
    ),
  );
  const detail = [mapping.type?.value, mapping.ambiguousRoleResolution ? `ambiguous → ${mapping.ambiguousRoleResolution.value}` : undefined]
    .filter(Boolean)
    .join(', ');
  return symbol(mapping.key.value, SymbolKind.Interface, union(mapping.key.range, mapping.range), mapping.key.range, detail, rules);
}

function roleConfigSymbols(config: RoleConfig): DocumentSymbol[] {
  const children: DocumentSymbol[] = [];
  if (config.rolesRange) {
    const roles: DocumentSymbol[] = [];
    if (config.authenticated)
      roles.push(symbol('authenticated', SymbolKind.Key, config.authenticated.range, config.authenticated.range, config.authenticated.value));
    if (config.unauthenticated)
      roles.push(symbol('unauthenticated', SymbolKind.Key, config.unauthenticated.range, config.unauthenticated.range, config.unauthenticated.value));
    children.push(symbol('Roles', SymbolKind.Object, config.rolesRange, config.rolesRange, 'default roles', roles));
  }
  if (config.mappingsRange || config.mappings.length > 0) {
    const mappings = config.mappings.map(mappingSymbol);
    const range = config.mappingsRange ?? mappings.reduce((r, m) => union(r, m.range), mappings[0].range);
    children.push(symbol('RoleMappings', SymbolKind.Object, range, range, `${config.mappings.length} mapping(s)`, mappings));
  }
  return children;
}

function poolSymbol(document: ModelDocument, pool: IdentityPoolModel): DocumentSymbol | undefined {
  const children: DocumentSymbol[] = [];
  let range: Range | undefined;
  let selection: Range | undefined;
  if (pool.definition?.uri === document.uri) {
    const definition = pool.definition;
    range = definition.range;
    selection = definition.anchorRange;
    const providers = registeredProviders(definition).map((provider) =>
      symbol(
        provider.mappingKey ?? provider.loginKey,
        SymbolKind.Module,
        provider.range,
        provider.source?.range ?? provider.range,
        PROVIDER_KIND_LABELS[provider.kind],
      ),
    );
    if (providers.length > 0) {
      const providersRange = providers.reduce((r, p) => union(r, p.range), providers[0].range);
      children.push(symbol('Providers', SymbolKind.Namespace, providersRange, providers[0].selectionRange, `${providers.length} registered`, providers));
    }
  }
  for (const config of roleConfigsOf(pool)) {
    if (config.uri !== document.uri) continue;
    range = range ? union(range, config.range) : config.range;
    selection ??= config.identityPoolId?.range ?? config.anchorRange;
    const configChildren = roleConfigSymbols(config);
    if (config.logicalId && pool.definition?.uri === document.uri) {
      children.push(symbol(config.logicalId, SymbolKind.Object, config.range, config.anchorRange, 'role attachment', configChildren));
    } else {
      children.push(...configChildren);
    }
  }
  if (!range || !selection) return undefined;
  return symbol(
    pool.label,
    SymbolKind.Package,
    range,
    selection,
    pool.identityPoolId?.value !== pool.label ? pool.identityPoolId?.value : 'identity pool',
    children,
  );
}

/**
 * Symbols of a document. `linkedPools` are the workspace's pools this document contributes to (so a roles
 * file shows the name from its pool file); the document's own pools are used when none is given.
 */
export function documentSymbols(document: ModelDocument, linkedPools: readonly IdentityPoolModel[] = []): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const pool of linkedPools.length > 0 ? linkedPools : document.pools) {
    const s = poolSymbol(document, pool);
    if (s) symbols.push(s);
  }
  for (const role of document.iamRoles) {
    symbols.push(symbol(role.logicalId, SymbolKind.Class, role.range, role.range, role.arn?.value ?? 'IAM role'));
  }
  return symbols;
}

/** The symbol kind of each Terraform resource type read. */
const TERRAFORM_SYMBOL_KINDS: Readonly<Record<string, SymbolKind>> = {
  aws_cognito_identity_pool: SymbolKind.Package,
  aws_cognito_identity_pool_roles_attachment: SymbolKind.Object,
  aws_iam_role: SymbolKind.Class,
};

/**
 * Symbols of one `.tf` file of a module: the resources the Terraform reader reads, by address, a roles
 * attachment with its default roles and role mappings → rules inside (as in templates).
 */
export function terraformSymbols(core: RoleMappingCore, module: TerraformModule, fileUri: string, pools: readonly IdentityPoolModel[]): DocumentSymbol[] {
  const parsed = module.document.parsed;
  const resources = core.terraformLayoutOf(parsed)?.resources ?? [];
  const span = fileSpan(module, fileUri);
  if (!span) return [];
  const toFile = (range: Range): Range => core.terraformLocation(parsed, range)?.range ?? range;
  const inFile = (offset: number) => offset >= span.offset && offset <= span.offset + span.length;
  const configs = pools.flatMap((pool) => roleConfigsOf(pool)).filter((config) => uriKey(config.uri) === uriKey(module.uri));
  const symbols: DocumentSymbol[] = [];
  for (const resource of resources) {
    if (!TERRAFORM_RESOURCE_MAPPINGS[resource.type] || !inFile(resource.offset)) continue;
    const range = parsed.lines.rangeAt(resource.offset, resource.length);
    const selection = parsed.lines.rangeAt(resource.nameOffset, resource.nameLength);
    const config = configs.find((c) => c.logicalId === resource.address);
    const children = config ? roleConfigSymbols(config) : [];
    const kind = TERRAFORM_SYMBOL_KINDS[resource.type] ?? SymbolKind.Object;
    symbols.push(moveSymbol(symbol(resource.address, kind, range, selection, resource.type, children), toFile));
  }
  return symbols;
}

function moveSymbol(s: DocumentSymbol, move: (range: Range) => Range): DocumentSymbol {
  const moved: DocumentSymbol = { ...s, range: move(s.range), selectionRange: move(s.selectionRange) };
  if (s.children) moved.children = s.children.map((child) => moveSymbol(child, move));
  return moved;
}

export function flattenSymbols(uri: string, symbols: DocumentSymbol[], container?: string, out: SymbolInformation[] = []): SymbolInformation[] {
  for (const s of symbols) {
    out.push({ name: s.name, kind: s.kind, location: { uri, range: s.range }, containerName: container });
    if (s.children) flattenSymbols(uri, s.children, s.name, out);
  }
  return out;
}
