/** Cursor and hover contexts in `.tf` text (core/terraform/cursor.ts), half-typed text included. */
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { terraformCursorAt, terraformHoverTargetAt } from '../../core/index';
import { loadTerraformForCli } from '../../cli/terraform';

const TEXT = `variable "x" {
  default = "a"
}

resource "aws_cognito_identity_pool_roles_attachment" "main" {
  identity_pool_id = aws_cognito_identity_pool.main.id

  role_mapping {
    identity_provider = "accounts.google.com"
    type              = "Rules"

    mapping_rule {
      claim      = "hd"
      match_type = "Equals"
      value      = "example.com"
      role_arn   = aws_iam_role.staff.arn
    }
  }
}
`;

const at = (text: string, needle: string, delta = needle.length) => text.indexOf(needle) + delta;

before(() => loadTerraformForCli());

test('an open string after name = in nested blocks; the next lines do not matter', () => {
  const text = TEXT.replace('match_type = "Equals"', 'match_type = "St').replace(/\n}\n$/, '\n');
  assert.deepEqual(terraformCursorAt(text, at(text, 'match_type = "St')), {
    resourceType: 'aws_cognito_identity_pool_roles_attachment',
    resourceName: 'main',
    blocks: ['role_mapping', 'mapping_rule'],
    attribute: { name: 'match_type', offset: at(text, 'match_type', 0), length: 10 },
    value: { quoted: true, prefix: 'St', prefixOffset: at(text, 'match_type = "') },
  });
});

test('a bare value, a name being typed, the header line and outside resources', () => {
  const bare = TEXT.replace('role_arn   = aws_iam_role.staff.arn', 'role_arn   = ');
  assert.deepEqual(terraformCursorAt(bare, at(bare, 'role_arn   = '))?.value, { quoted: false, prefix: '', prefixOffset: at(bare, 'role_arn   = ') });
  const typed = TEXT.replace('    type              = "Rules"\n', '    ambig\n');
  const cursor = terraformCursorAt(typed, at(typed, '    ambig'));
  assert.deepEqual([cursor?.blocks, cursor?.attribute?.name, cursor?.value], [['role_mapping'], 'ambig', undefined]);
  assert.equal(terraformCursorAt(TEXT, at(TEXT, 'resource "aws_cognito', 3)), undefined, 'on the header: not inside the block');
  assert.equal(terraformCursorAt(TEXT, at(TEXT, 'default = "')), undefined, 'a variable block is not a resource');
});

test('hover targets: attribute name, string value, nested block name; none on an expression', () => {
  assert.deepEqual(terraformHoverTargetAt(TEXT, at(TEXT, 'match_', 0) + 2), {
    resourceType: 'aws_cognito_identity_pool_roles_attachment',
    blocks: ['role_mapping', 'mapping_rule'],
    attribute: { name: 'match_type', offset: at(TEXT, 'match_type', 0), length: 10 },
  });
  assert.deepEqual(terraformHoverTargetAt(TEXT, at(TEXT, '"Equals"', 2))?.value, { text: 'Equals', offset: at(TEXT, '"Equals"', 0), length: 8 });
  assert.deepEqual(terraformHoverTargetAt(TEXT, at(TEXT, 'mapping_rule {', 3))?.attribute.name, 'mapping_rule');
  assert.equal(terraformHoverTargetAt(TEXT, at(TEXT, 'aws_iam_role.staff', 3)), undefined);
});
