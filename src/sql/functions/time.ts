/**
 * Time functions: bin/floor and bin_at (datetime, timespan, numbers), startof…/endof…, datetime_add,
 * datetime_diff, datetime_part, dayofweek & co, format_datetime, format_timespan, unixtime_*_todatetime,
 * make_datetime. Pages: https://learn.microsoft.com/kusto/query/<name>-function. Macros: sql/time.sql.
 * DuckDB keeps microseconds where Kusto keeps 100 ns ticks: the 7th fraction digit is always 0.
 */
import { argType, castTo, isIntegerType, literalString, opt, refuse, type CallSite, type FnEmitter } from './helpers.js';

const EPOCH = "TIMESTAMP '1970-01-01'";

/** bin(value, size) and bin_at(value, size, fixed): round down to a multiple of size from the origin. */
function binAt(c: CallSite, at: string | undefined): string {
  const t = argType(c, 0);
  const v = c.sql(0);
  const size = c.sql(1);
  if (t === 'datetime') {
    if (argType(c, 1) !== 'timespan') refuse(c, `\`${c.fn}()\` of a datetime by a ${argType(c, 1)}`);
    return `kql_bin_datetime(${v}, ${size}, ${at ?? EPOCH})`;
  }
  if (t === 'timespan') {
    if (argType(c, 1) !== 'timespan') refuse(c, `\`${c.fn}()\` of a timespan by a ${argType(c, 1)}`);
    return `kql_bin_timespan(${v}, ${size}, ${at ?? 'to_microseconds(0)'})`;
  }
  if (t === 'long' || t === 'int' || t === 'real' || t === 'decimal') {
    const origin = at ?? '0';
    if (isIntegerType(c.type) && isIntegerType(t) && isIntegerType(argType(c, 1)) && (at === undefined || isIntegerType(argType(c, 2)))) {
      return castTo(c.type, `(CASE WHEN ${size} > 0 THEN kql_floor_multiple(${v} - ${origin}, ${size}) + ${origin} END)`);
    }
    return castTo(c.type, `(CASE WHEN ${size} > 0 THEN floor((${v} - ${origin}) / ${size}) * ${size} + ${origin} END)`);
  }
  return refuse(c, `\`${c.fn}()\` of a ${t} value`);
}

function datetimeArg(c: CallSite, i: number): string {
  if (argType(c, i) !== 'datetime') refuse(c, `\`${c.fn}()\` of a ${argType(c, i)} value`);
  return c.sql(i);
}

/** startof…(dt [, offset]) and endof…(dt [, offset]). */
function periodStart(unit: 'day' | 'week' | 'month' | 'year', c: CallSite, extra = 0): string {
  const dt = datetimeArg(c, 0);
  const offset = `(CAST(${opt(c, 1, '0')} AS BIGINT) + ${extra})`;
  switch (unit) {
    case 'day':
      return `(date_trunc('day', ${dt}) + to_days(CAST(${offset} AS INTEGER)))`;
    case 'week':
      return `(kql_startofweek(${dt}) + to_days(CAST(${offset} * 7 AS INTEGER)))`;
    case 'month':
      return `(date_trunc('month', ${dt}) + to_months(CAST(${offset} AS INTEGER)))`;
    case 'year':
      return `(date_trunc('year', ${dt}) + to_years(CAST(${offset} AS INTEGER)))`;
  }
}

const startOf = (unit: 'day' | 'week' | 'month' | 'year'): FnEmitter => (c) => periodStart(unit, c);
const endOf = (unit: 'day' | 'week' | 'month' | 'year'): FnEmitter => (c) => `(${periodStart(unit, c, 1)} - to_microseconds(1))`;

/** A period name as datetime_add / datetime_diff / datetime_part take it (a constant, any case). */
function periodName(c: CallSite, i: number): string {
  const p = literalString(c, i);
  if (p === undefined) refuse(c, `\`${c.fn}()\` with a period that is not a constant`);
  return p.toLowerCase();
}

