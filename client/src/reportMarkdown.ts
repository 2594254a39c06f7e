/**
 * The Markdown of the read-only reports (simulation results, decoded tokens). The content is what the
 * server computed; this module only lays it out. Everything in it that a token or a file wrote (claims,
 * pool labels, role ARNs, mapping keys, step messages, file names) is untrusted: it goes only through the
 * escaping shared with the hovers (protocol/markdown.ts), never into Markdown as it is.
 */
import { boundedJson, codeBlock, escapeMarkdown, inlineCode } from '../../protocol/markdown';
import type { DecodeTokenResult, Location, PoolSimulationResult, SimulateResult } from '../../protocol/protocol';
import { STATUS_MARKS, UNDECIDED_VIA_DESCRIPTION, VIA_DESCRIPTIONS } from '../../protocol/vocabulary';

/** Bounds of the decoded header and claims shown (a token can nest thousands of levels). */
const MAX_JSON_DEPTH = 32;
const MAX_JSON_LENGTH = 200_000;

function where(location: Location | undefined): string {
  if (!location) return '';
  let file = location.uri.replace(/^.*\//, '');
  try {
    file = decodeURIComponent(file);
  } catch {
    // A malformed escape: show the name as the uri spells it.
  }
  return ` (${escapeMarkdown(file)}:${location.range.start.line + 1})`;
}

function outcomeLine(result: PoolSimulationResult): string {
  switch (result.outcome) {
    case 'role':
      return `**Outcome: role** ${inlineCode(result.roleArn ?? '')}`;
    case 'deny':
      return `**Outcome: denied** (${escapeMarkdown(result.errorCode ?? 'NotAuthorizedException')})`;
    case 'unknown':
      return '**Outcome: unknown**: it depends on values known only at deploy time';
    default:
      // No errorCode: not an AWS answer but the simulator saying it cannot decide (e.g. "Unknown whether ...").
      return result.errorCode
        ? `**Outcome: error** (${escapeMarkdown(result.errorCode)})`
        : '**Outcome: error** (no AWS error: the simulator cannot decide; see below)';
  }
}

export function simulationReport(title: string, simulation: SimulateResult): string {
  const lines = [`# ${title}`, '', `Evaluated at ${simulation.nowIso} (Unix ${simulation.now}). Nothing was sent to AWS: this is an offline simulation.`, ''];
  if (simulation.message) lines.push(`> ${escapeMarkdown(simulation.message)}`, '');
  for (const result of simulation.results) {
    lines.push(`## ${escapeMarkdown(result.poolLabel)}`, '', outcomeLine(result), '');
    const via = result.outcome === 'unknown' ? UNDECIDED_VIA_DESCRIPTION : (VIA_DESCRIPTIONS[result.via] ?? '');
    lines.push(
      `- Via: ${inlineCode(result.via)}${via ? `: ${escapeMarkdown(via)}` : ''}${result.matchedRuleIndex !== null ? ` (rule ${result.matchedRuleIndex + 1}, index ${result.matchedRuleIndex})` : ''}`,
    );
    if (result.mappingKey) lines.push(`- Role mapping: ${inlineCode(result.mappingKey)}`);
    if (result.dependsOn.length > 0) {
      lines.push(
        `- Depends on template parameters ${result.dependsOn.map((name) => inlineCode(name)).join(', ')}: give the values you deploy with in the \`identityPoolRoles.templateParameters\` setting.`,
      );
    }
    lines.push(`- ${escapeMarkdown(result.message)}`, '');
    lines.push('### Steps', '');
    result.trace.forEach((step, i) =>
      lines.push(`${i + 1}. ${STATUS_MARKS[step.status] ?? '•'} **${escapeMarkdown(step.step)}**: ${escapeMarkdown(step.message)}${where(step.location)}`),
    );
    lines.push('');
    if (result.errorCode) {
      lines.push('### What AWS would return', '', codeBlock(`${result.errorCode}: ${result.message}`, 'text'), '');
    }
    if (result.permissions) {
      const p = result.permissions;
      lines.push('### What this identity can do', '', escapeMarkdown(p.summary), '');
      for (const s of p.statements) {
        lines.push(
          `- ${s.effect === 'Allow' ? '✓' : '✗'} **${s.effect}** ${inlineCode(s.actions)} on ${inlineCode(s.resources)}${s.conditions ? ` if ${inlineCode(s.conditions)}` : ''}: ${escapeMarkdown(s.policy)}${where(s.location)}`,
        );
      }
      for (const u of p.unresolved) lines.push(`- Not evaluated: ${escapeMarkdown(u)}`);
      for (const n of p.notes) lines.push(`- ${escapeMarkdown(n)}`);
      lines.push('');
    }
    if (result.assumptions.length) {
      lines.push('### Assumptions', '', 'AWS does not document these cases; the simulator chose the most plausible behaviour:', '');
      for (const assumption of result.assumptions) lines.push(`- ${escapeMarkdown(assumption)}`);
      lines.push('');
    }
  }
  return lines.join('\n');
}

function jsonSection(title: string, value: unknown): string[] {
  const json = boundedJson(value, MAX_JSON_DEPTH, MAX_JSON_LENGTH);
  const note = json.truncated ? `, truncated: shown to ${MAX_JSON_DEPTH} levels and ${MAX_JSON_LENGTH.toLocaleString('en-US')} characters` : '';
  return [`## ${title}${note}`, '', codeBlock(json.text, 'json'), ''];
}

export function decodedTokenReport(decoded: DecodeTokenResult): string {
  if (!decoded.ok) return `# Decoded token\n\nThis is not a token that can be decoded: ${escapeMarkdown(decoded.error)}\n`;
  const lines = ['# Decoded token', '', 'Decoded locally; the token was not sent anywhere. Its content is shown as untrusted text.', ''];
  for (const warning of decoded.warnings) lines.push(`> ⚠ ${escapeMarkdown(warning)}`, '');
  if (decoded.dates.length) {
    lines.push('| claim | time | |', '|---|---|---|');
    // Server-made text: a fixed claim name, an ISO date and a relative time.
    for (const date of decoded.dates) lines.push(`| ${date.claim} | ${date.iso} | ${date.relative} |`);
    lines.push('');
  }
  if (decoded.signature) lines.push(`**Signature:** ${decoded.signature.status}: ${escapeMarkdown(decoded.signature.message)}`, '');
  lines.push(...jsonSection('Header', decoded.header), ...jsonSection('Claims', decoded.claims));
  return lines.join('\n');
}
