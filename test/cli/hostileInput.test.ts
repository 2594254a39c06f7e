/**
 * The CLI on hostile input it must keep answering: a template nested 10,000 levels deep (a clear
 * diagnostic), a YAML alias bomb, a 1 MB token and 10,000 claims (a prompt answer). Inputs are generated here.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { EXAMPLE_NOW, examples, runCli, tempFiles } from './harness';

const photoShare = ['--roles', examples.userPoolRoles, '--identity-pool', examples.userPoolPool];

function timedCli(args: string[]): ReturnType<typeof runCli> & { ms: number } {
  const started = Date.now();
  const run = runCli(args);
  return { ...run, ms: Date.now() - started };
}

describe('check on hostile files', () => {
  test('a CloudFormation YAML nested 10,000 levels deep is reported as such', () => {
    const header = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Pool:\n    Type: AWS::Cognito::IdentityPool\n    Properties:\n';
    const dir = tempFiles({
      'flow.yaml': `${header}      AllowUnauthenticatedIdentities: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
      'block.yaml': `${header}      CognitoIdentityProviders:\n      ${'- '.repeat(10_000)}x\n`,
    });
    for (const file of ['flow.yaml', 'block.yaml']) {
      const run = timedCli(['check', path.join(dir, file)]);
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stdout, /error syntax-error The YAML nests more than 500 levels deep; the file is not read\./);
      assert.ok(run.ms < 20_000, `${run.ms} ms`);
    }
  });

  test('a YAML alias bomb is refused with a diagnostic, promptly', () => {
    const levels = Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`);
    const dir = tempFiles({
      'bomb.yaml': `Roles:\n  authenticated: arn:aws:iam::123456789012:role/A\na0: &a0 [lol]\n${levels.join('\n')}\nRoleMappings: *a9\n`,
    });
    const run = timedCli(['check', path.join(dir, 'bomb.yaml')]);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /syntax-error/);
    assert.ok(run.ms < 20_000, `${run.ms} ms`);
  });
});

describe('simulate with huge tokens and claims', () => {
  test('a 1 MB token is refused as too long, promptly', () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const token = `${encode({ alg: 'RS256' })}.${encode({ iss: 'https://accounts.google.com', pad: 'p'.repeat(786_000) })}.c2ln`;
    const dir = tempFiles({ 'big.jwt': token });
    const run = timedCli(['simulate', ...photoShare, '--token-file', path.join(dir, 'big.jwt'), '--now', EXAMPLE_NOW]);
    assert.match(run.stdout + run.stderr, /50,000 characters|too (large|long)/i);
    assert.ok(!(run.stdout + run.stderr).includes(token.slice(0, 200)), 'the token is not echoed');
    assert.ok(run.ms < 20_000, `${run.ms} ms`);
  });

  test('10,000 claims get an answer, promptly', () => {
    const claims = {
      iss: 'https://accounts.google.com',
      aud: 'x',
      sub: '1',
      exp: Number(EXAMPLE_NOW) + 60,
      ...Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`c${i}`, i])),
    };
    const dir = tempFiles({ 'claims.json': JSON.stringify(claims) });
    const run = timedCli(['simulate', ...photoShare, '--claims', path.join(dir, 'claims.json'), '--now', EXAMPLE_NOW]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Outcome:/);
    assert.ok(run.ms < 20_000, `${run.ms} ms`);
  });
});
