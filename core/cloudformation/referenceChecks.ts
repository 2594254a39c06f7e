/** Template checks of references (dangling ones), the trust policies of the roles each pool hands out, and parameter defaults used. */
import { makeDiagnostic, type DiagnosticCode } from '../diagnostics';
import { roleConfigsOf, type IdentityPoolModel, type SourceValue } from '../model';
import type { Range } from '../positions';
import type { SyntaxNode } from '../syntax';
import { analyzeTrustPolicy, type TrustFinding } from '../trust';
import { INVALID_POOL_CONFIGURATION, INVALID_POOL_CONFIGURATION_MESSAGE } from '../api/awsErrors';
import { KNOWN_ATTRIBUTES } from './intrinsics';
import { collectReferences, type Reference } from './resolver';
import type { HandedOutRole } from './template';
import { poolName, type TemplateCheckContext } from './checkContext';
import type { CheckDeclaration } from '../validate/checks/types';

/** The codes the reference and parameter-default checks emit (trust findings are TRUST_POLICY_CHECKS' codes). */
export const REFERENCE_CHECKS = {
  id: 'cloudformation-references',
  emits: ['dangling-reference', 'parameter-default-used'],
} as const satisfies CheckDeclaration;

const VIA_WORDS: Record<HandedOutRole['via'], string> = {
  authenticated: "as its authenticated (signed-in users') role",
  unauthenticated: 'as its unauthenticated (guest) role',
  rule: 'through a role-mapping rule',
  group: 'through a user pool group (Token mapping)',
  'custom-resource': 'through the custom resource that builds or sets its role mappings',
  'deploy-time-group': "as a user pool group's role, which users get if the role mappings set at deployment use Token",
};

// References -----------------------------------------------------------------------------------

export function checkReferences(ctx: TemplateCheckContext, node: SyntaxNode | undefined): void {
  const index = ctx.info.index;
  for (const reference of collectReferences(ctx.info.resolver, node)) {
    const { logicalId, attribute } = reference;
    let message: string | undefined;
    const resource = index.resources.get(logicalId);
    const isGetAtt = attribute !== undefined;
    if (!index.exists(logicalId)) {
      message = `${logicalId} is not a resource or parameter of this template`;
    } else if (isGetAtt && index.parameters.has(logicalId)) {
      message = `${logicalId} is a parameter; Fn::GetAtt only reads attributes of resources (use Ref)`;
    } else if (isGetAtt && resource?.type && KNOWN_ATTRIBUTES[resource.type] && !KNOWN_ATTRIBUTES[resource.type].includes(attribute)) {
      const known = KNOWN_ATTRIBUTES[resource.type];
      message = `${resource.type} ${logicalId} has no attribute ${attribute}${known.length ? ` (it has ${known.join(', ')})` : ''}`;
    }
    if (!message) continue;
    const fragment = index.fragment;
    ctx.add(
      makeDiagnostic(
        'dangling-reference',
        ctx.uri,
        referenceRange(ctx, reference),
        fragment
          ? `${message}; if another file of the same stack defines it (a Serverless Framework resources file), ignore ctx.`
          : `${message}, so CloudFormation refuses to deploy the template.`,
        fragment
          ? { severity: 'warning' }
          : {
              awsError: {
                code: 'ValidationError',
                message: `Template format error: Unresolved resource dependencies [${logicalId}] in the Resources block of the template`,
                assumed: true,
              },
            },
      ),
    );
  }
}

/** The `${Name}` inside an Fn::Sub string when it can be found, else the whole reference. */
export function referenceRange(ctx: TemplateCheckContext, reference: Reference): Range {
  const node = reference.node;
  if (reference.inSub && node.kind === 'string') {
    const source = ctx.parsed.text.slice(node.offset, node.offset + node.length);
    const name = reference.attribute ? `${reference.logicalId}.${reference.attribute}` : reference.logicalId;
    const at = source.indexOf(`\${${name}}`);
    if (at >= 0) return ctx.parsed.lines.rangeAt(node.offset + at, name.length + 3);
  }
  return ctx.range(node);
}

// Trust policies -------------------------------------------------------------------------------

export function checkTrustPolicies(ctx: TemplateCheckContext): void {
  for (const [pool, handedOut] of ctx.info.handedOut) {
    const done = new Set<string>();
    for (const use of handedOut) {
      const id = `${use.role.logicalId}/${use.usage}`;
      if (done.has(id)) continue;
      done.add(id);
      checkReferences(ctx, use.role.trustPolicy);
      const analysis = analyzeTrustPolicy(use.role, pool, use.usage, { resolver: ctx.info.resolver, lines: ctx.parsed.lines });
      for (const finding of analysis.findings) addTrustFinding(ctx, finding, pool, use);
    }
  }
}

