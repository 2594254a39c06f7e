/**
 * Hover on an IAM role (issue 19): on its logical id in a template, on an `aws_iam_role` block's name label or a
 * reference to it in a `.tf` file, or on a role ARN written in our documents (roles files, templates' role
 * values, the `identityPoolRoles.policyFiles` setting), what the
 * role's policies allow, as written. No identity is known here, so nothing is evaluated: conditions and
 * policy variables are shown as they are (a simulation applies an identity's context). Everything from the
 * files goes through the Markdown escaping.
 */
import { MarkupKind, type Hover, type Position, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  containsPosition,
  collectTemplateRoles,
  emptyPolicyStore,
  resolveManaged,
  roleConfigsOf,
  rolePoliciesFor,
  summariseByAccessLevel,
  summaryLine,
  type IdentityPoolModel,
  type ModelDocument,
  type PolicyStatement,
  type PolicyStore,
  type RolePolicies,
} from '../../../core/index';
import { toFileLocation } from '../terraform';
import { escapeMarkdown, inlineCode } from '../utils/markdown';
import { uriKey } from '../utils/uris';
import type { Workspace } from '../workspace';

/** Statements listed in one hover; the rest are counted. */
const MAX_STATEMENTS = 20;
/** How far around the cursor a role ARN is looked for on its line (minified files have long lines). */
const ARN_SCAN = 1024;
/** A role ARN as IAM writes it (partition, 12-digit account, optional path). */
const ROLE_ARN = /arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}/g;

