/**
 * The exact part of `rule-shadowed` (issue 13): a rule that no token can reach because several earlier
 * rules together cover it. core/validate calls this where its pairwise check finds no single shadowing rule.
 */
import { makeDiagnostic, type CoreDiagnostic } from '../diagnostics';
import type { MappingRuleModel, RoleMappingModel } from '../model';

export { shadowedRules } from './rules';

/** The rule-shadowed diagnostic for `rule`, covered by the earlier rules `cover` together; `described` is the rule's condition in words. */
export function coveredRuleDiagnostic(uri: string, mapping: RoleMappingModel, rule: MappingRuleModel, cover: readonly number[], described: string): CoreDiagnostic {
  const names = cover.map((i) => `\`Rules[${i}]\``);
  const byWhom = cover.length === 1 ? `the earlier ${names[0]}` : `the earlier ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} together (each token by one of them)`;
  const related = cover
    .map((i) => mapping.rules.find((r) => r.index === i))
    .filter((r): r is MappingRuleModel => r !== undefined)
    .map((r) => ({ location: { uri, range: r.range }, message: `\`Rules[${r.index}]\` matches first for part of the tokens \`Rules[${rule.index}]\` matches.` }));
  return makeDiagnostic('rule-shadowed', uri, rule.range, `Rule \`Rules[${rule.index}]\` is never used: every token it matches (${described}) is matched by ${byWhom}, and the first matching rule wins.`, {
    related,
    data: { shadowedBy: cover[0], ruleIndex: rule.index },
  });
}
