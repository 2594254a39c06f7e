/** Reading a JWKS file (core/token/jwks.ts): the one reading the CLI's --jwks and the server's jwksFiles share. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readJwksText } from '../../core/token/jwks';

const KEY = { kty: 'RSA', n: 'AQAB', e: 'AQAB', kid: 'k' };

describe('readJwksText', () => {
  it('reads a key set as it is and a bare JWK as a set of one', () => {
    assert.deepEqual(readJwksText(JSON.stringify({ keys: [KEY] })), { ok: true, jwks: { keys: [KEY] } });
    assert.deepEqual(readJwksText(JSON.stringify(KEY)), { ok: true, jwks: { keys: [KEY] } });
    assert.deepEqual(readJwksText('{"keys": []}'), { ok: true, jwks: { keys: [] } });
  });

  it('refuses whole what is not a key set, without echoing the content', () => {
    for (const text of [
      '{"keys": [1]}',
      '{"keys": [{"kid": "secret-value"}]}',
      '{"keys": {}}',
      '{"kid": "secret-value"}',
      '[{"kty": "RSA"}]',
      'null',
      '{"kty": 1}',
    ]) {
      const read = readJwksText(text);
      assert.equal(read.ok, false, text);
      if (!read.ok) {
        assert.match(read.problem, /^is not a JSON Web Key Set: /);
        assert.ok(!read.problem.includes('secret-value'));
      }
    }
  });

  it('says where a syntax error is, not what the text holds', () => {
    assert.deepEqual(readJwksText('{"keys": [secret-value]}'), { ok: false, problem: 'is not valid JSON: InvalidSymbol at line 1, column 11' });
    assert.deepEqual(readJwksText(''), { ok: false, problem: 'is not valid JSON: ValueExpected at line 1, column 1' });
    assert.equal(readJwksText('{"keys": [], // note\n}').ok, false, 'strict JSON: no comments');
  });
});