const datetimeAdd: FnEmitter = (c) => {
  const part = periodName(c, 0);
  const n = `CAST(${c.sql(1)} AS BIGINT)`;
  const dt = datetimeArg(c, 2);
  const add: Record<string, string> = {
    year: `to_months(CAST(${n} * 12 AS INTEGER))`,
    quarter: `to_months(CAST(${n} * 3 AS INTEGER))`,
    month: `to_months(CAST(${n} AS INTEGER))`,
    week: `to_microseconds(${n} * 604800000000)`,
    day: `to_microseconds(${n} * 86400000000)`,
    hour: `to_microseconds(${n} * 3600000000)`,
    minute: `to_microseconds(${n} * 60000000)`,
    second: `to_microseconds(${n} * 1000000)`,
    millisecond: `to_microseconds(${n} * 1000)`,
    microsecond: `to_microseconds(${n})`,
  };
  const iv = add[part];
  if (iv === undefined) refuse(c, `\`datetime_add()\` by the period "${part}"`);
  return `(${dt} + ${iv})`;
};

const datetimeDiff: FnEmitter = (c) => {
  const part = periodName(c, 0);
  const [a, b] = [datetimeArg(c, 1), datetimeArg(c, 2)];
  const units: Record<string, string> = {
    year: 'year', quarter: 'quarter', month: 'month', day: 'day', hour: 'hour', minute: 'minute',
    second: 'second', millisecond: 'millisecond', microsecond: 'microsecond',
  };
  if (part === 'week') return `kql_week_diff(${a}, ${b})`;
  if (part === 'nanosecond') return `((epoch_us(${a}) - epoch_us(${b})) * 1000)`;
  const unit = units[part];
  if (unit === undefined) refuse(c, `\`datetime_diff()\` in the period "${part}"`);
  return `date_diff('${unit}', ${b}, ${a})`;
};

/** The parts datetime_part and the get…/…of… functions read (as BIGINT). */
function partSql(part: string, dt: string): string | undefined {
  const parts: Record<string, string> = {
    year: `year(${dt})`,
    quarter: `quarter(${dt})`,
    month: `month(${dt})`,
    week_of_year: `weekofyear(${dt})`,
    day: `day(${dt})`,
    dayofyear: `dayofyear(${dt})`,
    hour: `hour(${dt})`,
    minute: `minute(${dt})`,
    second: `second(${dt})`,
    millisecond: `(kql_fraction_ticks(${dt}) // 10000)`,
    microsecond: `(kql_fraction_ticks(${dt}) // 10)`,
    nanosecond: `(kql_fraction_ticks(${dt}) * 100)`,
  };
  return parts[part];
}

const datetimePart: FnEmitter = (c) => {
  const part = periodName(c, 0);
  const sql = partSql(part === 'weekofyear' ? 'week_of_year' : part, datetimeArg(c, 1));
  if (sql === undefined) refuse(c, `\`datetime_part()\` of the part "${part}"`);
  return castTo(c.type, sql);
};

const part = (name: string): FnEmitter => (c) => castTo(c.type, partSql(name, datetimeArg(c, 0))!);

// ---------------------------------------------------------------- format_datetime / format_timespan

/** Separators format_datetime and format_timespan copy as they are. */
const SEPARATORS = new Set([' ', '/', '-', ':', ',', '.', '_', '[', ']']);

/** Splits a format into runs of one repeated letter and separators. */
function formatTokens(c: CallSite, format: string): string[] {
  const tokens: string[] = [];
  for (let i = 0; i < format.length;) {
    const ch = format[i]!;
    let j = i + 1;
    if (/[A-Za-z]/.test(ch)) while (format[j] === ch) j++;
    else if (!SEPARATORS.has(ch)) refuse(c, `\`${c.fn}()\` with the format character "${ch}"`);
    tokens.push(format.slice(i, j));
    i = j;
  }
  return tokens;
}

const pad = (sql: string, n: number) => `lpad(CAST(${sql} AS VARCHAR), ${n}, '0')`;
const plain = (sql: string) => `CAST(${sql} AS VARCHAR)`;

/** f…f (n digits, truncated) and F…F (the same without trailing zeros) of a 7-digit tick fraction. */
function fraction(token: string, ticks: string): string {
  const digits = `lpad(CAST(${ticks} AS VARCHAR), 7, '0')[1:${token.length}]`;
  return token[0] === 'f' ? digits : `rtrim(${digits}, '0')`;
}

