/**
 * The kqlduck HTTP API as one Fastify plugin: infrastructure plugins (runtime, engine, auth, errors,
 * CORS, docs), then the routes. `server.ts` listens; tests register this plugin and use `inject`.
 */
import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Engine } from '../engine/engine.js';
import type { ServerConfig } from './config.js';
import auth from './plugins/auth.js';
import docs from './plugins/docs.js';
import engine from './plugins/engine.js';
import errors from './plugins/errors.js';
import runtime from './plugins/runtime.js';
import detectionRoutes from './routes/detections.js';
import healthRoutes from './routes/health.js';
import huntRoutes from './routes/hunts.js';
import queryRoutes from './routes/query.js';
import tableRoutes from './routes/tables.js';
import translateRoutes from './routes/translate.js';
import { addSharedSchemas } from './schemas.js';
import './types.js';

export interface AppOptions {
  config: ServerConfig;
  /** An engine opened by the caller (tests); by default the app opens one over `config`'s sources. */
  engine?: Engine;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Options for the Fastify instance the app is registered on (logger, body limit, request ids, validation). */
export function serverOptions(config: ServerConfig): FastifyServerOptions {
  return {
    logger: {
      level: config.logLevel,
      // keys never reach the log, whatever a serializer is later told to include
      redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'headers.authorization', 'headers["x-api-key"]'], censor: '[redacted]' },
    },
    bodyLimit: config.bodyLimit,
    // a caller's own X-Request-Id is kept (when sane) so its logs and ours line up
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
    return503OnClosing: true,
    // preClose has already given running queries their grace period; keep-alive sockets left after that
    // would hold close() for Fastify's 72 s keep-alive timeout (seen after a client aborted a request)
    forceCloseConnections: true,
  };
}

export default async function app(fastify: FastifyInstance, opts: AppOptions): Promise<void> {
  fastify.decorate('config', opts.config);
  // request bodies are JSON only (a text/plain body is a 415, not a string that fails validation)
  fastify.removeContentTypeParser('text/plain');
  addSharedSchemas(fastify);
  await fastify.register(runtime);
  await fastify.register(errors);
  await fastify.register(auth);
  if (opts.config.corsOrigins.length) {
    const origins = opts.config.corsOrigins;
    await fastify.register(cors, {
      origin: origins.includes('*') ? '*' : origins,
      methods: ['GET', 'POST'],
      allowedHeaders: ['content-type', 'accept', 'authorization', 'x-api-key', 'x-request-id'],
      exposedHeaders: ['x-request-id', 'x-kqlduck-rule', 'x-kqlduck-rule-version'],
      maxAge: 600,
    });
  }
  await fastify.register(docs);
  await fastify.register(engine, { engine: opts.engine });
  await fastify.register(healthRoutes);
  await fastify.register(queryRoutes);
  await fastify.register(translateRoutes);
  await fastify.register(tableRoutes);
  await fastify.register(detectionRoutes);
  await fastify.register(huntRoutes);
}
