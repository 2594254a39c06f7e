/**
 * Mistakes real files make: a pool with providers and no roles, an authenticated role nobody can sign in
 * for, a group role no Token mapping hands out, rules on attributes users can change themselves, and
 * malformed OIDC/SAML provider ARNs. Exact codes, ranges and the words that matter in each message.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from '../../core/documents';
import type { ModelDocument } from '../../core/model';
import { checkDocuments } from '../../core/validate/index';
import { at, loadFixture, parseInline, rangeOf, summary } from './cfn-fixtures';

function diagnosticsOf(document: ModelDocument) {
  return checkDocuments([document]).get(document.uri) ?? [];
}

describe('pool-roles-mistakes-broken.yaml', () => {
  const { text, document } = loadFixture('pool-roles-mistakes-broken.yaml');
  const diagnostics = diagnosticsOf(document);
  const only = (code: string) => {
    const found = diagnostics.filter((d) => d.code === code);
    assert.equal(found.length, 1, `one ${code}: ${found.map((d) => d.message).join(' | ')}`);
    return found[0];
  };

  it('finds exactly these problems', () => {
    assert.deepEqual(summary(diagnostics), [
      at('no-role-attachment', rangeOf(text, 'StudentsIdentityPool')),
      at('pattern-mismatch', rangeOf(text, 'arn:aws:iam::12345678901:oidc-provider/login.school.example')),
      at('authenticated-role-without-providers', rangeOf(text, 'arn:aws:iam::123456789012:role/teachers')),
      at('pattern-mismatch', rangeOf(text, 'arn:aws:iam::123456789012:saml/SchoolAD')),
      at('group-role-unused', rangeOf(text, 'arn:aws:iam::123456789012:role/mentors')),
    ]);
  });

  it('no-role-attachment: every sign-in (and guest) fails, with the AWS error, pointing at the providers', () => {
    const d = only('no-role-attachment');
    assert.equal(d.severity, 'warning');
    assert.match(
      d.message,
      /^Identity pool StudentsIdentityPool has login providers but no AWS::Cognito::IdentityPoolRoleAttachment gives it roles, so every sign-in \(and every guest\) fails with InvalidIdentityPoolConfigurationException\./,
    );
    assert.deepEqual(d.awsError, {
      code: 'InvalidIdentityPoolConfigurationException',
      message: 'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
    });
    assert.deepEqual(
      d.related?.map((r) => r.location.range),
      [rangeOf(text, '!GetAtt StudentsUserPool.ProviderName'), rangeOf(text, 'arn:aws:iam::12345678901:oidc-provider/login.school.example')],
    );
  });

  it('a SAML-only pool without an attachment is fine: its users get roles from the assertion', () => {
    assert.ok(!diagnostics.some((d) => d.code === 'no-role-attachment' && d.message.includes('StaffIdentityPool')));
  });

  it('authenticated-role-without-providers names the pool and the role', () => {
    const d = only('authenticated-role-without-providers');
    assert.equal(
      d.message,
      'Identity pool TeachersIdentityPool has no login provider (no user pool, social, OpenID Connect, SAML or developer provider), so nobody can sign in to it and its authenticated role arn:aws:iam::123456789012:role/teachers is never handed out; register the provider the role is meant for, or remove the role.',
    );
    assert.deepEqual(d.related?.[0].location.range, rangeOf(text, 'TeachersIdentityPool'));
  });

  it('malformed provider ARNs: a pattern from the IAM ARN format, without a claimed AWS response', () => {
    for (const d of diagnostics.filter((x) => x.code === 'pattern-mismatch')) {
      assert.equal(d.awsError, undefined, 'the API model has no pattern for these ARNs, so the AWS answer is unknown');
      assert.match(d.message, /12-digit account ID/);
    }
  });

  it('group-role-unused says why and names the basic-flow exception', () => {
    const d = only('group-role-unused');
    assert.equal(d.severity, 'warning');
    assert.equal(
      d.message,
      "Group MentorsGroup's role is never handed out by the identity pool in the enhanced flow: the role mapping for user pool TutorsUserPool uses Type Rules, not Token, and a group's role reaches users only through cognito:roles with a `Type: Token` mapping. Only the basic (classic) flow, where the app calls AssumeRoleWithWebIdentity with a role of its choice, could use it.",
    );
    assert.deepEqual(
      d.related?.map((r) => r.location.range),
      [rangeOf(text, 'Rules', '        tutors:')],
    );
  });
});

describe('group roles', () => {
  const template = (mapping: string[], groupRole = 'arn:aws:iam::123456789012:role/mentors') =>
    [
      'Resources:',
      '  Tutors:',
      '    Type: AWS::Cognito::UserPool',
      '  Client:',
      '    Type: AWS::Cognito::UserPoolClient',
      '    Properties: {UserPoolId: !Ref Tutors}',
      '  Mentors:',
      '    Type: AWS::Cognito::UserPoolGroup',
      '    Properties:',
      '      UserPoolId: !Ref Tutors',
      `      RoleArn: ${groupRole}`,
      '  Pool:',
      '    Type: AWS::Cognito::IdentityPool',
      '    Properties:',
      '      AllowUnauthenticatedIdentities: false',
      '      CognitoIdentityProviders:',
      '        - {ClientId: !Ref Client, ProviderName: !GetAtt Tutors.ProviderName}',
      '  Roles:',
      '    Type: AWS::Cognito::IdentityPoolRoleAttachment',
      '    Properties:',
      '      IdentityPoolId: !Ref Pool',
      '      Roles: {authenticated: arn:aws:iam::123456789012:role/tutors}',
      ...mapping,
    ].join('\n');

  it('a Token mapping for the user pool hands the group role out', () => {
    const { document } = parseInline(
      template([
        '      RoleMappings:',
        '        tutors: {IdentityProvider: !Sub "${Tutors.ProviderName}:${Client}", Type: Token, AmbiguousRoleResolution: AuthenticatedRole}',
      ]),
    );
    assert.deepEqual(summary(diagnosticsOf(document)), []);
  });

  it('no mapping at all: the default role only', () => {
    const { text, document } = parseInline(template([]));
    const diagnostics = diagnosticsOf(document);
    assert.deepEqual(summary(diagnostics), [at('group-role-unused', rangeOf(text, 'arn:aws:iam::123456789012:role/mentors'))]);
    assert.match(diagnostics[0].message, /: Pool has no role mapping for user pool Tutors, and a group's role/);
  });

  it('a rule that hands out the same role makes it an info: only the RoleArn is unused', () => {
    const { text, document } = parseInline(
      template([
        '      RoleMappings:',
        '        tutors:',
        '          IdentityProvider: !Sub "${Tutors.ProviderName}:${Client}"',
        '          Type: Rules',
        '          AmbiguousRoleResolution: Deny',
        '          RulesConfiguration:',
        '            Rules: [{Claim: "cognito:groups", MatchType: Equals, Value: mentors, RoleARN: arn:aws:iam::123456789012:role/mentors}]',
      ]),
    );
    const found = diagnosticsOf(document).filter((d) => d.code === 'group-role-unused');
    assert.deepEqual(summary(found), [at('group-role-unused', rangeOf(text, 'arn:aws:iam::123456789012:role/mentors'))]);
    assert.equal(found[0].severity, 'info');
    assert.match(found[0].message, /The pool hands out the same role another way, so only this RoleArn is unused\.$/);
  });

  it('says nothing when the pool using the user pool is in another template, or its mappings are computed', () => {
    const elsewhere = parseInline(
      [
        'Resources:',
        '  Tutors:',
        '    Type: AWS::Cognito::UserPool',
        '  Mentors:',
        '    Type: AWS::Cognito::UserPoolGroup',
        '    Properties: {UserPoolId: !Ref Tutors, RoleArn: arn:aws:iam::123456789012:role/mentors}',
      ].join('\n'),
    );
    assert.deepEqual(diagnosticsOf(elsewhere.document), []);
    const computed = parseInline(
      template([
        '      RoleMappings: !GetAtt Builder.RoleMapping',
        '  Builder:',
        '    Type: Custom::Builder',
        '    Properties: {ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:b}',
      ]),
    );
    assert.ok(!diagnosticsOf(computed.document).some((d) => d.code === 'group-role-unused'));
    const fromParameter = parseInline(
      [
        'Parameters:',
        '  TutorsProvider: {Type: String}',
        template(['      RoleMappings:', '        tutors: {IdentityProvider: !Sub "${TutorsProvider}:${Client}", Type: Token, AmbiguousRoleResolution: Deny}']),
      ].join('\n'),
    );
    assert.ok(
      !diagnosticsOf(fromParameter.document).some((d) => d.code === 'group-role-unused'),
      'a mapping whose provider is a parameter may be the Token mapping for this user pool',
    );
  });
});

describe('rules on claims users can change (writable-claims-broken.yaml)', () => {
  const { text, document } = loadFixture('writable-claims-broken.yaml');
  const diagnostics = diagnosticsOf(document).filter((d) => d.code === 'rule-on-user-writable-claim');

  it('warns on the attribute a client lists in WriteAttributes, notes the one only a client without WriteAttributes may write, and spares immutable, developer-only and unknown attributes', () => {
    assert.deepEqual(summary(diagnostics), [
      at('rule-on-user-writable-claim', rangeOf(text, 'custom:tier', '        web:')),
      at('rule-on-user-writable-claim', rangeOf(text, 'custom:partner', '        web:')),
    ]);
    assert.deepEqual(
      diagnostics.map((d) => d.severity),
      ['warning', 'info'],
    );
  });

  it('names the attribute, the clients and the three fixes', () => {
    const [tier, partner] = diagnostics;
    assert.match(
      tier.message,
      /^Rules\[0\] hands out role arn:aws:iam::123456789012:role\/premium on `custom:tier`, which users can change themselves: custom:tier is a mutable attribute of user pool SubscribersUserPool \(Mutable is not set; that the default is mutable is assumed\) and app client WebClient lists it in WriteAttributes/,
    );
    assert.match(
      tier.message,
      /Any user can give themselves this role with UpdateUserAttributes\. Make the attribute immutable \(Mutable: false\), remove it from the app client's WriteAttributes, or map on cognito:groups instead\.$/,
    );
    assert.match(partner.message, /which users may be able to change themselves: .*app client BackOfficeClient sets no WriteAttributes/);
    assert.doesNotMatch(partner.message, /BillingServiceClient/, 'a client with a secret is not one users can sign in with');
    assert.deepEqual(tier.related?.[0].location.range.start, rangeOf(text, 'Name: tier').start);
  });

  it('says nothing when the user pool is not in the template', () => {
    const { document: elsewhere } = parseInline(
      [
        'Parameters:',
        '  UserPoolProvider: {Type: String}',
        'Resources:',
        '  Roles:',
        '    Type: AWS::Cognito::IdentityPoolRoleAttachment',
        '    Properties:',
        '      IdentityPoolId: us-east-1:11111111-2222-3333-4444-555555555555',
        '      Roles: {authenticated: arn:aws:iam::123456789012:role/subscriber}',
        '      RoleMappings:',
        '        web:',
        '          IdentityProvider: !Sub "${UserPoolProvider}:client1"',
        '          Type: Rules',
        '          AmbiguousRoleResolution: Deny',
        '          RulesConfiguration:',
        '            Rules: [{Claim: "custom:tier", MatchType: Equals, Value: premium, RoleARN: arn:aws:iam::123456789012:role/premium}]',
      ].join('\n'),
    );
    assert.ok(!diagnosticsOf(elsewhere).some((d) => d.code === 'rule-on-user-writable-claim'));
  });
});

describe('provider ARNs in an identity-pool JSON file', () => {
  it('pattern-mismatch on each malformed OIDC and SAML provider ARN, not on well-formed ones', () => {
    const text = JSON.stringify(
      {
        IdentityPoolName: 'partners',
        AllowUnauthenticatedIdentities: false,
        OpenIdConnectProviderARNs: [
          'arn:aws:iam::123456789012:oidc-provider/login.partner.example',
          'arn:aws:iam::1234567890:oidc-provider/sso.partner.example',
        ],
        SamlProviderARNs: ['arn:aws:iam::123456789012:saml-provider/PartnerIdP', 'arn:aws:iam:us-east-1:123456789012:saml-provider/PartnerIdP'],
      },
      null,
      2,
    );
    const document = parseDocument('file:///work/pool.json', text);
    assert.deepEqual(summary(diagnosticsOf(document)), [
      at('pattern-mismatch', rangeOf(text, '"arn:aws:iam::1234567890:oidc-provider/sso.partner.example"')),
      at('pattern-mismatch', rangeOf(text, '"arn:aws:iam:us-east-1:123456789012:saml-provider/PartnerIdP"')),
    ]);
  });
});

describe('an attachment without an authenticated role (the existing missing-authenticated-role, reused)', () => {
  it('is reported on each provider without a mapping that always gives a role, and not for a Deny mapping', () => {
    const { text, document } = parseInline(
      [
        'Resources:',
        '  Shoppers:',
        '    Type: AWS::Cognito::UserPool',
        '  ShopClient:',
        '    Type: AWS::Cognito::UserPoolClient',
        '    Properties: {UserPoolId: !Ref Shoppers}',
        '  Pool:',
        '    Type: AWS::Cognito::IdentityPool',
        '    Properties:',
        '      AllowUnauthenticatedIdentities: true',
        '      CognitoIdentityProviders: [{ClientId: !Ref ShopClient, ProviderName: !GetAtt Shoppers.ProviderName}]',
        '      SupportedLoginProviders: {accounts.google.com: 123456789012-shop.apps.googleusercontent.com}',
        '  Roles:',
        '    Type: AWS::Cognito::IdentityPoolRoleAttachment',
        '    Properties:',
        '      IdentityPoolId: !Ref Pool',
        '      Roles: {unauthenticated: arn:aws:iam::123456789012:role/browsers}',
        '      RoleMappings:',
        '        shoppers: {IdentityProvider: !Sub "${Shoppers.ProviderName}:${ShopClient}", Type: Token, AmbiguousRoleResolution: Deny}',
      ].join('\n'),
    );
    const diagnostics = diagnosticsOf(document);
    assert.deepEqual(summary(diagnostics), [at('missing-authenticated-role', rangeOf(text, 'accounts.google.com'))]);
    assert.equal(diagnostics[0].awsError?.code, 'InvalidIdentityPoolConfigurationException');
  });
});

describe('authenticated-role-without-providers across a roles file and its identity-pool file', () => {
  it("is reported on the roles file's authenticated role when the pool file registers no provider", () => {
    const poolId = 'eu-west-1:0a1b2c3d-1111-2222-3333-444455556666';
    const rolesText = JSON.stringify(
      {
        IdentityPoolId: poolId,
        Roles: { authenticated: 'arn:aws:iam::123456789012:role/kiosk-staff', unauthenticated: 'arn:aws:iam::123456789012:role/kiosk' },
      },
      null,
      2,
    );
    const poolText = JSON.stringify({ IdentityPoolId: poolId, IdentityPoolName: 'kiosks', AllowUnauthenticatedIdentities: true }, null, 2);
    const roles = parseDocument('file:///work/roles.json', rolesText);
    const pool = parseDocument('file:///work/pool.json', poolText);
    const result = checkDocuments([roles, pool]);
    assert.deepEqual(summary(result.get(roles.uri)!), [
      at('authenticated-role-without-providers', rangeOf(rolesText, '"arn:aws:iam::123456789012:role/kiosk-staff"')),
    ]);
    assert.deepEqual(summary(result.get(pool.uri)!), []);
  });
});
