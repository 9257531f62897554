/**
 * Readers: each source format becomes a DuckDB relation with `__row` (1-based record number in the
 * source: the line of an NDJSON file, the data row of a CSV, the row of a Parquet/Arrow file) and the
 * source's columns. JSON holding Windows event records stays as one JSON value per record (`j`), since
 * its fields live at different depths per converter.
 *
 * Everything is read by DuckDB except Arrow IPC (see arrow.ts). Malformed input (truncated Parquet,
 * invalid JSON, ragged CSV) fails here, before anything is written.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { sqlIdent, sqlString } from '../sql/quote.js';
import { queryRows } from '../archive/duckdb.js';
import { loadArrow } from './arrow.js';
import type { SourceColumn } from './columns.js';
import type { SourceFormat } from './detect.js';
import { detectShapes, looksLikeWindowsEvent, type EventShape } from './windows-events.js';

export interface TabularSource { kind: 'tabular'; from: string; columns: SourceColumn[]; rows: number }
export interface EventsSource { kind: 'windows-events'; from: string; rows: number; shapes: EventShape[] }
export type LoadedSource = TabularSource | EventsSource;

const SAMPLE_RECORDS = 1000;

/**
 * The largest CSV line or JSON object a source may hold (64 MiB: far above any telemetry record). DuckDB
 * sizes its read buffers from it (by default 16 lines for CSV, 2 objects for JSON, per thread), and those
 * buffers count against the ingest memory limit: with 64 MiB lines and default CSV buffers a 1 GiB block
 * alone failed under the 2GB limit, so the CSV buffer is set to two lines.
 */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;

function jsonFormat(format: SourceFormat): string {
  return format === 'ndjson' ? 'newline_delimited' : format === 'json-array' ? 'array' : 'auto';
}

export async function loadSource(c: DuckDBConnection, path: string, format: SourceFormat, onRows?: (rows: number) => void): Promise<LoadedSource> {
  const p = sqlString(path);
  switch (format) {
    case 'parquet': {
      const columns = await describe(c, `SELECT * FROM read_parquet(${p})`);
      const [meta] = await queryRows(c, `SELECT sum(num_rows) AS n FROM parquet_file_metadata(${p})`);
      return tabular(`read_parquet(${p})`, columns, Number(meta?.n ?? 0));
    }
    case 'csv': {
      // The header decides the dialect: DuckDB's sniffer, faced with a ragged file, would rather pick a
      // delimiter that makes every line one column than report the bad line.
      const { names, delimiter } = await readCsvHeader(path);
      const columns = names.map((name) => ({ name, type: 'VARCHAR' }));
      const fn = `read_csv(${p}, columns = {${names.map((n) => `${sqlString(n)}: 'VARCHAR'`).join(', ')}}, header = true,
        delim = ${sqlString(delimiter)}, quote = '"', escape = '"', auto_detect = false, strict_mode = true,
        null_padding = false, max_line_size = ${MAX_RECORD_BYTES}, buffer_size = ${2 * MAX_RECORD_BYTES})`;
      const [r] = await queryRows(c, `SELECT count(*) AS n FROM ${fn}`);
      return tabular(fn, columns, Number(r?.n ?? 0));
    }
    case 'arrow-file': case 'arrow-stream': {
      const { columns, rows } = await loadArrow(c, path, '__arrow', onRows);
      return { kind: 'tabular', from: '__arrow', columns, rows };
    }
    case 'ndjson': case 'json-array': case 'json':
      return loadJson(c, path, format);
  }
}

async function loadJson(c: DuckDBConnection, path: string, format: SourceFormat): Promise<LoadedSource> {
  const objects = `read_json_objects(${sqlString(path)}, format = ${sqlString(jsonFormat(format))}, maximum_object_size = ${MAX_RECORD_BYTES})`;
  const sample = await queryRows(c, `SELECT CAST(json AS VARCHAR) AS j FROM ${objects} LIMIT ${SAMPLE_RECORDS}`);
  const parsed = sample.map((r) => {
    try {
      return JSON.parse(String(r.j)) as unknown;
    } catch {
      return undefined;
    }
  });
  if (parsed.some(looksLikeWindowsEvent)) {
    const [r] = await queryRows(c, `SELECT count(*) AS n FROM ${objects}`);
    return {
      kind: 'windows-events', from: `(SELECT ordinality AS __row, json AS j FROM ${objects} WITH ORDINALITY)`,
      rows: Number(r?.n ?? 0), shapes: detectShapes(parsed),
    };
  }
  // Table-shaped records: find every key (a full pass), then read them all as text.
  const keys = await queryRows(c, `SELECT k, min(o) AS first, max(o) AS last FROM (
      SELECT unnest(json_keys(json)) AS k, ordinality AS o FROM ${objects} WITH ORDINALITY) GROUP BY k ORDER BY first, k`);
  const rows = keys.reduce((n, k) => Math.max(n, Number(k.last)), 0);
  if (keys.length === 0) return tabular(`(SELECT 1 AS __none WHERE false)`, [], 0);
  const names = keys.map((k) => String(k.k));
  const columns = `{${names.map((n) => `${sqlString(n)}: 'VARCHAR'`).join(', ')}}`;
  const fn = `read_json(${sqlString(path)}, format = ${sqlString(jsonFormat(format))}, columns = ${columns}, maximum_object_size = ${MAX_RECORD_BYTES})`;
  return tabular(fn, names.map((name) => ({ name, type: 'VARCHAR' })), rows);
}

/** Wraps a table function so that it yields `__row` plus its columns, whatever they are called. */
function tabular(fn: string, columns: SourceColumn[], rows: number): TabularSource {
  if (columns.length === 0) return { kind: 'tabular', from: `(SELECT 0::BIGINT AS __row WHERE false)`, columns, rows };
  const aliases = [...columns.map((c) => sqlIdent(c.name)), '__row'].join(', ');
  return { kind: 'tabular', from: `(SELECT * FROM ${fn} WITH ORDINALITY AS __src(${aliases}))`, columns, rows };
}

async function describe(c: DuckDBConnection, sql: string): Promise<SourceColumn[]> {
  const rows = await queryRows(c, `DESCRIBE ${sql}`);
  return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}

const CSV_DELIMITERS = [',', '\t', ';', '|'];

/** The first line of a CSV (gzip or not): its column names and the delimiter it uses. */
export async function readCsvHeader(path: string): Promise<{ names: string[]; delimiter: string }> {
  let text = '';
  const raw = createReadStream(path, { highWaterMark: 64 * 1024 });
  const stream = path.toLowerCase().endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  try {
    for await (const chunk of stream) {
      text += (chunk as Buffer).toString('utf8');
      if (/\r?\n/.test(text) || text.length > 1 << 20) break;
    }
  } finally {
    raw.destroy();
  }
  const line = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = CSV_DELIMITERS
    .map((d) => ({ d, n: splitCsvLine(line, d).length }))
    .sort((a, b) => b.n - a.n)[0]!.d;
  const seen = new Map<string, number>();
  const names = splitCsvLine(line, delimiter).map((n, i) => {
    const base = n.trim() || `column${i}`;
    const k = base.toLowerCase();
    const count = seen.get(k) ?? 0;
    seen.set(k, count + 1);
    return count === 0 ? base : `${base}_${count}`;
  });
  return { names, delimiter };
}

/** Splits one CSV line on `delimiter`, honouring double quotes ("" inside quotes is a quote). */
export function splitCsvLine(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}
