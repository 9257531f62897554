/** Runs a retro-hunt and keeps its findings in a Parquet store: one file per rule version and slice. */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KqlError } from '../diagnostics/diagnostic.js';
import type { Rule } from '../detections/rules.js';
import type { Engine } from '../engine/engine.js';
import { engineError } from '../engine/errors.js';
import type { Column } from '../ir/types.js';
import { sqlIdent, sqlString } from '../sql/quote.js';
import { findingsSql, replayStatement, ROW, RUN } from './replay.js';
import { toUs, type Schedule } from './schedule.js';

export interface SliceResult {
  from: Date;
  to: Date;
  /** The findings file, when a store is used. */
  file?: string;
  findings: number;
  /** True when the slice was already in the store (nothing recomputed or added). */
  skipped: boolean;
  /** Rows in the Parquet files the slice read (0 when skipped): the progress bar's rows/s. */
  rowsScanned: number;
}

export interface HuntProgress { slice: number; slices: number; result: SliceResult }

/** Metadata columns every finding carries, before the rule's own columns. */
export const FINDING_COLUMNS: Column[] = [
  { name: 'HuntRuleId', type: 'string' },
  { name: 'HuntRuleVersion', type: 'string' },
  { name: 'HuntRunAt', type: 'datetime' },
  { name: 'HuntWindowStart', type: 'datetime' },
  { name: 'HuntCategory', type: 'string' },
];

/** Slices of whole runs, each at most `sliceUs` long (one slice when not given). */
export function slices(s: Schedule, sliceUs?: bigint): Schedule[] {
  const runs = (toUs(s.to) - toUs(s.from)) / s.everyUs + 1n;
  const per = sliceUs ? (sliceUs / s.everyUs > 0n ? sliceUs / s.everyUs : 1n) : runs;
  const out: Schedule[] = [];
  for (let a = 0n; a < runs; a += per) {
    const b = a + per < runs ? a + per : runs;
    const at = (k: bigint) => new Date(Number((toUs(s.from) + k * s.everyUs) / 1000n));
    out.push({ ...s, from: at(a), to: at(b - 1n) });
  }
  return out;
}

