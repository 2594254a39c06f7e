/**
 * Proofs, not samples (issue 13): per mapping and rule, reachable with a witness token or unreachable
 * with the rules that cover it, and who can become each role. Every witness is simulated with
 * evaluateRequest; a witness the simulator does not confirm is dropped.
 */
import type { CoreDiagnostic } from '../diagnostics';
import { evaluateRequest } from '../evaluate/index';
import type { SimulationResult } from '../evaluate/types';
import type { IdentityPoolModel, MappingRuleModel, RoleMappingModel } from '../model';
import { classifyProvider, parseUserPoolKey, registeredProviders } from '../providers';
import { analyzeRules, classifyRule } from './rules';
import { solveClaim, type Literal } from './solver';

export const ANALYSIS_ASSUMPTIONS: readonly string[] = [
  'List claims (such as cognito:groups) are matched element by element, as the simulator does: Equals, StartsWith and Contains hold when some element does, NotEqual when no element equals the Value (UNCONFIRMED: AWS does not document it).',
  'Comparisons are case-sensitive, as in the simulator (UNCONFIRMED: AWS does not document it).',
  'Non-string claims are compared as their JSON text; a rule on a claim the token lacks never matches (NotEqual included).',
  'Type: Token mappings: only user pool tokens carry cognito:roles; the role paths name the roles these files know, while any role a user pool group (or a pre-token-generation Lambda) gives can be chosen.',
  'Rules on iss, aud, azp, token_use, exp, iat, nbf, auth_time and client_id (checked by token validation) and rules with deploy-time values are not analysed symbolically: what depends on them is unknown (null) unless a simulated witness settles it.',
];

export interface AnalysisOptions {
  now: number;
  configDiagnostics?: readonly CoreDiagnostic[];
}

export interface RuleAnalysis {
  index: number;
  reachable: boolean | null;
  witness: Record<string, unknown> | null;
  coveredBy: number[];
  roleArn: string | null;
  reason: string;
}

export interface MappingAnalysis {
  mappingKey: string;
  type: string | null;
  /** For SAML: the Logins key to simulate the witnesses with (`simulate --login`). */
  login?: string;
  rules: RuleAnalysis[];
  noRuleMatches: { reachable: boolean | null; witness: Record<string, unknown> | null; outcome: string | null; roleArn: string | null; reason: string };
}

export interface RolePath {
  mappingKey: string | null;
  via: 'rules' | 'ambiguous-resolution' | 'token' | 'default-authenticated' | 'guest';
  ruleIndex: number | null;
  condition: string;
  witness: Record<string, unknown> | null;
}

export interface PoolAnalysis {
  mappings: MappingAnalysis[];
  roles: Array<{ roleArn: string; paths: RolePath[] }>;
  assumptions: string[];
}

const HOUR = 3600;

/** The token claims a witness needs besides the rules' claims: issuer, audience, token use, times. */
export function witnessBase(pool: IdentityPoolModel, mapping: RoleMappingModel, now: number): Record<string, unknown> {
  const key = mapping.provider.value;
  const times = { iat: now, exp: now + 2 * HOUR };
  if (classifyProvider(key) === 'saml') return {}; // assertion attributes only; the login key names the provider (witnessLogin)
  const userPool = parseUserPoolKey(key);
  if (userPool) {
    const clientId = userPool.clientId ?? pool.definition?.cognitoProviders.find((p) => p.providerName?.value === key)?.clientId?.value ?? 'example-client-id';
    return { iss: `https://${userPool.providerName}`, aud: clientId, token_use: 'id', sub: 'a1b2c3d4-0000-4000-8000-000000000001', ...times };
  }
  const registered = pool.definition ? registeredProviders(pool.definition).find((p) => p.mappingKey === key) : undefined;
  const aud = registered?.clientId ?? 'example-client-id';
  const kind = classifyProvider(key);
  const host = kind === 'oidc' && registered ? registered.loginKey : key;
  const claims: Record<string, unknown> = { iss: `https://${host}`, aud, sub: 'example-subject', ...times };
  if (kind === 'google') claims.azp = aud;
  return claims;
}

