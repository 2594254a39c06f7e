/**
 * Hover on a mapping rule (issue 13): whether any token can make it the first match, with an example of
 * the claims it needs, or which earlier rules together cover it. Static and exact (core/analysis); the
 * claims shown are only the rules' own (a full witness token comes from `analyze`).
 */
import type { Position } from 'vscode-languageserver';
import { analyzeRules, classifyRule, type ModelDocument, type Range } from '../../../core/index';
import { inlineCode } from '../utils/markdown';

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function contains(range: Range, position: Position): boolean {
  const after = (a: Position, b: Position) => a.line > b.line || (a.line === b.line && a.character >= b.character);
  return after(position, range.start) && after(range.end, position);
}

/** The reachability paragraph for the rule under `position`, or undefined when it is on no rule. */
export function ruleReachabilityMarkdown(model: ModelDocument | undefined, position: Position): string | undefined {
  for (const pool of model?.pools ?? []) {
    for (const config of [pool.roleConfig, ...(pool.extraRoleConfigs ?? [])]) {
      if (!config || config.uri !== model!.uri) continue;
      for (const mapping of config.mappings) {
        const rule = mapping.rules.find((r) => contains(r.range, position));
        if (!rule) continue;
        const result = analyzeRules(mapping.rules).rules.find((r) => r.index === rule.index);
        if (!result) return undefined;
        const name = `Rules[${rule.index}]`;
        const opaque = mapping.rules.filter((r) => r.index < rule.index && classifyRule(r).kind === 'opaque').map((r) => inlineCode(`Rules[${r.index}]`));
        if (result.reachable === true && opaque.length > 0) {
          // Those rules read claims token validation fixes (or a claim named at deploy time): only a simulation can tell.
          return `**Reachability unknown**: the earlier ${opaque.join(', ')} read${opaque.length === 1 ? 's' : ''} a claim that token validation checks (or one named only at deploy time); run \`analyze\` or a simulation to know whether they match first.`;
        }
        if (result.reachable === true) {
          const claims = Object.entries(result.witnessClaims ?? {}).map(([claim, value]) => `${inlineCode(claim)} ${inlineCode(shown(value))}`);
          return `**Reachable**: ${name} is the first match for example for a token with ${claims.join(', ')} (whose other claims do not match the earlier rules).`;
        }
        if (result.reachable === false) {
          const by = result.coveredBy.map((i) => inlineCode(`Rules[${i}]`));
          return by.length > 0
            ? `**Never used**: every token ${name} matches is matched first by ${by.length === 1 ? by[0] : `${by.slice(0, -1).join(', ')} and ${by[by.length - 1]} together`}.`
            : `**Never used**: ${name} can never match (a field is missing or its MatchType is invalid).`;
        }
        return `**Reachability unknown**: ${result.reason.replace(/[\\`*_[\]<>]/g, (ch) => `\\${ch}`)}`;
      }
    }
  }
  return undefined;
}
