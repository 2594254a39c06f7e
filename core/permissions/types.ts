/**
 * IAM identity-policy evaluation for one principal (the role an identity pool hands out): the shapes.
 * Resource-based policies, SCPs/RCPs and VPC endpoint policies are out of scope (reported as such).
 */
import type { Range } from '../positions';

/** true / false, or undefined when it depends on something unknown. */
export type Tri = boolean | undefined;

/** A string written in a policy. Template values may be symbolic (known only at deploy time). */
export interface PolicyValue {
  text: string;
  /** Known only at deploy time (a `Ref`, `GetAtt`, `Sub` of one, an import): `text` is a display form. */
  symbolic?: boolean;
  /** When the whole value is a `Ref`/`GetAtt` of a template resource: its logical id. */
  target?: string;
  /** Template parameters without a value that the value depends on. */
  parameters?: string[];
}

export interface PolicyCondition {
  /** The operator as written, e.g. `ForAnyValue:StringLike`, `StringEqualsIfExists`. */
  operator: string;
  key: string;
  values: PolicyValue[];
  /** Where the key is written (for diagnostics), when read from a document with positions. */
  keyRange?: Range;
}

export interface PolicyStatement {
  sid?: string;
  effect: 'Allow' | 'Deny';
  actions?: string[];
  notActions?: string[];
  resources?: PolicyValue[];
  notResources?: PolicyValue[];
  conditions: PolicyCondition[];
  /** Where it is written: the file and its 1-based first line, when known. */
  file?: string;
  line?: number;
  /** The policy it belongs to (filled in by `policyDocument`). */
  policy: string;
  /** Set when the statement cannot be read (an intrinsic in place of Action, a malformed element). */
  unreadable?: string;
  /** Its Effect could not be read: it may allow or deny. */
  effectUnknown?: true;
  /** Where the statement, its Action (or NotAction) and its Resource (or NotResource) are written, for diagnostics. */
  range?: Range;
  actionRange?: Range;
  resourceRange?: Range;
}

export interface PolicyDocument {
  /** Inline PolicyName, managed policy logical id or name, or ARN. */
  name: string;
  file?: string;
  statements: PolicyStatement[];
  /** Set when the document as a whole cannot be read (then it may allow or deny anything). */
  unreadable?: string;
}

/** A policy named (by ARN) but not found in the files given: it may allow or deny anything. */
export interface UnresolvedPolicy {
  name: string;
  why: string;
}

export type PolicySource = PolicyDocument | UnresolvedPolicy;

export function isUnresolved(policy: PolicySource): policy is UnresolvedPolicy {
  return (policy as PolicyDocument).statements === undefined;
}

/** The policies that decide what a role's session can do. */
export interface RolePolicies {
  roleArn: string;
  /** Identity-based policies: inline and managed. */
  identity: PolicySource[];
  /** The permissions boundary, when the role has one. */
  boundary?: PolicySource;
  /** Where the role is defined (file), when known. */
  definedIn?: string;
}

/** A string in the request context. `ref` marks a value known only at deploy time: the id of that template resource. */
export interface ContextString {
  text: string;
  ref?: string;
}

export type ContextEntry =
  | { state: 'present'; values: ContextString[]; multiValued?: boolean }
  | { state: 'absent' }
  | { state: 'unknown'; why?: string; /** How to show it where a value is substituted, e.g. `<identity-id>`. */ display?: string };

/** The request context: keys are compared case-insensitively (lower-cased here). */
export class RequestContext {
  private readonly entries = new Map<string, { key: string; entry: ContextEntry }>();
  /** Key prefixes (lower case) under which every key not set is known to be absent, e.g. `aws:principaltag/`. */
  private readonly closedPrefixes = new Set<string>();

  set(key: string, entry: ContextEntry): this {
    this.entries.set(key.toLowerCase(), { key, entry });
    return this;
  }

  setValue(key: string, value: string | ContextString, multiValued = false): this {
    return this.set(key, { state: 'present', values: [typeof value === 'string' ? { text: value } : value], multiValued });
  }

  setValues(key: string, values: Array<string | ContextString>): this {
    return this.set(key, { state: 'present', values: values.map((v) => (typeof v === 'string' ? { text: v } : v)), multiValued: true });
  }

  /** Every key starting with `prefix` that is not set is absent (e.g. principal tags the pool does not map). */
  closePrefix(prefix: string): this {
    this.closedPrefixes.add(prefix.toLowerCase());
    return this;
  }

  get(key: string): ContextEntry {
    const lower = key.toLowerCase();
    const found = this.entries.get(lower);
    if (found) return found.entry;
    for (const prefix of this.closedPrefixes) if (lower.startsWith(prefix)) return { state: 'absent' };
    return { state: 'unknown' };
  }

  keys(): string[] {
    return [...this.entries.values()].map((e) => e.key);
  }
}

export type Decision = 'allowed' | 'explicitly-denied' | 'implicitly-denied' | 'unknown';

export interface StatementRef {
  policy: string;
  sid: string | null;
  effect: 'Allow' | 'Deny';
  file: string | null;
  line: number | null;
}

export interface TraceEntry {
  layer: 'identity' | 'boundary' | 'session';
  statement: StatementRef;
  /** Whether it applies to the request (null: unknown). */
  applies: boolean | null;
  /** One sentence: why. */
  reason: string;
}

export interface AccessDecision {
  action: string;
  resource: string;
  decision: Decision;
  /** The deciding statements: the Deny statements that match, or the Allow statements that grant it. */
  statements: StatementRef[];
  /** Context keys (and deploy-time values) the decision depends on; [] when the decision is known. */
  unknownKeys: string[];
  /** Policies that could not be read or found, when the decision depends on them. */
  unresolvedPolicies: string[];
  /** One sentence each: assumptions and what was not evaluated. */
  notes: string[];
  trace: TraceEntry[];
}
