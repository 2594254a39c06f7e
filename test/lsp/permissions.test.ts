/** Issue 19 in the language server: the simulate request carries the role's permissions; `policyFiles` gives policies by ARN. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver';
import { whoCanReport } from '../../client/src/reportMarkdown';
import type { ModelTree, RoleAllowsResult, SimulateResult, WhoCanResponse } from '../../protocol/protocol';
import { fileUri, LspClient, positionAfter, rangeOf } from './lspClient';

describe('permissions in the simulate request', () => {
  test("a guest of a roles file: its role's policies come from identityPoolRoles.policyFiles", async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ipr-lsp-perms-'));
    const roles = {
      IdentityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555',
      Roles: { authenticated: 'arn:aws:iam::123456789012:role/Auth', unauthenticated: 'arn:aws:iam::123456789012:role/Guest' },
    };
    fs.writeFileSync(path.join(folder, 'app.roles.json'), JSON.stringify(roles, null, 2));
    fs.writeFileSync(
      path.join(folder, 'app.identity-pool.json'),
      JSON.stringify({ IdentityPoolId: roles.IdentityPoolId, IdentityPoolName: 'app', AllowUnauthenticatedIdentities: true }, null, 2),
    );
    fs.mkdirSync(path.join(folder, 'policies'));
    fs.writeFileSync(
      path.join(folder, 'policies', 'guest.json'),
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Rum', Effect: 'Allow', Action: 'rum:PutRumEvents', Resource: '*' }] }, null, 2),
    );
    const client = await LspClient.start({ folder, settings: { policyFiles: { 'arn:aws:iam::123456789012:role/Guest': 'policies/guest.json' } } });
    try {
      await client.waitForIndex();
      const result = await client.request<SimulateResult>('identityPoolRoles/simulate', { guest: true });
      const guest = result.results.find((r) => r.roleArn === 'arn:aws:iam::123456789012:role/Guest');
      assert.ok(guest, JSON.stringify(result));
      assert.equal(guest.permissions?.statements.length, 1);
      assert.equal(guest.permissions?.statements[0].policy, 'guest.json Rum');
      assert.equal(guest.permissions?.statements[0].location, undefined, 'a relative policy file name is no link target');
      assert.match(guest.permissions?.summary ?? '', /^rum: Write$/);
    } finally {
      await client.stop();
    }
  });
});

describe('hover on a role in a template', () => {
  test("a role's logical id shows what its policies allow, statement by statement, escaped", async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ipr-lsp-role-hover-'));
    const source = fs.readFileSync(path.resolve(__dirname, '../../../examples/cloudformation/photo-share.yaml'), 'utf8');
    // A policy name that tries Markdown (a link) must come out as text.
    fs.writeFileSync(path.join(folder, 'stack.yaml'), source.replace('PolicyName: manage-photos', 'PolicyName: "[click](https://evil.example)"'));
    const client = await LspClient.start({ folder });
    try {
      await client.waitForIndex();
      const document = client.openFile(path.join(folder, 'stack.yaml'));
      const hover = await client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri: document.uri },
        position: positionAfter(document, '  AdminsRole:', 0, 4),
      });
      assert.ok(hover, 'a hover is shown');
      const text = (hover.contents as MarkupContent).value;
      assert.match(text, /^\*\*AdminsRole allows\*\*: s3\\: /);
      assert.match(text, /`s3:GetObject, s3:PutObject, s3:DeleteObject` on `arn:\$\{AWS::Partition\}:s3:::photoshare-photos-example\/\*`/);
      assert.ok(text.includes('\\[click\\]\\(https\\://evil\\.example\\)'), text);
      assert.doesNotMatch(text, /\]\(https:/);
      assert.deepEqual(hover.range, rangeOf(document, 'AdminsRole', 1));
      // Not on a role: the editors role's policy body gives no role hover.
      const elsewhere = await client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri: document.uri },
        position: positionAfter(document, 'PolicyName: edit-photos', 0, 3),
      });
      assert.ok(!elsewhere || !/allows\*\*/.test((elsewhere.contents as MarkupContent).value));
    } finally {
      await client.stop();
    }
  });
});

