/** The palette, tree and code-lens commands: gather input, ask the server, show its answer. */
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import {
  ANALYZE_COMMAND,
  AnalyzeRequest,
  COMPARE_COMMAND,
  DiffRequest,
  DECODE_TOKEN_COMMAND,
  DecodeTokenRequest,
  OPEN_EXAMPLE_COMMAND,
  REFRESH_POOLS_COMMAND,
  REVEAL_COMMAND,
  SIMULATE_CLAIMS_COMMAND,
  SIMULATE_GUEST_COMMAND,
  SIMULATE_TOKEN_COMMAND,
  SimulateRequest,
  WHO_CAN_COMMAND,
  WhoCanRequest,
  whoCanActionProblem,
  whoCanResourceProblem,
  type DiffParams,
  type DiffPoolChoice,
  type Location,
  type SimulateCodeLensArgs,
  type SimulateParams,
} from '../../protocol/protocol';
import { analysisReport, decodedTokenReport, diffReport, ReportProvider, simulationReport, whoCanReport } from './report';
import { plainLabel } from './labels';
import { rememberSimulation } from './testing';
import type { PoolsTreeProvider, TreeNode } from './tree';

const JWT_RE = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/;

type ClientGetter = () => LanguageClient | undefined;

export function registerCommands(
  context: vscode.ExtensionContext,
  getClient: ClientGetter,
  tree: PoolsTreeProvider,
  reports: ReportProvider,
): vscode.Disposable[] {
  const run =
    <T extends unknown[]>(fn: (...args: T) => Promise<void>) =>
    async (...args: T) => {
      try {
        await fn(...args);
      } catch (error) {
        void vscode.window.showErrorMessage(`Identity Pool Roles: ${plainLabel(error instanceof Error ? error.message : String(error))}`);
      }
    };

  const client = (): LanguageClient => {
    const c = getClient();
    if (!c?.isRunning()) throw new Error('the language server is not running yet.');
    return c;
  };

  async function simulate(title: string, params: SimulateParams): Promise<void> {
    const result = await client().sendRequest(SimulateRequest, params);
    rememberSimulation(params, result);
    await reports.show(title, simulationReport(title, result));
  }

  return [
    vscode.commands.registerCommand(
      SIMULATE_TOKEN_COMMAND,
      run(async (arg?: SimulateCodeLensArgs | TreeNode) => {
        const token = await askForToken('Paste the ID token to simulate (it stays on this machine)');
        if (!token) return;
        const poolKey = poolKeyFrom(arg) ?? (await pickPool(tree));
        if (poolKey === null) return;
        await simulate('Token simulation', { token, poolKey });
      }),
    ),
    vscode.commands.registerCommand(
      SIMULATE_CLAIMS_COMMAND,
      run(async (arg?: SimulateCodeLensArgs | TreeNode) => {
        const poolKey = poolKeyFrom(arg) ?? (await pickPool(tree));
        if (poolKey === null) return;
        const claims = await askForClaims();
        if (!claims) return;
        let loginKey: string | undefined;
        if (typeof claims.iss !== 'string') {
          loginKey = await vscode.window.showInputBox({
            title: 'Which provider issued these claims?',
            prompt: 'The Logins key, e.g. cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123 or accounts.google.com (the claims have no iss).',
            ignoreFocusOut: true,
          });
          if (!loginKey) return;
        }
        await simulate('Claims simulation', { claims, loginKey, poolKey });
      }),
    ),
    vscode.commands.registerCommand(
      SIMULATE_GUEST_COMMAND,
      run(async (arg?: TreeNode) => {
        const poolKey = poolKeyFrom(arg) ?? (await pickPool(tree));
        if (poolKey === null) return;
        await simulate('Guest access simulation', { guest: true, poolKey });
      }),
    ),
    vscode.commands.registerCommand(
      DECODE_TOKEN_COMMAND,
      run(async () => {
        const token = await askForToken('Paste the token to decode (it stays on this machine)');
        if (!token) return;
        const decoded = await client().sendRequest(DecodeTokenRequest, { token });
        await reports.show('Decoded token', decodedTokenReport(decoded));
      }),
    ),
    vscode.commands.registerCommand(
      ANALYZE_COMMAND,
      run(async (arg?: SimulateCodeLensArgs | TreeNode) => {
        const poolKey = poolKeyFrom(arg) ?? (await pickPool(tree));
        if (poolKey === null) return;
        const result = await client().sendRequest(AnalyzeRequest, { poolKey });
        await reports.show('Who gets which role', analysisReport('Who gets which role', result));
      }),
    ),
    vscode.commands.registerCommand(
      WHO_CAN_COMMAND,
      run(async (arg?: TreeNode) => {
        const action = await vscode.window.showInputBox({
          title: 'Who can do this? (1/2) The action',
          prompt: 'One IAM action, e.g. s3:DeleteObject',
          placeHolder: 's3:DeleteObject',
          ignoreFocusOut: true,
          validateInput: (text) => whoCanActionProblem(text.trim()),
        });
        if (!action) return;
        const resource = await vscode.window.showInputBox({
          title: 'Who can do this? (2/2) The resource',
          prompt: 'The resource ARN, or * for any',
          value: '*',
          ignoreFocusOut: true,
          validateInput: (text) => whoCanResourceProblem(text.trim()),
        });
        if (!resource) return;
        const poolKey = poolKeyFrom(arg) ?? (await pickPool(tree));
        if (poolKey === null) return;
        const result = await client().sendRequest(WhoCanRequest, { action: action.trim(), resource: resource.trim(), poolKey });
        await reports.show('Who can do this', whoCanReport(`Who can ${action.trim()}?`, result));
      }),
    ),
    vscode.commands.registerCommand(
      COMPARE_COMMAND,
      run(async (arg?: vscode.Uri | SimulateCodeLensArgs) => {
        const editor = vscode.window.activeTextEditor;
        const uri = arg instanceof vscode.Uri ? arg : typeof arg?.uri === 'string' ? vscode.Uri.parse(arg.uri) : editor?.document.uri;
        if (!uri) throw new Error('open the role-mapping file to compare first.');
        const other = await pickOtherVersion(uri);
        if (!other) return;
        const poolKey = arg instanceof vscode.Uri ? undefined : arg?.poolKey;
        // Run from the editor of this document: the pool whose resources hold the cursor (a template may hold several).
        const cursor = editor && editor.document.uri.toString() === uri.toString() ? editor.selection.active : undefined;
        const params: DiffParams = { uri: uri.toString(), otherText: other.text, otherName: other.name, poolKey };
        if (cursor && poolKey === undefined) params.position = { line: cursor.line, character: cursor.character };
        let result = await client().sendRequest(DiffRequest, params);
        if (result.poolChoices) {
          // Several pools and none chosen: the simulate commands' picker, limited to this document's pools.
          const picked = await pickPool(tree, { choices: result.poolChoices, title: 'Compare which identity pool?' });
          if (!picked) return;
          result = await client().sendRequest(DiffRequest, { ...params, position: undefined, poolKey: picked });
        }
        await reports.show('Role mapping diff', diffReport('Role mapping diff', result));
      }),
    ),
    vscode.commands.registerCommand(REFRESH_POOLS_COMMAND, () => tree.refresh()),
    vscode.commands.registerCommand(
      REVEAL_COMMAND,
      run(async (location: Location) => {
        const range = new vscode.Range(location.range.start.line, location.range.start.character, location.range.end.line, location.range.end.character);
        await vscode.window.showTextDocument(vscode.Uri.parse(location.uri), { selection: range, preview: true });
      }),
    ),
    vscode.commands.registerCommand(
      OPEN_EXAMPLE_COMMAND,
      run(async () => {
        const example = vscode.Uri.joinPath(context.extensionUri, 'examples', 'user-pool-groups', 'roles.json');
        await vscode.window.showTextDocument(example);
      }),
    ),
  ];
}

