/**
 * Role-test files in VS Code's Test Explorer: a test controller that finds `*.role-tests.{yaml,yml,json}`
 * in the workspace, lists each file's cases (asked from the language server, which parses them), runs
 * them through the server's `identityPoolRoles/roleTests` (no second engine here), marks failures at the
 * case with expected/actual, and re-runs a file that was run when it or a file it reads changes.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { plainLabel } from './labels';
import {
  RoleTestTextRequest,
  SAVE_AS_TEST_CASE_COMMAND,
  type NewRoleTestCase,
  DecodeTokenRequest,
  ModelRequest,
  RoleTestsRequest,
  type PoolSimulationResult,
  type Range,
  type RoleTestCaseItem,
  type RoleTestsResult,
  type SimulateParams,
  type SimulateResult,
} from '../../protocol/protocol';

export const ROLE_TEST_GLOB = '**/*.role-tests.{yaml,yml,json}';
const EXCLUDE_GLOB = '**/{node_modules,.git}/**';
const MAX_FILES = 2000;

type ClientGetter = () => LanguageClient | undefined;

export function registerRoleTests(getClient: ClientGetter): vscode.Disposable[] {
  const controller = vscode.tests.createTestController('identityPoolRoles.roleTests', 'Identity pool role tests');
  /** For each test file that ran: the uris it read (itself, its configuration, tokens...). */
  const inputsOf = new Map<string, Set<string>>();
  const rerunTimers = new Map<string, ReturnType<typeof setTimeout>>();

  /** The running client; the Test Explorer may ask before the server has started, so wait a little for it. */
  const client = async (): Promise<LanguageClient> => {
    for (let waited = 0; waited < 15_000; waited += 100) {
      const c = getClient();
      if (c?.isRunning()) return c;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the language server is not running.');
  };

  function fileItem(uri: vscode.Uri): vscode.TestItem {
    const id = uri.toString();
    let item = controller.items.get(id);
    if (!item) {
      item = controller.createTestItem(id, vscode.workspace.asRelativePath(uri), uri);
      item.canResolveChildren = true;
      controller.items.add(item);
    }
    return item;
  }

  function caseId(fileUri: string, name: string): string {
    return `${fileUri}#${name}`;
  }

  /** Asks the server for the cases of a file and mirrors them as children (by name, so results keep their item). */
  async function listCases(item: vscode.TestItem): Promise<RoleTestsResult | undefined> {
    if (!item.uri) return undefined;
    let result: RoleTestsResult;
    try {
      result = await (await client()).sendRequest(RoleTestsRequest, { uri: item.uri.toString(), run: false });
    } catch (error) {
      item.error = `The cases could not be listed: ${error instanceof Error ? error.message : String(error)}`;
      return undefined;
    }
    const children: vscode.TestItem[] = [];
    for (const c of result.cases) {
      const child = item.children.get(caseId(item.id, c.name)) ?? controller.createTestItem(caseId(item.id, c.name), plainLabel(c.name), item.uri);
      child.range = toRange(c.nameRange);
      child.sortText = String(c.index).padStart(6, '0');
      children.push(child);
    }
    item.children.replace(children);
    item.error = result.problems.length > 0 ? problemsText(result) : undefined;
    return result;
  }

  async function discover(): Promise<void> {
    const files = await vscode.workspace.findFiles(ROLE_TEST_GLOB, EXCLUDE_GLOB, MAX_FILES);
    const ids = new Set(files.map((f) => f.toString()));
    controller.items.forEach((item) => {
      if (!ids.has(item.id)) controller.items.delete(item.id);
    });
    await Promise.all(files.map(async (file) => void (await listCases(fileItem(file)))));
  }

  controller.resolveHandler = async (item) => {
    if (!item) await discover();
    else void (await listCases(item));
  };

  async function runHandler(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = controller.createTestRun(request);
    // Test file → the case indexes to run (undefined: all of them).
    const files = new Map<vscode.TestItem, Set<string> | undefined>();
    const excluded = new Set((request.exclude ?? []).map((i) => i.id));
    const include = request.include ?? gather(controller.items);
    for (const item of include) {
      if (excluded.has(item.id)) continue;
      const file = item.parent ?? item;
      if (item.parent) {
        const names = files.get(file);
        if (!files.has(file) || names) files.set(file, new Set([...(names ?? []), item.id]));
      } else {
        files.set(file, undefined);
      }
    }
    try {
      for (const [file, only] of files) {
        if (token.isCancellationRequested) break;
        await runFile(run, file, only, excluded);
      }
    } finally {
      run.end();
    }
  }

  async function runFile(run: vscode.TestRun, file: vscode.TestItem, only: Set<string> | undefined, excluded: Set<string>): Promise<void> {
    if (!file.uri) return;
    const listed = await listCases(file);
    const items = gather(file.children).filter((c) => (!only || only.has(c.id)) && !excluded.has(c.id));
    for (const item of items) run.started(item);
    let result: RoleTestsResult;
    try {
      const indexes = (listed?.cases ?? []).filter((c) => items.some((i) => i.id === caseId(file.id, c.name))).map((c) => c.index);
      result = await (await client()).sendRequest(RoleTestsRequest, { uri: file.uri.toString(), run: true, cases: only ? indexes : undefined });
    } catch (error) {
      const message = new vscode.TestMessage(`The role tests could not be run: ${error instanceof Error ? error.message : String(error)}`);
      for (const item of items) run.errored(item, message);
      return;
    }
    inputsOf.set(file.id, new Set(result.inputs.map(normalizeUri)));
    if (result.problems.length > 0) {
      const message = new vscode.TestMessage(problemsText(result));
      message.location = new vscode.Location(file.uri, toRange(result.problems[0].range));
      for (const item of items) run.errored(item, message);
      return;
    }
    for (const c of result.cases) {
      const item = file.children.get(caseId(file.id, c.name));
      if (item) report(run, item, file.uri, c);
    }
  }

  function report(run: vscode.TestRun, item: vscode.TestItem, uri: vscode.Uri, c: RoleTestCaseItem): void {
    const at = new vscode.Location(uri, toRange(c.nameRange));
    switch (c.status) {
      case 'pass':
        run.passed(item);
        return;
      case 'fail': {
        const message =
          c.expected !== undefined && c.actual !== undefined
            ? vscode.TestMessage.diff(c.message ?? 'The case failed.', c.expected, c.actual)
            : new vscode.TestMessage(c.message ?? 'The case failed.');
        message.location = at;
        run.failed(item, message);
        return;
      }
      default: {
        const message = new vscode.TestMessage(c.message ?? 'The case could not be run.');
        message.location = at;
        run.errored(item, message);
      }
    }
  }

  const runProfile = controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => runHandler(request, token), true);

  /** Re-runs a test file that was run before, shortly after a file it reads changed (saves come in bursts). */
  function scheduleRerun(fileId: string): void {
    const item = controller.items.get(fileId);
    if (!item) return;
    clearTimeout(rerunTimers.get(fileId));
    rerunTimers.set(
      fileId,
      setTimeout(() => {
        rerunTimers.delete(fileId);
        void runHandler(new vscode.TestRunRequest([item], undefined, runProfile), new vscode.CancellationTokenSource().token);
      }, 300),
    );
  }

  function changed(uri: vscode.Uri): void {
    const key = normalizeUri(uri.toString());
    for (const [fileId, inputs] of inputsOf) if (inputs.has(key)) scheduleRerun(fileId);
  }

  const saveCommand = vscode.commands.registerCommand(SAVE_AS_TEST_CASE_COMMAND, async () => {
    try {
      await saveAsTestCase(client);
    } catch (error) {
      void vscode.window.showErrorMessage(`Identity Pool Roles: ${plainLabel(error instanceof Error ? error.message : String(error))}`);
    }
  });

  const testFiles = vscode.workspace.createFileSystemWatcher(ROLE_TEST_GLOB);
  const anyFile = vscode.workspace.createFileSystemWatcher('**/*', true, false, true);
  return [
    controller,
    saveCommand,
    testFiles,
    anyFile,
    testFiles.onDidCreate((uri) => void listCases(fileItem(uri))),
    testFiles.onDidChange((uri) => void listCases(fileItem(uri))),
    testFiles.onDidDelete((uri) => {
      controller.items.delete(uri.toString());
      inputsOf.delete(uri.toString());
    }),
    anyFile.onDidChange(changed),
    { dispose: () => rerunTimers.forEach((timer) => clearTimeout(timer)) },
  ];
}

