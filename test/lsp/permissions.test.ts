/** Issue 19 in the language server: the simulate request carries the role's permissions; `policyFiles` gives policies by ARN. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver';
import type { SimulateResult } from '../../protocol/protocol';
import { LspClient, positionAfter, rangeOf } from './lspClient';

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
