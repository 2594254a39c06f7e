/**
 * Drift tests: the facts written in more than one place (the schemas and the TypeScript unions, the limits
 * and the titles that name them, package.json and the code's defaults and file names) must agree.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AMBIGUOUS_ROLE_RESOLUTIONS,
  CFN_REQUIRED_PROPERTIES,
  LENGTHS,
  MATCH_TYPES,
  MAX_MAPPINGS,
  MAX_RULES,
  POOL_FIELDS,
  ROLE_MAPPING_TYPES,
  ROLE_TYPES,
  type AmbiguousRoleResolution,
  type MatchType,
  type RoleMappingType,
  type RoleType,
} from '../../core/api/model';
import { CODES } from '../../core/diagnostics';
import { mightBeRoleMappingText } from '../../core/documents';
import { DEFAULT_SETTINGS, SETTINGS_SECTION } from '../../protocol/protocol';
import { kindFromFileName } from '../../server/src/schemaContext';

const ROOT = join(__dirname, '..', '..', '..');
const readJson = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
const roles = readJson('schemas/set-identity-pool-roles.schema.json');
const pool = readJson('schemas/identity-pool.schema.json');
const attachment = readJson('schemas/cloudformation-role-attachment.schema.json');
const packageJson = readJson('package.json');

// Exhaustive records: the compiler fails when a union gains or loses a member, the test when the schema does.
const MATCH_TYPE_UNION: Record<MatchType, true> = { Equals: true, Contains: true, StartsWith: true, NotEqual: true };
const ROLE_MAPPING_TYPE_UNION: Record<RoleMappingType, true> = { Token: true, Rules: true };
const AMBIGUOUS_UNION: Record<AmbiguousRoleResolution, true> = { AuthenticatedRole: true, Deny: true };
const ROLE_TYPE_UNION: Record<RoleType, true> = { authenticated: true, unauthenticated: true };

describe('API facts and the schemas', () => {
  test('the TypeScript unions list exactly the schema enums', () => {
    assert.deepEqual([...roles.definitions.MatchType.enum].sort(), Object.keys(MATCH_TYPE_UNION).sort());
    assert.deepEqual([...roles.definitions.RoleMappingType.enum].sort(), Object.keys(ROLE_MAPPING_TYPE_UNION).sort());
    assert.deepEqual([...roles.definitions.AmbiguousRoleResolution.enum].sort(), Object.keys(AMBIGUOUS_UNION).sort());
    assert.deepEqual(Object.keys(roles.definitions.RolesMap.properties).sort(), Object.keys(ROLE_TYPE_UNION).sort());
    assert.deepEqual(MATCH_TYPES, roles.definitions.MatchType.enum);
    assert.deepEqual(ROLE_MAPPING_TYPES, roles.definitions.RoleMappingType.enum);
    assert.deepEqual(AMBIGUOUS_ROLE_RESOLUTIONS, roles.definitions.AmbiguousRoleResolution.enum);
    assert.deepEqual(ROLE_TYPES, ['authenticated', 'unauthenticated']);
  });

  test("the limits are the schemas' (roles files and CloudFormation alike) and the documented quotas", () => {
    assert.equal(MAX_RULES, 25);
    assert.equal(MAX_MAPPINGS, 10);
    assert.equal(roles.definitions.MappingRules.maxItems, MAX_RULES);
    assert.equal(roles.definitions.RoleMappingMap.maxProperties, MAX_MAPPINGS);
    assert.equal(attachment.definitions.Rules.maxItems, MAX_RULES);
    assert.equal(attachment.definitions.RoleMappings.maxProperties, MAX_MAPPINGS);
    assert.deepEqual(LENGTHS.claim, { min: roles.definitions.ClaimName.minLength, max: roles.definitions.ClaimName.maxLength });
    assert.deepEqual(LENGTHS.value, { min: roles.definitions.ClaimValue.minLength, max: roles.definitions.ClaimValue.maxLength });
  });

  test("the titles that name a limit name the schema's", () => {
    assert.match(CODES['too-many-rules'].title, new RegExp(`\\b${MAX_RULES}\\b`));
    assert.match(CODES['too-many-mappings'].title, new RegExp(`\\b${MAX_MAPPINGS}\\b`));
    for (const [code, info] of Object.entries(CODES)) {
      for (const [, number] of info.title.matchAll(/(?:more than|at most|up to)\s+(\d+)/gi)) {
        assert.ok([String(MAX_RULES), String(MAX_MAPPINGS)].includes(number), `${code}: the limit ${number} in its title is no schema limit`);
      }
    }
  });

  test("the pool fields are the identity-pool schema's, and each one gets a text past the pre-filter", () => {
    const schemaFields = Object.keys(pool.properties).filter((k) => !['$schema', 'IdentityPoolId', 'IdentityPoolTags'].includes(k));
    assert.deepEqual([...POOL_FIELDS].sort(), schemaFields.sort());
    for (const field of [...POOL_FIELDS, 'Roles', 'RoleMappings', 'AmbiguousRoleResolution', 'RulesConfiguration']) {
      assert.ok(mightBeRoleMappingText(`{"${field}": 1}`), field);
    }
    assert.ok(mightBeRoleMappingText('Type: Rules'));
    assert.equal(mightBeRoleMappingText('{"Type": "CNAME", "Roles are": 1}'), false);
  });

  test("the required properties of each CloudFormation resource are its schema's", () => {
    const files: Record<string, string> = {
      'AWS::Cognito::IdentityPool': 'cloudformation-identity-pool',
      'AWS::Cognito::IdentityPoolRoleAttachment': 'cloudformation-role-attachment',
      'AWS::Cognito::IdentityPoolPrincipalTag': 'cloudformation-principal-tag',
    };
    assert.deepEqual(Object.keys(CFN_REQUIRED_PROPERTIES).sort(), Object.keys(files).sort());
    for (const [type, file] of Object.entries(files)) {
      assert.deepEqual(CFN_REQUIRED_PROPERTIES[type], readJson(`schemas/${file}.schema.json`).required, type);
    }
  });
});

describe('package.json and the code', () => {
  test('every setting has the default the server assumes, and the server reads no undeclared setting', () => {
    const declared = packageJson.contributes.configuration.properties as Record<string, { default: unknown }>;
    const leaves = new Map<string, unknown>();
    const walk = (value: unknown, path: string[]) => {
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
        for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
      } else leaves.set([SETTINGS_SECTION, ...path].join('.'), value);
    };
    walk(DEFAULT_SETTINGS, []);
    for (const [name, value] of leaves) {
      assert.ok(name in declared, `${name} is read by the server but not declared in package.json`);
      assert.deepEqual(declared[name].default, value, `${name}: package.json's default differs from DEFAULT_SETTINGS`);
    }
    // trace.server is read by the client (vscode-languageclient), not by the server.
    const serverSettings = Object.keys(declared).filter((name) => name !== `${SETTINGS_SECTION}.trace.server`);
    assert.deepEqual(serverSettings.sort(), [...leaves.keys()].sort());
  });

  test('every file name given a schema in package.json gets the same kind from the server', () => {
    const kindOfSchema: Record<string, string> = {
      './schemas/set-identity-pool-roles.schema.json': 'roles',
      './schemas/identity-pool.schema.json': 'identity-pool',
      './schemas/role-mappings.schema.json': 'role-mappings',
      // Role-test files are test cases, not role-mapping documents: the server gives them no kind.
      './schemas/role-tests.schema.json': 'unknown',
    };
    const associations = [...packageJson.contributes.jsonValidation, ...packageJson.contributes.yamlValidation] as Array<{ fileMatch: string[]; url: string }>;
    assert.ok(associations.length > 0);
    for (const { fileMatch, url } of associations) {
      const kind = kindOfSchema[url];
      assert.ok(kind, `no document kind for ${url}`);
      for (const pattern of fileMatch) {
        const name = pattern.replace(/\*/g, 'my-stack');
        assert.equal(kindFromFileName(`file:///work/${name}`), kind, `${pattern} (${url})`);
      }
    }
  });
});
