/**
 * `identity-pool-roles`: simulate which IAM role an identity pool gives a sign-in, and check
 * role-mapping files. Bundled to dist/cli.js (package.json "bin").
 */
import packageJson from '../package.json';
import { redactForStderr } from './args';
import type { Output } from './output';
import { printable } from './text';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, MAIN_USAGE, PROGRAM, UsageError } from './usage';

/**
 * What the core gets from this Node host: the IAM action catalogue (access levels in permission checks),
 * from the compact file built next to this bundle (dist/iam-actions.json), else the installed package.
 */
function installHostServices(): void {
  const core = require('../core/index') as typeof import('../core/index');
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  const catalogueFile = path.join(__dirname, 'iam-actions.json');
  core.useServiceActionsReader(
    fs.existsSync(catalogueFile) ? core.catalogueFileReader(() => fs.readFileSync(catalogueFile, 'utf8')) : core.packageServiceActionsReader(require),
  );
}

/** Runs the CLI on `args` (without `node` and the script) and returns the exit code. */
export async function main(args: readonly string[], out: Output): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command === 'simulate' || command === 'check' || command === 'test' || command === 'analyze' || command === 'diff') {
      installHostServices();
      // Terraform's parser (wasm) is loaded only when a `.tf` file or a folder is named: other runs do not pay for it.
      const terraform = require('./terraform') as typeof import('./terraform');
      if (terraform.mentionsTerraform(rest)) await terraform.loadTerraformForCli();
    }
    switch (command) {
      // Each command loads its modules (and the core) when it runs: --version and --help need none of them.
      case 'simulate':
        return await (require('./simulateCommand') as typeof import('./simulateCommand')).runSimulate(rest, out);
      case 'check':
        return (require('./checkCommand') as typeof import('./checkCommand')).runCheck(rest, out);
      case 'test':
        return await (require('./testCommand') as typeof import('./testCommand')).runTest(rest, out);
      case 'analyze':
        // `--can ACTION RESOURCE FILE...` asks who can do an action; without it, which rules can fire.
        if (rest.some((arg) => arg === '--can' || arg.startsWith('--can=')))
          return (require('./whoCanCommand') as typeof import('./whoCanCommand')).runWhoCan(rest, out);
        return (require('./analyzeCommand') as typeof import('./analyzeCommand')).runAnalyze(rest, out);
      case 'diff':
        return (require('./diffCommand') as typeof import('./diffCommand')).runDiff(rest, out);
      case undefined:
        out.stderr(MAIN_USAGE);
        return EXIT_USAGE;
      case '--help':
      case '-h':
      case 'help':
        out.stdout(MAIN_USAGE);
        return EXIT_OK;
      case '--version':
      case '-v':
        out.stdout(`${packageJson.version}\n`);
        return EXIT_OK;
      default:
        throw new UsageError(
          command.startsWith('-')
            ? `Unknown option ${command.split('=')[0].slice(0, 64)}: start with a command, 'simulate', 'check', 'test', 'analyze' or 'diff'.`
            : `Unknown command: expected 'simulate', 'check', 'test', 'analyze' or 'diff'.`,
        );
    }
  } catch (error) {
    // Secrets the user passed on the command line must not reach stderr, whatever the message says; nor
    // control characters from file names or file content quoted in it.
    const secrets = secretArguments(args);
    if (error instanceof UsageError) {
      out.stderr(`${PROGRAM}: ${printable(redactForStderr(error.message, secrets))}\n`);
      if (error.showHelpHint)
        out.stderr(`Run '${PROGRAM} ${['check', 'simulate', 'test', 'analyze', 'diff'].includes(command) ? `${command} ` : ''}--help' for usage.\n`);
      return EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    out.stderr(`${PROGRAM}: internal error (this is a bug, please report it): ${printable(redactForStderr(message, secrets))}\n`);
    return EXIT_INTERNAL;
  }
}

/** Values of options that carry credentials. */
function secretArguments(args: readonly string[]): string[] {
  const secrets: string[] = [];
  args.forEach((arg, i) => {
    if (arg === '--token' && args[i + 1] !== undefined) secrets.push(args[i + 1]);
    if (arg.startsWith('--token=')) secrets.push(arg.slice('--token='.length));
  });
  return secrets;
}

const processOutput: Output = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

if (require.main === module) {
  main(process.argv.slice(2), processOutput).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = EXIT_INTERNAL;
    },
  );
}
