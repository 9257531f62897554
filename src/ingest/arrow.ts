/**
 * Arrow IPC (file or stream) → a DuckDB table, one record batch at a time: apache-arrow reads the file
 * through a file handle (random access for the file format, sequential for streams), and each batch is
 * appended as DuckDB data chunks, so a large file is never held in JavaScript whole.
 *
 * Scalars keep their type (integers → BIGINT, floats → DOUBLE, bool, timestamps → TIMESTAMP in UTC);
 * everything else (nested, binary, decimal, unsigned 64-bit) becomes text and is coerced like CSV.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { RecordBatchReader, Type, type DataType, type RecordBatch, type Vector } from 'apache-arrow';
import {
  BIGINT, BOOLEAN, DOUBLE, TIMESTAMP, VARCHAR, DuckDBDataChunk, DuckDBTimestampValue,
  type DuckDBConnection, type DuckDBType, type DuckDBValue,
} from '@duckdb/node-api';
import { sqlIdent } from '../sql/quote.js';
import type { SourceColumn } from './columns.js';

const CHUNK = 2048;

interface ColumnPlan { name: string; sqlType: string; duckType: DuckDBType; convert(v: unknown): DuckDBValue }

function planColumn(name: string, type: DataType): ColumnPlan {
  switch (type.typeId) {
    case Type.Utf8: case Type.LargeUtf8: case Type.Dictionary:
      return { name, sqlType: 'VARCHAR', duckType: VARCHAR, convert: (v) => (v == null ? null : String(v)) };
    case Type.Int: {
      const t = type as unknown as { bitWidth: number; isSigned: boolean };
      if (t.bitWidth === 64 && !t.isSigned) return textColumn(name);
      return { name, sqlType: 'BIGINT', duckType: BIGINT, convert: (v) => (v == null ? null : BigInt(v as number | bigint)) };
    }
    case Type.Float:
      return { name, sqlType: 'DOUBLE', duckType: DOUBLE, convert: (v) => (v == null ? null : Number(v)) };
    case Type.Bool:
      return { name, sqlType: 'BOOLEAN', duckType: BOOLEAN, convert: (v) => (v == null ? null : Boolean(v)) };
    case Type.Timestamp: case Type.Date:
      // apache-arrow gives epoch milliseconds as a number, with the sub-millisecond part as a fraction.
      return { name, sqlType: 'TIMESTAMP', duckType: TIMESTAMP, convert: (v) => (v == null ? null : new DuckDBTimestampValue(BigInt(Math.round(Number(v) * 1000)))) };
    default:
      return textColumn(name);
  }
}

function textColumn(name: string): ColumnPlan {
  return {
    name, sqlType: 'VARCHAR', duckType: VARCHAR,
    convert: (v) => {
      if (v == null) return null;
      if (typeof v === 'string') return v;
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
      return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
    },
  };
}

/**
 * Loads an Arrow IPC file into table `target` (`__row` + the file's columns). Returns the columns and
 * the number of rows; `onRows` is called after each batch.
 */
export async function loadArrow(connection: DuckDBConnection, path: string, target: string, onRows?: (rows: number) => void): Promise<{ columns: SourceColumn[]; rows: number }> {
  const fh = await open(path, 'r');
  try {
    await checkComplete(fh);
    return await appendBatches(connection, fh, target, onRows);
  } catch (err) {
    if ((err as Error).message.startsWith('Binder Error') || (err as Error).message.startsWith('Catalog Error')) throw err;
    throw new Error(`not a readable Arrow IPC file: ${(err as Error).message}`);
  } finally {
    await fh.close();
  }
}

/**
 * A truncated IPC file can still parse (a stream cut at a message boundary reads as a shorter stream),
 * so the end is checked first: the file format ends with its magic, the stream format with the
 * end-of-stream marker (continuation 0xFFFFFFFF + zero length, or a bare zero length before 0.15).
 */
async function checkComplete(fh: FileHandle): Promise<void> {
  const { size } = await fh.stat();
  const head = Buffer.alloc(6);
  await fh.read(head, 0, 6, 0);
  const tail = Buffer.alloc(Math.min(8, size));
  await fh.read(tail, 0, tail.length, size - tail.length);
  if (head.toString('latin1') === 'ARROW1') {
    if (tail.subarray(tail.length - 6).toString('latin1') !== 'ARROW1') throw new Error('the file ends before its footer (truncated?)');
    return;
  }
  const eos = tail.length === 8 && tail.readUInt32LE(4) === 0 && (tail.readUInt32LE(0) === 0xffffffff || tail.readUInt32LE(0) === 0);
  if (!eos) throw new Error('the stream has no end-of-stream marker (truncated?)');
}

async function appendBatches(connection: DuckDBConnection, fh: FileHandle, target: string, onRows?: (rows: number) => void): Promise<{ columns: SourceColumn[]; rows: number }> {
  {
    const reader = await RecordBatchReader.from(fh);
    await reader.open();
    if (!reader.schema) throw new Error('no schema message');
    const plans = reader.schema.fields.map((f) => planColumn(f.name, f.type));
    await connection.run(`CREATE TABLE ${sqlIdent(target)} (__row BIGINT, ${plans.map((p) => `${sqlIdent(p.name)} ${p.sqlType}`).join(', ')})`);
    const appender = await connection.createAppender(target);
    const types = [BIGINT, ...plans.map((p) => p.duckType)];
    let rows = 0;
    for await (const batch of reader as AsyncIterable<RecordBatch>) {
      const vectors = plans.map((_, i) => batch.getChildAt(i) as Vector | null);
      for (let start = 0; start < batch.numRows; start += CHUNK) {
        const n = Math.min(CHUNK, batch.numRows - start);
        const chunk = DuckDBDataChunk.create(types, n);
        chunk.setColumnValues(0, Array.from({ length: n }, (_, k) => BigInt(rows + start + k + 1)));
        plans.forEach((p, i) => {
          const vec = vectors[i];
          const values: DuckDBValue[] = new Array(n);
          for (let k = 0; k < n; k++) values[k] = vec ? p.convert(vec.get(start + k)) : null;
          chunk.setColumnValues(i + 1, values);
        });
        appender.appendDataChunk(chunk);
      }
      rows += batch.numRows;
      onRows?.(rows);
    }
    appender.closeSync();
    return { columns: plans.map((p) => ({ name: p.name, type: p.sqlType })), rows };
  }
}
