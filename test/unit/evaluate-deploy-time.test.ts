/**
 * Values known only at deploy time (template parameters without a value, conditions on them, imports):
 * the simulation answers `unknown` and names the parameters instead of a confident role, deny or error,
 * and values given for parameters (what a deployment passes) replace defaults and decide conditions.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IntrinsicResolver } from '../../core/cloudformation/resolver';
import { TemplateIndex } from '../../core/cloudformation/templateIndex';
import { parseDocument } from '../../core/documents';
import { checkDocuments } from '../../core/validate/index';
import { evaluateRequest, matchRule } from '../../core/evaluate/index';
import type { SimulationRequest, SimulationResult } from '../../core/evaluate/types';
import type { IdentityPoolModel, MappingRuleModel } from '../../core/model';
import { getValue, type ObjectNode } from '../../core/syntax';
import { parseYamlText } from '../../core/yaml';

const NOW = 1_700_000_000;
const USER_POOL = 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_FieldSvc1';
const CLIENT = 'fieldmobileclient123456789';

/** A template with one pool whose rules and settings come from `Parameters`, as in a per-stage stack. */
function template(options: { rules: string; allowGuests?: string; resolution?: string; parameters?: string; conditions?: string }): string {
  return `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  AdminGroup:
    Type: String
  GroupClaim:
    Type: String
  Stage:
    Type: String
    Default: dev
  AllowGuests:
    Type: String
    AllowedValues: ['true', 'false']
  Resolution:
    Type: String
${options.parameters ?? ''}Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  IsLiterallyProd: !Equals [prod, prod]
  GuestsWanted: !And [!Not [!Condition IsProd], !Equals [!Ref AllowGuests, 'true']]
${options.conditions ?? ''}Resources:
  IdentityPool:
    Type: AWS::Cognito::IdentityPool
    Properties:
      AllowUnauthenticatedIdentities: ${options.allowGuests ?? 'false'}
      CognitoIdentityProviders:
        - ProviderName: ${USER_POOL}
          ClientId: ${CLIENT}
  Attachment:
    Type: AWS::Cognito::IdentityPoolRoleAttachment
    Properties:
      IdentityPoolId: !Ref IdentityPool
      Roles:
        authenticated: arn:aws:iam::123456789012:role/Member
        unauthenticated: arn:aws:iam::123456789012:role/Guest
      RoleMappings:
        app:
          IdentityProvider: ${USER_POOL}:${CLIENT}
          Type: Rules
          AmbiguousRoleResolution: ${options.resolution ?? 'Deny'}
          RulesConfiguration:
            Rules:
${options.rules}`;
}

const adminRule = (value = '!Ref AdminGroup', claim = 'cognito:groups', role = 'Admin') => `              - Claim: ${claim}
                MatchType: Contains
                Value: ${value}
                RoleARN: arn:aws:iam::123456789012:role/${role}
`;

function poolOf(text: string, templateParameters?: Record<string, string>): IdentityPoolModel {
  const document = parseDocument('file:///work/stage.yaml', text, 'yaml', undefined, { templateParameters });
  assert.equal(document.kind, 'template');
  return document.pools[0];
}

function simulate(pool: IdentityPoolModel, request: Partial<SimulationRequest> = {}): SimulationResult {
  return evaluateRequest(pool, { now: NOW, ...request });
}

function signIn(claims: Record<string, unknown>): Partial<SimulationRequest> {
  return { loginKey: USER_POOL, claims: { iss: `https://${USER_POOL}`, aud: CLIENT, token_use: 'id', sub: 'u1', exp: NOW + 600, ...claims } };
}

const role = (name: string) => `arn:aws:iam::123456789012:role/${name}`;

