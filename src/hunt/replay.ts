/**
 * One statement that answers "what would this rule have found, had it run on this schedule": every row
 * of the time range is paired with the scheduled runs whose window holds it (usually one), the rule is
 * evaluated with `now()` = that run, and a row found by several runs is kept once, with the first run.
 * Grouping operators group per run, so window-dependent rules keep Sentinel's per-window answers.
 */
import { compile } from '../compile.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Engine } from '../engine/engine.js';
import type { Column } from '../ir/types.js';
import { analysisTables } from '../run.js';
import type { Replay } from '../sql/emit-plan.js';
import { sqlIdent, sqlString } from '../sql/quote.js';
import { partitionInRange, toUs, type Schedule } from './schedule.js';

export const RUN = '__run_at';
export const ROW = '__row';

const ts = (us: bigint) => `TIMESTAMP ${sqlString(new Date(Number(us / 1000n)).toISOString().replace('T', ' ').replace('Z', ''))} + to_microseconds(${us % 1000n})`;

/** The time column a table is windowed on: Timestamp (Defender), else TimeGenerated (Sentinel). */
export function timeColumn(columns: Column[]): string | undefined {
  return ['Timestamp', 'TimeGenerated'].find((n) => columns.some((c) => c.name === n && c.type === 'datetime'));
}

export interface ReplayStatement {
  /** Rows of the rule's columns plus the run time (RUN) and, for row-level rules, the row identity (ROW). */
  sql?: string;
  columns: Column[];
  diagnostics: Diagnostic[];
  /** The files the replay reads (day partitions outside the range are left out). */
  files: string[];
}

export function replayStatement(engine: Engine, kql: string, s: Schedule): ReplayStatement {
  const T1 = toUs(s.from);
  const K = (toUs(s.to) - T1) / s.everyUs;
  const files: string[] = [];
  const replay: Replay = {
    runColumn: RUN,
    rowColumn: ROW,
    source(table) {
      const t = engine.tables.find((x) => x.name === table);
      if (!t) throw new Error(`table ${table} has no data`);
      const time = timeColumn(t.columns);
      if (!time) throw new Error(`table ${table} has no Timestamp or TimeGenerated column to replay on`);
      const keepFile = (p: string) => partitionInRange(p, s);
      for (const src of t.sources) files.push(...src.paths.filter(keepFile));
      const rows = engine.tableSql(t, { keepFile, rowIdColumn: ROW });
      // the runs whose window (run - lookback, run] holds the row: k from ceil(d/E) to ceil((d+L)/E) - 1
      const d = `(epoch_us(__t.${sqlIdent(time)}) - ${T1})`;
      const ceilDiv = (x: string) => `(CASE WHEN ${x} <= 0 THEN -((-${x}) // ${s.everyUs}) ELSE (${x} + ${s.everyUs - 1n}) // ${s.everyUs} END)`;
      const kmin = `greatest(${ceilDiv(d)}, 0)`;
      const kmax = `least(${ceilDiv(`(${d} + ${s.lookbackUs})`)} - 1, ${K})`;
      const bounds = `__t.${sqlIdent(time)} > ${ts(T1 - s.lookbackUs)} AND __t.${sqlIdent(time)} <= ${ts(toUs(s.to))}`;
      const runAt = (k: string) => `${ts(T1)} + to_microseconds(${k} * ${s.everyUs}) AS ${sqlIdent(RUN)}`;
      // a lookback no longer than the interval puts each row in at most one run's window: that run is
      // computed per row, with no list of runs (a lateral range() join per row made the 90-day T1204
      // replay 3× slower than the same rule's full scan, measured in bench/)
      if (s.lookbackUs <= s.everyUs) {
        return `(SELECT __t.*, ${runAt(kmin)}
  FROM (${rows}) AS __t
  WHERE ${bounds} AND ${kmin} <= ${kmax}) AS ${sqlIdent(table)}`;
      }
      return `(SELECT __u.* EXCLUDE (__k), ${runAt('__u.__k')}
  FROM (SELECT __t.*, unnest(range(${kmin}, ${kmax} + 1)) AS __k FROM (${rows}) AS __t WHERE ${bounds}) AS __u) AS ${sqlIdent(table)}`;
    },
  };
  try {
    const result = compile(kql, { tables: analysisTables(engine), now: s.to, replay });
    return { sql: result.sql, columns: result.columns, diagnostics: result.diagnostics, files: [...new Set(files)] };
  } catch (err) {
    return { columns: [], diagnostics: [{ code: 'hunt-replay', severity: 'error', message: err instanceof Error ? err.message : String(err), start: 0, end: 0, line: 1, column: 1 }], files };
  }
}

/**
 * The findings: each rule row once, with the first scheduled run that found it. Row-level rules are
 * de-duplicated by row identity; window rules (whose rows are aggregates) by their values.
 */
export function findingsSql(replaySql: string, columns: Column[], hasRowId: boolean): string {
  const partition = hasRowId ? sqlIdent(ROW) : columns.map((c) => sqlIdent(c.name)).join(', ') || '1';
  const exclude = hasRowId ? ` EXCLUDE (${sqlIdent(ROW)})` : '';
  return `SELECT *${exclude} FROM (${replaySql}) AS __findings
QUALIFY row_number() OVER (PARTITION BY ${partition} ORDER BY ${sqlIdent(RUN)}) = 1`;
}
