/**
 * Rule order: a rule that can never match because an earlier rule always matches first, and a rule that
 * matches every token this mapping sees (so the rules after it are never used).
 */
import { matchesMatchType } from '../../api/model';
import { makeDiagnostic, type CoreDiagnostic } from '../../diagnostics';
import { shadowedRules } from '../../analysis/rules';
import { roleConfigsOf, type MappingRuleModel, type RoleMappingModel } from '../../model';
import { ARRAY_CLAIMS, oidcHostFromArn, parseUserPoolKey, type ProviderKind } from '../../providers';
import { known, knownString } from './common';
import { conditionOf, conditionText, rulesMapping, type Condition } from './conditions';
import type { PoolCheck } from './types';

export const ruleOrder: PoolCheck = {
  id: 'ruleOrder',
  emits: ['rule-shadowed', 'rule-always-matches'],
  check(pool, out) {
    for (const config of roleConfigsOf(pool)) {
      for (const mapping of config.mappings) {
        const rules = rulesMapping(mapping);
        if (rules) checkRuleOrder(config.uri, mapping, rules.kind, rules.providerKey, out);
      }
    }
  },
};

/** Claim values every token reaching this mapping has (e.g. `aud` of a user pool mapping is its client ID). */
interface ConstantClaim {
  values: string[];
  why: string;
}

function constantClaims(kind: ProviderKind | undefined, key: string | undefined): Record<string, ConstantClaim> {
  if (!kind || key === undefined) return {};
  switch (kind) {
    case 'cognito-user-pool': {
      const userPool = parseUserPoolKey(key);
      if (!userPool) return {};
      const result: Record<string, ConstantClaim> = {
        iss: { values: [`https://${userPool.providerName}`], why: 'every token of this user pool has that issuer' },
        // Only ID tokens are accepted (access tokens lack `aud`; AWS docs: OpenID Connect providers).
        token_use: { values: ['id'], why: 'the identity pool only accepts ID tokens' },
      };
      if (userPool.clientId) {
        result.aud = { values: [userPool.clientId], why: 'this mapping is chosen by that app client ID, so every token it sees has that `aud`' };
      }
      return result;
    }
    case 'google':
      return { iss: { values: ['https://accounts.google.com', 'accounts.google.com'], why: 'every Google token has that issuer' } };
    case 'facebook':
      return { iss: { values: ['graph.facebook.com'], why: 'every Facebook token has that issuer' } };
    case 'apple':
      return { iss: { values: ['https://appleid.apple.com'], why: 'every Apple token has that issuer' } };
    case 'oidc': {
      const host = oidcHostFromArn(key) ?? key;
      return { iss: { values: [`https://${host}`, `https://${host}/`], why: 'every token of this provider has that issuer' } };
    }
    default:
      return {};
  }
}

function alwaysMatches(condition: Condition, constants: Record<string, ConstantClaim>): ConstantClaim | undefined {
  const constant = constants[condition.claim];
  return constant && constant.values.every((v) => matchesMatchType(condition.matchType, v, condition.value)) ? constant : undefined;
}

/**
 * Whether every token that satisfies `later` also satisfies `earlier` (same claim). Comparison is
 * taken as exact and case-sensitive (the simulator does the same). NotEqual reasoning only holds for
 * single-valued claims; Equals/StartsWith/Contains hold per element for array claims too.
 */
function implies(later: Condition, earlier: Condition): boolean {
  if (later.claim !== earlier.claim) return false;
  const single = !ARRAY_CLAIMS.includes(later.claim);
  const v = later.value;
  const w = earlier.value;
  switch (later.matchType) {
    case 'Equals':
      switch (earlier.matchType) {
        case 'Equals':
          return v === w;
        case 'StartsWith':
          return v.startsWith(w);
        case 'Contains':
          return v.includes(w);
        case 'NotEqual':
          return single && v !== w;
      }
      break;
    case 'StartsWith':
      switch (earlier.matchType) {
        case 'StartsWith':
          return v.startsWith(w);
        case 'Contains':
          return v.includes(w);
        case 'NotEqual':
          return single && !w.startsWith(v);
        default:
          return false;
      }
    case 'Contains':
      switch (earlier.matchType) {
        case 'Contains':
          return v.includes(w);
        case 'NotEqual':
          return single && !w.includes(v);
        default:
          return false;
      }
    case 'NotEqual':
      return earlier.matchType === 'NotEqual' && single && v === w;
  }
  return false;
}

