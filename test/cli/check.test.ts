/** `check`: the JSON and text formats, exit codes, and files checked together by IdentityPoolId. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CODES, groupDocumentsByPool, parseDocument } from '../../core/index';
import { examples, repoRoot, runCli, runCliJson, tempFiles } from './harness';

interface Position {
  line: number;
  character: number;
}
interface CheckJson {
  file: string;
  kind: string;
  diagnostics: Array<{
    code: string;
    severity: string;
    message: string;
    range: { start: Position; end: Position };
    docs?: string;
    awsError?: { code: string; message: string };
  }>;
}

const TEXT_LINE = /^(.+):(\d+):(\d+): (error|warning|info|hint) ([a-z0-9-]+) (.+)$/;
const cleanExamples = [
  [examples.userPoolRoles, examples.userPoolPool],
  [examples.rulesRoles, examples.rulesPool],
  [examples.samlRoles, examples.samlPool],
];

function checkJson(files: string[]): { status: number | null; results: CheckJson[] } {
  const { run, json } = runCliJson<CheckJson[]>(['check', ...files, '--format', 'json']);
  return { status: run.status, results: json };
}

describe('check --format json', () => {
  test('prints an array with one entry per file, in the order given', () => {
    const { results } = checkJson([examples.brokenRoles, examples.brokenPool]);
    assert.ok(Array.isArray(results));
    assert.deepEqual(
      results.map((r) => r.file),
      [examples.brokenRoles, examples.brokenPool],
    );
  });

  test('each diagnostic has a registered code, a severity, a message and a 0-based range', () => {
    const { results } = checkJson([examples.brokenRoles, examples.brokenPool]);
    const all = results.flatMap((r) => r.diagnostics);
    assert.ok(all.length > 0, 'the broken example has diagnostics');
    for (const d of all) {
      assert.ok(d.code in CODES, d.code);
      assert.ok(['error', 'warning', 'info', 'hint'].includes(d.severity), d.severity);
      assert.equal(typeof d.message, 'string');
      assert.ok(d.message.length > 0);
      for (const p of [d.range.start, d.range.end]) {
        assert.ok(Number.isInteger(p.line) && p.line >= 0 && Number.isInteger(p.character) && p.character >= 0, JSON.stringify(d.range));
      }
      assert.ok(d.range.start.line < d.range.end.line || (d.range.start.line === d.range.end.line && d.range.start.character <= d.range.end.character));
    }
  });

  test('a range points at the offending text (the role name given instead of a role ARN)', () => {
    const { results } = checkJson([examples.brokenRoles, examples.brokenPool]);
    const roleArn = results[0].diagnostics.find((d) => d.code === 'invalid-role-arn');
    assert.ok(roleArn, 'invalid-role-arn is reported');
    // "unauthenticated": "InventoryApp-Guest" is on line 4 (0-based 3).
    assert.equal(roleArn.range.start.line, 3);
  });
});

describe('check exit codes', () => {
  test('the clean examples exit 0', () => {
    for (const files of cleanExamples) {
      const run = runCli(['check', ...files]);
      assert.equal(run.status, 0, `${files.join(' ')}\n${run.stdout}`);
    }
  });

  test('the broken example exits 1', () => {
    assert.equal(runCli(['check', examples.brokenRoles, examples.brokenPool]).status, 1);
    assert.equal(runCli(['check', examples.brokenRoles, examples.brokenPool, '--format', 'json']).status, 1);
  });

  test('warnings alone exit 0', () => {
    const dir = tempFiles({
      'roles.json': JSON.stringify(
        {
          IdentityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555',
          Roles: { authenticated: 'arn:aws:iam::111122223333:role/SignedIn' },
          RoleMappings: { 'accounts.google.com': { Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' } },
        },
        null,
        2,
      ),
      'pool.json': JSON.stringify(
        {
          IdentityPoolId: 'us-east-1:11111111-2222-3333-4444-555555555555',
          IdentityPoolName: 'GoogleOnly',
          AllowUnauthenticatedIdentities: false,
          SupportedLoginProviders: { 'accounts.google.com': '1234-abc.apps.googleusercontent.com' },
        },
        null,
        2,
      ),
    });
    const files = [path.join(dir, 'roles.json'), path.join(dir, 'pool.json')];
    const { status, results } = checkJson(files);
    const severities = results.flatMap((r) => r.diagnostics.map((d) => d.severity));
    assert.ok(severities.includes('warning'), `a Token mapping for Google is warned about: ${JSON.stringify(results)}`);
    assert.ok(!severities.includes('error'));
    assert.equal(status, 0);
  });

  test('a file that is not JSON at all is a syntax error (exit 1), not silently skipped', () => {
    const dir = tempFiles({ 'roles.json': '{ "IdentityPoolId": "us-east-1:1", "Roles": { "authenticated": ' });
    const { status, results } = checkJson([path.join(dir, 'roles.json')]);
    assert.equal(status, 1);
    assert.ok(results[0].diagnostics.some((d) => d.code === 'syntax-error'));
  });

  test('a JSON file that is no role-mapping document is reported as unknown with no diagnostics', () => {
    const { status, results } = checkJson(['package.json']);
    assert.equal(status, 0);
    assert.equal(results[0].kind, 'unknown');
    assert.deepEqual(results[0].diagnostics, []);
  });
});

describe('check --format text', () => {
  test('each problem is one line file:line:col: severity code message, then a summary line', () => {
    const run = runCli(['check', examples.brokenRoles, examples.brokenPool]);
    const lines = run.stdout.trimEnd().split('\n');
    const summary = lines.pop()!;
    assert.ok(lines.length > 0);
    for (const line of lines) assert.match(line, TEXT_LINE);
    assert.match(summary, /^2 files checked: \d+ errors?, \d+ warnings?, \d+ infos?, \d+ hints?\.$/);
  });

  test('text lines are the JSON diagnostics with 1-based line and column', () => {
    const files = [examples.brokenRoles, examples.brokenPool];
    const text = runCli(['check', ...files])
      .stdout.trimEnd()
      .split('\n')
      .slice(0, -1);
    const { results } = checkJson(files);
    const expected = results.flatMap((r) =>
      r.diagnostics.map((d) => `${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code} ${d.message}`),
    );
    assert.deepEqual(text, expected);
  });

  test('the summary counts match the listed problems', () => {
    const run = runCli(['check', examples.brokenRoles, examples.brokenPool]);
    const lines = run.stdout.trimEnd().split('\n');
    const summary = lines.pop()!;
    const count = (severity: string) => lines.filter((l) => TEXT_LINE.exec(l)?.[4] === severity).length;
    const numbers = summary.match(/\d+/g)!.map(Number);
    assert.deepEqual(numbers.slice(1), [count('error'), count('warning'), count('info'), count('hint')]);
  });

  test('clean files print only the summary', () => {
    const run = runCli(['check', examples.userPoolRoles, examples.userPoolPool]);
    assert.equal(run.stdout, '2 files checked: no problems found.\n');
  });
});

describe('files checked together', () => {
  test('documents with the same IdentityPoolId form one group; others stay alone', () => {
    const read = (file: string) => parseDocument(file, readFileSync(path.join(repoRoot, file), 'utf8'));
    const docs = [examples.userPoolRoles, examples.samlRoles, examples.userPoolPool, examples.samlPool, examples.rulesRoles].map(read);
    const groups = groupDocumentsByPool(docs).map((g) => g.map((d) => d.uri));
    assert.deepEqual(groups, [[examples.userPoolRoles, examples.userPoolPool], [examples.samlRoles, examples.samlPool], [examples.rulesRoles]]);
  });

  test('a mapping key is checked against the identity-pool file only when it is given with the roles file', () => {
    const alone = checkJson([examples.brokenRoles]).results[0].diagnostics.map((d) => d.code);
    const together = checkJson([examples.brokenRoles, examples.brokenPool]).results[0].diagnostics.map((d) => d.code);
    assert.ok(!alone.includes('mapping-key-not-registered'));
    assert.ok(together.includes('mapping-key-not-registered'));
  });

  test('a file given twice is checked and reported once', () => {
    const { results } = checkJson([examples.userPoolRoles, examples.userPoolRoles]);
    assert.equal(results.length, 1);
  });
});

describe('check --parameter', () => {
  const template = 'examples/cloudformation/field-service.yaml';
  const codesOf = (args: string[]) => {
    const { run, json } = runCliJson<CheckJson[]>(['check', template, ...args, '--format', 'json']);
    assert.equal(run.status, 0, run.stderr);
    return { run, codes: json[0].diagnostics.map((d) => `${d.code}@${d.range.start.line + 1}`) };
  };

  test('a given value replaces the default (no parameter-default-used hint) and decides Fn::If conditions', () => {
    assert.deepEqual(codesOf([]).codes, ['contains-matches-substrings@61', 'parameter-default-used@61']);
    const { codes, run } = codesOf(['--parameter', 'SupportGroupName=helpdesk', '--parameter', 'Environment=prod']);
    // Environment=prod turns guest access off, so the unauthenticated role is never used.
    assert.deepEqual(codes, ['unauthenticated-role-unused@47', 'contains-matches-substrings@61']);
    assert.equal(run.stderr, '');
  });

  test('a parameter no checked template declares gets a note on stderr', () => {
    const { run } = codesOf(['--parameter', 'Enviroment=prod']);
    assert.equal(run.stderr, 'note: no template checked declares the parameter Enviroment given with --parameter.\n');
  });

  test('a value that AllowedValues excludes gets a note on stderr', () => {
    const { run } = codesOf(['--parameter', 'Environment=production']);
    assert.equal(
      run.stderr,
      `note: the value given for parameter Environment is not one of its AllowedValues in ${template} (dev, staging, prod), so CloudFormation would refuse to deploy with it.\n`,
    );
  });
});
