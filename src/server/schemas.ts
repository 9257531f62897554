/**
 * JSON schemas shared by the routes (added once with `addSchema`, referenced as `Name#`); they validate
 * requests, shape responses and become the OpenAPI document's components.
 */
import type { FastifyInstance } from 'fastify';
import { KUSTO_TYPES } from '../schema/kusto-types.js';

export const Diagnostic = {
  $id: 'Diagnostic',
  type: 'object',
  description: 'A problem found in the query, at a place in its text.',
  required: ['code', 'message', 'line', 'column', 'start', 'end'],
  properties: {
    code: { type: 'string', description: 'Kebab-case code with an area prefix (`kql-…`, `lower-…`, `engine-…`) or the Kusto parser\'s own (`KS142`).' },
    severity: { type: 'string', enum: ['error', 'warning'] },
    message: { type: 'string' },
    line: { type: 'integer', description: '1-based line of `start`.' },
    column: { type: 'integer', description: '1-based column of `start`.' },
    start: { type: 'integer', description: 'Character offset where the problem starts.' },
    end: { type: 'integer', description: 'Character offset where it ends (exclusive).' },
  },
} as const;

export const ErrorResponse = {
  $id: 'Error',
  type: 'object',
  description: 'Every error answer. `code` is stable and machine-readable; `requestId` ties it to the server log.',
  required: ['statusCode', 'error', 'code', 'message', 'requestId'],
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string', description: 'The HTTP reason phrase.' },
    code: {
      type: 'string',
      description: 'query-invalid (400), request-invalid (400), invalid-json (400), limit-exceeded (400), unauthorized (401), not-found (404), '
        + 'rule-not-found (404), hunt-not-found (404), not-acceptable (406), query-timeout (408), body-too-large (413), unsupported-media-type (415), '
        + 'query-refused (422), data-missing (422), query-failed (422), query-out-of-memory (422), queue-full (503), hunts-busy (503), '
        + 'hunts-unavailable (503), shutting-down (503), internal (500), data-unreadable (500).',
    },
    message: { type: 'string' },
    requestId: { type: 'string' },
    diagnostics: { type: 'array', items: { $ref: 'Diagnostic#' } },
  },
} as const;

export const ColumnSchema = {
  $id: 'Column',
  type: 'object',
  required: ['name', 'type'],
  properties: {
    name: { type: 'string' },
    type: { type: 'string', enum: [...KUSTO_TYPES], description: 'The Kusto type.' },
  },
} as const;

export const Stats = {
  $id: 'Stats',
  type: 'object',
  required: ['rows', 'elapsedMs', 'truncated'],
  properties: {
    rows: { type: 'integer', description: 'Rows in this answer.' },
    elapsedMs: { type: 'number', description: 'Time from admission to the last row, queueing included.' },
    truncated: { type: 'boolean', description: 'True when the result had more rows than `maxRows`.' },
  },
} as const;

export const ResultRows = {
  $id: 'ResultRows',
  type: 'object',
  description: 'Rows in Kusto\'s JSON shape: datetimes ISO-8601 UTC ending in Z, timespans `[-][d.]hh:mm:ss[.fffffff]`, dynamic values as JSON, strings never null.',
  required: ['columns', 'rows', 'stats'],
  properties: {
    columns: { type: 'array', items: { $ref: 'Column#' } },
    rows: { type: 'array', items: { type: 'array', items: {} } },
    stats: { $ref: 'Stats#' },
  },
} as const;

/** Request members shared by /v1/query and /v1/detections/:id/run. */
export const limitProperties = {
  timeoutMs: { type: 'integer', minimum: 1, description: 'Time limit for this query in ms (queueing included); default and maximum are server settings.' },
  maxRows: { type: 'integer', minimum: 0, description: 'Row cap; default and maximum are server settings (larger for streamed formats).' },
} as const;

export const nowProperty = {
  type: 'string',
  format: 'date-time',
  description: 'The instant `now()` and `ago()` mean, ISO-8601 with a zone (default: the time of the request).',
} as const;

/** Error answers every route may give. */
export const errorResponses = {
  '4xx': { $ref: 'Error#' },
  '5xx': { $ref: 'Error#' },
} as const;

/** The result answer in each negotiated media type (JSON is described; the streams are bytes). */
export const resultContent = (json: object) => ({
  description: 'Rows in the format the Accept header asked for. NDJSON, CSV and Arrow are streamed.',
  content: {
    'application/json': { schema: json },
    'application/x-ndjson': { schema: { type: 'string', description: 'One JSON object per row, keyed by column name.' } },
    'text/csv': { schema: { type: 'string', description: 'RFC 4180 CSV with a header row.' } },
    'application/vnd.apache.arrow.stream': {
      schema: { type: 'string', format: 'binary', description: 'Arrow IPC stream; Kusto types in field metadata `kusto.type`; timespans as duration[µs], datetimes as timestamp[µs, UTC].' },
    },
  },
});

export function addSharedSchemas(fastify: FastifyInstance): void {
  for (const s of [Diagnostic, ErrorResponse, ColumnSchema, Stats, ResultRows]) fastify.addSchema(s);
}
