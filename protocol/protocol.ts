/**
 * The custom LSP messages between the language server and the VS Code client, typed once here and
 * imported by both sides (rust-analyzer's `lsp_ext.ts` discipline). This module must stay importable by
 * the client without pulling server code: it imports only `vscode-languageserver-protocol` (which both
 * `vscode-languageserver` and `vscode-languageclient` depend on) and core *types*.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { SimulationResult } from '../core/evaluate/types';
import type { SignatureCheck } from '../core/jwt';
import type { Location } from '../core/positions';
import type { ProviderKind } from '../core/providers';

export type { Location, Range, Position } from '../core/positions';
export type { SimulationResult, TraceStep, Outcome, Via } from '../core/evaluate/types';
export type { SignatureCheck, SignatureStatus } from '../core/jwt';
export type { ProviderKind } from '../core/providers';

/**
 * Node options the client starts the server with (the benchmark starts it the same way):
 * - `--expose-gc` lets it collect garbage when it goes quiet after parsing much text (server/src/server.ts).
 * - `--min-semi-space-size=4 --max-semi-space-size=4`: a young generation of a fixed 2 x 4 MB. V8 would
 *   otherwise grow it up to 2 x 16 MB while templates are parsed and never give it back while the server
 *   runs; fixed, resident memory stays flat over a long session (the soak test) and 200 open documents
 *   stay under 100 MB (`npm run bench`), for little cost in latency now that keystrokes re-use the parse.
 */
export const SERVER_NODE_OPTIONS = ['--expose-gc', '--min-semi-space-size=4', '--max-semi-space-size=4'];

/** The client command the "Simulate…" code lens runs; its single argument is a `SimulateCodeLensArgs`. */
export const SIMULATE_TOKEN_COMMAND = 'identityPoolRoles.simulateToken';

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
  /** True when the index stopped at `identityPoolRoles.files.maxCount`. */
  truncated: boolean;
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
  files: { include: string; maxCount: number; maxFileSize: number };
  jwksFiles: string[];
  /** `system`, an ISO date, or Unix seconds (as a string or a number). */
  clock: string | number;
  /** Values for CloudFormation template parameters by name; they replace defaults (`--parameter` in the CLI). */
  templateParameters: Record<string, string>;
  /** Issue 19: policy files by role or managed-policy ARN (`--policy ARN=FILE` in the CLI). */
  policyFiles: Record<string, string>;
}

export const DEFAULT_SETTINGS: IdentityPoolRolesSettings = {
  files: { include: '**/*.{json,jsonc,yaml,yml,template}', maxCount: 500, maxFileSize: 1024 * 1024 },
  jwksFiles: [],
  clock: 'system',
  templateParameters: {},
  policyFiles: {},
};
