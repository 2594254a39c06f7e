/**
 * Template-only checks: shapes of the Cognito identity resources (CloudFormation property names,
 * intrinsic functions allowed), two role attachments for one pool, computed RoleMappings keys,
 * dangling references, and the trust policies of the roles each pool hands out. The format-neutral
 * semantic checks (checkPool) run on the same pools elsewhere and are not repeated here.
 */
import { makeDiagnostic, type CoreDiagnostic, type DiagnosticCode } from '../diagnostics';
import { roleConfigsOf, type IdentityPoolModel, type ModelDocument, type SourceValue } from '../model';
import { registeredProviders } from '../providers';
import { rangeKey, type Range } from '../positions';
import { BUNDLED_SCHEMAS, getSchema, registerSchema } from '../schema';
import { getValue, keyRange, nodeAtOffset, propertyKeyAtOffset, type ParsedText, type PropertyNode, type SyntaxNode } from '../syntax';
import { analyzeTrustPolicy, type TrustFinding } from '../trust';
import { INVALID_CONFIGURATION, INVALID_POOL_CONFIGURATION, INVALID_POOL_CONFIGURATION_MESSAGE } from '../api/awsErrors';
import { CFN_REQUIRED_PROPERTIES } from '../api/model';
import { missingRequired } from '../validate/ajvErrors';
import type { CheckDeclaration } from '../validate/checks/types';
import { validateShape } from '../validate/shape';
import { joinWords } from '../validate/text';
import { intrinsicOf, KNOWN_ATTRIBUTES } from './intrinsics';
import { collectReferences, type Reference } from './resolver';
import { serverlessVariablesIn } from './serverless';
import type { TemplateResource } from './templateIndex';
import type { HandedOutRole, TemplateInfo } from './template';

const USER_POOL_TYPE = 'AWS::Cognito::UserPool';
const USER_POOL_CLIENT_TYPE = 'AWS::Cognito::UserPoolClient';
const USER_POOL_GROUP_TYPE = 'AWS::Cognito::UserPoolGroup';

/** Schema ids of the Properties of each identity resource type (for the shape check, hover and completion). */
export const CFN_SCHEMA_IDS: Readonly<Record<string, string>> = {
  'AWS::Cognito::IdentityPool': 'cloudformation-identity-pool',
  'AWS::Cognito::IdentityPoolRoleAttachment': 'cloudformation-role-attachment',
  'AWS::Cognito::IdentityPoolPrincipalTag': 'cloudformation-principal-tag',
};

/**
 * Puts the bundled CloudFormation schemas back if a test replaced them. They are registered when
 * core/schema.ts loads; nothing in the core calls this.
 */
export function registerCloudFormationSchemas(): void {
  for (const id of Object.values(CFN_SCHEMA_IDS)) if (getSchema(id) !== BUNDLED_SCHEMAS[id]) registerSchema(id, BUNDLED_SCHEMAS[id]);
}

export const TEMPLATE_CHECKS = {
  id: 'cloudformation',
  emits: [
    'no-role-attachment',
    'duplicate-role-attachment',
    'intrinsic-mapping-key',
    'dangling-reference',
    'mappings-not-static',
    'parameter-default-used',
    'group-role-unused',
    'rule-on-user-writable-claim',
  ],
} as const satisfies CheckDeclaration;

const VIA_WORDS: Record<HandedOutRole['via'], string> = {
  authenticated: "as its authenticated (signed-in users') role",
  unauthenticated: 'as its unauthenticated (guest) role',
  rule: 'through a role-mapping rule',
  group: 'through a user pool group (Token mapping)',
  'custom-resource': 'through the custom resource that builds or sets its role mappings',
  'deploy-time-group': "as a user pool group's role, which users get if the role mappings set at deployment use Token",
};

export function checkTemplate(document: ModelDocument, info: TemplateInfo): CoreDiagnostic[] {
  const checker = new TemplateChecker(document, info);
  return checker.run();
}

class TemplateChecker {
  private readonly diagnostics: CoreDiagnostic[] = [];
  private readonly seen = new Set<string>();
  private readonly parsed: ParsedText;
  private readonly uri: string;

