// `npm run bench`: our numbers side by side with a baseline on the same input, in one process run.
// Prints a table and writes .bench/results.json as [{ name, ours_ms, baseline, baseline_ms, ratio }].
// A benchmark, not a test: it never fails on a number; goals are printed next to the results.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const core = require(path.join(root, 'out/core/index.js'));
const { SERVER_NODE_OPTIONS } = require(path.join(root, 'out/protocol/protocol.js'));
const jsonc = require('jsonc-parser');
const YAML = require('yaml');
const jsonService = require('vscode-json-languageservice');
const { StreamMessageReader, StreamMessageWriter, createMessageConnection } = require('vscode-jsonrpc/node');

const quick = process.argv.includes('--quick');
// `--profile`: the server writes V8 CPU profiles to .bench/profiles (open them in VS Code or Chrome DevTools).
const profile = process.argv.includes('--profile');
// `--server-only`: skip the core benchmarks (for quick runs while working on the server).
const serverOnly = process.argv.includes('--server-only');
// `--index-only`: only the workspace-index benchmark (50,000 files on disk).
const indexOnly = process.argv.includes('--index-only');
// `--startup-only`: only the start-up figures (CLI check and --version against `node -e 0`, server cold start).
const startupOnly = process.argv.includes('--startup-only');
/** `--analysis-only`: only the analyze/diff section (issue 13). */
const analysisOnly = process.argv.includes('--analysis-only');
/** `--terraform-only`: only the Terraform check against the bare tree-sitter parse (issue 12). */
const terraformOnly = process.argv.includes('--terraform-only');
// Extra Node options for the server, e.g. `BENCH_SERVER_OPTIONS="--max-semi-space-size=8"`, to compare settings.
const extraServerOptions = (process.env.BENCH_SERVER_OPTIONS ?? '').split(' ').filter(Boolean);

// ------------------------------------------------------------------------------------------------
// Inputs

const ACCOUNT = '123456789012';
const role = (name) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const POOL_ID = 'us-east-1:11111111-2222-3333-4444-555555555555';

/** The largest legal roles file: 10 mappings of 25 rules each. */
function largestRolesFile() {
  const RoleMappings = {};
  for (let m = 0; m < 10; m++) {
    const key = `cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool${m}:client${m}abcdefghijklmnopqrstu`;
    const Rules = [];
    for (let r = 0; r < 25; r++) {
      Rules.push({
        Claim: r % 2 ? 'cognito:groups' : `custom:dept${r}`,
        MatchType: ['Equals', 'Contains', 'StartsWith', 'NotEqual'][r % 4],
        Value: `value-${m}-${r}`,
        RoleARN: role(`Role${m}x${r}`),
      });
    }
    RoleMappings[key] = { Type: 'Rules', AmbiguousRoleResolution: m % 2 ? 'Deny' : 'AuthenticatedRole', RulesConfiguration: { Rules } };
  }
  return JSON.stringify({ IdentityPoolId: POOL_ID, Roles: { authenticated: role('Auth'), unauthenticated: role('Unauth') }, RoleMappings }, null, 2);
}

function poolFile() {
  const CognitoIdentityProviders = [];
  for (let m = 0; m < 10; m++) {
    CognitoIdentityProviders.push({
      ProviderName: `cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool${m}`,
      ClientId: `client${m}abcdefghijklmnopqrstu`,
      ServerSideTokenCheck: false,
    });
  }
  return JSON.stringify(
    { IdentityPoolId: POOL_ID, IdentityPoolName: 'bench_pool', AllowUnauthenticatedIdentities: true, AllowClassicFlow: false, CognitoIdentityProviders },
    null,
    2,
  );
}

