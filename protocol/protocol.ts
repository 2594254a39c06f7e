/**
 * The custom LSP messages between the language server and the VS Code client, typed once here and
 * imported by both sides (rust-analyzer's `lsp_ext.ts` discipline). This module must stay importable by
 * the client without pulling server code: it imports only `vscode-languageserver-protocol` (which both
 * `vscode-languageserver` and `vscode-languageclient` depend on) and core *types*.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { SimulationResult, TraceStep } from '../core/evaluate/types';
import type { SignatureCheck } from '../core/token/jwt';
import type { Location, Position, Range } from '../core/positions';
import type { ProviderKind } from '../core/providers';
import type { NewRoleTestCase, NewRoleTestFile } from '../core/roleTests/appendText';

export type { NewRoleTestCase, NewRoleTestFile };

export type { Location, Range, Position } from '../core/positions';
export type { SimulationResult, TraceStep, TraceStepId, Outcome, Via } from '../core/evaluate/types';
export type { SignatureCheck, SignatureStatus } from '../core/token/jwt';
export type { ProviderKind } from '../core/providers';
export type { PoolAnalysis, PoolDiff, RolePath, MappingAnalysis, RuleAnalysis, DiffChange } from '../core/analysis/index';
import type { PoolAnalysis, PoolDiff } from '../core/analysis/index';
export type { WhoCanResult, WhoCanEntry, RoleRoute } from '../core/permissions/whoCan';
import type { WhoCanResult } from '../core/permissions/whoCan';

/**
 * Node options the client starts the server with (the benchmark starts it the same way):
 * - `--expose-gc` lets it collect garbage when it goes quiet after parsing much text (server/src/server.ts).
 * - `--min-semi-space-size=4 --max-semi-space-size=4`: a young generation of a fixed 2 x 4 MB. V8 would
 *   otherwise grow it up to 2 x 16 MB while templates are parsed and never give it back while the server
 *   runs; fixed, resident memory stays flat over a long session (the soak test) and 200 open documents
 *   stay under 100 MB (`npm run bench`), for little cost in latency now that keystrokes re-use the parse.
 */
export const SERVER_NODE_OPTIONS = ['--expose-gc', '--min-semi-space-size=4', '--max-semi-space-size=4'];

/**
 * The client's command ids, as package.json's `contributes.commands` declares them (a test checks both
 * lists agree). The server names them too (the code lens), so they live here.
 */
/** The client command the "Simulate…" code lens runs; its single argument is a `SimulateCodeLensArgs`. */
export const SIMULATE_TOKEN_COMMAND = 'identityPoolRoles.simulateToken';
export const SIMULATE_CLAIMS_COMMAND = 'identityPoolRoles.simulateClaims';
export const SIMULATE_GUEST_COMMAND = 'identityPoolRoles.simulateGuest';
export const DECODE_TOKEN_COMMAND = 'identityPoolRoles.decodeToken';
export const REFRESH_POOLS_COMMAND = 'identityPoolRoles.refresh';
export const OPEN_EXAMPLE_COMMAND = 'identityPoolRoles.openExample';
/** Reveals a `Location` of the configuration in an editor (tree items and report links run it). */
export const REVEAL_COMMAND = 'identityPoolRoles.reveal';
/** Appends the last simulation as a case to a role-test file (the simulation report's title bar). */
export const SAVE_AS_TEST_CASE_COMMAND = 'identityPoolRoles.saveAsTestCase';
/** Opens the analysis report of a pool ("who gets which role"); its single argument is a `SimulateCodeLensArgs` (or a tree node). */
export const ANALYZE_COMMAND = 'identityPoolRoles.analyze';
/** Compares the active role-mapping document with another file (or its committed version) and opens the diff report. */
export const COMPARE_COMMAND = 'identityPoolRoles.compareWith';
/** "Who can do this?": asks an action and a resource, shows which roles allow it and who gets them (issue 19). */
export const WHO_CAN_COMMAND = 'identityPoolRoles.whoCan';
export const CLIENT_COMMANDS: readonly string[] = [
  ANALYZE_COMMAND,
  WHO_CAN_COMMAND,
  COMPARE_COMMAND,
  SAVE_AS_TEST_CASE_COMMAND,
  SIMULATE_TOKEN_COMMAND,
  SIMULATE_CLAIMS_COMMAND,
  SIMULATE_GUEST_COMMAND,
  DECODE_TOKEN_COMMAND,
  REFRESH_POOLS_COMMAND,
  OPEN_EXAMPLE_COMMAND,
  REVEAL_COMMAND,
];