  constructor(
    document: ModelDocument,
    private readonly info: TemplateInfo,
  ) {
    this.parsed = document.parsed;
    this.uri = document.uri;
  }

  run(): CoreDiagnostic[] {
    const identityResources = [...this.info.index.resources.values()].filter((r) => r.type && CFN_SCHEMA_IDS[r.type]);
    for (const resource of identityResources) this.checkShape(resource);
    this.checkDuplicateAttachments();
    for (const attachment of this.info.attachments) this.checkMappingKeys(attachment.resource);
    for (const resource of identityResources) this.checkReferences(resource.properties);
    this.checkDeployTimeConfigurers();
    this.checkPoolsWithoutAttachment();
    this.checkGroupRoles();
    this.checkUserWritableClaims();
    this.checkTrustPolicies();
    this.noteDefaults();
    return this.diagnostics.sort(byPosition);
  }

  private add(diagnostic: CoreDiagnostic): void {
    const key = `${diagnostic.code}@${rangeKey(diagnostic.range)}@${diagnostic.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(diagnostic);
  }

  private range(node: { offset: number; length: number }): Range {
    return this.parsed.lines.rangeAt(node.offset, node.length);
  }

  private keyRange(property: PropertyNode): Range {
    return keyRange(this.parsed.lines, property);
  }

  // Shapes ---------------------------------------------------------------------------------------

  private checkShape(resource: TemplateResource): void {
    const schemaId = CFN_SCHEMA_IDS[resource.type!];
    const properties = resource.properties;
    if (!properties) {
      const missing = [...CFN_REQUIRED_PROPERTIES[resource.type!]];
      this.add(
        missingRequired(
          this.uri,
          this.keyRange(resource.property),
          `${resource.logicalId} (${resource.type}) has no Properties; it needs ${missing.map((m) => `\`${m}\``).join(' and ')}.`,
          missing,
        ),
      );
      return;
    }
    if (intrinsicOf(properties)) return;
    const diagnostics = validateShape(this.parsed, properties, schemaId, this.uri);
    for (const diagnostic of diagnostics) {
      // Serverless Framework variables (`${self:custom.x}`) are replaced before CloudFormation sees the value.
      if (this.info.index.serverless && this.isFrameworkVariable(diagnostic.range)) continue;
      if (isIntrinsicBranchDiagnostic(diagnostic) && !this.intrinsicBranchExplains(diagnostic, diagnostics)) continue;
      this.add(diagnostic);
    }
  }

  /**
   * Every field accepts "the value, or an intrinsic function" (`anyOf`). When an object fits neither,
   * ajv reports both branches; the intrinsic branch's complaint ("only an intrinsic function may stand
   * here", on each key) helps only for a one-key object where a plain value was expected (`{ref: X}`,
   * `{"Fn:GetAtt": ...}`), and only when the value's own schema found nothing more specific.
   */
  private intrinsicBranchExplains(diagnostic: CoreDiagnostic, all: readonly CoreDiagnostic[]): boolean {
    const offset = this.parsed.lines.offsetAt(diagnostic.range.start);
    const property = propertyWithKeyAt(this.parsed.root, offset);
    const object = property?.parent;
    if (!object || object.properties.length !== 1) return false;
    const start = object.property ? object.property.keyOffset : object.offset;
    const end = object.offset + object.length;
    return !all.some((other) => {
      if (other === diagnostic || isIntrinsicBranchDiagnostic(other)) return false;
      const at = this.parsed.lines.offsetAt(other.range.start);
      return at >= start && at <= end;
    });
  }

  private isFrameworkVariable(range: Range): boolean {
    const node = nodeAtOffset(this.parsed.root, this.parsed.lines.offsetAt(range.start));
    return node?.kind === 'string' && serverlessVariablesIn(node.value as string).length > 0;
  }

  // Two attachments --------------------------------------------------------------------------------

  private checkDuplicateAttachments(): void {
    const byPool = new Map<IdentityPoolModel, TemplateResource[]>();
    for (const attachment of this.info.attachments) {
      const list = byPool.get(attachment.pool) ?? [];
      list.push(attachment.resource);
      byPool.set(attachment.pool, list);
    }
    for (const [pool, resources] of byPool) {
      if (resources.length < 2) continue;
      const first = resources[0];
      for (const other of resources.slice(1)) {
        this.add(
          makeDiagnostic(
            'duplicate-role-attachment',
            this.uri,
            this.keyRange(other.property),
            `${other.logicalId} is a second role attachment for identity pool ${poolName(pool)}: each attachment replaces the pool's whole role configuration when deployed, so only the one CloudFormation applies last takes effect. Merge it into ${first.logicalId}.`,
            { related: [{ location: { uri: this.uri, range: this.keyRange(first.property) }, message: `The first role attachment for ${poolName(pool)}.` }] },
          ),
        );
      }
    }
  }

  // RoleMappings keys -----------------------------------------------------------------------------

  private checkMappingKeys(resource: TemplateResource): void {
    const mappings = getValue(resource.properties, 'RoleMappings');
    if (!mappings) return;
    const fn = intrinsicOf(mappings);
    if (fn) {
      if (fn.name === 'Fn::Sub' || fn.name === 'Fn::Join') {
        this.add(
          makeDiagnostic(
            'intrinsic-mapping-key',
            this.uri,
            this.range(mappings),
            `RoleMappings must be a map of role mappings, but ${fn.name} makes a string. CloudFormation cannot compute map keys: give each mapping a fixed key and build the provider in its IdentityProvider field.`,
          ),
        );
      } else {
        this.add(
          makeDiagnostic(
            'mappings-not-static',
            this.uri,
            this.range(mappings),
            `RoleMappings is computed at deployment (${fn.name}), so its mappings cannot be checked or simulated here; only the default roles are.`,
          ),
        );
      }
      return;
    }
    if (mappings.kind !== 'object') return;
    for (const property of mappings.properties) {
      const keyText = this.parsed.text.slice(property.keyOffset, property.keyOffset + property.keyLength);
      const tag = /^!(\w+)/.exec(keyText);
      if (tag) {
        this.add(
          makeDiagnostic(
            'intrinsic-mapping-key',
            this.uri,
            this.keyRange(property),
            `The key of this role mapping uses !${tag[1]}, but CloudFormation cannot compute map keys. Use a fixed key and move the provider into the mapping: IdentityProvider: ${keyText.replace(/\s+/g, ' ')}.`,
            { data: { suggestedKey: 'IdentityProvider' } },
          ),
        );
        continue;
      }
      const hasProvider = getValue(property.value, 'IdentityProvider') !== undefined;
      if (!hasProvider && /\$\{[^}]*\}/.test(property.key) && !this.info.index.fragment) {
        this.add(
          makeDiagnostic(
            'intrinsic-mapping-key',
            this.uri,
            this.keyRange(property),
            `CloudFormation does not substitute \${...} in map keys, so this mapping is for the provider literally named "${property.key}", which no pool registers. Use a fixed key and IdentityProvider: !Sub "${property.key}".`,
            { data: { suggestedKey: 'IdentityProvider' } },
          ),
        );
        continue;
      }
      if (property.value && intrinsicOf(property.value)) {
        this.add(
          makeDiagnostic(
            'mappings-not-static',
            this.uri,
            this.range(property.value),
            `The role mapping ${property.key} is computed at deployment (${intrinsicOf(property.value)!.name}), so it cannot be checked or simulated here.`,
          ),
        );
      }
    }
    const roles = getValue(resource.properties, 'Roles');
    const rolesFn = intrinsicOf(roles);
    if (roles && rolesFn) {
      this.add(
        makeDiagnostic(
          'mappings-not-static',
          this.uri,
          this.range(roles),
          `Roles is computed at deployment (${rolesFn.name}), so the default roles cannot be checked or simulated here.`,
        ),
      );
    }
  }

  // Roles and mappings applied at deploy time -----------------------------------------------------

  private checkDeployTimeConfigurers(): void {
    for (const { configurer, pools } of this.info.deployTime) {
      const which =
        pools.length === 0
          ? 'an identity pool defined elsewhere'
          : joinWords(
              pools.map((p) => this.poolDescription(p)),
              'and',
            );
      const attached = pools.some((p) => p.roleConfig) ? " What the template's role attachment says may be replaced." : '';
      this.add(
        makeDiagnostic(
          'mappings-not-static',
          this.uri,
          configurer.range,
          `The ${configurer.how} the roles and role mappings of ${which} while the stack deploys; they cannot be checked or simulated here.${attached}`,
        ),
      );
    }
  }

  /** `identity pool IdentityPool`, or for a pool defined elsewhere how the template names it (`the identity pool of parameter X`). */
  private poolDescription(pool: IdentityPoolModel): string {
    if (this.info.poolResources.get(pool)) return `identity pool ${poolName(pool)}`;
    const fn = intrinsicOf(pool.identityPoolId?.node);
    if (fn?.name === 'Ref' && fn.argument?.kind === 'string' && this.info.index.parameters.has(fn.argument.value as string))
      return `the identity pool of parameter ${fn.argument.value}`;
    return `identity pool ${pool.identityPoolId?.value ?? poolName(pool)}`;
  }

  // Pools without a role attachment ----------------------------------------------------------------

  /** A pool with login providers and no attachment (nor anything setting roles at deploy time): every sign-in fails. */
  private checkPoolsWithoutAttachment(): void {
    // A Serverless Framework resources file may leave the attachment to another file of the stack.
    if (this.info.index.fragment) return;
    for (const [pool, resource] of this.info.poolResources) {
      const definition = pool.definition;
      if (!resource || !definition || pool.roleConfig || pool.extraRoleConfigs?.length || pool.deployTimeRoleConfig?.length) continue;
      // SAML users can get roles from the assertion without any pool role (AWS docs: SAML identity providers, "Role-based access control").
      const providers = registeredProviders(definition).filter((p) => p.kind !== 'saml');
      if (providers.length === 0) continue;
      const guests = definition.allowUnauthenticatedIdentities;
      const alsoGuests = guests && !guests.symbolic && guests.value ? ' (and every guest)' : '';
      const elsewhere = ' If the roles are set outside CloudFormation (console, CLI), the template does not show them.';
      this.add(
        makeDiagnostic(
          'no-role-attachment',
          this.uri,
          definition.anchorRange,
          `Identity pool ${poolName(pool)} has login providers but no AWS::Cognito::IdentityPoolRoleAttachment gives it roles, so every sign-in${alsoGuests} fails with InvalidIdentityPoolConfigurationException.${elsewhere}`,
          {
            awsError: INVALID_CONFIGURATION,
            related: providers
              .slice(0, 3)
              .map((p) => ({ location: { uri: this.uri, range: p.source?.range ?? p.range }, message: `A login provider of ${poolName(pool)}.` })),
          },
        ),
      );
    }
  }

  // Group roles that no Token mapping hands out ----------------------------------------------------

  private checkGroupRoles(): void {
    const { index, reader } = this.info;
    for (const group of index.resourcesOfType(USER_POOL_GROUP_TYPE)) {
      const roleArn = reader.stringProp(group.properties, 'RoleArn');
      const userPoolNode = getValue(group.properties, 'UserPoolId');
      const userPool = userPoolNode ? reader.resolve(userPoolNode).target?.logicalId : undefined;
      if (!roleArn || !userPool || index.resources.get(userPool)?.type !== USER_POOL_TYPE) continue;
      const pools = [...this.info.poolResources.keys()].filter((pool) =>
        pool.definition?.cognitoProviders.some((p) => userPoolOf(p.providerName?.value) === userPool),
      );
      // The pools using this user pool are elsewhere, or their mappings are not known here.
      if (pools.length === 0 || pools.some((pool) => !mappingsKnown(pool))) continue;
      const mappingsFor = pools
        .flatMap((pool) => roleConfigsOf(pool).flatMap((c) => c.mappings))
        .filter((m) => userPoolOf(m.provider.value, true) === userPool);
      if (mappingsFor.some((m) => m.type?.value === 'Token')) continue;
      const sameRoleByRule = pools.some((pool) =>
        roleConfigsOf(pool).some((c) =>
          [c.authenticated, ...c.mappings.flatMap((m) => m.rules.map((r) => r.roleArn))].some((v) => v !== undefined && v.value === roleArn.value),
        ),
      );
      const how =
        mappingsFor.length === 0
          ? `${joinWords(
              pools.map((p) => poolName(p)),
              'and',
            )} has no role mapping for user pool ${userPool}`
          : `the role mapping${mappingsFor.length > 1 ? 's' : ''} for user pool ${userPool} use${mappingsFor.length > 1 ? '' : 's'} Type ${joinWords([...new Set(mappingsFor.map((m) => m.type?.value ?? '(none)'))], 'and')}, not Token`;
      this.add(
        makeDiagnostic(
          'group-role-unused',
          this.uri,
          roleArn.range,
          `Group ${group.logicalId}'s role is never handed out by the identity pool in the enhanced flow: ${how}, and a group's role reaches users only through cognito:roles with a \`Type: Token\` mapping. Only the basic (classic) flow, where the app calls AssumeRoleWithWebIdentity with a role of its choice, could use it.${sameRoleByRule ? ' The pool hands out the same role another way, so only this RoleArn is unused.' : ''}`,
          {
            ...(sameRoleByRule ? { severity: 'info' as const } : {}),
            related: mappingsFor.length
              ? mappingsFor.map((m) => ({ location: { uri: this.uri, range: m.type?.range ?? m.range }, message: 'This mapping does not read cognito:roles.' }))
              : pools.map((p) => ({
                  location: { uri: this.uri, range: p.definition!.anchorRange },
                  message: `Identity pool ${poolName(p)} uses user pool ${userPool}.`,
                })),
          },
        ),
      );
    }
  }

  // Rules on claims users can change -----------------------------------------------------------------

  /**
   * A rule on a `custom:` attribute of a user pool in this template that is mutable and that an app client
   * may write: every user can give themselves the rule's role with UpdateUserAttributes (AWS: "only map
   * claims users cannot change themselves"). Said nothing when the user pool or its clients are elsewhere.
   */
  private checkUserWritableClaims(): void {
    const { index, reader } = this.info;
    for (const attachment of this.info.attachments) {
      for (const mapping of attachment.config.mappings) {
        const userPool = userPoolOf(mapping.provider.value, true);
        const userPoolResource = userPool ? index.resources.get(userPool) : undefined;
        if (!userPool || userPoolResource?.type !== USER_POOL_TYPE || mapping.type?.value !== 'Rules') continue;
        for (const rule of mapping.rules) {
          const claim = rule.claim;
          if (!claim || claim.symbolic || !claim.value.startsWith('custom:')) continue;
          const attribute = schemaAttribute(userPoolResource.properties, claim.value);
          if (!attribute) continue;
          const mutable = getValue(attribute, 'Mutable');
          const developerOnly = getValue(attribute, 'DeveloperOnlyAttribute');
          if (isFalse(mutable) === undefined || isFalse(mutable) || isTrue(developerOnly) !== false) continue;
          // Any client a user can sign in with (one without a secret) issues the access token UpdateUserAttributes takes,
          // and that client's WriteAttributes decide, whichever client the role mapping names.
          const writers = index.resourcesOfType(USER_POOL_CLIENT_TYPE).flatMap((client) => {
            const clientPoolNode = getValue(client.properties, 'UserPoolId');
            if (!clientPoolNode || reader.resolve(clientPoolNode).target?.logicalId !== userPool) return [];
            if (isTrue(getValue(client.properties, 'GenerateSecret')) !== false) return [];
            const write = getValue(client.properties, 'WriteAttributes');
            if (!write) return [{ client, listed: false }];
            if (write.kind !== 'array') return [];
            return write.items.some((item) => item.kind === 'string' && item.value === claim.value) ? [{ client, listed: true }] : [];
          });
          if (writers.length === 0) continue;
          const listed = writers.filter((w) => w.listed).map((w) => w.client.logicalId);
          const unset = writers.filter((w) => !w.listed).map((w) => w.client.logicalId);
          const who = [
            listed.length ? `app client ${joinWords(listed, 'and')} lists it in WriteAttributes` : '',
            unset.length
              ? `app client ${joinWords(unset, 'and')} sets no WriteAttributes (AWS documents that such a client writes the standard attributes; it has been reported to write every attribute, custom ones included)`
              : '',
          ]
            .filter(Boolean)
            .join(', and ');
          const role = rule.roleArn ? ` role ${rule.roleArn.value}` : ' its role';
          // Only a client that lists the attribute is sure to let users write it; without WriteAttributes the sources disagree.
          const sure = listed.length > 0;
          this.add(
            makeDiagnostic(
              'rule-on-user-writable-claim',
              this.uri,
              claim.range,
              `Rules[${rule.index}] hands out${role} on \`${claim.value}\`, which users ${sure ? 'can' : 'may be able to'} change themselves: ${claim.value} is a mutable attribute of user pool ${userPool}${mutable ? '' : ' (Mutable is not set; that the default is mutable is assumed)'} and ${who}. ${sure ? 'Any user can' : 'If so, any user can'} give themselves this role with UpdateUserAttributes. Make the attribute immutable (Mutable: false), remove it from the app client's WriteAttributes, or map on cognito:groups instead.`,
              {
                ...(sure ? {} : { severity: 'info' as const }),
                related: [{ location: { uri: this.uri, range: reader.range(attribute) }, message: `The schema of ${claim.value}.` }],
              },
            ),
          );
        }
      }
    }
  }

  // References -----------------------------------------------------------------------------------

  private checkReferences(node: SyntaxNode | undefined): void {
    const index = this.info.index;
    for (const reference of collectReferences(this.info.resolver, node)) {
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
      this.add(
        makeDiagnostic(
          'dangling-reference',
          this.uri,
          this.referenceRange(reference),
          fragment
            ? `${message}; if another file of the same stack defines it (a Serverless Framework resources file), ignore this.`
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
  private referenceRange(reference: Reference): Range {
    const node = reference.node;
    if (reference.inSub && node.kind === 'string') {
      const source = this.parsed.text.slice(node.offset, node.offset + node.length);
      const name = reference.attribute ? `${reference.logicalId}.${reference.attribute}` : reference.logicalId;
      const at = source.indexOf(`\${${name}}`);
      if (at >= 0) return this.parsed.lines.rangeAt(node.offset + at, name.length + 3);
    }
    return this.range(node);
  }

  // Trust policies -------------------------------------------------------------------------------

  private checkTrustPolicies(): void {
    for (const [pool, handedOut] of this.info.handedOut) {
      const done = new Set<string>();
      for (const use of handedOut) {
        const id = `${use.role.logicalId}/${use.usage}`;
        if (done.has(id)) continue;
        done.add(id);
        this.checkReferences(use.role.trustPolicy);
        const analysis = analyzeTrustPolicy(use.role, pool, use.usage, { resolver: this.info.resolver, lines: this.parsed.lines });
        for (const finding of analysis.findings) this.addTrustFinding(finding, pool, use);
      }
    }
  }

  private addTrustFinding(finding: TrustFinding, pool: IdentityPoolModel, use: HandedOutRole): void {
    const code = finding.code as DiagnosticCode;
    const severity = !finding.blocking && (code === 'trust-condition-key-typo' || code === 'trust-wrong-principal') ? 'warning' : undefined;
    const prefix = finding.blocking
      ? `Identity pool ${poolName(pool)} cannot hand out role ${use.role.logicalId} (${use.usage} identities): `
      : `Role ${use.role.logicalId} (handed out by identity pool ${poolName(pool)}): `;
    const suffix = finding.blocking ? ` Cognito answers ${INVALID_POOL_CONFIGURATION} "${INVALID_POOL_CONFIGURATION_MESSAGE}"` : '';
    this.add(
      makeDiagnostic(code, this.uri, finding.range, `${prefix}${finding.message}${suffix}`, {
        ...(severity ? { severity } : {}),
        related: [
          {
            location: { uri: this.uri, range: use.source.range },
            message: `Identity pool ${poolName(pool)} hands out ${use.role.logicalId} here, ${VIA_WORDS[use.via]}.`,
          },
        ],
      }),
    );
  }

  // Parameter defaults ---------------------------------------------------------------------------

  /** Hints where a checked value came from a parameter default: only for values of the pools' model. */
  private noteDefaults(): void {
    const relevant = new Set<SyntaxNode>();
    const add = (value: { node?: SyntaxNode } | undefined) => {
      if (value?.node) relevant.add(value.node);
    };
    for (const [pool, handedOut] of this.info.handedOut) {
      forEachSourceValue(pool, add);
      for (const use of handedOut) add(use.role.roleName);
    }
    // One hint per parameter, at its first use, so a stack that names everything after `${AppName}` gets one line.
    const uses = new Map<string, { first: SyntaxNode; count: number; value: string }>();
    for (const [node, resolved] of this.info.reader.resolutions) {
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
      this.add(
        makeDiagnostic(
          'parameter-default-used',
          this.uri,
          this.range(first),
          `Checked with the default of parameter ${parameter} ("${value}")${elsewhere}; a deployment may pass another value.`,
        ),
      );
    }
  }
}

/** Marker text of the Intrinsic definition's pattern message in schemas/cloudformation-*.schema.json. */
const INTRINSIC_BRANCH_MARKER = 'an intrinsic function (ref, fn::getatt';

function isIntrinsicBranchDiagnostic(diagnostic: CoreDiagnostic): boolean {
  return diagnostic.message.toLowerCase().includes(INTRINSIC_BRANCH_MARKER);
}

function propertyWithKeyAt(root: SyntaxNode | undefined, offset: number): PropertyNode | undefined {
  const property = propertyKeyAtOffset(root, offset);
  return property && property.keyOffset === offset ? property : undefined;
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

/** The logical id of the user pool a provider name or mapping key names (`cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}[:client]`). */
function userPoolOf(provider: string | undefined, withClient = false): string | undefined {
  if (!provider) return undefined;
  const match = (withClient ? /amazonaws\.com\/\$\{([^}.:]+)\}:/ : /amazonaws\.com\/\$\{([^}.:]+)\}$/).exec(provider);
  return match?.[1];
}

/** Whether the template shows all of a pool's role mappings (none computed or set at deploy time, every provider's user pool and every type known). */
function mappingsKnown(pool: IdentityPoolModel): boolean {
  if (pool.deployTimeRoleConfig?.length) return false;
  // A provider built from something other than a user pool of this template (a parameter) may be any user pool's.
  return roleConfigsOf(pool).every(
    (c) => !c.mappingsSymbolic && c.mappings.every((m) => !m.type?.symbolic && (!m.provider.symbolic || userPoolOf(m.provider.value, true) !== undefined)),
  );
}

/** The `Schema` entry of a user pool for a claim (`custom:tier` is the attribute `tier` or `custom:tier`). */
function schemaAttribute(userPoolProperties: SyntaxNode | undefined, claim: string): SyntaxNode | undefined {
  const schema = getValue(userPoolProperties, 'Schema');
  if (schema?.kind !== 'array') return undefined;
  const name = claim.slice('custom:'.length);
  return schema.items.find((attribute) => {
    const value = getValue(attribute, 'Name');
    return value?.kind === 'string' && (value.value === name || value.value === claim);
  });
}

/** true/false for a boolean (or "true"/"false") node; undefined for anything else (an intrinsic). Absent is not false. */
function isFalse(node: SyntaxNode | undefined): boolean | undefined {
  if (!node) return false;
  const text = node.kind === 'boolean' || node.kind === 'string' ? String(node.value).toLowerCase() : undefined;
  return text === 'false' ? true : text === 'true' ? false : undefined;
}

function isTrue(node: SyntaxNode | undefined): boolean | undefined {
  const falsy = isFalse(node);
  return falsy === undefined ? undefined : node !== undefined && !falsy;
}

function poolName(pool: IdentityPoolModel): string {
  return pool.logicalId ?? pool.label;
}

function byPosition(a: CoreDiagnostic, b: CoreDiagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code);
}
