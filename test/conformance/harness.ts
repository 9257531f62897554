/**
 * Conformance harness shared by the vitest runner (conformance.test.ts) and the report script
 * (report.ts): loads the documented cases, runs them through kqlduck and compares with what the
 * Kusto docs show. See README.md in this folder for the case format and the comparison rules.
 *
 * The engine is loaded with a dynamic import so that a missing or broken translator makes every
 * case fail with the import error instead of crashing the test file (or the type check).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONFORMANCE_DIR = dirname(fileURLToPath(import.meta.url));
export const CASES_DIR = join(CONFORMANCE_DIR, 'cases');
export const KNOWN_FAILURES_FILE = join(CONFORMANCE_DIR, 'known-failures.json');

/** The instant `now()` is pinned to when a case doesn't give its own. */
export const DEFAULT_NOW = '2024-01-01T00:00:00Z';

export const AREAS = [
  'strings-operators', 'string-functions', 'conversions', 'datetime-timespan', 'dynamic',
  'math-logic', 'ip', 'tabular', 'aggregates',
] as const;

export interface ExpectedColumn { name: string; type: string | null }

export interface ConformanceCase {
  id: string;
  doc: string;
  kql: string;
  expected: { columns: ExpectedColumn[]; rows: unknown[][] };
  ordered: boolean;
  /** ISO-8601 instant for now()/ago(); DEFAULT_NOW when absent. */
  now?: string;
  note?: string;
}

export interface CaseResult {
  case: ConformanceCase;
  area: string;
  passed: boolean;
  /** Why it failed: the KqlError/engine message or the first difference found. */
  error?: string;
  actual?: { columns: { name: string; type: string }[]; rows: unknown[][] };
  ms: number;
}

// ---------------------------------------------------------------------------------------------
// Loading

export function areaOf(id: string): string {
  return id.split('/')[0] ?? id;
}

function validateCase(c: unknown, file: string): ConformanceCase {
  const o = c as Partial<ConformanceCase>;
  const where = `${file}: case ${JSON.stringify(o?.id)}`;
  if (!o || typeof o !== 'object') throw new Error(`${file}: a case is not an object`);
  if (typeof o.id !== 'string' || !o.id.includes('/')) throw new Error(`${where}: id must be "<area>/<name>"`);
  if (typeof o.doc !== 'string' || !o.doc.startsWith('https://learn.microsoft.com/')) throw new Error(`${where}: doc must be a learn.microsoft.com URL`);
  if (typeof o.kql !== 'string' || !o.kql.trim()) throw new Error(`${where}: kql missing`);
  if (typeof o.ordered !== 'boolean') throw new Error(`${where}: ordered must be true or false`);
  const e = o.expected;
  if (!e || !Array.isArray(e.columns) || !Array.isArray(e.rows)) throw new Error(`${where}: expected.columns and expected.rows required`);
  for (const col of e.columns) {
    if (typeof col?.name !== 'string' || !(col.type === null || typeof col.type === 'string')) throw new Error(`${where}: bad column ${JSON.stringify(col)}`);
  }
  for (const r of e.rows) {
    if (!Array.isArray(r) || r.length !== e.columns.length) throw new Error(`${where}: row ${JSON.stringify(r)} doesn't have ${e.columns.length} cells`);
  }
  if (o.now !== undefined && Number.isNaN(Date.parse(o.now))) throw new Error(`${where}: bad now ${o.now}`);
  return o as ConformanceCase;
}

/** All cases, file by file in AREAS order (then any other file), ids unique. */
export function loadCases(): ConformanceCase[] {
  const files = readdirSync(CASES_DIR).filter((f) => f.endsWith('.json'));
  const rank = (f: string) => {
    const i = (AREAS as readonly string[]).indexOf(f.replace(/\.json$/, ''));
    return i < 0 ? AREAS.length : i;
  };
  files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const seen = new Set<string>();
  const out: ConformanceCase[] = [];
  for (const f of files) {
    const list = JSON.parse(readFileSync(join(CASES_DIR, f), 'utf8')) as unknown[];
    if (!Array.isArray(list)) throw new Error(`${f}: expected a JSON array of cases`);
    for (const raw of list) {
      const c = validateCase(raw, f);
      if (areaOf(c.id) !== f.replace(/\.json$/, '')) throw new Error(`${f}: case ${c.id} belongs to another area file`);
      if (seen.has(c.id)) throw new Error(`${f}: duplicate case id ${c.id}`);
      seen.add(c.id);
      out.push(c);
    }
  }
  return out;
}

