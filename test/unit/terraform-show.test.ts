/** `terraform show -json` output (state and plan), detected by content and read through the Terraform table. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument } from '../../core/documents';
import { evaluateRequest } from '../../core/evaluate/index';
import { at, rangeOf, summary, textAt } from './cfn-fixtures';
import { checkOne, TERRAFORM_FIXTURES } from './terraform-fixtures';

function load(name: string) {
  const file = path.join(TERRAFORM_FIXTURES, 'show', name);
  const text = fs.readFileSync(file, 'utf8');
  return { text, document: parseDocument(`file://${file}`, text) };
}

const EDITOR = {
  iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ph0t0s123',
  aud: '6p3f1ceg0qk2c5ne3q7v9aq0mp',
  token_use: 'id',
  'custom:department': 'editors',
};

describe('terraform show -json: state', () => {
  it('is detected by content (no Terraform parser needed) and is clean; "" for unset attributes is not a value', () => {
    const { document } = load('state.json');
    assert.equal(document.kind, 'template');
    assert.deepEqual(summary(checkOne(document), { withHints: true }), []);
  });

  it('links the attachment to its pool by id and simulates with the deployed ARNs, trust policies checked', () => {
    const { text, document } = load('state.json');
    assert.equal(document.pools.length, 1);
    const pool = document.pools[0];
    assert.equal(pool.label, 'aws_cognito_identity_pool.main');
    assert.equal(textAt(text, pool.roleConfig!.authenticated!.range), '"arn:aws:iam::210987654321:role/photos-authenticated"');
    assert.equal(pool.definition!.cognitoProviders[0].clientId?.value, '6p3f1ceg0qk2c5ne3q7v9aq0mp');
    const result = evaluateRequest(pool, { now: 1_700_000_000, claims: EDITOR });
    assert.equal(result.roleArn, 'arn:aws:iam::210987654321:role/photos-editor');
    assert.equal(result.trace.find((s) => s.step === 'trust-policy')?.status, 'pass');
  });
});

describe('terraform show -json: plan', () => {
  it('reads child modules; the typo in match_type is reported at the JSON value; what apply decides stays symbolic', () => {
    const { text, document } = load('plan.json');
    assert.equal(document.kind, 'template');
    assert.deepEqual(summary(checkOne(document), { withHints: true }), [at('invalid-enum-value', rangeOf(text, '"Equal"'))]);
    const pool = document.pools[0];
    assert.equal(pool.label, 'module.identity.aws_cognito_identity_pool.main', 'the attachment found its pool through the configuration reference');
    assert.equal(document.pools.length, 1);
    const config = pool.roleConfig!;
    assert.equal(config.authenticated?.symbolic, true);
    assert.equal(config.authenticated?.value, '${module.identity.aws_cognito_identity_pool_roles_attachment.main.roles.authenticated (known after apply)}');
    assert.equal(config.mappings[0].rules[0].roleArn?.symbolic, true);
  });
});
