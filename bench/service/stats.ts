/** Summaries of repeated measurements: the machine is shared, so one number alone means little. */
import { summarise } from '../stats.js';

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** The query bench's summary (../stats.ts), rounded, with the number of runs instead of the runs. */
export function summarize(values: number[]): Summary {
  if (!values.length) throw new Error('nothing to summarize');
  const t = summarise(values);
  return { median: round(t.median), min: round(t.min), max: round(t.max), runs: values.length };
}

/** Three significant decimals are plenty for figures this noisy. */
export function round(v: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** `median (min … max)` for the console. */
export function show(s: Summary, unit = ''): string {
  return `${s.median}${unit} (${s.min} … ${s.max}, n=${s.runs})`;
}
