/**
 * Every error the API answers, as one body shape: `{statusCode, error, code, message, requestId,
 * diagnostics?}`. Client mistakes map to 4xx by their class; only what is left is a 500, whose body
 * carries the request id the log ties to the stack.
 */
import { STATUS_CODES } from 'node:http';
import { KqlError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { EngineError } from '../engine/errors.js';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly diagnostics?: Diagnostic[],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  requestId: string;
  diagnostics?: Array<Omit<Diagnostic, 'severity'> & { severity?: string }>;
}

interface FastifyLikeError extends Error {
  code?: string;
  statusCode?: number;
  validation?: unknown[];
  validationContext?: string;
}

/** Diagnostics whose every error means "this server has no data for that table". */
function isNoData(diagnostics: Diagnostic[]): boolean {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  return errors.length > 0 && errors.every((d) => d.code === 'engine-no-data');
}

export function kqlHttpError(err: KqlError): HttpError {
  if (err.isRefusal) return new HttpError(422, 'query-refused', `kqlduck refuses this query: ${err.message}`, {}, err.diagnostics);
  if (isNoData(err.diagnostics)) return new HttpError(422, 'data-missing', err.message, {}, err.diagnostics);
  return new HttpError(400, 'query-invalid', err.message, {}, err.diagnostics);
}

/** DuckDB failures while running a client's query: the query's fault (4xx) unless the data is unreadable. */
export function engineHttpError(err: EngineError): HttpError {
  switch (err.code) {
    case 'engine-interrupted':
      return new HttpError(408, 'query-timeout', 'the query was cancelled');
    case 'engine-out-of-memory':
      return new HttpError(422, 'query-out-of-memory', 'the query needs more memory than the server allows; narrow it (time range, columns, take) and retry');
    case 'engine-regex':
      return new HttpError(400, 'query-invalid', err.message);
    case 'engine-conversion':
    case 'engine-sql':
      return new HttpError(422, 'query-failed', `the query failed while running: ${err.message}`);
    case 'engine-io':
      return new HttpError(500, 'data-unreadable', 'the server could not read its data');
  }
}

/** Anything thrown while handling a request → the status and body to answer with. */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof KqlError) return kqlHttpError(err);
  if (err instanceof EngineError) return engineHttpError(err);
  const e = err as FastifyLikeError;
  if (e && typeof e === 'object') {
    if (Array.isArray(e.validation)) return new HttpError(400, 'request-invalid', e.message);
    switch (e.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return new HttpError(413, 'body-too-large', e.message);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return new HttpError(415, 'unsupported-media-type', `${e.message}; send application/json`);
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return new HttpError(400, 'invalid-json', e.message);
    }
    if (e instanceof SyntaxError && e.statusCode === 400) return new HttpError(400, 'invalid-json', `the body is not valid JSON: ${e.message}`);
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      return new HttpError(e.statusCode, (e.code ?? 'bad-request').toLowerCase(), e.message);
    }
  }
  return new HttpError(500, 'internal', 'internal server error');
}

export function errorBody(err: HttpError, requestId: string): ErrorBody {
  const body: ErrorBody = {
    statusCode: err.statusCode,
    error: STATUS_CODES[err.statusCode] ?? 'Error',
    code: err.code,
    message: err.statusCode >= 500 ? `${err.message}; the server log has the details under request id ${requestId}` : err.message,
    requestId,
  };
  if (err.diagnostics) {
    body.diagnostics = err.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, line: d.line, column: d.column, start: d.start, end: d.end }));
  }
  return body;
}
