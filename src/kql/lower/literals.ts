/**
 * Literal values read from the token text. The Bridge build's own values lose precision (datetimes go
 * through a JavaScript Date, so ticks below a millisecond vanish; `time(1.02:03:04)` yields 0), so
 * datetime and timespan literals are parsed here from their text.
 * Formats: https://learn.microsoft.com/kusto/query/scalar-data-types/datetime and .../timespan
 */

const TICKS_PER: Record<string, bigint> = {
  d: 864_000_000_000n, day: 864_000_000_000n, days: 864_000_000_000n,
  h: 36_000_000_000n, hr: 36_000_000_000n, hrs: 36_000_000_000n, hour: 36_000_000_000n, hours: 36_000_000_000n,
  m: 600_000_000n, min: 600_000_000n, minute: 600_000_000n, minutes: 600_000_000n,
  s: 10_000_000n, sec: 10_000_000n, second: 10_000_000n, seconds: 10_000_000n,
  ms: 10_000n, milli: 10_000n, millis: 10_000n, millisecond: 10_000n, milliseconds: 10_000n,
  microsecond: 10n, microseconds: 10n,
  tick: 1n, ticks: 1n,
};

/** Multiplies a decimal string by an integer tick unit exactly (e.g. "1.5" × 1h). */
function scaleDecimal(num: string, unit: bigint): bigint {
  const [intPart, frac = ''] = num.split('.');
  const scale = 10n ** BigInt(frac.length);
  return (BigInt(intPart || '0') * scale + BigInt(frac || '0')) * unit / scale;
}

/** `[-][d.]hh:mm[:ss[.fffffff]]` → ticks. */
function parseClock(text: string): bigint | undefined {
  const m = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(text.trim());
  if (!m) return undefined;
  const [, neg, d = '0', h, mi, s = '0', f = ''] = m;
  const ticks = BigInt(d) * TICKS_PER.d! + BigInt(h!) * TICKS_PER.h! + BigInt(mi!) * TICKS_PER.m! + BigInt(s) * TICKS_PER.s! + BigInt((f + '0000000').slice(0, 7));
  return neg ? -ticks : ticks;
}

/** A timespan literal's text (`1d`, `1.5h`, `100ms`, `time(1.02:03:04)`, `timespan(2d)`) → ticks, or undefined. */
export function parseTimespanText(text: string): bigint | undefined {
  let t = text.trim();
  const call = /^(?:time|timespan)\s*\((.*)\)$/s.exec(t);
  if (call) {
    t = call[1]!.trim();
    if (t === '' || t === 'null') return undefined;
    const clock = parseClock(t);
    if (clock !== undefined) return clock;
    if (/^-?\d+(\.\d+)?$/.test(t)) return scaleDecimal(t.replace('-', ''), TICKS_PER.d!) * (t.startsWith('-') ? -1n : 1n);
  }
  const m = /^(-)?(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(t);
  if (!m) return undefined;
  const unit = TICKS_PER[m[3]!.toLowerCase()];
  if (unit === undefined) return undefined;
  const ticks = scaleDecimal(m[2]!, unit);
  return m[1] ? -ticks : ticks;
}

/**
 * A datetime literal's text (`datetime(2024-01-02 03:04:05.1234567)`, `datetime(2024-01-02T03:04:05Z)`,
 * `datetime(2024-01-02)`) → `YYYY-MM-DD HH:MM:SS.ffffff` (UTC, microseconds: DuckDB's precision; a 7th
 * fraction digit is truncated), or undefined for formats left to the parser's own value.
 */
export function parseDatetimeText(text: string): string | undefined {
  const call = /^(?:datetime|date)\s*\((.*)\)$/s.exec(text.trim());
  const inner = (call ? call[1]! : text).trim();
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|[+-]00:?00)?$/i.exec(inner);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', f = ''] = m;
  const pad = (v: string, n = 2) => v.padStart(n, '0');
  return `${y}-${pad(mo!)}-${pad(d!)} ${pad(h)}:${pad(mi)}:${pad(s)}.${(f + '000000').slice(0, 6)}`;
}

/** ISO text of a JavaScript Date in the same shape as parseDatetimeText. */
export function dateToLiteral(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '000');
}
