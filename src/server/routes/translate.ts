/** POST /v1/translate: the DuckDB SQL a query compiles to, with its diagnostics (nothing runs). */
import type { FastifyInstance } from 'fastify';
import { KqlError } from '../../diagnostics/diagnostic.js';
import { compile } from '../../compile.js';
import { analysisTables } from '../../run.js';
import { quotingError } from '../compile-cache.js';
import { kqlHttpError } from '../errors.js';
import { errorResponses, nowProperty } from '../schemas.js';

export default async function translateRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.post<{ Body: { query: string; now?: string } }>('/v1/translate', {
    schema: {
      tags: ['query'],
      summary: 'Translate KQL to DuckDB SQL',
      description: 'Against the server\'s tables and the official Defender schemas. 400 with diagnostics for invalid KQL, 422 for constructs kqlduck refuses.',
      body: {
        type: 'object',
        required: ['query'],
        additionalProperties: false,
        properties: { query: { type: 'string', minLength: 1 }, now: nowProperty },
      },
      response: {
        200: {
          type: 'object',
          required: ['sql', 'columns', 'diagnostics'],
          properties: {
            sql: { type: 'string' },
            columns: { type: 'array', items: { $ref: 'Column#' } },
            diagnostics: { type: 'array', items: { $ref: 'Diagnostic#' } },
          },
        },
        ...errorResponses,
      },
    },
  }, async (request) => {
    const { query, now } = request.body;
    let result;
    try {
      result = compile(query, { tables: analysisTables(fastify.engine), now: now ? new Date(now) : undefined });
    } catch (err) {
      const error = quotingError(query, err);
      throw error ? kqlHttpError(error) : err;
    }
    if (!result.sql) throw kqlHttpError(new KqlError(query, result.diagnostics));
    return { sql: result.sql, columns: result.columns, diagnostics: result.diagnostics };
  });
}
