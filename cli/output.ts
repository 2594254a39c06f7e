/** Where the CLI writes, so commands can be run in-process by tests and in a process by `cli.ts`. */
import { UsageError } from './usage';

export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

export type Format = 'text' | 'json';

export function parseFormat(value: string | undefined): Format {
  if (value === undefined || value === 'text') return 'text';
  if (value === 'json') return 'json';
  throw new UsageError(`--format takes 'text' or 'json'.`);
}
