/** IR literals as DuckDB SQL. Every value is typed explicitly so DuckDB computes with Kusto's types. */
import type { KustoType } from '../ir/types.js';
import { DUCKDB_TYPE_OF } from '../schema/kusto-types.js';
import { sqlString } from './quote.js';

export function typedNull(type: KustoType): string {
  return `CAST(NULL AS ${DUCKDB_TYPE_OF[type]})`;
}

/** A timespan of `ticks` 100-ns units; DuckDB intervals hold microseconds, so sub-µs ticks are dropped. */
export function intervalFromTicks(ticks: string | bigint): string {
  const micros = BigInt(ticks) / 10n;
  return `to_microseconds(${micros}::BIGINT)`;
}

export function emitLiteral(type: KustoType, value: string | number | boolean | null): string {
  if (value === null) return type === 'string' ? "''" : typedNull(type);
  switch (type) {
    case 'string':
      return sqlString(String(value));
    case 'bool':
      return value ? 'TRUE' : 'FALSE';
    case 'int':
      return `${BigInt(value as string | number)}::INTEGER`;
    case 'long':
      return `${BigInt(value as string | number)}::BIGINT`;
    case 'real': {
      const n = Number(value);
      if (Number.isNaN(n)) return "'nan'::DOUBLE";
      if (!Number.isFinite(n)) return n > 0 ? "'inf'::DOUBLE" : "'-inf'::DOUBLE";
      return `${n}::DOUBLE`;
    }
    case 'decimal':
      return `${sqlString(String(value))}::${DUCKDB_TYPE_OF.decimal}`;
    case 'datetime':
      return `TIMESTAMP ${sqlString(String(value))}`;
    case 'timespan':
      return intervalFromTicks(String(value));
    case 'guid':
      return `${sqlString(String(value))}::UUID`;
    case 'dynamic':
      return dynamicLiteralSql(value);
  }
}

export function dynamicLiteralSql(value: unknown): string {
  return value === null ? typedNull('dynamic') : `${sqlString(JSON.stringify(value))}::JSON`;
}
