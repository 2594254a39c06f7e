/**
 * Real-world files (../shared/corpus/real-world, described in its SOURCES.md): every file is parsed and
 * checked without a crash and in under a second, and the mistakes SOURCES.md notes are found; Terraform (.tf)
 * files too, with the Terraform parser loaded as a host loads it.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { CoreDiagnostic } from '../../core/diagnostics';
import { parseDocument } from '../../core/documents';
import type { ModelDocument } from '../../core/model';
import { checkDocuments } from '../../core/validate/index';
import { poolByLogicalId, ROOT, textAt } from './cfn-fixtures';
import { loadParser } from './terraform-fixtures';

const CORPUS = path.resolve(ROOT, '../shared/corpus/real-world');
const files = fs.existsSync(CORPUS) ? fs.readdirSync(CORPUS).sort() : [];

interface Checked {
  document: ModelDocument;
  diagnostics: CoreDiagnostic[];
  elapsedMs: number;
}

const cache = new Map<string, Checked>();

function check(file: string): Checked {
  let checked = cache.get(file);
  if (!checked) {
    const text = fs.readFileSync(path.join(CORPUS, file), 'utf8');
    const started = process.hrtime.bigint();
    const document = parseDocument(`file://${path.join(CORPUS, file)}`, text);
    const diagnostics = checkDocuments([document]).get(document.uri) ?? [];
    checked = { document, diagnostics, elapsedMs: Number(process.hrtime.bigint() - started) / 1e6 };
    cache.set(file, checked);
  }
  return checked;
}

/** The corpus file whose name starts with the repository's `owner__name`. */
function corpusFile(prefix: string): string {
  const file = files.find((f) => f.startsWith(prefix));
  assert.ok(file, `corpus file ${prefix}* exists`);
  return file;
}

function codes(checked: Checked): string[] {
  return checked.diagnostics.map((d) => d.code);
}