/** The Logins key a witness must be simulated with (`--login`): SAML assertions carry no iss. */
export function witnessLogin(mapping: RoleMappingModel): string | undefined {
  return classifyProvider(mapping.provider.value) === 'saml' ? mapping.provider.value : undefined;
}

function simulateClaims(pool: IdentityPoolModel, claims: Record<string, unknown>, options: AnalysisOptions, loginKey?: string): SimulationResult {
  return evaluateRequest(pool, { claims, now: options.now, ...(loginKey !== undefined ? { loginKey } : {}) }, { configDiagnostics: options.configDiagnostics });
}

function concreteArn(rule: MappingRuleModel): string | null {
  return rule.roleArn && !rule.roleArn.symbolic ? rule.roleArn.value : null;
}

/** Plain words for one rule (matching, or not when `negate`). */
export function describeRule(rule: MappingRuleModel, negate = false): string {
  const claim = rule.claim?.value ?? '?';
  const value = JSON.stringify(rule.value?.value ?? '?');
  const list = ['cognito:groups', 'cognito:roles', 'amr'].includes(claim);
  const words: Record<string, [string, string]> = list
    ? {
        Equals: [`${claim} has an element equal to ${value}`, `${claim} is absent or has no element equal to ${value}`],
        StartsWith: [`${claim} has an element starting with ${value}`, `${claim} is absent or has no element starting with ${value}`],
        Contains: [`${claim} has an element containing ${value}`, `${claim} is absent or has no element containing ${value}`],
        NotEqual: [`${claim} is present and has no element equal to ${value}`, `${claim} is absent or has an element equal to ${value}`],
      }
    : {
        Equals: [`${claim} equals ${value}`, `${claim} is absent or does not equal ${value}`],
        StartsWith: [`${claim} starts with ${value}`, `${claim} is absent or does not start with ${value}`],
        Contains: [`${claim} contains ${value}`, `${claim} is absent or does not contain ${value}`],
        NotEqual: [`${claim} is present and not equal to ${value}`, `${claim} is absent or equals ${value}`],
      };
  const pair = words[rule.matchType?.value ?? ''];
  if (rule.claim?.symbolic || rule.value?.symbolic || rule.matchType?.symbolic)
    return `${negate ? 'not ' : ''}Rules[${rule.index}] (${claim} ${rule.matchType?.value ?? '?'} ${value}, values known at deploy time)`;
  if (!pair) return negate ? 'true' : `Rules[${rule.index}] (never matches)`;
  return pair[negate ? 1 : 0];
}

function conditionOf(rules: readonly MappingRuleModel[], index: number | null): string {
  // Rules that can never match add nothing to the condition.
  const earlier = (index === null ? rules : rules.slice(0, index)).filter((r) => classifyRule(r).kind !== 'never');
  const own = index === null ? 'no rule matches' : describeRule(rules[index]);
  if (earlier.length === 0) return own;
  // Per claim: when only leaving the claim out avoids all the earlier rules on it, say just that.
  const absentOnly = new Set<string>();
  const byClaim = new Map<string, Literal[]>();
  for (const r of earlier) {
    const k = classifyRule(r);
    if (k.kind !== 'known') continue;
    const literal: Literal = { matchType: k.literal.matchType, value: k.literal.value, holds: false };
    const list = byClaim.get(k.claim);
    if (list) list.push(literal);
    else byClaim.set(k.claim, [literal]);
  }
  for (const [claim, literals] of byClaim) if (literals.length > 1 && solveClaim({ literals, presence: 'present' }) === null) absentOnly.add(claim);
  const parts: string[] = [];
  for (const r of earlier) {
    const claim = r.claim?.value;
    if (claim !== undefined && absentOnly.has(claim) && classifyRule(r).kind === 'known') {
      const text = `${claim} is absent`;
      if (!parts.includes(text)) parts.push(text);
    } else parts.push(describeRule(r, true));
  }
  const nots = parts.join(', and ');
  return index === null ? `no rule matches, i.e. ${nots}` : `${own}, and no earlier rule matched, i.e. ${nots}`;
}