/** The statement that computes one slice's findings with their metadata columns. */
export async function sliceFindingsSql(engine: Engine, rule: Rule, slice: Schedule, huntFrom: Date = slice.from): Promise<{ sql: string; columns: Column[]; files: string[] }> {
  // earlier runs of the hunt whose windows overlap this slice are replayed too, so a row already found
  // there is not found again here (it belongs to the slice of its first run)
  const overlap = (slice.lookbackUs + slice.everyUs - 1n) / slice.everyUs;
  const earliest = toUs(slice.from) - overlap * slice.everyUs;
  const start = earliest > toUs(huntFrom) ? earliest : toUs(huntFrom);
  const widened: Schedule = { ...slice, from: new Date(Number(start / 1000n)) };
  const stmt = replayStatement(engine, rule.kql, widened);
  if (!stmt.sql) throw new KqlError(rule.kql, stmt.diagnostics);
  const hasRowId = (await readRows(engine, `DESCRIBE ${stmt.sql}`)).some((r) => r.column_name === ROW);
  const category = rule.categoryColumn && stmt.columns.some((c) => c.name === rule.categoryColumn) ? sqlIdent(rule.categoryColumn) : "''";
  const sql = `SELECT ${sqlString(rule.id)} AS "HuntRuleId", ${sqlString(rule.version)} AS "HuntRuleVersion",
  ${sqlIdent(RUN)} AS "HuntRunAt", ${sqlIdent(RUN)} - to_microseconds(${slice.lookbackUs}) AS "HuntWindowStart",
  CAST(${category} AS VARCHAR) AS "HuntCategory", ${stmt.columns.map((c) => sqlIdent(c.name)).join(', ')}
FROM (${findingsSql(stmt.sql, stmt.columns, hasRowId)}) AS __f
WHERE ${sqlIdent(RUN)} >= TIMESTAMP ${sqlString(slice.from.toISOString().replace('T', ' ').replace('Z', ''))}
ORDER BY "HuntRunAt"`;
  return { sql, columns: [...FINDING_COLUMNS, ...stmt.columns], files: stmt.files };
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/** Where a slice's findings live: FINDINGS/<rule>/<version>/<every>_<lookback>/<from>_<to>.parquet */
export function sliceFile(out: string, rule: Rule, s: Schedule): string {
  return join(out, rule.id, rule.version, `${s.everyUs}us_${s.lookbackUs}us`, `${stamp(s.from)}_${stamp(s.to)}.parquet`);
}

/**
 * Hunts slice by slice into the store. A slice whose file exists is skipped, so re-running adds
 * nothing and an interrupted hunt resumes; each file appears whole (written aside, then renamed).
 */
export async function huntToStore(
  engine: Engine, rule: Rule, schedule: Schedule, out: string,
  options: { sliceUs?: bigint; onProgress?: (p: HuntProgress) => void; signal?: AbortSignal } = {},
): Promise<SliceResult[]> {
  const parts = slices(schedule, options.sliceUs);
  const results: SliceResult[] = [];
  for (const [i, s] of parts.entries()) {
    options.signal?.throwIfAborted();
    const file = sliceFile(out, rule, s);
    let result: SliceResult;
    if (existsSync(file)) {
      result = { from: s.from, to: s.to, file, findings: await countRows(engine, file), skipped: true, rowsScanned: 0 };
    } else {
      const { sql, files } = await sliceFindingsSql(engine, rule, s, schedule.from);
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.tmp-${process.pid}`;
      try {
        await engine.exec(`COPY (${sql}) TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd)`, options.signal);
        renameSync(tmp, file);
      } catch (err) {
        rmSync(tmp, { force: true });
        throw err;
      }
      result = { from: s.from, to: s.to, file, findings: await countRows(engine, file), skipped: false, rowsScanned: await parquetRows(engine, files) };
    }
    results.push(result);
    options.onProgress?.({ slice: i + 1, slices: parts.length, result });
  }
  return results;
}

/** Rows in the Parquet files among `files`, from their footers (nothing else is read). */
async function parquetRows(engine: Engine, files: string[]): Promise<number> {
  const parquet = files.filter((f) => f.endsWith('.parquet'));
  if (parquet.length === 0) return 0;
  const [row] = await readRows(engine, `SELECT coalesce(sum(num_rows), 0)::BIGINT AS n FROM parquet_file_metadata([${parquet.map(sqlString).join(', ')}])`);
  return Number(row!.n);
}

async function countRows(engine: Engine, file: string): Promise<number> {
  const [row] = await readRows(engine, `SELECT count(*)::INTEGER AS n FROM read_parquet(${sqlString(file)})`);
  return Number(row!.n);
}

/** A small result, read whole on a connection of its own. */
async function readRows(engine: Engine, sql: string): Promise<Array<Record<string, unknown>>> {
  const connection = await engine.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS();
  } catch (err) {
    throw engineError(err);
  } finally {
    connection.closeSync();
  }
}

/** Findings per day and category, from the given store files. */
export async function perDaySummary(engine: Engine, files: string[]): Promise<Array<{ day: string; category: string; findings: number }>> {
  if (files.length === 0) return [];
  const rows = await readRows(engine, `SELECT strftime(CAST("HuntRunAt" AS DATE), '%Y-%m-%d') AS day, "HuntCategory" AS category, count(*)::INTEGER AS findings
FROM read_parquet([${files.map(sqlString).join(', ')}], union_by_name = true) GROUP BY ALL ORDER BY day, category`);
  return rows.map((x) => ({ day: String(x.day), category: String(x.category), findings: Number(x.findings) }));
}