/** A ~10,000-line CloudFormation YAML template: three identity pools among many other resources. */
function largeTemplate(targetLines = 10_000) {
  const lines = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Description: bench template',
    'Parameters:',
    '  Stage:',
    '    Type: String',
    '    Default: prod',
    'Resources:',
  ];
  for (let p = 0; p < 3; p++) {
    lines.push(
      `  UserPool${p}:`,
      '    Type: AWS::Cognito::UserPool',
      '    Properties:',
      `      UserPoolName: !Sub "pool-${p}-\${Stage}"`,
      `  Client${p}:`,
      '    Type: AWS::Cognito::UserPoolClient',
      '    Properties:',
      `      UserPoolId: !Ref UserPool${p}`,
      `  IdentityPool${p}:`,
      '    Type: AWS::Cognito::IdentityPool',
      '    Properties:',
      '      AllowUnauthenticatedIdentities: false',
      '      CognitoIdentityProviders:',
      `        - ProviderName: !GetAtt UserPool${p}.ProviderName`,
      `          ClientId: !Ref Client${p}`,
      `  AuthRole${p}:`,
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal:',
      '              Federated: cognito-identity.amazonaws.com',
      '            Action: sts:AssumeRoleWithWebIdentity',
      '            Condition:',
      '              StringEquals:',
      `                "cognito-identity.amazonaws.com:aud": !Ref IdentityPool${p}`,
      '              "ForAnyValue:StringLike":',
      '                "cognito-identity.amazonaws.com:amr": authenticated',
      `  Attachment${p}:`,
      '    Type: AWS::Cognito::IdentityPoolRoleAttachment',
      '    Properties:',
      `      IdentityPoolId: !Ref IdentityPool${p}`,
      '      Roles:',
      `        authenticated: !GetAtt AuthRole${p}.Arn`,
      '      RoleMappings:',
      '        UserPoolMapping:',
      `          IdentityProvider: !Sub "\${UserPool${p}.ProviderName}:\${Client${p}}"`,
      '          Type: Rules',
      '          AmbiguousRoleResolution: Deny',
      '          RulesConfiguration:',
      '            Rules:',
    );
    for (let r = 0; r < 20; r++) {
      lines.push(
        '              - Claim: cognito:groups',
        '                MatchType: Contains',
        `                Value: group${r}`,
        `                RoleARN: !GetAtt AuthRole${p}.Arn`,
      );
    }
  }
  let i = 0;
  while (lines.length < targetLines) {
    lines.push(
      `  Bucket${i}:`,
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      `      BucketName: !Sub "bench-\${AWS::AccountId}-${i}"`,
      '      Tags:',
      '        - Key: purpose',
      '          Value: benchmark',
      `  Queue${i}:`,
      '    Type: AWS::SQS::Queue',
      '    Properties:',
      `      QueueName: !Join ["-", [bench, !Ref Stage, "${i}"]]`,
    );
    i++;
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Realistic role-mapping documents: the bundled examples (roles files, pool files, templates), copied with
 * a distinct IdentityPoolId per copy so that every copy is a pool of its own.
 */
function typicalDocuments(count) {
  const examples = path.join(root, 'examples');
  const files = [];
  for (const folder of readdirSync(examples, { withFileTypes: true })) {
    if (!folder.isDirectory() || folder.name === 'tokens') continue;
    for (const name of readdirSync(path.join(examples, folder.name))) {
      if (/\.(json|ya?ml)$/.test(name)) files.push({ name: `${folder.name}/${name}`, text: readFileSync(path.join(examples, folder.name, name), 'utf8') });
    }
  }
  const documents = [];
  for (let copy = 0; documents.length < count; copy++) {
    for (const file of files) {
      if (documents.length === count) break;
      const id = `us-east-1:${String(copy).padStart(8, '0')}-aaaa-bbbb-cccc-dddddddddddd`;
      documents.push({
        uri: `file:///bench/typical${copy}/${file.name}`,
        languageId: file.name.endsWith('.json') ? 'json' : 'yaml',
        text: file.text.replace(/us-east-1:[0-9a-f]{8}-[0-9a-f-]{27}/g, id),
      });
    }
  }
  return documents;
}

// ------------------------------------------------------------------------------------------------
// Timing

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Medians of two functions run alternately (A, B, A, B, ...) after a warm-up: both see the same heap and
 * the same machine load, so their ratio is stable even when the absolute times drift.
 */
async function compare(ours, baseline, runs = quick ? 30 : 200, warmup = 20) {
  for (let i = 0; i < warmup; i++) {
    await ours();
    await baseline();
  }
  collectBenchGarbage();
  const oursTimes = [];
  const baselineTimes = [];
  for (let i = 0; i < runs; i++) {
    for (const [fn, times] of i % 2
      ? [
          [ours, oursTimes],
          [baseline, baselineTimes],
        ]
      : [
          [baseline, baselineTimes],
          [ours, oursTimes],
        ]) {
      const start = process.hrtime.bigint();
      await fn();
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return { ours: median(oursTimes), baseline: median(baselineTimes) };
}

/** Median ms of `fn` over `runs` runs after `warmup` runs. */
async function measure(fn, runs = quick ? 30 : 200, warmup = 20) {
  for (let i = 0; i < warmup; i++) await fn();
  collectBenchGarbage();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { median: median(times), p95: percentile(times, 95), times };
}

const results = [];
/** Lines printed under the table. */
const footnotes = [];
/** `met` (optional) says whether the goal is met, for goals a number can decide; the table prints it. */
function record(name, ours_ms, baseline, baseline_ms, goal, met) {
  const ratio = baseline_ms ? ours_ms / baseline_ms : null;
  results.push({
    name,
    ours_ms: round(ours_ms),
    baseline,
    baseline_ms: baseline_ms === null ? null : round(baseline_ms),
    ratio: ratio === null ? null : round(ratio),
    goal,
    met,
  });
}
const round = (n) => Math.round(n * 1000) / 1000;

// ------------------------------------------------------------------------------------------------
// Core benchmarks

async function coreBenchmarks() {
  const rolesText = largestRolesFile();
  const poolText = poolFile();
  const check = () => {
    const roles = core.parseDocument('file:///bench/roles.json', rolesText, 'json');
    const pool = core.parseDocument('file:///bench/pool.json', poolText, 'json');
    return core.checkDocuments([roles, pool]);
  };
  const sanity = check();
  const diagnosticCount = [...sanity.values()].reduce((n, list) => n + list.length, 0);

  const bareParse = () => {
    jsonc.parseTree(rolesText, [], { allowTrailingComma: true });
    jsonc.parseTree(poolText, [], { allowTrailingComma: true });
  };
  const versusParse = await compare(check, bareParse);
  record('full check: largest roles file + pool file', versusParse.ours, 'jsonc-parser parseTree (same text)', versusParse.baseline, '<= 2x');

  const service = jsonService.getLanguageService({});
  const rolesSchema = require(path.join(root, 'schemas/set-identity-pool-roles.schema.json'));
  const poolSchema = require(path.join(root, 'schemas/identity-pool.schema.json'));
  service.configure({
    validate: true,
    schemas: [
      { uri: 'inmemory://roles.schema.json', fileMatch: ['roles.json'], schema: rolesSchema },
      { uri: 'inmemory://pool.schema.json', fileMatch: ['pool.json'], schema: poolSchema },
    ],
  });
  const rolesDoc = jsonService.TextDocument.create('file:///bench/roles.json', 'json', 1, rolesText);
  const poolDoc = jsonService.TextDocument.create('file:///bench/pool.json', 'json', 1, poolText);
  const schemaOnly = async () => {
    await service.doValidation(rolesDoc, service.parseJSONDocument(rolesDoc));
    await service.doValidation(poolDoc, service.parseJSONDocument(poolDoc));
  };
  const versusService = await compare(check, schemaOnly);
  record(
    'full check: largest roles file + pool file',
    versusService.ours,
    'vscode-json-languageservice parse + doValidation (our schemas)',
    versusService.baseline,
    '<= 0.5x',
  );

  const templateText = largeTemplate();
  const templateLines = templateText.split('\n').length;
  const templateCheck = () => core.checkDocuments([core.parseDocument('file:///bench/template.yaml', templateText, 'yaml')]);
  const yamlParse = () => YAML.parseDocument(templateText);
  const versusYaml = await compare(templateCheck, yamlParse, quick ? 10 : 40, 5);
  record(`full check: ${templateLines}-line CloudFormation YAML, 3 pools`, versusYaml.ours, 'yaml parseDocument (same text)', versusYaml.baseline, '<= 1.5x');

  const plainText = largeTemplate()
    .replace(/AWS::Cognito::\w+/g, 'AWS::SNS::Topic')
    .replace(/AWS::IAM::Role/g, 'AWS::SNS::Topic');
  const plainCheck = await measure(() => core.checkDocuments([core.parseDocument('file:///bench/plain.yaml', plainText, 'yaml')]), quick ? 10 : 40, 5);
  record(
    'full check: same-size YAML template with no Cognito resources',
    plainCheck.median,
    'yaml parseDocument (same text)',
    versusYaml.baseline,
    'no noticeable cost',
  );

  // The per-check goal (npm test only catches hangs; `npm run fuzz` holds random inputs to it too).
  const files = realFiles();
  let slowestFile = { name: '(none)', median: 0 };
  for (const file of files) {
    const timing = await measure(() => core.checkDocuments([core.parseDocument(`file:///bench/${file.name}`, file.text)]), quick ? 5 : 20, 3);
    if (timing.median > slowestFile.median) slowestFile = { name: file.name, median: timing.median };
  }
  record(`full check: slowest of ${files.length} example, fixture and corpus files (${slowestFile.name})`, slowestFile.median, null, null, '< 100 ms');

  await permissionBenchmarks(rolesText, poolText);
  return { rolesText, poolText, diagnosticCount };
}

/** Issue 19: a role's permissions (50 statements) and `analyze --can` over the largest legal mapping. */
async function permissionBenchmarks(rolesText, poolText) {
  const statements = Array.from({ length: 50 }, (_, i) => ({
    Sid: `S${i}`,
    Effect: i % 10 === 9 ? 'Deny' : 'Allow',
    Action: [`s3:Get*`, `dynamodb:Query`, `sqs:Send${i}*`],
    Resource: [`arn:aws:s3:::bucket-${i}/\${cognito-identity.amazonaws.com:sub}/*`, `arn:aws:dynamodb:*:*:table/t${i}`],
    Condition: {
      StringEquals: { 'aws:PrincipalTag/team': `team-${i}` },
      'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
      IpAddressIfExists: { 'aws:SourceIp': '10.0.0.0/8' },
    },
  }));
  const store = core.emptyPolicyStore();
  core.addPolicyFile(store, role('Bench'), JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2), 'bench.json');
  const benchRole = store.roles.get(role('Bench'));
  const context = new core.RequestContext()
    .setValue('cognito-identity.amazonaws.com:sub', 'us-east-1:abc')
    .setValue('aws:PrincipalTag/team', 'team-7')
    .setValues('cognito-identity.amazonaws.com:amr', ['authenticated', 'accounts.google.com']);
  const permissions = await measure(() => {
    core.permissionsOfRole(benchRole, context);
    core.accessForRole({
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::bucket-7/us-east-1:abc/x',
      role: benchRole,
      roleArn: role('Bench'),
      context,
      guest: false,
    });
  });
  record('permissions of a role with 50 statements (listing + one access decision)', permissions.median, null, null, '< 5 ms');
  const documents = [core.parseDocument('file:///bench/roles.json', rolesText, 'json'), core.parseDocument('file:///bench/pool.json', poolText, 'json')];
  const pools = core.linkPools(documents).filter((p) => p.roleConfig);
  const analyze = await measure(
    () => pools.map((p) => core.whoCan(p, documents, 's3:DeleteObject', 'arn:aws:s3:::bucket/x', store, { now: 1767226200 })),
    quick ? 5 : 20,
    3,
  );
  record('analyze --can over the largest legal roles file', analyze.median, null, null, '< 100 ms');
}

/** The JSON and YAML files under examples/, test/fixtures/ and the shared real-world corpus (if present). */
function realFiles() {
  const files = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(json|ya?ml|tf)$/.test(entry) && statSync(full).size < 500_000) files.push({ name: entry, text: readFileSync(full, 'utf8') });
    }
  };
  for (const dir of ['examples', 'test/fixtures', '../shared/corpus/real-world']) walk(path.join(root, dir));
  return files;
}