describe('hover on a role ARN', () => {
  const AUTH = 'arn:aws:iam::123456789012:role/Auth';
  const GUEST = 'arn:aws:iam::123456789012:role/Guest';
  let folder: string;
  let client: LspClient;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ipr-lsp-arn-hover-'));
    const roles = { IdentityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555', Roles: { authenticated: AUTH, unauthenticated: GUEST } };
    fs.writeFileSync(path.join(folder, 'app.roles.json'), JSON.stringify(roles, null, 2));
    fs.mkdirSync(path.join(folder, 'policies'));
    fs.writeFileSync(
      path.join(folder, 'policies', 'guest.json'),
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Rum', Effect: 'Allow', Action: 'rum:PutRumEvents', Resource: '*' }] }, null, 2),
    );
    fs.mkdirSync(path.join(folder, '.vscode'));
    const policyFiles = { [GUEST]: 'policies/guest.json' };
    fs.writeFileSync(path.join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'identityPoolRoles.policyFiles': policyFiles }, null, 2));
    const stack = fs.readFileSync(path.resolve(__dirname, '../../../examples/cloudformation/photo-share.yaml'), 'utf8');
    fs.writeFileSync(path.join(folder, 'stack.yaml'), stack);
    client = await LspClient.start({ folder, settings: { policyFiles } });
    await client.waitForIndex();
  });
  after(() => client.stop());

  async function hoverText(file: string, needle: string, delta = 5): Promise<{ text: string; hover: Hover }> {
    const document = client.openFile(path.join(folder, file));
    const hover = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: document.uri },
      position: positionAfter(document, needle, 0, delta),
    });
    assert.ok(hover, `a hover on ${needle}`);
    return { text: (hover.contents as MarkupContent).value, hover };
  }

  test("a roles file's role ARN: the same summary as the logical-id hover, from the policy files", async () => {
    const { text, hover } = await hoverText('app.roles.json', GUEST, 30);
    assert.match(text, /^\*\*Role `arn:aws:iam::123456789012:role\/Guest` allows\*\*: rum\\: Write\n/);
    assert.match(text, /- ✓ \*\*Allow\*\* `rum:PutRumEvents` on `\*`: guest\\\.json Rum/);
    const document = client.document(fileUri(path.join(folder, 'app.roles.json')));
    assert.deepEqual(hover.range, rangeOf(document, `"${GUEST}"`), 'the role value, as the model reads it');
  });

  test('a role ARN whose policies are nowhere in these files says so', async () => {
    const { text } = await hoverText('app.roles.json', AUTH, 30);
    assert.match(text, /^\*\*Role `arn:aws:iam::123456789012:role\/Auth` allows\*\*: policies not in these files/);
  });

  test("a template's resolved role value (!GetAtt AdminsRole.Arn in a rule) summarises the template's role", async () => {
    const { text } = await hoverText('stack.yaml', 'RoleARN: !GetAtt AdminsRole.Arn', 20);
    assert.match(text, /allows\*\*: s3\\: /);
    assert.match(text, /`s3:GetObject, s3:PutObject, s3:DeleteObject` on `arn:\$\{AWS::Partition\}:s3:::photoshare-photos-example\/\*`/);
  });

  test('the policyFiles setting: its role ARN keys get the hover too', async () => {
    const { text } = await hoverText(path.join('.vscode', 'settings.json'), GUEST, 30);
    assert.match(text, /allows\*\*: rum\\: Write/);
  });
});

