/** POST /v1/query: ad-hoc KQL, answered in the format the Accept header asks for. */
import type { FastifyInstance } from 'fastify';
import { negotiate } from '../accept.js';
import { answerQuery, resolveLimits } from '../query-run.js';
import { errorResponses, limitProperties, nowProperty, resultContent } from '../schemas.js';

interface QueryBody {
  query: string;
  now?: string;
  timeoutMs?: number;
  maxRows?: number;
}

export default async function queryRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.post<{ Body: QueryBody }>('/v1/query', {
    schema: {
      tags: ['query'],
      summary: 'Run a KQL query',
      description: 'Compiles the KQL to DuckDB SQL and runs it over the server\'s data. Accept: application/json (default, with stats), '
        + 'application/x-ndjson, text/csv or application/vnd.apache.arrow.stream (streamed). 400: invalid KQL (diagnostics); 422: valid KQL kqlduck refuses '
        + '(control commands, unsupported operators) or a table with no data; 408: time limit; 503: queue full.',
      body: {
        type: 'object',
        required: ['query'],
        additionalProperties: false,
        properties: {
          query: { type: 'string', minLength: 1, description: 'The KQL text.' },
          now: nowProperty,
          ...limitProperties,
        },
      },
      response: { 200: resultContent({ $ref: 'ResultRows#' }), ...errorResponses },
    },
  }, async (request, reply) => {
    const format = negotiate(request.headers.accept);
    const { query, now, timeoutMs, maxRows } = request.body;
    const limits = resolveLimits(fastify.config, format, { timeoutMs, maxRows });
    return answerQuery(request, reply, { kql: query, now: now ? new Date(now) : new Date(), format, limits });
  });
}
