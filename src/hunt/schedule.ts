/**
 * A retro-hunt's schedule: the rule runs at T1, T1 + every, … ≤ T2, each run seeing the rows with
 * run − lookback < Timestamp ≤ run (the data a scheduled query over its lookback saw at that time).
 */
import { parseTimespanText } from '../kql/lower/literals.js';

export interface Schedule {
  from: Date;
  to: Date;
  /** Microseconds between runs, and how far back each run looks. */
  everyUs: bigint;
  lookbackUs: bigint;
}

/** `1d`, `24h`, `30m` … → microseconds. */
export function parseDuration(text: string): bigint {
  const ticks = parseTimespanText(text.trim());
  if (ticks === undefined || ticks <= 0n) throw new Error(`not a positive duration: ${text} (use 1d, 24h, 30m …)`);
  return ticks / 10n;
}

export const toUs = (d: Date): bigint => BigInt(d.getTime()) * 1000n;

export function makeSchedule(from: Date, to: Date, every: string, lookback: string): Schedule {
  if (!(from.getTime() <= to.getTime())) throw new Error('--from must not be after --to');
  return { from, to, everyUs: parseDuration(every), lookbackUs: parseDuration(lookback) };
}

/** The scheduled run times. */
export function runTimes(s: Schedule): Date[] {
  const out: Date[] = [];
  for (let t = toUs(s.from); t <= toUs(s.to); t += s.everyUs) out.push(new Date(Number(t / 1000n)));
  return out;
}

const DAY_US = 86_400_000_000n;
const DAY_MS = 86_400_000;

/** The days a hunt's runs fall on, counted from `from` (what a progress bar counts). */
export function scheduleDays(s: Schedule): number {
  return Math.floor((s.to.getTime() - s.from.getTime()) / DAY_MS) + 1;
}

/** Of those, the days done once every run up to `upTo` has been replayed. */
export function daysDone(s: Schedule, upTo: Date): number {
  return Math.min(scheduleDays(s), Math.floor((upTo.getTime() - s.from.getTime()) / DAY_MS) + 1);
}

/** Whether a file can hold rows some run sees, judged by its `date=YYYY-MM-DD` partition (others are kept). */
export function partitionInRange(path: string, s: Schedule): boolean {
  const m = /[\\/]date=(\d{4}-\d{2}-\d{2})[\\/]/.exec(path);
  if (!m) return true;
  const dayStart = BigInt(Date.parse(`${m[1]}T00:00:00Z`)) * 1000n;
  const first = toUs(s.from) - s.lookbackUs;
  return dayStart + DAY_US > first && dayStart <= toUs(s.to);
}
