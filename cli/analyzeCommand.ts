/** `identity-pool-roles analyze`: exact rule reachability with witnesses, and who can become each role (issue 13). */
import { analyzePool, createRoleMappingCore, type PoolAnalysis } from '../core/index';
import { parseCommandLine, type OptionSpec } from './args';
import { claimStdin } from './files';
import { parseFormat, type Output } from './output';
import { loadPool, parseNow, readIdentityPoolDocument } from './simulateCommand';
import { jsonForTerminal, printable } from './text';
import { EXIT_OK, PROGRAM, UsageError } from './usage';

export const ANALYZE_USAGE = `Usage: ${PROGRAM} analyze --roles FILE [--identity-pool FILE] [--pool LOGICAL_ID] [--now UNIX_SECONDS] [--format text|json]
         [--stdin-name NAME]

For each Rules mapping: whether each rule can be the first match (with a witness token's claims), or
which earlier rules together cover it; whether a token can match no rule; and every path to each role.
Witnesses are complete claim sets that 'simulate --claims' accepts, valid for two hours after --now.
A FILE given as - is read from standard input (--stdin-name NAME names it; .tf is Terraform).
Exit codes: 0 the analysis ran, 2 bad usage or unreadable input.
`;

const OPTIONS: OptionSpec = {
  roles: { type: 'string' },
  'identity-pool': { type: 'string' },
  pool: { type: 'string' },
  now: { type: 'string' },
  format: { type: 'string' },
  'stdin-name': { type: 'string' },
};

export function runAnalyze(args: readonly string[], out: Output): number {
  const command = parseCommandLine(args, OPTIONS, false);
  if (command.help) {
    out.stdout(ANALYZE_USAGE);
    return EXIT_OK;
  }
  const v = command.values as Record<string, string | undefined>;
  const format = parseFormat(v.format);
  if (v.roles === undefined) throw new UsageError('analyze needs --roles FILE (a SetIdentityPoolRoles file or a CloudFormation template).');
  const now = parseNow(v.now);
  claimStdin(
    [
      ['--roles', v.roles],
      ['--identity-pool', v['identity-pool']],
    ],
    v['stdin-name'],
  );
  const core = createRoleMappingCore();
  const poolDocument = v['identity-pool'] !== undefined ? readIdentityPoolDocument(core, v['identity-pool']) : undefined;
  const { pool, configDiagnostics } = loadPool(core, v.roles, poolDocument, v.pool);
  const analysis = analyzePool(pool, { now, configDiagnostics });
  out.stdout(format === 'json' ? jsonForTerminal(toAnalysisJson(analysis)) + '\n' : formatAnalysisText(analysis));
  return EXIT_OK;
}

export function toAnalysisJson(analysis: PoolAnalysis): unknown {
  return {
    mappings: analysis.mappings.map((m) => ({
      mappingKey: m.mappingKey,
      type: m.type,
      ...(m.login !== undefined ? { login: m.login } : {}),
      rules: m.rules.map((r) => ({ index: r.index, reachable: r.reachable, witness: r.witness, coveredBy: r.coveredBy, roleArn: r.roleArn, reason: r.reason })),
      noRuleMatches: {
        reachable: m.noRuleMatches.reachable,
        witness: m.noRuleMatches.witness,
        outcome: m.noRuleMatches.outcome,
        roleArn: m.noRuleMatches.roleArn,
      },
    })),
    roles: analysis.roles,
    assumptions: analysis.assumptions,
  };
}

function claimsText(witness: Record<string, unknown> | null): string {
  if (!witness) return 'no witness';
  const own = Object.entries(witness).filter(([k]) => !['iss', 'aud', 'azp', 'token_use', 'iat', 'exp', 'sub'].includes(k));
  return own.length === 0 ? "a token with none of the rules' claims" : `a token with ${own.map(([k, x]) => `${k} ${JSON.stringify(x)}`).join(', ')}`;
}

export function formatAnalysisText(analysis: PoolAnalysis): string {
  const lines: string[] = [];
  for (const m of analysis.mappings) {
    lines.push(`Mapping ${printable(m.mappingKey)} (${m.type ?? 'type known at deploy time'})`);
    for (const r of m.rules) {
      const state = r.reachable === true ? 'reachable' : r.reachable === false ? 'UNREACHABLE' : 'unknown';
      const detail =
        r.reachable === true
          ? `e.g. ${claimsText(r.witness)}`
          : r.reachable === false
            ? r.coveredBy.length > 0
              ? `covered by ${r.coveredBy.map((c) => `Rules[${c}]`).join(' + ')}`
              : r.reason
            : r.reason;
      lines.push(`  Rules[${r.index}] → ${printable(r.roleArn ?? '(no RoleARN)')}: ${state}; ${printable(detail)}`);
    }
    if (m.type === 'Rules') {
      const n = m.noRuleMatches;
      lines.push(
        `  no rule matches: ${n.reachable === true ? `reachable (${n.outcome ?? 'outcome unknown'}${n.roleArn ? ` ${n.roleArn}` : ''}); e.g. ${claimsText(n.witness)}` : n.reachable === false ? 'UNREACHABLE' : 'unknown'}`,
      );
    }
  }
  lines.push('', 'Who can become each role:');
  for (const role of analysis.roles) {
    lines.push(`  ${printable(role.roleArn)}`);
    for (const p of role.paths)
      lines.push(
        `    - ${p.via}${p.mappingKey ? ` (${printable(p.mappingKey)}${p.ruleIndex !== null ? ` Rules[${p.ruleIndex}]` : ''})` : ''}: ${printable(p.condition)}`,
      );
  }
  lines.push('', 'Assumptions:', ...analysis.assumptions.map((a) => `  - ${a}`));
  return lines.join('\n') + '\n';
}