function shorten(text: string, max = 160): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The last segment of a uri or path, decoded (it is escaped where shown). */
function fileName(file: string): string {
  const name = file.replace(/[?#].*$/, '').replace(/^.*[/\\]/, '');
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** `(line 12)` in the hovered file; `(policies.tf:12)` when the statement is written in another file. */
function whereWritten(s: PolicyStatement, hoveredUri: string | undefined): string {
  if (!s.line) return '';
  if (!s.file || hoveredUri === undefined || uriKey(s.file) === uriKey(hoveredUri)) return ` (line ${s.line})`;
  return ` (${escapeMarkdown(shorten(fileName(s.file), 80))}:${s.line})`;
}

function statementLine(s: PolicyStatement, hoveredUri: string | undefined): string {
  const actions = s.actions ? s.actions.join(', ') : `all but ${(s.notActions ?? []).join(', ')}`;
  const resources = s.resources ? s.resources.map((r) => r.text).join(', ') : s.notResources ? `all but ${s.notResources.map((r) => r.text).join(', ')}` : '';
  const conditions = s.conditions.length > 0 ? ` if ${s.conditions.map((c) => inlineCode(shorten(`${c.operator} ${c.key}`, 80))).join(', ')}` : '';
  const on = resources ? ` on ${inlineCode(shorten(resources))}` : '';
  const mark = s.effectUnknown ? '?' : s.effect === 'Allow' ? '✓' : '✗';
  return `- ${mark} **${s.effect}** ${inlineCode(shorten(actions))}${on}${conditions}: ${escapeMarkdown(shorten(`${s.policy}${s.sid ? ` ${s.sid}` : ''}`, 80))}${whereWritten(s, hoveredUri)}`;
}

/**
 * The one summary of a role's permissions for hovers: what it allows by service and access level, then its
 * statements as written, the policies not found, and its permissions boundary. `title` is Markdown already
 * escaped by the caller; `role` undefined says the policies are not in these files. A statement's line is
 * named with its file when that is not `hoveredUri` (a Terraform module's policies may be in another `.tf`).
 */
export async function rolePermissionsMarkdown(title: string, role: RolePolicies | undefined, hoveredUri?: string): Promise<string> {
  if (!role) return `${title}: policies not in these files (give them with the \`identityPoolRoles.policyFiles\` setting, or \`--policy ROLE_ARN=FILE\`).`;
  const statements: PolicyStatement[] = [];
  const unresolved: string[] = [];
  for (const policy of role.identity) {
    if ('statements' in policy) {
      if (policy.unreadable) unresolved.push(`${policy.name} (${policy.unreadable})`);
      else statements.push(...policy.statements);
    } else unresolved.push(`${policy.name} (${policy.why})`);
  }
  const summary = await summariseByAccessLevel(
    statements.map((s) => ({
      effect: s.effectUnknown ? 'unknown' : s.effect,
      actions: s.actions ?? null,
      notActions: s.notActions ?? null,
      conditions: Object.fromEntries(s.conditions.map((c) => [`${c.operator}:${c.key}`, c.values.map((v) => v.text)])),
    })),
  );
  const lines = [
    `${title}: ${escapeMarkdown(statements.length > 0 ? summaryLine(summary) : unresolved.length > 0 ? 'policies not in these files' : 'no statement in these files')}`,
    '',
    'As the policies are written: conditions and policy variables depend on the identity (simulate one to see what applies to it).',
    '',
  ];
  for (const s of statements.slice(0, MAX_STATEMENTS)) lines.push(statementLine(s, hoveredUri));
  if (statements.length > MAX_STATEMENTS) lines.push(`- … and ${statements.length - MAX_STATEMENTS} more statements`);
  for (const u of unresolved) lines.push(`- Not in these files: ${escapeMarkdown(shorten(u))}`);
  if (role.boundary) {
    const name = role.boundary.name;
    lines.push(`- Permissions boundary ${escapeMarkdown(shorten(name, 80))}: the role can do only what it also allows.`);
  }
  return lines.join('\n');
}

/** The hover for the role whose logical id is under `position`, or null when there is none. */
export async function roleHover(model: ModelDocument | undefined, position: Position, store: PolicyStore = emptyPolicyStore()): Promise<Hover | null> {
  if (!model || model.kind !== 'template') return null;
  const role = model.iamRoles.find((r) => r.uri === model.uri && r.arn !== undefined && containsPosition(r.arn.range, position));
  if (!role) return null;
  const policies = collectTemplateRoles(model, { managed: store.managed }).roles.get(role.logicalId);
  if (!policies) return null;
  const value = await rolePermissionsMarkdown(`**${escapeMarkdown(role.logicalId)} allows**`, policies, model.uri);
  return { contents: { kind: MarkupKind.Markdown, value }, range: role.arn!.range };
}

export interface RoleArnHoverContext {
  workspace: Workspace;
  loadPolicies?(): Promise<PolicyStore>;
  /** Resolves when the workspace index is built (the role's template may not be open). */
  ready?: Promise<void>;
}

/**
 * The hover for a role ARN under `position`: a role value of a pool in this document (a roles file, a
 * template's `Roles` or rule `RoleARN`, resolved or deploy-time), else a literal role ARN written in a
 * role-mapping document or a settings file (the `identityPoolRoles.policyFiles` keys).
 */
export async function roleArnHover(
  context: RoleArnHoverContext,
  document: TextDocument,
  model: ModelDocument | undefined,
  position: Position,
): Promise<Hover | null> {
  const found =
    (model ? roleValueAt(context.workspace.poolsOf(document.uri), document.uri, position) : undefined) ?? literalRoleArnAt(document, model, position);
  if (!found) return null;
  await context.ready;
  const store = (await context.loadPolicies?.()) ?? emptyPolicyStore();
  const role = rolePoliciesFor(found.roleArn, context.workspace.documents(), store, found.pool);
  const value = await rolePermissionsMarkdown(`**Role ${inlineCode(found.roleArn)} allows**`, role, document.uri);
  return { contents: { kind: MarkupKind.Markdown, value }, range: found.range };
}

/**
 * The hover in a `.tf` file for the `aws_iam_role` of its module under `position`: on the block's name label
 * (`resource "aws_iam_role" "editor"`) or on a reference to it (`aws_iam_role.editor.arn`, `.id`, `.name`,
 * `aws_iam_role.editor[0].arn`) outside a comment. The role's address is its logical id in the module.
 */
export async function terraformRoleHover(context: RoleArnHoverContext, document: TextDocument, position: Position): Promise<Hover | null> {
  const workspace = context.workspace;
  const module = workspace.terraformModuleOf(document.uri);
  const at = workspace.modulePosition(document.uri, position);
  if (!module || at.uri !== module.uri || module.document.kind !== 'template') return null;
  const labelled = module.document.iamRoles.find((r) => r.arn !== undefined && containsPosition(r.arn.range, at.position));
  const found = labelled
    ? { address: labelled.logicalId, range: toFileLocation(workspace.core, module, labelled.arn!.range).range }
    : terraformRoleReferenceAt(document, position);
  if (!found || !module.document.iamRoles.some((r) => r.logicalId === found.address)) return null;
  await context.ready;
  const store = (await context.loadPolicies?.()) ?? emptyPolicyStore();
  const policies = collectTemplateRoles(module.document, { managed: store.managed }).roles.get(found.address);
  const value = await rolePermissionsMarkdown(`**${escapeMarkdown(found.address)} allows**`, policies && resolveManaged(store, policies), document.uri);
  return { contents: { kind: MarkupKind.Markdown, value }, range: found.range };
}

/** `aws_iam_role.NAME`, an optional index, then an optional attribute; not `data.aws_iam_role.NAME`. */
const ROLE_REFERENCE = /(?<![\w.])aws_iam_role\.([A-Za-z_][\w-]*)(?:\[[^\]\n]{0,64}\])?(?:\.[A-Za-z_][\w-]*)?/g;

function terraformRoleReferenceAt(document: TextDocument, position: Position): { address: string; range: Range } | undefined {
  const line = document.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } });
  if (line.length > ARN_SCAN * 4) return undefined;
  for (const match of line.matchAll(ROLE_REFERENCE)) {
    const from = match.index;
    const to = from + match[0].length;
    if (position.character < from || position.character > to) continue;
    if (inLineComment(line, from)) return undefined;
    return { address: `aws_iam_role.${match[1]}`, range: { start: { line: position.line, character: from }, end: { line: position.line, character: to } } };
  }
  return undefined;
}

