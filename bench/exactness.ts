/**
 * Untimed answer checks: kqlduck's rows against the generator's ground truth, the hand-written SQL and
 * the JavaScript filter against kqlduck, and how the naive ILIKE translation differs (extra and missing
 * detections, changed categories).
 */
import type { Engine } from '../src/engine/engine.js';
import { compileFor } from '../src/run.js';
import { END } from './archives.js';
import { jsFilter } from './js-filter.js';
import { polarsFilter } from './polars-filter.js';
import { KQL_WHOLE_RANGE, OUTPUT_COLUMNS } from './t1204-lists.js';
import { handWrittenSql, naiveIlikeSql } from './t1204-sql.js';

export interface Exactness {
  detections: number;
  groundTruthPositives: number;
  /** Rows kqlduck and the ground truth disagree on (missing, extra or with another category). */
  groundTruthMismatches: number;
  handWrittenMismatches: number;
  /** Absent when the JavaScript variant was not run (--no-js). */
  javascriptMismatches?: number;
  /** Absent when nodejs-polars was not loaded. */
  polarsMismatches?: number;
  naive: { rows: number; extra: number; missing: number; changedCategory: number };
}

const KEY = OUTPUT_COLUMNS.map((c) => (c === 'Timestamp' ? `epoch_us("Timestamp")::VARCHAR` : `coalesce("${c}", '')`)).join(` || '|' || `);

export async function checkExactness(engine: Engine, groundTruth: string, arrowFiles: string[], polars: { pl: { Int64: unknown }; archive: string } | null): Promise<Exactness> {
  const c = await engine.connect();
  const one = async (sql: string) => Number((await c.runAndReadAll(sql)).getRowsJS()[0]![0]);
  try {
    const exact = compileFor(engine, KQL_WHOLE_RANGE, new Date(END)).sql!;
    const table = async (name: string, sql: string) => c.run(`CREATE OR REPLACE TEMP TABLE ${name} AS SELECT ${KEY} AS k, "DetectionCategory" AS cat FROM (${sql})`);
    await table('b_exact', exact);
    await table('b_hand', handWrittenSql({}));
    await table('b_naive', naiveIlikeSql({}));
    await table('b_truth', `SELECT * FROM read_parquet('${groundTruth}') WHERE "ExpectedRule" = 'T1204'`);
    // rows in one and not the other, as (key, category) pairs, both ways
    const mismatches = (a: string, b: string) => one(`SELECT (SELECT count(*) FROM (SELECT * FROM ${a} EXCEPT ALL SELECT * FROM ${b})) + (SELECT count(*) FROM (SELECT * FROM ${b} EXCEPT ALL SELECT * FROM ${a}))`);
    const keyed = async (name: string, rows: Array<[string, string]>) => {
      await c.run(`CREATE OR REPLACE TEMP TABLE ${name} (k VARCHAR, cat VARCHAR)`);
      const appender = await c.createAppender(name);
      for (const [k, cat] of rows) { appender.appendVarchar(k); appender.appendVarchar(cat); appender.endRow(); }
      appender.closeSync();
    };
    if (arrowFiles.length) await keyed('b_js', jsFilter(arrowFiles).map((r) => [`${r[0]}|${r.slice(1, 8).join('|')}`, r[8]!]));
    if (polars) await keyed('b_polars', await polarsKeys(polars.pl, polars.archive));
    return {
      detections: await one('SELECT count(*) FROM b_exact'),
      groundTruthPositives: await one('SELECT count(*) FROM b_truth'),
      groundTruthMismatches: await mismatches('b_exact', 'b_truth'),
      handWrittenMismatches: await mismatches('b_exact', 'b_hand'),
      ...(arrowFiles.length ? { javascriptMismatches: await mismatches('b_exact', 'b_js') } : {}),
      ...(polars ? { polarsMismatches: await mismatches('b_exact', 'b_polars') } : {}),
      naive: {
        rows: await one('SELECT count(*) FROM b_naive'),
        extra: await one('SELECT count(*) FROM b_naive WHERE k NOT IN (SELECT k FROM b_exact)'),
        missing: await one('SELECT count(*) FROM b_exact WHERE k NOT IN (SELECT k FROM b_naive)'),
        changedCategory: await one('SELECT count(*) FROM b_naive n JOIN b_exact e USING (k) WHERE n.cat <> e.cat'),
      },
    };
  } finally {
    c.closeSync();
  }
}

/** The polars answer as (key, category) pairs in KEY's format (Timestamp as epoch microseconds). */
async function polarsKeys(pl: { Int64: unknown }, archive: string): Promise<Array<[string, string]>> {
  const df = await polarsFilter(pl, archive);
  const col = (n: string) => df.getColumn(n).toArray() as unknown[];
  const us = df.getColumn('Timestamp').cast(pl.Int64).toArray() as number[]; // below 2^53: exact
  const others = OUTPUT_COLUMNS.slice(1).map(col);
  return (col('DetectionCategory') as string[]).map((cat, i) => [`${us[i]}|${others.map((o) => o[i]).join('|')}`, cat]);
}
