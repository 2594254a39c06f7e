/** Issue 13 in the language server: the analyze and diff requests, and the "who gets which role" code lens. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeLens } from 'vscode-languageserver-protocol';
import type { AnalyzeResult, DiffResult, ModelTree } from '../../protocol/protocol';
import { fileUri, LspClient, positionAfter, REPO_ROOT } from './lspClient';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'covered-rule');
const ADMIN = 'arn:aws:iam::111122223333:role/TravelDesk-Admin';
const FINANCE = 'arn:aws:iam::111122223333:role/TravelDesk-Finance';

describe('identityPoolRoles/analyze and identityPoolRoles/diff', () => {
  let client: LspClient;
  let rolesUri: string;
  let otherText: string;

  before(async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ipr-lsp-analysis-'));
    fs.copyFileSync(path.join(EXAMPLE, 'identity-pool.json'), path.join(folder, 'identity-pool.json'));
    fs.copyFileSync(path.join(EXAMPLE, 'roles.json'), path.join(folder, 'roles.json'));
    otherText = fs.readFileSync(path.join(EXAMPLE, 'roles-admins-first.json'), 'utf8');
    rolesUri = fileUri(path.join(folder, 'roles.json'));
    client = await LspClient.start({ folder });
    await client.waitForIndex();
  });
  after(() => client.stop());

  test('analyze gives per pool each rule with its reachability, and the paths to each role with conditions and witnesses', async () => {
    const result = await client.request<AnalyzeResult>('identityPoolRoles/analyze', {});
    assert.equal(result.pools.length, 1, JSON.stringify(result));
    const { analysis } = result.pools[0];
    assert.equal(analysis.mappings.length, 1);
    // The example's Rules[2] (FinanceLead) is covered only by Rules[0] and Rules[1] together.
    const covered = analysis.mappings[0].rules.find((r) => r.index === 2);
    assert.ok(covered, JSON.stringify(analysis.mappings[0].rules));
    assert.equal(covered.reachable, false);
    assert.deepEqual(covered.coveredBy, [0, 1]);
    assert.ok(!analysis.roles.some((r) => r.roleArn.endsWith('/TravelDesk-FinanceLead')), 'no path to a role only a covered rule gives');
    const finance = analysis.roles.find((r) => r.roleArn === FINANCE);
    assert.ok(finance && finance.paths.length > 0, JSON.stringify(analysis.roles));
    assert.equal(finance.paths[0].via, 'rules');
    assert.match(finance.paths[0].condition, /custom:department/);
    assert.ok(finance.paths[0].witness, 'a witness');
    assert.ok(analysis.assumptions.length > 0);
    assert.match(result.nowIso, /^\d{4}-/);
  });

  test('analyze of a pool key that does not exist says so; bad parameters are refused', async () => {
    const result = await client.request<AnalyzeResult>('identityPoolRoles/analyze', { poolKey: 'no-such-pool' });
    assert.deepEqual(result.pools, []);
    assert.match(result.message ?? '', /no-such-pool/);
    await assert.rejects(client.request('identityPoolRoles/analyze', { poolKey: 3 }), /poolKey/);
  });

  test('the analyze request answers for the pool of the model tree', async () => {
    const model = await client.request<ModelTree>('identityPoolRoles/model', {});
    const result = await client.request<AnalyzeResult>('identityPoolRoles/analyze', { poolKey: model.pools[0].key });
    assert.equal(result.pools.length, 1);
    assert.equal(result.pools[0].poolKey, model.pools[0].key);
  });

  test('each mapping has a "Simulate…" and a "who gets which role" lens', async () => {
    client.open(rolesUri, 'json', fs.readFileSync(new URL(rolesUri), 'utf8'));
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: rolesUri } });
    assert.deepEqual(
      lenses.map((l) => [l.command?.title, l.command?.command]),
      [
        ['Simulate…', 'identityPoolRoles.simulateToken'],
        ['who gets which role', 'identityPoolRoles.analyze'],
      ],
    );
    assert.deepEqual(lenses[0].range, lenses[1].range);
  });

  test('diff of the same text is equivalent; of the version with the rules reordered it names the changes with witnesses', async () => {
    const same = await client.request<DiffResult>('identityPoolRoles/diff', {
      uri: rolesUri,
      otherText: fs.readFileSync(new URL(rolesUri), 'utf8'),
      otherName: 'roles.json',
    });
    assert.equal(same.diff?.equivalent, true, JSON.stringify(same));
    assert.deepEqual(same.diff?.changes, []);
    const changed = await client.request<DiffResult>('identityPoolRoles/diff', { uri: rolesUri, otherText, otherName: 'roles-admins-first.json' });
    assert.ok(changed.diff, JSON.stringify(changed));
    assert.equal(changed.otherName, 'roles-admins-first.json');
    assert.equal(changed.diff.equivalent, false);
    assert.ok(changed.diff.changes.length > 0);
    for (const change of changed.diff.changes) assert.notDeepEqual(change.before, change.after);
    assert.ok(changed.diff.changes.some((c) => [c.before.roleArn, c.after.roleArn].includes(FINANCE) || [c.before.roleArn, c.after.roleArn].includes(ADMIN)));
  });

  test('diff against text without a role configuration, or of a document with none, says so', async () => {
    const empty = await client.request<DiffResult>('identityPoolRoles/diff', { uri: rolesUri, otherText: '{}', otherName: 'empty.json' });
    assert.equal(empty.diff, undefined);
    assert.match(empty.message ?? '', /empty\.json holds no role configuration/);
    const none = await client.request<DiffResult>('identityPoolRoles/diff', { uri: 'file:///nowhere/x.json', otherText: '{}', otherName: 'x' });
    assert.match(none.message ?? '', /no role configuration/);
    await assert.rejects(client.request('identityPoolRoles/diff', { uri: rolesUri, otherName: 'x' }), /otherText/);
  });
});

describe('identityPoolRoles/diff of a template holding two pools', () => {
  const STUDIO = 'arn:aws:iam::111122223333:role/Studio-Editor';
  const ADMINS = 'arn:aws:iam::111122223333:role/Backoffice-Admin';
  /** Two pools, each with its own attachment mapping one group to one role. */
  const pool = (name: string, userPool: string, group: string, role: string) => `
  ${name}Pool:
    Type: AWS::Cognito::IdentityPool
    Properties:
      AllowUnauthenticatedIdentities: false
      CognitoIdentityProviders:
        - ClientId: ${name.toLowerCase()}client
          ProviderName: cognito-idp.eu-west-1.amazonaws.com/${userPool}

  ${name}PoolRoles:
    Type: AWS::Cognito::IdentityPoolRoleAttachment
    Properties:
      IdentityPoolId: !Ref ${name}Pool
      Roles:
        authenticated: arn:aws:iam::111122223333:role/${name}-Viewer
      RoleMappings:
        ${name}Users:
          IdentityProvider: cognito-idp.eu-west-1.amazonaws.com/${userPool}:${name.toLowerCase()}client
          Type: Rules
          AmbiguousRoleResolution: AuthenticatedRole
          RulesConfiguration:
            Rules:
              - Claim: cognito:groups
                MatchType: Contains
                Value: ${group}
                RoleARN: ${role}
`;
  const template = (adminGroup: string) =>
    `AWSTemplateFormatVersion: '2010-09-09'\nDescription: Two apps, two identity pools.\nResources:${pool('Studio', 'eu-west-1_Studio1', 'editors', STUDIO)}${pool('Backoffice', 'eu-west-1_Office1', adminGroup, ADMINS)}`;
  let client: LspClient;
  let file: string;
  let uri: string;

  before(async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ipr-lsp-diff-pools-'));
    file = path.join(folder, 'apps.yaml');
    fs.writeFileSync(file, template('admins'));
    uri = fileUri(file);
    client = await LspClient.start({ folder });
    await client.waitForIndex();
  });
  after(() => client.stop());

  // The committed version mapped another group in the second pool only.
  const diffAt = (extra: object) =>
    client.request<DiffResult>('identityPoolRoles/diff', { uri, otherText: template('staff'), otherName: 'apps.yaml (HEAD)', ...extra });

  test("asked at a position inside the second pool's attachment, the second pool is compared", async () => {
    const document = client.openFile(file);
    const result = await diffAt({ position: positionAfter(document, 'MatchType: Contains', 1) });
    assert.equal(result.poolLabel, 'BackofficePool', JSON.stringify(result));
    assert.equal(result.poolChosen, 'position');
    assert.equal(result.diff?.equivalent, false);
    assert.ok(
      result.diff.changes.some((c) => c.before.roleArn === ADMINS || c.after.roleArn === ADMINS),
      JSON.stringify(result.diff.changes),
    );
    // Inside the first pool's attachment: that pool, unchanged.
    const first = await diffAt({ position: positionAfter(document, 'MatchType: Contains', 0) });
    assert.equal(first.poolLabel, 'StudioPool');
    assert.equal(first.diff?.equivalent, true, JSON.stringify(first));
  });

  test('without a pool at the position (or no position), nothing is compared: the pools to pick from are listed', async () => {
    const document = client.document(uri);
    for (const extra of [{}, { position: positionAfter(document, 'Description: Two') }, { poolKey: 'no-such-pool' }]) {
      const result = await diffAt(extra);
      assert.equal(result.diff, undefined, JSON.stringify(extra));
      assert.deepEqual(
        result.poolChoices?.map((choice) => choice.label),
        ['StudioPool', 'BackofficePool'],
        JSON.stringify(extra),
      );
      assert.match(result.message ?? '', /pick the pool to compare/);
    }
    const choices = (await diffAt({})).poolChoices!;
    const picked = await diffAt({ poolKey: choices[1].key });
    assert.equal(picked.poolLabel, 'BackofficePool');
    assert.equal(picked.poolChosen, 'key');
    assert.equal(picked.diff?.equivalent, false);
    await assert.rejects(diffAt({ position: { line: -1, character: 0 } }), /position/);
  });
});