export interface SimulateCodeLensArgs {
  /** The document holding the role mapping. */
  uri: string;
  /** The (linked) pool the mapping belongs to: pass it as `SimulateParams.poolKey`. */
  poolKey: string;
  /** The provider the mapping applies to (its RoleMappings key, or CloudFormation's `IdentityProvider`). */
  mappingProvider: string;
}

// ---------------------------------------------------------------------------------------------------
// identityPoolRoles/model: the data of the "Identity Pools" tree view.

export interface ModelParams {
  /** Only pools with a part in this document (all pools when absent). */
  uri?: string;
}

export interface ModelTree {
  pools: PoolItem[];
  /** Every role ARN written anywhere in the indexed configuration, with who can receive it. */
  roles: RoleItem[];
  /** How many role-mapping documents the workspace index holds (open documents included). */
  documentCount: number;
  /** True when indexing stopped at `files.maxCount` or `files.maxScanned` (`indexBounds` says which). */
  truncated: boolean;
  /** The bounds the last indexing hit, to show the user with the setting that raises each. */
  indexBounds: IndexBoundHit[];
}

/** The settings that bound the workspace index. */
export type IndexBoundSetting = 'identityPoolRoles.files.maxCount' | 'identityPoolRoles.files.maxScanned' | 'identityPoolRoles.files.maxFileSize';

export interface IndexBoundHit {
  /** The setting that raises the bound. */
  setting: IndexBoundSetting;
  /** Its value when the bound was hit. */
  limit: number;
  /** The workspace folder whose indexing the bound cut short. */
  folderUri: string;
  /** What was left out and which setting raises the bound: one plain-text sentence (no file names). */
  message: string;
}

export interface PoolItem {
  /** Workspace-wide key; pass it to `identityPoolRoles/simulate`. */
  key: string;
  label: string;
  identityPoolId?: string;
  /** Where the pool is defined (the identity-pool file or resource), else its role configuration. */
  location: Location;
  /** Every document contributing to this pool. */
  uris: string[];
  /** `unknown` when it depends on values known only at deploy time (template parameters without a value). */
  allowUnauthenticatedIdentities?: boolean | 'unknown';
  allowClassicFlow?: boolean;
  /** False when no identity-pool definition was found (a roles file alone). */
  hasDefinition: boolean;
  defaultRoles: { authenticated?: RoleRef; unauthenticated?: RoleRef };
  providers: ProviderItem[];
  problems: { errors: number; warnings: number };
}

export interface RoleRef {
  arn: string;
  /** True when the ARN is a reference that cannot be resolved statically (CloudFormation). */
  symbolic?: boolean;
  location: Location;
}

export interface ProviderItem {
  /** What to show: the mapping key, else the login key. */
  name: string;
  kind: ProviderKind;
  /** "Cognito user pool", "Google", "SAML", ... */
  kindLabel: string;
  loginKey?: string;
  mappingKey?: string;
  clientId?: string;
  /** False for a provider known only from a RoleMappings key (not registered on the pool, or no pool file). */
  registered: boolean;
  location?: Location;
  mapping?: MappingItem;
}

export interface MappingItem {
  key: string;
  /** `Token` or `Rules` (as written, may be invalid). */
  type?: string;
  ambiguousRoleResolution?: string;
  /** e.g. "Rules, ambiguous → Deny". */
  label: string;
  location: Location;
  rules: RuleItem[];
}