function formatDatetimeToken(c: CallSite, token: string, dt: string): string {
  const n = token.length;
  switch (token[0]) {
    case 'y':
      if (n === 1) return plain(`year(${dt}) % 100`);
      if (n === 2) return pad(`year(${dt}) % 100`, 2);
      return pad(`year(${dt})`, n);
    case 'M':
      if (n <= 2) return n === 1 ? plain(`month(${dt})`) : pad(`month(${dt})`, 2);
      break;
    case 'd':
      if (n <= 2) return n === 1 ? plain(`day(${dt})`) : pad(`day(${dt})`, 2);
      break;
    case 'H':
      if (n <= 2) return n === 1 ? plain(`hour(${dt})`) : pad(`hour(${dt})`, 2);
      break;
    case 'h':
      if (n <= 2) return n === 1 ? plain(`((hour(${dt}) + 11) % 12 + 1)`) : pad(`((hour(${dt}) + 11) % 12 + 1)`, 2);
      break;
    case 'm':
      if (n <= 2) return n === 1 ? plain(`minute(${dt})`) : pad(`minute(${dt})`, 2);
      break;
    case 's':
      if (n <= 2) return n === 1 ? plain(`second(${dt})`) : pad(`second(${dt})`, 2);
      break;
    case 'f':
    case 'F':
      if (n <= 7) return fraction(token, `kql_fraction_ticks(${dt})`);
      break;
    case 't':
      if (n <= 2) return `(CASE WHEN hour(${dt}) < 12 THEN '${'AM'.slice(0, n)}' ELSE '${'PM'.slice(0, n)}' END)`;
      break;
    default:
      if (SEPARATORS.has(token)) return `'${token}'`;
  }
  return refuse(c, `\`format_datetime()\` with the format "${token}"`);
}

const formatDatetime: FnEmitter = (c) => {
  const format = literalString(c, 1);
  if (format === undefined) refuse(c, '`format_datetime()` with a format that is not a constant');
  const dt = datetimeArg(c, 0);
  const parts = formatTokens(c, format).map((t) => formatDatetimeToken(c, t, dt));
  return `(CASE WHEN ${dt} IS NULL THEN '' ELSE concat(${parts.join(', ') || "''"}) END)`;
};

function formatTimespanToken(c: CallSite, token: string, us: string): string {
  const n = token.length;
  switch (token[0]) {
    case 'd':
      if (n <= 8) return pad(`(${us} // 86400000000)`, n);
      break;
    case 'h':
    case 'H':
      if (n <= 2) return n === 1 ? plain(`((${us} // 3600000000) % 24)`) : pad(`((${us} // 3600000000) % 24)`, 2);
      break;
    case 'm':
      if (n <= 2) return n === 1 ? plain(`((${us} // 60000000) % 60)`) : pad(`((${us} // 60000000) % 60)`, 2);
      break;
    case 's':
      if (n <= 2) return n === 1 ? plain(`((${us} // 1000000) % 60)`) : pad(`((${us} // 1000000) % 60)`, 2);
      break;
    case 'f':
    case 'F':
      if (n <= 7) return fraction(token, `((${us} % 1000000) * 10)`);
      break;
    default:
      if (SEPARATORS.has(token)) return `'${token}'`;
  }
  return refuse(c, `\`format_timespan()\` with the format "${token}"`);
}

const formatTimespan: FnEmitter = (c) => {
  const format = literalString(c, 1);
  if (format === undefined) refuse(c, '`format_timespan()` with a format that is not a constant');
  if (argType(c, 0) !== 'timespan') refuse(c, `\`format_timespan()\` of a ${argType(c, 0)} value`);
  const us = `abs(epoch_us(${c.sql(0)}))`;
  const parts = formatTokens(c, format).map((t) => formatTimespanToken(c, t, us));
  return `(CASE WHEN ${c.sql(0)} IS NULL THEN '' ELSE concat(CASE WHEN epoch_us(${c.sql(0)}) < 0 THEN '-' ELSE '' END, ${parts.join(', ') || "''"}) END)`;
};