describe('template parameters given a value', () => {
  const resolve = (yaml: string, values: Record<string, string> = {}) => {
    const root = parseYamlText(yaml).root as ObjectNode;
    const resolver = new IntrinsicResolver(new TemplateIndex(root, values));
    return resolver.resolve(getValue(root, 'Value'));
  };
  const parameters = 'Parameters:\n  Stage: { Type: String, Default: dev }\n  Names: { Type: CommaDelimitedList }\n  Env: { Type: String }\n';

  it('replace the default, count as no default used, and split list parameters', () => {
    assert.deepEqual(
      resolve(`${parameters}Value: !Ref Stage`).defaults.map((d) => d.parameter),
      ['Stage'],
    );
    const given = resolve(`${parameters}Value: !Ref Stage`, { Stage: 'prod' });
    assert.deepEqual([given.text, given.symbolic, given.defaults], ['prod', false, []]);
    assert.deepEqual(resolve(`${parameters}Value: !Select [1, !Ref Names]`, { Names: 'a, b' }).text, 'b');
  });

  it('a parameter without a value stays symbolic and is named; an undeclared name changes nothing', () => {
    const unknown = resolve(`${parameters}Value: !Sub 'group-\${Env}'`, { Enviroment: 'prod' });
    assert.deepEqual([unknown.text, unknown.symbolic, unknown.parameters], ['group-${Env}', true, ['Env']]);
  });

  it('decide Fn::If conditions; a default or a deploy-time value does not, and names the parameters it reads', () => {
    const conditions =
      'Conditions:\n  IsProd: !Equals [!Ref Stage, prod]\n  IsUsEast: !Equals [!Ref AWS::Region, us-east-1]\n  Both: !And [!Condition IsProd, !Not [!Equals [!Ref Env, test]]]\n';
    const undecided = resolve(`${parameters}${conditions}Value: !If [IsProd, a, b]`);
    assert.deepEqual([undecided.text, undecided.symbolic, undecided.parameters], ['<If:IsProd>', true, ['Stage']]);
    assert.equal(resolve(`${parameters}${conditions}Value: !If [IsProd, a, b]`, { Stage: 'prod' }).text, 'a');
    assert.equal(resolve(`${parameters}${conditions}Value: !If [IsProd, a, b]`, { Stage: 'dev' }).text, 'b');
    assert.equal(resolve(`${parameters}${conditions}Value: !If [IsUsEast, a, b]`).symbolic, true);
    assert.deepEqual(resolve(`${parameters}${conditions}Value: !If [Both, a, b]`, { Stage: 'prod' }).parameters, ['Env']);
    assert.equal(resolve(`${parameters}${conditions}Value: !If [Both, a, b]`, { Stage: 'dev' }).text, 'b', 'And is false once one part is');
    assert.equal(resolve(`${parameters}${conditions}Value: !If [Both, a, b]`, { Stage: 'prod', Env: 'live' }).text, 'a');
  });
});

