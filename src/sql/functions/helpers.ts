/**
 * Shared pieces of the scalar function families: argument access, Kusto's "no null strings", literal
 * checks, and the conversions between Kusto scalars and dynamic (JSON) values.
 *
 * Representation (see src/schema/kusto-types.ts): dynamic values are DuckDB JSON. A JSON `null` is kept
 * as SQL NULL (`isnull(parse_json("null"))` is true), so every emitter that yields dynamic goes through
 * `jsonOrNull` when its value may be a JSON null.
 */
import type { Expr, KustoType } from '../../ir/types.js';
import { DUCKDB_TYPE_OF } from '../../schema/kusto-types.js';
import { EmitRefusal, type CallSite } from '../emit-context.js';
import type { FnEmitter } from '../function-types.js';
import { sqlString } from '../quote.js';

export type { CallSite, FnEmitter };
export { EmitRefusal, sqlString };

export const argType = (c: CallSite, i: number): KustoType | undefined => c.args[i]?.type;

/** The literal value of argument i, or undefined when it is not a literal. */
export function literalValue(c: CallSite, i: number): string | number | boolean | null | undefined {
  const a: Expr | undefined = c.args[i];
  return a?.kind === 'literal' ? a.value : undefined;
}

/** A literal string argument (e.g. a unit name), or undefined. */
export function literalString(c: CallSite, i: number): string | undefined {
  const v = literalValue(c, i);
  return typeof v === 'string' && argType(c, i) === 'string' ? v : undefined;
}

/** A literal integer argument, or undefined. */
export function literalInt(c: CallSite, i: number): number | undefined {
  const t = argType(c, i);
  if (t !== 'int' && t !== 'long') return undefined;
  const v = literalValue(c, i);
  return v === null || v === undefined ? undefined : Number(v);
}

export function refuse(c: CallSite, what: string): never {
  throw new EmitRefusal(c.span, what);
}

/** A string argument with Kusto's "no null strings": NULL reads as ''. */
export function str(c: CallSite, i: number): string {
  return argType(c, i) === 'string' ? `coalesce(${c.sql(i)}, '')` : c.sql(i);
}

/** An optional argument's SQL, or a default. */
export function opt(c: CallSite, i: number, fallback: string): string {
  return i < c.args.length ? c.sql(i) : fallback;
}

/** CAST to the DuckDB type that stands for a Kusto type. */
export function castTo(type: KustoType, sql: string): string {
  return `CAST(${sql} AS ${DUCKDB_TYPE_OF[type]})`;
}

/** A JSON `null` read from a document becomes SQL NULL (Kusto's dynamic null). */
export function jsonOrNull(sql: string): string {
  return `nullif(${sql}, 'null'::JSON)`;
}

/** `tostring()` of a dynamic value: a JSON string gives its text, anything else its compact JSON, null gives "". */
export function dynamicText(sql: string): string {
  return `kql_dynamic_to_string(${sql})`;
}

/** Any Kusto scalar as a JSON value, the way Kusto puts it into a dynamic array or bag. */
export function jsonOf(c: CallSite, i: number): string {
  return jsonFromSql(argType(c, i) ?? 'dynamic', c.sql(i));
}

export function jsonFromSql(type: KustoType, v: string): string {
  switch (type) {
    case 'dynamic':
      return v;
    case 'string':
      return `to_json(coalesce(${v}, ''))`;
    case 'long':
    case 'int':
    case 'bool':
    case 'decimal':
      return `to_json(${v})`;
    case 'real':
      return `kql_real_to_json(${v})`;
    case 'datetime':
      return `to_json(kql_datetime_to_json_text(${v}))`;
    case 'timespan':
      return `to_json(kql_timespan_to_string(${v}))`;
    case 'guid':
      return `to_json(CAST(${v} AS VARCHAR))`;
  }
}

/** A dynamic value as a DuckDB list of JSON elements (NULL when it is not an array). */
export function jsonList(sql: string): string {
  return `kql_json_list(${sql})`;
}

/** `tostring()` of argument i, any type (used by functions that "forcibly cast" to string). */
export function asText(c: CallSite, i: number): string {
  const t = argType(c, i);
  const v = c.sql(i);
  switch (t) {
    case 'string':
      return `coalesce(${v}, '')`;
    case 'dynamic':
      return dynamicText(v);
    case 'bool':
      return `coalesce(CASE WHEN ${v} THEN 'true' ELSE 'false' END, '')`;
    case 'datetime':
      return `coalesce(kql_datetime_to_string(${v}), '')`;
    case 'timespan':
      return `coalesce(kql_timespan_to_string(${v}), '')`;
    case 'real':
      return `coalesce(kql_real_to_string(${v}), '')`;
    default:
      return `coalesce(CAST(${v} AS VARCHAR), '')`;
  }
}

/** `{0}`, `{1}` … replaced by the SQL of the arguments. */
export function template(t: string): FnEmitter {
  return (c) => t.replace(/\{(\d+)\}/g, (_, i: string) => c.sql(Number(i)));
}

export const isIntegerType = (t: KustoType | undefined) => t === 'int' || t === 'long';
export const isNumericType = (t: KustoType | undefined) => t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