// ---------------------------------------------------------------- construction

/** unixtime_*_todatetime(n): n units since the epoch (a real keeps its fraction down to the microsecond). */
const fromUnix = (microsPerUnit: number): FnEmitter => (c) => {
  const t = argType(c, 0);
  if (t === 'long' || t === 'int') {
    return microsPerUnit >= 1
      ? `make_timestamp(CAST(${c.sql(0)} AS BIGINT) * ${microsPerUnit})`
      : `make_timestamp(CAST(${c.sql(0)} AS BIGINT) // ${Math.round(1 / microsPerUnit)})`;
  }
  if (t === 'real' || t === 'decimal') return `make_timestamp(CAST(floor(${c.sql(0)} * ${microsPerUnit}) AS BIGINT))`;
  return refuse(c, `\`${c.fn}()\` of a ${t} value`);
};

/** make_datetime(y, m, d [, h, mi, s]): seconds may be fractional (truncated to the microsecond). */
const makeDatetime: FnEmitter = (c) => {
  const a = (i: number, d: string) => `CAST(${i < c.args.length ? c.sql(i) : d} AS BIGINT)`;
  const seconds = c.args.length > 5 ? `CAST(${c.sql(5)} AS DOUBLE)` : '0';
  return `(try(make_timestamp(${a(0, '1')}, ${a(1, '1')}, ${a(2, '1')}, ${a(3, '0')}, ${a(4, '0')}, 0)) + to_microseconds(CAST(floor(${seconds} * 1000000) AS BIGINT)))`;
};

/** A constant IANA time zone name (checked against the ICU data of Node, as DuckDB's ICU reads the same names). */
function timeZone(c: CallSite, i: number): string {
  const tz = literalString(c, i);
  if (tz === undefined) refuse(c, `\`${c.fn}()\` with a time zone that is not a constant`);
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    refuse(c, `\`${c.fn}()\` with the unknown time zone "${tz}"`);
  }
  return `'${tz.replaceAll("'", "''")}'`;
}

/** datetime_utc_to_local(dt, tz) / datetime_local_to_utc(dt, tz), with the zone's rules at that instant. */
const utcToLocal: FnEmitter = (c) => `timezone(${timeZone(c, 1)}, CAST(${datetimeArg(c, 0)} AS TIMESTAMPTZ))`;
const localToUtc: FnEmitter = (c) => `CAST(timezone(${timeZone(c, 1)}, ${datetimeArg(c, 0)}) AS TIMESTAMP)`;

export const TIME_FUNCTIONS: Record<string, FnEmitter> = {
  bin: (c) => binAt(c, undefined),
  bin_at: (c) => binAt(c, c.sql(2)),
  startofday: startOf('day'),
  startofweek: startOf('week'),
  startofmonth: startOf('month'),
  startofyear: startOf('year'),
  endofday: endOf('day'),
  endofweek: endOf('week'),
  endofmonth: endOf('month'),
  endofyear: endOf('year'),
  datetime_add: datetimeAdd,
  datetime_diff: datetimeDiff,
  datetime_part: datetimePart,
  datepart: datetimePart,
  dayofweek: (c) => `to_days(CAST(dayofweek(${datetimeArg(c, 0)}) AS INTEGER))`,
  dayofmonth: part('day'),
  dayofyear: part('dayofyear'),
  hourofday: part('hour'),
  getmonth: part('month'),
  monthofyear: part('month'),
  getyear: part('year'),
  week_of_year: part('week_of_year'),
  weekofyear: part('week_of_year'),
  format_datetime: formatDatetime,
  format_timespan: formatTimespan,
  unixtime_seconds_todatetime: fromUnix(1_000_000),
  unixtime_milliseconds_todatetime: fromUnix(1_000),
  unixtime_microseconds_todatetime: fromUnix(1),
  unixtime_nanoseconds_todatetime: fromUnix(0.001),
  make_datetime: makeDatetime,
  datetime_utc_to_local: utcToLocal,
  datetime_local_to_utc: localToUtc,
};
