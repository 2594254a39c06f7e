/**
 * IAM role trust-policy assessment (AWS docs: role trust and permissions): does this role's trust policy let this identity
 * pool assume it for this kind of identity? One implementation serves the simulator's trust-policy step
 * (`assessTrustPolicy`) and the template checks (`analyzeTrustPolicy`, which also lists the findings).
 *
 * What Cognito asks STS for: `sts:AssumeRoleWithWebIdentity` (plus `sts:TagSession` when the pool maps
 * principal tags) as the federated principal `cognito-identity.amazonaws.com`, with the context keys
 * `cognito-identity.amazonaws.com:aud` = the pool id and `...:amr` = `["unauthenticated"]` for guests or
 * `["authenticated", <login provider>]` for signed-in users.
 */
import { intrinsicOf } from './cloudformation/intrinsics';
import { IntrinsicResolver, type Resolved, type TemplateContext } from './cloudformation/resolver';
import { serverlessVariablesIn } from './cloudformation/serverless';
import { TemplateIndex } from './cloudformation/templateIndex';
import type { RoleType } from './api/model';
import type { IamRoleModel, IdentityPoolModel } from './model';
import type { Location, Range } from './positions';
import type { CheckDeclaration } from './validate/checks/types';
import { getProperty, type PropertyNode, type SyntaxNode } from './syntax';

/** Which of the pool's roles: the signed-in users' or the guests'. */
export type RoleUsage = RoleType;

export interface TrustAssessment {
  /** False when STS would refuse Cognito's AssumeRoleWithWebIdentity for this pool and usage. */
  accepts: boolean;
  /** One sentence: why it accepts or refuses. */
  message: string;
  location?: Location;
}

/** The codes of the trust-policy findings (the template checks turn findings into diagnostics). */
export const TRUST_POLICY_CHECKS = {
  id: 'trustPolicies',
  emits: [
    'trust-wrong-action',
    'trust-wrong-principal',
    'trust-missing-aud',
    'trust-aud-other-pool',
    'trust-amr-mismatch',
    'trust-missing-amr',
    'trust-missing-tag-session',
    'trust-condition-key-typo',
    'trust-not-static',
  ],
} as const satisfies CheckDeclaration;

export type TrustFindingCode = (typeof TRUST_POLICY_CHECKS.emits)[number];

export interface TrustFinding {
  code: TrustFindingCode;
  /** True when this finding alone makes STS refuse. */
  blocking: boolean;
  message: string;
  range: Range;
}

export interface TrustAnalysis extends TrustAssessment {
  /** False when the policy could not be decided statically (accepts is then true: we do not claim a refusal). */
  decided: boolean;
  findings: TrustFinding[];
}

