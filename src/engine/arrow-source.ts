/**
 * Arrow IPC files and streams as a table. DuckDB's Node client cannot scan Arrow memory, so the record
 * batches are read one at a time with apache-arrow and appended into a table of the in-memory database (queries run on other connections, so not a TEMP one): the
 * file is never held in JavaScript whole.
 */
import { createReadStream } from 'node:fs';
import { DataType, RecordBatchReader, TimeUnit, type Field, type Vector } from 'apache-arrow';
import { DuckDBTimestampValue, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { sqlIdent } from '../sql/quote.js';
import type { TableSource } from './sources.js';

type Append = (appender: DuckDBAppender, vector: Vector, row: number) => void;

/** Arrow field → DuckDB column type and the append that keeps its value exact. */
function columnFor(field: Field): { duck: string; append: Append } {
  const t = field.type;
  const dictionaryOfText = DataType.isDictionary(t) && (DataType.isUtf8(t.dictionary) || DataType.isLargeUtf8(t.dictionary));
  if (DataType.isUtf8(t) || DataType.isLargeUtf8(t) || dictionaryOfText) return { duck: 'VARCHAR', append: (a, v, i) => a.appendVarchar(String(v.get(i))) };
  if (DataType.isBool(t)) return { duck: 'BOOLEAN', append: (a, v, i) => a.appendBoolean(Boolean(v.get(i))) };
  if (DataType.isInt(t)) {
    if (t.bitWidth === 64 || (!t.isSigned && t.bitWidth === 32)) return { duck: 'BIGINT', append: (a, v, i) => a.appendBigInt(BigInt(v.get(i) as bigint | number)) };
    return { duck: 'INTEGER', append: (a, v, i) => a.appendInteger(Number(v.get(i))) };
  }
  if (DataType.isFloat(t)) return { duck: 'DOUBLE', append: (a, v, i) => a.appendDouble(Number(v.get(i))) };
  if (DataType.isTimestamp(t) || DataType.isDate(t)) {
    // read the raw integers: apache-arrow's get() rounds timestamps to milliseconds
    const perMicro: Record<number, [bigint, bigint]> = {
      [TimeUnit.SECOND]: [1_000_000n, 1n], [TimeUnit.MILLISECOND]: [1000n, 1n], [TimeUnit.MICROSECOND]: [1n, 1n], [TimeUnit.NANOSECOND]: [1n, 1000n],
    };
    const [mul, div] = DataType.isDate(t) ? (t.unit === 0 ? [86_400_000_000n, 1n] : [1000n, 1n]) : perMicro[t.unit]!;
    return {
      duck: 'TIMESTAMP',
      append: (a, v, i) => {
        const { data, index } = locate(v, i);
        const raw = BigInt((data.values as BigInt64Array | Int32Array)[data.offset + index]!);
        a.appendTimestamp(new DuckDBTimestampValue((raw * mul) / div));
      },
    };
  }
  return { duck: 'VARCHAR', append: (a, v, i) => a.appendVarchar(JSON.stringify(v.get(i), (_, x) => (typeof x === 'bigint' ? x.toString() : x))) };
}

/** The data chunk of a vector that holds row i, and the row's index inside it. */
function locate(v: Vector, i: number): { data: Vector['data'][number]; index: number } {
  let index = i;
  for (const data of v.data) {
    if (index < data.length) return { data, index };
    index -= data.length;
  }
  throw new RangeError(`row ${i} out of range`);
}

export async function loadArrowSource(connection: DuckDBConnection, src: TableSource, name: string): Promise<string> {
  let created = false;
  for (const path of src.paths) {
    const reader = await RecordBatchReader.from(createReadStream(path));
    let columns: Array<{ duck: string; append: Append }> = [];
    for await (const batch of reader) {
      if (!created) {
        columns = batch.schema.fields.map(columnFor);
        const defs = batch.schema.fields.map((f, i) => `${sqlIdent(f.name)} ${columns[i]!.duck}`).join(', ');
        await connection.run(`CREATE OR REPLACE TABLE ${sqlIdent(name)} (${defs})`);
        created = true;
      } else if (columns.length === 0) {
        columns = batch.schema.fields.map(columnFor);
      }
      const appender = await connection.createAppender(name);
      const vectors = batch.schema.fields.map((_, j) => batch.getChildAt(j)!);
      for (let r = 0; r < batch.numRows; r++) {
        for (let j = 0; j < vectors.length; j++) {
          const v = vectors[j]!;
          if (v.isValid(r)) columns[j]!.append(appender, v, r);
          else appender.appendNull();
        }
        appender.endRow();
      }
      appender.closeSync();
    }
  }
  if (!created) throw new Error(`${src.paths.join(', ')}: the Arrow stream has no record batches`);
  return sqlIdent(name);
}
