/**
 * The one mapping between Kusto scalar types and DuckDB column types.
 * Kusto types: https://learn.microsoft.com/kusto/query/scalar-data-types/
 * datetime is 100 ns ticks in Kusto; DuckDB TIMESTAMP is microseconds, so the last digit of a tick is lost.
 */
export const KUSTO_TYPES = [
  'string', 'long', 'int', 'real', 'bool', 'datetime', 'timespan', 'dynamic', 'guid', 'decimal',
] as const;
export type KustoType = (typeof KUSTO_TYPES)[number];

export const DUCKDB_TYPE_OF: Record<KustoType, string> = {
  string: 'VARCHAR',
  long: 'BIGINT',
  int: 'INTEGER',
  real: 'DOUBLE',
  bool: 'BOOLEAN',
  datetime: 'TIMESTAMP',
  timespan: 'INTERVAL',
  // dynamic values are kept as JSON text (DuckDB's JSON type is VARCHAR underneath)
  dynamic: 'JSON',
  guid: 'UUID',
  decimal: 'DECIMAL(38,10)',
};

/** Kusto type aliases accepted in schemas and `datatable(...)` (https://learn.microsoft.com/kusto/query/scalar-data-types/). */
const ALIASES: Record<string, KustoType> = {
  boolean: 'bool', date: 'datetime', time: 'timespan', double: 'real', uuid: 'guid', uniqueid: 'guid',
  int64: 'long', int32: 'int', object: 'dynamic',
};

export function normalizeKustoType(name: string): KustoType | undefined {
  const n = name.toLowerCase();
  if ((KUSTO_TYPES as readonly string[]).includes(n)) return n as KustoType;
  return ALIASES[n];
}
