/**
 * Settings over workspace/configuration and the bounds of the workspace index: the include glob, the
 * file count and size limits, node_modules skipped, a settings change re-indexes, and claim names from
 * decoded tokens feed completion.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { CompletionList } from 'vscode-languageserver-protocol';
import type { ModelTree, SimulateResult } from '../../protocol/protocol';
import { describeResult } from '../../server/src/features/jwtHover';
import { copyFixtureWorkspace, fileUri, LspClient } from './lspClient';

async function model(client: LspClient): Promise<ModelTree> {
  return client.request<ModelTree>('identityPoolRoles/model', {});
}

async function pollModel(client: LspClient, check: (tree: ModelTree) => boolean, what: string): Promise<ModelTree> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const tree = await model(client);
    if (check(tree)) return tree;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(tree.pools.map((p) => p.label))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('workspace index settings', () => {
  test('the include glob decides which files are indexed; node_modules never is; a settings change re-indexes', async () => {
    const folder = copyFixtureWorkspace();
    const client = await LspClient.start({ folder, settings: { files: { include: 'pools/*.json' } } });
    try {
      await client.waitForIndex();
      const first = await model(client);
      assert.deepEqual(first.pools.map((p) => p.label).sort(), ['PhotoShare', 'Shop']);
      assert.equal(first.documentCount, 2);
      assert.ok(
        client.serverRequests.some((r) => r.method === 'client/registerCapability' && JSON.stringify(r.params).includes('pools/*.json')),
        'the file watcher follows the glob',
      );

      client.settings = {};
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const second = await pollModel(client, (tree) => tree.documentCount === 6, 'the default glob');
      assert.deepEqual(second.pools.map((p) => p.label).sort(), ['PhotoShare', 'Shop', 'Team']);
      assert.ok(!second.roles.some((r) => r.label === 'MustNotBeIndexed'), 'node_modules is skipped');
    } finally {
      await client.stop();
    }
  });

  test('maxCount and maxFileSize bound the index', async () => {
    const folder = copyFixtureWorkspace();
    const client = await LspClient.start({ folder, settings: { files: { maxCount: 1 } } });
    try {
      await client.waitForIndex();
      const bounded = await model(client);
      assert.equal(bounded.documentCount, 1);
      assert.equal(bounded.truncated, true);
      client.settings = { files: { maxFileSize: 400 } };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const small = await pollModel(client, (tree) => !tree.truncated, 'the size bound');
      const sizes = ['pools/shop.identity-pool.json', 'pools/team.identity-pool.yaml'].map((f) => fs.statSync(path.join(folder, f)).size);
      assert.ok(
        sizes.every((size) => size <= 400),
        'the fixture pool files are small',
      );
      assert.deepEqual(small.pools.map((p) => p.label).sort(), ['Shop', 'Team'], 'only files under 400 bytes');
    } finally {
      await client.stop();
    }
  });

  test('wrongly typed settings fall back to the defaults', async () => {
    const folder = copyFixtureWorkspace();
    const client = await LspClient.start({
      folder,
      settings: { files: { include: 42, maxCount: 'many', maxFileSize: -1 }, jwksFiles: 'keys.json', clock: { when: 'now' } },
    });
    try {
      await client.waitForIndex();
      assert.equal((await model(client)).documentCount, 6);
    } finally {
      await client.stop();
    }
  });

  test('claim names of decoded tokens are offered when completing a rule claim', async () => {
    const folder = copyFixtureWorkspace();
    const client = await LspClient.start({ folder });
    try {
      await client.waitForIndex();
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const token = `${encode({ alg: 'RS256' })}.${encode({ iss: 'https://issuer.example.com', 'custom:favourite_colour': 'green' })}.c2ln`;
      await client.request('identityPoolRoles/decodeToken', { token });
      const file = path.join(folder, 'roles', 'photos.roles.json');
      const text = fs.readFileSync(file, 'utf8').replace('"Claim": "custom:dept"', '"Claim": "cu"');
      const uri = fileUri(file);
      const document = client.open(uri, 'json', text);
      const offset = text.indexOf('"cu"') + 3;
      const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: document.positionAt(offset) });
      assert.ok(list.items.some((i) => i.label === 'custom:favourite_colour'));
    } finally {
      await client.stop();
    }
  });
});

describe('identityPoolRoles.templateParameters', () => {
  const template = path.join(__dirname, '../../../examples/cloudformation/field-service.yaml');
  const loginKey = 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_FieldSvc1';
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: `https://${loginKey}`,
    aud: '3fexamplefieldmobile8k2q7w',
    token_use: 'id',
    sub: 'u1',
    exp: now + 3600,
    iat: now - 10,
    'cognito:groups': ['ops-admins'],
  };

  async function simulate(client: LspClient, params: Record<string, unknown>): Promise<SimulateResult['results'][number]> {
    const result = await client.request<SimulateResult>('identityPoolRoles/simulate', params);
    assert.equal(result.results.length, 1, JSON.stringify(result));
    return result.results[0];
  }

  test('without values the outcome is unknown and names the parameters; the values given replace defaults, decide conditions and re-check open templates', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ipr-lsp-params-'));
    fs.copyFileSync(template, path.join(folder, 'field-service.template.yaml'));
    const client = await LspClient.start({ folder });
    try {
      await client.waitForIndex();
      const signedIn = await simulate(client, { claims });
      assert.deepEqual([signedIn.outcome, signedIn.roleArn, signedIn.dependsOn], ['unknown', null, ['AdminGroupName']]);
      const guest = await simulate(client, { guest: true });
      assert.deepEqual([guest.outcome, guest.dependsOn], ['unknown', ['Environment']]);
      assert.equal((await model(client)).pools[0].allowUnauthenticatedIdentities, 'unknown', 'guest access is not shown as false');
      const uri = client.openFile(path.join(folder, 'field-service.template.yaml')).uri;
      assert.ok((await client.pull(uri)).some((d) => d.code === 'parameter-default-used'));

      client.settings = { templateParameters: { Environment: 'prod', AdminGroupName: 'ops-admins', SupportGroupName: 'helpdesk', 'not a name': 'x' } };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const tree = await pollModel(client, (t) => t.pools[0]?.allowUnauthenticatedIdentities === false, 'guest access from Environment=prod');
      assert.equal(tree.pools.length, 1);
      const admin = await simulate(client, { claims });
      assert.deepEqual(
        [admin.outcome, admin.roleArn, admin.via, admin.matchedRuleIndex],
        ['role', 'arn:aws:iam::${AWS::AccountId}:role/field-service-admin-prod', 'rules', 0],
      );
      const refused = await simulate(client, { guest: true });
      assert.deepEqual(
        [refused.outcome, refused.roleArn, refused.errorCode, refused.message],
        ['error', null, 'NotAuthorizedException', 'Unauthenticated access is not supported for this identity pool.'],
      );
      const diagnostics = await client.pull(uri);
      assert.ok(!diagnostics.some((d) => d.code === 'parameter-default-used'), 'a given value is not a default');
      assert.ok(
        diagnostics.some((d) => d.code === 'unauthenticated-role-unused'),
        'the open template is checked with Environment=prod',
      );
    } finally {
      await client.stop();
    }
  });
});

describe('JWT hover line of an unknown outcome', () => {
  test('says the role is unknown until deployment and which setting decides it, with no role shown', () => {
    const line = describeResult({
      outcome: 'unknown',
      roleArn: null,
      via: 'rules',
      matchedRuleIndex: null,
      mappingKey: null,
      errorCode: null,
      message: "The outcome depends on Rules[0]'s Value ${AdminGroupName} (template parameter AdminGroupName), known only at deploy time.",
      trace: [],
      assumptions: [],
      dependsOn: ['AdminGroupName'],
      poolKey: 'file:///w/t.yaml#IdentityPool',
      poolLabel: 'IdentityPool',
    });
    assert.match(line, /^- \*\*IdentityPool\*\*: \*\*unknown until deployment\*\*: /);
    assert.match(line, /Set `AdminGroupName` in `identityPoolRoles\.templateParameters` to decide it\.$/);
  });
});
