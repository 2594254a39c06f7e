/** identityPoolRoles/roleTests: listing and running the cases of a role-test file over LSP (what the Test Explorer uses). */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RoleTestsRequest, type RoleTestsResult } from '../../protocol/protocol';
import { fileUri, LspClient, REPO_ROOT } from './lspClient';

describe('identityPoolRoles/roleTests', () => {
  let client: LspClient;
  let folder: string;
  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ipr-roletests-'));
    fs.cpSync(path.join(REPO_ROOT, 'examples'), path.join(folder, 'examples'), { recursive: true });
    client = await LspClient.start({ folder });
  });
  after(async () => {
    await client?.stop();
  });

  const request = (uri: string, run: boolean, cases?: number[]) => client.request<RoleTestsResult>(RoleTestsRequest.method, { uri, run, cases });

  test('lists the cases of an example without running them, each at its name', async () => {
    const uri = fileUri(path.join(folder, 'examples/user-pool-groups/photo-share.role-tests.yaml'));
    const result = await request(uri, false);
    assert.deepEqual(result.problems, []);
    assert.equal(result.cases.length, 6);
    assert.equal(result.cases[0].name, 'an admin gets the preferred role of the token (Admins)');
    assert.equal(result.cases[0].status, undefined);
    assert.deepEqual(result.cases[0].nameRange.start, { line: 7, character: 10 });
  });

  test('runs every case of the examples: all pass, and the inputs are named for re-runs', async () => {
    for (const file of ['user-pool-groups/photo-share.role-tests.yaml', 'saml/corp-adfs.role-tests.json', 'cloudformation/photo-share.role-tests.yaml']) {
      const uri = fileUri(path.join(folder, 'examples', file));
      const result = await request(uri, true);
      assert.deepEqual(result.problems, [], file);
      assert.ok(result.cases.length > 0);
      for (const c of result.cases) assert.equal(c.status, 'pass', `${file}: ${c.name}: ${c.message}`);
      assert.ok(result.inputs.includes(uri));
    }
    const result = await request(fileUri(path.join(folder, 'examples/user-pool-groups/photo-share.role-tests.yaml')), true);
    assert.ok(result.inputs.some((u) => u.endsWith('/examples/user-pool-groups/roles.json')));
    assert.ok(result.inputs.some((u) => u.endsWith('/examples/tokens/photoshare-admin.jwt')));
  });

  test('an unsaved edit is what runs: a deliberately failing case gets expected, actual and the deciding step', async () => {
    const file = path.join(folder, 'examples/saml/corp-adfs.role-tests.json');
    const uri = fileUri(file);
    const text = fs.readFileSync(file, 'utf8').replace('role/CorpData-FinanceAnalyst', 'role/CorpData-Admin');
    client.open(uri, 'json', text);
    const result = await request(uri, true, [0]);
    client.close(uri);
    assert.equal(result.cases.length, 1);
    const [c] = result.cases;
    assert.equal(c.status, 'fail');
    assert.match(
      c.message ?? '',
      /^Expected outcome role, roleArn arn:aws:iam::111122223333:role\/CorpData-Admin, rule 1\nGot outcome role, role arn:aws:iam::111122223333:role\/CorpData-FinanceAnalyst \(rule 1, via rules\)\nDecided by rule: /,
    );
    assert.equal(c.expected, 'outcome: role\nroleArn: arn:aws:iam::111122223333:role/CorpData-Admin\nrule: 1');
    assert.equal(c.actual, 'outcome: role\nroleArn: arn:aws:iam::111122223333:role/CorpData-FinanceAnalyst\nrule: 1');
    assert.equal(c.decidingStep?.ruleIndex, 1);
  });

  test('a broken file and a missing config are problems, not failures of the request', async () => {
    const broken = path.join(folder, 'broken.role-tests.yaml');
    fs.writeFileSync(broken, 'config: nowhere.json\ncases:\n  - name: g\n    guest: true\n    expect: { outcome: role }\n');
    let result = await request(fileUri(broken), true);
    assert.equal(result.cases.length, 0);
    assert.match(result.problems[0].message, /Cannot read config file .*nowhere\.json: no such file\./);
    assert.deepEqual(result.problems[0].range.start, { line: 0, character: 8 });
    fs.writeFileSync(broken, 'config: x.json\ncases:\n  - name: g\n    expect: { outcome: role }\n');
    result = await request(fileUri(broken), true);
    assert.match(result.problems[0].message, /give the sign-in/);
    assert.equal(result.cases.length, 1, 'cases are still listed');
    result = await request(fileUri(path.join(folder, 'missing.role-tests.yaml')), false);
    assert.match(result.problems[0].message, /no such file/);
  });
});
