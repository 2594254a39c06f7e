/** `Type: Rules`: the first rule that matches the claims gives the role; CustomRoleArn only among matching rules. */
import type { MappingRuleModel, RoleMappingModel } from '../model';
import { CUSTOM_ROLE_ARN_REFUSED_MESSAGE, INVALID_POOL_CONFIGURATION, NOT_AUTHORIZED } from '../api/awsErrors';
import { locationOf, type Evaluation } from './context';
import { matchesWithPlaceholders } from './lookup';
import { matchRule } from './matching';
import type { SimulationResult } from './types';
import { ambiguous } from './ambiguous';
import type { LoginContext } from './authenticated';
import { DeployTimeValue, invalidConfiguration, joinWords, outcomeSummary, undecided } from './outcomes';
import { chooseRole } from './roleChoice';

export function evaluateRules(ev: Evaluation, login: LoginContext, mapping: RoleMappingModel): SimulationResult {
  const uri = ev.pool.roleConfig?.uri;
  const custom = ev.request.customRoleArn;
  if (mapping.rules.length === 0) {
    ev.step('rules', 'info', 'The mapping has no rules.', locationOf(uri, mapping.rulesRange ?? mapping.range));
  }
  const matching: MappingRuleModel[] = [];
  /** Rules whose match depends on deploy-time values, in order: each could decide before the next known match. */
  const undecidedRules: UndecidedRule[] = [];
  for (let i = 0; i < mapping.rules.length; i++) {
    const rule = mapping.rules[i];
    const result = matchRule(rule, login.claims);
    ev.assumeAll(result.assumptions);
    const status = result.status === 'matched' ? 'pass' : result.status === 'not-matched' ? 'fail' : 'skip';
    const reason = result.status === 'unknown' ? `${result.reason} The steps below show what happens if it does not match.` : result.reason;
    ev.step('rule', status, reason, locationOf(uri, rule.range), rule.index);
    if (result.status === 'unknown') {
      undecidedRules.push({ rule, values: (result.deployTimeFields ?? []).map(({ field, value }) => ({ what: `Rules[${rule.index}]'s ${field}`, value })) });
      continue;
    }
    if (!result.matched) continue;
    matching.push(rule);
    // The first match decides (unless a CustomRoleArn picks among the matches): one step for the rest.
    if (custom === undefined) {
      const rest = mapping.rules.slice(i + 1);
      if (rest.length > 0)
        ev.step(
          'rule',
          'skip',
          `${ruleList(rest)} ${rest.length === 1 ? 'is' : 'are'} not evaluated: Rules[${rule.index}] matched first.`,
          locationOf(uri, rest[0].range),
          rest[0].index,
        );
      break;
    }
  }

  if (custom !== undefined) {
    ev.assume(
      'CustomRoleArn with a Rules mapping is documented only as overriding the rule order; the simulation accepts it only when it is the RoleARN of a matching rule and otherwise denies the request (NotAuthorizedException assumed).',
    );
    const chosen = matching.find((r) => r.roleArn !== undefined && !r.roleArn.symbolic && r.roleArn.value === custom);
    if (chosen) {
      ev.step(
        'custom-role-arn',
        'pass',
        `CustomRoleArn ${custom} is the role of the matching rule Rules[${chosen.index}].`,
        locationOf(uri, chosen.roleArn!.range),
        chosen.index,
      );
      return chooseRole(ev, {
        role: chosen.roleArn!,
        via: 'custom-role-arn',
        usage: 'authenticated',
        matchedRuleIndex: chosen.index,
        roleLocation: locationOf(uri, chosen.roleArn!.range),
        message: `The requested CustomRoleArn ${custom} is the role of the matching rule Rules[${chosen.index}], so it is used.`,
      });
    }
    // A rule that may match at deploy time, or a matching rule whose RoleARN is known only then, may be the one asked for.
    const mayGrant = (rule: MappingRuleModel) =>
      rule.roleArn !== undefined && (rule.roleArn.symbolic ? matchesWithPlaceholders(rule.roleArn.value, custom) : rule.roleArn.value === custom);
    const open: UndecidedRule[] = [
      ...undecidedRules.filter((u) => mayGrant(u.rule)),
      ...matching
        .filter((r) => r.roleArn?.symbolic && mayGrant(r))
        .map((rule) => ({ rule, values: [{ what: `Rules[${rule.index}]'s RoleARN`, value: rule.roleArn! }] })),
    ];
    if (open.length > 0) {
      ev.step(
        'custom-role-arn',
        'skip',
        `Whether CustomRoleArn ${custom} is the role of a matching rule depends on ${open.map((u) => `Rules[${u.rule.index}]`).join(', ')}, known only at deploy time.`,
      );
      return undecided(
        ev,
        open.flatMap((u) => u.values),
        [
          `if ${joinWords(open.map((u) => `Rules[${u.rule.index}]`))} matches with that role, CustomRoleArn ${custom} is used`,
          `otherwise the request is denied (${NOT_AUTHORIZED}: ${CUSTOM_ROLE_ARN_REFUSED_MESSAGE})`,
        ],
        'custom-role-arn',
      );
    }
    ev.step(
      'custom-role-arn',
      'fail',
      `CustomRoleArn ${custom} is not the role of any matching rule${matching.length ? ` (matching: ${matching.map((r) => `Rules[${r.index}]`).join(', ')})` : ''}.`,
    );
    return ev.end({ outcome: 'deny', via: 'custom-role-arn', errorCode: NOT_AUTHORIZED, message: CUSTOM_ROLE_ARN_REFUSED_MESSAGE });
  }

  const decided = firstMatchOrResolution(ev, login, mapping, matching[0]);
  return undecidedRules.length > 0 ? rulesDependOnDeployment(ev, undecidedRules, decided) : decided;
}

