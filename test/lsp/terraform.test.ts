/**
 * Terraform over LSP (issue 12): a folder's `.tf` files are one module, checked as one, each diagnostic in the
 * file it points into; completion, hover and symbols in `.tf` files; the tree lists the Terraform pool.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, CompletionList, Diagnostic, DocumentSymbol, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import type { DiffResult, ModelTree } from '../../protocol/protocol';
import { copyFixtureWorkspace, fileUri, LspClient, MINIMAL_CAPABILITIES, positionAfter, rangeOf } from './lspClient';

function markdown(hover: Hover | null): string {
  return (hover?.contents as MarkupContent | undefined)?.value ?? '';
}

function labels(list: CompletionList | CompletionItem[] | null): string[] {
  return (Array.isArray(list) ? list : (list?.items ?? [])).map((item) => item.label);
}

/** Pulls until the parser has loaded (the first pull may still say it is not). */
async function pullLoaded(client: LspClient, uri: string): Promise<Diagnostic[]> {
  let diagnostics: Diagnostic[] = [];
  for (let attempt = 0; attempt < 50; attempt++) {
    diagnostics = await client.pull(uri);
    if (!diagnostics.some((d) => /parser is not loaded/.test(String(d.message)))) return diagnostics;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return diagnostics;
}

describe('Terraform module in the language server', () => {
  let client: LspClient;
  let folder: string;
  let main: string;
  let iam: string;

  before(async () => {
    folder = copyFixtureWorkspace('terraform-workspace');
    main = path.join(folder, 'photos', 'main.tf');
    iam = path.join(folder, 'photos', 'iam.tf');
    client = await LspClient.start({ folder });
    await client.waitForIndex();
  });
  after(async () => {
    await client?.stop();
  });

  test('invalid-enum-value on match_type = "Equal" at its exact range, in the file it is in (languageId terraform)', async () => {
    const document = client.open(fileUri(iam), 'terraform', fs.readFileSync(iam, 'utf8'));
    const diagnostics = await pullLoaded(client, document.uri);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range, d.source]),
      [['invalid-enum-value', rangeOf(document, '"Equal"'), 'identity-pool-roles']],
    );
  });

  test('a plaintext .tf file (no Terraform extension) is read too, with the variables.tf of its folder from disk', async () => {
    const document = client.open(fileUri(main), 'plaintext', fs.readFileSync(main, 'utf8'));
    // variables.tf holds no identity-pool resource: it is indexed because its folder has some.
    assert.deepEqual(
      (await pullLoaded(client, document.uri)).map((d) => [d.code, d.range]),
      [['parameter-default-used', rangeOf(document, 'var.allow_guests')]],
    );
  });

  test('a Terraform file without identity-pool resources gets nothing, even half-typed', async () => {
    const uri = fileUri(path.join(folder, 'network', 'vpc.tf'));
    client.open(uri, 'terraform', 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n');
    assert.deepEqual(await client.pull(uri), []);
    const list = await client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 2 } });
    assert.deepEqual(labels(list), []);
    client.close(uri);
  });

  test('editing main.tf changes the diagnostics of iam.tf (one module)', async () => {
    const mainDocument = client.document(fileUri(main));
    // Guests allowed without an unauthenticated role in iam.tf: the module's check reports it in main.tf.
    client.change(
      mainDocument.uri,
      mainDocument.getText().replace('allow_unauthenticated_identities = var.allow_guests', 'allow_unauthenticated_identities = true'),
    );
    const mainDiagnostics = await client.pull(mainDocument.uri);
    assert.ok(mainDiagnostics.length > 0, 'the change is reported in main.tf');
    assert.ok(
      mainDiagnostics.every((d) => d.range.end.line < mainDocument.lineCount),
      'every range of main.tf lies inside main.tf',
    );
    // iam.tf still has its own diagnostic at its own range (not shifted by main.tf's lines).
    const iamDocument = client.document(fileUri(iam));
    const iamDiagnostics = await client.pull(iamDocument.uri);
    assert.deepEqual(
      iamDiagnostics.filter((d) => d.code === 'invalid-enum-value').map((d) => d.range),
      [rangeOf(iamDocument, '"Equal"')],
    );
    client.change(mainDocument.uri, fs.readFileSync(main, 'utf8'));
    assert.deepEqual(
      (await client.pull(mainDocument.uri)).map((d) => d.code),
      ['parameter-default-used'],
    );
  });

  test('completion of match_type values inside a mapping_rule block', async () => {
    const document = client.document(fileUri(iam));
    const text = document.getText().replace('match_type = "Equal"', 'match_type = "');
    client.change(document.uri, text);
    const edited = client.document(document.uri);
    const position = positionAfter(edited, 'match_type = "');
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: document.uri }, position });
    assert.deepEqual(labels(list), ['Equals', 'Contains', 'StartsWith', 'NotEqual']);
    const equals = list.items[0];
    assert.deepEqual((equals.textEdit as { range: unknown }).range, { start: position, end: position });
    assert.equal((equals.textEdit as { newText: string }).newText, 'Equals"');
    // Inside an existing value: the rest of the string is replaced, its closing quote kept.
    client.change(document.uri, fs.readFileSync(iam, 'utf8'));
    const original = client.document(document.uri);
    const inside = positionAfter(original, 'match_type = "');
    const replaced = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: document.uri }, position: inside });
    assert.deepEqual(replaced.items[0].textEdit, { range: { start: inside, end: positionAfter(original, 'match_type = "Equal') }, newText: 'Equals' });
  });

  test('completion of type values and attribute names of a role_mapping block', async () => {
    const document = client.document(fileUri(iam));
    client.change(document.uri, document.getText().replace('type                      = "Rules"', 'type = "'));
    const edited = client.document(document.uri);
    const types = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: edited.uri },
      position: positionAfter(edited, 'type = "'),
    });
    assert.deepEqual(labels(types), ['Token', 'Rules']);
    client.change(document.uri, fs.readFileSync(iam, 'utf8').replace('    type                      = "Rules"\n', '    amb\n'));
    const named = client.document(document.uri);
    const names = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: named.uri },
      position: positionAfter(named, '    amb'),
    });
    assert.ok(labels(names).includes('ambiguous_role_resolution'), labels(names).join(', '));
    assert.ok(labels(names).includes('mapping_rule'));
    // Roles: the module's aws_iam_role resources, in a rule and in the roles map.
    client.change(
      document.uri,
      fs
        .readFileSync(iam, 'utf8')
        .replace('role_arn   = aws_iam_role.authenticated.arn', 'role_arn   = ')
        .replace('authenticated = aws_iam_role.authenticated.arn', 'authenticated = '),
    );
    const roles = client.document(document.uri);
    for (const needle of ['role_arn   = ', 'authenticated = ']) {
      const list = await client.request<CompletionList>('textDocument/completion', {
        textDocument: { uri: roles.uri },
        position: positionAfter(roles, needle),
      });
      assert.deepEqual(labels(list), ['aws_iam_role.authenticated.arn'], needle);
    }
    client.change(document.uri, fs.readFileSync(iam, 'utf8'));
  });

  test('hover on match_type and on its value', async () => {
    const document = client.document(fileUri(iam));
    const name = await client.request<Hover>('textDocument/hover', { textDocument: { uri: document.uri }, position: positionAfter(document, 'match_', 0) });
    // The rule's reachability first (its MatchType is invalid), then the docs titled with the Terraform name.
    assert.match(markdown(name), /^\*\*Never used\*\*: Rules\[0\] can never match/);
    assert.match(markdown(name), /\n`match_type` \(CloudFormation `MatchType`\)\n/);
    assert.match(markdown(name), /Equals, Contains/);
    assert.deepEqual(name.range, rangeOf(document, 'match_type'));
    const value = await client.request<Hover>('textDocument/hover', { textDocument: { uri: document.uri }, position: positionAfter(document, '"Equ') });
    assert.match(markdown(value), /`Equal` is not an allowed value\. Allowed: `Equals`, `Contains`, `StartsWith`, `NotEqual`\./);
    const block = await client.request<Hover>('textDocument/hover', { textDocument: { uri: document.uri }, position: positionAfter(document, 'role_map', 0) });
    assert.match(markdown(block), /^`role_mapping` \(CloudFormation `RoleMappings`\)/);
    assert.deepEqual(block.range, rangeOf(document, 'role_mapping'));
    const outside = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: document.uri },
      position: positionAfter(document, '# Roles', 0, 3),
    });
    assert.equal(outside, null);
  });

  test("hover on an aws_iam_role's name label and on a reference to it: the role's permissions, its policy at its line in policies.tf", async () => {
    const document = client.document(fileUri(iam));
    const policies = client.open(
      fileUri(path.join(folder, 'photos', 'policies.tf')),
      'terraform',
      fs.readFileSync(path.join(folder, 'photos', 'policies.tf'), 'utf8'),
    );
    const statementLine = rangeOf(policies, 'Sid      = "ReadWritePhotos"').start.line; // 0-based: the statement starts on the line before
    const expected = [
      '**aws\\_iam\\_role\\.authenticated allows**: s3\\: Read, Write',
      '',
      'As the policies are written: conditions and policy variables depend on the identity (simulate one to see what applies to it).',
      '',
      `- ✓ **Allow** \`s3:GetObject, s3:PutObject\` on \`arn:aws:s3:::photos-example-bucket/*\`: photos\\-access ReadWritePhotos (policies\\.tf:${statementLine})`,
    ].join('\n');
    const hoverAt = (uri: string, position: { line: number; character: number }) =>
      client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
    // (a) the name label of resource "aws_iam_role" "authenticated".
    const label = await hoverAt(document.uri, positionAfter(document, 'resource "aws_iam_role" "auth'));
    assert.equal(markdown(label), expected);
    assert.deepEqual(label?.range, rangeOf(document, '"authenticated"'));
    // (b) references: the roles map, the mapping rule's role_arn (the second one), the policy's role.
    for (const [needle, occurrence] of [
      ['aws_iam_role.authenticated.arn', 0],
      ['aws_iam_role.authenticated.arn', 1],
    ] as const) {
      const hover = await hoverAt(document.uri, positionAfter(document, needle, occurrence, 20));
      assert.equal(markdown(hover), expected, `${needle} #${occurrence}`);
      assert.deepEqual(hover?.range, rangeOf(document, needle, occurrence));
    }
    const attached = await hoverAt(policies.uri, positionAfter(policies, 'role = aws_iam_'));
    assert.equal(markdown(attached).split('\n')[0], expected.split('\n')[0]);
    assert.deepEqual(attached?.range, rangeOf(policies, 'aws_iam_role.authenticated.id'));
    // Not on a role: a comment naming it, an unrelated word, the pool's reference.
    assert.equal(await hoverAt(policies.uri, positionAfter(policies, '# What signed-in users may do: attached to aws_iam_')), null);
    assert.equal(await hoverAt(policies.uri, positionAfter(policies, 'photos-ac')), null);
    const pool = await hoverAt(document.uri, positionAfter(document, 'identity_pool_id = aws_cognito_'));
    assert.doesNotMatch(markdown(pool), /allows\*\*/);
    client.close(policies.uri);
  });

  test('document symbols: the resources read, the attachment with its mappings and rules', async () => {
    const document = client.document(fileUri(iam));
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: document.uri } });
    assert.deepEqual(
      symbols.map((s) => [s.name, s.detail]),
      [
        ['aws_cognito_identity_pool_roles_attachment.main', 'aws_cognito_identity_pool_roles_attachment'],
        ['aws_iam_role.authenticated', 'aws_iam_role'],
      ],
    );
    assert.deepEqual(symbols[0].selectionRange, rangeOf(document, '"main"'));
    const mappings = symbols[0].children?.find((s) => s.name === 'RoleMappings');
    assert.equal(mappings?.children?.[0].children?.[0].name, 'custom:department Equal editors');
    const mainSymbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: fileUri(main) } });
    assert.deepEqual(
      mainSymbols.map((s) => s.name),
      ['aws_cognito_user_pool.users', 'aws_cognito_user_pool_client.app', 'aws_cognito_identity_pool.main'],
    );
  });

  test('the tree lists the Terraform pool by address, its locations in the right files and lines', async () => {
    for (const file of [main, iam]) client.close(fileUri(file)); // read from the workspace index
    const tree = await client.request<ModelTree>('identityPoolRoles/model', {});
    const pool = tree.pools.find((p) => p.label.includes('aws_cognito_identity_pool.main') || p.key.includes('aws_cognito_identity_pool.main'));
    assert.ok(pool, JSON.stringify(tree.pools.map((p) => [p.key, p.label])));
    const mainDocument = client.open(fileUri(main), 'terraform', fs.readFileSync(main, 'utf8'));
    const iamDocument = client.open(fileUri(iam), 'terraform', fs.readFileSync(iam, 'utf8'));
    assert.equal(pool.location.uri, mainDocument.uri);
    assert.equal(pool.location.range.start.line, rangeOf(mainDocument, 'resource "aws_cognito_identity_pool"').start.line);
    const otherFiles = ['variables.tf', 'policies.tf'].map((name) => fileUri(path.join(folder, 'photos', name)));
    assert.deepEqual([...pool.uris].sort(), [iamDocument.uri, mainDocument.uri, ...otherFiles].sort());
    assert.equal(pool.allowUnauthenticatedIdentities, false, 'var.allow_guests read from variables.tf');
    const rule = pool.providers.flatMap((p) => p.mapping?.rules ?? [])[0];
    assert.equal(rule?.location.uri, iamDocument.uri);
    assert.equal(rule?.location.range.start.line, rangeOf(iamDocument, 'mapping_rule {').start.line);
    assert.equal(pool.defaultRoles.authenticated?.location.uri, iamDocument.uri);
  });

  test('code lenses above the role mapping in iam.tf, none in main.tf', async () => {
    const lenses = await client.request<Array<{ range: { start: { line: number } }; command: { title: string } }>>('textDocument/codeLens', {
      textDocument: { uri: fileUri(iam) },
    });
    const iamDocument = client.document(fileUri(iam));
    assert.deepEqual(
      lenses.map((l) => [l.command.title, l.range.start.line]),
      [
        ['Simulate…', rangeOf(iamDocument, 'role_mapping {').start.line],
        ['who gets which role', rangeOf(iamDocument, 'role_mapping {').start.line],
      ],
    );
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri: fileUri(main) } }), []);
  });

  test('a JWT hover simulates against the Terraform pool and links into iam.tf', async () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = {
      iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ph0t0s',
      aud: 'photosweb',
      token_use: 'id',
      sub: 'u1',
      'custom:department': 'editors',
      exp: 4102444800,
    };
    const token = `${part({ alg: 'RS256', kid: 'k' })}.${part(claims)}.c2ln`;
    // A valid mapping (a configuration error would make every simulation an error).
    client.change(fileUri(iam), fs.readFileSync(iam, 'utf8').replace('"Equal"', '"Equals"'));
    const notes = client.open(fileUri(path.join(folder, 'notes.md')), 'markdown', `token: ${token}\n`);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: notes.uri }, position: positionAfter(notes, 'token: ', 0, 10) });
    const text = markdown(hover);
    client.change(fileUri(iam), fs.readFileSync(iam, 'utf8'));
    client.close(notes.uri);
    const line = text.split('\n').find((l) => /aws\\?_cognito\\?_identity\\?_pool\\?\.main/.test(l));
    assert.ok(line, text);
    const iamDocument = client.document(fileUri(iam));
    // The matched rule, in iam.tf at its own line (not the module's joined text).
    const linked = /\[iam\\?\.tf:(\d+)\]\(([^)]*)\)/.exec(line);
    assert.ok(linked, `no link into iam.tf: ${line}`);
    assert.equal(Number(linked[1]), rangeOf(iamDocument, 'mapping_rule {').start.line + 1);
    assert.ok(linked[2].startsWith(iamDocument.uri), linked[2]);
  });

  test('diff of iam.tf against another version compares the whole module (main.tf unchanged)', async () => {
    const uri = fileUri(iam);
    const text = fs.readFileSync(iam, 'utf8');
    const same = await client.request<DiffResult>('identityPoolRoles/diff', { uri, otherText: text, otherName: 'iam.tf (HEAD)' });
    assert.equal(same.diff?.equivalent, true, JSON.stringify(same));
    const other = text.replace('value      = "editors"', 'value      = "admins"');
    const changed = await client.request<DiffResult>('identityPoolRoles/diff', { uri, otherText: other, otherName: 'iam.tf (HEAD)' });
    assert.equal(changed.poolLabel, 'aws_cognito_identity_pool.main');
    assert.equal(changed.diff?.equivalent, false, JSON.stringify(changed));
    // A cursor in main.tf is moved into the module: inside the identity pool's block it chooses the pool; in
    // the user pool's block (the lines of iam.tf's attachment in the module's first file) it does not.
    const mainDocument = client.openFile(main);
    const mainText = mainDocument.getText();
    const inPool = await client.request<DiffResult>('identityPoolRoles/diff', {
      uri: mainDocument.uri,
      otherText: mainText,
      otherName: 'main.tf (HEAD)',
      position: positionAfter(mainDocument, 'identity_pool_name'),
    });
    assert.deepEqual([inPool.poolChosen, inPool.diff?.equivalent], ['position', true], JSON.stringify(inPool));
    const inUserPool = await client.request<DiffResult>('identityPoolRoles/diff', {
      uri: mainDocument.uri,
      otherText: mainText,
      otherName: 'main.tf (HEAD)',
      position: positionAfter(mainDocument, 'name = "photos-users'),
    });
    assert.equal(inUserPool.poolChosen, 'only', JSON.stringify(inUserPool));
  });

  test('no quick fix edits a .tf file', async () => {
    const document = client.document(fileUri(iam));
    const diagnostics = await client.pull(document.uri);
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    const actions = await client.request<unknown[]>('textDocument/codeAction', {
      textDocument: { uri: document.uri },
      range: diagnostics[0].range,
      context: { diagnostics },
    });
    assert.deepEqual(actions, []);
  });
});