function checkRuleOrder(uri: string, mapping: RoleMappingModel, kind: ProviderKind | undefined, providerKey: string | undefined, out: CoreDiagnostic[]): void {
  const conditions = mapping.rules.map(conditionOf);
  const constants = constantClaims(kind, providerKey);

  // Whether each rule matches every token, computed once; then each later rule is compared only with
  // the earlier rules on the same claim and with the always-matching ones.
  const always = conditions.map((c) => (c ? alwaysMatches(c, constants) : undefined));
  const firstAlways = always.findIndex((a) => a !== undefined);
  const earlierByClaim = new Map<string, number[]>();
  let alwaysIndex: number | undefined;
  let alwaysWhy: ConstantClaim | undefined;
  // First pass: the pairwise comparison. A rule no single earlier rule shadows is left to the exact
  // analysis (core/analysis) only when an earlier rule reads its claim: without one, no earlier rule can
  // cover it (every rule reads one claim, so any value of that claim matching it passes them all).
  const shadowingOf: Array<number | undefined> = [];
  const exact = new Set<number>();
  conditions.forEach((later, j) => {
    if (!later) return;
    const sameClaim = earlierByClaim.get(later.claim);
    let shadowing: number | undefined = firstAlways >= 0 && firstAlways < j ? firstAlways : undefined;
    for (const i of sameClaim ?? []) {
      if (shadowing !== undefined && i >= shadowing) break;
      if (implies(later, conditions[i]!)) {
        shadowing = i;
        break;
      }
    }
    if (sameClaim) sameClaim.push(j);
    else earlierByClaim.set(later.claim, [j]);
    shadowingOf[j] = shadowing;
    if (shadowing === undefined && sameClaim) exact.add(later.rule.index);
  });
  // The exact analysis, asked once per mapping and only for those rules.
  const covers = exact.size > 0 ? new Map(shadowedRules(mapping, (index) => exact.has(index)).map((s) => [s.index, s.coveredBy])) : undefined;
  conditions.forEach((later, j) => {
    if (!later) return;
    const shadowing = shadowingOf[j];
    if (shadowing === undefined) {
      // Rules that only several earlier rules together cover (exact, core/analysis).
      const cover = covers?.get(later.rule.index);
      if (cover) out.push(coveredRuleDiagnostic(uri, mapping, later.rule, cover, conditionText(later)));
      return;
    }
    const i = shadowing;
    const earlier = conditions[i]!;
    const alwaysReason = always[i];
    if (alwaysReason && alwaysIndex === undefined) {
      alwaysIndex = i;
      alwaysWhy = alwaysReason;
    }
    const sameRole = known(later.rule.roleArn) && known(earlier.rule.roleArn) && later.rule.roleArn.value === earlier.rule.roleArn.value;
    const reason = alwaysReason
      ? `\`Rules[${i}]\` before it (${conditionText(earlier)}) matches every token this mapping sees`
      : later.matchType === earlier.matchType && later.value === earlier.value
        ? `it repeats the condition of \`Rules[${i}]\` (${conditionText(earlier)}), and the first matching rule wins`
        : `every token it matches (${conditionText(later)}) also matches the earlier \`Rules[${i}]\` (${conditionText(earlier)}), and the first matching rule wins`;
    out.push(
      makeDiagnostic(
        'rule-shadowed',
        uri,
        later.rule.range,
        `Rule \`Rules[${j}]\` is never used: ${reason}${sameRole ? ' (both give the same role, so it is only redundant)' : ''}.`,
        {
          related: [{ location: { uri, range: earlier.rule.range }, message: `\`Rules[${i}]\` matches first.` }],
          data: { shadowedBy: i, ruleIndex: j },
        },
      ),
    );
  });

  // A rule that matches everything, even with no later rule parsed yet, is reported once.
  if (alwaysIndex === undefined && firstAlways >= 0) {
    alwaysIndex = firstAlways;
    alwaysWhy = always[firstAlways];
  }
  if (alwaysIndex === undefined) {
    const symbolic = symbolicClientRule(mapping);
    if (symbolic !== undefined && symbolic < mapping.rules.length - 1) {
      const rule = mapping.rules[symbolic];
      const laterCount = mapping.rules.length - 1 - symbolic;
      out.push(
        makeDiagnostic(
          'rule-always-matches',
          uri,
          rule.range,
          `\`aud Equals ${rule.value!.value}\` matches every token this mapping sees (this mapping is chosen by the app client ID ${rule.value!.value}, known at deploy time, so every token it sees has that \`aud\`), so the ${laterCount === 1 ? 'rule' : `${laterCount} rules`} after it ${laterCount === 1 ? 'is' : 'are'} never used.`,
          { data: { ruleIndex: symbolic } },
        ),
      );
    }
  }
  if (alwaysIndex !== undefined && alwaysWhy && alwaysIndex < mapping.rules.length - 1) {
    const condition = conditions[alwaysIndex]!;
    const laterCount = mapping.rules.length - 1 - alwaysIndex;
    out.push(
      makeDiagnostic(
        'rule-always-matches',
        uri,
        condition.rule.range,
        `${conditionText(condition)} matches every token this mapping sees (${alwaysWhy.why}), so the ${laterCount === 1 ? 'rule' : `${laterCount} rules`} after it ${laterCount === 1 ? 'is' : 'are'} never used.`,
        { data: { ruleIndex: alwaysIndex } },
      ),
    );
  }
}

