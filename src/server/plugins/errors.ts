/**
 * One error handler for the whole API: every failure becomes `{statusCode, error, code, message,
 * requestId, diagnostics?}`. 4xx are logged at info, 5xx at error with the stack.
 */
import fp from 'fastify-plugin';
import { errorBody, HttpError, toHttpError } from '../errors.js';

export default fp(
  async (fastify) => {
    fastify.setErrorHandler((err, request, reply) => {
      const http = toHttpError(err);
      const route = request.routeOptions.url ?? 'unmatched';
      fastify.metrics.errors.inc({ route, code: http.code });
      if (http.statusCode >= 500) request.log.error({ err }, 'internal error');
      else request.log.info({ code: http.code, statusCode: http.statusCode }, http.message.split('\n')[0]);
      if (reply.raw.headersSent) {
        reply.raw.destroy(); // a stream already started: the client sees the connection end, not a clean finish
        return;
      }
      return reply.code(http.statusCode).headers(http.headers).type('application/json; charset=utf-8').send(errorBody(http, request.id));
    });

    fastify.setNotFoundHandler((request, reply) => {
      const http = new HttpError(404, 'not-found', `no route ${request.method} ${request.url.split('?')[0]}; see /docs`);
      fastify.metrics.errors.inc({ route: 'unmatched', code: http.code });
      return reply.code(404).send(errorBody(http, request.id));
    });
  },
  { name: 'kqlduck-errors', dependencies: ['kqlduck-runtime'] },
);