describe('rules on deploy-time values', () => {
  it('a rule whose Value is a parameter without a value: unknown, never the confident deny of AmbiguousRoleResolution', () => {
    const result = simulate(poolOf(template({ rules: adminRule() })), signIn({ 'cognito:groups': ['ops-admins'] }));
    assert.deepEqual([result.outcome, result.roleArn, result.errorCode, result.via, result.dependsOn], ['unknown', null, null, 'rules', ['AdminGroup']]);
    assert.match(
      result.message,
      /^The outcome depends on Rules\[0\]'s Value \$\{AdminGroup\} \(template parameter AdminGroup\), known only at deploy time: if Rules\[0\] matches, its role arn:aws:iam::123456789012:role\/Admin; otherwise, the request is denied/,
    );
  });

  it('with the value given, the rule decides either way', () => {
    const matches = simulate(poolOf(template({ rules: adminRule() }), { AdminGroup: 'ops-admins' }), signIn({ 'cognito:groups': ['ops-admins'] }));
    assert.deepEqual([matches.outcome, matches.roleArn, matches.dependsOn], ['role', role('Admin'), []]);
    const refused = simulate(poolOf(template({ rules: adminRule() }), { AdminGroup: 'admins' }), signIn({ 'cognito:groups': ['ops'] }));
    assert.deepEqual([refused.outcome, refused.via], ['deny', 'ambiguous-resolution']);
  });

  it('a rule whose Claim is a parameter is unknown too, and the default role is not presented as the answer', () => {
    const result = simulate(
      poolOf(template({ rules: adminRule('admins', '!Ref GroupClaim'), resolution: 'AuthenticatedRole' })),
      signIn({ 'custom:team': 'admins' }),
    );
    assert.deepEqual([result.outcome, result.roleArn, result.dependsOn], ['unknown', null, ['GroupClaim']]);
    assert.match(result.message, /otherwise, role arn:aws:iam::123456789012:role\/Member\./);
  });

  it("a token without the rule's claim cannot match whatever the Value is: the outcome stays decided", () => {
    const result = simulate(poolOf(template({ rules: adminRule() })), signIn({}));
    assert.deepEqual([result.outcome, result.via], ['deny', 'ambiguous-resolution']);
    assert.match(
      result.trace.find((s) => s.step === 'rule')!.message,
      /has no cognito:groups claim, so the rule cannot match whatever its Value \(\$\{AdminGroup\}\) turns out to be/,
    );
  });

  it('an undecided rule that gives the same role as the decision does not make the outcome unknown', () => {
    const rules = adminRule('!Ref AdminGroup', 'cognito:groups', 'Staff') + adminRule('staff', 'cognito:groups', 'Staff');
    const result = simulate(poolOf(template({ rules })), signIn({ 'cognito:groups': ['staff'] }));
    assert.deepEqual([result.outcome, result.roleArn, result.matchedRuleIndex], ['role', role('Staff'), 1]);
    assert.ok(
      result.assumptions.some((a) => /Rules\[0\] could not be evaluated .* same role/.test(a)),
      result.assumptions.join('\n'),
    );
  });

  it('an undecided rule before a matching one with another role: unknown, naming both cases', () => {
    const rules = adminRule() + adminRule('staff', 'cognito:groups', 'Staff');
    const result = simulate(poolOf(template({ rules })), signIn({ 'cognito:groups': ['staff'] }));
    assert.equal(result.outcome, 'unknown');
    assert.match(
      result.message,
      /if Rules\[0\] matches, its role arn:aws:iam::123456789012:role\/Admin; otherwise, role arn:aws:iam::123456789012:role\/Staff\./,
    );
  });

  it('a CustomRoleArn that an undecided rule may grant is unknown; one no rule can grant is still denied', () => {
    const pool = poolOf(template({ rules: adminRule() }));
    const maybe = simulate(pool, { ...signIn({ 'cognito:groups': ['ops-admins'] }), customRoleArn: role('Admin') });
    assert.deepEqual([maybe.outcome, maybe.via, maybe.roleArn, maybe.dependsOn], ['unknown', 'custom-role-arn', null, ['AdminGroup']]);
    const never = simulate(pool, { ...signIn({ 'cognito:groups': ['ops-admins'] }), customRoleArn: role('Other') });
    assert.deepEqual([never.outcome, never.errorCode], ['deny', 'NotAuthorizedException']);
  });

  it('a matching rule whose RoleARN is a parameter may be the CustomRoleArn asked for: unknown, not deny', () => {
    const rules = `              - Claim: cognito:groups
                MatchType: Contains
                Value: admins
                RoleARN: !Ref AdminRoleArn
`;
    const pool = poolOf(template({ rules, parameters: '  AdminRoleArn:\n    Type: String\n' }));
    const result = simulate(pool, { ...signIn({ 'cognito:groups': ['admins'] }), customRoleArn: role('Admin') });
    assert.deepEqual([result.outcome, result.dependsOn], ['unknown', ['AdminRoleArn']]);
  });

  it('AmbiguousRoleResolution from a parameter: unknown, with what each value would give', () => {
    const result = simulate(poolOf(template({ rules: adminRule('admins'), resolution: '!Ref Resolution' })), signIn({ 'cognito:groups': ['ops'] }));
    assert.deepEqual([result.outcome, result.via, result.dependsOn], ['unknown', 'ambiguous-resolution', ['Resolution']]);
    assert.match(result.message, /with AuthenticatedRole, role arn:aws:iam::123456789012:role\/Member; with Deny, the request is denied/);
    const given = simulate(
      poolOf(template({ rules: adminRule('admins'), resolution: '!Ref Resolution' }), { Resolution: 'Deny' }),
      signIn({ 'cognito:groups': ['ops'] }),
    );
    assert.equal(given.outcome, 'deny');
  });

  it('RoleMappings known only at deploy time: unknown, not the default role', () => {
    const text = template({ rules: adminRule('admins') }).replace(
      /RoleMappings:\n[\s\S]*$/,
      'RoleMappings: !GetAtt MappingBuilder.RoleMappings\n  MappingBuilder:\n    Type: Custom::RoleMappings\n    Properties:\n      ServiceToken: arn:aws:lambda:eu-west-1:123456789012:function:build\n',
    );
    const result = simulate(poolOf(text), signIn({ 'cognito:groups': ['ops'] }));
    assert.deepEqual([result.outcome, result.roleArn], ['unknown', null]);
    assert.match(result.message, /if it holds a mapping for .*, that mapping decides; otherwise, role arn:aws:iam::123456789012:role\/Member\./);
  });

  it('a RoleMappings entry given by Fn::If may be the mapping for the login: unknown, not the default role', () => {
    const text = template({ rules: adminRule('admins'), resolution: 'AuthenticatedRole' })
      .replace(
        '      CognitoIdentityProviders:\n',
        '      SupportedLoginProviders:\n        accounts.google.com: partner-app.apps.googleusercontent.com\n      CognitoIdentityProviders:\n',
      )
      .replace(
        /RoleMappings:\n        app:\n/,
        `RoleMappings:\n        partner: !If\n          - IsProd\n          - IdentityProvider: accounts.google.com\n            Type: Token\n            AmbiguousRoleResolution: Deny\n          - !Ref AWS::NoValue\n        app:\n`,
      );
    const pool = poolOf(text);
    assert.equal(pool.roleConfig!.mappings.length, 1, 'the static mapping is read');
    const google = simulate(pool, {
      loginKey: 'accounts.google.com',
      claims: { iss: 'https://accounts.google.com', aud: 'partner-app.apps.googleusercontent.com', sub: '1', exp: NOW + 600 },
    });
    assert.deepEqual([google.outcome, google.roleArn, google.dependsOn], ['unknown', null, ['Stage']]);
    assert.match(google.message, /if one of them is for accounts\.google\.com, it decides; otherwise, role arn:aws:iam::123456789012:role\/Member\./);
    const member = simulate(pool, signIn({ 'cognito:groups': ['admins'] }));
    assert.deepEqual([member.outcome, member.roleArn], ['role', role('Admin')], 'a login whose mapping was read is decided by it');
  });

  it('matchRule reports the deploy-time fields of an undecided rule', () => {
    const pool = poolOf(template({ rules: adminRule() }));
    const rule: MappingRuleModel = pool.roleConfig!.mappings[0].rules[0];
    const match = matchRule(rule, { 'cognito:groups': ['x'] });
    assert.equal(match.status, 'unknown');
    assert.deepEqual(
      match.deployTimeFields?.map((f) => [f.field, f.value.value, f.value.parameters]),
      [['Value', '${AdminGroup}', ['AdminGroup']]],
    );
  });
});

