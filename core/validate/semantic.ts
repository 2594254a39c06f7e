/**
 * Semantic checks over the format-neutral model (roles files, identity-pool files and CloudFormation
 * alike): the cross-field rules the service enforces, and configurations the API accepts but that are
 * almost surely mistakes. Values marked `symbolic` (unresolved CloudFormation references) are skipped.
 */
import { makeDiagnostic, type AwsError, type CoreDiagnostic } from '../diagnostics';
import type { IdentityPoolModel, MappingRuleModel, PoolDefinition, RoleConfig, RoleMappingModel, SourceValue } from '../model';
import type { Range } from '../positions';
import {
  ARRAY_CLAIMS,
  classifyProvider,
  IAM_ROLE_ARN_RE,
  oidcHostFromArn,
  parseUserPoolKey,
  PROVIDER_KIND_LABELS,
  providerSendsClaim,
  registeredProviders,
  type ProviderKind,
} from '../providers';
import { matchesWithPlaceholders } from '../evaluate/lookup';
import { coveredRuleDiagnostic, shadowedRules } from '../analysis/shadowed';
import { AMBIGUOUS_ROLE_RESOLUTIONS, MATCH_TYPES } from '../schema';
import { tooManyRulesAwsError, tooManyRulesMessage } from './shape';
import { joinWords, quote, rankByCloseness } from './text';

/** The documented quotas (spec 1.1): 25 rules per provider, 10 mappings per pool. */
export const MAX_RULES = 25;
export const MAX_MAPPINGS = 10;

/** What GetCredentialsForIdentity answers when the pool has no role for the caller (spec 3.7). */
export const INVALID_CONFIGURATION: AwsError = {
  code: 'InvalidIdentityPoolConfigurationException',
  message: 'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
};

/** Every semantic check of one (linked) pool. */
export function checkPoolSemantics(pool: IdentityPoolModel): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  const configs = [pool.roleConfig, ...(pool.extraRoleConfigs ?? [])].filter((c): c is RoleConfig => c !== undefined);
  // Roles set at deploy time (a custom resource calling SetIdentityPoolRoles) may replace the attachment's.
  const setAtDeployTime = (pool.deployTimeRoleConfig?.length ?? 0) > 0;
  for (const config of configs) checkRoleConfig(config, pool.definition, out, setAtDeployTime);
  if (pool.definition && pool.roleConfig && !setAtDeployTime) checkDefinitionWithRoles(pool.definition, pool.roleConfig, out);
  if (pool.definition && pool.roleConfig) checkRoleWithoutProviders(pool, pool.definition, pool.roleConfig, out);
  return out;
}

/** An authenticated role on a pool nobody can sign in to: no provider at all, and nothing that may add one. */
function checkRoleWithoutProviders(pool: IdentityPoolModel, definition: PoolDefinition, config: RoleConfig, out: CoreDiagnostic[]): void {
  const role = config.authenticated;
  if (!role || definition.providersUnknown || registeredProviders(definition).length > 0) return;
  if (pool.providersAddedElsewhere?.length || pool.deployTimeRoleConfig?.length) return;
  out.push(makeDiagnostic('authenticated-role-without-providers', config.uri, role.range,
    `Identity pool ${pool.logicalId ?? pool.label} has no login provider (no user pool, social, OpenID Connect, SAML or developer provider), so nobody can sign in to it and its authenticated role ${role.value} is never handed out; register the provider the role is meant for, or remove the role.`,
    { related: [{ location: { uri: definition.uri, range: definition.anchorRange }, message: 'The identity pool, without login providers.' }] }));
}

function known<T>(value: SourceValue<T> | undefined): value is SourceValue<T> {
  return value !== undefined && !value.symbolic;
}

/** A known value written as a string (numbers and booleans are the shape check's business). */
function knownString(value: SourceValue | undefined): value is SourceValue {
  return known(value) && !value.notString;
}

