/** What the plugins add to the Fastify instance. */
import type { Engine } from '../engine/engine.js';
import type { CompileCache } from './compile-cache.js';
import type { ServerConfig } from './config.js';
import type { Limiter } from './limiter.js';
import type { Metrics } from './metrics.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: ServerConfig;
    engine: Engine;
    /** Compiled queries by KQL text (the analyser is slow; detections repeat). */
    compiler: CompileCache;
    limiter: Limiter;
    metrics: Metrics;
    /** Abort controllers of the queries in flight (aborted on shutdown after the grace period). */
    activeQueries: Set<AbortController>;
    /** Abort controllers of background jobs (retro-hunts), aborted as soon as shutdown begins. */
    backgroundJobs: Set<AbortController>;
    /** True once shutdown has begun: new queries are turned away with 503. */
    draining: boolean;
    /** The folder retro-hunt jobs write findings to ('' when the engine came from the caller, as in tests). */
    findingsStore: string;
  }
}