function gather(collection: vscode.TestItemCollection): vscode.TestItem[] {
  const items: vscode.TestItem[] = [];
  collection.forEach((item) => items.push(item));
  return items;
}

function toRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

function problemsText(result: RoleTestsResult): string {
  return result.problems.map((p) => `Line ${p.range.start.line + 1}: ${p.message}`).join('\n');
}

/** Uris compare after decoding (the server and VS Code may percent-encode differently). */
function normalizeUri(uri: string): string {
  try {
    return vscode.Uri.parse(uri).toString();
  } catch {
    return uri;
  }
}

// ---- Save as test case -------------------------------------------------------------------------------

let lastSimulation: { params: SimulateParams; result: SimulateResult } | undefined;

/** Called by the simulate commands: the simulation a report shows, for "Save as test case". */
export function rememberSimulation(params: SimulateParams, result: SimulateResult): void {
  lastSimulation = { params, result };
}

/**
 * Appends the last simulation (its request, and its outcome as what to expect) to a role-test file, or
 * starts a new one next to the pool's configuration. A token is saved as its decoded claims, never as the
 * token (a credential), with the file's clock fixed to the simulation's time.
 */
async function saveAsTestCase(client: () => Promise<LanguageClient>): Promise<void> {
  if (!lastSimulation) {
    void vscode.window.showInformationMessage('Run a simulation first (Simulate token, claims or guest access); its request and outcome become the test case.');
    return;
  }
  const { params, result } = lastSimulation;
  let simulated: PoolSimulationResult | undefined = result.results[0];
  if (result.results.length > 1) {
    const picked = await vscode.window.showQuickPick(
      result.results.map((r) => ({ label: plainLabel(r.poolLabel), description: plainLabel(`${r.outcome}${r.roleArn ? ` ${r.roleArn}` : ''}`), result: r })),
      { title: 'Save the simulation against which pool?' },
    );
    simulated = picked?.result;
  }
  if (!simulated) return;

  const testCase: NewRoleTestCase = { name: '', expect: expectOf(simulated) };
  if (params.guest) testCase.guest = true;
  else {
    if (params.loginKey) testCase.login = params.loginKey;
    if (params.claims) testCase.claims = params.claims;
    else if (params.token) {
      const decoded = await (await client()).sendRequest(DecodeTokenRequest, { token: params.token });
      if (!decoded.ok) throw new Error(`the token could not be decoded: ${decoded.error}`);
      testCase.claims = decoded.claims;
    }
    if (params.customRoleArn) testCase.customRoleArn = params.customRoleArn;
  }
  const suggested =
    simulated.outcome === 'role' && simulated.roleArn
      ? `gets ${simulated.roleArn.split('/').pop()}`
      : simulated.outcome === 'deny'
        ? 'is denied'
        : simulated.outcome === 'error'
          ? `is refused (${simulated.errorCode ?? 'error'})`
          : 'is unknown';
  const name = await vscode.window.showInputBox({
    title: 'Name of the test case',
    value: `${params.guest ? 'a guest' : 'this sign-in'} ${suggested}`,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Give the case a name.'),
  });
  if (!name) return;
  testCase.name = name.trim();

  const files = await vscode.workspace.findFiles(ROLE_TEST_GLOB, EXCLUDE_GLOB, MAX_FILES);
  const NEW = 'New role-test file…';
  const picked = await vscode.window.showQuickPick(
    [{ label: NEW, uri: undefined as vscode.Uri | undefined }, ...files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri }))],
    {
      title: 'Add the case to which role-test file?',
    },
  );
  if (!picked) return;
  if (picked.uri) {
    const document = await vscode.workspace.openTextDocument(picked.uri);
    // The server writes the text (the client has no role-test parser).
    const appended = await (
      await client()
    ).sendRequest(RoleTestTextRequest, { kind: 'append', uri: picked.uri.toString(), text: document.getText(), testCase });
    if ('error' in appended) throw new Error(`${vscode.workspace.asRelativePath(picked.uri)}: ${appended.error}`);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(picked.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), appended.text);
    await vscode.workspace.applyEdit(edit);
    await vscode.window.showTextDocument(document, { preview: false });
    return;
  }
  // A new file next to the pool's role configuration.
  const model = await (await client()).sendRequest(ModelRequest, {});
  const pool = model.pools.find((p) => p.key === simulated.poolKey);
  if (!pool) throw new Error('the simulated pool is no longer in the workspace.');
  const definition = pool.hasDefinition ? pool.location.uri : undefined;
  const configUri = pool.uris.find((u) => u !== definition) ?? pool.uris[0];
  const config = vscode.Uri.parse(configUri);
  const target = await vscode.window.showSaveDialog({
    title: 'New role-test file',
    defaultUri: vscode.Uri.joinPath(config, '..', 'roles.role-tests.yaml'),
    filters: { 'Role tests': ['yaml', 'yml', 'json'] },
  });
  if (!target) return;
  if (!/\.role-tests\.(ya?ml|json)$/i.test(target.path))
    throw new Error('a role-test file name ends with .role-tests.yaml, .role-tests.yml or .role-tests.json.');
  const relative = (uri: string) => relativePath(target, vscode.Uri.parse(uri));
  const written = await (
    await client()
  ).sendRequest(RoleTestTextRequest, {
    kind: 'new',
    file: {
      config: relative(configUri),
      identityPool: definition && definition !== configUri ? relative(definition) : undefined,
      // Claims from a token carry iat/exp: fix the clock so the case passes tomorrow too.
      now: testCase.claims && (typeof testCase.claims.exp === 'number' || typeof testCase.claims.iat === 'number') ? result.now : undefined,
    },
    testCase,
    format: target.path.toLowerCase().endsWith('.json') ? 'json' : 'yaml',
  });
  if ('error' in written) throw new Error(written.error);
  const text = written.text;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  await vscode.window.showTextDocument(target, { preview: false });
}

/** What the case expects: the simulation's outcome and what decides it. */
function expectOf(r: PoolSimulationResult): NewRoleTestCase['expect'] {
  const expect: NewRoleTestCase['expect'] = { outcome: r.outcome };
  if (r.outcome === 'unknown') return expect;
  if (r.roleArn) expect.roleArn = r.roleArn;
  if (r.matchedRuleIndex !== null && r.matchedRuleIndex !== undefined) expect.rule = r.matchedRuleIndex;
  if (r.errorCode) expect.errorCode = r.errorCode;
  return expect;
}

/** `to`'s path relative to the folder of `from` (both file URIs), with forward slashes. */
function relativePath(from: vscode.Uri, to: vscode.Uri): string {
  const fromParts = from.path.split('/').slice(0, -1);
  const toParts = to.path.split('/');
  let common = 0;
  while (common < fromParts.length && common < toParts.length - 1 && fromParts[common] === toParts[common]) common++;
  return [...fromParts.slice(common).map(() => '..'), ...toParts.slice(common)].join('/');
}
