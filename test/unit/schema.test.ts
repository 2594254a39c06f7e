/** The schemas are the one source of truth: enums, docs and completion come from them, and they compile strictly. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Ajv from 'ajv';
import { definitionOf, fieldDocs, flatten, getSchema, keySchemaAt, propertiesAt, registerSchema, schemaAt, type SchemaNode } from '../../core/schema';
import { AMBIGUOUS_ROLE_RESOLUTIONS, MATCH_TYPES, ROLE_MAPPING_TYPES } from '../../core/api/model';
import { parseJsonText } from '../../core/syntax';
import { validateShape } from '../../core/validate/shape';

const ROLES = 'set-identity-pool-roles';
const POOL = 'identity-pool';

describe('schema loading', () => {
  test('the enums come from the schema definitions', () => {
    assert.deepEqual(MATCH_TYPES, ['Equals', 'Contains', 'StartsWith', 'NotEqual']);
    assert.deepEqual(ROLE_MAPPING_TYPES, ['Token', 'Rules']);
    assert.deepEqual(AMBIGUOUS_ROLE_RESOLUTIONS, ['AuthenticatedRole', 'Deny']);
    assert.equal(MATCH_TYPES, MATCH_TYPES);
    assert.deepEqual(definitionOf(ROLES, 'MatchType')?.enum, [...MATCH_TYPES]);
  });

  test('both schemas compile with a strict ajv once their annotation keywords are declared', () => {
    const ajv = new Ajv({ strict: true, strictTypes: false, allErrors: true, logger: false });
    for (const keyword of ['x-code', 'x-docs', 'x-model-pattern', 'markdownDescription', 'patternErrorMessage', 'enumDescriptions', 'markdownEnumDescriptions'])
      ajv.addKeyword({ keyword });
    ajv.addSchema(getSchema(ROLES)!, ROLES);
    ajv.addSchema(getSchema(POOL)!, POOL);
    assert.equal(typeof ajv.getSchema(ROLES), 'function');
    assert.equal(typeof ajv.getSchema(POOL), 'function');
  });

  test("the rules list allows 25 rules and its description explains the model's 400", () => {
    const rules = schemaAt(ROLES, ['RoleMappings', 'accounts.google.com', 'RulesConfiguration', 'Rules'])!;
    assert.equal(rules.maxItems, 25);
    assert.match(rules.description!, /400/);
    assert.deepEqual(rules['x-code'], { maxItems: 'too-many-rules' });
  });
});

describe('schemaAt and propertiesAt', () => {
  test('schemaAt follows properties, map values, list items and $refs to the MatchType enum', () => {
    const node = schemaAt(ROLES, ['RoleMappings', 'cognito-idp.us-east-1.amazonaws.com/us-east-1_X:abc', 'RulesConfiguration', 'Rules', 3, 'MatchType']);
    assert.deepEqual(node?.enum, ['Equals', 'Contains', 'StartsWith', 'NotEqual']);
  });

  test("schemaAt merges a property's own docs over the shared ARN definition", () => {
    const node = schemaAt(ROLES, ['Roles', 'authenticated'])!;
    assert.equal(node.minLength, 20);
    assert.equal(node.maxLength, 2048);
    assert.match(node.markdownDescription!, /default role for signed-in users/);
  });

  test('schemaAt resolves a $ref into the other schema file', () => {
    assert.equal(schemaAt(POOL, ['IdentityPoolId'])?.pattern, '^[\\w-]+:[0-9a-f-]+$');
    assert.equal(schemaAt(POOL, ['OpenIdConnectProviderARNs', 0])?.minLength, 20);
  });

  test('schemaAt is undefined past a leaf or for an unknown schema', () => {
    assert.equal(schemaAt(ROLES, ['IdentityPoolId', 'x']), undefined);
    assert.equal(schemaAt('nope', []), undefined);
  });

  test("propertiesAt lists a mapping rule's four fields, all required, in schema order", () => {
    const props = propertiesAt(ROLES, ['RoleMappings', 'k', 'RulesConfiguration', 'Rules', 0]);
    assert.deepEqual(
      props.map((p) => [p.name, p.required]),
      [
        ['Claim', true],
        ['MatchType', true],
        ['Value', true],
        ['RoleARN', true],
      ],
    );
    assert.deepEqual(props[1].schema.enum, [...MATCH_TYPES]);
  });

  test("propertiesAt lists the pool file's fields with the two required ones marked", () => {
    const props = propertiesAt(POOL, []);
    assert.deepEqual(
      props.filter((p) => p.required).map((p) => p.name),
      ['IdentityPoolName', 'AllowUnauthenticatedIdentities'],
    );
    assert.ok(props.some((p) => p.name === 'CognitoIdentityProviders'));
  });

  test('keySchemaAt gives the Roles key pattern for completion and hover on keys', () => {
    assert.equal(keySchemaAt(ROLES, ['Roles'])?.pattern, '^(un)?authenticated$');
    assert.equal(keySchemaAt(ROLES, ['RoleMappings'])?.maxLength, 128);
  });
});

describe('field docs', () => {
  test('fieldDocs gives the title, Markdown and AWS docs URL of a field', () => {
    const docs = fieldDocs(ROLES, ['RoleMappings', 'accounts.google.com', 'AmbiguousRoleResolution']);
    assert.equal(docs?.title, 'AmbiguousRoleResolution');
    assert.match(docs!.markdown, /Deny/);
    assert.equal(
      docs?.docsUrl,
      'https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_RoleMapping.html#CognitoIdentity-Type-RoleMapping-AmbiguousRoleResolution',
    );
  });

  test('every field of both schemas has a description, a markdownDescription and an x-docs URL', () => {
    const missing: string[] = [];
    const visit = (schemaId: string, path: Array<string | number>, depth: number) => {
      if (depth > 8) return;
      for (const property of propertiesAt(schemaId, path)) {
        const at = [...path, property.name];
        const node = property.schema;
        if (property.name !== '$schema') {
          if (!node.description) missing.push(`${schemaId} ${at.join('.')} description`);
          if (!node.markdownDescription) missing.push(`${schemaId} ${at.join('.')} markdownDescription`);
          if (!node['x-docs'] || !/^https:\/\/docs\.aws\.amazon\.com\//.test(node['x-docs'])) missing.push(`${schemaId} ${at.join('.')} x-docs`);
        }
        const items = node.items ? flatten(node.items as SchemaNode) : undefined;
        if (items?.properties) visit(schemaId, [...at, 0], depth + 1);
        const values = typeof node.additionalProperties === 'object' ? flatten(node.additionalProperties) : undefined;
        if (values?.properties) visit(schemaId, [...at, 'KEY'], depth + 1);
        if (node.properties) visit(schemaId, at, depth + 1);
      }
    };
    visit(ROLES, [], 0);
    visit(POOL, [], 0);
    assert.deepEqual(missing, []);
  });
});

describe('registerSchema', () => {
  test('a registered schema can $ref our definitions and is validated with our codes', () => {
    registerSchema('test-attachment', {
      $id: 'test-attachment.schema.json',
      type: 'object',
      additionalProperties: false,
      properties: {
        Rules: { $ref: 'set-identity-pool-roles.schema.json#/definitions/MappingRules' },
      },
    });
    assert.deepEqual(schemaAt('test-attachment', ['Rules', 0, 'MatchType'])?.enum, [...MATCH_TYPES]);
    const rules = Array.from({ length: 26 }, () => ({ Claim: 'email', MatchType: 'Equals', Value: 'x', RoleARN: 'arn:aws:iam::123456789012:role/A' }));
    rules[0].MatchType = 'Equal';
    const document = { parsed: parseJsonText(JSON.stringify({ Rules: rules })) };
    const diagnostics = validateShape(document.parsed, document.parsed.root!, 'test-attachment', 'file:///t.json');
    assert.deepEqual(diagnostics.map((d) => d.code).sort(), ['invalid-enum-value', 'too-many-rules']);
  });

  test('an anyOf of a string or an object reports one type error when neither fits, and the inner error when the object fits', () => {
    registerSchema('test-any-of', {
      type: 'object',
      properties: {
        Value: {
          anyOf: [
            { type: 'string', minLength: 1 },
            { type: 'object', required: ['Ref'], properties: { Ref: { type: 'string' } } },
          ],
        },
      },
    });
    const run = (value: unknown) => {
      const document = { parsed: parseJsonText(JSON.stringify({ Value: value })) };
      return validateShape(document.parsed, document.parsed.root!, 'test-any-of', 'file:///t.json');
    };
    const wrongType = run(5);
    assert.deepEqual(
      wrongType.map((d) => d.code),
      ['invalid-type'],
    );
    assert.match(wrongType[0].message, /must be a string or an object, not the number 5/);
    assert.deepEqual(
      run({ Reff: 'x' }).map((d) => [d.code, d.data?.missingProperties]),
      [['missing-required', ['Ref']]],
    );
    assert.deepEqual(run('ok'), []);
  });
});