describe('real-world corpus', { skip: files.length === 0 ? `no corpus at ${CORPUS}` : false }, () => {
  before(loadParser);

  it('has the files SOURCES.md describes', () => {
    assert.ok(files.includes('SOURCES.md'));
    assert.ok(files.filter((f) => f !== 'SOURCES.md').length >= 15);
  });

  for (const file of files) {
    it(`${file}: parsed and checked without a crash, in under a second`, () => {
      const { document, diagnostics, elapsedMs } = check(file);
      assert.ok(elapsedMs < 1000, `took ${Math.round(elapsedMs)} ms`);
      assert.ok(Array.isArray(diagnostics));
      for (const d of diagnostics) {
        assert.ok(d.message.length > 0);
        assert.ok(d.range.start.line >= 0 && d.range.end.line < document.parsed.lines.lineCount);
      }
      if (file !== 'SOURCES.md' && document.kind === 'template') {
        assert.deepEqual(document.parsed.errors, [], 'CloudFormation deploys these files, so they must parse cleanly');
      }
    });
  }

  it('no real role trust policy is reported as refusing its pool (they all deploy and work)', () => {
    for (const file of files) {
      const refusals = check(file).diagnostics.filter((d) => d.code.startsWith('trust-') && d.severity === 'error');
      assert.deepEqual(
        refusals.map((d) => `${file}: ${d.message}`),
        [],
      );
    }
  });

  it('DaisukeMiyamoto: guests are allowed but there is no unauthenticated role', () => {
    const checked = check(corpusFile('DaisukeMiyamoto__'));
    const pool = poolByLogicalId(checked.document, 'IdentityPool');
    assert.equal(pool.definition?.allowUnauthenticatedIdentities?.value, true);
    assert.equal(pool.roleConfig?.unauthenticated, undefined);
    assert.ok(codes(checked).includes('guest-access-without-unauthenticated-role'), codes(checked).join(', '));
  });

  it('turnerlabs/antiope: an unauthenticated role on a pool that does not allow guests', () => {
    const checked = check(corpusFile('turnerlabs__'));
    const pool = poolByLogicalId(checked.document, 'CognitoIDPool');
    assert.equal(pool.definition?.allowUnauthenticatedIdentities?.value, false);
    assert.ok(pool.roleConfig?.unauthenticated);
    assert.ok(codes(checked).includes('unauthenticated-role-unused'), codes(checked).join(', '));
  });

  it('aws-solutions/amazon-marketing-cloud-uploader: an unauthenticated role although guests are disabled; Token/Deny under a fixed key', () => {
    const checked = check(corpusFile('aws-solutions__amazon-marketing-cloud-uploader'));
    const pool = poolByLogicalId(checked.document, 'IdentityPool');
    const mapping = pool.roleConfig!.mappings[0];
    assert.equal(mapping.key.value, 'TransformedRoleMapping');
    assert.equal(mapping.provider.value, 'cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}:${WebAppClient}');
    assert.deepEqual([mapping.type?.value, mapping.ambiguousRoleResolution?.value], ['Token', 'Deny']);
    assert.ok(
      pool.iamRoles?.some((r) => r.logicalId === 'AdminRole'),
      'the admin group role is handed out through the Token mapping',
    );
    assert.ok(codes(checked).includes('unauthenticated-role-unused'), codes(checked).join(', '));
  });

  it('lca-ai-stack: two identity pools, a guest-only one and a user-pool one with an authenticated role only', () => {
    const { document } = check(corpusFile('aws-samples__amazon-transcribe-live-call-analytics'));
    assert.deepEqual(
      document.pools.map((p) => p.logicalId),
      ['AgentAssistBotIdentityPool', 'IdentityPool'],
    );
    const guests = poolByLogicalId(document, 'AgentAssistBotIdentityPool');
    assert.equal(guests.definition?.allowUnauthenticatedIdentities?.value, true);
    assert.deepEqual(
      [guests.roleConfig?.authenticated, guests.roleConfig?.unauthenticated?.value],
      [undefined, 'arn:aws:iam::${AWS::AccountId}:role/${AgentAssistBotUnauthRole}'],
    );
    const users = poolByLogicalId(document, 'IdentityPool');
    assert.deepEqual(
      [users.roleConfig?.authenticated?.value, users.roleConfig?.unauthenticated],
      ['arn:aws:iam::${AWS::AccountId}:role/${CognitoAuthorizedRole}', undefined],
    );
    assert.deepEqual(
      guests.iamRoles?.map((r) => r.logicalId),
      ['AgentAssistBotUnauthRole'],
    );
  });

  it('0libre: RoleMappings is !GetAtt of a custom resource: symbolic, reported as not checkable, its rule role still trust-checked', () => {
    const checked = check(corpusFile('0libre__'));
    const pool = checked.document.pools[0];
    assert.equal(pool.logicalId, 'CognitoPoolIdRoles', 'the pool is a parameter, so the attachment names it');
    assert.equal(pool.roleConfig?.mappingsSymbolic?.value, '${TransformedRoleMapping.RoleMapping}');
    assert.deepEqual(pool.roleConfig?.mappings, []);
    assert.ok(codes(checked).includes('mappings-not-static'));
    assert.deepEqual(
      pool.iamRoles?.map((r) => r.logicalId),
      ['CognitoUnAuthorizedRole', 'CognitoUserAuthorizedRole'],
    );
  });

  it('media2cloud: Rules whose values come from !FindInMap are resolved', () => {
    const { document } = check(corpusFile('aws-solutions__media2cloud'));
    const mapping = poolByLogicalId(document, 'CognitoIdentityPool').roleConfig!.mappings[0];
    assert.deepEqual(
      mapping.rules.map((r) => `${r.claim?.value} ${r.matchType?.value} ${r.value?.value}`),
      ['cognito:groups Contains admin', 'cognito:groups Contains creator', 'cognito:groups Contains viewer'],
    );
    assert.equal(mapping.ambiguousRoleResolution?.value, 'Deny');
  });

  it('nightline (Amplify): two Token mappings whose IdentityProvider (Fn::Sub list form) names the registered app clients', () => {
    const { document } = check(corpusFile('ghanley04__'));
    const pool = poolByLogicalId(document, 'IdentityPool');
    const registered = pool.definition!.cognitoProviders.map((p) => `${p.providerName?.value}:${p.clientId?.value}`);
    assert.deepEqual(
      pool.roleConfig!.mappings.map((m) => m.provider.value),
      registered,
    );
    assert.deepEqual(
      pool.roleConfig!.mappings.map((m) => m.key.value),
      ['UserPoolClientRoleMapping', 'UserPoolWebClientRoleMapping'],
    );
    assert.equal(pool.roleConfig!.authenticated?.value, '${authRoleArn}');
  });

  it('Barneslow (cdk synth): the Token mapping keyed adminsMapping names the registered provider through Fn::Join', () => {
    const { document } = check(corpusFile('Barneslow__'));
    const pool = document.pools[0];
    const mapping = pool.roleConfig!.mappings[0];
    assert.equal(mapping.key.value, 'adminsMapping');
    const registered = pool.definition!.cognitoProviders[0];
    assert.equal(mapping.provider.value, `${registered.providerName?.value}:${registered.clientId?.value}`);
    assert.equal(pool.definition?.allowUnauthenticatedIdentities?.value, true);
  });

  it('aws-iot-chat (serverless.yml): resources.Resources is read; framework variables stay symbolic; dotted Fn::GetAtt', () => {
    const checked = check(corpusFile('aws-samples__aws-iot-chat-example'));
    const pool = poolByLogicalId(checked.document, 'IdentityPool');
    assert.deepEqual(
      pool.definition!.supportedLoginProviders.map((p) => [p.provider.value, p.appId?.symbolic]),
      [
        ['graph.facebook.com', true],
        ['accounts.google.com', true],
      ],
    );
    assert.equal(pool.definition!.cognitoProviders[0].providerName?.value, 'cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}');
    assert.deepEqual(
      checked.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
  });

  it('jailingeshwarR (Serverless resources fragment): a guest-only pool whose role is defined in another file', () => {
    const checked = check(corpusFile('jailingeshwarR__'));
    const pool = checked.document.pools[0];
    assert.equal(pool.definition?.allowUnauthenticatedIdentities?.value, true);
    assert.equal(pool.roleConfig?.authenticated, undefined);
    const dangling = checked.diagnostics.filter((d) => d.code === 'dangling-reference');
    assert.deepEqual(
      dangling.map((d) => d.severity),
      ['warning'],
    );
    assert.match(dangling[0].message, /CognitoUnAuthRole/);
  });

  it('devendersatija: the IoT pool allows the classic flow and guests', () => {
    const pool = check(corpusFile('devendersatija__')).document.pools[0];
    assert.equal(pool.definition?.allowClassicFlow?.value, true);
    assert.equal(pool.definition?.allowUnauthenticatedIdentities?.value, true);
  });

  it('illusion173 (Amplify userPoolGroups): the pool lives in another stack, a Lambda sets its mappings, and the group role is trust-checked', () => {
    const checked = check(corpusFile('illusion173__'));
    assert.equal(checked.document.kind, 'template');
    const pool = checked.document.pools[0];
    assert.deepEqual(checked.document.pools.length, 1);
    assert.deepEqual(
      pool.deployTimeRoleConfig?.map((c) => c.logicalId),
      ['RoleMapFunctionInput'],
    );
    assert.deepEqual(
      pool.iamRoles?.map((r) => r.logicalId),
      ['phibyeuserpoolGroupRole'],
      'the group role is trust-checked',
    );
    const notStatic = checked.diagnostics.filter((d) => d.code === 'mappings-not-static');
    assert.equal(notStatic.length, 1);
    assert.equal(
      notStatic[0].range.start.line,
      checked.document.parsed.text.split('\n').findIndex((l) => l.includes('"RoleMapFunctionInput": {')),
    );
    assert.match(
      notStatic[0].message,
      /Lambda RoleMapFunction calls setIdentityPoolRoles, sets the roles and role mappings of the identity pool of parameter authamplifyphibyeIdentityPoolId/,
    );
    // Its trust policy (aud of the same parameter, amr authenticated) is right: nothing but the note and a parameter-default hint.
    assert.deepEqual(codes(checked).sort(), ['mappings-not-static', 'parameter-default-used']);
  });

  it('pmarques: a Lambda custom resource sets Token/Deny mappings, so the group roles are handed out and their trust policies checked', () => {
    const checked = check(corpusFile('pmarques__'));
    const pool = poolByLogicalId(checked.document, 'IdentityPool');
    assert.deepEqual(
      pool.deployTimeRoleConfig?.map((c) => c.logicalId),
      ['IdentityPoolRoleMappingUpdateRun'],
    );
    assert.ok(
      pool.providersAddedElsewhere?.some((why) => /ElasticsearchPrjectA/.test(why)),
      'the Elasticsearch domains register their user pool on the pool',
    );
    const notStatic = checked.diagnostics.filter((d) => d.code === 'mappings-not-static');
    assert.deepEqual(
      notStatic.map((d) => d.range.start.line + 1),
      [342],
    );
    // The three group roles trust cognito-identity.amazonaws.com without aud or amr conditions: real findings.
    const missingAud = checked.diagnostics.filter((d) => d.code === 'trust-missing-aud');
    assert.deepEqual(
      missingAud.map((d) => d.message.split(' ')[1]),
      ['AdminRole', 'ProjectARole', 'ProjectBRole'],
    );
    for (const code of ['authenticated-role-without-providers', 'group-role-unused', 'no-role-attachment']) assert.ok(!codes(checked).includes(code), code);
  });

  it('DaisukeMiyamoto: a pool without providers exported to another stack (an Elasticsearch domain adds them) is not authenticated-role-without-providers', () => {
    const checked = check(corpusFile('DaisukeMiyamoto__'));
    assert.ok(!codes(checked).includes('authenticated-role-without-providers'), codes(checked).join(', '));
    assert.ok(poolByLogicalId(checked.document, 'IdentityPool').providersAddedElsewhere?.length);
  });

  it('devendersatija: a custom resource given the pool id whose inline Lambda never calls SetIdentityPoolRoles does not make the mappings unknown', () => {
    const checked = check(corpusFile('devendersatija__'));
    assert.equal(checked.document.pools[0].deployTimeRoleConfig, undefined);
    assert.ok(!codes(checked).includes('mappings-not-static'));
  });

  it('has the four Terraform files, each read as a template with its pool', () => {
    const terraform = files.filter((f) => f.endsWith('.tf'));
    assert.equal(terraform.length, 4);
    for (const file of terraform) {
      const { document } = check(file);
      assert.equal(document.kind, 'template', file);
      assert.equal(document.parsed.format, 'terraform');
      assert.equal(document.pools.length, 1, file);
    }
  });

  it('frittatelle (Terraform, CRLF): jsonencode trust policies with aud and amr pass; provider name from region and pool id; unauthenticated role unused', () => {
    const checked = check(corpusFile('frittatelle__'));
    const pool = checked.document.pools[0];
    assert.equal(pool.label, 'aws_cognito_identity_pool.identities_pool');
    assert.equal(pool.definition!.cognitoProviders[0].providerName?.value, 'cognito-idp.${var.region}.amazonaws.com/${aws_cognito_user_pool.users_pool.id}');
    assert.equal(pool.definition!.cognitoProviders[0].providerName?.symbolic, true);
    assert.equal(pool.roleConfig!.mappings.length, 0);
    assert.deepEqual(
      pool.iamRoles?.map((r) => r.logicalId),
      ['aws_iam_role.authenticated', 'aws_iam_role.unauthenticated'],
    );
    assert.deepEqual(
      checked.diagnostics.filter((d) => d.code.startsWith('trust-')).map((d) => d.code),
      [],
    );
    const unused = checked.diagnostics.find((d) => d.code === 'unauthenticated-role-unused');
    assert.ok(unused, codes(checked).join(', '));
    // CRLF line endings: the range still covers exactly the value.
    assert.equal(textAt(checked.document.parsed.text, unused.range), 'aws_iam_role.unauthenticated.arn');
  });

  it('nationalarchives (Terraform): two user-pool clients on one pool, hard-coded role ARNs; the commented-out roles are not read', () => {
    const checked = check(corpusFile('nationalarchives__'));
    const pool = checked.document.pools[0];
    assert.deepEqual(
      pool.definition!.cognitoProviders.map((p) => p.clientId?.value),
      ['${module.frontend.app_client_authenticate_id}', '${module.frontend.app_client_upload_id}'],
    );
    assert.equal(pool.roleConfig!.authenticated?.value, 'arn:aws:iam::247222723249:role/Cognito_devTDRIdentityPoolAuth_Role');
    assert.equal(pool.roleConfig!.authenticated?.symbolic, undefined);
    assert.equal(pool.iamRoles, undefined, 'the roles are defined elsewhere (their definitions here are commented out)');
    assert.deepEqual(
      checked.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code),
      [],
    );
  });

  it('RLuckom (Terraform): the first rule `aud Equals var.client_id` matches every token of the mapping, so the dynamic rules after it are never used', () => {
    const checked = check(corpusFile('RLuckom__'));
    const mapping = checked.document.pools[0].roleConfig!.mappings[0];
    assert.deepEqual([mapping.type?.value, mapping.ambiguousRoleResolution?.value], ['Rules', 'Deny']);
    assert.deepEqual(
      mapping.rules.map((r) => `${r.claim?.value} ${r.matchType?.value}`),
      ['aud Equals', '${dynamic "mapping_rule" for_each = var.plugin_configs} Contains'],
      'the dynamic block over var.plugin_configs: how many rules it makes is known only at apply time, so its claim is unknown',
    );
    const always = checked.diagnostics.filter((d) => d.code === 'rule-always-matches');
    assert.equal(always.length, 1, codes(checked).join(', '));
    assert.equal(
      always[0].range.start.line,
      checked.document.parsed.text.split('\n').findIndex((l) => l.trim() === 'mapping_rule {'),
    );
    assert.equal(checked.document.pools[0].roleConfig!.unauthenticated, undefined);
    assert.equal(checked.document.pools[0].roleConfig!.authenticated?.value, '${module.parent_authenticated_role.role.arn}');
  });

  it('squidfunk (Terraform): developer provider plus a user pool with server-side token check; the trust policy from a template file is not static', () => {
    const checked = check(corpusFile('squidfunk__'));
    const definition = checked.document.pools[0].definition!;
    assert.equal(definition.developerProviderName?.value, '${var.cognito_identity_pool_provider}');
    assert.equal(definition.cognitoProviders[0].serverSideTokenCheck?.value, true);
    assert.equal(checked.document.pools[0].roleConfig!.unauthenticated, undefined);
    assert.ok(codes(checked).includes('trust-not-static'), codes(checked).join(', '));
  });
});
