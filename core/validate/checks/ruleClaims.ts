/** Rules on claims the provider never sends, and the substring semantics of `Contains`. */
import { makeDiagnostic } from '../../diagnostics';
import { ARRAY_CLAIMS, PROVIDER_KIND_LABELS, providerSendsClaim } from '../../providers';
import { quote } from '../text';
import { roleConfigsOf } from '../../model';
import { conditionOf, conditionText, rulesMapping } from './conditions';
import type { PoolCheck } from './types';

export const ruleClaims: PoolCheck = {
  id: 'ruleClaims',
  emits: ['not-equal-on-missing-claim', 'claim-never-sent', 'contains-matches-substrings'],
  check(pool, out) {
    for (const config of roleConfigsOf(pool)) {
      const uri = config.uri;
      for (const mapping of config.mappings) {
        const rules = rulesMapping(mapping);
        if (!rules) continue;
        const { kind } = rules;
        for (const condition of mapping.rules.map(conditionOf)) {
          if (!condition) continue;
          const rule = condition.rule;
          if (kind && providerSendsClaim(kind, condition.claim) === 'no') {
            const provider = PROVIDER_KIND_LABELS[kind];
            const onlyThese = kind === 'facebook' || kind === 'amazon' ? ` (rules only see \`iss\`, \`aud\` and \`sub\` for ${provider})` : '';
            if (condition.matchType === 'NotEqual') {
              out.push(
                makeDiagnostic(
                  'not-equal-on-missing-claim',
                  uri,
                  rule.claim!.range,
                  `${provider} tokens never carry \`${condition.claim}\`${onlyThese}, and a NotEqual rule on a missing claim is skipped, so this rule never matches.`,
                ),
              );
            } else {
              out.push(
                makeDiagnostic(
                  'claim-never-sent',
                  uri,
                  rule.claim!.range,
                  `${provider} tokens never carry \`${condition.claim}\`${onlyThese}, so this rule never matches.`,
                ),
              );
            }
          }
          if (condition.matchType === 'Contains') {
            const example = substringExample(condition.value);
            const isArray = ARRAY_CLAIMS.includes(condition.claim);
            out.push(
              makeDiagnostic(
                'contains-matches-substrings',
                uri,
                rule.value!.range,
                isArray
                  ? `\`Contains\` is a substring test, also on \`${condition.claim}\`: ${conditionText(condition)} also matches an entry such as ${quote(example)}, not only ${quote(condition.value)} itself.`
                  : `\`Contains\` is a substring test: ${conditionText(condition)} also matches values such as ${quote(example)}.`,
              ),
            );
          }
        }
      }
    }
  },
};

/** A plausible other value that contains `value` (for the Contains hint): `admin` and `admins` → `sysadmins`. */
function substringExample(value: string): string {
  return /^[a-z]/.test(value) ? `sys${value}${value.endsWith('s') ? '' : 's'}` : `${value}-readonly`;
}