interface UndecidedRule {
  rule: MappingRuleModel;
  values: DeployTimeValue[];
}

/** The role of the first matching rule, or AmbiguousRoleResolution when none matched. */
function firstMatchOrResolution(ev: Evaluation, login: LoginContext, mapping: RoleMappingModel, first: MappingRuleModel | undefined): SimulationResult {
  const uri = ev.pool.roleConfig?.uri;
  if (first) {
    if (!first.roleArn) {
      return invalidConfiguration(ev, `Rules[${first.index}] matches but has no RoleARN.`, locationOf(uri, first.range));
    }
    const roleLocation = locationOf(uri, first.roleArn.range);
    return chooseRole(ev, {
      role: first.roleArn,
      via: 'rules',
      usage: 'authenticated',
      matchedRuleIndex: first.index,
      roleLocation,
      message: `Rules[${first.index}] of the mapping for ${mapping.provider.value} is the first rule that matches, so its role ${first.roleArn.value} is used.`,
    });
  }
  ev.step('rules', 'info', 'No rule matched, so role resolution is invoked.', locationOf(uri, mapping.rulesRange ?? mapping.range));
  return ambiguous(ev, login, mapping);
}

/**
 * Rules before the decision whose match depends on deploy-time values: any of them may decide instead.
 * Only when each would hand out the same role as the decision is the outcome still certain.
 */
function rulesDependOnDeployment(ev: Evaluation, undecidedRules: readonly UndecidedRule[], decided: SimulationResult): SimulationResult {
  const sameRole =
    decided.outcome === 'role' &&
    undecidedRules.every((u) => u.rule.roleArn !== undefined && !u.rule.roleArn.symbolic && u.rule.roleArn.value === decided.roleArn);
  const names = undecidedRules.map((u) => `Rules[${u.rule.index}]`);
  if (sameRole) {
    const sentence = `${joinWords(names)} could not be evaluated (values known only at deploy time), but ${names.length === 1 ? 'it gives' : 'they give'} the same role, so the outcome does not depend on ${names.length === 1 ? 'it' : 'them'}.`;
    ev.assume(sentence);
    // `decided` was ended before this assumption was known.
    return { ...decided, assumptions: [...decided.assumptions, sentence] };
  }
  const cases = undecidedRules.map(
    (u, i) =>
      `if Rules[${u.rule.index}] matches${i > 0 ? ' first' : ''}, ${u.rule.roleArn ? `its role ${u.rule.roleArn.value}` : `${INVALID_POOL_CONFIGURATION} (it has no RoleARN)`}`,
  );
  return undecided(
    ev,
    undecidedRules.flatMap((u) => u.values),
    [...cases, `otherwise, ${outcomeSummary(decided)}`],
    'rules',
    decided,
  );
}

/** `Rules[3]`, `Rules[3] and Rules[4]`, `Rules[3] to Rules[24]` (the rules after a match are consecutive). */
function ruleList(rules: readonly MappingRuleModel[]): string {
  const first = `Rules[${rules[0].index}]`;
  const last = `Rules[${rules[rules.length - 1].index}]`;
  return rules.length === 1 ? first : rules.length === 2 ? `${first} and ${last}` : `${first} to ${last}`;
}
