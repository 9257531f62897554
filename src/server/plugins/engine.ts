/**
 * The DuckDB engine as infrastructure: opened once over the configured sources, locked down (only the
 * data roots readable, no setting changeable), decorated as `fastify.engine` (with its compile cache,
 * `fastify.compiler`), closed on shutdown.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Engine } from '../../engine/engine.js';
import type { SourceSpec } from '../../engine/sources.js';
import { CompileCache } from '../compile-cache.js';
import { sourceSpecsOf } from '../config.js';

export interface EnginePluginOptions {
  /** An engine opened by the caller (tests); it stays the caller's to close. */
  engine?: Engine;
}

/**
 * The retro-hunt findings store: the configured folder, else a temporary one removed on close. It is
 * the one folder besides the data that DuckDB may write to once locked down.
 */
function findingsStore(fastify: FastifyInstance): string {
  const configured = fastify.config.findingsDir;
  let dir: string;
  if (configured) {
    dir = resolve(configured);
    mkdirSync(dir, { recursive: true });
  } else {
    dir = mkdtempSync(join(tmpdir(), 'kqlduck-findings-'));
    fastify.addHook('onClose', async () => rmSync(dir, { recursive: true, force: true }));
  }
  fastify.decorate('findingsStore', dir);
  return dir;
}

export default fp<EnginePluginOptions>(
  async (fastify, opts) => {
    let engine = opts.engine;
    if (!engine) {
      const { config } = fastify;
      const sources: SourceSpec[] = [];
      for (const spec of sourceSpecsOf(config)) {
        // a missing data folder is reported, not fatal: the server still answers print/range/datatable
        if (!/[*?[]/.test(spec.path) && !existsSync(spec.path)) fastify.log.warn({ path: spec.path }, 'data path does not exist; serving without it');
        else sources.push(spec);
      }
      engine = await Engine.open({
        sources, memoryLimit: config.memoryLimit, threads: config.threads || undefined, lockDown: true, writableDirs: [findingsStore(fastify)],
      });
      const opened = engine;
      fastify.addHook('onClose', async () => opened.close());
    }
    if (!fastify.hasDecorator('findingsStore')) fastify.decorate('findingsStore', '');
    fastify.decorate('engine', engine);
    fastify.decorate('compiler', new CompileCache(engine));
    fastify.log.info({ tables: engine.tables.map((t) => t.name) }, 'engine ready');
  },
  { name: 'kqlduck-engine', dependencies: ['kqlduck-runtime'] },
);