/** case id → reason. A missing file means no known failures. */
export function loadKnownFailures(): Record<string, string> {
  if (!existsSync(KNOWN_FAILURES_FILE)) return {};
  return JSON.parse(readFileSync(KNOWN_FAILURES_FILE, 'utf8')) as Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Engine access (dynamic, so the harness type-checks and loads even when the translator doesn't)

export interface KqlColumn { name: string; type: string }
export interface KqlResult { columns: KqlColumn[]; rows: unknown[][] }
export interface EngineLike { close(): unknown }
interface EngineModule { Engine: { open(): Promise<EngineLike> } }
interface IndexModule { runKql(engine: EngineLike, kql: string, options?: { now?: Date }): Promise<KqlResult> }

export interface Kqlduck {
  engine: EngineLike;
  run(kql: string, now: Date): Promise<KqlResult>;
  close(): Promise<void>;
}

// variables, not literals: a missing module must be a runtime error, not a type-check error
const ENGINE_MODULE = '../../src/engine/engine.js';
const INDEX_MODULE = '../../src/index.js';

/** Opens kqlduck; rejects with the import/open error when the translator isn't usable. */
export async function openKqlduck(): Promise<Kqlduck> {
  const engineMod = (await import(ENGINE_MODULE)) as EngineModule;
  const indexMod = (await import(INDEX_MODULE)) as IndexModule;
  if (typeof indexMod.runKql !== 'function') throw new Error('src/index.ts does not export runKql');
  const engine = await engineMod.Engine.open();
  return {
    engine,
    run: (kql, now) => indexMod.runKql(engine, kql, { now }),
    close: async () => {
      await engine.close();
    },
  };
}

/** The first line of an error's message, with diagnostics codes when it is a KqlError. */
export function describeError(err: unknown): string {
  if (err && typeof err === 'object') {
    const diags = (err as { diagnostics?: Array<{ code?: string; message?: string; line?: number; column?: number }> }).diagnostics;
    if (Array.isArray(diags) && diags.length) {
      return diags.map((d) => `[${d.code ?? '?'}] ${d.line ?? '?'}:${d.column ?? '?'} ${d.message ?? ''}`).join('; ');
    }
    const msg = (err as { message?: unknown }).message;
    if (typeof msg === 'string' && msg) return msg;
  }
  return String(err);
}

export function firstLine(s: string): string {
  const line = s.split('\n').find((l) => l.trim()) ?? s;
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

// ---------------------------------------------------------------------------------------------
// Comparison

const REL_TOL = 1e-9;
const ABS_TOL = 1e-12;
const ISO_DT = /^(-?\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,7}))?Z$/;

/** An ISO-8601 UTC instant → 100 ns ticks since the epoch (exact), or undefined if not one. */
export function datetimeTicks(s: string): bigint | undefined {
  const m = ISO_DT.exec(s);
  if (!m) return undefined;
  const d = new Date(0);
  d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  d.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]), 0);
  const ms = d.getTime();
  if (Number.isNaN(ms)) return undefined;
  return BigInt(ms) * 10_000n + BigInt((m[7] ?? '').padEnd(7, '0'));
}

const SPECIAL_REALS: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    if (v in SPECIAL_REALS) return SPECIAL_REALS[v];
    if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(v)) return Number(v); // longs beyond 2^53 come as strings
  }
  return undefined;
}

function numbersEqual(e: number, a: number): boolean {
  if (Number.isNaN(e)) return Number.isNaN(a);
  if (!Number.isFinite(e) || !Number.isFinite(a)) return e === a;
  if (Number.isInteger(e) && Number.isInteger(a)) return e === a;
  return Math.abs(e - a) <= Math.max(ABS_TOL, REL_TOL * Math.max(Math.abs(e), Math.abs(a)));
}

/**
 * Deep equality with the conformance rules: numbers with a small relative tolerance (integers
 * exactly), "NaN"/"Infinity" as the special reals, ISO datetimes as instants (100 ns exact, so
 * `2017-01-01T00:00:00.0000000Z` equals `2017-01-01T00:00:00Z`), objects without regard to key order.
 */
export function valuesEqual(e: unknown, a: unknown): boolean {
  if (e === null || e === undefined) return a === null || a === undefined;
  if (a === undefined) return false;
  if (typeof e === 'number') {
    const n = asNumber(a);
    return n !== undefined && numbersEqual(e, n);
  }
  if (typeof e === 'string') {
    if (a === e) return true;
    if (typeof a === 'string') {
      const te = datetimeTicks(e);
      if (te !== undefined) return datetimeTicks(a) === te;
      return false;
    }
    if (e in SPECIAL_REALS) {
      const n = asNumber(a);
      return n !== undefined && numbersEqual(SPECIAL_REALS[e]!, n);
    }
    if (a instanceof Date) return datetimeTicks(e) === BigInt(a.getTime()) * 10_000n;
    return false;
  }
  if (typeof e === 'boolean') return a === e;
  if (Array.isArray(e)) {
    return Array.isArray(a) && a.length === e.length && e.every((x, i) => valuesEqual(x, a[i]));
  }
  if (typeof e === 'object') {
    if (!a || typeof a !== 'object' || Array.isArray(a)) return false;
    const ek = Object.keys(e as object);
    const ak = Object.keys(a as object);
    if (ek.length !== ak.length) return false;
    return ek.every((k) => Object.prototype.hasOwnProperty.call(a, k) && valuesEqual((e as Record<string, unknown>)[k], (a as Record<string, unknown>)[k]));
  }
  return false;
}

function rowsEqual(e: unknown[], a: unknown[]): boolean {
  return a.length === e.length && e.every((v, i) => valuesEqual(v, a[i]));
}

