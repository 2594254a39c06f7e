/** The words shared by the CLI, the server and the client (protocol/vocabulary.ts). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { roleNameOfArn } from '../../protocol/vocabulary';

describe('roleNameOfArn', () => {
  test('a role ARN gives the name after the path', () => {
    assert.equal(roleNameOfArn('arn:aws:iam::123456789012:role/Admin'), 'Admin');
    assert.equal(roleNameOfArn('arn:aws:iam::123456789012:role/service-role/teams/Admin'), 'Admin');
    assert.equal(roleNameOfArn('arn:aws:iam::${AWS::AccountId}:role/${RoleName}'), '${RoleName}');
  });
  test('what is not a role ARN with a name is shown whole', () => {
    for (const text of ['Admin', '${AdminRole.Arn}', 'arn:aws:iam::123456789012:user/x/Admin', 'arn:aws:iam::123456789012:role/', '?']) {
      assert.equal(roleNameOfArn(text), text);
    }
  });
  test('linear on a long ARN of slashes', () => {
    const arn = `arn:aws:iam::123456789012:role/${'/'.repeat(200_000)}`;
    const start = process.hrtime.bigint();
    assert.equal(roleNameOfArn(arn), arn);
    assert.ok(Number(process.hrtime.bigint() - start) / 1e6 < 200);
  });
});