/** Whether a `#` or `//` comment starts on the line before `end`, outside a quoted string. */
function inLineComment(line: string, end: number): boolean {
  let quoted = false;
  for (let i = 0; i < end; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '#' || (c === '/' && line[i + 1] === '/')) return true;
  }
  return false;
}

interface FoundRole {
  roleArn: string;
  range: Range;
  pool?: IdentityPoolModel;
}

function roleValueAt(pools: readonly IdentityPoolModel[], uri: string, position: Position): FoundRole | undefined {
  for (const pool of pools) {
    for (const config of roleConfigsOf(pool)) {
      if (config.uri !== uri) continue;
      const values = [config.authenticated, config.unauthenticated, ...config.mappings.flatMap((m) => m.rules.map((r) => r.roleArn))];
      for (const value of values) if (value && containsPosition(value.range, position)) return { roleArn: value.value, range: value.range, pool };
    }
  }
  return undefined;
}

/** A settings file: where the `identityPoolRoles.policyFiles` keys (role ARNs) are written. */
function isSettingsFile(uri: string): boolean {
  return /\/\.vscode\/settings\.json$/.test(uri) || /\.code-workspace$/.test(uri);
}

function literalRoleArnAt(document: TextDocument, model: ModelDocument | undefined, position: Position): FoundRole | undefined {
  if (!model && !isSettingsFile(document.uri)) return undefined;
  const offset = document.offsetAt(position);
  const lineStart = document.offsetAt({ line: position.line, character: 0 });
  const start = Math.max(lineStart, offset - ARN_SCAN);
  const window = document.getText({ start: document.positionAt(start), end: document.positionAt(offset + ARN_SCAN) });
  for (const match of window.matchAll(ROLE_ARN)) {
    const from = start + match.index;
    const to = from + match[0].length;
    if (offset >= from && offset <= to) return { roleArn: match[0], range: { start: document.positionAt(from), end: document.positionAt(to) } };
  }
  return undefined;
}
