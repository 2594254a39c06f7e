/** `identity-pool-roles analyze --can ACTION RESOURCE FILE…`: who can do this? (`analyze` without --can is analyzeCommand.ts.) */
import { createRoleMappingCore, linkPools, parseDocument, whoCan, type ModelDocument, type WhoCanEntry, type WhoCanResult } from '../core/index';
import { parseCommandLine, parseParameterOptions, type OptionSpec } from './args';
import { optionPairs, readPolicyFiles } from './permissionsCommand';
import { parseNow } from './simulateCommand';
import { claimStdin, inputName, readTextFile } from './files';
import { parseFormat, type Output } from './output';
import { jsonForTerminal, printable, printableName } from './text';
import { EXIT_OK, PROGRAM, UsageError } from './usage';

export const WHO_CAN_USAGE = `Usage: ${PROGRAM} analyze --can ACTION RESOURCE FILE... [--pool LOGICAL_ID] [--policy ARN=FILE]...
         [--identity-id ID] [--parameter NAME=VALUE]... [--now UNIX_SECONDS] [--format text|json]

Who can do this? Lists every role the identity pool(s) in FILE... hand out, whether the role allows
ACTION on RESOURCE, and who gets it: for each way (default roles, guest role, rules, user pool group
roles) a witness from the exact rule analysis (the provider to sign in with and the claims, confirmed by
simulating them, valid for two hours after --now), or why nobody does. Guests are included. Values that
differ per identity (identity ID, principal tags) are unknown, so an answer that depends on them is
'unknown' and names them. The verdict 'nobody' is the proof that no identity, guests included, gets a
role that allows it.

  --can ACTION            e.g. s3:DeleteObject
  --pool LOGICAL_ID       only this identity pool of a template
  --policy ARN=FILE       policies of a role defined elsewhere, or a managed policy's document (repeatable)
  --identity-id ID        evaluate for this identity ID
  --parameter NAME=VALUE  template parameter values (repeatable)
  --now UNIX_SECONDS      the time witnesses are built for (default: now)
  --format text|json      output format (default: text)
  --stdin-name NAME       the name of standard input when a FILE is - (.tf makes it Terraform)
`;

const OPTIONS: OptionSpec = {
  can: { type: 'string' },
  pool: { type: 'string' },
  policy: { type: 'string', multiple: true },
  'identity-id': { type: 'string' },
  parameter: { type: 'string', multiple: true },
  now: { type: 'string' },
  format: { type: 'string' },
  'stdin-name': { type: 'string' },
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
  const policies = optionPairs('policy', v.policy);
  claimStdin(
    [...files.map((file) => ['FILE', file] as const), ...policies.map(([, file]) => ['--policy', file] as const)],
    v['stdin-name'] as string | undefined,
  );
  const store = readPolicyFiles(policies);
  const documents: ModelDocument[] = files.map((file) =>
    parseDocument(inputName(file), readTextFile(file, 'file'), undefined, undefined, { templateParameters }),
  );
  let pools = linkPools(documents).filter((p) => p.roleConfig !== undefined);
  if (v.pool !== undefined) pools = pools.filter((p) => p.logicalId === v.pool || p.identityPoolId?.value === v.pool);
  if (pools.length === 0)
    throw new UsageError(
      `No identity pool with a role configuration in ${files.map((file) => printableName(inputName(file))).join(', ')}${v.pool !== undefined ? ` named ${printable(String(v.pool))}` : ''}.`,
    );
  const now = parseNow(v.now as string | undefined);
  const core = createRoleMappingCore();
  const checked = core.checkDocuments(documents);
  const results = pools.map((pool) =>
    whoCan(pool, documents, action, resource, store, {
      now,
      configDiagnostics: core.diagnosticsOfPool(documents, (uri) => checked.get(uri) ?? [], pool),
      identityId: v['identity-id'] as string | undefined,
    }),
  );
  out.stdout(format === 'json' ? jsonForTerminal(results) + '\n' : results.map(formatWhoCan).join('\n'));
  return EXIT_OK;
}

const VERDICT = {
  some: 'YES: an identity gets a role that allows it',
  nobody: 'NOBODY: no identity of this pool, guests included, gets a role that allows it',
  unknown: 'UNKNOWN: see below what it depends on',
};

const GUESTS = { yes: 'guests can', no: 'guests cannot', unknown: 'whether guests can is unknown' };

/** The claims a witness adds to a plain token of its provider (issuer, audience, times are left out). */
function witnessText(witness: Record<string, unknown> | null): string {
  if (!witness) return '';
  const own = Object.entries(witness).filter(([k]) => !['iss', 'aud', 'azp', 'token_use', 'iat', 'exp', 'sub'].includes(k));
  return own.length === 0 ? "; e.g. a token with none of the rules' claims" : `; e.g. claims ${JSON.stringify(Object.fromEntries(own))}`;
}

function whoGetsIt(entry: WhoCanEntry): string {
  if (entry.reachable === false) return 'nobody gets this role';
  const guests = entry.guests === true ? 'guests get it' : entry.guests === false ? 'guests do not get it' : 'whether guests get it is unknown';
  return `${entry.reachable ? 'some identities get this role' : 'whether anyone gets this role is unknown'}; ${guests}`;
}

export function formatWhoCan(result: WhoCanResult): string {
  const lines = [
    `Pool ${printable(result.pool)}: who can ${printable(result.action)} on ${printable(result.resource)}? ${VERDICT[result.verdict]} (${GUESTS[result.guests]})`,
  ];
  for (const entry of result.entries) {
    lines.push(`  ${printable(entry.roleArn)}: ${whoGetsIt(entry)}`);
    for (const access of entry.access) {
      const by = access.statements.map((s) => `${s.policy}${s.sid ? ` ${s.sid}` : ''}${s.file ? ` (${s.file}:${s.line ?? '?'})` : ''}`).join('; ');
      const open = [...access.unknownKeys, ...access.unresolvedPolicies];
      lines.push(
        `    ${access.guest ? 'guest' : 'signed-in'}: ${access.decision}${by ? ` by ${printable(by)}` : ''}${open.length > 0 ? ` — depends on ${printable(open.join(', '))}` : ''}`,
      );
    }
    for (const route of entry.routes) {
      const state = route.reachable === true ? '' : ' (not certain)';
      const provider = route.guest ? '; no login (GetId without Logins)' : route.provider ? `; sign in with ${route.provider}` : '';
      lines.push(`    via${state} ${printable(route.how)}${printable(provider)}${printable(witnessText(route.witness))}`);
    }
    for (const nobody of entry.nobodyBecause) lines.push(`    nobody via ${printable(nobody)}`);
  }
  for (const note of result.notes) lines.push(`  - ${printable(note)}`);
  for (const assumption of result.assumptions) lines.push(`  - Assumption: ${printable(assumption)}`);
  return lines.join('\n') + '\n';
}
