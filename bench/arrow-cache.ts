/**
 * The JavaScript variant's input: the rule's columns of each day partition as an Arrow IPC file
 * (bench/data/<size>-arrow/<day>.arrow, beside the archive: inside it, `--data ARCHIVE` would register the
 * folder as a table and load it), written once with DuckDB reading the Parquet and apache-arrow
 * writing IPC. Reading IPC is cheaper than decoding Parquet, so this favours the JavaScript variant.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { OUTPUT_COLUMNS } from './t1204-lists.js';

export function arrowDir(archive: string): string {
  return `${archive.replace(/[\\/]+$/, '')}-arrow`;
}

export async function ensureArrowCache(archive: string): Promise<string[]> {
  const dir = arrowDir(archive);
  const days = readdirSync(join(archive, 'DeviceProcessEvents')).filter((d) => d.startsWith('date=')).sort();
  const out = days.map((d) => join(dir, `${d.slice(5)}.arrow`));
  if (out.every((f) => existsSync(f))) return out;
  mkdirSync(dir, { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    for (const [i, d] of days.entries()) {
      const r = await c.runAndReadAll(`SELECT epoch_us("Timestamp") AS "Timestamp", ${OUTPUT_COLUMNS.slice(1).map((x) => `"${x}"`).join(', ')}
        FROM read_parquet('${join(archive, 'DeviceProcessEvents', d)}/*.parquet')`);
      const cols = r.getColumnsObjectJS() as Record<string, unknown[]>;
      const arrays: Record<string, BigInt64Array | Array<string | null>> = {};
      arrays.Timestamp = BigInt64Array.from(cols.Timestamp as bigint[]);
      for (const name of OUTPUT_COLUMNS.slice(1)) arrays[name] = cols[name] as Array<string | null>;
      writeFileSync(out[i]!, tableToIPC(tableFromArrays(arrays), 'file'));
    }
  } finally {
    c.closeSync();
    db.closeSync();
  }
  return out;
}