// ------------------------------------------------------------------------------------------------
// Start-up: whole processes, ours and a bare `node -e 0` run alternately so both see the same load.

/** Wall-clock ms of one process run to its exit (spawn included, as a user waits for it). */
function timeProcess(args) {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.error || (run.status !== 0 && run.status !== 1)) throw new Error(`${args.join(' ')} failed: ${run.error ?? run.stderr}`);
  return ms;
}

async function startupBenchmarks() {
  const cli = path.join(root, 'dist/cli.js');
  if (!existsSync(cli)) return;
  // The small example template: what a user checks first.
  const template = path.join(root, 'examples/cloudformation/field-service.yaml');
  const runs = quick ? 10 : 30;
  /** @type {Array<[string, string[], number]>} */
  const cases = [
    ['start-up: check of one small template vs node -e 0', [cli, 'check', template], 1.5],
    ['start-up: --version vs node -e 0', [cli, '--version'], 1.5],
  ];
  for (const [name, args, goal] of cases) {
    const { ours, baseline } = await compare(
      () => timeProcess(args),
      () => timeProcess(['-e', '0']),
      runs,
      3,
    );
    record(name, ours, 'node -e 0', baseline, `<= ${goal}x`, ours / baseline <= goal);
  }
}

// ------------------------------------------------------------------------------------------------
// Language server benchmarks (the real bundled server over stdio)

