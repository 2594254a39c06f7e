/** Before `loadTerraformParser` has finished, a `.tf` document gets one clear diagnostic, not a crash. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseDocument } from '../../core/documents';
import { isTerraformParserLoaded, TERRAFORM_NOT_LOADED } from '../../core/terraform/index';
import { checkDocuments } from '../../core/validate/index';

it('a .tf document read before the parser is loaded gets one syntax-error diagnostic saying so', () => {
  assert.equal(isTerraformParserLoaded(), false);
  const text = 'resource "aws_cognito_identity_pool" "main" {\n  identity_pool_name = "orders"\n}\n';
  const document = parseDocument('file:///work/main.tf', text);
  assert.equal(document.kind, 'unknown');
  const diagnostics = checkDocuments([document]).get(document.uri) ?? [];
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.message, d.range.start.line, d.range.start.character]),
    [['syntax-error', TERRAFORM_NOT_LOADED, 0, 0]],
  );
});

it('a .tf file without any identity-pool resource is left alone, loaded or not', () => {
  const document = parseDocument('file:///work/s3.tf', 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n');
  assert.equal(document.screened, 'not-a-candidate');
  assert.deepEqual(checkDocuments([document]).get(document.uri), []);
});
