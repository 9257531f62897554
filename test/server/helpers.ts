/** Builds the app the way server.ts does, over a temp folder holding the T1204 fixture as Parquet. */
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import app, { serverOptions } from '../../src/server/app.js';
import { defaultConfig, validateConfig, type ServerConfig } from '../../src/server/config.js';
import { fixtureParquetSql } from '../fixtures/t1204-rows.js';
import { tempDir, withDuckDB } from '../helpers/duckdb.js';

/** A query DuckDB cannot finish quickly: only an interrupt ends it. */
export const SLOW_QUERY = 'range x from 1 to 5000000000 step 1 | where x % 7 == 123 | count';

export interface Fixture {
  dir: string;
  cleanup(): void;
}

export async function makeFixture(): Promise<Fixture> {
  const dir = tempDir('kqlduck-server-');
  const data = join(dir.path, 'data');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(data);
  await withDuckDB((run) => run(fixtureParquetSql(join(data, 'DeviceProcessEvents.parquet'))));
  return { dir: dir.path, cleanup: dir.cleanup };
}

export interface TestApp {
  app: FastifyInstance;
  logs: Array<Record<string, unknown>>;
}

/** The app over the fixture's data, quiet unless `logs` are wanted (then every line is captured). */
export async function buildTestApp(fixture: Fixture | undefined, overrides: Partial<ServerConfig> = {}, extra?: (app: FastifyInstance) => void): Promise<TestApp> {
  const config = validateConfig({
    ...defaultConfig(),
    data: fixture ? [join(fixture.dir, 'data')] : [],
    memoryLimit: '1GB',
    threads: 2,
    logLevel: 'info',
    ...overrides,
  });
  const logs: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  const options = serverOptions(config);
  const instance = Fastify({ ...options, logger: { ...(options.logger as object), stream } });
  await instance.register(fp(app, { name: 'kqlduck' }), { config });
  extra?.(instance);
  await instance.ready();
  return { app: instance, logs };
}

/** Polls until `check` holds (or fails after `ms`). */
export async function until(check: () => boolean | Promise<boolean>, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
