/**
 * The Markdown of the read-only reports (simulation results, analyses, diffs, decoded tokens). The content is what the
 * server computed; this module only lays it out. Everything in it that a token or a file wrote (claims,
 * pool labels, role ARNs, mapping keys, step messages, file names) is untrusted: it goes only through the
 * escaping shared with the hovers (protocol/markdown.ts), never into Markdown as it is.
 */
import { boundedJson, codeBlock, escapeMarkdown, inlineCode } from '../../protocol/markdown';
import type {
  AnalyzeResult,
  DecodeTokenResult,
  DiffResult,
  Location,
  PoolSimulationResult,
  RolePath,
  SimulateResult,
  WhoCanResponse,
} from '../../protocol/protocol';
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

function witnessBlock(witness: Record<string, unknown> | null, login?: string): string[] {
  if (!witness) return [];
  const json = boundedJson(witness, MAX_JSON_DEPTH, MAX_JSON_LENGTH);
  const lines = ['', codeBlock(json.text, 'json')];
  if (login) lines.splice(1, 0, `With the Logins key ${inlineCode(login)}:`, '');
  return lines;
}

function reachability(reachable: boolean | null): string {
  return reachable === true ? '✓ reachable' : reachable === false ? '✗ never used' : '? unknown';
}

const PATH_VIA: Record<RolePath['via'], string> = {
  rules: 'rule',
  'ambiguous-resolution': 'no rule matches (AmbiguousRoleResolution)',
  token: 'Token mapping (cognito:roles)',
  'default-authenticated': 'default authenticated role',
  guest: 'guest (unauthenticated)',
};

/** One line naming a role path: where it starts and how. Untrusted parts escaped. */
export function rolePathLabel(path: RolePath): string {
  const where = path.mappingKey === null ? '' : `${path.mappingKey}: `;
  const rule = path.ruleIndex !== null ? ` ${path.ruleIndex + 1} (index ${path.ruleIndex})` : '';
  return `${where}${PATH_VIA[path.via] ?? path.via}${rule}`;
}

/** The "who gets which role" report: per mapping the rules' reachability, then every path to every role. */
export function analysisReport(title: string, result: AnalyzeResult): string {
  const lines = [
    `# ${title}`,
    '',
    `Exact analysis of the rules (offline, nothing sent to AWS); the example tokens are valid at ${result.nowIso} (Unix ${result.now}).`,
    '',
  ];
  if (result.message) lines.push(`> ${escapeMarkdown(result.message)}`, '');
  for (const pool of result.pools) {
    const { analysis } = pool;
    lines.push(`## ${escapeMarkdown(pool.poolLabel)}`, '');
    lines.push('### Who gets which role', '');
    if (analysis.roles.length === 0) lines.push('No role is handed out by this configuration.', '');
    for (const role of analysis.roles) {
      lines.push(`#### ${inlineCode(role.roleArn)}`, '');
      for (const path of role.paths) {
        lines.push(`- **${escapeMarkdown(rolePathLabel(path))}**: ${escapeMarkdown(path.condition)}`);
        if (path.witness) lines.push(...witnessBlock(path.witness).map((line) => (line ? `  ${line.replace(/\n/g, '\n  ')}` : line)), '');
      }
      lines.push('');
    }
    for (const mapping of analysis.mappings) {
      lines.push(`### Mapping ${inlineCode(mapping.mappingKey)}${mapping.type ? ` (${escapeMarkdown(mapping.type)})` : ''}`, '');
      for (const rule of mapping.rules) {
        const covered = rule.coveredBy.length ? `: covered by ${rule.coveredBy.map((i) => inlineCode(`Rules[${i}]`)).join(', ')}` : '';
        lines.push(`- ${inlineCode(`Rules[${rule.index}]`)} ${reachability(rule.reachable)}${covered}${rule.roleArn ? ` → ${inlineCode(rule.roleArn)}` : ''}`);
        if (rule.reason) lines.push(`  ${escapeMarkdown(rule.reason)}`);
      }
      const none = mapping.noRuleMatches;
      const noneOutcome = none.roleArn ? ` → ${inlineCode(none.roleArn)}` : none.outcome ? ` → ${escapeMarkdown(none.outcome)}` : '';
      lines.push(`- No rule matches: ${reachability(none.reachable)}${noneOutcome}${none.reason ? `. ${escapeMarkdown(none.reason)}` : ''}`, '');
    }
    if (analysis.assumptions.length) {
      lines.push('### Assumptions', '');
      for (const assumption of analysis.assumptions) lines.push(`- ${escapeMarkdown(assumption)}`);
      lines.push('');
    }
  }
  return lines.join('\n');
}

function outcomeOf(o: { outcome: string; roleArn: string | null }): string {
  return o.roleArn ? `${escapeMarkdown(o.outcome)} ${inlineCode(o.roleArn)}` : escapeMarkdown(o.outcome);
}

