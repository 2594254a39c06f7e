/**
 * Error handling for handlers: every failure is caught and logged by name and stack frames only, because
 * error messages can quote input (a token, a claim value) and tokens must never reach a log.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

export interface Logger {
  error(message: string): void;
  info(message: string): void;
}

/** A log line about an error without its message (which may quote a token or a claim). */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const frames = (error.stack ?? '')
    .split('\n')
    .slice(1, 6)
    .map((line) => line.trim())
    .join(' | ');
  return `${error.name}${frames ? ` at ${frames}` : ''}`;
}

export class CancelledError extends ResponseError<void> {
  constructor() {
    super(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
  }
}

export function throwIfCancelled(token: CancellationToken | undefined): void {
  if (token?.isCancellationRequested) throw new CancelledError();
}

/**
 * Runs a handler body; on failure logs it and answers `fallback`, except for protocol errors such as
 * cancellation, which are answered as errors (RequestCancelled, InvalidParams) as the protocol asks.
 */
export async function guarded<T>(log: Logger, name: string, fallback: T, body: () => T | Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    // Protocol errors (cancellation, invalid parameters) are answers, not failures.
    if (error instanceof ResponseError) throw error;
    log.error(`${name} failed: ${describeError(error)}`);
    return fallback;
  }
}

/** Synchronous variant for notification handlers and internal steps. */
export function guardedSync<T>(log: Logger, name: string, fallback: T, body: () => T): T {
  try {
    return body();
  } catch (error) {
    log.error(`${name} failed: ${describeError(error)}`);
    return fallback;
  }
}
