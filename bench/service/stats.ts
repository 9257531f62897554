/** Summaries of repeated measurements: the machine is shared, so one number alone means little. */

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarize(values: number[]): Summary {
  if (!values.length) throw new Error('nothing to summarize');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median: round(median), min: round(sorted[0]!), max: round(sorted.at(-1)!), runs: values.length };
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