/**
 * True when the `Roles` map itself could not be read (a CloudFormation intrinsic in place of the map), so
 * an absent role proves nothing. A symbolic role *value* still shows that the role is set.
 */
function rolesUnknown(config: RoleConfig): boolean {
  if (config.source === 'role-mappings') return true; // the file holds RoleMappings only
  return config.source === 'cloudformation' && config.rolesRange !== undefined && !config.authenticated && !config.unauthenticated;
}

function checkRoleConfig(config: RoleConfig, definition: PoolDefinition | undefined, out: CoreDiagnostic[], setAtDeployTime = false): void {
  const uri = config.uri;
  for (const [name, role] of [['authenticated', config.authenticated], ['unauthenticated', config.unauthenticated]] as const) {
    if (knownString(role) && !IAM_ROLE_ARN_RE.test(role.value)) {
      out.push(makeDiagnostic('invalid-role-arn', uri, role.range, roleArnMessage(role.value, `Roles.${name}`), {
        awsError: { code: 'NotAuthorizedException', message: `Access to Role '${role.value}' is forbidden.` },
      }));
    }
  }

  // Roles and RoleMappings files are counted by their schema (maxProperties / maxItems). Templates are counted
  // here too (their schema counts them as well; `tidy` keeps one diagnostic per range).
  const schemaCountsChecked = config.source !== 'cloudformation';
  if (!schemaCountsChecked && config.mappings.length > MAX_MAPPINGS) {
    const first = config.mappings[MAX_MAPPINGS];
    const last = config.mappings[config.mappings.length - 1];
    out.push(makeDiagnostic('too-many-mappings', uri, span(first.key.range, last.range),
      `There are ${config.mappings.length} role mappings; an identity pool allows at most ${MAX_MAPPINGS} identity providers with role mappings, and this quota cannot be raised.`,
      { awsError: { code: 'ValidationException', message: `1 validation error detected: Value at 'roleMappings' failed to satisfy constraint: Member must have length less than or equal to ${MAX_MAPPINGS}`, assumed: true } }));
  }

  for (const mapping of config.mappings) {
    checkMapping(config, mapping, definition, out, schemaCountsChecked);
    if (!config.authenticated && !setAtDeployTime && !rolesUnknown(config) && known(mapping.ambiguousRoleResolution) && mapping.ambiguousRoleResolution.value === 'AuthenticatedRole') {
      out.push(makeDiagnostic('missing-authenticated-role', uri, mapping.ambiguousRoleResolution.range,
        `When this mapping finds no role it falls back to the authenticated role, but \`Roles\` has no \`authenticated\` role, so those users get InvalidIdentityPoolConfigurationException.`,
        { awsError: INVALID_CONFIGURATION, related: config.rolesRange ? [{ location: { uri, range: config.rolesRange }, message: 'The default roles, without `authenticated`.' }] : undefined }));
    }
  }
}

