/** DuckDB column types → Kusto types, for sources whose table has no registered schema. */
import type { KustoType } from '../schema/kusto-types.js';

/** Exhaustive over DuckDB's type names (the base name, before any parameters). */
const BY_BASE: Record<string, KustoType> = {
  VARCHAR: 'string', CHAR: 'string', BPCHAR: 'string', TEXT: 'string', STRING: 'string', ENUM: 'string', BLOB: 'string', BIT: 'string',
  BOOLEAN: 'bool', BOOL: 'bool',
  TINYINT: 'int', SMALLINT: 'int', INTEGER: 'int', INT: 'int', UTINYINT: 'int', USMALLINT: 'int',
  UINTEGER: 'long', BIGINT: 'long', UBIGINT: 'long', HUGEINT: 'long', UHUGEINT: 'long',
  FLOAT: 'real', REAL: 'real', DOUBLE: 'real',
  DECIMAL: 'decimal', NUMERIC: 'decimal',
  DATE: 'datetime', TIMESTAMP: 'datetime', 'TIMESTAMP WITH TIME ZONE': 'datetime', TIMESTAMPTZ: 'datetime',
  TIMESTAMP_S: 'datetime', TIMESTAMP_MS: 'datetime', TIMESTAMP_NS: 'datetime',
  INTERVAL: 'timespan',
  UUID: 'guid',
  JSON: 'dynamic', MAP: 'dynamic', STRUCT: 'dynamic', UNION: 'dynamic', VARIANT: 'dynamic',
  TIME: 'timespan',
};

export function kustoTypeOfDuckDB(duckType: string): KustoType {
  const t = duckType.toUpperCase().trim();
  if (t.endsWith('[]') || /\[\d+\]$/.test(t)) return 'dynamic'; // LIST / ARRAY
  const base = t.replace(/\(.*$/, '').trim();
  return BY_BASE[base] ?? 'string';
}

/** SQL that turns a raw source column into the DuckDB type that stands for its Kusto type. */
export function coerceColumnSql(columnSql: string, fromDuck: string, to: KustoType, toDuck: string): string {
  const from = fromDuck.toUpperCase();
  if (from === toDuck.toUpperCase()) return columnSql;
  if (to === 'dynamic') return from === 'VARCHAR' ? `CAST(${columnSql} AS JSON)` : `to_json(${columnSql})`;
  // through TIMESTAMPTZ so an offset in the text is honoured (a plain CAST drops it); the session zone is UTC
  if (to === 'datetime' && (from.startsWith('VARCHAR') || from.includes('TIME ZONE') || from === 'TIMESTAMPTZ')) return `CAST(CAST(${columnSql} AS TIMESTAMPTZ) AS TIMESTAMP)`;
  if (to === 'timespan' && from === 'TIME') return `(${columnSql} - TIME '00:00:00')`;
  return `CAST(${columnSql} AS ${toDuck})`;
}
