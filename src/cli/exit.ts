import { CommanderError } from 'commander';

/** Exit codes: 0 success, 1 query or data error, 2 usage error. */
export const EXIT_OK = 0;
export const EXIT_QUERY_ERROR = 1;
export const EXIT_USAGE = 2;

/** A user-facing error: printed without a stack trace. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT_QUERY_ERROR) {
    super(message);
  }
}

export function exitWith(err: unknown): never {
  if (err instanceof CommanderError) {
    // help and version exit 0; everything commander rejects is a usage error
    process.exit(err.exitCode === 0 ? EXIT_OK : EXIT_USAGE);
  }
  if (err instanceof CliError) {
    if (err.message) process.stderr.write(`${err.message.replace(/\n?$/, '\n')}`);
    process.exit(err.exitCode);
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`kqlduck: ${message}\n`);
  if (process.env.KQLDUCK_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exit(EXIT_QUERY_ERROR);
}
