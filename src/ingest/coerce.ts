/**
 * Coercion of source values to a table's Kusto types, as DuckDB SQL expressions.
 *
 * Every rule is a pair: the coerced value, and a condition that is true when a value was present but
 * could not be converted (the row then goes to the reject file). Empty and whitespace-only text counts
 * as absent, as in Defender and Log Analytics exports, which write "" for nulls.
 *
 * Kusto conversions: https://learn.microsoft.com/kusto/query/scalar-data-types/
 *  - datetime: ISO 8601 with or without `Z`/offset (offsets honoured, no zone means UTC), 7-digit
 *    fractions (the 100 ns tick is truncated to DuckDB's microsecond), and the Log Analytics portal
 *    export format `8/2/2021, 1:08:43.123 PM`.
 *  - long/int: decimal or `0x…` hex (Windows exports write process and logon ids in hex).
 *  - string: never null in Kusto; absent strings become "".
 *  - dynamic: JSON text stays JSON; any other text becomes a JSON string (Kusto's `todynamic`).
 */
import { DUCKDB_TYPE_OF, type KustoType } from '../schema/kusto-types.js';
import { sqlString } from '../sql/quote.js';

export interface Coercion {
  /** SQL for the coerced value, typed DUCKDB_TYPE_OF[kusto]. */
  value: string;
  /**
   * SQL boolean, true when the source held a value. A row fails when this holds and the coerced value
   * is NULL; null when conversion cannot fail (strings, dynamic).
   */
  present: string | null;
  /** SQL text of the source value, for the reject file. */
  raw: string;
  reason: string;
}

const LOG_ANALYTICS_DATETIME_FORMATS = [
  '%m/%d/%Y, %I:%M:%S.%f %p', '%m/%d/%Y, %I:%M:%S %p', '%m/%d/%Y %I:%M:%S.%f %p', '%m/%d/%Y %I:%M:%S %p',
];

// Kusto's timespan text: [-][d.]hh:mm:ss[.fffffff]
const KUSTO_TIMESPAN_RE = '^(-?)(?:(\\d+)\\.)?(\\d{1,2}):(\\d{2}):(\\d{2}(?:\\.\\d+)?)$';

const INTEGER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT']);
const FLOAT_TYPES = new Set(['FLOAT', 'DOUBLE', 'REAL']);
const TIMESTAMP_TYPES = new Set(['TIMESTAMP', 'TIMESTAMP_S', 'TIMESTAMP_MS', 'TIMESTAMP_NS', 'TIMESTAMP WITH TIME ZONE', 'DATE']);

export function isTextType(duckType: string): boolean {
  return duckType === 'VARCHAR' || duckType.startsWith('VARCHAR(');
}

export function isNestedType(duckType: string): boolean {
  return duckType.endsWith(']') || /^(STRUCT|MAP|UNION|LIST)\b/i.test(duckType) || duckType === 'JSON';
}

/** Any source value as text: nested values as JSON, timestamps as ISO 8601. */
export function asText(expr: string, duckType: string): string {
  if (isTextType(duckType)) return expr;
  if (duckType === 'JSON') return `CAST(${expr} AS VARCHAR)`;
  if (isNestedType(duckType)) return `CAST(to_json(${expr}) AS VARCHAR)`;
  if (TIMESTAMP_TYPES.has(duckType)) return `strftime(CAST(${expr} AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%fZ')`;
  return `CAST(${expr} AS VARCHAR)`;
}

/** SQL that parses text into a UTC TIMESTAMP (NULL when it is not a date-time). The session is in UTC. */
export function parseDatetimeSql(text: string): string {
  const t = `trim(${text})`;
  const formats = `[${LOG_ANALYTICS_DATETIME_FORMATS.map(sqlString).join(', ')}]`;
  return `coalesce(TRY_CAST(TRY_CAST(${t} AS TIMESTAMPTZ) AS TIMESTAMP), try_strptime(${t}, ${formats}))`;
}

function parseTimespanSql(text: string): string {
  const t = `trim(${text})`;
  const re = sqlString(KUSTO_TIMESPAN_RE);
  const part = (i: number) => `regexp_extract(${t}, ${re}, ${i})`;
  const kusto = `(CASE WHEN ${part(1)} = '-' THEN -1 ELSE 1 END) * (to_days(coalesce(TRY_CAST(nullif(${part(2)}, '') AS INTEGER), 0))`
    + ` + to_hours(CAST(${part(3)} AS INTEGER)) + to_minutes(CAST(${part(4)} AS INTEGER))`
    + ` + to_microseconds(CAST(round(CAST(${part(5)} AS DOUBLE) * 1000000) AS BIGINT)))`;
  return `CASE WHEN regexp_matches(${t}, ${re}) THEN ${kusto} ELSE TRY_CAST(${t} AS INTERVAL) END`;
}

function absent(text: string): string {
  return `(${text} IS NULL OR trim(${text}) = '')`;
}

/** Conversion of text to a Kusto type. */
function fromText(text: string, kusto: KustoType): { value: string; canFail: boolean } {
  const t = `trim(${text})`;
  const when = (v: string) => `CASE WHEN ${absent(text)} THEN NULL ELSE ${v} END`;
  switch (kusto) {
    case 'string': return { value: `coalesce(${text}, '')`, canFail: false };
    case 'dynamic': return { value: when(`CASE WHEN json_valid(${t}) THEN CAST(${t} AS JSON) ELSE to_json(${text}) END`), canFail: false };
    case 'datetime': return { value: when(parseDatetimeSql(text)), canFail: true };
    case 'timespan': return { value: when(parseTimespanSql(text)), canFail: true };
    default: return { value: when(`TRY_CAST(${t} AS ${DUCKDB_TYPE_OF[kusto]})`), canFail: true };
  }
}

/**
 * Coerces `expr` (a column or expression of DuckDB type `duckType`) to `kusto`. Values of the right
 * type pass through; numbers and timestamps convert directly; everything else goes through text.
 */
export function coerce(expr: string, duckType: string, kusto: KustoType): Coercion {
  const target = DUCKDB_TYPE_OF[kusto];
  const raw = asText(expr, duckType);
  const reason = `not a valid ${kusto}`;
  if (duckType === target || (kusto === 'dynamic' && duckType === 'JSON')) {
    return { value: kusto === 'string' ? `coalesce(${expr}, '')` : expr, present: null, raw, reason };
  }
  if (kusto === 'string' && !isNestedType(duckType) && !TIMESTAMP_TYPES.has(duckType)) {
    return { value: `coalesce(CAST(${expr} AS VARCHAR), '')`, present: null, raw, reason };
  }
  const direct =
    (INTEGER_TYPES.has(duckType) && (kusto === 'long' || kusto === 'int' || kusto === 'real' || kusto === 'decimal' || kusto === 'bool')) ||
    (FLOAT_TYPES.has(duckType) && (kusto === 'real' || kusto === 'decimal' || kusto === 'long' || kusto === 'int')) ||
    (TIMESTAMP_TYPES.has(duckType) && kusto === 'datetime') ||
    (duckType === 'BOOLEAN' && (kusto === 'bool' || kusto === 'long' || kusto === 'int')) ||
    (duckType === 'UUID' && kusto === 'guid') ||
    (duckType === 'INTERVAL' && kusto === 'timespan');
  if (direct) {
    return { value: `TRY_CAST(${expr} AS ${target})`, present: `(${expr} IS NOT NULL)`, raw, reason };
  }
  const { value, canFail } = fromText(raw, kusto);
  return { value, present: canFail ? `(NOT ${absent(raw)})` : null, raw, reason };
}
