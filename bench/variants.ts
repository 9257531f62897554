/**
 * The variants the bench alternates, each a function that runs T1204 once and returns its row count.
 * All read the same archive through the same engine (kqlduck's view of the table), so they differ only
 * in the SQL (or JavaScript) that answers the rule.
 */
import type { Engine } from '../src/engine/engine.js';
import { compileFor } from '../src/run.js';
import { makeSchedule, sliceFindingsSql } from '../src/hunt/index.js';
import { HAS_STRATEGY } from '../src/sql/string-predicates.js';
import { DAYS, END } from './archives.js';
import { withSetting } from './settings.js';
import { jsFilter } from './js-filter.js';
import { polarsFilter } from './polars-filter.js';
import { KQL_WHOLE_RANGE, RULE } from './t1204-lists.js';
import { floorSql, handWrittenSql, naiveIlikeSql } from './t1204-sql.js';

export type Variant = () => Promise<number>;

const NOW = new Date(END);
/** The 24-hour window the rule sees at `now` (the last generated day). */
export const WINDOW_FROM = new Date(NOW.getTime() - 86_400_000).toISOString().replace('T', ' ').replace('Z', '');

/** KQL text in, rows out, exactly as `kqlduck query` streams them (translation included). */
async function kqlduck(engine: Engine, kql: string, prefilter = HAS_STRATEGY.prefilter): Promise<number> {
  const saved = HAS_STRATEGY.prefilter;
  HAS_STRATEGY.prefilter = prefilter;
  let compiled;
  try {
    compiled = compileFor(engine, kql, NOW);
  } finally {
    HAS_STRATEGY.prefilter = saved;
  }
  let n = 0;
  for await (const chunk of engine.stream(compiled.sql!, { types: compiled.columns.map((c) => c.type) })) n += chunk.length;
  return n;
}

async function sqlRows(engine: Engine, sql: string): Promise<number> {
  const c = await engine.connect();
  try {
    const r = await c.runAndReadAll(sql);
    r.getRows(); // materialise the values, as a caller would
    return r.currentRowCount;
  } finally {
    c.closeSync();
  }
}

/** The 90-day retro-hunt as `kqlduck hunt T1204 --from … --to …` runs it: one pass, findings streamed. */
async function hunt(engine: Engine): Promise<number> {
  const from = new Date(NOW.getTime() - (DAYS - 1) * 86_400_000);
  const { sql, columns } = await sliceFindingsSql(engine, RULE, makeSchedule(from, NOW, RULE.frequency, RULE.lookback));
  let n = 0;
  for await (const chunk of engine.stream(sql, { types: columns.map((c) => c.type) })) n += chunk.length;
  return n;
}

export interface FloorValues { FileName: string[]; FolderPath: string[]; InitiatingProcessFileName: string[] }

/** What the non-SQL variants read: the Arrow copy for apache-arrow, the archive for polars (when loaded). */
export interface OtherInputs { arrowFiles: string[]; archive: string; polars: unknown }

export function makeVariants(engine: Engine, floor: FloorValues, other: OtherInputs): Record<string, Variant> {
  const windowUs = BigInt(NOW.getTime() - 86_400_000) * 1000n;
  const { arrowFiles, archive, polars } = other;
  return {
    'kqlduck whole range': () => kqlduck(engine, KQL_WHOLE_RANGE),
    'kqlduck whole range, has-family ILIKE prefilter': () => kqlduck(engine, KQL_WHOLE_RANGE, true),
    'kqlduck 24h window': () => kqlduck(engine, RULE.kql),
    'kqlduck whole range, threads=1': () => withSetting(engine, 'threads', '1', () => kqlduck(engine, KQL_WHOLE_RANGE)),
    'kqlduck whole range, preserve_insertion_order=false': () => withSetting(engine, 'preserve_insertion_order', 'false', () => kqlduck(engine, KQL_WHOLE_RANGE)),
    'kqlduck 24h window, parquet_metadata_cache=true': () => withSetting(engine, 'parquet_metadata_cache', 'true', () => kqlduck(engine, RULE.kql)),
    'kqlduck hunt 90 days (one pass)': () => hunt(engine),
    'columns floor whole range': () => sqlRows(engine, floorSql({}, floor)),
    'hand-written exact SQL whole range': () => sqlRows(engine, handWrittenSql({})),
    'hand-written exact SQL 24h window': () => sqlRows(engine, handWrittenSql({ from: WINDOW_FROM })),
    'naive ILIKE whole range': () => sqlRows(engine, naiveIlikeSql({})),
    'apache-arrow + JavaScript whole range': async () => jsFilter(arrowFiles).length,
    'apache-arrow + JavaScript 24h window': async () => jsFilter(arrowFiles.slice(-2), windowUs).length,
    ...(polars ? {
      'nodejs-polars whole range': async () => (await polarsFilter(polars, archive)).height as number,
      'nodejs-polars 24h window': async () => (await polarsFilter(polars, archive, windowUs)).height as number,
    } : {}),
  };
}