describe('Terraform module, pushed diagnostics', () => {
  test('editing iam.tf re-publishes the diagnostics of main.tf (the same module)', async () => {
    const folder = copyFixtureWorkspace('terraform-workspace');
    const client = await LspClient.start({ folder, capabilities: MINIMAL_CAPABILITIES });
    try {
      await client.waitForIndex();
      const main = client.open(fileUri(path.join(folder, 'photos', 'main.tf')), 'terraform', fs.readFileSync(path.join(folder, 'photos', 'main.tf'), 'utf8'));
      const iamFile = path.join(folder, 'photos', 'iam.tf');
      const iam = client.open(fileUri(iamFile), 'terraform', fs.readFileSync(iamFile, 'utf8'));
      await client.waitFor(() => client.pushed.get(iam.uri)?.some((p) => p.diagnostics.some((d) => d.code === 'invalid-enum-value')), 'iam.tf checked');
      await client.waitFor(() => client.pushed.get(main.uri)?.some((p) => p.diagnostics.some((d) => d.code === 'parameter-default-used')), 'main.tf checked');
      const before = client.pushed.get(main.uri)!.length;
      client.change(iam.uri, iam.getText().replace('"Equal"', '"Equals"'));
      await client.waitFor(() => client.pushed.get(iam.uri)?.at(-1)?.diagnostics.length === 0, 'iam.tf fixed');
      await client.waitFor(() => client.pushed.get(main.uri)!.length > before, 'main.tf re-published');
      assert.deepEqual(
        client.pushed
          .get(main.uri)!
          .at(-1)!
          .diagnostics.map((d) => [d.code, d.range.start.line]),
        [['parameter-default-used', 12]],
      );
    } finally {
      await client.stop();
    }
  });
});
