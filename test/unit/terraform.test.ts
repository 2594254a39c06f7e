/**
 * Terraform configurations translated into the template model: every CloudFormation check, with the same codes,
 * fires on the `.tf` text with exact ranges; modules of several files; the simulator on Terraform pools.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { evaluateRequest } from '../../core/evaluate/index';
import { parseTerraformModule } from '../../core/documents';
import { terraformDiagnosticsByFile, terraformLocation } from '../../core/terraform/index';
import { at, rangeOf, summary, textAt } from './cfn-fixtures';
import { checkOne, loadModule, loadParser, loadTerraformFixture, parseTf } from './terraform-fixtures';

before(loadParser);

const USER_POOL = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_Orders01';
const CLIENT = '4lp1c2ltjqp3s2t3f7v8mtgqre';
const OTHER_CLIENT = '7m2k9d4f1s8h3j6l0p5q2w7e9r';

describe('Terraform: the checks on .tf text', () => {
  it('finds the typo in match_type, the second attachment and both trust mistakes, at their exact ranges', () => {
    const { text, document } = loadTerraformFixture('broken/mistakes.tf');
    assert.equal(document.kind, 'template');
    const diagnostics = checkOne(document);
    assert.deepEqual(summary(diagnostics, { withHints: true }), [
      at('guest-access-without-unauthenticated-role', rangeOf(text, 'true', 'allow_unauthenticated_identities')),
      at('invalid-enum-value', rangeOf(text, '"Equal"')),
      at('duplicate-role-attachment', rangeOf(text, '"second"')),
      // The statement's Condition, which lacks the amr key.
      at('trust-missing-amr', rangeOf(text, '{\n        StringEquals = { "cognito-identity.amazonaws.com:aud" = aws_cognito_identity_pool.main.id }\n      }')),
      at('trust-wrong-action', rangeOf(text, '"sts:AssumeRole"')),
    ]);
  });

  it('names the Terraform attribute in messages (match_type, not MatchType)', () => {
    const { document } = loadTerraformFixture('broken/mistakes.tf');
    const invalid = checkOne(document).find((d) => d.code === 'invalid-enum-value')!;
    assert.equal(invalid.message, '`match_type` must be one of Equals, Contains, StartsWith, NotEqual; `Equal` is not one of them.');
    assert.deepEqual(invalid.data?.replacements?.[0], 'Equals');
  });

  it('reads the pool, its providers, its attachment and its rules with ranges in the .tf text', () => {
    const { text, document } = loadTerraformFixture('broken/mistakes.tf');
    const pool = document.pools[0];
    assert.equal(pool.label, 'aws_cognito_identity_pool.main');
    assert.equal(pool.logicalId, 'aws_cognito_identity_pool.main');
    const provider = pool.definition!.cognitoProviders[0];
    assert.equal(provider.providerName?.value, USER_POOL);
    assert.equal(textAt(text, provider.providerName!.range), `"${USER_POOL}"`);
    assert.equal(provider.clientId?.value, CLIENT);
    const mapping = pool.roleConfig!.mappings[0];
    assert.equal(mapping.provider.value, `${USER_POOL}:${CLIENT}`);
    assert.equal(mapping.type?.value, 'Rules');
    assert.equal(mapping.rules[0].claim?.value, 'cognito:groups');
    assert.equal(textAt(text, mapping.rules[0].roleArn!.range), 'aws_iam_role.admin.arn');
    assert.equal(mapping.rules[0].roleArn?.value, 'arn:aws:iam::${AWS::AccountId}:role/orders-admin');
  });
});

describe('Terraform: every resource and expression kind', () => {
  it('finds the writable claim, the unused group role and the missing sts:TagSession of a principal-tagged pool', () => {
    const { text, document } = loadTerraformFixture('everything.tf');
    assert.deepEqual(summary(checkOne(document)), [
      at('group-role-unused', rangeOf(text, 'aws_iam_role.supervisor.arn')),
      at('rule-on-user-writable-claim', rangeOf(text, '"custom:department"', 'dynamic "mapping_rule"')),
      at('trust-missing-tag-session', rangeOf(text, '"sts:AssumeRoleWithWebIdentity"', 'aws_iam_role" "technician"')),
    ]);
  });

  it('reads the principal tag, the dynamic rules over a local map (iterator named), count and a <<- heredoc', () => {
    const { text, document } = loadTerraformFixture('everything.tf');
    const pool = document.pools[0];
    assert.equal(pool.label, 'aws_cognito_identity_pool.field');
    assert.equal(pool.definition!.developerProviderName?.value, 'login.field.example');
    assert.equal(pool.definition!.cognitoProviders[0].serverSideTokenCheck?.value, true);
    assert.deepEqual(
      pool.principalTags?.[0].tags.map((t) => [t.key.value, t.claim.value]),
      [['department', 'custom:department']],
    );
    assert.deepEqual(
      pool.roleConfig!.mappings[0].rules.map((r) => [r.value?.value, r.roleArn?.value]),
      [
        ['dispatch', 'arn:aws:iam::123456789012:role/field-dispatch'],
        ['repairs', 'arn:aws:iam::123456789012:role/field-repairs'],
      ],
    );
    // `aws_iam_role.technician[0].arn` with `count`: the role, its path and name from locals.
    assert.equal(pool.roleConfig!.authenticated?.value, 'arn:aws:iam::${AWS::AccountId}:role/field/field-prod-technician');
    assert.deepEqual(
      pool.iamRoles?.map((r) => r.logicalId),
      ['aws_iam_role.technician'],
    );
    assert.equal(textAt(text, pool.iamRoles![0].trustPolicyRange!).split('\n')[0], '{');
  });
});

describe('Terraform: a module of several files', () => {
  it('links a pool in main.tf with its attachment and roles in iam.tf; each diagnostic points into its own file', () => {
    const { document, texts, byFile } = loadModule('module');
    assert.equal(document.kind, 'template');
    const [mainUri, iamUri] = [...texts.keys()].sort((a, b) => (a.endsWith('main.tf') ? -1 : b.endsWith('main.tf') ? 1 : 0));
    const mainText = texts.get(mainUri)!;
    assert.deepEqual(summary(byFile.get(mainUri)!, { withHints: true }), [at('parameter-default-used', rangeOf(mainText, '"photos-${var.environment}"'))]);
    // The admins group's role reaches nobody through the group (the mapping is Rules, not Token): said in iam.tf.
    assert.deepEqual(summary(byFile.get(iamUri)!, { withHints: true }), [
      at('group-role-unused', rangeOf(texts.get(iamUri)!, 'aws_iam_role.editor.arn', 'aws_cognito_user_group')),
    ]);
    const pool = document.pools[0];
    assert.equal(pool.label, 'aws_cognito_identity_pool.main');
    assert.deepEqual(
      pool.iamRoles?.map((r) => r.logicalId),
      ['aws_iam_role.authenticated', 'aws_iam_role.guest', 'aws_iam_role.editor'],
    );
    // The attachment's rule lives in iam.tf: its range maps back there.
    const rule = pool.roleConfig!.mappings[0].rules[0];
    const location = terraformLocation(document.parsed, rule.matchType!.range)!;
    assert.equal(location.uri, iamUri);
    assert.equal(textAt(texts.get(iamUri)!, location.range), '"Equals"');
  });

  it('keeps ranges exact across files with CRLF line ends and no final newline', () => {
    const pool = 'resource "aws_cognito_identity_pool" "main" {\r\n  identity_pool_name = "orders"\r\n}';
    const attachment = `resource "aws_cognito_identity_pool_roles_attachment" "main" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles            = { authenticated = "arn:aws:iam::123456789012:role/user", admin = "arn:aws:iam::123456789012:role/admin" }
}
`;
    const document = parseTerraformModule('file:///work/orders', [
      { uri: 'file:///work/orders/pool.tf', text: pool },
      { uri: 'file:///work/orders/roles.tf', text: attachment },
    ]);
    const byFile = terraformDiagnosticsByFile(document.parsed, document.uri, checkOne(document));
    assert.deepEqual(summary(byFile.get('file:///work/orders/roles.tf')!), [
      at('authenticated-role-without-providers', rangeOf(attachment, '"arn:aws:iam::123456789012:role/user"')),
      at('invalid-role-key', rangeOf(attachment, 'admin')),
    ]);
    assert.deepEqual(byFile.get('file:///work/orders/pool.tf'), []);
    const anchor = terraformLocation(document.parsed, document.pools[0].definition!.anchorRange)!;
    assert.deepEqual([anchor.uri, anchor.range], ['file:///work/orders/pool.tf', rangeOf(pool, '"main"')]);
  });

  it('a resource declared twice in a module is refused by Terraform: said at both declarations', () => {
    const pool = 'resource "aws_cognito_identity_pool" "main" {\n  identity_pool_name = "orders"\n}\n';
    const document = parseTerraformModule('file:///work/orders', [
      { uri: 'file:///work/orders/a.tf', text: pool },
      { uri: 'file:///work/orders/b.tf', text: pool.replace('orders', 'orders-copy') },
    ]);
    const byFile = terraformDiagnosticsByFile(document.parsed, document.uri, checkOne(document));
    // The earlier file says why its resource is not the one read (checking a.tf alone reports only a.tf).
    assert.deepEqual(
      byFile.get('file:///work/orders/a.tf')!.map((d) => [d.code, d.message, d.range]),
      [
        [
          'syntax-error',
          'Terraform refuses this configuration: resource aws_cognito_identity_pool.main is declared again later in this module; only that later declaration is read here.',
          rangeOf(pool, '"main"'),
        ],
      ],
    );
    assert.deepEqual(
      byFile.get('file:///work/orders/b.tf')!.map((d) => [d.code, d.message, d.range]),
      [
        [
          'syntax-error',
          'Terraform refuses this configuration: resource aws_cognito_identity_pool.main is declared twice in this module; only this later one is read here.',
          rangeOf(pool, '"main"'),
        ],
      ],
    );
    assert.equal(document.pools.length, 1);
    assert.equal(document.pools[0].definition?.name?.value, 'orders-copy');
  });

  it('simulates a guest and an editor against the module, trust policies from a heredoc, jsonencode and a policy document', () => {
    const { document } = loadModule('module');
    const pool = document.pools[0];
    const guest = evaluateRequest(pool, { now: 1_700_000_000 });
    assert.equal(guest.outcome, 'role');
    assert.equal(guest.roleArn, 'arn:aws:iam::${AWS::AccountId}:role/photos-guest');
    assert.equal(guest.trace.find((s) => s.step === 'trust-policy')?.status, 'pass');
    const editor = evaluateRequest(pool, {
      now: 1_700_000_000,
      claims: { iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123', aud: 'client123', token_use: 'id', 'custom:department': 'editors' },
    });
    assert.equal(editor.outcome, 'role');
    assert.equal(editor.roleArn, 'arn:aws:iam::${AWS::AccountId}:role/photos-editor');
    assert.equal(editor.trace.find((s) => s.step === 'trust-policy')?.status, 'pass');
    const plain = evaluateRequest(pool, {
      now: 1_700_000_000,
      claims: { iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123', aud: 'client123', token_use: 'id', 'custom:department': 'sales' },
    });
    assert.equal(plain.roleArn, 'arn:aws:iam::${AWS::AccountId}:role/photos-authenticated');
  });
});

describe('Terraform: expressions', () => {
  const config = (body: string) => `
variable "client_id" {}
variable "allow_guests" {
  type    = bool
  default = false
}
locals {
  provider = "cognito-idp.us-east-1.amazonaws.com/us-east-1_Orders01"
  groups   = ["admins", "editors"]
}
resource "aws_cognito_identity_pool" "main" {
  identity_pool_name               = "orders"
  allow_unauthenticated_identities = var.allow_guests
  cognito_identity_providers {
    client_id     = var.client_id
    provider_name = local.provider
  }
}
resource "aws_cognito_identity_pool_roles_attachment" "main" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles = {
    authenticated = "arn:aws:iam::123456789012:role/orders-user"
  }
${body}
}
`;

  it('var.X is a parameter: its default applies, --parameter gives a value, and without either it stays symbolic', () => {
    const text = config('');
    const pool = parseTf(text).pools[0];
    assert.equal(pool.definition!.allowUnauthenticatedIdentities?.value, false);
    assert.equal(pool.definition!.allowUnauthenticatedIdentities?.symbolic, undefined);
    const clientId = pool.definition!.cognitoProviders[0].clientId!;
    assert.equal(clientId.symbolic, true);
    assert.deepEqual(clientId.parameters, ['client_id']);
    assert.equal(textAt(text, clientId.range), 'var.client_id');
    const given = parseTf(text, 'main.tf', { client_id: 'abc123', allow_guests: 'true' }).pools[0];
    assert.equal(given.definition!.cognitoProviders[0].clientId?.value, 'abc123');
    assert.equal(given.definition!.allowUnauthenticatedIdentities?.value, true);
  });

  it('local.X is its value; interpolation joins the pieces', () => {
    const text = config(`
  role_mapping {
    identity_provider = "\${local.provider}:\${var.client_id}"
    type              = "Token"
    ambiguous_role_resolution = "Deny"
  }`);
    const pool = parseTf(text, 'main.tf', { client_id: 'abc123' }).pools[0];
    assert.equal(pool.definition!.cognitoProviders[0].providerName?.value, USER_POOL);
    assert.equal(pool.roleConfig!.mappings[0].provider.value, `${USER_POOL}:abc123`);
    assert.equal(textAt(text, pool.roleConfig!.mappings[0].provider.range), '"${local.provider}:${var.client_id}"');
  });

  it('expands a dynamic block over a literal collection, with the iterator bound to each element', () => {
    const text = config(`
  role_mapping {
    identity_provider         = "${USER_POOL}:${CLIENT}"
    type                      = "Rules"
    ambiguous_role_resolution = "Deny"
    dynamic "mapping_rule" {
      for_each = local.groups
      content {
        claim      = "cognito:groups"
        match_type = "Contains"
        value      = mapping_rule.value
        role_arn   = "arn:aws:iam::123456789012:role/orders-\${mapping_rule.value}"
      }
    }
  }`);
    const document = parseTf(text);
    const rules = document.pools[0].roleConfig!.mappings[0].rules;
    assert.deepEqual(
      rules.map((r) => [r.value?.value, r.roleArn?.value]),
      [
        ['admins', 'arn:aws:iam::123456789012:role/orders-admins'],
        ['editors', 'arn:aws:iam::123456789012:role/orders-editors'],
      ],
    );
    assert.equal(textAt(text, rules[1].value!.range), '"editors"');
    assert.deepEqual(summary(checkOne(document)), []);
  });

  it('a dynamic block over a variable may make no rule at all: the simulation that reaches it says unknown', () => {
    const text = config(`
  role_mapping {
    identity_provider         = "${USER_POOL}:${CLIENT}"
    type                      = "Rules"
    ambiguous_role_resolution = "AuthenticatedRole"
    dynamic "mapping_rule" {
      for_each = var.admin_groups
      content {
        claim      = "cognito:groups"
        match_type = "Contains"
        value      = "admins"
        role_arn   = "arn:aws:iam::123456789012:role/orders-admin"
      }
    }
  }`);
    const document = parseTf(text, 'main.tf', { client_id: CLIENT });
    const rule = document.pools[0].roleConfig!.mappings[0].rules[0];
    assert.equal(rule.claim?.symbolic, true);
    assert.equal(rule.claim?.value, '${dynamic "mapping_rule" for_each = var.admin_groups}');
    assert.equal(rule.roleArn?.value, 'arn:aws:iam::123456789012:role/orders-admin');
    const result = evaluateRequest(document.pools[0], {
      now: 1_700_000_000,
      claims: { iss: `https://${USER_POOL}`, aud: CLIENT, token_use: 'id', 'cognito:groups': ['admins'] },
    });
    assert.equal(result.outcome, 'unknown', 'the admin role is not granted on a rule that may not exist');
  });

  it('keeps what only apply time knows symbolic, shown as written; a simulation says so in its assumptions', () => {
    const text = config(`
  role_mapping {
    identity_provider         = "${USER_POOL}:${CLIENT}"
    type                      = "Rules"
    ambiguous_role_resolution = "Deny"
    mapping_rule {
      claim      = "cognito:groups"
      match_type = "Contains"
      value      = "admins"
      role_arn   = module.admin_role.role.arn
    }
  }`);
    const document = parseTf(text, 'main.tf', { client_id: CLIENT });
    const rule = document.pools[0].roleConfig!.mappings[0].rules[0];
    assert.equal(rule.roleArn?.symbolic, true);
    assert.equal(rule.roleArn?.value, '${module.admin_role.role.arn}');
    assert.deepEqual(summary(checkOne(document)), []);
    const result = evaluateRequest(document.pools[0], {
      now: 1_700_000_000,
      claims: { iss: `https://${USER_POOL}`, aud: CLIENT, token_use: 'id', 'cognito:groups': ['admins'] },
    });
    // As for a template's `!GetAtt Role.Arn`: the rule decides the role, whose ARN is shown as written and said to be
    // known only at deploy time.
    assert.equal(result.roleArn, '${module.admin_role.role.arn}');
    assert.ok(result.assumptions.some((a) => a.includes('${module.admin_role.role.arn}') && /deploy time/.test(a)));
  });

  it('a policy document merged with other documents, or with a dynamic statement over a variable, is not read (trust not static)', () => {
    for (const extra of [
      'source_policy_documents = [var.extra]',
      'dynamic "statement" {\n    for_each = var.extra\n    content {\n      actions = ["sts:TagSession"]\n    }\n  }',
    ]) {
      const text = `${config('')}
data "aws_iam_policy_document" "trust" {
  ${extra}
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["cognito-identity.amazonaws.com"]
    }
  }
}
resource "aws_iam_role" "user" {
  name               = "orders-user"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`.replace('"arn:aws:iam::123456789012:role/orders-user"', 'aws_iam_role.user.arn');
      const document = parseTf(text, 'main.tf', { client_id: CLIENT });
      assert.equal(document.pools[0].iamRoles?.[0].trustPolicy?.kind, 'object');
      assert.deepEqual(
        checkOne(document)
          .filter((d) => d.code.startsWith('trust-'))
          .map((d) => d.code),
        ['trust-not-static'],
        extra,
      );
    }
  });

  it('a resource with count = 0 is not created: an attachment so disabled gives no roles', () => {
    const text = config('').replace(
      'resource "aws_cognito_identity_pool_roles_attachment" "main" {',
      'resource "aws_cognito_identity_pool_roles_attachment" "main" {\n  count = 0',
    );
    const pool = parseTf(text, 'main.tf', { client_id: CLIENT }).pools[0];
    assert.equal(pool.roleConfig, undefined);
  });

  it('ignores resources and attributes it does not map, silently', () => {
    const text = `${config('')}
resource "aws_s3_bucket" "photos" {
  bucket = "photos"
}
resource "aws_cognito_identity_pool" "other" {
  identity_pool_name = "other"
  tags               = { team = "x" }
  unknown_attribute  = 1
}
`;
    assert.deepEqual(summary(checkOne(parseTf(text, 'main.tf', { client_id: CLIENT }))), []);
  });
});

describe("Terraform: the provider's validations, while typing", () => {
  const rule = (i: number) => `    mapping_rule {
      claim      = "cognito:groups"
      match_type = "Equals"
      value      = "team-${i}"
      role_arn   = "arn:aws:iam::123456789012:role/team-${i}"
    }`;
  const text = `resource "aws_cognito_identity_pool" "main" {
  identity_pool_name = "orders"
  cognito_identity_providers {
    client_id     = "${CLIENT}"
    provider_name = "${USER_POOL}"
  }
  cognito_identity_providers {
    client_id     = "${OTHER_CLIENT}"
    provider_name = "${USER_POOL}"
  }
}
resource "aws_cognito_identity_pool_roles_attachment" "main" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles = {
    authenticated = "arn:aws:iam::123456789012:role/user"
    admin         = "arn:aws:iam::123456789012:role/admin"
  }
  role_mapping {
    identity_provider         = "${USER_POOL}:${CLIENT}"
    type                      = "Rule"
    ambiguous_role_resolution = "Authenticated"
    mapping_rule {
      claim      = "bad claim!"
      match_type = "Equals"
      value      = ""
      role_arn   = "arn:aws:iam::123456789012:role/x"
    }
  }
  role_mapping {
    identity_provider         = "${USER_POOL}:${OTHER_CLIENT}"
    type                      = "Rules"
    ambiguous_role_resolution = "Deny"
${Array.from({ length: 26 }, (_, i) => rule(i)).join('\n')}
  }
}
`;

  it('roles keys, the type and ambiguous-resolution enums, the claim pattern, value length and at most 25 rules, each at its attribute', () => {
    const diagnostics = checkOne(parseTf(text));
    const expected = [
      at('invalid-role-key', rangeOf(text, 'admin')),
      at('invalid-enum-value', rangeOf(text, '"Rule"')),
      at('invalid-enum-value', rangeOf(text, '"Authenticated"')),
      at('pattern-mismatch', rangeOf(text, '"bad claim!"')),
      at('invalid-length', rangeOf(text, '""')),
      at('too-many-rules', rangeOf(text, rule(25).trimStart())),
    ];
    for (const item of expected) assert.ok(summary(diagnostics).includes(item), `${item} in ${summary(diagnostics).join(', ')}`);
    const messages = diagnostics.map((d) => d.message);
    assert.ok(messages.includes('`type` must be one of Token, Rules; `Rule` is not one of them.'), messages.join('\n'));
    assert.ok(messages.includes('`ambiguous_role_resolution` must be one of AuthenticatedRole, Deny; `Authenticated` is not one of them.'));
    assert.ok(messages.includes('`value` must be 1 to 128 characters long, but it is empty.'));
    assert.ok(messages.some((m) => m.startsWith('`admin` is not a valid key in `roles`')));
    assert.ok(messages.some((m) => m.startsWith('`bad claim!` is not a valid `claim`')));
  });
});

describe('Terraform: broken and half-typed files', () => {
  it('reports a syntax error where it is and still reads what parses', () => {
    const { text, document } = loadTerraformFixture('typing/half-typed.tf');
    const diagnostics = checkOne(document);
    const syntax = diagnostics.filter((d) => d.code === 'syntax-error');
    assert.ok(syntax.length >= 1);
    assert.deepEqual(syntax[0].range, rangeOf(text, 'match_type =', 'cognito:groups'));
    assert.equal(syntax[0].message, 'Terraform syntax error: this does not parse.');
    assert.equal(document.pools[0]?.label, 'aws_cognito_identity_pool.main');
    assert.equal(document.pools[0].roleConfig?.authenticated?.value, 'arn:aws:iam::123456789012:role/orders-user');
  });

  it('reports broken JSON in a heredoc policy where it is; the trust policy is then not checked', () => {
    const text = `resource "aws_cognito_identity_pool" "main" {
  identity_pool_name               = "orders"
  allow_unauthenticated_identities = true
}
resource "aws_cognito_identity_pool_roles_attachment" "main" {
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles            = { unauthenticated = aws_iam_role.guest.arn }
}
resource "aws_iam_role" "guest" {
  name               = "orders-guest"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow" "Action": "sts:AssumeRoleWithWebIdentity" }
  ]
}
EOF
}
`;
    const diagnostics = checkOne(parseTf(text));
    const heredoc = { start: rangeOf(text, '<<EOF').start, end: rangeOf(text, '\nEOF').end };
    assert.deepEqual(summary(diagnostics), [at('trust-not-static', heredoc), at('syntax-error', rangeOf(text, '"Action"'))]);
    assert.equal(diagnostics.find((d) => d.code === 'syntax-error')?.message, 'In this JSON policy document: A comma is expected between values.');
  });

  it('survives hostile nesting (30,000 open objects, brackets, parentheses) without a crash', () => {
    for (const [open, inner, close] of [
      ['{a=', '1 2', '}'],
      ['[', '1 2', ']'],
      ['(', '1', ')'],
    ]) {
      const text = `resource "aws_cognito_identity_pool" "main" {\n  identity_pool_name = ${open.repeat(30_000)}${inner}${close.repeat(30_000)}\n}\n`;
      const diagnostics = checkOne(parseTf(text));
      assert.ok(Array.isArray(diagnostics), open);
    }
  });

  it('never crashes on random edits of the fixtures (deletions, duplications, stray braces, quotes and ${)', () => {
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pieces = ['{', '}', '"', '${', '[', ']', '=', '<<EOF\n', '\n', 'dynamic "x" {', '%{', '#', '(', '.'];
    for (const name of ['module/iam.tf', 'module/main.tf', 'everything.tf', 'broken/mistakes.tf']) {
      const { text } = loadTerraformFixture(name);
      for (let i = 0; i < 40; i++) {
        let edited = text;
        for (let edits = 1 + random(4); edits > 0; edits--) {
          const at = random(edited.length);
          const kind = random(3);
          if (kind === 0) edited = edited.slice(0, at) + edited.slice(at + random(40));
          else if (kind === 1) edited = edited.slice(0, at) + edited.slice(at, at + random(80)) + edited.slice(at);
          else edited = edited.slice(0, at) + pieces[random(pieces.length)] + edited.slice(at);
        }
        const document = parseTf(edited);
        for (const d of checkOne(document)) assert.ok(d.range.start.line >= 0 && d.range.end.line < document.parsed.lines.lineCount, `${name}: ${d.code}`);
      }
    }
  });

  it('never crashes on any prefix of a real configuration', () => {
    const { text } = loadTerraformFixture('module/iam.tf');
    for (let end = 0; end <= text.length; end += 7) {
      const document = parseTf(text.slice(0, end));
      checkOne(document);
    }
  });
});
