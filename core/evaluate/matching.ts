/**
 * One `Rules` mapping rule against a set of claims (AWS docs: MappingRule, role-based access control). Where AWS does not document the behaviour
 * (list claims, case, non-string claims) the chosen behaviour is returned as an assumption sentence.
 */
import { isMatchType, MATCH_TYPES, matchesMatchType, type MatchType } from '../api/model';
import type { MappingRuleModel, SourceValue } from '../model';

export type RuleMatchStatus = 'matched' | 'not-matched' | 'not-evaluated' | 'unknown';

export interface RuleMatch {
  matched: boolean;
  /**
   * `not-evaluated`: the rule was skipped (NotEqual on an absent claim, an incomplete rule). `unknown`:
   * whether it matches depends on values known only at deploy time (`deployTimeFields`).
   */
  status: RuleMatchStatus;
  /** For `unknown`: the rule's fields known only at deploy time. */
  deployTimeFields?: Array<{ field: 'Claim' | 'MatchType' | 'Value'; value: SourceValue }>;
  /** One sentence: what was compared and why it matched or not. */
  reason: string;
  assumptions: string[];
}

const MAX_SHOWN_LENGTH = 80;

/** A claim or rule value as a short JSON literal, for messages (never the whole of a huge value). */
export function showValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_SHOWN_LENGTH ? `${text.slice(0, MAX_SHOWN_LENGTH - 1)}…` : text;
}

export function hasClaim(claims: Readonly<Record<string, unknown>>, name: string): boolean {
  return Object.hasOwn(claims, name) && claims[name] !== undefined && claims[name] !== null;
}

/** Per-element semantics for list claims: any element equals/starts with/contains; NotEqual = no element equals. */
function compareList(matchType: MatchType, items: readonly string[], value: string): boolean {
  if (matchType === 'NotEqual') return !items.some((item) => item === value);
  return items.some((item) => matchesMatchType(matchType, item, value));
}

/** The text a non-string scalar or object is compared as: its JSON text. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

/**
 * Whether a claim value matches `value` under `matchType`, exactly as matchRule decides it (a missing or
 * null claim matches under no MatchType, NotEqual included). Pure and message-free, for the analysis.
 */
export function claimMatches(matchType: MatchType, claimValue: unknown, value: string): boolean {
  if (claimValue === undefined || claimValue === null) return false;
  return Array.isArray(claimValue) ? compareList(matchType, claimValue.map(asText), value) : matchesMatchType(matchType, asText(claimValue), value);
}

const VERB: Record<MatchType, [string, string]> = {
  Equals: ['equals', 'does not equal'],
  NotEqual: ['is not equal to', 'equals'],
  StartsWith: ['starts with', 'does not start with'],
  Contains: ['contains', 'does not contain'],
};

const LIST_VERB: Record<MatchType, [string, string]> = {
  Equals: ['has an element equal to', 'has no element equal to'],
  NotEqual: ['has no element equal to', 'has an element equal to'],
  StartsWith: ['has an element starting with', 'has no element starting with'],
  Contains: ['has an element containing', 'has no element containing'],
};