export function addTrustFinding(ctx: TemplateCheckContext, finding: TrustFinding, pool: IdentityPoolModel, use: HandedOutRole): void {
  const code = finding.code as DiagnosticCode;
  const severity = !finding.blocking && (code === 'trust-condition-key-typo' || code === 'trust-wrong-principal') ? 'warning' : undefined;
  const prefix = finding.blocking
    ? `Identity pool ${poolName(pool)} cannot hand out role ${use.role.logicalId} (${use.usage} identities): `
    : `Role ${use.role.logicalId} (handed out by identity pool ${poolName(pool)}): `;
  const suffix = finding.blocking ? ` Cognito answers ${INVALID_POOL_CONFIGURATION} "${INVALID_POOL_CONFIGURATION_MESSAGE}"` : '';
  ctx.add(
    makeDiagnostic(code, ctx.uri, finding.range, `${prefix}${finding.message}${suffix}`, {
      ...(severity ? { severity } : {}),
      related: [
        {
          location: { uri: ctx.uri, range: use.source.range },
          message: `Identity pool ${poolName(pool)} hands out ${use.role.logicalId} here, ${VIA_WORDS[use.via]}.`,
        },
      ],
    }),
  );
}

// Parameter defaults ---------------------------------------------------------------------------

/** Hints where a checked value came from a parameter default: only for values of the pools' model. */
export function noteDefaults(ctx: TemplateCheckContext): void {
  const relevant = new Set<SyntaxNode>();
  const add = (value: { node?: SyntaxNode } | undefined) => {
    if (value?.node) relevant.add(value.node);
  };
  for (const [pool, handedOut] of ctx.info.handedOut) {
    forEachSourceValue(pool, add);
    for (const use of handedOut) add(use.role.roleName);
  }
  // One hint per parameter, at its first use, so a stack that names everything after `${AppName}` gets one line.
  const uses = new Map<string, { first: SyntaxNode; count: number; value: string }>();
  for (const [node, resolved] of ctx.info.reader.resolutions) {
    if (!relevant.has(node)) continue;
    for (const used of resolved.defaults) {
      const value = used.node.kind === 'string' || used.node.kind === 'number' || used.node.kind === 'boolean' ? String(used.node.value) : 'its default';
      const entry = uses.get(used.parameter);
      if (!entry) uses.set(used.parameter, { first: node, count: 1, value });
      else {
        entry.count++;
        if (node.offset < entry.first.offset) entry.first = node;
      }
    }
  }
  for (const [parameter, { first, count, value }] of uses) {
    const elsewhere = count > 1 ? ` (here and in ${count - 1} other place${count > 2 ? 's' : ''})` : '';
    ctx.add(
      makeDiagnostic(
        'parameter-default-used',
        ctx.uri,
        ctx.range(first),
        `Checked with the default of parameter ${parameter} ("${value}")${elsewhere}; a deployment may pass another value.`,
      ),
    );
  }
}

/** Every value read into a pool's model (definition, role configs, principal tags). */
function forEachSourceValue(pool: IdentityPoolModel, visit: (value: SourceValue<unknown> | undefined) => void): void {
  const definition = pool.definition;
  if (definition) {
    [definition.name, definition.allowUnauthenticatedIdentities, definition.allowClassicFlow, definition.developerProviderName].forEach(visit);
    for (const provider of definition.cognitoProviders) [provider.providerName, provider.clientId, provider.serverSideTokenCheck].forEach(visit);
    for (const login of definition.supportedLoginProviders) [login.provider, login.appId].forEach(visit);
    [...definition.openIdConnectProviderArns, ...definition.samlProviderArns].forEach(visit);
  }
  for (const config of roleConfigsOf(pool)) {
    [config.identityPoolId, config.authenticated, config.unauthenticated].forEach(visit);
    for (const mapping of config.mappings) {
      [mapping.provider, mapping.type, mapping.ambiguousRoleResolution].forEach(visit);
      for (const rule of mapping.rules) [rule.claim, rule.matchType, rule.value, rule.roleArn].forEach(visit);
    }
  }
  for (const tags of pool.principalTags ?? []) {
    [tags.identityProviderName, tags.useDefaults].forEach(visit);
    for (const tag of tags.tags) visit(tag.claim);
  }
}
