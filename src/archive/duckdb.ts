/**
 * A short-lived in-memory DuckDB for archive and ingest work. Always closed (`finally`), UTC session time
 * zone so TIMESTAMPTZ ↔ TIMESTAMP conversions mean UTC, and an optional spill folder inside the archive's
 * staging area (same filesystem, removed with it).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../sql/quote.js';

export interface DuckDBOptions {
  /** Folder DuckDB may spill to when a sort or table does not fit in memory. */
  tempDirectory?: string;
  /** DuckDB's memory_limit (a size such as 2GB); past it DuckDB spills to tempDirectory. */
  memoryLimit?: string;
  threads?: number;
}

/** A size DuckDB's memory_limit accepts: 512MB, 4GB, 1.5GiB … */
export const DUCKDB_SIZE = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

export async function withDuckDB<T>(fn: (connection: DuckDBConnection) => Promise<T>, options: DuckDBOptions = {}): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:');
  try {
    const connection = await instance.connect();
    try {
      await connection.run(`SET TimeZone = 'UTC'`);
      await connection.run(`SET preserve_insertion_order = true`);
      // query progress is tracked only with the progress bar on; DuckDB's own printing stays off
      await connection.run(`SET enable_progress_bar = true; SET enable_progress_bar_print = false`);
      if (options.tempDirectory) await connection.run(`SET temp_directory = ${sqlString(options.tempDirectory)}`);
      if (options.memoryLimit) {
        if (!DUCKDB_SIZE.test(options.memoryLimit)) throw new Error(`memory limit ${options.memoryLimit}: expected a size such as 512MB or 4GB`);
        await connection.run(`SET memory_limit = ${sqlString(options.memoryLimit)}`);
      }
      if (options.threads) await connection.run(`SET threads = ${Math.max(1, Math.floor(options.threads))}`);
      return await fn(connection);
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/** Runs a query and returns its rows as JSON-friendly objects (BIGINT as string, timestamps as ISO text). */
export async function queryRows(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}
