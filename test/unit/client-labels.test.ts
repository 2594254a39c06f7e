import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { plainLabel } from '../../client/src/labels';

test('plainLabel: a pool label from a file cannot render as an icon in a quick pick', () => {
  const shown = plainLabel('$(warning) Admins $(loading~spin)');
  assert.doesNotMatch(shown, /\$\(/);
  assert.equal(shown.replace(/\u200b/g, ''), '$(warning) Admins $(loading~spin)');
});

test('plainLabel: control and bidi characters are shown escaped, not obeyed', () => {
  assert.equal(plainLabel('a\u202eb\nc'), 'a\\u202eb\\u000ac');
});

test('plainLabel: ordinary labels are unchanged', () => {
  assert.equal(plainLabel('PhotoShareIdentities (prod) · us-east-1:1234'), 'PhotoShareIdentities (prod) · us-east-1:1234');
});
