/**
 * Builds the role configuration from the SetIdentityPoolRoles shape (the `--cli-input-json` input,
 * identical to the `get-identity-pool-roles` output).
 */
import type { MappingRuleModel, RoleConfig, RoleConfigSource, RoleMappingModel } from '../model';
import { getProperty, type SyntaxNode } from '../syntax';
import { asObject, ValueReader } from './values';

export interface RoleConfigOptions {
  uri: string;
  source: RoleConfigSource;
  logicalId?: string;
  /** CloudFormation: a mapping's provider is `IdentityProvider` when present, else the key. */
  identityProviderField?: boolean;
}

export function readRoleConfig(reader: ValueReader, node: SyntaxNode, options: RoleConfigOptions): RoleConfig {
  const config: RoleConfig = {
    uri: options.uri,
    source: options.source,
    range: reader.range(node),
    anchorRange: reader.range(node),
    logicalId: options.logicalId,
    identityPoolId: reader.stringProp(node, 'IdentityPoolId'),
    mappings: [],
  };

  const rolesNode = getProperty(node, 'Roles')?.value;
  if (rolesNode) {
    config.rolesRange = reader.range(rolesNode);
    config.authenticated = reader.stringProp(rolesNode, 'authenticated');
    config.unauthenticated = reader.stringProp(rolesNode, 'unauthenticated');
  }

  const mappingsNode = getProperty(node, 'RoleMappings')?.value;
  if (mappingsNode) readMappings(reader, mappingsNode, config, options);
  return config;
}

/**
 * Builds the role configuration of a file that holds only the RoleMappings map (the AWS CLI's
 * `--role-mappings file://...` value): no IdentityPoolId, and default roles that are unknown.
 */
export function readRoleMappingsOnly(reader: ValueReader, node: SyntaxNode, uri: string): RoleConfig {
  const config: RoleConfig = { uri, source: 'role-mappings', range: reader.range(node), anchorRange: reader.range(node), mappings: [] };
  readMappings(reader, node, config, { uri, source: 'role-mappings' });
  return config;
}

function readMappings(reader: ValueReader, mappingsNode: SyntaxNode, config: RoleConfig, options: RoleConfigOptions): void {
  config.mappingsRange = reader.range(mappingsNode);
  const mappings = asObject(mappingsNode);
  if (!mappings) return;
  mappings.properties.forEach((property, i) => {
    if (property.value) config.mappings.push(readRoleMapping(reader, property.value, reader.key(mappings, i), options));
  });
}

function readRoleMapping(reader: ValueReader, node: SyntaxNode, key: RoleMappingModel['key'], options: RoleConfigOptions): RoleMappingModel {
  const identityProvider = options.identityProviderField ? reader.stringProp(node, 'IdentityProvider') : undefined;
  const mapping: RoleMappingModel = {
    range: reader.range(node),
    key,
    provider: identityProvider ?? key,
    type: reader.stringProp(node, 'Type'),
    ambiguousRoleResolution: reader.stringProp(node, 'AmbiguousRoleResolution'),
    rules: [],
  };
  const rulesConfiguration = getProperty(node, 'RulesConfiguration')?.value;
  if (rulesConfiguration) {
    mapping.rulesConfigurationRange = reader.range(rulesConfiguration);
    const rules = getProperty(rulesConfiguration, 'Rules')?.value;
    if (rules) {
      mapping.rulesRange = reader.range(rules);
      if (rules.kind === 'array') {
        rules.items.forEach((ruleNode, index) => mapping.rules.push(readRule(reader, ruleNode, index)));
      }
    }
  }
  return mapping;
}

function readRule(reader: ValueReader, node: SyntaxNode, index: number): MappingRuleModel {
  return {
    index,
    range: reader.range(node),
    claim: reader.stringProp(node, 'Claim'),
    matchType: reader.stringProp(node, 'MatchType'),
    value: reader.stringProp(node, 'Value'),
    roleArn: reader.stringProp(node, 'RoleARN'),
  };
}
