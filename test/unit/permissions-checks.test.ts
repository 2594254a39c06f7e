/** The permission checks (issue 19): guest-role-privileged, principal-tag-unmapped, unknown-policy-variable. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkDocuments, packageServiceActionsReader, parseDocument, useServiceActionsReader } from '../../core/index';

// As the CLI and the server do: access levels come from the installed IAM action catalogue.
useServiceActionsReader(packageServiceActionsReader(require));

const template = (guestActions: string, authResource: string, allowGuests = true, tags = 'team: hd') => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Pool:
    Type: AWS::Cognito::IdentityPool
    Properties:
      AllowUnauthenticatedIdentities: ${allowGuests}
      SupportedLoginProviders:
        accounts.google.com: app.apps.googleusercontent.com
  Tags:
    Type: AWS::Cognito::IdentityPoolPrincipalTag
    Properties:
      IdentityPoolId: !Ref Pool
      IdentityProviderName: accounts.google.com
      PrincipalTags:
        ${tags}
  Attach:
    Type: AWS::Cognito::IdentityPoolRoleAttachment
    Properties:
      IdentityPoolId: !Ref Pool
      Roles:
        authenticated: !GetAtt AuthRole.Arn
        unauthenticated: !GetAtt GuestRole.Arn
  GuestRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Federated: cognito-identity.amazonaws.com }
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals: { cognito-identity.amazonaws.com:aud: !Ref Pool }
              ForAnyValue:StringLike: { cognito-identity.amazonaws.com:amr: unauthenticated }
      Policies:
        - PolicyName: guest
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: ${guestActions}
                Resource: '*'
  AuthRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Federated: cognito-identity.amazonaws.com }
            Action: [sts:AssumeRoleWithWebIdentity, sts:TagSession]
            Condition:
              StringEquals: { cognito-identity.amazonaws.com:aud: !Ref Pool }
              ForAnyValue:StringLike: { cognito-identity.amazonaws.com:amr: authenticated }
      Policies:
        - PolicyName: own
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: ${authResource}
`;

function codes(text: string): Array<[string, number]> {
  const document = parseDocument('t.yaml', text);
  const diagnostics = checkDocuments([document]).get('t.yaml') ?? [];
  return diagnostics
    .filter((d) => ['guest-role-privileged', 'principal-tag-unmapped', 'unknown-policy-variable'].includes(d.code))
    .map((d) => [d.code, d.range.start.line + 1]);
}

const good = "!Sub 'arn:aws:s3:::b/${!cognito-identity.amazonaws.com:sub}/${!aws:PrincipalTag/team}/*'";

describe('permission checks', () => {
  it("silent on a guest role with telemetry only and policies that use the session's keys", () => {
    assert.deepEqual(codes(template('[mobileanalytics:PutEvents, rum:PutRumEvents, polly:SynthesizeSpeech]', good)), []);
  });
  it('guest-role-privileged: *, service:*, Write and Permissions management actions, at the Action', () => {
    assert.deepEqual(codes(template("'*'", good)), [['guest-role-privileged', 39]]);
    assert.deepEqual(codes(template('s3:*', good)), [['guest-role-privileged', 39]]);
    assert.deepEqual(codes(template('[s3:GetObject, s3:PutObject]', good)), [['guest-role-privileged', 39]]);
    assert.deepEqual(codes(template('iam:Attach*', good)), [['guest-role-privileged', 39]]);
    assert.deepEqual(codes(template('s3:GetObject', good)), [], 'Read is not privileged');
  });
  it('guest-role-privileged is silent when the pool refuses guests', () => {
    assert.deepEqual(codes(template("'*'", good, false)), []);
  });
  it('principal-tag-unmapped: a tag the pool does not map', () => {
    assert.deepEqual(codes(template('rum:PutRumEvents', good, true, 'dept: hd')), [['principal-tag-unmapped', 58]]);
  });
  it('unknown-policy-variable: the amazon.com typo, a user pool claim, aws:username, a misspelt aws: key', () => {
    for (const variable of ['cognito-identity.amazon.com:sub', 'cognito-idp.us-east-1.amazonaws.com/us-east-1_X:sub', 'aws:username', 'aws:userrid']) {
      const found = codes(template('rum:PutRumEvents', `!Sub 'arn:aws:s3:::b/\${!${variable}}/*'`));
      assert.deepEqual(found, [['unknown-policy-variable', 58]], variable);
    }
  });
});
