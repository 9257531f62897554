/** Timing summaries: every figure is a median of runs with its min and max. */
export interface Timing { median: number; min: number; max: number; runs: number[] }

export function summarise(runs: number[]): Timing {
  const s = [...runs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s.at(-1)!, runs };
}

/** Milliseconds since `start` (performance.now()). */
export const since = (start: number) => performance.now() - start;

/** `12.3 s (11.9–13.0)` or `850 ms (…)` */
export function formatTiming(t: Timing): string {
  const f = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);
  return `${f(t.median)} (${f(t.min)}–${f(t.max)})`;
}