export interface RuleItem {
  /** 0-based evaluation order. */
  index: number;
  claim?: string;
  matchType?: string;
  value?: string;
  roleArn?: string;
  /** `claim MatchType value → role`. */
  label: string;
  location: Location;
}

export type RoleGrantKind = 'default-authenticated' | 'default-unauthenticated' | 'rule';

export interface RoleGrant {
  poolKey: string;
  poolLabel: string;
  kind: RoleGrantKind;
  /** For `rule`: the mapping's provider and the rule's index. */
  provider?: string;
  ruleIndex?: number;
  /** One line saying who receives the role this way. */
  label: string;
  location: Location;
}

export interface RoleItem {
  arn: string;
  /** The role name (the part after `role/`), or the ARN when it is not an IAM role ARN. */
  label: string;
  symbolic?: boolean;
  grants: RoleGrant[];
}

export const ModelRequest = new RequestType<ModelParams, ModelTree, void>('identityPoolRoles/model');

// ---------------------------------------------------------------------------------------------------
// identityPoolRoles/roleAllows: what a role's policies allow, for the tree's role → allows → service →
// actions branch (issue 19). The server lists it (the same listing as the CLI's `permissions`); the client
// only shows it.

export interface RoleAllowsParams {
  /** A `RoleItem.arn`. */
  roleArn: string;
  /** A pool that hands the role out (a `RoleGrant.poolKey`): a deploy-time ARN is looked up in its templates only. */
  poolKey?: string;
}

export interface AllowedAction {
  /** As written (`s3:GetObject`, `s3:Get*`), or `all actions except …` for a NotAction statement. */
  action: string;
  /** Access levels (List, Read, Write, Permissions management, Tagging) of the action or of what the pattern matches; empty when not known. */
  accessLevels: string[];
  /** Allowed only under conditions that depend on the identity or the request. */
  conditional: boolean;
  /** The policy (and statement id) that allows it, and where. */
  policy: string;
  location?: Location;
}

export interface RoleAllowsResult {
  roleArn: string;
  /** False when the role's policies are in none of these files nor the `policyFiles` setting. */
  known: boolean;
  services: Array<{ service: string; actions: AllowedAction[] }>;
  /** Policies named but not found or not readable: the role may be allowed more. */
  unresolved: string[];
  /** The role has a permissions boundary: it can do only what the boundary also allows. */
  boundary?: string;
}

export const RoleAllowsRequest = new RequestType<RoleAllowsParams, RoleAllowsResult, void>('identityPoolRoles/roleAllows');

// ---------------------------------------------------------------------------------------------------
// identityPoolRoles/whoCan: who can do ACTION on RESOURCE (issue 19), answered by the same core function as
// the CLI's `analyze --can` (`whoCan`): every role of the pool, whether it allows it, and who gets it (a
// witness from the exact analysis, or why nobody does), guests included.

export interface WhoCanParams {
  /** One IAM action, `service:Action` (no wildcards), as `analyze --can` takes it. */
  action: string;
  /** The resource ARN, or `*`. */
  resource: string;
  /** A `PoolItem.key`; every pool with a role configuration when absent. */
  poolKey?: string;
}

export interface WhoCanResponse {
  /** One answer per pool. */
  pools: Array<{ poolKey: string; poolLabel: string; answer: WhoCanResult }>;
  /** The time witnesses are built for (`identityPoolRoles.clock`). */
  now: number;
  nowIso: string;
  /** Why `pools` is empty. */
  message?: string;
}

export const WhoCanRequest = new RequestType<WhoCanParams, WhoCanResponse, void>('identityPoolRoles/whoCan');

/** Why `action` is not one IAM action (`s3:DeleteObject`), or undefined when it is: the client's input box and the server check alike. */
export function whoCanActionProblem(action: string): string | undefined {
  return /^[A-Za-z0-9-]+:[A-Za-z0-9-]+$/.test(action) ? undefined : 'One IAM action such as s3:DeleteObject (service:Action, no wildcards).';
}