async function startServer(folder) {
  const started = process.hrtime.bigint();
  const profileArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(root, '.bench/profiles')}`] : [];
  // Started as the extension starts it (same Node options), over stdio.
  const child = spawn(process.execPath, [...SERVER_NODE_OPTIONS, ...extraServerOptions, ...profileArgs, path.join(root, 'dist/server.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.on('error', () => {}); // writes racing the server's exit are harmless here
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => null));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onNotification(() => {});
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folder ? pathToFileURL(folder).href : null,
    workspaceFolders: folder ? [{ uri: pathToFileURL(folder).href, name: path.basename(folder) }] : null,
    capabilities: {
      window: { workDoneProgress: true },
      textDocument: {
        diagnostic: { dynamicRegistration: false },
        completion: { completionItem: { snippetSupport: true } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
      },
      workspace: { configuration: true },
    },
  });
  const coldStartMs = Number(process.hrtime.bigint() - started) / 1e6;
  connection.sendNotification('initialized', {});
  return { child, connection, coldStartMs };
}

async function stopServer({ child, connection }) {
  await connection.sendRequest('shutdown');
  connection.sendNotification('exit');
  await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
  connection.dispose();
}

/**
 * Collects this process's garbage before a latency loop (with `node --expose-gc`, as `npm run bench` runs
 * it): a pause of the benchmark's own heap would otherwise count as server latency.
 */
function collectBenchGarbage() {
  globalThis.gc?.();
}

/** Waits until the server has gone quiet and collected the parses' garbage (see server/src/server.ts). */
function settle() {
  return new Promise((resolve) => setTimeout(resolve, 1500));
}

/** Resident memory of a process in MB; `peak` gives the most it has had so far (VmHWM). */
function rssMb(pid, { peak = false } = {}) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number((peak ? /VmHWM:\s+(\d+)/ : /VmRSS:\s+(\d+)/).exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

function positionOf(text, needle, extra = 0) {
  const offset = text.indexOf(needle) + extra;
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - before.lastIndexOf('\n') - 1 };
}

async function serverBenchmarks({ rolesText, poolText }) {
  if (!existsSync(path.join(root, 'dist/server.js'))) return;
  const colds = [];
  const bare = [];
  for (let i = 0; i < (quick ? 3 : 7); i++) {
    const s = await startServer();
    colds.push(s.coldStartMs);
    await stopServer(s);
    // A bare Node start next to each, so a loaded machine shows in the baseline and not only in ours.
    bare.push(timeProcess(['-e', '0']));
  }
  record('start-up: server spawn to initialize result', median(colds), 'node -e 0', median(bare), '<= 100 ms', median(colds) <= 100);
  if (startupOnly) return;

  // Memory with 200 realistic documents (the bundled examples, copied), in a server of its own.
  {
    const typical = typicalDocuments(200);
    const kb = Math.round(typical.reduce((n, d) => n + d.text.length, 0) / 1024);
    const memorySession = await startServer();
    for (const document of typical) memorySession.connection.sendNotification('textDocument/didOpen', { textDocument: { ...document, version: 1 } });
    await memorySession.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: typical.at(-1)?.uri } });
    await settle();
    record(
      `server RSS after opening 200 example role-mapping documents (${kb} KB in all), settled (MB)`,
      rssMb(memorySession.child.pid),
      null,
      null,
      '< 100 MB',
    );
    await stopServer(memorySession);
  }

  const session = await startServer();
  const { child, connection } = session;
  const rolesUri = 'file:///bench/roles.json';
  let version = 1;
  connection.sendNotification('textDocument/didOpen', { textDocument: { uri: rolesUri, languageId: 'json', version, text: rolesText } });
  connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///bench/pool.json', languageId: 'json', version: 1, text: poolText } });
  // Like VS Code, each pull names the result the client already has (the server may answer "unchanged").
  let resultId = (await connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: rolesUri } })).resultId;
  let unchangedReports = 0;
  // Typing starts once the server is idle after start-up and opening the files.
  await settle();

  /**
   * Latencies of `send` over the timed runs. The first runs warm up the JIT (as `measure` does for the
   * core) and are not counted.
   */
  const warmup = 20;
  const timed = async (send) => {
    collectBenchGarbage();
    const times = [];
    for (let i = 0; i < warmup + (quick ? 40 : 200); i++) {
      const start = process.hrtime.bigint();
      await send(i);
      if (i >= warmup) times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return times;
  };
  const request = (method, params) => () => connection.sendRequest(method, params);

  // Incremental re-check after a one-character edit (toggle a character in a Value).
  const editAt = positionOf(rolesText, 'value-5-12', 6);
  const recheck = await timed(async (i) => {
    connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: rolesUri, version: ++version },
      contentChanges: [{ range: { start: editAt, end: { line: editAt.line, character: editAt.character + 1 } }, text: i % 2 ? 'x' : 'y' }],
    });
    const report = await connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: rolesUri }, previousResultId: resultId });
    if (report.kind === 'unchanged') unchangedReports++;
    resultId = report.resultId;
  });
  record('re-check after a one-character edit (p50)', percentile(recheck, 50), null, null, '');
  record('re-check after a one-character edit (p95)', percentile(recheck, 95), null, null, '< 5 ms');
  footnotes.push(`re-check: ${unchangedReports} of ${warmup + recheck.length} pulls were answered "unchanged" (the edit changed no finding)`);

  const completion = await timed(
    request('textDocument/completion', { textDocument: { uri: rolesUri }, position: positionOf(rolesText, '"MatchType": "', 14) }),
  );
  record('completion at a MatchType value (p50)', percentile(completion, 50), null, null, '');
  record('completion at a MatchType value (p95)', percentile(completion, 95), null, null, '< 5 ms');
  const hover = await timed(
    request('textDocument/hover', { textDocument: { uri: rolesUri }, position: positionOf(rolesText, '"AmbiguousRoleResolution"', 3) }),
  );
  record('hover on a field (p50)', percentile(hover, 50), null, null, '');
  record('hover on a field (p95)', percentile(hover, 95), null, null, '');

  // JWT hover against ten pools: open ten roles files with distinct pool ids, then hover a token.
  for (let p = 0; p < 10; p++) {
    const text = rolesText.replace(POOL_ID, `us-east-1:0000000${p}-2222-3333-4444-555555555555`);
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri: `file:///bench/pool${p}.json`, languageId: 'json', version: 1, text } });
  }
  const jose = await import('jose');
  const { privateKey } = await jose.generateKeyPair('RS256');
  const token = await new jose.SignJWT({ 'cognito:groups': ['value-1-1'], token_use: 'id', 'custom:dept0': 'value-0-0' })
    .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
    .setIssuer('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool0')
    .setAudience('client0abcdefghijklmnopqrstu')
    .setSubject('bench-user')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
  const notesUri = 'file:///bench/notes.md';
  const notes = `# token\n\n${token}\n`;
  connection.sendNotification('textDocument/didOpen', { textDocument: { uri: notesUri, languageId: 'markdown', version: 1, text: notes } });
  // Hovering starts once the server is idle again after opening the ten files (its quiet-period collection).
  await connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: 'file:///bench/pool9.json' } });
  await settle();
  const jwtHover = await timed(request('textDocument/hover', { textDocument: { uri: notesUri }, position: { line: 2, character: 10 } }));
  record('JWT hover: decode + simulate against 10 pools (p50)', percentile(jwtHover, 50), null, null, '');
  record('JWT hover: decode + simulate against 10 pools (p95)', percentile(jwtHover, 95), null, null, '< 2 ms');

  // Memory after opening 200 role-mapping documents.
  for (let d = 0; d < 200; d++) {
    const text = rolesText.replace(POOL_ID, `us-east-1:${String(d).padStart(8, '0')}-2222-3333-4444-555555555555`);
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri: `file:///bench/many${d}.json`, languageId: 'json', version: 1, text } });
  }
  await connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: 'file:///bench/many199.json' } });
  record('server RSS right after opening 200 largest legal roles files (10 MB in all) (MB)', rssMb(child.pid), null, null, 'worst case');
  await settle();
  record('server RSS after opening 200 largest legal roles files (10 MB in all), settled (MB)', rssMb(child.pid), null, null, 'worst case');
  await stopServer(session);
}

