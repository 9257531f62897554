import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { queryRows, withDuckDB } from '../../src/archive/duckdb.js';
import { ingestSources, type IngestOptions, type SourceReport } from '../../src/ingest/ingest.js';
import { sqlString } from '../../src/sql/quote.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/ingest/', import.meta.url));
/** The team's real recordings, beside the project on the team's machines (absent on a plain clone). */
export const REAL = fileURLToPath(new URL('../../../shared/data/real/', import.meta.url));
export const HAVE_REAL = existsSync(join(REAL, 'README.md'));

export async function ingest(paths: string[], options: IngestOptions): Promise<SourceReport[]> {
  return ingestSources(paths, options);
}

/** Rows of one archived table (hive `date` column included), as JSON-friendly objects. */
export async function archiveRows(archive: string, table = 'DeviceProcessEvents', tail = 'ORDER BY "Timestamp", "ReportId"'): Promise<Record<string, unknown>[]> {
  const glob = join(archive, table, '*', '*.parquet');
  if (!existsSync(join(archive, table))) return [];
  return withDuckDB((c) => queryRows(c, `SELECT * FROM read_parquet(${sqlString(glob)}, hive_partitioning = true) ${tail}`));
}

export async function sql(query: string): Promise<Record<string, unknown>[]> {
  return withDuckDB((c) => queryRows(c, query));
}
