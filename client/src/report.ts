/**
 * Read-only Markdown reports (simulation results, decoded tokens) shown in an editor. The content is
 * what the server computed; this module only lays it out. Token content is untrusted: it is only ever
 * placed inside fenced code blocks or inline code.
 */
import * as vscode from 'vscode';
import type { DecodeTokenResult, Location, PoolSimulationResult, SimulateResult } from '../../protocol/protocol';

export const REPORT_SCHEME = 'identity-pool-roles-report';

export class ReportProvider implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Opens a report in a new read-only editor tab titled `title`. */
  async show(title: string, markdown: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${title.replace(/[\\/]/g, '-')}.md`, query: String(++this.counter) });
    this.contents.set(uri.toString(), markdown);
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'markdown');
    await vscode.window.showTextDocument(document, { preview: false });
  }
}

const STATUS_MARK: Record<string, string> = { pass: '✓', fail: '✗', skip: '–', info: '•' };

/** Inline code that cannot be broken out of by backticks in the value. */
function code(value: string): string {
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${longest ? ' ' : ''}${value}${longest ? ' ' : ''}${fence}`;
}

function fenced(language: string, value: string): string {
  const longest = Math.max(2, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${value}\n${fence}`;
}

function where(location: Location | undefined): string {
  if (!location) return '';
  const file = decodeURIComponent(location.uri.replace(/^.*\//, ''));
  return ` (${file}:${location.range.start.line + 1})`;
}

function outcomeLine(result: PoolSimulationResult): string {
  switch (result.outcome) {
    case 'role':
      return `**Outcome: role** ${code(result.roleArn ?? '')}`;
    case 'deny':
      return `**Outcome: denied** (${result.errorCode ?? 'NotAuthorizedException'})`;
    case 'unknown':
      return '**Outcome: unknown**: it depends on values known only at deploy time';
    default:
      return `**Outcome: error** (${result.errorCode ?? 'error'})`;
  }
}

export function simulationReport(title: string, simulation: SimulateResult): string {
  const lines = [`# ${title}`, '', `Evaluated at ${simulation.nowIso} (Unix ${simulation.now}). Nothing was sent to AWS: this is an offline simulation.`, ''];
  if (simulation.message) lines.push(`> ${simulation.message}`, '');
  for (const result of simulation.results) {
    lines.push(`## ${result.poolLabel}`, '', outcomeLine(result), '');
    lines.push(`- Via: ${code(result.via)}${result.matchedRuleIndex !== null ? ` (rule ${result.matchedRuleIndex + 1}, index ${result.matchedRuleIndex})` : ''}`);
    if (result.mappingKey) lines.push(`- Role mapping: ${code(result.mappingKey)}`);
    if (result.dependsOn.length > 0) {
      lines.push(`- Depends on template parameters ${result.dependsOn.map(code).join(', ')}: give the values you deploy with in the \`identityPoolRoles.templateParameters\` setting.`);
    }
    lines.push(`- ${result.message}`, '');
    lines.push('### Steps', '');
    result.trace.forEach((step, i) => lines.push(`${i + 1}. ${STATUS_MARK[step.status] ?? '•'} **${step.step}**: ${step.message}${where(step.location)}`));
    lines.push('');
    if (result.errorCode) {
      lines.push('### What AWS would return', '', fenced('text', `${result.errorCode}: ${result.message}`), '');
    }
    if (result.assumptions.length) {
      lines.push('### Assumptions', '', 'AWS does not document these cases; the simulator chose the most plausible behaviour:', '');
      for (const assumption of result.assumptions) lines.push(`- ${assumption}`);
      lines.push('');
    }
  }
  return lines.join('\n');
}

export function decodedTokenReport(decoded: DecodeTokenResult): string {
  if (!decoded.ok) return `# Decoded token\n\nThis is not a token that can be decoded: ${decoded.error}\n`;
  const lines = ['# Decoded token', '', 'Decoded locally; the token was not sent anywhere. Its content is shown as untrusted text.', ''];
  for (const warning of decoded.warnings) lines.push(`> ⚠ ${warning}`, '');
  if (decoded.dates.length) {
    lines.push('| claim | time | |', '|---|---|---|');
    for (const date of decoded.dates) lines.push(`| ${date.claim} | ${date.iso} | ${date.relative} |`);
    lines.push('');
  }
  if (decoded.signature) lines.push(`**Signature:** ${decoded.signature.status}: ${decoded.signature.message}`, '');
  lines.push('## Header', '', fenced('json', JSON.stringify(decoded.header, null, 2)), '', '## Claims', '', fenced('json', JSON.stringify(decoded.claims, null, 2)), '');
  return lines.join('\n');
}
