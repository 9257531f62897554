/** Errors from DuckDB, classified so callers can answer them (exit code 1, HTTP 4xx/5xx) without a stack. */
export type EngineErrorCode = 'engine-io' | 'engine-conversion' | 'engine-out-of-memory' | 'engine-interrupted' | 'engine-regex' | 'engine-sql';

export class EngineError extends Error {
  constructor(readonly code: EngineErrorCode, message: string) {
    super(message);
    this.name = 'EngineError';
  }
}

/**
 * RE2's own error texts (re2/re2.cc), which DuckDB reports as "Invalid Input Error: <error>: <pattern part>"
 * when a query's regular expression does not compile: the query's fault, not the data's.
 */
const RE2_ERROR = /^Invalid Input Error: ((?:invalid escape sequence|invalid character class(?: range)?|missing \]|missing \)|unexpected \)|trailing \\|no argument for repetition operator|invalid repetition size|bad repetition operator|invalid perl operator|invalid UTF-8|invalid named capture group)(?::.*)?)$/s;

export function engineError(err: unknown, context?: string): EngineError {
  if (err instanceof EngineError) return err;
  const raw = err instanceof Error ? err.message : String(err);
  const message = context ? `${context}: ${raw}` : raw;
  if (/INTERRUPT/i.test(raw)) return new EngineError('engine-interrupted', 'the query was cancelled');
  const re2 = RE2_ERROR.exec(raw);
  if (re2) return new EngineError('engine-regex', `a regular expression in the query is not valid RE2 syntax (https://github.com/google/re2/wiki/Syntax): ${re2[1]}`);
  if (/Out of Memory/i.test(raw)) return new EngineError('engine-out-of-memory', message);
  if (/Conversion Error|Could not convert|Invalid Input Error: Malformed/i.test(raw)) return new EngineError('engine-conversion', message);
  if (/IO Error|No magic bytes|Invalid Input Error|not a parquet file|No files found|corrupt/i.test(raw)) return new EngineError('engine-io', message);
  return new EngineError('engine-sql', message);
}
