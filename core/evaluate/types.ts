/** The request and result of a simulated GetCredentialsForIdentity call. */
import type { AwsError } from '../diagnostics';
import type { Location } from '../positions';

export interface SimulationRequest {
  /**
   * The `Logins` map key (`cognito-idp.REGION.amazonaws.com/POOL_ID`, `accounts.google.com`, a SAML
   * provider ARN, an OIDC issuer host, `cognito-identity.amazonaws.com`). When absent, the token's `iss`
   * decides; with no login and no token or claims the request is an unauthenticated guest.
   */
  loginKey?: string;
  /** A raw JWT (`header.payload.signature`). */
  token?: string;
  /** Claims given directly instead of a token (no signature to check). */
  claims?: Record<string, unknown>;
  customRoleArn?: string;
  /** Evaluation time in Unix seconds. */
  now: number;
  /** A JSON Web Key Set to verify the token's signature with; without it the signature is not checked. */
  jwks?: { keys: unknown[] };
}

/**
 * `role`: credentials for `roleArn`. `deny`: the role mapping refuses the user (AmbiguousRoleResolution
 * Deny, a refused CustomRoleArn). `error`: any other failure (`errorCode`). `unknown`: the answer depends
 * on values known only at deploy time (`dependsOn`, and the message names them).
 */
export type Outcome = 'role' | 'deny' | 'error' | 'unknown';

export type Via =
  'rules' | 'token' | 'custom-role-arn' | 'ambiguous-resolution' | 'default-authenticated' | 'default-unauthenticated' | 'token-validation' | 'validation';

export type StepStatus = 'pass' | 'fail' | 'skip' | 'info';

/**
 * The ids of the simulation's trace steps. They are part of `simulate --format json` and of the LSP
 * simulate result, so they never change spelling; a new step adds an id here.
 */
export type TraceStepId =
  | 'validation'
  | 'guest-access'
  | 'login-key'
  | 'provider'
  | 'developer'
  | 'saml-roles'
  | 'token.decode'
  | 'token.signature'
  | 'token.issuer'
  | 'token.audience'
  | 'token.expiry'
  | 'token.not-before'
  | 'server-side-token-check'
  | 'mapping'
  | 'rules'
  | 'rule'
  | 'token-roles'
  | 'custom-role-arn'
  | 'ambiguous-resolution'
  | 'default-role'
  | 'role-arn'
  | 'trust-policy'
  | 'scope-down';

export interface TraceStep {
  /** Stable step id, e.g. `provider`, `token.expiry`, `rule`, `ambiguous-resolution`, `trust-policy`. */
  step: TraceStepId;
  status: StepStatus;
  /** One sentence saying what was checked and what was found. */
  message: string;
  /** Where in the configuration this step looked (a rule, a mapping, the Roles block). */
  location?: Location;
  /** For `rule` steps: the rule's 0-based index. */
  ruleIndex?: number;
}

export interface SimulationResult {
  outcome: Outcome;
  /** The role whose credentials the call returns: set only when `outcome` is `role`. */
  roleArn: string | null;
  via: Via;
  matchedRuleIndex: number | null;
  mappingKey: string | null;
  /** The AWS exception name a real call would return, or null. */
  errorCode: string | null;
  /** What happened, in one or two sentences (the AWS message when the call fails). */
  message: string;
  trace: TraceStep[];
  /** Where AWS does not document the behaviour (UNCONFIRMED) and the simulator chose one, one sentence each. */
  assumptions: string[];
  /**
   * For `unknown`: the template parameters whose values decide the outcome (give them to resolve it).
   * Empty otherwise, and also when what is unknown is no parameter (an import, a pseudo parameter).
   */
  dependsOn: string[];
  /** The pool simulated (its key), and for templates its logical id. */
  pool?: string;
  /** Where the chosen role is written (rule, default role), for links from hovers and reports. */
  roleLocation?: Location;
  awsError?: AwsError;
}