/**
 * The first rule `aud Equals X` where X is known only at deploy time and is the very value the mapping's
 * provider key ends with (`${Endpoint}:${ClientId}` with `Value: ${ClientId}`, from one parameter or reference):
 * whatever X turns out to be, every token this mapping sees has it as `aud`.
 */
function symbolicClientRule(mapping: RoleMappingModel): number | undefined {
  const provider = mapping.provider;
  if (!provider.symbolic) return undefined;
  const index = mapping.rules.findIndex(
    (rule) =>
      knownString(rule.claim) &&
      rule.claim.value === 'aud' &&
      knownString(rule.matchType) &&
      rule.matchType.value === 'Equals' &&
      rule.value?.symbolic === true &&
      /^\$\{[^}]+\}$/.test(rule.value.value) &&
      provider.value.endsWith(`:${rule.value.value}`),
  );
  return index < 0 ? undefined : index;
}

/** The rule-shadowed diagnostic for `rule`, covered by the earlier rules `cover` together; `described` is the rule's condition in words. */
function coveredRuleDiagnostic(uri: string, mapping: RoleMappingModel, rule: MappingRuleModel, cover: readonly number[], described: string): CoreDiagnostic {
  const names = cover.map((i) => `\`Rules[${i}]\``);
  const byWhom =
    cover.length === 1
      ? `the earlier ${names[0]}`
      : `the earlier ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} together (each token by one of them)`;
  const related = cover
    .map((i) => mapping.rules.find((r) => r.index === i))
    .filter((r): r is MappingRuleModel => r !== undefined)
    .map((r) => ({
      location: { uri, range: r.range },
      message: `\`Rules[${r.index}]\` matches first for part of the tokens \`Rules[${rule.index}]\` matches.`,
    }));
  return makeDiagnostic(
    'rule-shadowed',
    uri,
    rule.range,
    `Rule \`Rules[${rule.index}]\` is never used: every token it matches (${described}) is matched by ${byWhom}, and the first matching rule wins.`,
    {
      related,
      data: { shadowedBy: cover[0], ruleIndex: rule.index },
    },
  );
}
