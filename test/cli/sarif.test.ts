/** `check --format sarif`: valid SARIF 2.1.0 (the OASIS JSON Schema), the fields GitHub code scanning documents, stable fingerprints. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import Ajv from 'ajv';
import { CODES } from '../../core/diagnostics';
import { FINGERPRINT_KEY } from '../../cli/sarif';
import { examples, repoRoot, runCli, tempFiles } from './harness';

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
    };
  }>;
  partialFingerprints: Record<string, string>;
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: {
      driver: {
        name: string;
        version: string;
        informationUri: string;
        rules: Array<{ id: string; shortDescription: { text: string }; helpUri: string; defaultConfiguration: { level: string } }>;
      };
    };
    results: SarifResult[];
  }>;
}

function sarif(files: string[], cwd = repoRoot): { status: number | null; log: SarifLog; stdout: string } {
  const run = runCli(['check', ...files, '--format', 'sarif'], cwd);
  return { status: run.status, log: JSON.parse(run.stdout) as SarifLog, stdout: run.stdout };
}

function schemaValidator() {
  // The SARIF 2.1.0 schema as @microsoft/jest-sarif (MIT, a dev dependency) ships it. Draft-04 as
  // published; its keywords here mean the same in draft-07, which ajv reads.
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  schema.$schema = 'http://json-schema.org/draft-07/schema#';
  schema.$id = schema.id;
  delete schema.id;
  // The schema's language pattern is not valid with the u flag (a stray ']'), so patterns are read without it.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value));
  ajv.addFormat('uri-reference', (value: string) => !/\s/.test(value));
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  return ajv.compile(schema);
}

describe('check --format sarif', () => {
  const broken = sarif([examples.brokenRoles, examples.brokenPool, 'examples/cloudformation/photo-share-broken.yaml']);

  test('is valid against the SARIF 2.1.0 JSON Schema, with or without results', () => {
    const validate = schemaValidator();
    assert.ok(validate(broken.log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    const clean = sarif([examples.userPoolRoles, examples.userPoolPool]);
    assert.equal(clean.status, 0);
    assert.equal(clean.log.runs[0].results.length, 0);
    assert.ok(validate(clean.log), JSON.stringify(validate.errors?.slice(0, 5)));
    // The validator does reject what is not SARIF.
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false);
  });

  test('has what GitHub code scanning documents: version, driver with rules, results with one located region', () => {
    assert.equal(broken.status, 1, 'exit codes as for text');
    const log = broken.log;
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'identity-pool-roles');
    assert.match(driver.version, /^\d+\.\d+\.\d+/);
    assert.match(driver.informationUri, /^https:\/\//);
    assert.deepEqual(
      driver.rules.map((r) => r.id),
      Object.keys(CODES),
    );
    for (const rule of driver.rules) {
      assert.ok(rule.shortDescription.text.length > 0 && rule.shortDescription.text.length <= 1024, rule.id);
      assert.match(rule.helpUri, /^https:\/\//, rule.id);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level), rule.id);
    }
    const results = log.runs[0].results;
    assert.ok(results.length > 10);
    for (const r of results) {
      assert.equal(driver.rules[r.ruleIndex].id, r.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(r.level));
      assert.ok(r.message.text.length > 0);
      assert.equal(r.locations.length, 1);
      const { artifactLocation, region } = r.locations[0].physicalLocation;
      assert.match(artifactLocation.uri, /^examples\/(broken|cloudformation)\//, 'relative to the working folder, forward slashes');
      assert.equal(artifactLocation.uriBaseId, '%SRCROOT%');
      assert.ok(region.startLine >= 1 && region.startColumn >= 1 && region.endLine >= region.startLine);
      assert.match(r.partialFingerprints[FINGERPRINT_KEY], /^[0-9a-f]{32}$/);
    }
    // One result matches the text output's position exactly (1-based).
    const text = runCli(['check', examples.brokenRoles]).stdout.split('\n')[0];
    const [, file, line, column, , code] = /^(.+):(\d+):(\d+): (\w+) ([a-z0-9-]+)/.exec(text)!;
    assert.ok(
      results.some(
        (r) =>
          r.ruleId === code &&
          r.locations[0].physicalLocation.artifactLocation.uri === file &&
          r.locations[0].physicalLocation.region.startLine === Number(line) &&
          r.locations[0].physicalLocation.region.startColumn === Number(column),
      ),
    );
  });

  test('fingerprints are unique and survive lines added above a finding', () => {
    const fingerprints = broken.log.runs[0].results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    assert.equal(new Set(fingerprints).size, fingerprints.length);
    const roles = readFileSync(path.join(repoRoot, examples.brokenRoles), 'utf8');
    const before = tempFiles({ 'roles.json': roles });
    const after = tempFiles({ 'roles.json': roles.replace('{', '{\n\n\n') });
    const a = sarif(['roles.json'], before).log.runs[0].results;
    const b = sarif(['roles.json'], after).log.runs[0].results;
    assert.equal(a.length, b.length);
    assert.notDeepEqual(
      a.map((r) => r.locations[0].physicalLocation.region.startLine),
      b.map((r) => r.locations[0].physicalLocation.region.startLine),
    );
    assert.deepEqual(
      a.map((r) => r.partialFingerprints[FINGERPRINT_KEY]),
      b.map((r) => r.partialFingerprints[FINGERPRINT_KEY]),
    );
  });

  test('file names are percent-encoded URIs and hostile content stays inside JSON strings', () => {
    const dir = tempFiles({ 'my roles #1.json': '{ "IdentityPoolId": "us-east-1:\\u001b[31m", "Roles": {} }' });
    const { log, stdout } = sarif(['my roles #1.json'], dir);
    assert.doesNotMatch(stdout, /\u001b/);
    assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'my%20roles%20%231.json');
  });

  test('an unknown format names sarif among the choices', () => {
    const run = runCli(['check', examples.brokenRoles, '--format', 'xml']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--format takes 'text', 'json' or 'sarif'/);
  });
});
