/** A rule read as a condition (claim, MatchType, value all known), shared by the rule checks. */
import { isMatchType, type MatchType } from '../../api/model';
import type { MappingRuleModel, RoleMappingModel } from '../../model';
import type { ProviderKind } from '../../providers';
import { classifyProvider } from '../../providers';
import { known, knownString } from './common';
import { mappingProviderKey } from './mappingKeys';

export interface Condition {
  rule: MappingRuleModel;
  claim: string;
  matchType: MatchType;
  value: string;
}

export function conditionOf(rule: MappingRuleModel): Condition | undefined {
  if (!knownString(rule.claim) || !knownString(rule.matchType) || !knownString(rule.value)) return undefined;
  if (!isMatchType(rule.matchType.value)) return undefined;
  return { rule, claim: rule.claim.value, matchType: rule.matchType.value, value: rule.value.value };
}

/** A condition as a short code span for messages. */
export function conditionText(condition: Condition): string {
  return `\`${condition.claim} ${condition.matchType} ${condition.value.length > 60 ? `${condition.value.slice(0, 59)}…` : condition.value}\``;
}

/** A `Type: Rules` mapping with the provider its key names (when known), or undefined for other mappings. */
export function rulesMapping(mapping: RoleMappingModel): { providerKey: string | undefined; kind: ProviderKind | undefined } | undefined {
  if (!known(mapping.type) || mapping.type.value !== 'Rules') return undefined;
  const providerKey = mappingProviderKey(mapping);
  return { providerKey, kind: providerKey !== undefined ? classifyProvider(providerKey) : undefined };
}