/** The diff report: the identities whose outcome changes from the other version to this one. */
export function diffReport(title: string, result: DiffResult): string {
  const file = escapeMarkdown(result.uri.replace(/^.*\//, ''));
  const lines = [`# ${title}`, '', `Before: ${escapeMarkdown(result.otherName)}. After: ${file} as it is now. Evaluated at ${result.nowIso}.`, ''];
  if (result.poolLabel) {
    const how = result.poolChosen === 'position' ? ' (the pool at the cursor)' : result.poolChosen === 'key' ? ' (the pool asked for)' : '';
    lines.push(`Pool compared: ${escapeMarkdown(result.poolLabel)}${how}`, '');
  }
  if (result.message) lines.push(`> ${escapeMarkdown(result.message)}`, '');
  const diff = result.diff;
  if (!diff) return lines.join('\n');
  lines.push(
    diff.equivalent
      ? '**Equivalent**: no identity gets a different outcome.'
      : `**Not equivalent**: ${diff.changes.length} change(s)${diff.unknown.length ? `, ${diff.unknown.length} unknown` : ''}.`,
    '',
  );
  diff.changes.forEach((change, i) => {
    lines.push(`## ${i + 1}. ${change.mappingKey === null ? 'Guests' : inlineCode(change.mappingKey)}`, '');
    lines.push(`- Before: ${outcomeOf(change.before)}`, `- After: ${outcomeOf(change.after)}`);
    lines.push(...witnessBlock(change.witness, change.login), '');
  });
  if (diff.unknown.length) {
    lines.push('## Unknown', '');
    for (const u of diff.unknown) lines.push(`- ${u.mappingKey === null ? 'Pool' : inlineCode(u.mappingKey)}: ${escapeMarkdown(u.reason)}`);
    lines.push('');
  }
  if (diff.assumptions.length) {
    lines.push('## Assumptions', '');
    for (const assumption of diff.assumptions) lines.push(`- ${escapeMarkdown(assumption)}`);
    lines.push('');
  }
  return lines.join('\n');
}

const WHO_CAN_VERDICT = {
  some: '**Yes**: an identity gets a role that allows it',
  nobody: '**Nobody**: no identity of this pool, guests included, gets a role that allows it',
  unknown: '**Unknown**: see below what it depends on',
};
const WHO_CAN_GUESTS = { yes: 'Guests **can**.', no: 'Guests cannot.', unknown: 'Whether guests can is unknown.' };

/** A statement's file (its last path segment) and line, escaped. */
function statementWhere(file: string | null, line: number | null): string {
  return file ? where({ uri: file, range: { start: { line: (line ?? 1) - 1, character: 0 }, end: { line: (line ?? 1) - 1, character: 0 } } }) : '';
}

/** The "Who can do this?" report: per pool the verdict, then each role: what decides it, who gets it (witnesses), or why nobody does. */
export function whoCanReport(title: string, response: WhoCanResponse): string {
  const lines = [
    `# ${title}`,
    '',
    `Offline answer (nothing sent to AWS): identity-based policies, permissions boundaries and session policies; resource policies and SCPs are not evaluated. Example tokens are valid at ${response.nowIso} (Unix ${response.now}).`,
    '',
  ];
  if (response.message) lines.push(`> ${escapeMarkdown(response.message)}`, '');
  for (const { poolLabel, answer } of response.pools) {
    lines.push(`## ${escapeMarkdown(poolLabel)}: who can ${inlineCode(answer.action)} on ${inlineCode(answer.resource)}?`, '');
    lines.push(`${WHO_CAN_VERDICT[answer.verdict] ?? escapeMarkdown(String(answer.verdict))}. ${WHO_CAN_GUESTS[answer.guests] ?? ''}`, '');
    for (const entry of answer.entries) {
      const gets = entry.reachable === false ? 'nobody gets it' : entry.reachable ? 'some identities get it' : 'whether anyone gets it is unknown';
      const guests = entry.guests === true ? 'guests get it' : entry.guests === false ? 'guests do not' : 'guests: unknown';
      lines.push(`### ${inlineCode(entry.roleArn)}`, '', `${gets}; ${guests}.`, '');
      for (const access of entry.access) {
        const mark = access.decision === 'allowed' ? '✓' : access.decision === 'unknown' ? '?' : '✗';
        lines.push(`- ${mark} ${access.guest ? 'Guest' : 'Signed-in'}: **${escapeMarkdown(access.decision)}**`);
        for (const s of access.statements)
          lines.push(`  - ${escapeMarkdown(s.effect)} by ${escapeMarkdown(`${s.policy}${s.sid ? ` ${s.sid}` : ''}`)}${statementWhere(s.file, s.line)}`);
        const open = [...access.unknownKeys, ...access.unresolvedPolicies];
        if (open.length > 0) lines.push(`  - Depends on: ${open.map((k) => escapeMarkdown(k)).join(', ')}`);
      }
      if (entry.access.length > 0) lines.push('');
      for (const route of entry.routes) {
        const certain = route.reachable === true ? '' : ' (not certain)';
        const how = route.guest ? ' No login (GetId without Logins).' : route.provider ? ` Sign in with ${inlineCode(route.provider)}.` : '';
        lines.push(`- **Who gets it**${certain}: ${escapeMarkdown(route.how)}.${how}`);
        if (route.witness) lines.push(...witnessBlock(route.witness).map((line) => (line ? `  ${line.replace(/\n/g, '\n  ')}` : line)), '');
      }
      for (const nobody of entry.nobodyBecause) lines.push(`- **Nobody** via ${escapeMarkdown(nobody)}.`);
      lines.push('');
    }
    if (answer.notes.length > 0) {
      lines.push('### Notes', '');
      for (const note of answer.notes) lines.push(`- ${escapeMarkdown(note)}`);
      lines.push('');
    }
    if (answer.assumptions.length > 0) {
      lines.push('### Assumptions', '');
      for (const assumption of answer.assumptions) lines.push(`- ${escapeMarkdown(assumption)}`);
      lines.push('');
    }
  }
  return lines.join('\n');
}
