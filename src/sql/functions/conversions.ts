/**
 * Conversions: tostring (every type), toint, tolong, todouble (dynamic, bool, time), tobool, todatetime,
 * totimespan, toguid, gettype. Pages: https://learn.microsoft.com/kusto/query/<name>-function.
 * Macros: sql/conversions.sql.
 */
import { argType, asText, refuse, type CallSite, type FnEmitter } from './helpers.js';

/** Ticks between 0001-01-01 and 1970-01-01: tolong(datetime) is ticks since 0001-01-01. */
const EPOCH_TICKS = '621355968000000000';

/** An integer conversion (toint / tolong): truncates toward zero, parses integer text only. */
function toInteger(c: CallSite): string {
  const v = c.sql(0);
  let long: string;
  switch (argType(c, 0)) {
    case 'long':
    case 'int':
      long = `CAST(${v} AS BIGINT)`;
      break;
    case 'real':
      long = `kql_trunc_long(${v})`;
      break;
    case 'decimal':
      long = `TRY_CAST(trunc(${v}) AS BIGINT)`;
      break;
    case 'string':
      long = `kql_parse_long(${v})`;
      break;
    case 'bool':
      long = `CAST(${v} AS BIGINT)`;
      break;
    case 'dynamic':
      long = `kql_dynamic_to_long(${v})`;
      break;
    case 'datetime':
      long = `(epoch_us(${v}) * 10 + ${EPOCH_TICKS})`;
      break;
    case 'timespan':
      long = `(epoch_us(${v}) * 10)`;
      break;
    default:
      return refuse(c, `\`${c.fn}()\` of a ${argType(c, 0)} value`);
  }
  return c.type === 'int' ? `TRY_CAST(${long} AS INTEGER)` : long;
}

function toDouble(c: CallSite): string {
  const v = c.sql(0);
  switch (argType(c, 0)) {
    case 'string':
      return `TRY_CAST(trim(${v}) AS DOUBLE)`;
    case 'long':
    case 'int':
    case 'real':
    case 'decimal':
      return `CAST(${v} AS DOUBLE)`;
    case 'bool':
      return `CAST(CAST(${v} AS INTEGER) AS DOUBLE)`;
    case 'dynamic':
      return `kql_dynamic_to_double(${v})`;
    case 'datetime':
      return `CAST(epoch_us(${v}) * 10 + ${EPOCH_TICKS} AS DOUBLE)`;
    case 'timespan':
      return `CAST(epoch_us(${v}) * 10 AS DOUBLE)`;
    default:
      return refuse(c, `\`${c.fn}()\` of a ${argType(c, 0)} value`);
  }
}

function toBool(c: CallSite): string {
  const v = c.sql(0);
  switch (argType(c, 0)) {
    case 'bool':
      return v;
    case 'string':
      return `kql_parse_bool(${v})`;
    case 'long':
    case 'int':
    case 'real':
    case 'decimal':
      return `(${v} <> 0)`;
    case 'dynamic':
      return `kql_dynamic_to_bool(${v})`;
    default:
      return refuse(c, `\`${c.fn}()\` of a ${argType(c, 0)} value`);
  }
}

function toDatetime(c: CallSite): string {
  const v = c.sql(0);
  switch (argType(c, 0)) {
    case 'datetime':
      return v;
    case 'string':
      return `kql_parse_datetime(${v})`;
    case 'dynamic':
      return `(CASE WHEN json_type(${v}) = 'VARCHAR' THEN kql_parse_datetime(json_extract_string(${v}, '$')) END)`;
    default:
      return refuse(c, `\`${c.fn}()\` of a ${argType(c, 0)} value`);
  }
}

function toTimespan(c: CallSite): string {
  const v = c.sql(0);
  switch (argType(c, 0)) {
    case 'timespan':
      return v;
    case 'string':
      return `kql_parse_timespan(${v})`;
    case 'dynamic':
      return `(CASE WHEN json_type(${v}) = 'VARCHAR' THEN kql_parse_timespan(json_extract_string(${v}, '$')) END)`;
    default:
      return refuse(c, `\`${c.fn}()\` of a ${argType(c, 0)} value`);
  }
}

function toGuid(c: CallSite): string {
  const v = c.sql(0);
  switch (argType(c, 0)) {
    case 'guid':
      return v;
    case 'string':
      return `kql_parse_guid(${v})`;
    case 'dynamic':
      return `(CASE WHEN json_type(${v}) = 'VARCHAR' THEN kql_parse_guid(json_extract_string(${v}, '$')) END)`;
    default:
      return refuse(c, `\`${c.fn}()\` of a ${argType(c, 0)} value`);
  }
}

/** gettype(): the static type, or for dynamic values the type of what they hold. */
function getType(c: CallSite): string {
  const t = argType(c, 0);
  if (t === 'dynamic') return `kql_dynamic_type(${c.sql(0)})`;
  return `'${t}'`;
}

/**
 * tohex(value [, minLength]): lower-case two's complement hex, 64-bit for long and 32-bit for int,
 * left-padded with zeros to minLength (a longer result is kept whole).
 * https://learn.microsoft.com/kusto/query/tohex-function
 */
function toHex(c: CallSite): string {
  const t = argType(c, 0);
  if (t !== 'int' && t !== 'long') refuse(c, `\`tohex()\` of a ${t} value`);
  const v = t === 'int' ? `(CAST(${c.sql(0)} AS BIGINT) & 4294967295)` : c.sql(0);
  const hex = `lower(to_hex(${v}))`;
  if (c.args.length < 2) return `coalesce(${hex}, '')`;
  return `coalesce(kql_pad_hex(${hex}, CAST(${c.sql(1)} AS BIGINT)), '')`;
}

export const CONVERSION_FUNCTIONS: Record<string, FnEmitter> = {
  tohex: toHex,
  // extends the core tostring (strings, numbers, bool, time, guid) to dynamic values and .NET-style reals
  tostring: (c) => asText(c, 0),
  // extends the core strcat the same way: each argument as tostring() prints it
  strcat: (c) => `concat(${c.args.map((_, i) => asText(c, i)).join(', ')})`,
  toint: toInteger,
  tolong: toInteger,
  todouble: toDouble,
  tobool: toBool,
  toboolean: toBool,
  todatetime: toDatetime,
  totimespan: toTimespan,
  toguid: toGuid,
  gettype: getType,
};
