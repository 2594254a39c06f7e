/** Where permissions come from (issue 19): policy files in the AWS CLI's shapes, the action catalogue, the listing. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { simulationReport } from '../../client/src/reportMarkdown';
import { permissionsText, poolPermissions } from '../../server/src/features/permissionsHover';
import {
  accessForRole,
  accessLevelOf,
  addPolicyFile,
  allowedByService,
  emptyPolicyStore,
  packageServiceActionsReader,
  parseDocument,
  permissionsOfRole,
  RequestContext,
  resolveManaged,
  simulate,
  summariseByAccessLevel,
  useServiceActionsReader,
} from '../../core/index';

// The catalogue as the Node hosts install it (the package in development).
useServiceActionsReader(packageServiceActionsReader(require));

const ROLE = 'arn:aws:iam::111122223333:role/App';
const MANAGED = 'arn:aws:iam::111122223333:policy/Shared';
const doc = (statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });

describe('policy files', () => {
  it('get-account-authorization-details: inline, attached managed (default version) and boundary', () => {
    const store = emptyPolicyStore();
    const details = {
      RoleDetailList: [
        {
          Arn: ROLE,
          RolePolicyList: [{ PolicyName: 'inline', PolicyDocument: doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]) }],
          AttachedManagedPolicies: [{ PolicyArn: MANAGED }, { PolicyArn: 'arn:aws:iam::aws:policy/Elsewhere' }],
          PermissionsBoundary: { PermissionsBoundaryArn: MANAGED },
        },
      ],
      Policies: [
        {
          Arn: MANAGED,
          PolicyName: 'Shared',
          PolicyVersionList: [
            { IsDefaultVersion: false, Document: doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]) },
            { IsDefaultVersion: true, Document: encodeURIComponent(JSON.stringify(doc([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]))) },
          ],
        },
      ],
    };
    assert.equal(addPolicyFile(store, ROLE, JSON.stringify(details, null, 2), 'details.json'), undefined);
    const role = store.roles.get(ROLE)!;
    assert.deepEqual(
      role.identity.map((p) => p.name),
      ['inline', 'Shared', 'arn:aws:iam::aws:policy/Elsewhere'],
    );
    assert.equal(role.boundary?.name, 'Shared');
    const decide = (action: string, r = role) =>
      accessForRole({ action, resource: '*', role: r, roleArn: ROLE, context: new RequestContext(), guest: false }).decision;
    assert.equal(decide('ec2:RunInstances'), 'unknown', 'the unresolved managed policy may allow it, but the boundary does not: still never allowed');
    assert.equal(decide('s3:GetObject'), 'unknown', 'the unresolved managed policy may deny it');
    const given = addPolicyFile(
      store,
      'arn:aws:iam::aws:policy/Elsewhere',
      JSON.stringify(doc([{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }])),
      'elsewhere.json',
    );
    assert.equal(given, undefined);
    const resolved = resolveManaged(store, role);
    assert.equal(decide('s3:GetObject', resolved), 'allowed');
    assert.equal(decide('sqs:SendMessage', resolved), 'implicitly-denied', 'the boundary allows only s3');
  });
  it('get-role-policy output and a bare document add to the role; a non-policy is refused', () => {
    const store = emptyPolicyStore();
    assert.equal(
      addPolicyFile(
        store,
        ROLE,
        JSON.stringify({ RoleName: 'App', PolicyName: 'p1', PolicyDocument: doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]) }),
        'a.json',
      ),
      undefined,
    );
    assert.equal(addPolicyFile(store, ROLE, JSON.stringify(doc([{ Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }])), 'dir/b.json'), undefined);
    assert.deepEqual(
      store.roles.get(ROLE)!.identity.map((p) => p.name),
      ['p1', 'b.json'],
    );
    assert.match(addPolicyFile(store, ROLE, '{"hello": 1}', 'c.json') ?? '', /not a policy document/);
  });
});

describe('listing and catalogue', () => {
  it('statements as they apply: false conditions drop the statement, true ones are removed, unknown kept', () => {
    const store = emptyPolicyStore();
    addPolicyFile(
      store,
      ROLE,
      JSON.stringify(
        doc([
          {
            Sid: 'Own',
            Effect: 'Allow',
            Action: 's3:*',
            Resource: 'arn:aws:s3:::b/${cognito-identity.amazonaws.com:sub}/*',
            Condition: { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:pool' } },
          },
          {
            Sid: 'OtherPool',
            Effect: 'Allow',
            Action: '*',
            Resource: '*',
            Condition: { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:other' } },
          },
          { Sid: 'Ip', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } },
        ]),
        null,
        2,
      ),
      'p.json',
    );
    const context = new RequestContext()
      .setValue('cognito-identity.amazonaws.com:aud', 'us-east-1:pool')
      .set('cognito-identity.amazonaws.com:sub', { state: 'unknown', display: '<identity-id>' });
    const listed = permissionsOfRole(store.roles.get(ROLE)!, context);
    assert.deepEqual(
      listed.statements.map((s) => s.sid),
      ['Own', 'Ip'],
    );
    assert.deepEqual(listed.statements[0].resources, ['arn:aws:s3:::b/<identity-id>/*']);
    assert.deepEqual(listed.statements[0].conditions, {});
    assert.deepEqual(listed.statements[1].conditions, { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24'] } });
    assert.deepEqual(listed.statements[1].unknownKeys, ['aws:SourceIp']);
  });
  it('access levels come from the IAM action catalogue', async () => {
    assert.equal(await accessLevelOf('s3:GetObject'), 'Read');
    assert.equal(await accessLevelOf('s3:PutObject'), 'Write');
    assert.equal(await accessLevelOf('iam:AttachRolePolicy'), 'Permissions management');
    assert.equal(await accessLevelOf('s3:ListBucket'), 'List');
    assert.equal(await accessLevelOf('nosuchservice:Thing'), undefined);
    const summary = await summariseByAccessLevel([{ effect: 'Allow', actions: ['s3:GetObject', 'dynamodb:*'], notActions: null, conditions: {} }]);
    assert.deepEqual(summary, [
      { service: 'dynamodb', levels: { Unknown: ['dynamodb:*'] }, conditional: false },
      { service: 's3', levels: { Read: ['s3:GetObject'] }, conditional: false },
    ]);
  });
});

describe("allowed actions by service (the tree's allows branch)", () => {
  it('groups Allow actions by service with the levels of what they match; unconditional wins; Deny and NotAction kept apart', async () => {
    const store = emptyPolicyStore();
    const policy = doc([
      { Sid: 'Own', Effect: 'Allow', Action: ['s3:GetObject', 's3:List*'], Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'a' } } },
      { Sid: 'Get', Effect: 'Allow', Action: 'S3:GetObject', Resource: '*' },
      { Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
      { Sid: 'Rest', Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
    ]);
    assert.equal(addPolicyFile(store, ROLE, JSON.stringify(policy), 'role.json'), undefined);
    const services = await allowedByService(permissionsOfRole(store.roles.get(ROLE)!, new RequestContext()));
    assert.deepEqual(
      services.map((s) => [s.service, s.actions.map((a) => [a.action, a.accessLevels.join('+'), a.conditional, a.sid])]),
      [
        ['*', [['all actions except iam:*', '', false, 'Rest']]],
        [
          's3',
          [
            ['s3:GetObject', 'Read', false, 'Get'],
            ['s3:List*', 'List', true, 'Own'],
          ],
        ],
      ],
    );
  });
});

describe('permissions in the JWT hover line', () => {
  it('a role from the template: what it can do by service and access level', async () => {
    const file = path.resolve(__dirname, '../../../examples/cloudformation/photo-share.yaml');
    const document = parseDocument(file, readFileSync(file, 'utf8'));
    const pool = document.pools[0];
    const request = {
      now: 1767226200,
      claims: {
        iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_PhT0sHr42',
        aud: '7k3examplewebclient5q9xztr',
        token_use: 'id',
        exp: 1767229800,
        'cognito:groups': ['editors'],
      },
    };
    const result = await simulate(pool, request);
    assert.equal(result.outcome, 'role');
    const workspace = { documents: () => [document] } as unknown as Parameters<typeof permissionsText>[0];
    const text = await permissionsText(workspace, pool, request, { ...result, poolKey: pool.key, poolLabel: pool.label });
    assert.equal(text, 'can: s3: Read, Write');
    const permissions = await poolPermissions(workspace, pool, request, { ...result, poolKey: pool.key, poolLabel: pool.label });
    assert.equal(permissions?.statements[0].location?.range.start.line, 194);
    const report = simulationReport('Simulation', {
      now: 1767226200,
      nowIso: '2026-01-01T00:10:00Z',
      results: [{ ...result, poolKey: pool.key, poolLabel: pool.label, permissions }],
    });
    assert.ok(
      report.includes(
        '### What this identity can do\n\ns3\\: Read, Write\n\n- ✓ **Allow** `s3:GetObject, s3:PutObject` on `arn:${AWS::Partition}:s3:::photoshare-photos-example/public/*`',
      ),
      report,
    );
    assert.ok(report.includes('edit\\-photos (photo\\-share\\.yaml:195)'), report);
  });

  it("a deploy-time role ARN is looked up in the pool's own template, not in another template with the same role name", async () => {
    // Both templates define AdminsRole as arn:aws:iam::${AWS::AccountId}:role/photoshare-admins; the broken one
    // sorts first, and its role is another stack's role: its policies must not be reported for this pool.
    const read = (name: string) => {
      const file = path.resolve(__dirname, '../../../examples/cloudformation', name);
      return parseDocument(file, readFileSync(file, 'utf8'));
    };
    const other = read('photo-share-broken.yaml');
    const own = read('photo-share.yaml');
    const pool = own.pools[0];
    const request = {
      now: 1767226200,
      claims: {
        iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_PhT0sHr42',
        aud: '7k3examplewebclient5q9xztr',
        token_use: 'id',
        exp: 1767229800,
        'cognito:groups': ['admins'],
      },
    };
    const result = await simulate(pool, request);
    assert.equal(result.roleArn, 'arn:aws:iam::${AWS::AccountId}:role/photoshare-admins');
    const workspace = { documents: () => [other, own] } as unknown as Parameters<typeof poolPermissions>[0];
    const permissions = await poolPermissions(workspace, pool, request, { ...result, poolKey: pool.key, poolLabel: pool.label });
    assert.ok(permissions && permissions.statements.length > 0);
    for (const statement of permissions.statements) assert.equal(statement.location?.uri, own.uri, JSON.stringify(statement));
    // Only the other template: the role is not in the pool's files, so nothing is claimed.
    const elsewhere = { documents: () => [other] } as unknown as Parameters<typeof poolPermissions>[0];
    const none = await poolPermissions(elsewhere, pool, request, { ...result, poolKey: pool.key, poolLabel: pool.label });
    assert.deepEqual(none?.statements, []);
  });
});