const show = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));

/** undefined when the actual result conforms, else a description of the first difference. */
export function compareResult(c: ConformanceCase, actual: KqlResult): string | undefined {
  const ec = c.expected.columns;
  const ac = actual.columns ?? [];
  const names = (cols: Array<{ name: string }>) => cols.map((x) => x.name).join(', ');
  if (ac.length !== ec.length || ec.some((col, i) => col.name !== ac[i]!.name)) {
    return `columns differ: expected (${names(ec)}), got (${names(ac)})`;
  }
  for (const [i, col] of ec.entries()) {
    if (col.type !== null && col.type !== ac[i]!.type) return `column ${col.name}: expected type ${col.type}, got ${ac[i]!.type}`;
  }
  const er = c.expected.rows;
  const ar = actual.rows ?? [];
  if (ar.length !== er.length) return `expected ${er.length} row(s), got ${ar.length}: ${show(ar.slice(0, 5))}${ar.length > 5 ? ' ...' : ''}`;
  if (c.ordered) {
    for (const [i, row] of er.entries()) {
      if (!rowsEqual(row, ar[i]!)) return `row ${i}: expected ${show(row)}, got ${show(ar[i])}`;
    }
    return undefined;
  }
  // multiset comparison: each expected row takes one equal actual row
  const used = new Array<boolean>(ar.length).fill(false);
  for (const row of er) {
    const j = ar.findIndex((x, k) => !used[k] && rowsEqual(row, x));
    if (j < 0) return `expected row ${show(row)} not found in ${show(ar.filter((_x, k) => !used[k]).slice(0, 5))}`;
    used[j] = true;
  }
  return undefined;
}

/** Runs one case; never throws. */
export async function runCase(k: Kqlduck | Error, c: ConformanceCase): Promise<CaseResult> {
  const started = Date.now();
  const base = { case: c, area: areaOf(c.id) };
  if (k instanceof Error) return { ...base, passed: false, error: `kqlduck unavailable: ${describeError(k)}`, ms: 0 };
  try {
    const actual = await k.run(c.kql, new Date(c.now ?? DEFAULT_NOW));
    const diff = compareResult(c, actual);
    return { ...base, passed: diff === undefined, error: diff, actual, ms: Date.now() - started };
  } catch (err) {
    return { ...base, passed: false, error: describeError(err), ms: Date.now() - started };
  }
}

/** Opens kqlduck, or returns the error that prevented it. */
export async function openOrError(): Promise<Kqlduck | Error> {
  try {
    return await openKqlduck();
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

// ---------------------------------------------------------------------------------------------
// Summaries

export interface AreaCounts { area: string; total: number; passed: number; failed: number; known: number; fixed: number; regressions: number }

/** Per-area counts: passed/failed as run; known = listed in known-failures; fixed = listed but passing; regressions = not listed but failing. */
export function summarize(results: CaseResult[], known: Record<string, string>): AreaCounts[] {
  const by = new Map<string, AreaCounts>();
  for (const r of results) {
    const a = by.get(r.area) ?? { area: r.area, total: 0, passed: 0, failed: 0, known: 0, fixed: 0, regressions: 0 };
    a.total++;
    if (r.passed) a.passed++;
    else a.failed++;
    const listed = Object.prototype.hasOwnProperty.call(known, r.case.id);
    if (listed) a.known++;
    if (listed && r.passed) a.fixed++;
    if (!listed && !r.passed) a.regressions++;
    by.set(r.area, a);
  }
  const rank = (x: string) => {
    const i = (AREAS as readonly string[]).indexOf(x);
    return i < 0 ? AREAS.length : i;
  };
  return [...by.values()].sort((x, y) => rank(x.area) - rank(y.area) || x.area.localeCompare(y.area));
}

export function formatSummary(rows: AreaCounts[]): string {
  const total = rows.reduce(
    (t, r) => ({ ...t, total: t.total + r.total, passed: t.passed + r.passed, failed: t.failed + r.failed, known: t.known + r.known, fixed: t.fixed + r.fixed, regressions: t.regressions + r.regressions }),
    { area: 'TOTAL', total: 0, passed: 0, failed: 0, known: 0, fixed: 0, regressions: 0 },
  );
  const all = [...rows, total];
  const w = Math.max(...all.map((r) => r.area.length), 4);
  const pct = (r: AreaCounts) => (r.total ? `${((100 * r.passed) / r.total).toFixed(1)}%` : '-');
  const head = `${'area'.padEnd(w)}  cases  pass  fail  pass%   known-fail  now-passing  unexpected-fail`;
  const line = (r: AreaCounts) =>
    `${r.area.padEnd(w)}  ${String(r.total).padStart(5)}  ${String(r.passed).padStart(4)}  ${String(r.failed).padStart(4)}  ${pct(r).padStart(6)}  ${String(r.known).padStart(10)}  ${String(r.fixed).padStart(11)}  ${String(r.regressions).padStart(15)}`;
  return [head, ...rows.map(line), '-'.repeat(head.length), line(total)].join('\n');
}
