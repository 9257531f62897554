import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { fixtureParquetSql } from '../fixtures/t1204-rows.js';
import { tempDir, withDuckDB } from './duckdb.js';

/**
 * For a test file: the T1204 fixture rows (test/fixtures/t1204-rows.ts) written to a Parquet file in a temp
 * folder and an engine over it, set up in beforeAll and closed in afterAll. `engine()` is valid inside tests.
 */
export function useT1204Engine(): { file: string; engine(): Engine } {
  const dir = tempDir();
  const file = join(dir.path, 'DeviceProcessEvents.parquet');
  let engine: Engine | undefined;
  beforeAll(async () => {
    await withDuckDB((run) => run(fixtureParquetSql(file)));
    engine = await Engine.open({ sources: [{ path: file }] });
  });
  afterAll(() => {
    engine?.close();
    dir.cleanup();
  });
  return {
    file,
    engine() {
      if (!engine) throw new Error('the T1204 fixture engine is opened in beforeAll');
      return engine;
    },
  };
}
