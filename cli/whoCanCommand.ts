/** `identity-pool-roles analyze --can ACTION RESOURCE FILE…`: who can do this? (`analyze` without --can is analyzeCommand.ts.) */
import { linkPools, parseDocument, whoCan, type ModelDocument, type WhoCanResult } from '../core/index';
import { parseCommandLine, parseParameterOptions, type OptionSpec } from './args';
import { optionPairs, readPolicyFiles } from './permissionsCommand';
import { readTextFile } from './files';
import { parseFormat, type Output } from './output';
import { jsonForTerminal, printable, printableName } from './text';
import { EXIT_OK, PROGRAM, UsageError } from './usage';

export const WHO_CAN_USAGE = `Usage: ${PROGRAM} analyze --can ACTION RESOURCE FILE... [--pool LOGICAL_ID] [--policy ARN=FILE]...
         [--identity-id ID] [--parameter NAME=VALUE]... [--format text|json]

Who can do this? Lists every role the identity pool(s) in FILE... hand out, how an identity gets each
(default roles, guest role, rules with the claims that reach them, user pool group roles), and whether
the role allows ACTION on RESOURCE. Values that differ per identity (identity ID, principal tags) are
unknown, so an answer that depends on them is 'unknown' and names them. The verdict 'nobody' is the proof
that no identity, guests included, gets a role that allows it.

  --can ACTION            e.g. s3:DeleteObject
  --pool LOGICAL_ID       only this identity pool of a template
  --policy ARN=FILE       policies of a role defined elsewhere, or a managed policy's document (repeatable)
  --identity-id ID        evaluate for this identity ID
  --parameter NAME=VALUE  template parameter values (repeatable)
  --format text|json      output format (default: text)
`;

const OPTIONS: OptionSpec = {
  can: { type: 'string' },
  pool: { type: 'string' },
  policy: { type: 'string', multiple: true },
  'identity-id': { type: 'string' },
  parameter: { type: 'string', multiple: true },
  format: { type: 'string' },
};

export function runWhoCan(args: readonly string[], out: Output): number {
  const command = parseCommandLine(args, OPTIONS, true);
  if (command.help) {
    out.stdout(WHO_CAN_USAGE);
    return EXIT_OK;
  }
  const v = command.values;
  const action = v.can as string | undefined;
  if (action === undefined)
    throw new UsageError('analyze needs --can ACTION RESOURCE FILE... (e.g. --can s3:DeleteObject arn:aws:s3:::bucket/* template.yaml).');
  if (!/^[A-Za-z0-9-]+:[A-Za-z0-9-]+$/.test(action)) throw new UsageError('--can takes one action such as s3:DeleteObject (no wildcards).');
  const [resource, ...files] = command.positionals;
  if (resource === undefined || files.length === 0) throw new UsageError('analyze --can ACTION needs a RESOURCE (an ARN, or *) and at least one FILE.');
  const format = parseFormat(v.format as string | undefined);
  const templateParameters = parseParameterOptions(v.parameter as string[] | undefined);
  const store = readPolicyFiles(optionPairs('policy', v.policy));
  const documents: ModelDocument[] = files.map((file) => parseDocument(file, readTextFile(file, 'file'), undefined, undefined, { templateParameters }));
  let pools = linkPools(documents).filter((p) => p.roleConfig !== undefined);
  if (v.pool !== undefined) pools = pools.filter((p) => p.logicalId === v.pool || p.identityPoolId?.value === v.pool);
  if (pools.length === 0)
    throw new UsageError(
      `No identity pool with a role configuration in ${files.map(printableName).join(', ')}${v.pool !== undefined ? ` named ${printable(String(v.pool))}` : ''}.`,
    );
  const results = pools.map((pool) => whoCan(pool, documents, action, resource, store, v['identity-id'] as string | undefined));
  out.stdout(format === 'json' ? jsonForTerminal(results) + '\n' : results.map(formatWhoCan).join('\n'));
  return EXIT_OK;
}

const VERDICT = {
  some: 'YES: at least one role allows it',
  nobody: 'NOBODY: no role of this pool allows it',
  unknown: 'UNKNOWN: see below what it depends on',
};

export function formatWhoCan(result: WhoCanResult): string {
  const lines = [`Pool ${printable(result.pool)}: who can ${printable(result.action)} on ${printable(result.resource)}? ${VERDICT[result.verdict]}`];
  for (const entry of result.entries) {
    lines.push(`  ${printable(entry.roleArn)}`);
    for (const access of entry.access) {
      const by = access.statements.map((s) => `${s.policy}${s.sid ? ` ${s.sid}` : ''}${s.file ? ` (${s.file}:${s.line ?? '?'})` : ''}`).join('; ');
      const open = [...access.unknownKeys, ...access.unresolvedPolicies];
      lines.push(
        `    ${access.guest ? 'guest' : 'signed-in'}: ${access.decision}${by ? ` by ${printable(by)}` : ''}${open.length > 0 ? ` — depends on ${printable(open.join(', '))}` : ''}`,
      );
    }
    for (const route of entry.routes)
      lines.push(`    via ${printable(route.how)}${route.witness ? `; e.g. claims ${printable(JSON.stringify(route.witness))}` : ''}`);
  }
  for (const note of result.notes) lines.push(`  - ${printable(note)}`);
  return lines.join('\n') + '\n';
}
