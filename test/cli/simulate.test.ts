/** `simulate`: the JSON contract, the text report, exit codes, and the answers for the bundled examples. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseDocument } from '../../core/documents';
import { EXAMPLE_NOW, examples, repoRoot, runCli, runCliJson, tempFiles } from './harness';

interface SimulationJson {
  outcome: string;
  roleArn: string | null;
  via: string;
  matchedRuleIndex: number | null;
  mappingKey: string | null;
  errorCode: string | null;
  message: string;
  trace: Array<{ step: string; status: string; message: string }>;
  assumptions: string[];
  dependsOn: string[];
  pool?: string;
}

const CONTRACT_FIELDS = ['outcome', 'roleArn', 'via', 'matchedRuleIndex', 'mappingKey', 'errorCode', 'message', 'trace', 'assumptions', 'dependsOn'];
const VIAS = [
  'rules',
  'token',
  'custom-role-arn',
  'ambiguous-resolution',
  'default-authenticated',
  'default-unauthenticated',
  'token-validation',
  'validation',
];
const role = (name: string) => `arn:aws:iam::111122223333:role/${name}`;
const photoShare = ['--roles', examples.userPoolRoles, '--identity-pool', examples.userPoolPool];
const staffPortal = ['--roles', examples.rulesRoles, '--identity-pool', examples.rulesPool];
const photoShareMappingKey = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_PhT0sHr42:7k3examplewebclient5q9xztr';

function simulateJson(args: string[]): SimulationJson {
  const { run, json } = runCliJson<SimulationJson>(['simulate', ...args, '--format', 'json']);
  assert.equal(run.status, 0, `a simulation that runs exits 0\nstderr: ${run.stderr}`);
  return json;
}

function assertContractShape(json: SimulationJson, extra: string[] = []): void {
  assert.deepEqual(Object.keys(json).sort(), [...CONTRACT_FIELDS, ...extra].sort());
  assert.ok(['role', 'deny', 'error', 'unknown'].includes(json.outcome), json.outcome);
  assert.ok(json.roleArn === null || typeof json.roleArn === 'string');
  assert.ok(VIAS.includes(json.via), json.via);
  assert.ok(json.matchedRuleIndex === null || (Number.isInteger(json.matchedRuleIndex) && json.matchedRuleIndex >= 0));
  assert.ok(json.mappingKey === null || typeof json.mappingKey === 'string');
  assert.ok(json.errorCode === null || typeof json.errorCode === 'string');
  assert.equal(typeof json.message, 'string');
  assert.ok(Array.isArray(json.trace));
  assert.ok(Array.isArray(json.assumptions) && json.assumptions.every((a) => typeof a === 'string'));
  assert.ok(Array.isArray(json.dependsOn) && json.dependsOn.every((name) => typeof name === 'string'));
  if (json.outcome === 'role') assert.equal(typeof json.roleArn, 'string');
  else assert.equal(json.roleArn, null, 'only a role outcome hands out a role');
  if (json.outcome !== 'unknown') assert.deepEqual(json.dependsOn, []);
}

describe('simulate --format json', () => {
  test('prints one object with exactly the contract fields and types', () => {
    const json = simulateJson([...photoShare, '--token-file', examples.token('photoshare-admin'), '--now', EXAMPLE_NOW]);
    assertContractShape(json);
  });

  test('every trace step has a step id, a status and a message', () => {
    const json = simulateJson([...photoShare, '--token-file', examples.token('photoshare-admin'), '--now', EXAMPLE_NOW]);
    assert.ok(json.trace.length > 0, 'the trace explains the answer');
    for (const step of json.trace) {
      assert.equal(typeof step.step, 'string');
      assert.ok(['pass', 'fail', 'skip', 'info'].includes(step.status), step.status);
      assert.equal(typeof step.message, 'string');
    }
  });

  test('a token with cognito:preferred_role gets that role via token', () => {
    const json = simulateJson([...photoShare, '--token-file', examples.token('photoshare-admin'), '--jwks', examples.jwks, '--now', EXAMPLE_NOW]);
    assert.equal(json.outcome, 'role');
    assert.equal(json.roleArn, role('PhotoShare-Admins'));
    assert.equal(json.via, 'token');
    assert.equal(json.mappingKey, photoShareMappingKey);
    assert.equal(json.matchedRuleIndex, null);
    assert.equal(json.errorCode, null);
  });

  test('--token gives the same answer as --token-file', () => {
    const token = readFileSync(path.join(repoRoot, examples.token('photoshare-admin')), 'utf8').trim();
    const fromFile = simulateJson([...photoShare, '--token-file', examples.token('photoshare-admin'), '--now', EXAMPLE_NOW]);
    const inline = simulateJson([...photoShare, '--token', token, '--now', EXAMPLE_NOW]);
    assert.deepEqual(inline, fromFile);
  });

  test('--custom-role-arn picks another role listed in cognito:roles', () => {
    const json = simulateJson([
      ...photoShare,
      '--token-file',
      examples.token('photoshare-admin'),
      '--custom-role-arn',
      role('PhotoShare-Editors'),
      '--now',
      EXAMPLE_NOW,
    ]);
    assert.equal(json.outcome, 'role');
    assert.equal(json.roleArn, role('PhotoShare-Editors'));
    assert.equal(json.via, 'custom-role-arn');
  });

  test('a user in no group falls back to AmbiguousRoleResolution (the authenticated role)', () => {
    const json = simulateJson([...photoShare, '--token-file', examples.token('photoshare-no-groups'), '--now', EXAMPLE_NOW]);
    assert.equal(json.outcome, 'role');
    assert.equal(json.roleArn, role('PhotoShare-SignedIn'));
    assert.equal(json.via, 'ambiguous-resolution');
  });

  test('no login and no token is a guest, who gets the unauthenticated role', () => {
    const json = simulateJson([...photoShare, '--now', EXAMPLE_NOW]);
    assert.equal(json.outcome, 'role');
    assert.equal(json.roleArn, role('PhotoShare-Guest'));
    assert.equal(json.via, 'default-unauthenticated');
  });

  test('a guest on a pool without guest access is an error (no role mapping refused them) with NotAuthorizedException', () => {
    const json = simulateJson([...staffPortal, '--now', EXAMPLE_NOW]);
    assertContractShape(json);
    assert.equal(json.outcome, 'error');
    assert.equal(json.via, 'default-unauthenticated');
    assert.equal(json.roleArn, null);
    assert.equal(json.errorCode, 'NotAuthorizedException');
    assert.equal(json.message, 'Unauthenticated access is not supported for this identity pool.');
  });

  test('an expired token is refused at token validation', () => {
    const json = simulateJson([...photoShare, '--token-file', examples.token('photoshare-expired'), '--now', EXAMPLE_NOW]);
    assert.equal(json.outcome, 'error');
    assert.equal(json.via, 'token-validation');
    assert.equal(json.errorCode, 'NotAuthorizedException');
    assert.equal(json.roleArn, null);
  });

  test('--now decides expiry: the same token is expired a day later', () => {
    const json = simulateJson([...photoShare, '--token-file', examples.token('photoshare-admin'), '--now', String(Number(EXAMPLE_NOW) + 86400)]);
    assert.equal(json.via, 'token-validation');
  });

  test('a token for an app client the pool does not register is refused', () => {
    const json = simulateJson([...photoShare, '--token-file', examples.token('photoshare-unregistered-client'), '--now', EXAMPLE_NOW]);
    assert.equal(json.outcome, 'error');
    assert.equal(json.via, 'token-validation');
    assert.equal(json.errorCode, 'NotAuthorizedException');
  });

  test('a tampered token is refused when --jwks is given', () => {
    const json = simulateJson([...photoShare, '--token-file', examples.token('photoshare-tampered'), '--jwks', examples.jwks, '--now', EXAMPLE_NOW]);
    assert.equal(json.outcome, 'error');
    assert.equal(json.via, 'token-validation');
    assert.equal(json.errorCode, 'NotAuthorizedException');
  });

  test('a malformed token is not bad usage: the simulation runs and reports token-validation', () => {
    for (const token of ['not-a-jwt', 'aaa.bbb.ccc', 'eyJhbGciOiJSUzI1NiJ9.%%%.sig']) {
      const { run, json } = runCliJson<SimulationJson>(['simulate', ...photoShare, '--token', token, '--now', EXAMPLE_NOW, '--format', 'json']);
      assert.equal(run.status, 0, token);
      assert.equal(json.outcome, 'error');
      assert.equal(json.via, 'token-validation');
      assert.equal(json.errorCode, 'NotAuthorizedException');
      assert.ok(!run.stderr.includes(token));
    }
  });

  test('the first matching rule decides, with its 0-based index', () => {
    const engineering = simulateJson([...staffPortal, '--token-file', examples.token('staff-engineering'), '--now', EXAMPLE_NOW]);
    assert.equal(engineering.outcome, 'role');
    assert.equal(engineering.via, 'rules');
    assert.equal(engineering.matchedRuleIndex, 1);
    assert.equal(engineering.roleArn, role('StaffPortal-Engineering'));
    assert.equal(engineering.mappingKey, 'cognito-idp.us-east-1.amazonaws.com/us-east-1_StAfF0rG1:2b8examplestaffportal4c6de');

    const finance = simulateJson([...staffPortal, '--token-file', examples.token('staff-finance'), '--now', EXAMPLE_NOW]);
    assert.equal(finance.matchedRuleIndex, 0);
    assert.equal(finance.roleArn, role('StaffPortal-Finance'));

    const contractor = simulateJson([...staffPortal, '--token-file', examples.token('staff-contractor'), '--now', EXAMPLE_NOW]);
    assert.equal(contractor.matchedRuleIndex, 2);
    assert.equal(contractor.roleArn, role('StaffPortal-Contractor'));
  });

  test('claims with an iss need no --login; no matching rule with Deny resolution is a deny', () => {
    const employee = simulateJson([...staffPortal, '--claims', 'examples/google-and-user-pool-rules/claims/google-employee.json', '--now', EXAMPLE_NOW]);
    assert.equal(employee.outcome, 'role');
    assert.equal(employee.roleArn, role('StaffPortal-Employee'));
    assert.equal(employee.mappingKey, 'accounts.google.com');
    assert.equal(employee.matchedRuleIndex, 0);

    const personal = simulateJson([
      ...staffPortal,
      '--claims',
      'examples/google-and-user-pool-rules/claims/google-personal-account.json',
      '--now',
      EXAMPLE_NOW,
    ]);
    assert.equal(personal.outcome, 'deny');
    assert.equal(personal.via, 'ambiguous-resolution');
    assert.equal(personal.errorCode, 'NotAuthorizedException');
    assert.equal(personal.roleArn, null);
  });

  test('SAML claims with --login are matched by the SAML provider mapping', () => {
    const saml = ['--roles', examples.samlRoles, '--identity-pool', examples.samlPool, '--login', 'arn:aws:iam::111122223333:saml-provider/CorpADFS'];
    const analyst = simulateJson([...saml, '--claims', 'examples/saml/claims/finance-analyst.json', '--now', EXAMPLE_NOW]);
    assert.equal(analyst.outcome, 'role');
    assert.equal(analyst.roleArn, role('CorpData-FinanceAnalyst'));
    assert.equal(analyst.matchedRuleIndex, 1);

    const sales = simulateJson([...saml, '--claims', 'examples/saml/claims/sales-rep.json', '--now', EXAMPLE_NOW]);
    assert.equal(sales.outcome, 'role');
    assert.equal(sales.via, 'ambiguous-resolution');
    assert.equal(sales.roleArn, role('CorpData-Reader'));
  });

  test('every outcome exits 0, even errors and denials', () => {
    for (const args of [
      [...photoShare, '--token-file', examples.token('photoshare-expired')],
      [...staffPortal, '--claims', 'examples/google-and-user-pool-rules/claims/google-personal-account.json'],
      ['--roles', examples.brokenRoles, '--identity-pool', examples.brokenPool, '--token-file', examples.token('photoshare-admin')],
    ]) {
      assert.equal(runCli(['simulate', ...args, '--now', EXAMPLE_NOW]).status, 0, args.join(' '));
    }
  });

  test('no pool field for SetIdentityPoolRoles files', () => {
    const json = simulateJson([...photoShare, '--now', EXAMPLE_NOW]);
    assert.equal('pool' in json, false);
  });
});

describe('simulate --format text', () => {
  test('reports the outcome, the role, the trace with marks and no JSON', () => {
    const run = runCli(['simulate', ...photoShare, '--token-file', examples.token('photoshare-admin'), '--now', EXAMPLE_NOW]);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^Outcome: +role$/m);
    assert.match(run.stdout, /^Role: +arn:aws:iam::111122223333:role\/PhotoShare-Admins$/m);
    assert.match(run.stdout, /^Via: +token /m);
    assert.match(run.stdout, /^Trace:$/m);
    assert.match(run.stdout, /^ {2}[✓✗–•] /m);
    assert.doesNotMatch(run.stdout, /^\{/);
  });

  test('an AWS error is shown with its exception name', () => {
    const run = runCli(['simulate', ...photoShare, '--token-file', examples.token('photoshare-expired'), '--now', EXAMPLE_NOW]);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^Outcome: +error$/m);
    assert.match(run.stdout, /^AWS error: +NotAuthorizedException: /m);
  });

  test('text is the default format and never shows the token itself', () => {
    const token = readFileSync(path.join(repoRoot, examples.token('photoshare-admin')), 'utf8').trim();
    const run = runCli(['simulate', ...photoShare, '--token', token, '--now', EXAMPLE_NOW]);
    assert.equal(run.status, 0);
    assert.ok(!run.stdout.includes(token.split('.')[2]), 'the signature is not printed');
  });

  test('control characters in claim values are escaped, not sent to the terminal', () => {
    const dir = tempFiles({
      'claims.json': JSON.stringify({
        iss: 'https://accounts.google.com',
        aud: '418329857622-3ksl9examplegoogleclientq5t8b1m.apps.googleusercontent.com',
        hd: 'example.com\u001b[2J',
        sub: '1',
        exp: Number(EXAMPLE_NOW) + 60,
        iat: Number(EXAMPLE_NOW) - 60,
      }),
    });
    const run = runCli(['simulate', ...staffPortal, '--claims', path.join(dir, 'claims.json'), '--now', EXAMPLE_NOW]);
    assert.equal(run.status, 0);
    assert.ok(!run.stdout.includes('\u001b'), 'no raw escape character on stdout');
  });
});

describe('simulate with CloudFormation templates', () => {
  const twoPools = JSON.stringify(
    {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        WebPool: { Type: 'AWS::Cognito::IdentityPool', Properties: { AllowUnauthenticatedIdentities: true } },
        AdminPool: { Type: 'AWS::Cognito::IdentityPool', Properties: { AllowUnauthenticatedIdentities: false } },
        WebRoles: {
          Type: 'AWS::Cognito::IdentityPoolRoleAttachment',
          Properties: { IdentityPoolId: { Ref: 'WebPool' }, Roles: { unauthenticated: 'arn:aws:iam::111122223333:role/WebGuest' } },
        },
        AdminRoles: {
          Type: 'AWS::Cognito::IdentityPoolRoleAttachment',
          Properties: { IdentityPoolId: { Ref: 'AdminPool' }, Roles: { authenticated: 'arn:aws:iam::111122223333:role/Admin' } },
        },
      },
    },
    null,
    2,
  );
  const templatesSupported = parseDocument('template.json', twoPools).kind === 'template';
  const skip = templatesSupported ? false : 'CloudFormation templates are not parsed yet (core/cloudformation is a stub)';

  test('a template with two pools needs --pool, and the usage error lists both logical ids', { skip }, () => {
    const dir = tempFiles({ 'template.json': twoPools });
    const run = runCli(['simulate', '--roles', path.join(dir, 'template.json'), '--now', EXAMPLE_NOW]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--pool/);
    assert.match(run.stderr, /WebPool/);
    assert.match(run.stderr, /AdminPool/);
  });

  test('--pool picks the pool and the JSON names it in pool', { skip }, () => {
    const dir = tempFiles({ 'template.json': twoPools });
    const { run, json } = runCliJson<SimulationJson>([
      'simulate',
      '--roles',
      path.join(dir, 'template.json'),
      '--pool',
      'WebPool',
      '--now',
      EXAMPLE_NOW,
      '--format',
      'json',
    ]);
    assert.equal(run.status, 0, run.stderr);
    assertContractShape(json, ['pool']);
    assert.equal(json.pool, 'WebPool');
    assert.equal(json.roleArn, 'arn:aws:iam::111122223333:role/WebGuest');
  });

  test('an unknown --pool is bad usage that lists the pools', { skip }, () => {
    const dir = tempFiles({ 'template.json': twoPools });
    const run = runCli(['simulate', '--roles', path.join(dir, 'template.json'), '--pool', 'NoSuchPool']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /NoSuchPool/);
    assert.match(run.stderr, /WebPool, AdminPool|AdminPool, WebPool/);
  });
});

describe('simulate with template parameters', () => {
  const template = 'examples/cloudformation/field-service.yaml';
  const loginKey = 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_FieldSvc1';
  const claimsFile = (groups: string[]) =>
    path.join(
      tempFiles({
        'claims.json': JSON.stringify({
          iss: `https://${loginKey}`,
          aud: '3fexamplefieldmobile8k2q7w',
          token_use: 'id',
          sub: 'u1',
          exp: Number(EXAMPLE_NOW) + 600,
          'cognito:groups': groups,
        }),
      }),
      'claims.json',
    );
  const adminRole = 'arn:aws:iam::${AWS::AccountId}:role/${AdminRole}';

  test('a rule Value from a parameter without a value makes the outcome unknown, never a confident deny', () => {
    const json = simulateJson(['--roles', template, '--claims', claimsFile(['ops-admins']), '--now', EXAMPLE_NOW]);
    assertContractShape(json, ['pool']);
    assert.deepEqual([json.outcome, json.roleArn, json.errorCode, json.via, json.dependsOn], ['unknown', null, null, 'rules', ['AdminGroupName']]);
    assert.equal(
      json.message,
      `The outcome depends on Rules[0]'s Value \${AdminGroupName} (template parameter AdminGroupName), known only at deploy time: if Rules[0] matches, its role ${adminRole}; otherwise, the request is denied (NotAuthorizedException: The ambiguous role mapping rules for: ${loginKey} denied this request.). Give a value for template parameter AdminGroupName to decide it.`,
    );
  });

  test('the text report says which parameters to give, and that the outcome was not decided', () => {
    const run = runCli(['simulate', '--roles', template, '--claims', claimsFile(['ops-admins']), '--now', EXAMPLE_NOW]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^Outcome: {7}unknown$/m);
    assert.match(run.stdout, /^Role: {10}\(none\)$/m);
    assert.match(run.stdout, /^Via: {11}rules \(undecided: the outcome depends on values known only at deploy time\)$/m);
    assert.match(run.stdout, /^Depends on: {4}AdminGroupName \(give values with --parameter NAME=VALUE\)$/m);
  });

  test('--parameter gives the values deployed with: the rule decides, and Fn::If on a given parameter is decided', () => {
    const withValues = ['--roles', template, '--parameter', 'AdminGroupName=ops-admins', '--parameter', 'Environment=prod', '--now', EXAMPLE_NOW];
    const admin = simulateJson([...withValues, '--claims', claimsFile(['ops-admins'])]);
    assertContractShape(admin, ['pool']);
    assert.deepEqual(
      [admin.outcome, admin.roleArn, admin.via, admin.matchedRuleIndex],
      ['role', 'arn:aws:iam::${AWS::AccountId}:role/field-service-admin-prod', 'rules', 0],
    );
    const nobody = simulateJson([...withValues, '--claims', claimsFile(['visitors'])]);
    assert.deepEqual([nobody.outcome, nobody.via, nobody.errorCode], ['deny', 'ambiguous-resolution', 'NotAuthorizedException']);
    const guest = simulateJson(withValues);
    assert.deepEqual(
      [guest.outcome, guest.roleArn, guest.errorCode, guest.message],
      ['error', null, 'NotAuthorizedException', 'Unauthenticated access is not supported for this identity pool.'],
    );
    const devGuest = simulateJson(['--roles', template, '--parameter', 'Environment=dev', '--now', EXAMPLE_NOW]);
    assert.deepEqual([devGuest.outcome, devGuest.roleArn], ['role', 'arn:aws:iam::${AWS::AccountId}:role/field-service-browse-dev']);
  });

  test('guest access set by Fn::If on a parameter without a value is unknown, not false', () => {
    const json = simulateJson(['--roles', template, '--now', EXAMPLE_NOW]);
    assert.deepEqual([json.outcome, json.roleArn, json.via, json.dependsOn], ['unknown', null, 'default-unauthenticated', ['Environment']]);
    const step = json.trace.find((s) => s.step === 'guest-access')!;
    assert.equal(step.status, 'skip');
    assert.doesNotMatch(step.message, /is false/);
    assert.match(
      json.message,
      /if it is true, role arn:aws:iam::\$\{AWS::AccountId\}:role\/\$\{BrowseRole\}; if it is false, NotAuthorizedException: Unauthenticated access is not supported for this identity pool\./,
    );
  });

  test('a misspelt parameter, a malformed one, one for a roles file, a value AllowedValues excludes, or two values for one name are bad usage', () => {
    const misspelt = runCli(['simulate', '--roles', template, '--parameter', 'Enviroment=prod']);
    assert.equal(misspelt.status, 2);
    assert.match(misspelt.stderr, /declares no parameter Enviroment; its parameters are: Environment, AdminGroupName, SupportGroupName\./);
    const malformed = runCli(['simulate', '--roles', template, '--parameter', 'Environment']);
    assert.equal(malformed.status, 2);
    assert.match(malformed.stderr, /--parameter takes NAME=VALUE/);
    const notTemplate = runCli(['simulate', ...photoShare, '--parameter', 'Environment=prod']);
    assert.equal(notTemplate.status, 2);
    assert.match(notTemplate.stderr, /is not a template/);
    const notAllowed = runCli(['simulate', '--roles', template, '--parameter', 'Environment=production']);
    assert.equal(notAllowed.status, 2);
    assert.match(
      notAllowed.stderr,
      /The value given for parameter Environment is not one of its AllowedValues in .*field-service\.yaml \(dev, staging, prod\), so CloudFormation would refuse to deploy with it\./,
    );
    assert.doesNotMatch(notAllowed.stderr, /production/, 'argument values are not echoed on stderr');
    const twice = runCli(['simulate', '--roles', template, '--parameter', 'Environment=prod', '--parameter', 'Environment=dev']);
    assert.equal(twice.status, 2);
    assert.match(twice.stderr, /given twice with different values/);
  });
});
