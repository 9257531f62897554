/**
 * What every query shares: the bounded DuckDB pool, metrics, the set of queries in flight, and the
 * shutdown drain (stop admitting, let running queries finish for the grace period, then cancel them).
 */
import fp from 'fastify-plugin';
import { Limiter } from '../limiter.js';
import { Metrics } from '../metrics.js';
import { HttpError } from '../errors.js';

export default fp(
  async (fastify) => {
    const { config } = fastify;
    const limiter = new Limiter(config.concurrency, config.queueSize);
    const metrics = new Metrics();
    metrics.gauge('kqlduck_queries_running', 'Queries holding a DuckDB connection.', () => limiter.active);
    metrics.gauge('kqlduck_queries_queued', 'Queries waiting for a DuckDB connection.', () => limiter.waiting);
    fastify.decorate('limiter', limiter);
    fastify.decorate('metrics', metrics);
    fastify.decorate('activeQueries', new Set<AbortController>());
    fastify.decorate('backgroundJobs', new Set<AbortController>());
    fastify.decorate('draining', false);

    fastify.addHook('onRequest', async (request, reply) => {
      reply.header('x-request-id', request.id);
      reply.raw.once('close', () => {
        metrics.requests.inc({ route: request.routeOptions.url ?? 'unmatched', method: request.method, status: String(reply.raw.statusCode) });
      });
    });

    fastify.addHook('preClose', async () => {
      fastify.draining = true;
      // background jobs (retro-hunts) resume from their store: they stop at once rather than hold the grace period
      for (const c of fastify.backgroundJobs) c.abort();
      if (await limiter.idle(config.shutdownGraceMs)) return;
      fastify.log.warn({ running: limiter.active, queued: limiter.waiting }, 'grace period over: cancelling the queries still running');
      for (const c of fastify.activeQueries) c.abort(new HttpError(503, 'shutting-down', 'the server is shutting down', { 'retry-after': '5' }));
      await limiter.idle(5_000);
    });
  },
  { name: 'kqlduck-runtime' },
);
