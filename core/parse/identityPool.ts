/**
 * Builds a pool definition from the CreateIdentityPool / DescribeIdentityPool shape (also the
 * `Properties` of a CloudFormation `AWS::Cognito::IdentityPool`, which uses the same member names).
 */
import type { CognitoProviderModel, LoginProviderModel, PoolDefinition, SourceValue } from '../model';
import { getProperty, type SyntaxNode } from '../syntax';
import { asObject, ValueReader } from './values';

export function readPoolDefinition(reader: ValueReader, node: SyntaxNode, uri: string): PoolDefinition {
  const name = reader.stringProp(node, 'IdentityPoolName');
  const definition: PoolDefinition = {
    uri,
    range: reader.range(node),
    anchorRange: name?.range ?? reader.range(node),
    name,
    allowUnauthenticatedIdentities: reader.booleanProp(node, 'AllowUnauthenticatedIdentities'),
    allowClassicFlow: reader.booleanProp(node, 'AllowClassicFlow'),
    developerProviderName: reader.stringProp(node, 'DeveloperProviderName'),
    cognitoProviders: [],
    supportedLoginProviders: [],
    openIdConnectProviderArns: readStringList(reader, getProperty(node, 'OpenIdConnectProviderARNs')?.value),
    samlProviderArns: readStringList(reader, getProperty(node, 'SamlProviderARNs')?.value),
  };

  const cognito = getProperty(node, 'CognitoIdentityProviders')?.value;
  if (cognito?.kind === 'array') {
    for (const item of cognito.items) {
      const provider: CognitoProviderModel = {
        range: reader.range(item),
        providerName: reader.stringProp(item, 'ProviderName'),
        clientId: reader.stringProp(item, 'ClientId'),
        serverSideTokenCheck: reader.booleanProp(item, 'ServerSideTokenCheck'),
      };
      definition.cognitoProviders.push(provider);
    }
  }

  const logins = asObject(getProperty(node, 'SupportedLoginProviders')?.value);
  if (logins) {
    logins.properties.forEach((property, i) => {
      const login: LoginProviderModel = {
        range: reader.range(property),
        provider: reader.key(logins, i),
        appId: reader.string(property.value),
      };
      definition.supportedLoginProviders.push(login);
    });
  }
  definition.providersUnknown = providerFieldsUnreadable(node, definition);
  return definition;
}

/** A provider field present but not a list/map (a CloudFormation `!If`, a `Ref` to a list parameter): its providers are unknown. */
function providerFieldsUnreadable(node: SyntaxNode, definition: PoolDefinition): boolean {
  const notA = (key: string, kind: 'array' | 'object') => {
    const value = getProperty(node, key)?.value;
    if (value === undefined) return false;
    if (value.kind !== kind) return true;
    return value.kind === 'object' && value.properties.length === 1 && /^(Fn::|Ref$)/.test(value.properties[0].key);
  };
  const developerUnread = getProperty(node, 'DeveloperProviderName') !== undefined && definition.developerProviderName === undefined;
  return (
    notA('CognitoIdentityProviders', 'array') ||
    notA('OpenIdConnectProviderARNs', 'array') ||
    notA('SamlProviderARNs', 'array') ||
    notA('SupportedLoginProviders', 'object') ||
    developerUnread
  );
}

function readStringList(reader: ValueReader, node: SyntaxNode | undefined): SourceValue[] {
  if (node?.kind !== 'array') return [];
  return node.items.map((item) => reader.string(item)).filter((v): v is SourceValue => v !== undefined);
}
