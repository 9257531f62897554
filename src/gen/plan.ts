/**
 * The shape of a generated dataset, decided in JavaScript before DuckDB writes a row: which UTC days
 * the window covers, how many rows each hour of each day gets (weekday/weekend and a diurnal curve,
 * with a little seeded noise), how the rows split into files, and how many labelled injections each
 * day carries. Row numbers are global and in time order: row i of the run is the i-th event.
 */

export const MICROS_PER_HOUR = 3_600_000_000;
export const MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

/** Relative activity per UTC hour (a fleet working mostly European and American hours). */
export const HOUR_WEIGHTS = [
  0.30, 0.26, 0.24, 0.24, 0.26, 0.32, 0.45, 0.65, 0.85, 1.00, 1.05, 1.05,
  1.00, 1.05, 1.10, 1.10, 1.00, 0.90, 0.75, 0.60, 0.50, 0.42, 0.36, 0.32,
];
/** Relative activity per weekday, Sunday first. */
export const WEEKDAY_WEIGHTS = [0.32, 1.0, 1.0, 1.0, 1.0, 0.95, 0.38];

/** Rows per injected event, about: a few per day at any size, more as N grows. */
export const ROWS_PER_INJECTION = 20_000;
/** Upper bound of rows per Parquet file; a day with more rows is split into several files. */
export const DEFAULT_FILE_ROWS = 2_000_000;

export interface PlanOptions {
  rows: number;
  days: number;
  /** Exclusive end of the window, epoch milliseconds. */
  endMs: number;
  seed: number;
  /** Number of scenarios (each must be injected at least once when rows allow). */
  scenarios: number;
  /** Rows of the longest scenario. */
  maxSteps: number;
  fileRows?: number;
}

/** A stretch of at most one hour inside one UTC day; its rows are spread evenly over it. */
export interface Slice {
  startUs: number;
  lengthUs: number;
  firstRow: number;
  rows: number;
}

export interface DayPlan {
  /** YYYY-MM-DD (UTC). */
  date: string;
  firstRow: number;
  rows: number;
  /** Injections in this day, and the global index of the first. */
  injections: number;
  firstInjection: number;
}

export interface FilePlan {
  /** Global file number (0-based), in time order. */
  index: number;
  date: string;
  firstRow: number;
  rows: number;
}

export interface Plan {
  rows: number;
  startUs: number;
  endUs: number;
  slices: Slice[];
  days: DayPlan[];
  files: FilePlan[];
  injections: number;
}

/** A small seeded PRNG (mulberry32) for the per-day and per-hour noise. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits `total` into integers proportional to `weights` (largest remainder; ties to the earlier). */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || sum <= 0) return weights.map(() => 0);
  const ideal = weights.map((w) => (total * w) / sum);
  const out = ideal.map(Math.floor);
  let rest = total - out.reduce((a, b) => a + b, 0);
  const order = ideal.map((_, i) => i).sort((a, b) => (ideal[b]! - out[b]!) - (ideal[a]! - out[a]!) || a - b);
  for (let j = 0; rest > 0; j++, rest--) out[order[j % order.length]!]! += 1;
  return out;
}

function isoDate(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString().slice(0, 10);
}

export function makePlan(o: PlanOptions): Plan {
  if (!Number.isSafeInteger(o.rows) || o.rows < 1) throw new Error('rows must be a positive integer');
  if (!Number.isSafeInteger(o.days) || o.days < 1) throw new Error('days must be a positive integer');
  const endUs = o.endMs * 1000;
  const startUs = endUs - o.days * MICROS_PER_DAY;
  const rand = mulberry32(o.seed ^ 0x5eed);

  // slices: the window cut at every UTC hour boundary
  const raw: Array<{ startUs: number; lengthUs: number; weight: number }> = [];
  let dayNoise = 1;
  for (let t = startUs; t < endUs;) {
    const hourStart = t - (((t % MICROS_PER_HOUR) + MICROS_PER_HOUR) % MICROS_PER_HOUR);
    const next = Math.min(hourStart + MICROS_PER_HOUR, endUs);
    const d = new Date(Math.floor(t / 1000));
    if (t === startUs || d.getUTCHours() === 0) dayNoise = 0.92 + 0.16 * rand();
    const weight = WEEKDAY_WEIGHTS[d.getUTCDay()]! * HOUR_WEIGHTS[d.getUTCHours()]! * dayNoise * (0.9 + 0.2 * rand()) * ((next - t) / MICROS_PER_HOUR);
    raw.push({ startUs: t, lengthUs: next - t, weight });
    t = next;
  }
  const counts = apportion(o.rows, raw.map((s) => s.weight));
  const slices: Slice[] = [];
  let row = 0;
  raw.forEach((s, j) => { slices.push({ startUs: s.startUs, lengthUs: s.lengthUs, firstRow: row, rows: counts[j]! }); row += counts[j]!; });

  // days
  const days: DayPlan[] = [];
  for (const s of slices) {
    const date = isoDate(s.startUs);
    const last = days[days.length - 1];
    if (last && last.date === date) last.rows += s.rows;
    else days.push({ date, firstRow: s.firstRow, rows: s.rows, injections: 0, firstInjection: 0 });
  }

  // injections: enough to cover every scenario, a few per day, then one per ROWS_PER_INJECTION rows;
  // a day holds at most one per (maxSteps + 2) rows so every scenario fits its slot
  const perDayFloor = Math.ceil(o.scenarios / days.length);
  let injections = 0;
  for (const d of days) {
    const capacity = Math.floor(d.rows / (o.maxSteps + 2));
    d.injections = Math.min(capacity, Math.max(perDayFloor, Math.round(d.rows / ROWS_PER_INJECTION)));
    d.firstInjection = injections;
    injections += d.injections;
  }

  // files: each day in equal parts of at most fileRows rows
  const fileRows = o.fileRows ?? DEFAULT_FILE_ROWS;
  const files: FilePlan[] = [];
  for (const d of days) {
    if (d.rows === 0) continue;
    const parts = Math.ceil(d.rows / fileRows);
    const sizes = apportion(d.rows, Array(parts).fill(1));
    let first = d.firstRow;
    for (const n of sizes) { files.push({ index: files.length, date: d.date, firstRow: first, rows: n }); first += n; }
  }
  return { rows: o.rows, startUs, endUs, slices, days, files, injections };
}

/** The slices that hold rows in [from, to). */
export function slicesBetween(plan: Plan, from: number, to: number): Slice[] {
  return plan.slices.filter((s) => s.rows > 0 && s.firstRow < to && s.firstRow + s.rows > from);
}