/** `cognito-identity.amazonaws.com`, and the China form `cognito-identity.cn-north-1.amazonaws.com.cn` (AWS docs: role trust and permissions). */
const COGNITO_PRINCIPAL_RE = /^cognito-identity(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$/i;
const COGNITO_KEY_RE = /^cognito-identity\.amazonaws\.com(\.cn)?:(aud|amr|sub)$/i;
const WEB_IDENTITY_ACTION = 'sts:AssumeRoleWithWebIdentity';
const TAG_SESSION_ACTION = 'sts:TagSession';

type Tri = boolean | undefined;

interface Value {
  text?: string;
  symbolic: boolean;
  /** Logical id of the IdentityPool resource the value refers to, when it does. */
  poolTarget?: string;
  node: SyntaxNode;
}

interface Statement {
  node: SyntaxNode;
  effect?: string;
  principal?: PropertyNode;
  notPrincipal?: PropertyNode;
  action?: PropertyNode;
  notAction?: PropertyNode;
  condition?: PropertyNode;
}

interface StatementResult {
  statement: Statement;
  /** Applies to Cognito's request: true, false, or undecidable. */
  applies: Tri;
  findings: TrustFinding[];
}

/**
 * `template` is the resolver of the template the role is read from; the template checks pass theirs.
 * Without it the analysis finds it through the template's root node (registered when it was read).
 */
export function assessTrustPolicy(role: IamRoleModel, pool: IdentityPoolModel, usage: RoleUsage, template?: TemplateContext): TrustAssessment {
  const { accepts, message, location } = analyzeTrustPolicy(role, pool, usage, template);
  return { accepts, message, location };
}

export function analyzeTrustPolicy(role: IamRoleModel, pool: IdentityPoolModel, usage: RoleUsage, template?: TemplateContext): TrustAnalysis {
  return new TrustAnalyzer(role, pool, usage, template).run();
}

/** Whether the pool passes principal tags to STS (then the trust policy must allow sts:TagSession). */
export function poolUsesPrincipalTags(pool: IdentityPoolModel): boolean {
  return (pool.principalTags ?? []).some((tags) => tags.tags.length > 0 || tags.useDefaults?.value === true || tags.useDefaults?.symbolic === true);
}

/** A resolver over the template a trust policy node belongs to, for a role not built by the template reader (no `role.template`). */
function contextOfRoot(node: SyntaxNode): TemplateContext | undefined {
  let root = node;
  while (root.parent) root = root.parent;
  return root.kind === 'object' ? { resolver: new IntrinsicResolver(new TemplateIndex(root)) } : undefined;
}

class TrustAnalyzer {
  private readonly context: TemplateContext | undefined;
  private readonly poolLabel: string;

  constructor(
    private readonly role: IamRoleModel,
    private readonly pool: IdentityPoolModel,
    private readonly usage: RoleUsage,
    template: TemplateContext | undefined,
  ) {
    this.context = template ?? role.template ?? (role.trustPolicy ? contextOfRoot(role.trustPolicy) : undefined);
    this.poolLabel = pool.logicalId ?? pool.label;
  }

  run(): TrustAnalysis {
    const role = this.role.logicalId;
    const policy = this.role.trustPolicy;
    const statements = policy ? this.statements(policy) : undefined;
    if (!policy || !statements) {
      const message = policy
        ? `The trust policy of role ${role} is not written out in the template, so whether it trusts the identity pool cannot be checked.`
        : `Role ${role} has no AssumeRolePolicyDocument, so nothing may assume it.`;
      const finding: TrustFinding = { code: policy ? 'trust-not-static' : 'trust-wrong-principal', blocking: !policy, message, range: this.rangeOf(policy) };
      return { accepts: !finding.blocking, decided: !!finding.blocking, message, location: this.location(finding.range), findings: [finding] };
    }

    const results = statements.map((s) => this.evaluate(s));
    const denies = results.filter((r) => r.statement.effect === 'Deny' && r.applies === true);
    if (denies.length > 0) {
      const range = this.rangeOf(denies[0].statement.node);
      const message = `A Deny statement in the trust policy of role ${role} refuses Cognito's AssumeRoleWithWebIdentity for this pool.`;
      return {
        accepts: false,
        decided: true,
        message,
        location: this.location(range),
        findings: [{ code: 'trust-wrong-principal', blocking: true, message, range }],
      };
    }

    const allows = results.filter((r) => r.statement.effect === 'Allow');
    const accepting = allows.find((r) => r.applies === true) ?? allows.find((r) => r.applies === undefined);
    if (accepting) {
      const warnings = accepting.findings.filter((f) => !f.blocking);
      const decided = accepting.applies === true;
      const message = decided
        ? `The trust policy of role ${role} lets identity pool ${this.poolLabel} assume it for ${this.usage} identities.`
        : `The trust policy of role ${role} probably lets identity pool ${this.poolLabel} assume it for ${this.usage} identities; ${this.undecidedReason(accepting)}`;
      return { accepts: true, decided, message, location: this.location(this.rangeOf(accepting.statement.node)), findings: warnings };
    }

    // Refused: explain with the statement that came closest (fewest blocking problems).
    const candidates = allows.length > 0 ? allows : results;
    const best = [...candidates].sort((a, b) => blockingCount(a) - blockingCount(b))[0];
    const findings = best?.findings.length ? best.findings : [this.noStatementFinding(policy)];
    const first = findings.find((f) => f.blocking) ?? findings[0];
    const message = `The trust policy of role ${role} refuses identity pool ${this.poolLabel} for ${this.usage} identities: ${first.message}`;
    return { accepts: false, decided: true, message, location: this.location(first.range), findings };
  }

  private undecidedReason(result: StatementResult): string {
    const info = result.findings.find((f) => !f.blocking && f.code === 'trust-not-static');
    return info ? info.message : 'some of its conditions depend on values known only at deployment.';
  }

  private noStatementFinding(policy: SyntaxNode): TrustFinding {
    return {
      code: 'trust-wrong-principal',
      blocking: true,
      message: `the trust policy of role ${this.role.logicalId} has no Allow statement for the federated principal cognito-identity.amazonaws.com.`,
      range: this.rangeOf(policy),
    };
  }

  private statements(policy: SyntaxNode): Statement[] | undefined {
    if (intrinsicOf(policy) || policy.kind !== 'object') return undefined;
    const statementNode = getProperty(policy, 'Statement')?.value;
    if (!statementNode) return [];
    const nodes = statementNode.kind === 'array' ? statementNode.items : [statementNode];
    return nodes
      .filter((node) => node.kind === 'object' && !intrinsicOf(node))
      .map((node) => {
        const effect = this.resolve(getProperty(node, 'Effect')?.value);
        return {
          node,
          effect: effect?.text,
          principal: getProperty(node, 'Principal'),
          notPrincipal: getProperty(node, 'NotPrincipal'),
          action: getProperty(node, 'Action'),
          notAction: getProperty(node, 'NotAction'),
          condition: getProperty(node, 'Condition'),
        };
      });
  }

  private evaluate(statement: Statement): StatementResult {
    const findings: TrustFinding[] = [];
    const principal = this.principalMatches(statement, findings);
    // A statement for another principal says nothing about Cognito; otherwise report every problem at once.
    if (principal === false) return { statement, applies: false, findings };
    const action = this.actionMatches(statement, findings);
    const condition = this.conditionsMatch(statement, findings);
    const parts = [principal, action, condition];
    const applies: Tri = parts.includes(false) ? false : parts.includes(undefined) ? undefined : true;
    return { statement, applies, findings };
  }

  private principalMatches(statement: Statement, findings: TrustFinding[]): Tri {
    if (statement.notPrincipal) return undefined;
    const principal = statement.principal?.value;
    if (!principal) {
      findings.push(
        this.finding('trust-wrong-principal', true, `the statement has no Principal, so it does not name cognito-identity.amazonaws.com.`, statement.node),
      );
      return false;
    }
    const direct = this.values(principal);
    if (direct.some((v) => v.text === '*' && !v.symbolic)) return true;
    const federated = getProperty(principal, 'Federated')?.value;
    const values = federated ? this.values(federated) : [];
    if (values.some((v) => v.text !== undefined && !v.symbolic && COGNITO_PRINCIPAL_RE.test(v.text))) return true;
    if (values.some((v) => v.symbolic)) return undefined;
    const nearMiss = values.find((v) => v.text && /cognito/i.test(v.text));
    if (nearMiss) {
      findings.push(
        this.finding('trust-wrong-principal', true, `the federated principal is "${nearMiss.text}", not cognito-identity.amazonaws.com.`, nearMiss.node),
      );
    } else {
      const named =
        principal.kind === 'object'
          ? principal.properties
              .map(
                (p) =>
                  `${p.key} ${this.values(p.value)
                    .map((v) => v.text ?? '?')
                    .join(', ')}`,
              )
              .join('; ')
          : 'something else';
      findings.push(
        this.finding('trust-wrong-principal', true, `the statement trusts ${named}, not the federated principal cognito-identity.amazonaws.com.`, principal),
      );
    }
    return false;
  }

  private actionMatches(statement: Statement, findings: TrustFinding[]): Tri {
    // Principal tags come from the sign-in token's claims; guests have no token, so their sessions carry no tags (derived).
    const needsTags = this.usage === 'authenticated' && poolUsesPrincipalTags(this.pool);
    if (statement.notAction?.value) {
      const excluded = this.values(statement.notAction.value);
      const excludes = (action: string) => excluded.some((v) => v.text !== undefined && !v.symbolic && wildcardMatch(v.text, action, true));
      if (excludes(WEB_IDENTITY_ACTION)) {
        findings.push(
          this.finding('trust-wrong-action', true, `NotAction excludes ${WEB_IDENTITY_ACTION}, the action Cognito calls.`, statement.notAction.value),
        );
        return false;
      }
      if (needsTags && excludes(TAG_SESSION_ACTION)) {
        findings.push(
          this.finding(
            'trust-missing-tag-session',
            true,
            `the pool passes principal tags, but NotAction excludes ${TAG_SESSION_ACTION}.`,
            statement.notAction.value,
          ),
        );
        return false;
      }
      return excluded.some((v) => v.symbolic) ? undefined : true;
    }
    const actionNode = statement.action?.value;
    if (!actionNode) {
      findings.push(this.finding('trust-wrong-action', true, `the statement has no Action; Cognito needs ${WEB_IDENTITY_ACTION}.`, statement.node));
      return false;
    }
    const actions = this.values(actionNode);
    const allows = (action: string): Tri => {
      if (actions.some((v) => v.text !== undefined && !v.symbolic && wildcardMatch(v.text, action, true))) return true;
      return actions.some((v) => v.symbolic) ? undefined : false;
    };
    const webIdentity = allows(WEB_IDENTITY_ACTION);
    if (webIdentity === false) {
      const assumeRole = actions.find((v) => v.text?.toLowerCase() === 'sts:assumerole');
      const where = assumeRole?.node ?? actionNode;
      const message = assumeRole
        ? `the statement allows sts:AssumeRole, but Cognito calls ${WEB_IDENTITY_ACTION}.`
        : `the statement allows ${actions.map((a) => a.text ?? '?').join(', ')}, but Cognito calls ${WEB_IDENTITY_ACTION}.`;
      findings.push(this.finding('trust-wrong-action', true, message, where));
      return false;
    }
    if (needsTags && allows(TAG_SESSION_ACTION) === false) {
      findings.push(
        this.finding(
          'trust-missing-tag-session',
          true,
          `the pool passes principal tags (IdentityPoolPrincipalTag), so the trust policy must also allow ${TAG_SESSION_ACTION}.`,
          actionNode,
        ),
      );
      return false;
    }
    return webIdentity;
  }

  private conditionsMatch(statement: Statement, findings: TrustFinding[]): Tri {
    const conditionNode = statement.condition?.value;
    let sawAud = false;
    let sawAmr = false;
    const results: Tri[] = [];
    if (conditionNode?.kind === 'object') {
      for (const operatorProperty of conditionNode.properties) {
        const operator = operatorProperty.key;
        const block = operatorProperty.value;
        if (block?.kind !== 'object') {
          results.push(undefined);
          continue;
        }
        for (const keyProperty of block.properties) {
          const key = keyProperty.key;
          const match = COGNITO_KEY_RE.exec(key);
          const lowered = key.toLowerCase();
          if (!match) {
            // A misspelt aud/amr key is reported as such, not again as a missing condition.
            if (/:aud$/i.test(key)) sawAud = true;
            if (/:amr$/i.test(key)) sawAmr = true;
            const result = this.unknownKey(operator, keyProperty, findings);
            results.push(result);
            continue;
          }
          const which = match[2].toLowerCase();
          const patterns = keyProperty.value ? this.values(keyProperty.value) : [];
          if (which === 'aud') {
            sawAud = true;
            const result = this.evaluateCondition(operator, patterns, [this.audContext()]);
            if (result === false) {
              const trusted = patterns.map((p) => p.text ?? '?').join(', ');
              findings.push(
                this.finding(
                  'trust-aud-other-pool',
                  true,
                  `its ${key} condition (${trusted}) names a different identity pool than ${this.poolLabel}.`,
                  keyProperty.value ?? keyProperty,
                ),
              );
            } else if (result === undefined) {
              const serverless = this.context?.resolver.index.serverless === true;
              const variables = serverless ? [...new Set(patterns.flatMap((p) => serverlessVariablesIn(p.text ?? '')))] : [];
              const from = variables.length ? ` (it holds the Serverless Framework variable${variables.length > 1 ? 's' : ''} ${variables.join(', ')})` : '';
              findings.push(
                this.finding(
                  'trust-not-static',
                  false,
                  `its ${key} condition${from} cannot be compared with identity pool ${this.poolLabel} before deployment.`,
                  keyProperty.value ?? keyProperty,
                ),
              );
            }
            results.push(result);
          } else if (which === 'amr') {
            sawAmr = true;
            const result = this.evaluateCondition(operator, patterns, this.amrContext());
            if (result === false) {
              const values = patterns.map((p) => p.text ?? '?').join(', ');
              findings.push(
                this.finding(
                  'trust-amr-mismatch',
                  true,
                  `its ${key} condition allows "${values}", but the pool uses this role for ${this.usage} identities (amr "${this.usage}").`,
                  keyProperty.value ?? keyProperty,
                ),
              );
            }
            results.push(result);
          } else {
            // :sub restricts to identity ids: only known per identity.
            results.push(lowered.startsWith('forallvalues:') ? true : undefined);
          }
        }
      }
    }
    if (!sawAud) {
      findings.push(
        this.finding(
          'trust-missing-aud',
          false,
          `the trust policy of role ${this.role.logicalId} has no cognito-identity.amazonaws.com:aud condition, so any identity pool in any AWS account can assume it; add StringEquals cognito-identity.amazonaws.com:aud = the pool id (IAM is reported to refuse such policies in newer accounts: an assumption, unconfirmed).`,
          statement.condition?.value ?? statement.principal?.value ?? statement.node,
        ),
      );
    }
    const guests = this.pool.definition?.allowUnauthenticatedIdentities;
    // Guest access known only at deploy time may be on: not a reason to stay silent.
    if (!sawAmr && this.usage === 'authenticated' && (guests?.value === true || guests?.symbolic)) {
      const who = guests.symbolic ? 'guests of this pool (if guest access is on: that is known only at deploy time)' : 'guests of this pool';
      findings.push(
        this.finding(
          'trust-missing-amr',
          false,
          `the trust policy of role ${this.role.logicalId} has no cognito-identity.amazonaws.com:amr condition, so ${who} also satisfy it; add ForAnyValue:StringLike cognito-identity.amazonaws.com:amr = authenticated.`,
          statement.condition?.value ?? statement.node,
        ),
      );
    }
    return results.includes(false) ? false : results.includes(undefined) ? undefined : true;
  }

  /** A condition on a key Cognito never sends: a typo of a Cognito key, or a key of another service. */
  private unknownKey(operator: string, keyProperty: PropertyNode, findings: TrustFinding[]): Tri {
    const key = keyProperty.key;
    const lowered = key.toLowerCase();
    if (lowered.startsWith('aws:')) return undefined; // global keys: values unknown here
    // A condition on a key missing from the request is false, except with ...IfExists or ForAllValues (and Null: true).
    const lenient = /IfExists$/i.test(operator) || /^ForAllValues:/i.test(operator);
    if (/^Null$/i.test(operator)) return undefined;
    const looksCognito = /cognito/i.test(key) || /:(aud|amr|sub)$/i.test(key);
    const message = looksCognito
      ? `its condition key "${key}" is not a key Cognito sends (the keys are cognito-identity.amazonaws.com:aud, :amr and :sub), so ${lenient ? 'the condition is ignored' : 'the statement never applies'}.`
      : `its condition on "${key}" can never be satisfied by Cognito's AssumeRoleWithWebIdentity call, which does not send that key.`;
    findings.push(this.finding('trust-condition-key-typo', !lenient, message, keyProperty));
    return lenient ? true : false;
  }

  private audContext(): Value & { unknown?: boolean } {
    const id = this.pool.identityPoolId;
    if (!id) return { symbolic: true, node: this.role.trustPolicy!, unknown: true } as Value & { unknown?: boolean };
    const poolTarget = this.pool.logicalId && id.symbolic && id.value === `\${${this.pool.logicalId}}` ? this.pool.logicalId : undefined;
    return { text: id.value, symbolic: !!id.symbolic, poolTarget, node: this.role.trustPolicy! };
  }

  private amrContext(): Array<Value & { unknown?: boolean }> {
    const node = this.role.trustPolicy!;
    if (this.usage === 'unauthenticated') return [{ text: 'unauthenticated', symbolic: false, node }];
    // Signed-in identities: "authenticated" plus the login provider's name (which provider is not known here).
    return [
      { text: 'authenticated', symbolic: false, node },
      { symbolic: true, node, unknown: true },
    ];
  }

  private evaluateCondition(operator: string, patterns: Value[], context: Array<Value & { unknown?: boolean }>): Tri {
    const m = /^(ForAnyValue:|ForAllValues:)?(String(?:Not)?(?:Equals|Like)(?:IgnoreCase)?)(IfExists)?$/i.exec(operator);
    if (!m) return undefined;
    const setOperator = m[1]?.toLowerCase();
    const base = m[2].toLowerCase();
    const negated = base.includes('not');
    const like = base.includes('like');
    const ignoreCase = base.includes('ignorecase');
    const matchOne = (c: Value & { unknown?: boolean }): Tri => anyOf(patterns.map((p) => compareValue(p, c, like, ignoreCase)));
    if (setOperator === 'forallvalues:') {
      return allOf(context.map((c) => (negated ? not(matchOne(c)) : matchOne(c))));
    }
    // ForAnyValue, and single-valued operators (read leniently as "any value" on the multi-valued amr).
    if (negated && !setOperator) return not(anyOf(context.map(matchOne)));
    return anyOf(context.map((c) => (negated ? not(matchOne(c)) : matchOne(c))));
  }

  private resolve(node: SyntaxNode | undefined): Resolved | undefined {
    if (!node) return undefined;
    if (this.context) return this.context.resolver.resolve(node);
    if (node.kind === 'string') return { text: node.value as string, symbolic: false, references: [], defaults: [] };
    return { symbolic: true, references: [], defaults: [] };
  }

  /** A scalar or list of scalars (possibly intrinsic functions), flattened. */
  private values(node: SyntaxNode | undefined): Value[] {
    // A key with no value yet (`Federated:` while typing) has nothing to compare.
    if (!node) return [];
    if (node.kind === 'array') return node.items.flatMap((item) => this.values(item));
    if (node.kind === 'object' && !intrinsicOf(node)) return [];
    const resolved = this.resolve(node);
    if (resolved?.list) return resolved.list.map((item) => ({ text: item.text, symbolic: item.symbolic, node }));
    const target = resolved?.target;
    const index = this.context?.resolver.index;
    const poolTarget =
      target && index?.resources.get(target.logicalId)?.type === 'AWS::Cognito::IdentityPool' && !target.attribute
        ? target.logicalId
        : target?.attribute === 'Id'
          ? target.logicalId
          : undefined;
    return [{ text: resolved?.text, symbolic: resolved?.symbolic ?? true, poolTarget, node }];
  }

  private finding(code: TrustFindingCode, blocking: boolean, message: string, node: SyntaxNode | PropertyNode): TrustFinding {
    return { code, blocking, message, range: this.rangeOf(node) };
  }

  private rangeOf(node: SyntaxNode | PropertyNode | undefined): Range {
    const lines = this.context?.lines;
    if (node && lines) return lines.rangeAt(node.offset, node.length);
    return this.role.trustPolicyRange ?? this.role.range;
  }

  private location(range: Range): Location {
    return { uri: this.role.uri, range };
  }
}

function blockingCount(result: StatementResult): number {
  return result.findings.filter((f) => f.blocking).length;
}

function compareValue(pattern: Value, context: Value & { unknown?: boolean }, like: boolean, ignoreCase: boolean): Tri {
  if (context.unknown) {
    if (pattern.symbolic || pattern.text === undefined) return undefined;
    if (like && pattern.text === '*') return true;
    // The unknown amr entry is a login provider's name, never the words authenticated/unauthenticated.
    if (/^(un)?authenticated$/i.test(pattern.text)) return false;
    return undefined;
  }
  if (pattern.text === undefined) return undefined;
  if (!pattern.symbolic && !context.symbolic && context.text !== undefined) {
    return like
      ? wildcardMatch(pattern.text, context.text, ignoreCase)
      : ignoreCase
        ? pattern.text.toLowerCase() === context.text.toLowerCase()
        : pattern.text === context.text;
  }
  if (like && !pattern.symbolic && pattern.text === '*') return true;
  if (pattern.text === context.text) return true;
  if (pattern.poolTarget && context.poolTarget) return pattern.poolTarget === context.poolTarget;
  return undefined;
}

/** IAM wildcard match: `*` any run, `?` one character. */
export function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

function anyOf(values: Tri[]): Tri {
  if (values.includes(true)) return true;
  return values.includes(undefined) ? undefined : false;
}

function allOf(values: Tri[]): Tri {
  if (values.includes(false)) return false;
  return values.includes(undefined) ? undefined : true;
}

function not(value: Tri): Tri {
  return value === undefined ? undefined : !value;
}
