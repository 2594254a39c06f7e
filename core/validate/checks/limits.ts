/**
 * The documented quotas: MAX_MAPPINGS role mappings per pool, MAX_RULES rules per provider. Roles and
 * RoleMappings files are counted by their schema (maxProperties / maxItems, worded here too). Templates
 * are counted here, from the model; their schema counts them too where it can read the lists, and `tidy`
 * keeps one diagnostic per range.
 */
import { TOO_MANY_MAPPINGS, tooManyRules } from '../../api/awsErrors';
import { MAX_MAPPINGS, MAX_RULES } from '../../api/model';
import { makeDiagnostic } from '../../diagnostics';
import { span } from './common';
import { roleConfigsOf } from '../../model';
import type { PoolCheck } from './types';

export const limits: PoolCheck = {
  id: 'limits',
  emits: ['too-many-mappings', 'too-many-rules'],
  check(pool, out) {
    for (const config of roleConfigsOf(pool)) {
      if (config.source !== 'cloudformation') continue;
      if (config.mappings.length > MAX_MAPPINGS) {
        const first = config.mappings[MAX_MAPPINGS];
        const last = config.mappings[config.mappings.length - 1];
        out.push(
          makeDiagnostic('too-many-mappings', config.uri, span(first.key.range, last.range), tooManyMappingsMessage(config.mappings.length, MAX_MAPPINGS), {
            awsError: TOO_MANY_MAPPINGS,
          }),
        );
      }
      for (const mapping of config.mappings) {
        if (mapping.rules.length <= MAX_RULES) continue;
        const first = mapping.rules[MAX_RULES];
        const last = mapping.rules[mapping.rules.length - 1];
        out.push(
          makeDiagnostic('too-many-rules', config.uri, span(first.range, last.range), tooManyRulesMessage(mapping.rules.length, MAX_RULES), {
            awsError: tooManyRules(mapping.provider.value, mapping.rules.length, MAX_RULES),
          }),
        );
      }
    }
  },
};

export function tooManyMappingsMessage(count: number, limit = MAX_MAPPINGS): string {
  return `There are ${count} role mappings; an identity pool allows at most ${limit} identity providers with role mappings, and this quota cannot be raised.`;
}

export function tooManyRulesMessage(count: number, limit = MAX_RULES): string {
  return `This mapping has ${count} rules; Amazon Cognito allows at most ${limit} rules per identity provider (the API model says 400, but the documented quota of ${limit} cannot be raised).`;
}