export function matchRule(rule: MappingRuleModel, claims: Readonly<Record<string, unknown>>): RuleMatch {
  const where = `Rules[${rule.index}]`;
  const assumptions: string[] = [];
  const notEvaluated = (reason: string): RuleMatch => ({ matched: false, status: 'not-evaluated', reason, assumptions });

  const fields = [
    ['Claim', rule.claim],
    ['MatchType', rule.matchType],
    ['Value', rule.value],
  ] as const;
  for (const [field, source] of fields) {
    if (!source) return notEvaluated(`${where} has no ${field}, so it cannot match (the API rejects such a rule).`);
  }
  const deployTimeFields = fields.filter(([, source]) => source!.symbolic).map(([field, source]) => ({ field, value: source! }));
  if (deployTimeFields.length > 0) {
    const shown = deployTimeFields.map(({ field, value }) => `${field} (${value.value})`).join(' and ');
    // A rule on a claim the token lacks matches under no MatchType (NotEqual applies only to present claims).
    if (!rule.claim!.symbolic && !hasClaim(claims, rule.claim!.value)) {
      return {
        matched: false,
        status: 'not-matched',
        reason: `${where} does not match: the token has no ${rule.claim!.value} claim, so the rule cannot match whatever its ${shown} turn${deployTimeFields.length === 1 ? 's' : ''} out to be at deploy time.`,
        assumptions,
      };
    }
    return {
      matched: false,
      status: 'unknown',
      reason: `${where} cannot be evaluated: its ${shown} ${deployTimeFields.length === 1 ? 'is' : 'are'} known only at deploy time.`,
      assumptions,
      deployTimeFields,
    };
  }
  const claim = rule.claim!.value;
  const value = rule.value!.value;
  const matchType = rule.matchType!.value;
  if (!isMatchType(matchType)) {
    return notEvaluated(
      `${where} is not evaluated: MatchType ${showValue(rule.matchType!.value)} is not one of ${MATCH_TYPES.join(', ')} (the API rejects it).`,
    );
  }

  if (Object.hasOwn(claims, claim) && claims[claim] === null) {
    assumptions.push(`The claim ${claim} is null; the simulation treats a null claim as absent.`);
  }
  if (!hasClaim(claims, claim)) {
    if (matchType === 'NotEqual') {
      return notEvaluated(`${where} is not evaluated: the token has no ${claim} claim, and a NotEqual rule only applies when the claim is present.`);
    }
    return {
      matched: false,
      status: 'not-matched',
      reason: `${where} does not match: the token has no ${claim} claim, and a ${matchType} rule needs it.`,
      assumptions,
    };
  }

  const claimValue = claims[claim];
  let matched: boolean;
  let matchedIgnoringCase: boolean;
  let reason: string;
  if (Array.isArray(claimValue)) {
    const items = claimValue.map(asText);
    matched = claimMatches(matchType, claimValue, value);
    matchedIgnoringCase = compareList(
      matchType,
      items.map((item) => item.toLowerCase()),
      value.toLowerCase(),
    );
    const [yes, no] = LIST_VERB[matchType];
    reason = `${where} ${matched ? 'matches' : 'does not match'}: the list ${claim} ${showValue(claimValue)} ${matched ? yes : no} ${showValue(value)}.`;
    assumptions.push(
      `${where} compared the list claim ${claim} element by element (${describeListSemantics(matchType)}); how AWS matches list claims such as cognito:groups is UNCONFIRMED.`,
    );
    if (/[",[\]]/.test(value)) {
      assumptions.push(
        `${where}'s Value ${showValue(value)} contains " , [ or ]: it could only match if AWS compared the list's serialised text (e.g. ["a","b"] or a,b), which the simulation does not do.`,
      );
    }
  } else {
    const text = asText(claimValue);
    matched = claimMatches(matchType, claimValue, value);
    matchedIgnoringCase = matchesMatchType(matchType, text.toLowerCase(), value.toLowerCase());
    const [yes, no] = VERB[matchType];
    reason = `${where} ${matched ? 'matches' : 'does not match'}: ${claim} ${showValue(claimValue)} ${matched ? yes : no} ${showValue(value)}.`;
    if (typeof claimValue !== 'string') {
      const kind = typeof claimValue === 'object' ? 'object' : typeof claimValue;
      assumptions.push(
        `${where} compared the ${kind} claim ${claim} as its JSON text ${showValue(text)}; how AWS turns non-string claims into text is UNCONFIRMED.`,
      );
    }
  }
  if (matched !== matchedIgnoringCase) {
    assumptions.push(
      `${where} was compared case-sensitively; ignoring case it would ${matchedIgnoringCase ? 'match' : 'not match'} (whether AWS compares case-sensitively is UNCONFIRMED).`,
    );
  }
  return { matched, status: matched ? 'matched' : 'not-matched', reason, assumptions };
}

function describeListSemantics(matchType: MatchType): string {
  switch (matchType) {
    case 'Equals':
      return 'Equals: some element equals the Value';
    case 'StartsWith':
      return 'StartsWith: some element starts with the Value';
    case 'Contains':
      return 'Contains: some element contains the Value as a substring';
    case 'NotEqual':
      return 'NotEqual: no element equals the Value';
  }
}