describe('guest access on deploy-time values', () => {
  it('AllowUnauthenticatedIdentities from a parameter without a value is unknown, not false, in the model and the simulation', () => {
    const pool = poolOf(template({ rules: adminRule('admins'), allowGuests: '!Ref AllowGuests' }));
    const allow = pool.definition!.allowUnauthenticatedIdentities!;
    assert.deepEqual([allow.symbolic, allow.parameters], [true, ['AllowGuests']]);
    const result = simulate(pool);
    assert.deepEqual([result.outcome, result.roleArn, result.via, result.dependsOn], ['unknown', null, 'default-unauthenticated', ['AllowGuests']]);
    const step = result.trace.find((s) => s.step === 'guest-access')!;
    assert.equal(
      step.message,
      'AllowUnauthenticatedIdentities (depends on template parameter AllowGuests) is known only at deploy time, so whether the pool accepts guests is unknown; the steps below show what happens if it does.',
    );
    assert.match(
      result.message,
      /if it is true, role arn:aws:iam::123456789012:role\/Guest; if it is false, NotAuthorizedException: Unauthenticated access is not supported for this identity pool\. Give a value/,
    );
  });

  it('with the value given, guests get the role or the NotAuthorizedException error (not a deny)', () => {
    const text = template({ rules: adminRule('admins'), allowGuests: '!Ref AllowGuests' });
    assert.deepEqual([simulate(poolOf(text, { AllowGuests: 'true' })).roleArn], [role('Guest')]);
    const refused = simulate(poolOf(text, { AllowGuests: 'false' }));
    assert.deepEqual(
      [refused.outcome, refused.roleArn, refused.errorCode, refused.message],
      ['error', null, 'NotAuthorizedException', 'Unauthenticated access is not supported for this identity pool.'],
    );
  });

  it('an Fn::If on conditions names every parameter they read, and is decided once they are given', () => {
    const text = template({ rules: adminRule('admins'), allowGuests: '!If [GuestsWanted, true, false]' });
    const result = simulate(poolOf(text));
    assert.deepEqual([result.outcome, result.dependsOn], ['unknown', ['Stage', 'AllowGuests']]);
    assert.equal(simulate(poolOf(text, { Stage: 'prod' })).outcome, 'error', 'IsProd decides GuestsWanted alone');
    assert.equal(simulate(poolOf(text, { Stage: 'dev', AllowGuests: 'true' })).outcome, 'role');
    assert.equal(
      simulate(poolOf(template({ rules: adminRule('admins'), allowGuests: '!If [IsLiterallyProd, false, true]' }))).outcome,
      'error',
      'a condition on literals is decided',
    );
  });
});