function checkMapping(config: RoleConfig, mapping: RoleMappingModel, definition: PoolDefinition | undefined, out: CoreDiagnostic[], schemaCountsChecked: boolean): void {
  const uri = config.uri;
  const keyLabel = quote(mapping.provider.symbolic ? mapping.key.value : mapping.provider.value);
  const type = known(mapping.type) ? mapping.type.value : undefined;

  if (mapping.ambiguousRoleResolution === undefined) {
    out.push(makeDiagnostic('ambiguous-resolution-required', uri, mapping.key.range,
      `The role mapping for ${keyLabel} needs \`AmbiguousRoleResolution\` (AuthenticatedRole or Deny): it decides what happens when no role can be chosen, and AWS requires it for Token and Rules mappings.`,
      {
        awsError: { code: 'InvalidParameterException', message: 'AmbiguousRoleResolution is required when the role mapping Type is Token or Rules.', assumed: true },
        data: { missingProperties: ['AmbiguousRoleResolution'], replacements: [...AMBIGUOUS_ROLE_RESOLUTIONS] },
      }));
  }

  if (type === 'Rules' && mapping.rulesConfigurationRange === undefined && mapping.type) {
    out.push(makeDiagnostic('rules-configuration-required', uri, mapping.type.range,
      `A \`Type: Rules\` mapping needs \`RulesConfiguration\` with at least one rule; without it AWS refuses the mapping for ${keyLabel}.`,
      {
        awsError: { code: 'InvalidParameterException', message: 'RulesConfiguration is required when the role mapping Type is Rules.', assumed: true },
        data: { missingProperties: ['RulesConfiguration'] },
      }));
  }
  if (type === 'Token' && mapping.rulesConfigurationRange !== undefined) {
    out.push(makeDiagnostic('rules-configuration-not-allowed', uri, mapping.rulesConfigurationRange,
      '`RulesConfiguration` does nothing on a `Type: Token` mapping; Terraform refuses it, and AWS probably does too (unconfirmed), so remove it or use `Type: Rules`.',
      { awsError: { code: 'InvalidParameterException', message: 'RulesConfiguration is not allowed when the role mapping Type is Token.', assumed: true } }));
  }
  if (!schemaCountsChecked && mapping.rules.length > MAX_RULES) {
    const first = mapping.rules[MAX_RULES];
    const last = mapping.rules[mapping.rules.length - 1];
    out.push(makeDiagnostic('too-many-rules', uri, span(first.range, last.range), tooManyRulesMessage(mapping.rules.length, MAX_RULES),
      { awsError: tooManyRulesAwsError(mapping.provider.value, mapping.rules.length, MAX_RULES) }));
  }

  for (const rule of mapping.rules) {
    if (knownString(rule.roleArn) && !IAM_ROLE_ARN_RE.test(rule.roleArn.value)) {
      out.push(makeDiagnostic('invalid-role-arn', uri, rule.roleArn.range, roleArnMessage(rule.roleArn.value, `RoleARN of rule Rules[${rule.index}]`), {
        // The sourced text is for `Roles` values; that rule roles get the same PassRole check is assumed.
        awsError: { code: 'NotAuthorizedException', message: `Access to Role '${rule.roleArn.value}' is forbidden.`, assumed: true },
      }));
    }
  }

  const providerKey = known(mapping.provider) ? checkMappingKey(uri, mapping.provider, definition, out) : undefined;
  const kind = providerKey !== undefined ? classifyProvider(providerKey) : undefined;

  if (type === 'Token' && kind && mapping.type) {
    checkTokenMapping(uri, mapping, kind, out);
  }
  if (type === 'Rules') {
    checkRules(uri, mapping, kind, providerKey, out);
  }
}

