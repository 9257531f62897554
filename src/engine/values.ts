/**
 * DuckDB values → the JSON values kqlduck prints, by Kusto type (the CLI's `--format json` shape):
 * strings (never null: a missing string is ""), numbers, booleans, datetimes as ISO-8601 UTC ending
 * in Z, timespans as [-][d.]hh:mm:ss[.fffffff], dynamic values as JSON.
 */
import {
  DuckDBDecimalValue, DuckDBIntervalValue, DuckDBTimestampValue, DuckDBUUIDValue, type DuckDBValue,
} from '@duckdb/node-api';
import type { KustoType } from '../schema/kusto-types.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

const MICROS_PER_DAY = 86_400_000_000n;

/** Microseconds since the epoch → `2024-01-02T03:04:05.1234567Z` (fraction only when non-zero, 7 digits max). */
export function formatDatetime(micros: bigint): string {
  const ms = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
  const sub = micros - ms * 1000n; // 0..999 µs
  const iso = new Date(Number(ms)).toISOString(); // yyyy-mm-ddThh:mm:ss.mmmZ
  const fraction = (iso.slice(20, 23) + sub.toString().padStart(3, '0') + '0').replace(/0+$/, '');
  return `${iso.slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
}

/** Ticks (100 ns) → Kusto's timespan text `[-][d.]hh:mm:ss[.fffffff]`. */
export function formatTimespanTicks(ticks: bigint): string {
  const neg = ticks < 0n;
  let t = neg ? -ticks : ticks;
  const days = t / 864_000_000_000n;
  t %= 864_000_000_000n;
  const h = t / 36_000_000_000n;
  t %= 36_000_000_000n;
  const m = t / 600_000_000n;
  t %= 600_000_000n;
  const s = t / 10_000_000n;
  const f = t % 10_000_000n;
  const two = (n: bigint) => n.toString().padStart(2, '0');
  return `${neg ? '-' : ''}${days > 0n ? `${days}.` : ''}${two(h)}:${two(m)}:${two(s)}${f > 0n ? `.${f.toString().padStart(7, '0')}` : ''}`;
}

/** A DuckDB INTERVAL as ticks; months count 30 days, as DuckDB itself normalises them. */
export function intervalTicks(v: DuckDBIntervalValue): bigint {
  const micros = BigInt(v.months) * 30n * MICROS_PER_DAY + BigInt(v.days) * MICROS_PER_DAY + v.micros;
  return micros * 10n;
}

function toNumber(v: bigint | number): number | string {
  if (typeof v === 'number') return v;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v.toString();
}

export function toKustoJson(v: DuckDBValue, type: KustoType): JsonValue {
  if (v === null || v === undefined) return type === 'string' ? '' : null;
  switch (type) {
    case 'string':
      return String(v);
    case 'long':
    case 'int':
      return typeof v === 'bigint' || typeof v === 'number' ? toNumber(v) : Number(String(v));
    case 'real': {
      const n = typeof v === 'number' ? v : Number(String(v));
      if (Number.isNaN(n)) return 'NaN';
      if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
      return n;
    }
    case 'decimal':
      return v instanceof DuckDBDecimalValue ? Number(v.toString()) : Number(String(v));
    case 'bool':
      return Boolean(v);
    case 'datetime':
      return v instanceof DuckDBTimestampValue ? formatDatetime(v.micros) : String(v);
    case 'timespan':
      return v instanceof DuckDBIntervalValue ? formatTimespanTicks(intervalTicks(v)) : String(v);
    case 'guid':
      return v instanceof DuckDBUUIDValue ? v.toString() : String(v);
    case 'dynamic':
      try {
        return JSON.parse(String(v)) as JsonValue;
      } catch {
        return String(v);
      }
  }
}