describe('identityPoolRoles/roleAllows (the tree: role → allows → service → actions)', () => {
  test("a template's role: its Allow actions by service with access levels and the statement's location; an unknown role says so", async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ipr-lsp-role-allows-'));
    fs.copyFileSync(path.resolve(__dirname, '../../../examples/cloudformation/photo-share.yaml'), path.join(folder, 'stack.yaml'));
    const client = await LspClient.start({ folder });
    try {
      await client.waitForIndex();
      const model = await client.request<ModelTree>('identityPoolRoles/model', {});
      const admins = model.roles.find((r) => r.arn.endsWith(':role/photoshare-admins'));
      assert.ok(admins, JSON.stringify(model.roles.map((r) => r.arn)));
      const allows = await client.request<RoleAllowsResult>('identityPoolRoles/roleAllows', { roleArn: admins.arn, poolKey: admins.grants[0].poolKey });
      assert.equal(allows.known, true);
      const s3 = allows.services.find((s) => s.service === 's3');
      assert.ok(s3, JSON.stringify(allows));
      const byAction = Object.fromEntries(s3.actions.map((a) => [a.action, a]));
      assert.deepEqual(byAction['s3:GetObject'].accessLevels, ['Read']);
      assert.deepEqual(byAction['s3:DeleteObject'].accessLevels, ['Write']);
      assert.equal(byAction['s3:GetObject'].conditional, false);
      assert.equal(byAction['s3:GetObject'].location?.uri, fileUri(path.join(folder, 'stack.yaml')));
      const unknown = await client.request<RoleAllowsResult>('identityPoolRoles/roleAllows', { roleArn: 'arn:aws:iam::123456789012:role/Elsewhere' });
      assert.deepEqual(unknown, { roleArn: 'arn:aws:iam::123456789012:role/Elsewhere', known: false, services: [], unresolved: [] });
      await assert.rejects(client.request('identityPoolRoles/roleAllows', { roleArn: 42 }), /roleArn/);
    } finally {
      await client.stop();
    }
  });
});

describe('identityPoolRoles/whoCan (the "Who can do this?" command)', () => {
  test('the same answer as analyze --can, with witnesses; the report escapes what the files wrote', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ipr-lsp-who-can-'));
    const source = fs.readFileSync(path.resolve(__dirname, '../../../examples/cloudformation/photo-share.yaml'), 'utf8');
    fs.writeFileSync(path.join(folder, 'stack.yaml'), source.replace('PolicyName: manage-photos', 'PolicyName: "[click](https://evil.example)"'));
    const client = await LspClient.start({ folder, settings: { clock: '2026-01-01T00:10:00Z' } });
    try {
      await client.waitForIndex();
      const result = await client.request<WhoCanResponse>('identityPoolRoles/whoCan', {
        action: 's3:DeleteObject',
        resource: 'arn:aws:s3:::photoshare-photos-example/public/x.jpg',
      });
      assert.equal(result.pools.length, 1);
      const { answer } = result.pools[0];
      assert.equal(answer.verdict, 'some');
      assert.equal(answer.guests, 'no');
      const admins = answer.entries.find((e) => e.roleArn.endsWith(':role/photoshare-admins'));
      assert.ok(admins);
      assert.equal(admins.access[0].decision, 'allowed');
      assert.equal(admins.access[0].statements[0].policy, '[click](https://evil.example)');
      assert.deepEqual(admins.routes[0].witness?.['cognito:groups'], ['admins']);
      assert.equal(admins.routes[0].witness?.iat, 1767226200, 'witnesses are built at the configured clock');
      const report = whoCanReport('Who can s3:DeleteObject?', result);
      assert.match(report, /\*\*Yes\*\*: an identity gets a role that allows it\. Guests cannot\./);
      assert.match(report, /"cognito:groups": \[\n\s+"admins"\n\s+\]/);
      assert.ok(report.includes('Allow by \\[click\\]\\(https\\://evil\\.example\\) (stack\\.yaml:170)'), report);
      assert.doesNotMatch(report, /\]\(https:/);
      await assert.rejects(client.request('identityPoolRoles/whoCan', { action: 's3:*', resource: '*' }), /action/);
      await assert.rejects(client.request('identityPoolRoles/whoCan', { action: 's3:GetObject', resource: 'bucket' }), /resource/);
      const none = await client.request<WhoCanResponse>('identityPoolRoles/whoCan', { action: 's3:GetObject', resource: '*', poolKey: 'no-such-pool' });
      assert.deepEqual(none.pools, []);
      assert.match(none.message ?? '', /No identity pool with key no-such-pool/);
    } finally {
      await client.stop();
    }
  });
});