/** Checks the mapping key; returns the provider name it stands for (URL form normalised), for the later checks. */
function checkMappingKey(uri: string, provider: SourceValue, definition: PoolDefinition | undefined, out: CoreDiagnostic[]): string {
  const key = provider.value;
  const awsError: AwsError = { code: 'InvalidParameterException', message: `${key} is not a valid RoleMapping ProviderName or is not a configured provider.` };
  const registered = definition && !hasUnknownProviders(definition) ? registeredProviders(definition) : undefined;

  if (/^https?:\/\//i.test(key)) {
    const stripped = key.replace(/^https?:\/\//i, '').replace(/\/$/, '');
    const userPool = parseUserPoolKey(stripped);
    const suggestedKey = userPool && !userPool.clientId ? withOnlyClient(userPool.providerName, definition) ?? stripped : stripped;
    const needsClient = userPool && !userPool.clientId && suggestedKey === stripped;
    out.push(makeDiagnostic('mapping-key-url-form', uri, provider.range,
      `Mapping keys are provider names, not URLs: write ${quote(suggestedKey)}${needsClient ? ' followed by `:` and the app client ID' : ''} instead of ${quote(key)}, which AWS refuses.`,
      { awsError, data: { suggestedKey, replacements: [suggestedKey] } }));
    return stripped;
  }

  const kind = classifyProvider(key);
  const userPool = kind === 'cognito-user-pool' ? parseUserPoolKey(key) : undefined;
  if (userPool && !userPool.clientId) {
    const suggestedKey = withOnlyClient(userPool.providerName, definition);
    out.push(makeDiagnostic('mapping-key-missing-client', uri, provider.range,
      `A user pool mapping key must end with \`:\` and the app client ID (${quote(`${key}:APP_CLIENT_ID`)}${suggestedKey ? `, here ${quote(suggestedKey)}` : ''}); AWS refuses the key without it.`,
      { awsError, data: suggestedKey ? { suggestedKey, replacements: [suggestedKey] } : undefined }));
    return key;
  }

  if (registered) {
    const mappingKeys = registered.map((r) => r.mappingKey).filter((k): k is string => k !== undefined);
    if (!mappingKeys.includes(key)) {
      const sameUserPool = userPool ? mappingKeys.filter((k) => parseUserPoolKey(k)?.providerName === userPool.providerName) : [];
      const suggestedKey = sameUserPool.length === 1 ? sameUserPool[0] : undefined;
      const placeholder = userPool?.clientId !== undefined && looksLikePlaceholder(userPool.clientId);
      const what = placeholder
        ? `${quote(userPool!.clientId!)} is a placeholder, not an app client ID registered on this identity pool`
        : `${quote(key)} names no provider registered on this identity pool`;
      const registeredText = mappingKeys.length ? `registered: ${joinWords(mappingKeys.map((k) => quote(k)), 'and')}` : 'it registers no providers';
      out.push(makeDiagnostic('mapping-key-not-registered', uri, provider.range,
        `${what}, so AWS refuses this mapping (${registeredText}).`,
        {
          awsError,
          data: { ...(suggestedKey ? { suggestedKey } : {}), replacements: sameUserPool.length ? sameUserPool : rankByCloseness(key, mappingKeys) },
          related: [{ location: { uri: definition!.uri, range: definition!.anchorRange }, message: 'The identity pool whose providers the mapping keys must name.' }],
        }));
    }
  }
  return key;
}

function hasUnknownProviders(definition: PoolDefinition): boolean {
  return (
    definition.cognitoProviders.some((p) => p.providerName?.symbolic || p.clientId?.symbolic) ||
    definition.supportedLoginProviders.some((p) => p.provider.symbolic) ||
    definition.openIdConnectProviderArns.some((a) => a.symbolic) ||
    definition.samlProviderArns.some((a) => a.symbolic)
  );
}

/** The mapping key `providerName:clientId` when the pool registers exactly one client for that user pool. */
function withOnlyClient(providerName: string, definition: PoolDefinition | undefined): string | undefined {
  if (!definition) return undefined;
  const clients = definition.cognitoProviders.filter((p) => known(p.providerName) && p.providerName.value === providerName && known(p.clientId));
  return clients.length === 1 ? `${providerName}:${clients[0].clientId!.value}` : undefined;
}

function looksLikePlaceholder(clientId: string): boolean {
  return /^(app_?client_?id|client_?id|appclientid|your[-_a-z]*|x{3,}|<.*>|\{.*\}|\$\{.*\}|changeme|todo)$/i.test(clientId);
}

function roleArnMessage(value: string, field: string): string {
  if (!value.startsWith('arn:')) {
    return /^[\w+=,.@-]+$/.test(value)
      ? `${quote(value)} looks like a role name, but ${field} needs the role's ARN (arn:aws:iam::ACCOUNT_ID:role/${value}); AWS refuses a bare name.`
      : `${quote(value)} is not an IAM role ARN; ${field} needs an ARN like arn:aws:iam::123456789012:role/NAME.`;
  }
  if (/^arn:aws[a-z-]*:iam::\d{12}:(?!role\/)/.test(value)) {
    return `${quote(value)} is an IAM ARN but not of a role; ${field} needs a role ARN like arn:aws:iam::123456789012:role/NAME.`;
  }
  return `${quote(value)} is not a well-formed IAM role ARN (arn:aws:iam::123456789012:role/NAME, with a 12-digit account ID); AWS refuses it.`;
}

function checkTokenMapping(uri: string, mapping: RoleMappingModel, kind: ProviderKind, out: CoreDiagnostic[]): void {
  if (kind === 'cognito-user-pool' || kind === 'saml' || kind === 'developer') return;
  const resolution = known(mapping.ambiguousRoleResolution) ? mapping.ambiguousRoleResolution.value : undefined;
  const fallback = resolution === 'Deny' ? 'refuses every user (Deny)' : resolution === 'AuthenticatedRole' ? 'gives every user the default authenticated role' : 'falls back to AmbiguousRoleResolution';
  const message = kind === 'oidc'
    ? `OpenID Connect tokens normally carry no \`cognito:roles\` claim (AWS documents Token mapping only for user pools; unconfirmed), so this mapping probably always ${fallback}; use \`Type: Rules\` to choose roles from claims.`
    : `${PROVIDER_KIND_LABELS[kind]} tokens never carry \`cognito:roles\` or \`cognito:preferred_role\`, so this Token mapping always ${fallback}; use \`Type: Rules\` to choose roles from claims.`;
  out.push(makeDiagnostic('token-mapping-without-roles-claim', uri, mapping.type!.range, message, { data: { replacements: ['Rules'] } }));
}

/** A rule whose claim, MatchType and Value are all known. */
interface Condition {
  rule: MappingRuleModel;
  claim: string;
  matchType: 'Equals' | 'Contains' | 'StartsWith' | 'NotEqual';
  value: string;
}

function conditionOf(rule: MappingRuleModel): Condition | undefined {
  if (!knownString(rule.claim) || !knownString(rule.matchType) || !knownString(rule.value)) return undefined;
  if (!MATCH_TYPES.includes(rule.matchType.value)) return undefined;
  return { rule, claim: rule.claim.value, matchType: rule.matchType.value as Condition['matchType'], value: rule.value.value };
}

function describe(condition: Condition): string {
  return `\`${condition.claim} ${condition.matchType} ${condition.value.length > 60 ? `${condition.value.slice(0, 59)}…` : condition.value}\``;
}

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
        // Only ID tokens are accepted (access tokens lack `aud`), spec 6.3.
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

function matchesText(condition: Condition, text: string): boolean {
  switch (condition.matchType) {
    case 'Equals':
      return text === condition.value;
    case 'Contains':
      return text.includes(condition.value);
    case 'StartsWith':
      return text.startsWith(condition.value);
    case 'NotEqual':
      return text !== condition.value;
  }
}

function alwaysMatches(condition: Condition, constants: Record<string, ConstantClaim>): ConstantClaim | undefined {
  const constant = constants[condition.claim];
  return constant && constant.values.every((v) => matchesText(condition, v)) ? constant : undefined;
}

/**
 * Whether every token that satisfies `later` also satisfies `earlier` (same claim). Comparison is
 * taken as exact and case-sensitive (spec 3.2's recommended default). NotEqual reasoning only holds for
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

function checkRules(uri: string, mapping: RoleMappingModel, kind: ProviderKind | undefined, providerKey: string | undefined, out: CoreDiagnostic[]): void {
  const conditions = mapping.rules.map(conditionOf);
  const constants = constantClaims(kind, providerKey);

  for (const condition of conditions) {
    if (!condition) continue;
    const rule = condition.rule;
    if (kind && providerSendsClaim(kind, condition.claim) === 'no') {
      const provider = PROVIDER_KIND_LABELS[kind];
      const onlyThese = kind === 'facebook' || kind === 'amazon' ? ` (rules only see \`iss\`, \`aud\` and \`sub\` for ${provider})` : '';
      if (condition.matchType === 'NotEqual') {
        out.push(makeDiagnostic('not-equal-on-missing-claim', uri, rule.claim!.range,
          `${provider} tokens never carry \`${condition.claim}\`${onlyThese}, and a NotEqual rule on a missing claim is skipped, so this rule never matches.`));
      } else {
        out.push(makeDiagnostic('claim-never-sent', uri, rule.claim!.range,
          `${provider} tokens never carry \`${condition.claim}\`${onlyThese}, so this rule never matches.`));
      }
    }
    if (condition.matchType === 'Contains') {
      const example = substringExample(condition.value);
      const isArray = ARRAY_CLAIMS.includes(condition.claim);
      out.push(makeDiagnostic('contains-matches-substrings', uri, rule.value!.range,
        isArray
          ? `\`Contains\` is a substring test, also on \`${condition.claim}\`: ${describe(condition)} also matches an entry such as ${quote(example)}, not only ${quote(condition.value)} itself.`
          : `\`Contains\` is a substring test: ${describe(condition)} also matches values such as ${quote(example)}.`));
    }
  }

  // Whether each rule matches every token, computed once; then each later rule is compared only with
  // the earlier rules on the same claim and with the always-matching ones.
  const always = conditions.map((c) => (c ? alwaysMatches(c, constants) : undefined));
  let covers: Map<number, number[]> | undefined;
  const exactCovers = () => (covers ??= new Map(shadowedRules(mapping).map((s) => [s.index, s.coveredBy])));
  const firstAlways = always.findIndex((a) => a !== undefined);
  const earlierByClaim = new Map<string, number[]>();
  let alwaysIndex: number | undefined;
  let alwaysWhy: ConstantClaim | undefined;
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
    if (shadowing === undefined) {
      // Exact (issue 13): rules that only several earlier rules together cover.
      const cover = exactCovers().get(later.rule.index);
      if (cover) out.push(coveredRuleDiagnostic(uri, mapping, later.rule, cover, describe(later)));
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
      ? `\`Rules[${i}]\` before it (${describe(earlier)}) matches every token this mapping sees`
      : later.matchType === earlier.matchType && later.value === earlier.value
        ? `it repeats the condition of \`Rules[${i}]\` (${describe(earlier)}), and the first matching rule wins`
        : `every token it matches (${describe(later)}) also matches the earlier \`Rules[${i}]\` (${describe(earlier)}), and the first matching rule wins`;
    out.push(makeDiagnostic('rule-shadowed', uri, later.rule.range,
      `Rule \`Rules[${j}]\` is never used: ${reason}${sameRole ? ' (both give the same role, so it is only redundant)' : ''}.`,
      {
        related: [{ location: { uri, range: earlier.rule.range }, message: `\`Rules[${i}]\` matches first.` }],
        data: { shadowedBy: i, ruleIndex: j },
      }));
  });

  // A rule that matches everything, even with no later rule parsed yet, is reported once.
  if (alwaysIndex === undefined && firstAlways >= 0) {
    alwaysIndex = firstAlways;
    alwaysWhy = always[firstAlways];
  }
  if (alwaysIndex !== undefined && alwaysWhy && alwaysIndex < mapping.rules.length - 1) {
    const condition = conditions[alwaysIndex]!;
    const laterCount = mapping.rules.length - 1 - alwaysIndex;
    out.push(makeDiagnostic('rule-always-matches', uri, condition.rule.range,
      `${describe(condition)} matches every token this mapping sees (${alwaysWhy.why}), so the ${laterCount === 1 ? 'rule' : `${laterCount} rules`} after it ${laterCount === 1 ? 'is' : 'are'} never used.`,
      { data: { ruleIndex: alwaysIndex } }));
  }
}

/** A plausible other value that contains `value` (for the Contains hint): `admin` and `admins` → `sysadmins`. */
function substringExample(value: string): string {
  return /^[a-z]/.test(value) ? `sys${value}${value.endsWith('s') ? '' : 's'}` : `${value}-readonly`;
}

function checkDefinitionWithRoles(definition: PoolDefinition, config: RoleConfig, out: CoreDiagnostic[]): void {
  const allowGuests = definition.allowUnauthenticatedIdentities;
  const rolesKnown = !rolesUnknown(config);

  if (known(allowGuests) && allowGuests.value && !config.unauthenticated && rolesKnown) {
    out.push(makeDiagnostic('guest-access-without-unauthenticated-role', definition.uri, allowGuests.range,
      'Guest access is on, but the roles configuration has no `unauthenticated` role, so every guest gets InvalidIdentityPoolConfigurationException; add one or turn guest access off.',
      { awsError: INVALID_CONFIGURATION, related: [{ location: { uri: config.uri, range: config.rolesRange ?? config.anchorRange }, message: 'The default roles, without `unauthenticated`.' }] }));
  }

  if (config.unauthenticated && (allowGuests === undefined || (known(allowGuests) && !allowGuests.value))) {
    out.push(makeDiagnostic('unauthenticated-role-unused', config.uri, config.unauthenticated.range,
      'This identity pool does not allow guests (`AllowUnauthenticatedIdentities` is false), so the unauthenticated role is never used.',
      { related: [{ location: { uri: definition.uri, range: allowGuests?.range ?? definition.anchorRange }, message: 'Guest access is off here.' }] }));
  }

  if (!config.authenticated && rolesKnown) {
    const mapped = new Set(config.mappings.filter((m) => known(m.provider)).map((m) => m.provider.value));
    // A provider built at deployment (`${UserPool.ProviderName}:${Client}`) may stand for any provider of its shape.
    const symbolicProviders = config.mappings.filter((m) => m.provider.symbolic).map((m) => m.provider.value);
    const mayBeMapped = (key: string) => mapped.has(key) || symbolicProviders.some((pattern) => pattern === key || matchesWithPlaceholders(pattern, key));
    // With mappings computed at deployment, which providers lack one is unknown.
    if (!config.mappingsSymbolic) {
      for (const provider of registeredProviders(definition)) {
        if (provider.kind === 'saml') continue; // SAML roles can come from the assertion (spec 3.5).
        if (provider.source?.symbolic) continue;
        if (provider.mappingKey !== undefined && mayBeMapped(provider.mappingKey)) continue;
        const label = provider.kind === 'developer' ? 'Developer-authenticated users always get' : `Users who sign in with ${quote(provider.mappingKey ?? provider.loginKey)} get`;
        const because = provider.kind === 'developer' ? '' : ' (it has no role mapping)';
        out.push(makeDiagnostic('missing-authenticated-role', definition.uri, provider.source?.range ?? provider.range,
          `${label} the default authenticated role${because}, but the roles configuration sets no \`authenticated\` role, so they get InvalidIdentityPoolConfigurationException.`,
          { awsError: INVALID_CONFIGURATION, related: [{ location: { uri: config.uri, range: config.rolesRange ?? config.anchorRange }, message: 'The default roles, without `authenticated`.' }] }));
      }
    }
  }

  const classic = definition.allowClassicFlow;
  if (known(classic) && classic.value && (config.mappings.length > 0 || config.mappingsSymbolic)) {
    out.push(makeDiagnostic('classic-flow-with-role-mappings', definition.uri, classic.range,
      'The basic (classic) flow is on, but this pool has role mappings: AWS refuses GetOpenIdToken on such pools, so only the enhanced flow works and this setting has no use.',
      {
        awsError: { code: 'InvalidParameterException', message: 'Basic (classic) flow is not supported with RoleMappings, please use enhanced flow.' },
        related: [{ location: { uri: config.uri, range: config.mappingsRange ?? config.anchorRange }, message: 'The role mappings.' }],
      }));
  }
}

function span(from: Range, to: Range): Range {
  return { start: from.start, end: to.end };
}
