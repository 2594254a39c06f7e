/**
 * A role attachment that may not exist: a CloudFormation resource `Condition` decided only at deploy time, or a
 * Terraform `count`/`for_each` that may make no instance. The simulator must not present its roles as certain
 * (a wrong "yes"): the outcome is unknown and names the condition, until a parameter value decides it.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parseDocument } from '../../core/documents';
import { evaluateRequest } from '../../core/evaluate/index';
import { loadParser, parseTf } from './terraform-fixtures';

const GOOGLE = { iss: 'https://accounts.google.com', aud: '123.apps.googleusercontent.com', sub: '1' };
const NOW = 1_700_000_000;

const TEMPLATE = `Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Pool:
    Type: AWS::Cognito::IdentityPool
    Properties:
      AllowUnauthenticatedIdentities: false
      SupportedLoginProviders:
        accounts.google.com: 123.apps.googleusercontent.com
  Attach:
    Type: AWS::Cognito::IdentityPoolRoleAttachment
    Condition: IsProd
    Properties:
      IdentityPoolId: !Ref Pool
      Roles:
        authenticated: arn:aws:iam::111122223333:role/orders-user
`;

function simulateTemplate(parameters?: Record<string, string>) {
  const document = parseDocument('file:///work/template.yaml', TEMPLATE, undefined, undefined, parameters ? { templateParameters: parameters } : {});
  return evaluateRequest(document.pools[0], { now: NOW, claims: GOOGLE });
}

describe('a role attachment under a CloudFormation Condition', () => {
  it('is unknown while the condition depends on a parameter without a value, naming the condition and the parameter', () => {
    const result = simulateTemplate();
    assert.equal(result.outcome, 'unknown');
    assert.equal(result.roleArn, null);
    assert.match(result.message, /Attach may set this pool's roles/);
    const step = result.trace.find((s) => s.status === 'skip' && s.step === 'validation');
    assert.match(step?.message ?? '', /exists only when its condition "IsProd" holds \(decided by template parameter Env\)/);
  });

  it('gives the role when the parameter makes the condition true', () => {
    const result = simulateTemplate({ Env: 'prod' });
    assert.equal(result.outcome, 'role');
    assert.equal(result.roleArn, 'arn:aws:iam::111122223333:role/orders-user');
  });

  it('is not created when the parameter makes the condition false: the pool has no roles', () => {
    const result = simulateTemplate({ Env: 'dev' });
    assert.equal(result.outcome, 'error');
    assert.equal(result.roleArn, null);
  });
});

describe('a Terraform role attachment whose count may be 0', () => {
  before(loadParser);
  const module = (count: string) => `variable "enabled" {
  type = bool
}
resource "aws_cognito_identity_pool" "main" {
  identity_pool_name               = "orders"
  allow_unauthenticated_identities = false
  supported_login_providers = {
    "accounts.google.com" = "123.apps.googleusercontent.com"
  }
}
resource "aws_cognito_identity_pool_roles_attachment" "main" {
  ${count}
  identity_pool_id = aws_cognito_identity_pool.main.id
  roles = {
    authenticated = "arn:aws:iam::111122223333:role/orders-user"
  }
}
`;

  it('is unknown, naming the count expression', () => {
    const result = evaluateRequest(parseTf(module('count = var.enabled ? 1 : 0')).pools[0], { now: NOW, claims: GOOGLE });
    assert.equal(result.outcome, 'unknown');
    assert.equal(result.roleArn, null);
    const step = result.trace.find((s) => s.status === 'skip' && s.step === 'validation');
    assert.match(step?.message ?? '', /condition "count = var\.enabled \? 1 : 0 is not 0" holds \(decided at deploy time\)/);
  });

  it('a for_each over a variable is unknown too; a literal count of 1 is certain', () => {
    const forEach = evaluateRequest(parseTf(module('for_each = var.pools')).pools[0], { now: NOW, claims: GOOGLE });
    assert.equal(forEach.outcome, 'unknown');
    const one = evaluateRequest(parseTf(module('count = 1')).pools[0], { now: NOW, claims: GOOGLE });
    assert.equal(one.outcome, 'role');
    assert.equal(one.roleArn, 'arn:aws:iam::111122223333:role/orders-user');
  });
});
