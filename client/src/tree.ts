/**
 * The "Identity Pools" tree: pools → providers → mapping → rules, and a "Roles" branch: who can become each
 * role, and what it allows (role → allows → service → actions, listed by the server).
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import {
  AnalyzeRequest,
  ModelRequest,
  RoleAllowsRequest,
  type AllowedAction,
  type AnalyzeResult,
  REVEAL_COMMAND,
  type IndexBoundHit,
  type Location,
  type MappingItem,
  type ModelTree,
  type PoolItem,
  type ProviderItem,
  type RoleItem,
  type RoleRef,
  type RolePath,
} from '../../protocol/protocol';
import { rolePathLabel } from './reportMarkdown';
import { roleNameOfArn } from '../../protocol/vocabulary';

export type TreeNode =
  | { kind: 'pool'; pool: PoolItem }
  | { kind: 'defaultRole'; which: 'authenticated' | 'unauthenticated'; role: RoleRef }
  | { kind: 'provider'; pool: PoolItem; provider: ProviderItem }
  | { kind: 'mapping'; pool: PoolItem; provider: ProviderItem; mapping: MappingItem }
  | { kind: 'rule'; label: string; location: Location; roleArn?: string }
  | { kind: 'note'; label: string; location?: Location }
  | { kind: 'roles'; roles: RoleItem[] }
  | { kind: 'role'; role: RoleItem }
  | { kind: 'grant'; label: string; location: Location }
  | { kind: 'path'; label: string; condition: string; witness: Record<string, unknown> | null; location?: Location }
  | { kind: 'bound'; bound: IndexBoundHit }
  | { kind: 'allows'; role: RoleItem }
  | { kind: 'allowedService'; service: string; actions: AllowedAction[] }
  | { kind: 'allowedAction'; action: AllowedAction };

export class PoolsTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private model: Promise<ModelTree | undefined> | undefined;
  private analysis: Promise<AnalyzeResult | undefined> | undefined;
  /** The view showing this tree: its message says when indexing hit a bound. */
  view: vscode.TreeView<TreeNode> | undefined;

  constructor(private readonly getClient: () => LanguageClient | undefined) {}

  refresh(): void {
    this.model = undefined;
    this.analysis = undefined;
    this.changed.fire();
  }

  /** The latest model (pools and roles), fetched from the server at most once per refresh. */
  current(): Promise<ModelTree | undefined> {
    this.model ??= this.fetch();
    return this.model;
  }

  private async fetch(): Promise<ModelTree | undefined> {
    const client = this.getClient();
    if (!client?.isRunning()) return undefined;
    try {
      const model = await client.sendRequest(ModelRequest, {});
      // Plain text (a view message renders no Markdown); the server names no file in it.
      if (this.view) this.view.message = model.indexBounds.map((bound) => bound.message).join('\n') || undefined;
      return model;
    } catch {
      return undefined;
    }
  }

  /** The server's analysis of every pool (the exact paths to each role), fetched when a role is first expanded. */
  private analyzed(): Promise<AnalyzeResult | undefined> {
    this.analysis ??= (async () => {
      const client = this.getClient();
      if (!client?.isRunning()) return undefined;
      try {
        return await client.sendRequest(AnalyzeRequest, {});
      } catch {
        return undefined;
      }
    })();
    return this.analysis;
  }

  /** The exact paths to a role (server-computed), each revealing the rule or default it goes through; the grants when there is no analysis. */
  private async rolePaths(role: RoleItem): Promise<TreeNode[]> {
    const analysis = await this.analyzed();
    const nodes: TreeNode[] = [];
    for (const pool of analysis?.pools ?? []) {
      const paths = pool.analysis.roles.find((r) => r.roleArn === role.arn)?.paths ?? [];
      for (const path of paths) {
        nodes.push({
          kind: 'path',
          label: `${pool.poolLabel}: ${rolePathLabel(path)}`,
          condition: path.condition,
          witness: path.witness,
          location: grantOf(role, pool.poolKey, path)?.location,
        });
      }
    }
    if (nodes.length > 0) return nodes;
    return role.grants.map((grant) => ({ kind: 'grant', label: `${grant.poolLabel}: ${grant.label}`, location: grant.location }));
  }

  /** What the role's policies allow, by service (server-computed), or a note saying why it is not known. */
  private async allowed(role: RoleItem): Promise<TreeNode[]> {
    const client = this.getClient();
    if (!client?.isRunning()) return [];
    let result;
    try {
      result = await client.sendRequest(RoleAllowsRequest, { roleArn: role.arn, poolKey: role.grants[0]?.poolKey });
    } catch {
      return [{ kind: 'note', label: 'Could not list what this role allows; see the server log.' }];
    }
    if (!result.known) return [{ kind: 'note', label: 'Policies not in these files (set identityPoolRoles.policyFiles to give them).' }];
    const nodes: TreeNode[] = result.services.map((s) => ({ kind: 'allowedService', service: s.service, actions: s.actions }));
    if (result.services.length === 0) nodes.push({ kind: 'note', label: 'No Allow statement in its policies.' });
    for (const policy of result.unresolved) nodes.push({ kind: 'note', label: `Not in these files: ${policy}` });
    if (result.boundary) nodes.push({ kind: 'note', label: `Permissions boundary ${result.boundary}: the role can do only what it also allows.` });
    return nodes;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      const model = await this.current();
      // No pools and nothing left out: return nothing so VS Code shows the welcome view with its "Open an example" button.
      if (!model || (model.pools.length === 0 && model.indexBounds.length === 0)) return [];
      const top: TreeNode[] = model.indexBounds.map((bound) => ({ kind: 'bound', bound }));
      for (const pool of model.pools) top.push({ kind: 'pool', pool });
      if (model.roles.length) top.push({ kind: 'roles', roles: model.roles });
      return top;
    }
    switch (node.kind) {
      case 'pool': {
        const children: TreeNode[] = [];
        const { authenticated, unauthenticated } = node.pool.defaultRoles;
        if (authenticated) children.push({ kind: 'defaultRole', which: 'authenticated', role: authenticated });
        if (unauthenticated) children.push({ kind: 'defaultRole', which: 'unauthenticated', role: unauthenticated });
        for (const provider of node.pool.providers) children.push({ kind: 'provider', pool: node.pool, provider });
        if (!node.pool.hasDefinition)
          children.push({ kind: 'note', label: 'No identity-pool definition found: providers are known only from RoleMappings keys.' });
        return children;
      }
      case 'provider':
        return node.provider.mapping
          ? [{ kind: 'mapping', pool: node.pool, provider: node.provider, mapping: node.provider.mapping }]
          : [{ kind: 'note', label: 'No role mapping: signed-in users get the default authenticated role.' }];
      case 'mapping':
        return node.mapping.rules.map((rule) => ({ kind: 'rule', label: rule.label, location: rule.location, roleArn: rule.roleArn }));
      case 'roles':
        return node.roles.map((role) => ({ kind: 'role', role }));
      case 'role':
        return [{ kind: 'allows', role: node.role }, ...(await this.rolePaths(node.role))];
      case 'allows':
        return this.allowed(node.role);
      case 'allowedService':
        return node.actions.map((action) => ({ kind: 'allowedAction', action }));
      default:
        return [];
    }
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    const none = vscode.TreeItemCollapsibleState.None;
    switch (node.kind) {
      case 'pool': {
        const item = new vscode.TreeItem(node.pool.label, collapsed);
        const allow = node.pool.allowUnauthenticatedIdentities;
        const guests = allow === undefined ? undefined : allow === 'unknown' ? 'guests: known at deploy time' : allow ? 'guests allowed' : 'no guests';
        item.description = [node.pool.identityPoolId !== node.pool.label ? node.pool.identityPoolId : undefined, guests].filter(Boolean).join(' · ');
        const { errors, warnings } = node.pool.problems;
        item.tooltip = `${node.pool.label}\n${errors} error(s), ${warnings} warning(s)`;
        item.iconPath = new vscode.ThemeIcon(errors ? 'error' : 'organization');
        item.contextValue = 'pool';
        item.id = `pool:${node.pool.key}`;
        return withReveal(item, node.pool.location);
      }
      case 'defaultRole': {
        const item = new vscode.TreeItem(`${node.which} → ${roleNameOfArn(node.role.arn)}`, none);
        item.description = node.which === 'authenticated' ? 'default for signed-in users' : 'guests';
        item.tooltip = node.role.arn;
        item.iconPath = new vscode.ThemeIcon(node.which === 'authenticated' ? 'person' : 'person-add');
        item.contextValue = 'defaultRole';
        return withReveal(item, node.role.location);
      }
      case 'provider': {
        const item = new vscode.TreeItem(node.provider.name, node.provider.mapping ? vscode.TreeItemCollapsibleState.Expanded : collapsed);
        item.description = node.provider.registered ? node.provider.kindLabel : `${node.provider.kindLabel} · not registered on the pool`;
        item.tooltip = [
          node.provider.kindLabel,
          node.provider.loginKey && `Logins key: ${node.provider.loginKey}`,
          node.provider.mappingKey && `RoleMappings key: ${node.provider.mappingKey}`,
        ]
          .filter(Boolean)
          .join('\n');
        item.iconPath = new vscode.ThemeIcon(node.provider.registered ? 'key' : 'warning');
        item.contextValue = 'provider';
        item.id = `provider:${node.pool.key}:${node.provider.name}`;
        return withReveal(item, node.provider.location);
      }
      case 'mapping': {
        const item = new vscode.TreeItem(node.mapping.label, node.mapping.rules.length ? vscode.TreeItemCollapsibleState.Expanded : none);
        item.iconPath = new vscode.ThemeIcon('list-ordered');
        item.contextValue = 'mapping';
        return withReveal(item, node.mapping.location);
      }
      case 'rule': {
        const item = new vscode.TreeItem(node.label, none);
        item.tooltip = node.roleArn;
        item.iconPath = new vscode.ThemeIcon('filter');
        item.contextValue = 'rule';
        return withReveal(item, node.location);
      }
      case 'note': {
        const item = new vscode.TreeItem(node.label, none);
        item.iconPath = new vscode.ThemeIcon('info');
        return node.location ? withReveal(item, node.location) : item;
      }
      case 'roles': {
        const item = new vscode.TreeItem('Roles', collapsed);
        item.description = `${node.roles.length} role(s): who can become each`;
        item.iconPath = new vscode.ThemeIcon('shield');
        item.contextValue = 'roles';
        return item;
      }
      case 'role': {
        const item = new vscode.TreeItem(node.role.label, collapsed);
        item.description = `${node.role.grants.length} way(s) to receive it`;
        item.tooltip = node.role.arn;
        item.iconPath = new vscode.ThemeIcon('shield');
        item.contextValue = 'role';
        return item;
      }
      case 'grant': {
        const item = new vscode.TreeItem(node.label, none);
        item.iconPath = new vscode.ThemeIcon('arrow-right');
        item.contextValue = 'grant';
        return withReveal(item, node.location);
      }
      case 'path': {
        const item = new vscode.TreeItem(node.label, none);
        item.description = node.condition;
        const tooltip = new vscode.MarkdownString();
        tooltip.appendText(`${node.label}\n\n${node.condition}`);
        if (node.witness) tooltip.appendText('\n\nFor example: ').appendCodeblock(JSON.stringify(node.witness, null, 2), 'json');
        item.tooltip = tooltip;
        item.iconPath = new vscode.ThemeIcon('arrow-right');
        item.contextValue = 'rolePath';
        return node.location ? withReveal(item, node.location) : item;
      }
      case 'allows': {
        const item = new vscode.TreeItem('allows', collapsed);
        item.description = 'what its policies allow, as written';
        item.iconPath = new vscode.ThemeIcon('unlock');
        item.contextValue = 'roleAllows';
        return item;
      }
      case 'allowedService': {
        const item = new vscode.TreeItem(node.service, collapsed);
        const levels = [...new Set(node.actions.flatMap((a) => a.accessLevels))];
        item.description = levels.length > 0 ? levels.join(', ') : `${node.actions.length} action(s)`;
        item.iconPath = new vscode.ThemeIcon('symbol-namespace');
        item.contextValue = 'allowedService';
        return item;
      }
      case 'allowedAction': {
        const item = new vscode.TreeItem(node.action.action, none);
        const levels = node.action.accessLevels.join(', ');
        item.description = [levels, node.action.conditional ? 'conditional' : ''].filter(Boolean).join(' · ');
        item.tooltip = `${node.action.action}${levels ? ` (${levels})` : ''}\nAllowed by ${node.action.policy}${node.action.conditional ? ', under conditions' : ''}`;
        item.iconPath = new vscode.ThemeIcon(node.action.conditional ? 'question' : 'check');
        item.contextValue = 'allowedAction';
        return withReveal(item, node.action.location);
      }
      case 'bound': {
        const item = new vscode.TreeItem(`Not everything was indexed: raise ${node.bound.setting}`, none);
        item.description = `now ${node.bound.limit}`;
        item.tooltip = node.bound.message;
        item.iconPath = new vscode.ThemeIcon('warning');
        item.contextValue = 'bound';
        item.command = { command: 'workbench.action.openSettings', title: 'Open the setting', arguments: [node.bound.setting] };
        return item;
      }
    }
  }
}

function withReveal(item: vscode.TreeItem, location: Location | undefined): vscode.TreeItem {
  if (location) item.command = { command: REVEAL_COMMAND, title: 'Reveal in file', arguments: [location] };
  return item;
}

/** The grant (with its location) a path goes through: the rule, or the default role it falls back to. */
function grantOf(role: RoleItem, poolKey: string, path: RolePath): RoleItem['grants'][number] | undefined {
  const grants = role.grants.filter((g) => g.poolKey === poolKey);
  if (path.via === 'rules' && path.ruleIndex !== null)
    return grants.find((g) => g.kind === 'rule' && g.ruleIndex === path.ruleIndex && g.provider === path.mappingKey);
  if (path.via === 'guest') return grants.find((g) => g.kind === 'default-unauthenticated');
  if (path.via === 'default-authenticated' || path.via === 'ambiguous-resolution') return grants.find((g) => g.kind === 'default-authenticated');
  return undefined;
}
