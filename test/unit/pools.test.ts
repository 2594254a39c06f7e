/** Pools across documents (core/pools.ts): grouping by IdentityPoolId, pool choice and the diagnostics of a pool. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  choosePool,
  diagnosticsOfPool,
  groupDocumentsByPool,
  groupOfDocument,
  linkPools,
  parseDocument,
  poolAtPosition,
  poolContainingPosition,
  PoolChoiceError,
  type CoreDiagnostic,
  type ModelDocument,
} from '../../core/index';

const ID_A = 'us-east-1:11111111-1111-1111-1111-111111111111';
const ID_B = 'us-east-1:22222222-2222-2222-2222-222222222222';
const ARN = 'arn:aws:iam::123456789012:role/';

function roles(uri: string, id: string): ModelDocument {
  return parseDocument(uri, JSON.stringify({ IdentityPoolId: id, Roles: { authenticated: `${ARN}Auth` } }, null, 2));
}
function pool(uri: string, id: string): ModelDocument {
  return parseDocument(uri, JSON.stringify({ IdentityPoolId: id, IdentityPoolName: uri, AllowUnauthenticatedIdentities: false }, null, 2));
}

const TWO_POOLS = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  PoolA:
    Type: AWS::Cognito::IdentityPool
    Properties:
      AllowUnauthenticatedIdentities: false
  AttachA:
    Type: AWS::Cognito::IdentityPoolRoleAttachment
    Properties:
      IdentityPoolId: !Ref PoolA
      Roles:
        authenticated: ${ARN}AuthA
  PoolB:
    Type: AWS::Cognito::IdentityPool
    Properties:
      AllowUnauthenticatedIdentities: false
  AttachB:
    Type: AWS::Cognito::IdentityPoolRoleAttachment
    Properties:
      IdentityPoolId: !Ref PoolB
      Roles:
        authenticated: ${ARN}AuthB
`;

describe('groupDocumentsByPool', () => {
  test('documents sharing an IdentityPoolId form one group; the others stay alone', () => {
    const docs = [roles('a-roles.json', ID_A), roles('b-roles.json', ID_B), pool('a-pool.json', ID_A)];
    assert.deepEqual(
      groupDocumentsByPool(docs).map((g) => g.map((d) => d.uri)),
      [['a-roles.json', 'a-pool.json'], ['b-roles.json']],
    );
  });

  test('the group of a document is the same whichever member asks, the asker first', () => {
    const docs = [roles('a-roles.json', ID_A), pool('a-pool.json', ID_A), roles('b-roles.json', ID_B)];
    assert.deepEqual(
      groupOfDocument(docs, docs[1]).map((d) => d.uri),
      ['a-pool.json', 'a-roles.json'],
    );
    assert.deepEqual(
      groupOfDocument(docs, docs[2]).map((d) => d.uri),
      ['b-roles.json'],
    );
  });
});

describe('choosePool', () => {
  test('joins the identity-pool file to the roles file', () => {
    const { pool: chosen, templatePool } = choosePool(roles('r.json', ID_A), pool('p.json', ID_A), undefined);
    assert.equal(chosen.definition?.uri, 'p.json');
    assert.equal(templatePool, undefined);
  });

  test('refuses files that describe different pools', () => {
    assert.throws(
      () => choosePool(roles('r.json', ID_A), pool('p.json', ID_B), undefined),
      (error: unknown) => error instanceof PoolChoiceError && /different identity pools/.test(error.message),
    );
  });

  test('a template with two pools needs a logical id, and names both', () => {
    const template = parseDocument('t.yaml', TWO_POOLS);
    assert.throws(() => choosePool(template, undefined, undefined), /holds 2 identity pools; pick one with --pool LOGICAL_ID \(one of: PoolA, PoolB\)/);
    assert.equal(choosePool(template, undefined, 'PoolB').templatePool, 'PoolB');
  });
});

describe('diagnosticsOfPool and poolAtPosition', () => {
  const template = parseDocument('t.yaml', TWO_POOLS);
  const [a, b] = linkPools([template]);
  const at = (line: number): CoreDiagnostic =>
    ({
      code: 'x',
      severity: 'error',
      message: `line ${line}`,
      uri: 't.yaml',
      range: { start: { line, character: 8 }, end: { line, character: 12 } },
    }) as unknown as CoreDiagnostic;
  const inA = at(a.roleConfig!.range.start.line + 1);
  const inB = at(b.roleConfig!.range.start.line + 1);
  const outside = at(0);

  test("a diagnostic inside another pool of the template is not this pool's", () => {
    const all = () => [inA, inB, outside];
    assert.deepEqual(diagnosticsOfPool([template], all, a), [inA, outside]);
    assert.deepEqual(diagnosticsOfPool([template], all, b), [inB, outside]);
  });

  test('the pool at a position is the one whose role configuration holds it, else the first', () => {
    assert.equal(poolAtPosition([a, b], 't.yaml', inB.range.start)?.logicalId, 'PoolB');
    assert.equal(poolAtPosition([a, b], 't.yaml', { line: 0, character: 0 })?.logicalId, 'PoolA');
  });

  test('the pool containing a position: none outside every pool (no fallback), the pool of its attachment or definition', () => {
    assert.equal(poolContainingPosition([a, b], 't.yaml', { line: 0, character: 0 }), undefined);
    assert.equal(poolContainingPosition([a, b], 't.yaml', inB.range.start)?.logicalId, 'PoolB');
    assert.equal(poolContainingPosition([a, b], 't.yaml', { line: b.definition!.range.start.line, character: 8 })?.logicalId, 'PoolB');
    assert.equal(poolContainingPosition([a, b], 'other.yaml', inB.range.start), undefined);
  });
});