/**
 * A large repository: 50,000 small JSON files (fixtures, i18n, generated output) in 500 folders two levels
 * deep, and one roles file among them, deepest and last in the walk. Time from `initialized` until the index
 * is complete (the model request answers once it is) and the server's peak RSS meanwhile.
 */
async function indexBenchmark() {
  if (!existsSync(path.join(root, 'dist/server.js'))) return;
  const FILES = quick ? 10_000 : 50_000;
  const PER_FOLDER = 100;
  const folder = mkdtempSync(path.join(os.tmpdir(), 'ipr-bench-index-'));
  try {
    for (let d = 0; d < FILES / PER_FOLDER; d++) {
      const directory = path.join(folder, `package${Math.floor(d / 20)}`, `fixtures${d % 20}`);
      mkdirSync(directory, { recursive: true });
      for (let f = 0; f < PER_FOLDER; f++) {
        writeFileSync(
          path.join(directory, `case${f}.json`),
          JSON.stringify({ id: d * PER_FOLDER + f, title: `Case ${f}`, input: { a: f, b: [1, 2, 3] }, expected: 'ok' }),
        );
      }
    }
    const deep = path.join(folder, 'zz-services', 'auth', 'infra', 'cognito');
    mkdirSync(deep, { recursive: true });
    writeFileSync(path.join(deep, 'prod.json'), largestRolesFile());
    const session = await startServer(folder);
    const started = process.hrtime.bigint();
    // The first answer may come before indexing began (settings are fetched first); later ones wait for it.
    let tree = await session.connection.sendRequest('identityPoolRoles/model', {});
    for (const deadline = Date.now() + 120_000; tree.pools.length === 0 && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      tree = await session.connection.sendRequest('identityPoolRoles/model', {});
    }
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    record(`index ${FILES} small JSON files with one roles file among them: initialized to index complete`, elapsed, null, null, '< 10 s');
    record(`server peak RSS while indexing ${FILES} small JSON files (MB)`, rssMb(session.child.pid, { peak: true }), null, null, '< 100 MB');
    footnotes.push(
      `index: ${tree.pools.length} pool found (${tree.pools.map((p) => p.label).join(', ')}), ${tree.documentCount} document(s), bounds hit: ${tree.indexBounds.map((b) => b.setting).join(', ') || 'none'}`,
    );
    await stopServer(session);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function sizes() {
  const kb = (file) => (existsSync(file) ? statSync(file).size / 1024 : null);
  // The browser bundles (issue 18) run in vscode.dev and github.dev: minified, as packaged.
  const goals = { 'identity-pool-roles.vsix': '< 500 KB', 'dist/browser/server.js': '< 600 KB' };
  for (const file of ['dist/client.js', 'dist/server.js', 'dist/browser/client.js', 'dist/browser/server.js', 'dist/cli.js', 'identity-pool-roles.vsix']) {
    const size = kb(path.join(root, file));
    if (size !== null) record(`size of ${file} (KB)`, size, null, null, goals[file] ?? '');
  }
}

// ------------------------------------------------------------------------------------------------
// Analysis benchmarks (issue 13): analyze vs its full check (<= 5x), a diff of two such files (<= 10x)

async function analysisBenchmarks() {
  const rolesText = largestRolesFile();
  const poolText = poolFile();
  // The second version: every mapping's rules reversed, and one rule's role changed.
  const changed = JSON.parse(rolesText);
  for (const mapping of Object.values(changed.RoleMappings)) mapping.RulesConfiguration.Rules.reverse();
  Object.values(changed.RoleMappings)[0].RulesConfiguration.Rules[0].RoleARN = role('Changed');
  const changedText = JSON.stringify(changed, null, 2);
  const load = (text, uri) => {
    const documents = [core.parseDocument(uri, text, 'json'), core.parseDocument('file:///bench/pool.json', poolText, 'json')];
    const diagnostics = core.checkDocuments(documents);
    const pool = core.linkPools(documents)[0];
    return { pool, configDiagnostics: documents.flatMap((d) => diagnostics.get(d.uri) ?? []) };
  };
  const check = () =>
    core.checkDocuments([core.parseDocument('file:///bench/roles.json', rolesText, 'json'), core.parseDocument('file:///bench/pool.json', poolText, 'json')]);
  const analyze = () => {
    const { pool, configDiagnostics } = load(rolesText, 'file:///bench/roles.json');
    return core.analyzePool(pool, { now: 1767225600, configDiagnostics });
  };
  const diff = () => {
    const before = load(rolesText, 'file:///bench/roles.json');
    const after = load(changedText, 'file:///bench/roles-v2.json');
    return core.diffPools(before.pool, after.pool, { now: 1767225600, beforeDiagnostics: before.configDiagnostics, afterDiagnostics: after.configDiagnostics });
  };
  const runs = quick ? 10 : 40;
  const versusCheck = await compare(analyze, check, runs, 5);
  record('analyze: largest roles file + pool file', versusCheck.ours, 'full check (same files)', versusCheck.baseline, '<= 5x');
  const diffVersusCheck = await compare(diff, check, runs, 5);
  record('diff: two largest roles files + pool file', diffVersusCheck.ours, 'full check (one roles file + pool file)', diffVersusCheck.baseline, '<= 10x');
  const changes = diff().changes.length;
  footnotes.push(`analysis: the diff bench finds ${changes} changes (rules reversed in 10 mappings, one role changed).`);
}

// The Terraform parser, loaded as the CLI loads it (both wasm files' bytes); `parseHcl` is the bare parse.
await core.loadTerraformParser(async (file) =>
  readFileSync(
    require.resolve(file === 'tree-sitter.wasm' ? 'web-tree-sitter/tree-sitter.wasm' : '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'),
  ),
);

// ------------------------------------------------------------------------------------------------
// Terraform (issue 12): a check of a 2,000-line configuration against the bare tree-sitter parse of it.

/** A Terraform configuration of about `targetLines` lines: pools with 25-rule mappings, roles with each kind of trust policy. */
function largeTerraform(targetLines = 2000) {
  const blocks = ['variable "environment" {\n  default = "production"\n}\n\nlocals {\n  prefix = "bench-${var.environment}"\n}\n'];
  for (let n = 0; blocks.join('\n').split('\n').length < targetLines; n++) {
    const rules = Array.from(
      { length: 25 },
      (_, i) => `    mapping_rule {
      claim      = "custom:team"
      match_type = "Equals"
      value      = "team-${n}-${i}"
      role_arn   = aws_iam_role.team_${n}.arn
    }`,
    ).join('\n');
    blocks.push(`resource "aws_cognito_user_pool" "users_${n}" {
  name = "\${local.prefix}-users-${n}"
}

resource "aws_cognito_user_pool_client" "app_${n}" {
  name         = "app-${n}"
  user_pool_id = aws_cognito_user_pool.users_${n}.id
}

resource "aws_cognito_identity_pool" "pool_${n}" {
  identity_pool_name               = "\${local.prefix}-${n}"
  allow_unauthenticated_identities = false
  cognito_identity_providers {
    client_id     = aws_cognito_user_pool_client.app_${n}.id
    provider_name = aws_cognito_user_pool.users_${n}.endpoint
  }
}

resource "aws_cognito_identity_pool_roles_attachment" "pool_${n}" {
  identity_pool_id = aws_cognito_identity_pool.pool_${n}.id
  roles = {
    authenticated = aws_iam_role.user_${n}.arn
  }
  role_mapping {
    identity_provider         = "\${aws_cognito_user_pool.users_${n}.endpoint}:\${aws_cognito_user_pool_client.app_${n}.id}"
    type                      = "Rules"
    ambiguous_role_resolution = "AuthenticatedRole"
${rules}
  }
}

data "aws_iam_policy_document" "trust_${n}" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["cognito-identity.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "cognito-identity.amazonaws.com:aud"
      values   = [aws_cognito_identity_pool.pool_${n}.id]
    }
    condition {
      test     = "ForAnyValue:StringLike"
      variable = "cognito-identity.amazonaws.com:amr"
      values   = ["authenticated"]
    }
  }
}

resource "aws_iam_role" "team_${n}" {
  name               = "team-${n}"
  assume_role_policy = data.aws_iam_policy_document.trust_${n}.json
}

resource "aws_iam_role" "user_${n}" {
  name = "user-${n}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "cognito-identity.amazonaws.com" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals               = { "cognito-identity.amazonaws.com:aud" = aws_cognito_identity_pool.pool_${n}.id }
        "ForAnyValue:StringLike" = { "cognito-identity.amazonaws.com:amr" = "authenticated" }
      }
    }]
  })
}
`);
  }
  return blocks.join('\n');
}

async function terraformBenchmarks() {
  const { parseHcl } = require(path.join(root, 'out/core/terraform/parser.js'));
  const text = largeTerraform();
  const lines = text.split('\n').length;
  const check = () => core.checkDocuments([core.parseDocument('file:///bench/main.tf', text)]);
  const sanity = [...check().values()].flat();
  if (sanity.some((d) => d.severity === 'error')) throw new Error(`the Terraform bench input has errors: ${sanity.map((d) => d.code).join(', ')}`);
  const bareParse = () => parseHcl(text).delete();
  const versus = await compare(check, bareParse, quick ? 10 : 40, 5);
  record(
    `full check: ${lines}-line Terraform configuration`,
    versus.ours,
    'tree-sitter parse (same text)',
    versus.baseline,
    '<= 2x',
    versus.ours / versus.baseline <= 2,
  );
}

if (analysisOnly) {
  await analysisBenchmarks();
} else if (terraformOnly) {
  await terraformBenchmarks();
} else {
  const inputs = serverOnly || indexOnly || startupOnly ? { rolesText: largestRolesFile(), poolText: poolFile(), diagnosticCount: 0 } : await coreBenchmarks();
  if (!serverOnly && !indexOnly && !startupOnly) await analysisBenchmarks();
  if (!serverOnly && !indexOnly && !startupOnly) await terraformBenchmarks();
  if (!serverOnly && !indexOnly) await startupBenchmarks();
  if (!indexOnly && !startupOnly) await serverBenchmarks(inputs);
  if (!startupOnly) await indexBenchmark();
  if (!indexOnly && !startupOnly) sizes();
}

const nameWidth = Math.max(...results.map((r) => r.name.length));
console.log(`${'benchmark'.padEnd(nameWidth)}  ${'ours'.padStart(9)}  ${'baseline'.padStart(9)}  ${'ratio'.padStart(6)}  ${'goal'.padEnd(16)} baseline`);
for (const r of results) {
  const fmt = (n) => (n === null ? '' : n.toFixed(3));
  console.log(
    `${r.name.padEnd(nameWidth)}  ${fmt(r.ours_ms).padStart(9)}  ${fmt(r.baseline_ms).padStart(9)}  ${(r.ratio === null ? '' : `${r.ratio.toFixed(2)}x`).padStart(6)}  ${`${r.goal ?? ''}${r.met === undefined ? '' : r.met ? ' met' : ' MISSED'}`.padEnd(16)} ${r.baseline ?? ''}`,
  );
}
mkdirSync(path.join(root, '.bench'), { recursive: true });
writeFileSync(
  path.join(root, '.bench/results.json'),
  `${JSON.stringify(
    results.map(({ goal, met, ...rest }) => rest),
    null,
    2,
  )}\n`,
);
for (const note of footnotes) console.log(note);
console.log(`\nwritten to .bench/results.json (medians in ms unless the name says otherwise)`);
