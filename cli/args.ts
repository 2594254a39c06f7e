/** Command-line parsing on node:util parseArgs, with messages that never echo argument values. */
import { parseArgs } from 'node:util';
import { UsageError } from './usage';

/** `multiple`: the option may be repeated; its value is then the list of values given. */
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

type ParsedArgs = {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  tokens: Array<
    | { kind: 'option'; name: string; index: number; value?: string }
    | { kind: 'positional'; index: number; value: string }
    | { kind: 'option-terminator'; index: number }
  >;
};

export interface ParsedCommandLine {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  help: boolean;
}

/**
 * Parses `args` strictly: unknown options, missing values and repeated options are usage errors.
 * Values are never quoted back in messages because an argument may be a token (a credential).
 */
export function parseCommandLine(args: readonly string[], options: OptionSpec, allowPositionals: boolean): ParsedCommandLine {
  const spec = { ...options, help: { type: 'boolean' as const, short: 'h' } };
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs({ args: [...args], options: spec, tokens: true, allowPositionals: true, strict: true }) as ParsedArgs;
  } catch (error) {
    throw new UsageError(describeParseError(error, args));
  }
  const help = parsed.values.help === true;
  if (help) return { values: parsed.values, positionals: parsed.positionals, help };

  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name) && !options[token.name]?.multiple) throw new UsageError(`--${token.name} is given more than once.`);
    seen.add(token.name);
    if (options[token.name]?.type === 'string' && token.value === '') throw new UsageError(`--${token.name} needs a value, got an empty string.`);
  }
  if (!allowPositionals && parsed.positionals.length > 0) {
    const first = parsed.tokens.find((t) => t.kind === 'positional');
    throw new UsageError(
      `Unexpected argument at position ${(first?.index ?? 0) + 1}: this command takes only options (did you forget the option name, e.g. --token?).`,
    );
  }
  return { values: parsed.values, positionals: parsed.positionals, help };
}

function describeParseError(error: unknown, args: readonly string[]): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      // The message names the option as written; keep only its name (an inline `--x=VALUE` never reaches here).
      const name = /'([^']*)'/.exec(message)?.[1] ?? 'an option';
      return `Unknown option ${optionNameOnly(name)}.`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const name = /'(--?[A-Za-z][\w-]*)/.exec(message)?.[1];
      if (/argument missing/.test(message)) return `${name ?? 'An option'} needs a value.`;
      if (/ambiguous/.test(message))
        return `${name ?? 'An option'} needs a value (the next argument starts with '-'; write ${name ?? '--option'}=VALUE if it really is the value).`;
      if (name && /does not take an argument/.test(message)) return `${name} does not take a value.`;
      return `Invalid value for ${name ?? 'an option'}.`;
    }
    default:
      void args;
      return redactForStderr(message);
  }
}

/** `--foo=bar` → `--foo`; also cuts anything that looks like a token. */
function optionNameOnly(raw: string): string {
  const name = raw.split('=')[0];
  return name.length > 64 || /\.[\w-]{8,}\./.test(name) ? '(an option that looks like a token)' : name;
}

/**
 * The values of repeated `--parameter NAME=VALUE` options: CloudFormation parameter names (alphanumeric,
 * as the template's Parameters section allows) to values; a value may be empty or hold `=`.
 */
export function parseParameterOptions(values: readonly string[] | undefined): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const entry of values ?? []) {
    const equals = entry.indexOf('=');
    const name = equals < 0 ? entry : entry.slice(0, equals);
    if (equals < 0 || !/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
      throw new UsageError(
        `--parameter takes NAME=VALUE, where NAME is a template parameter's or Terraform variable's name${equals < 0 ? '; the = is missing' : ''}.`,
      );
    }
    const value = entry.slice(equals + 1);
    if (Object.hasOwn(parameters, name) && parameters[name] !== value) throw new UsageError(`--parameter ${name} is given twice with different values.`);
    parameters[name] = value;
  }
  return parameters;
}

const JWT_LIKE = /[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

/** Removes anything shaped like a JWT from a message meant for stderr. */
export function redactForStderr(message: string, secrets: readonly string[] = []): string {
  let result = message;
  for (const secret of secrets) if (secret.length >= 8) result = result.split(secret).join('<redacted>');
  return result.replace(JWT_LIKE, '<token redacted>');
}
