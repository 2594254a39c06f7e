/** The core facade (createRoleMappingCore): options apply to every call, and it answers as the free functions do. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkDocuments, createRoleMappingCore, getSchema, parseDocument } from '../../core/index';

const TEMPLATE = `Parameters:
  Stage:
    Type: String
    Default: dev
Resources:
  Pool:
    Type: AWS::Cognito::IdentityPool
    Properties:
      AllowUnauthenticatedIdentities: false
`;

describe('createRoleMappingCore', () => {
  test('has registered the CloudFormation schemas once made', () => {
    createRoleMappingCore();
    assert.ok(getSchema('cloudformation-identity-pool'));
  });

  test('parses templates with the parameter values it was made with, unless a call gives its own', () => {
    const core = createRoleMappingCore({ templateParameters: { Stage: 'prod' } });
    const document = core.parseDocument('t.yaml', TEMPLATE);
    assert.equal(core.templateInfo(document)?.index.parameterValues.Stage, 'prod');
    const own = core.parseDocument('t.yaml', TEMPLATE, undefined, undefined, {});
    assert.equal(core.templateInfo(own)?.index.parameterValues.Stage, undefined);
  });

  test('checkGroups checks each IdentityPoolId group on its own, as checkDocuments per group', () => {
    const core = createRoleMappingCore();
    const id = 'us-east-1:11111111-1111-1111-1111-111111111111';
    const roles = parseDocument('r.json', JSON.stringify({ IdentityPoolId: id, Roles: { authenticated: 'arn:aws:iam::123456789012:role/A' } }));
    const other = parseDocument('o.json', JSON.stringify({ IdentityPoolId: 'us-east-1:x', Roles: {} }));
    const byGroup = core.checkGroups([roles, other]);
    assert.deepEqual(byGroup.get('r.json'), checkDocuments([roles]).get('r.json'));
    assert.deepEqual(byGroup.get('o.json'), checkDocuments([other]).get('o.json'));
  });
});