/** Why `resource` is not a resource ARN or `*`, or undefined when it is. */
export function whoCanResourceProblem(resource: string): string | undefined {
  return resource === '*' || /^arn:[^:\s]+:[^:\s]*:[^:\s]*:[^:\s]*:\S+$/.test(resource) ? undefined : 'A resource ARN (arn:aws:s3:::bucket/key) or *.';
}

// ---------------------------------------------------------------------------------------------------
// identityPoolRoles/simulate: GetCredentialsForIdentity against one pool or all of them.

export interface SimulateParams {
  /** A `PoolItem.key`; every pool in the workspace when absent. */
  poolKey?: string;
  /** A raw JWT. Used only in memory; never logged. */
  token?: string;
  /** Claims given directly instead of a token. */
  claims?: Record<string, unknown>;
  /** The `Logins` key; when absent the token's `iss` decides. */
  loginKey?: string;
  customRoleArn?: string;
  /** An unauthenticated (guest) request: token, claims and loginKey are ignored. */
  guest?: boolean;
}

export interface PoolSimulationResult extends SimulationResult {
  poolKey: string;
  poolLabel: string;
  /** Issue 19: what the chosen role lets this identity do (the simulate request only; absent when the outcome is not a role). */
  permissions?: PoolPermissions;
}

export interface PoolPermissions {
  /** By service and access level, one line. */
  summary: string;
  /** The role's statements as they apply to this identity. */
  statements: Array<{ effect: 'Allow' | 'Deny'; actions: string; resources: string; conditions: string; policy: string; location?: Location }>;
  /** Policies not found or not readable (they may allow or deny anything). */
  unresolved: string[];
  notes: string[];
}

export interface SimulateResult {
  results: PoolSimulationResult[];
  /** The evaluation time used (`identityPoolRoles.clock`), Unix seconds, and as an ISO date. */
  now: number;
  nowIso: string;
  /** Set when no pool matched `poolKey` or the workspace has none. */
  message?: string;
}

export const SimulateRequest = new RequestType<SimulateParams, SimulateResult, void>('identityPoolRoles/simulate');

// ---------------------------------------------------------------------------------------------------
// identityPoolRoles/analyze: exact rule reachability and who can become each role (core/analysis).

export interface AnalyzeParams {
  /** A `PoolItem.key`; every pool with a role configuration when absent. */
  poolKey?: string;
}

export interface PoolAnalysisItem {
  poolKey: string;
  poolLabel: string;
  analysis: PoolAnalysis;
}

export interface AnalyzeResult {
  pools: PoolAnalysisItem[];
  /** The evaluation time the witnesses are valid at (`identityPoolRoles.clock`). */
  now: number;
  nowIso: string;
  /** Set when no pool matched `poolKey` or the workspace has none. */
  message?: string;
}

export const AnalyzeRequest = new RequestType<AnalyzeParams, AnalyzeResult, void>('identityPoolRoles/analyze');

// ---------------------------------------------------------------------------------------------------
// identityPoolRoles/diff: what changes for whom between another version of a document and the current one.

export interface DiffParams {
  /** The document as it is now (open or indexed): the "after" side. */
  uri: string;
  /** The other version's text (another file, or the committed version): the "before" side. */
  otherText: string;
  /** A name for the other version, shown in the report (a file name, `HEAD`); untrusted. */
  otherName: string;
  /** The pool of `uri` to compare when it holds several (a template); wins over `position`. */
  poolKey?: string;
  /** The cursor in `uri`: the pool whose resources there hold it is compared (when no `poolKey`). */
  position?: Position;
}

/** A pool the user may pick for a diff. */
export interface DiffPoolChoice {
  key: string;
  label: string;
}