/** The token from the selection, else a token on the clipboard, else an input box (masked). */
async function askForToken(prompt: string): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  const fromSelection = JWT_RE.exec(selected)?.[0];
  if (fromSelection) return fromSelection;
  if (editor && editor.selection.isEmpty) {
    const line = editor.document.lineAt(editor.selection.active.line).text;
    const onLine = JWT_RE.exec(line)?.[0];
    if (onLine) return onLine;
  }
  const fromClipboard = JWT_RE.exec(await vscode.env.clipboard.readText())?.[0];
  if (fromClipboard) return fromClipboard;
  const typed = await vscode.window.showInputBox({ title: prompt, password: true, ignoreFocusOut: true, placeHolder: 'eyJ…' });
  return typed?.trim() || undefined;
}

async function askForClaims(): Promise<Record<string, unknown> | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  const parsed = tryObject(selected);
  if (parsed) return parsed;
  const typed = await vscode.window.showInputBox({
    title: 'Claims to simulate, as a JSON object',
    placeHolder: '{"iss": "https://accounts.google.com", "aud": "…", "sub": "…", "hd": "example.com"}',
    ignoreFocusOut: true,
    validateInput: (text) => (tryObject(text) ? undefined : 'Enter a JSON object of claims.'),
  });
  return typed ? tryObject(typed) : undefined;
}

function tryObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function poolKeyFrom(arg: unknown): string | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as Partial<SimulateCodeLensArgs> & { pool?: { key: string } };
  return a.poolKey ?? a.pool?.key;
}

/** The last segment of a uri, decoded when it can be. */
function fileName(uri: string): string {
  const last = uri.replace(/^.*\//, '');
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/**
 * Asks which pool to simulate against; `undefined` means all pools, `null` means cancelled. With `choices`,
 * only those pools are offered and "All pools" is not (`undefined` then only when there are none).
 */
async function pickPool(tree: PoolsTreeProvider, options: { choices?: readonly DiffPoolChoice[]; title?: string } = {}): Promise<string | undefined | null> {
  const model = await tree.current();
  const treePools = model?.pools ?? [];
  const choices = options.choices;
  // A choice the tree does not list (yet) is offered by its label alone.
  const pools = choices
    ? choices.map((choice) => treePools.find((pool) => pool.key === choice.key) ?? { ...choice, identityPoolId: undefined, location: undefined })
    : treePools;
  if (pools.length <= 1) return pools[0]?.key;
  const items: Array<vscode.QuickPickItem & { key?: string }> = [
    ...(choices ? [] : [{ label: 'All pools', description: `${pools.length} pools` }]),
    // Pools of different templates often share a label (`IdentityPool`): the file tells them apart.
    ...pools.map((pool) => ({
      label: plainLabel(pool.label),
      description: plainLabel([pool.identityPoolId, pool.location && fileName(pool.location.uri)].filter(Boolean).join(' · ')),
      key: pool.key,
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: options.title ?? 'Simulate against which identity pool?' });
  if (!picked) return null;
  return picked.key;
}

/** The parts of the built-in Git extension's API used here (vscode.git, API version 1). */
interface GitApi {
  getRepository(uri: vscode.Uri): { show(ref: string, path: string): Promise<string> } | null;
}

async function gitApi(): Promise<GitApi | undefined> {
  try {
    const extension = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
    if (!extension) return undefined;
    const exports = extension.isActive ? extension.exports : await extension.activate();
    return exports.getAPI(1);
  } catch {
    return undefined;
  }
}

const MAX_OTHER_BYTES = 4 * 1024 * 1024;

/** Asks for the version to compare `uri` with: another file, or the committed version (HEAD) when Git knows the file. */
async function pickOtherVersion(uri: vscode.Uri): Promise<{ text: string; name: string } | undefined> {
  const git = uri.scheme === 'file' ? await gitApi() : undefined;
  const repository = git?.getRepository(uri) ?? undefined;
  const items: Array<vscode.QuickPickItem & { pick: 'file' | 'head' }> = [{ label: 'Another file…', pick: 'file' }];
  if (repository) items.unshift({ label: 'Committed version (HEAD)', description: 'through the Git extension', pick: 'head' });
  const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: 'Compare role mapping with…' });
  if (!picked) return undefined;
  if (picked.pick === 'head' && repository) {
    return { text: await repository.show('HEAD', uri.fsPath), name: 'the committed version (HEAD)' };
  }
  const files = await vscode.window.showOpenDialog({ title: 'Compare role mapping with…', canSelectMany: false, openLabel: 'Compare', defaultUri: uri });
  const file = files?.[0];
  if (!file) return undefined;
  const stat = await vscode.workspace.fs.stat(file);
  if (stat.size > MAX_OTHER_BYTES) throw new Error(`the file is larger than ${MAX_OTHER_BYTES} bytes.`);
  const text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(file));
  return { text, name: file.path.replace(/^.*\//, '') };
}
