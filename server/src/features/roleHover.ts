/**
 * Hover on an IAM role's logical id in a template (issue 19): what the role's policies allow, as written.
 * No identity is known here, so nothing is evaluated: conditions and policy variables are shown as they are
 * (a simulation applies an identity's context). Everything from the file goes through the Markdown escaping.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import { collectTemplateRoles, summariseByAccessLevel, summaryLine, type ModelDocument, type PolicyStatement } from '../../../core/index';
import { escapeMarkdown, inlineCode } from '../utils/markdown';

/** Statements listed in one hover; the rest are counted. */
const MAX_STATEMENTS = 20;

function shorten(text: string, max = 160): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function statementLine(s: PolicyStatement): string {
  const actions = s.actions ? s.actions.join(', ') : `all but ${(s.notActions ?? []).join(', ')}`;
  const resources = s.resources ? s.resources.map((r) => r.text).join(', ') : s.notResources ? `all but ${s.notResources.map((r) => r.text).join(', ')}` : '';
  const conditions = s.conditions.length > 0 ? ` if ${s.conditions.map((c) => inlineCode(shorten(`${c.operator} ${c.key}`, 80))).join(', ')}` : '';
  const on = resources ? ` on ${inlineCode(shorten(resources))}` : '';
  const mark = s.effectUnknown ? '?' : s.effect === 'Allow' ? '✓' : '✗';
  return `- ${mark} **${s.effect}** ${inlineCode(shorten(actions))}${on}${conditions}: ${escapeMarkdown(shorten(`${s.policy}${s.sid ? ` ${s.sid}` : ''}`, 80))}${s.line ? ` (line ${s.line})` : ''}`;
}

/** The hover for the role whose logical id is under `position`, or null when there is none. */
export async function roleHover(model: ModelDocument | undefined, position: Position): Promise<Hover | null> {
  if (!model || model.kind !== 'template') return null;
  const role = model.iamRoles.find((r) => {
    const range = r.arn?.range;
    return (
      r.uri === model.uri &&
      range !== undefined &&
      range.start.line === position.line &&
      position.character >= range.start.character &&
      position.character <= range.end.character
    );
  });
  if (!role) return null;
  const policies = collectTemplateRoles(model).roles.get(role.logicalId);
  if (!policies) return null;
  const statements: PolicyStatement[] = [];
  const unresolved: string[] = [];
  for (const policy of policies.identity) {
    if ('statements' in policy) statements.push(...policy.statements);
    else unresolved.push(`${policy.name} (${policy.why})`);
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
    `**${escapeMarkdown(role.logicalId)} allows**: ${escapeMarkdown(statements.length > 0 ? summaryLine(summary) : 'no statement in this template')}`,
    '',
    'As the policies are written: conditions and policy variables depend on the identity (simulate one to see what applies to it).',
    '',
  ];
  for (const s of statements.slice(0, MAX_STATEMENTS)) lines.push(statementLine(s));
  if (statements.length > MAX_STATEMENTS) lines.push(`- … and ${statements.length - MAX_STATEMENTS} more statements`);
  for (const u of unresolved) lines.push(`- Not in this template: ${escapeMarkdown(shorten(u))}`);
  if (policies.boundary) {
    const name = policies.boundary.name;
    lines.push(`- Permissions boundary ${escapeMarkdown(shorten(name, 80))}: the role can do only what it also allows.`);
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: role.arn!.range };
}