export interface DiffResult {
  uri: string;
  otherName: string;
  /** The pool compared (its label, e.g. a template's logical id or a Terraform address). */
  poolLabel?: string;
  /** How that pool was chosen: asked by key, at the cursor, or the document's only pool. */
  poolChosen?: 'key' | 'position' | 'only';
  diff?: PoolDiff;
  now: number;
  nowIso: string;
  /** Set when there is nothing to compare (no pool in either version), or a pool must be picked. */
  message?: string;
  /**
   * Set when `uri` holds several pools and neither `poolKey` nor `position` chose one (or `poolKey` is not
   * among them): nothing was compared; ask which and send the request again with its `poolKey`.
   */
  poolChoices?: DiffPoolChoice[];
}

export const DiffRequest = new RequestType<DiffParams, DiffResult, void>('identityPoolRoles/diff');

// ---------------------------------------------------------------------------------------------------
// identityPoolRoles/decodeToken: the decoded header and claims, with human dates.

export interface DecodeTokenParams {
  token: string;
}

export interface TokenDate {
  /** `iat`, `exp`, `nbf` or `auth_time`. */
  claim: string;
  unixSeconds: number;
  iso: string;
  /** e.g. "expires in 12 minutes", "expired 3 days ago", "issued 2 hours ago". */
  relative: string;
}

export type DecodeTokenResult =
  | {
      ok: true;
      header: Record<string, unknown>;
      claims: Record<string, unknown>;
      dates: TokenDate[];
      /** e.g. the `alg: none` warning, an expired token. */
      warnings: string[];
      /** Present when `identityPoolRoles.jwksFiles` is set. */
      signature?: SignatureCheck;
      now: number;
    }
  | { ok: false; error: string };

export const DecodeTokenRequest = new RequestType<DecodeTokenParams, DecodeTokenResult, void>('identityPoolRoles/decodeToken');

// ---------------------------------------------------------------------------------------------------
// identityPoolRoles/modelChanged: the index or an open role-mapping document changed; refresh the tree.

export interface ModelChangedParams {
  /** The documents whose role-mapping content changed (may be empty after a full re-index). */
  uris: string[];
}

export const ModelChangedNotification = new NotificationType<ModelChangedParams>('identityPoolRoles/modelChanged');

/** The settings section the server reads through `workspace/configuration`. */
export const SETTINGS_SECTION = 'identityPoolRoles';

export interface IdentityPoolRolesSettings {
  /**
   * `maxCount`: files holding an identity-pool marker read and parsed per folder; `maxScanned`: files and
   * folders looked at per folder (the walk's own bound); `maxFileSize`: bytes.
   */
  files: { include: string; maxCount: number; maxScanned: number; maxFileSize: number };
  jwksFiles: string[];
  /** `system`, an ISO date, or Unix seconds (as a string or a number). */
  clock: string | number;
  /** Values for CloudFormation template parameters by name; they replace defaults (`--parameter` in the CLI). */
  templateParameters: Record<string, string>;
  /** Issue 19: policy files by role or managed-policy ARN (`--policy ARN=FILE` in the CLI). */
  policyFiles: Record<string, string>;
}

export const DEFAULT_SETTINGS: IdentityPoolRolesSettings = {
  files: { include: '**/*.{json,jsonc,yaml,yml,template,tf}', maxCount: 500, maxScanned: 200_000, maxFileSize: 1024 * 1024 },
  jwksFiles: [],
  clock: 'system',
  templateParameters: {},
  policyFiles: {},
};

// ---------------------------------------------------------------------------------------------------
// identityPoolRoles/roleTests: the cases of a role-test file (*.role-tests.yaml|yml|json), run or not.

export interface RoleTestsParams {
  /** The role-test file. Its text is the open document's when it is open, else the file on disk. */
  uri: string;
  /** False: only list the cases (for the Test Explorer); true: run them. */
  run: boolean;
  /** Run only these cases (by 0-based index); all when absent. */
  cases?: number[];
}

export type RoleTestCaseStatus = 'pass' | 'fail' | 'error';