describe('checks on guest access known only at deploy time', () => {
  it('an authenticated role without an amr condition is reported, since guests may be allowed', () => {
    const text = `Parameters:
  AllowGuests:
    Type: String
Resources:
  IdentityPool:
    Type: AWS::Cognito::IdentityPool
    Properties:
      AllowUnauthenticatedIdentities: !Ref AllowGuests
  Attachment:
    Type: AWS::Cognito::IdentityPoolRoleAttachment
    Properties:
      IdentityPoolId: !Ref IdentityPool
      Roles:
        authenticated: !GetAtt MemberRole.Arn
  MemberRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Federated: cognito-identity.amazonaws.com
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
                cognito-identity.amazonaws.com:aud: !Ref IdentityPool
`;
    const findings = (values?: Record<string, string>) => {
      const document = parseDocument('file:///work/guests.yaml', text, 'yaml', undefined, { templateParameters: values });
      return (checkDocuments([document]).get(document.uri) ?? []).filter((d) => d.code === 'trust-missing-amr').map((d) => d.message);
    };
    const [unknown] = findings();
    assert.match(unknown, /so guests of this pool \(if guest access is on: that is known only at deploy time\) also satisfy it/);
    assert.equal(findings({ AllowGuests: 'false' }).length, 0);
    assert.match(findings({ AllowGuests: 'true' })[0], /so guests of this pool also satisfy it/);
  });
});
