/** GET /healthz (the process answers), /readyz (the engine is open and the server is not draining), /metrics. */
import type { FastifyInstance } from 'fastify';

const Status = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string' }, tables: { type: 'integer' }, running: { type: 'integer' }, queued: { type: 'integer' } },
} as const;

export default async function healthRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.get('/healthz', {
    schema: { tags: ['operations'], summary: 'Liveness', security: [], response: { 200: Status } },
  }, async () => ({ status: 'ok' }));

  fastify.get('/readyz', {
    schema: { tags: ['operations'], summary: 'Readiness: 503 while shutting down', security: [], response: { 200: Status, 503: Status } },
  }, async (_request, reply) => {
    const body = { tables: fastify.engine.tables.length, running: fastify.limiter.active, queued: fastify.limiter.waiting };
    if (fastify.draining) return reply.code(503).send({ status: 'shutting-down', ...body });
    return { status: 'ready', ...body };
  });

  fastify.get('/metrics', {
    schema: {
      tags: ['operations'],
      summary: 'Prometheus metrics (text exposition format)',
      response: { 200: { description: 'Prometheus text', content: { 'text/plain': { schema: { type: 'string' } } } } },
    },
  }, async (_request, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(fastify.metrics.text()));
}