export interface RoleTestCaseItem {
  name: string;
  index: number;
  range: Range;
  /** Where the case's name is written. */
  nameRange: Range;
  /** Set when run. */
  status?: RoleTestCaseStatus;
  /** For `fail`: "expected ...; got ..." and the deciding step; for `error`: why it could not run. */
  message?: string;
  /** For `fail`: the expected and actual fields, one per line, for a diff. */
  expected?: string;
  actual?: string;
  decidingStep?: TraceStep;
}

export interface RoleTestsResult {
  cases: RoleTestCaseItem[];
  /** Problems with the file itself or its configuration (then no case ran). */
  problems: Array<{ message: string; range: Range }>;
  /** The files the run read (configuration, identity pool, JWKS, tokens), for re-running when they change. */
  inputs: string[];
}

export const RoleTestsRequest = new RequestType<RoleTestsParams, RoleTestsResult, void>('identityPoolRoles/roleTests');

// ---------------------------------------------------------------------------------------------------
// identityPoolRoles/roleTestText: the text of a role-test file with one more case ("Save as test case").
// The server writes it (the client has no role-test parser): a new file's text, or the given file's text
// with the case appended after its last case.

export type RoleTestTextParams =
  | { kind: 'append'; uri: string; text: string; testCase: NewRoleTestCase }
  | { kind: 'new'; file: NewRoleTestFile; testCase: NewRoleTestCase; format: 'yaml' | 'json' };

export type RoleTestTextResult = { text: string } | { error: string };

export const RoleTestTextRequest = new RequestType<RoleTestTextParams, RoleTestTextResult, void>('identityPoolRoles/roleTestText');

// ---------------------------------------------------------------------------------------------------
// identityPoolRoles/fs/*: the editor's file system, served by the client (issue 18). The server of the
// browser build (a web worker) has no file system of its own: it reads the workspace index, JWKS files,
// policy files and template lookups through these requests, which the client answers with
// `vscode.workspace.fs` (so `vscode-vfs://` on github.dev and `vscode-remote://` work as `file://` does).
// The Node server uses them only for uris that are not `file:`. The client announces that it answers them
// with `initializationOptions.editorFileSystem: true`; a server never sends them to a client that did not.

/** What the client says in `initializationOptions` (all optional: other LSP clients send nothing). */
export interface InitializationOptions {
  /** The client answers the `identityPoolRoles/fs/*` requests. */
  editorFileSystem?: boolean;
  /** The extension's `dist/` folder as a uri ending in `/` (where `RuntimeEnvironment.readAsset` reads). */
  assetBaseUri?: string;
}

/** A file's kind as the editor reports it (`symbolicLink` only from `fs/readDirectory`: `fs/stat` follows links). */
export type EditorFileType = 'file' | 'directory' | 'symbolicLink' | 'other';

export interface EditorFileReadParams {
  uri: string;
  /** Read nothing larger: the client refuses a file whose size exceeds it, before or after reading. */
  maxBytes: number;
}

/** The bytes as base64 (JSON-RPC carries text), or why not. */
export type EditorFileReadResult = { ok: true; base64: string } | { ok: false; failure: 'missing' | 'not-a-regular-file' | 'too-large' | 'unreadable' };

export const EditorFileReadRequest = new RequestType<EditorFileReadParams, EditorFileReadResult, void>('identityPoolRoles/fs/readFile');

export interface EditorFileStatParams {
  uri: string;
}

/** `null` when the file does not exist or cannot be read. `mtime` in ms. */
export type EditorFileStatResult = { type: EditorFileType; size: number; mtime: number } | null;

export const EditorFileStatRequest = new RequestType<EditorFileStatParams, EditorFileStatResult, void>('identityPoolRoles/fs/stat');

export interface EditorDirectoryReadParams {
  uri: string;
}

/** The entries (name and kind), or `null` when the directory does not exist or cannot be read. */
export type EditorDirectoryReadResult = Array<[name: string, type: EditorFileType]> | null;

export const EditorDirectoryReadRequest = new RequestType<EditorDirectoryReadParams, EditorDirectoryReadResult, void>('identityPoolRoles/fs/readDirectory');
