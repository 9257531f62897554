/** Errors from DuckDB, classified so callers can answer them (exit code 1, HTTP 4xx/5xx) without a stack. */
export type EngineErrorCode = 'engine-io' | 'engine-conversion' | 'engine-out-of-memory' | 'engine-interrupted' | 'engine-sql';

export class EngineError extends Error {
  constructor(readonly code: EngineErrorCode, message: string) {
    super(message);
    this.name = 'EngineError';
  }
}

export function engineError(err: unknown, context?: string): EngineError {
  if (err instanceof EngineError) return err;
  const raw = err instanceof Error ? err.message : String(err);
  const message = context ? `${context}: ${raw}` : raw;
  if (/INTERRUPT/i.test(raw)) return new EngineError('engine-interrupted', 'the query was cancelled');
  if (/Out of Memory/i.test(raw)) return new EngineError('engine-out-of-memory', message);
  if (/Conversion Error|Could not convert|Invalid Input Error: Malformed/i.test(raw)) return new EngineError('engine-conversion', message);
  if (/IO Error|No magic bytes|Invalid Input Error|not a parquet file|No files found|corrupt/i.test(raw)) return new EngineError('engine-io', message);
  return new EngineError('engine-sql', message);
}
