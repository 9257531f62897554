/**
 * Result writers shared by the CLI and the server: rows arrive chunk by chunk and leave the same way
 * (JSON, NDJSON, CSV), so a large result is never held whole. `table` buffers, being for terminals.
 */
import type { JsonValue } from '../engine/values.js';
import type { Column } from '../ir/types.js';

export const FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export interface Sink {
  /** Resolves when the sink can take more (backpressure). */
  write(text: string): Promise<void> | void;
}

const jsonText = (v: JsonValue) => JSON.stringify(v);

/** CSV field per RFC 4180: quoted when it holds a comma, quote, CR or LF. */
export function csvField(v: JsonValue): string {
  if (v === null) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export async function writeJson(columns: Column[], chunks: AsyncIterable<JsonValue[][]>, out: Sink): Promise<number> {
  await out.write(`{"columns":${JSON.stringify(columns)},"rows":[`);
  let n = 0;
  for await (const rows of chunks) {
    let text = '';
    for (const row of rows) text += `${n++ ? ',' : ''}\n${jsonText(row)}`;
    if (text) await out.write(text);
  }
  await out.write(`${n ? '\n' : ''}]}\n`);
  return n;
}

/** One JSON object per row, keyed by column name. */
export async function writeNdjson(columns: Column[], chunks: AsyncIterable<JsonValue[][]>, out: Sink): Promise<number> {
  let n = 0;
  const names = columns.map((c) => JSON.stringify(c.name));
  for await (const rows of chunks) {
    let text = '';
    for (const row of rows) {
      text += `{${row.map((v, i) => `${names[i]}:${jsonText(v)}`).join(',')}}\n`;
      n++;
    }
    if (text) await out.write(text);
  }
  return n;
}

export async function writeCsv(columns: Column[], chunks: AsyncIterable<JsonValue[][]>, out: Sink): Promise<number> {
  await out.write(`${columns.map((c) => csvField(c.name)).join(',')}\r\n`);
  let n = 0;
  for await (const rows of chunks) {
    let text = '';
    for (const row of rows) {
      text += `${row.map(csvField).join(',')}\r\n`;
      n++;
    }
    if (text) await out.write(text);
  }
  return n;
}

const MAX_CELL = 80;

function cell(v: JsonValue): string {
  const s = v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const flat = s.replace(/[\r\n\t]+/g, ' ');
  return flat.length > MAX_CELL ? `${flat.slice(0, MAX_CELL - 1)}…` : flat;
}

/** An aligned table for a terminal, with a row count under it. */
export async function writeTable(columns: Column[], chunks: AsyncIterable<JsonValue[][]>, out: Sink): Promise<number> {
  const rows: string[][] = [];
  for await (const chunk of chunks) for (const row of chunk) rows.push(row.map(cell));
  const widths = columns.map((c, i) => Math.max(c.name.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ').trimEnd();
  const text = [line(columns.map((c) => c.name)), widths.map((w) => '-'.repeat(w)).join('-+-'), ...rows.map(line)];
  await out.write(`${text.join('\n')}\n(${rows.length} row${rows.length === 1 ? '' : 's'})\n`);
  return rows.length;
}

export const WRITERS: Record<OutputFormat, typeof writeJson> = {
  table: writeTable,
  json: writeJson,
  ndjson: writeNdjson,
  csv: writeCsv,
};

/**
 * Starts a row stream and waits for its first chunk, so a query that fails at once fails before any
 * output is written (no half-printed JSON document on an error).
 */
export async function primed<T>(source: AsyncIterable<T>): Promise<AsyncIterable<T>> {
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  return {
    async *[Symbol.asyncIterator]() {
      if (first.done) return;
      yield first.value;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    },
  };
}