export function isRules(mapping: RoleMappingModel): boolean {
  return mapping.type !== undefined && !mapping.type.symbolic && mapping.type.value === 'Rules';
}

/** Exact analysis of every mapping of a pool, with simulated witnesses, and who can become each role. */
export function analyzePool(pool: IdentityPoolModel, options: AnalysisOptions): PoolAnalysis {
  const hasToken = (pool.roleConfig?.mappings ?? []).some((m) => m.type?.value === 'Token');
  const assumptions = ANALYSIS_ASSUMPTIONS.filter((a) => hasToken || !a.startsWith('Type: Token'));
  const mappings: MappingAnalysis[] = [];
  const paths = new Map<string, RolePath[]>();
  const addPath = (roleArn: string | null, path: RolePath) => {
    if (roleArn === null) return;
    if (!paths.has(roleArn)) paths.set(roleArn, []);
    paths.get(roleArn)!.push(path);
  };
  const config = pool.roleConfig;
  const authenticated = config?.authenticated && !config.authenticated.symbolic ? config.authenticated.value : null;
  const unauthenticated = config?.unauthenticated && !config.unauthenticated.symbolic ? config.unauthenticated.value : null;

  for (const mapping of config?.mappings ?? []) {
    const mappingKey = mapping.provider.value;
    const base = witnessBase(pool, mapping, options.now);
    const login = witnessLogin(mapping);
    const ambiguous = mapping.ambiguousRoleResolution && !mapping.ambiguousRoleResolution.symbolic ? mapping.ambiguousRoleResolution.value : null;
    if (!isRules(mapping)) {
      const type = mapping.type?.symbolic ? null : (mapping.type?.value ?? null);
      const none = {
        reachable: null,
        witness: null,
        outcome: null,
        roleArn: null,
        reason:
          type === 'Token' ? 'A Token mapping has no rules: the role comes from the token (see roles).' : 'The mapping type is known only at deploy time.',
      };
      mappings.push({ mappingKey, type, rules: [], noRuleMatches: none });
      if (type === 'Token') {
        // Only user pools put cognito:roles in their tokens; which roles their groups carry is not in these files,
        // so the paths name the roles the configuration knows, each confirmed by simulating a token carrying it.
        for (const arn of parseUserPoolKey(mappingKey) ? knownRoleArns(pool) : []) {
          const w = { ...base, 'cognito:groups': ['example-group'], 'cognito:roles': [arn], 'cognito:preferred_role': arn };
          const sim = simulateClaims(pool, w, options);
          const confirmed = sim.outcome === 'role' && sim.roleArn === arn;
          const condition = `the token's cognito:preferred_role is ${arn} (the role of the user's best-precedence user pool group, or set by a pre-token-generation Lambda), or a CustomRoleArn ${arn} is requested and is in cognito:roles`;
          addPath(arn, {
            mappingKey,
            via: 'token',
            ruleIndex: null,
            condition: confirmed ? condition : `${condition} (not confirmed by simulation: ${sim.message})`,
            witness: confirmed ? w : null,
          });
        }
        if (ambiguous === 'AuthenticatedRole') {
          const sim = simulateClaims(pool, base, options);
          addPath(authenticated, {
            mappingKey,
            via: 'ambiguous-resolution',
            ruleIndex: null,
            condition: 'the token carries no cognito:roles (or several without cognito:preferred_role) and AmbiguousRoleResolution is AuthenticatedRole',
            witness: sim.outcome === 'role' && sim.roleArn === authenticated ? base : null,
          });
        }
      }
      continue;
    }
    const static_ = analyzeRules(mapping.rules);
    const rules: RuleAnalysis[] = static_.rules.map((r) => {
      const rule = mapping.rules.find((x) => x.index === r.index)!;
      let { reachable, reason } = r;
      let witness: Record<string, unknown> | null = null;
      if (r.witnessClaims) {
        const candidate = { ...base, ...r.witnessClaims };
        const sim = simulateClaims(pool, candidate, options, login);
        const firstPass = sim.trace.find((s) => s.step === 'rule' && s.status === 'pass');
        if (sim.matchedRuleIndex === r.index || firstPass?.ruleIndex === r.index) witness = candidate;
        else {
          // Never a "yes" the simulator does not confirm: the token checks or a rule the analysis could not read stopped it.
          reachable = null;
          reason = `The rules alone let Rules[${r.index}] be the first match (e.g. ${JSON.stringify(r.witnessClaims)}), but the simulated witness did not reach it: ${sim.message}`;
        }
      }
      const path: RolePath = { mappingKey, via: 'rules', ruleIndex: r.index, condition: conditionOf(mapping.rules, r.index), witness };
      if (reachable === true) addPath(concreteArn(rule), path);
      else if (reachable === null && concreteArn(rule))
        addPath(concreteArn(rule), { ...path, condition: `${path.condition} (whether this can happen is unknown: ${reason})` });
      return { index: r.index, reachable, witness, coveredBy: r.coveredBy, roleArn: rule.roleArn?.value ?? null, reason };
    });
    let noWitness: Record<string, unknown> | null = null;
    let outcome: string | null = null;
    let roleArn: string | null = null;
    let reachable = static_.noRuleMatches.reachable;
    if (static_.noRuleMatches.witnessClaims) {
      const candidate = { ...base, ...static_.noRuleMatches.witnessClaims };
      const sim = simulateClaims(pool, candidate, options, login);
      if (sim.via === 'ambiguous-resolution' || (sim.matchedRuleIndex === null && sim.trace.some((s) => s.step === 'ambiguous-resolution'))) {
        noWitness = candidate;
        outcome = sim.outcome;
        roleArn = sim.roleArn;
      } else reachable = null;
    }
    mappings.push({
      mappingKey,
      type: 'Rules',
      ...(login !== undefined ? { login } : {}),
      rules,
      noRuleMatches: { reachable, witness: noWitness, outcome, roleArn, reason: static_.noRuleMatches.reason },
    });
    if (reachable !== false && ambiguous === 'AuthenticatedRole') {
      addPath(authenticated, {
        mappingKey,
        via: 'ambiguous-resolution',
        ruleIndex: null,
        condition: `${conditionOf(mapping.rules, null)}; AmbiguousRoleResolution is AuthenticatedRole`,
        witness: noWitness,
      });
    }
  }
  // Registered providers without a mapping get the default authenticated role.
  if (pool.definition) {
    for (const provider of registeredProviders(pool.definition)) {
      const has = (config?.mappings ?? []).some((m) => m.provider.value === provider.mappingKey);
      if (!has)
        addPath(authenticated, {
          mappingKey: null,
          via: 'default-authenticated',
          ruleIndex: null,
          condition: `signed in with ${provider.mappingKey ?? provider.loginKey}, which has no role mapping`,
          witness: null,
        });
    }
  } else if (authenticated) {
    addPath(authenticated, {
      mappingKey: null,
      via: 'default-authenticated',
      ruleIndex: null,
      condition: 'signed in with a provider that has no role mapping (which providers the pool registers is not known without --identity-pool)',
      witness: null,
    });
  }
  const guests = pool.definition?.allowUnauthenticatedIdentities;
  if (unauthenticated && !(guests && !guests.symbolic && guests.value === false)) {
    addPath(unauthenticated, {
      mappingKey: null,
      via: 'guest',
      ruleIndex: null,
      condition:
        guests && !guests.symbolic
          ? 'an unauthenticated guest (no login); the pool allows guests'
          : 'an unauthenticated guest (no login), if the pool allows unauthenticated identities (not known from these files)',
      witness: null,
    });
  }
  return { mappings, roles: [...paths].map(([roleArn, p]) => ({ roleArn, paths: p })), assumptions };
}

function knownRoleArns(pool: IdentityPoolModel): string[] {
  const arns = new Set<string>();
  const config = pool.roleConfig;
  for (const v of [config?.authenticated, config?.unauthenticated]) if (v && !v.symbolic) arns.add(v.value);
  for (const m of config?.mappings ?? []) for (const r of m.rules) if (r.roleArn && !r.roleArn.symbolic) arns.add(r.roleArn.value);
  for (const role of pool.iamRoles ?? []) if (role.arn && !role.arn.symbolic) arns.add(role.arn.value);
  return [...arns];
}
