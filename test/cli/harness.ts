/** Runs the built CLI (dist/cli.js) the way users and outside tests do: as a child process. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../../..');
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], cwd = repoRoot): CliRun {
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the CLI with `--format json` already in `args` and parses stdout. */
export function runCliJson<T = unknown>(args: readonly string[], cwd = repoRoot): { run: CliRun; json: T } {
  const run = runCli(args, cwd);
  let json: T;
  try {
    json = JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${run.status}).\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  }
  return { run, json };
}

/** A fresh temporary folder with the given files (name → content). */
export function tempFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'identity-pool-roles-cli-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

export const examples = {
  userPoolRoles: 'examples/user-pool-groups/roles.json',
  userPoolPool: 'examples/user-pool-groups/identity-pool.json',
  rulesRoles: 'examples/google-and-user-pool-rules/roles.json',
  rulesPool: 'examples/google-and-user-pool-rules/identity-pool.json',
  samlRoles: 'examples/saml/roles.json',
  samlPool: 'examples/saml/identity-pool.json',
  brokenRoles: 'examples/broken/roles.json',
  brokenPool: 'examples/broken/identity-pool.json',
  jwks: 'examples/tokens/jwks.json',
  token: (name: string) => `examples/tokens/${name}.jwt`,
};

/** The fixed evaluation time of the sample tokens (examples/tokens/README.md). */
export const EXAMPLE_NOW = '1767226200';
