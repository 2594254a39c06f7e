/** `identity-pool-roles diff OLD NEW`: the identities whose outcome changes between two configurations (issue 13). */
import { createRoleMappingCore, diffPools, type PoolDiff } from '../core/index';
import { parseCommandLine, type OptionSpec } from './args';
import { claimStdin } from './files';
import type { Output } from './output';
import { loadPool, parseNow, readIdentityPoolDocument } from './simulateCommand';
import { jsonForTerminal, printable } from './text';
import { EXIT_OK, PROGRAM, UsageError } from './usage';

export const EXIT_DIFF_CHANGES = 1;

export const DIFF_USAGE = `Usage: ${PROGRAM} diff OLD NEW [--identity-pool FILE] [--pool LOGICAL_ID] [--now UNIX_SECONDS] [--format text|json|markdown]

The identities whose outcome (role, deny, error) changes from OLD to NEW, each with a witness token's
claims and the outcome before and after. 'markdown' prints a table for a pull-request comment.
OLD, NEW or the --identity-pool FILE may be - (standard input, once; --stdin-name NAME names it).
Exit codes: 0 equivalent, 1 something changes (or may change), 2 bad usage or unreadable input.
`;

const OPTIONS: OptionSpec = {
  'identity-pool': { type: 'string' },
  pool: { type: 'string' },
  now: { type: 'string' },
  format: { type: 'string' },
  'stdin-name': { type: 'string' },
};

export function runDiff(args: readonly string[], out: Output): number {
  const command = parseCommandLine(args, OPTIONS, true);
  if (command.help) {
    out.stdout(DIFF_USAGE);
    return EXIT_OK;
  }
  const v = command.values as Record<string, string | undefined>;
  const format = v.format ?? 'text';
  if (!['text', 'json', 'markdown'].includes(format)) throw new UsageError(`--format takes 'text', 'json' or 'markdown'.`);
  if (command.positionals.length !== 2) throw new UsageError(`diff needs exactly two files, OLD and NEW (got ${command.positionals.length}).`);
  const now = parseNow(v.now);
  claimStdin(
    [
      ['OLD', command.positionals[0]],
      ['NEW', command.positionals[1]],
      ['--identity-pool', v['identity-pool']],
    ],
    v['stdin-name'],
  );
  const core = createRoleMappingCore();
  const poolDocument = v['identity-pool'] !== undefined ? readIdentityPoolDocument(core, v['identity-pool']) : undefined;
  const [before, after] = command.positionals.map((file) => loadPool(core, file, poolDocument, v.pool));
  const diff = diffPools(before.pool, after.pool, { now, beforeDiagnostics: before.configDiagnostics, afterDiagnostics: after.configDiagnostics });
  const json = { equivalent: diff.equivalent, changes: diff.changes, unknown: diff.unknown, assumptions: diff.assumptions };
  if (format === 'json') out.stdout(jsonForTerminal(json) + '\n');
  else if (format === 'markdown') out.stdout(formatDiffMarkdown(diff));
  else out.stdout(formatDiffText(diff));
  return diff.equivalent ? EXIT_OK : EXIT_DIFF_CHANGES;
}

function outcomeText(o: { outcome: string; roleArn: string | null }): string {
  return o.roleArn ? `${o.outcome} ${o.roleArn}` : o.outcome;
}

function witnessText(w: Record<string, unknown> | null): string {
  if (!w) return 'an unauthenticated guest';
  const own = Object.entries(w).filter(([k]) => !['iss', 'aud', 'azp', 'token_use', 'iat', 'exp', 'sub'].includes(k));
  return own.length === 0 ? "a token with none of the rules' claims" : own.map(([k, x]) => `${k} ${JSON.stringify(x)}`).join(', ');
}

export function formatDiffText(diff: PoolDiff): string {
  const lines = [
    diff.equivalent
      ? 'Equivalent: no identity gets a different outcome.'
      : `Not equivalent: ${diff.changes.length} change(s)${diff.unknown.length ? `, ${diff.unknown.length} unknown` : ''}.`,
  ];
  for (const c of diff.changes)
    lines.push(
      `  ${printable(c.mappingKey ?? 'guest')}: ${printable(witnessText(c.witness))}: ${printable(outcomeText(c.before))} → ${printable(outcomeText(c.after))}`,
    );
  for (const u of diff.unknown) lines.push(`  unknown (${printable(u.mappingKey ?? 'pool')}): ${printable(u.reason)}`);
  return lines.join('\n') + '\n';
}

function cell(text: string): string {
  return printable(text).replace(/[|\\`*_<>[\]]/g, (ch) => `\\${ch}`);
}

export function formatDiffMarkdown(diff: PoolDiff): string {
  if (diff.equivalent) return '**Role mapping diff: equivalent.** No identity gets a different outcome.\n';
  const lines = [
    `**Role mapping diff: ${diff.changes.length} change(s)${diff.unknown.length ? `, ${diff.unknown.length} unknown` : ''}.**`,
    '',
    '| Mapping | Example identity | Before | After |',
    '| --- | --- | --- | --- |',
  ];
  for (const c of diff.changes)
    lines.push(`| ${cell(c.mappingKey ?? 'guest')} | ${cell(witnessText(c.witness))} | ${cell(outcomeText(c.before))} | ${cell(outcomeText(c.after))} |`);
  for (const u of diff.unknown) lines.push(`| ${cell(u.mappingKey ?? 'pool')} | unknown | ${cell(u.reason)} | |`);
  return lines.join('\n') + '\n';
}
