/**
 * One source → staged Parquet partitions (`<staging>/data/date=YYYY-MM-DD/part.parquet`) and a staged
 * reject file, inside DuckDB:
 *
 *   source relation ─► mapping (Windows events or column matching) ─► coercion to the schema's types,
 *   with a per-row list of cells that failed ─► one table sorted by Timestamp ─► a COPY per date.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { builtinTable, type TableSchema } from '../schema/registry.js';
import { DUCKDB_TYPE_OF } from '../schema/kusto-types.js';
import { sqlIdent, sqlString } from '../sql/quote.js';
import { queryRows } from '../archive/duckdb.js';
import { asText, coerce } from './coerce.js';
import { guessTable, mapColumns, type SourceColumn } from './columns.js';
import type { SourceFormat } from './detect.js';
import type { ProgressSink } from './progress.js';
import { loadSource, type LoadedSource } from './readers.js';
import { windowsEventsSql } from './windows-events.js';

export class SourceError extends Error {}

export interface StageOptions {
  /** The source as the user named it (written into reject lines). */
  displayPath: string;
  table?: string;
  keepExtraColumns?: boolean;
  progress: ProgressSink;
}

export interface StageResult {
  table: string;
  /** Records in the source. */
  sourceRows: number;
  rows: number;
  rejected: number;
  skipped: number;
  partitions: string[];
  extraColumns: string[];
  notes: string[];
  dataDir: string;
  rejectsFile?: string;
}

/** The mapped source: SQL over the loaded relation, before coercion. */
interface Mapped {
  table: TableSchema;
  from: string;
  targets: Map<string, { expr: string; type: string }>;
  extras: SourceColumn[];
  extraExprs: Map<string, string>;
  skip: string | null;
  kind: string | null;
  notes: string[];
}

const WINDOWS_TABLE = 'DeviceProcessEvents';
const ROW_GROUP_SIZE = 100_000;
const MAX_REJECT_VALUE = 2000;
const MISSING_TIMESTAMP = 'missing Timestamp (needed to place the row in a date partition)';

export async function stageSource(c: DuckDBConnection, path: string, format: SourceFormat, staging: string, options: StageOptions): Promise<StageResult> {
  const { progress } = options;
  progress.phase(`reading ${format}`);
  const loaded = await loadSource(c, path, format, (n) => progress.rows(n, n));
  const mapped = await mapSource(c, loaded, options);
  progress.phase(`coercing to ${mapped.table.name}`);
  await withQueryProgress(c, progress, loaded.rows, () => c.run(coercionSql(mapped)));

  const [counts] = await queryRows(c, `SELECT count(*) AS n, count(*) FILTER (WHERE __fail IS NOT NULL) AS bad FROM __rows`);
  const kept = Number(counts!.n);
  const rejected = Number(counts!.bad);
  if (mapped.kind) {
    const kinds = await queryRows(c, `SELECT __kind AS k, count(*) AS n FROM __rows GROUP BY ALL ORDER BY 1`);
    mapped.notes.unshift(`mapped ${kinds.map((k) => `${k.n} ${k.k}`).join(' + ') || 'no process-creation'} events`);
  }

  let rejectsFile: string | undefined;
  if (rejected > 0) {
    rejectsFile = join(staging, 'rejects.jsonl');
    await c.run(`COPY (
        SELECT ${sqlString(options.displayPath)} AS file, __row AS "row", f.col AS "column", f.val AS "value", f.reason AS reason
        FROM (SELECT __row, unnest(__fail) AS f FROM __rows WHERE __fail IS NOT NULL) ORDER BY __row
      ) TO ${sqlString(rejectsFile)} (FORMAT json)`);
  }

  const dataDir = join(staging, 'data');
  await mkdir(dataDir, { recursive: true });
  const parts = await queryRows(c, `SELECT strftime("Timestamp", '%Y-%m-%d') AS d, count(*) AS n FROM __rows WHERE __fail IS NULL GROUP BY ALL ORDER BY d`);
  const columns = [...mapped.table.columns.map((col) => col.name), ...mapped.extraExprs.keys()].map(sqlIdent).join(', ');
  let written = 0;
  for (const p of parts) {
    const d = String(p.d);
    progress.phase(`writing date=${d}`);
    await mkdir(join(dataDir, `date=${d}`));
    await c.run(`COPY (
        SELECT ${columns} FROM __rows
        WHERE __fail IS NULL AND "Timestamp" >= TIMESTAMP ${sqlString(d)} AND "Timestamp" < TIMESTAMP ${sqlString(d)} + INTERVAL 1 DAY
      ) TO ${sqlString(join(dataDir, `date=${d}`, 'part.parquet'))} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${ROW_GROUP_SIZE})`);
    written += Number(p.n);
    progress.step(written, kept - rejected);
  }
  await c.run(`DROP TABLE __rows`);
  return {
    table: mapped.table.name,
    sourceRows: loaded.rows,
    rows: kept - rejected,
    rejected,
    skipped: loaded.rows - kept,
    partitions: parts.map((p) => String(p.d)),
    extraColumns: mapped.extras.map((e) => e.name),
    notes: mapped.notes,
    dataDir,
    ...(rejectsFile ? { rejectsFile } : {}),
  };
}

async function mapSource(c: DuckDBConnection, loaded: LoadedSource, options: StageOptions): Promise<Mapped> {
  if (loaded.kind === 'windows-events') {
    if (options.table && options.table !== WINDOWS_TABLE) {
      throw new SourceError(`holds Windows process-creation events, which map onto ${WINDOWS_TABLE} only (not ${options.table})`);
    }
    const { sql, columns } = windowsEventsSql(loaded.from, loaded.shapes);
    return {
      table: builtinTable(WINDOWS_TABLE)!,
      from: `(${sql})`,
      targets: new Map(columns.map((name) => [name, { expr: sqlIdent(name), type: 'VARCHAR' }])),
      extras: [], extraExprs: new Map(), skip: '__skip', kind: '__kind', notes: [],
    };
  }
  let tableName = options.table;
  const notes: string[] = [];
  if (!tableName) {
    const typeCol = loaded.columns.find((col) => col.name.toLowerCase() === 'type');
    const typeValues = typeCol
      ? (await queryRows(c, `SELECT DISTINCT CAST(${sqlIdent(typeCol.name)} AS VARCHAR) AS t FROM ${loaded.from} LIMIT 50`)).map((r) => String(r.t))
      : [];
    const guess = guessTable(loaded.columns, typeValues);
    if (!guess.table) throw new SourceError(`cannot tell which table it is for: ${guess.reason}; pass --table`);
    tableName = guess.table;
    notes.push(`table ${tableName}: ${guess.reason}`);
  }
  const table = builtinTable(tableName);
  if (!table) throw new SourceError(`unknown table ${tableName}`);
  const m = mapColumns(loaded.columns, table);
  notes.push(...m.notes);
  if (!m.targets.has('Timestamp')) throw new SourceError(`has no Timestamp (or TimeGenerated) column; ${table.name} rows need one`);
  const extraExprs = new Map<string, string>();
  if (options.keepExtraColumns) {
    const taken = new Set(table.columns.map((col) => col.name.toLowerCase()));
    for (const e of m.extra) {
      const src = loaded.columns.find((col) => col.name === e.name) ?? loaded.columns.find((col) => col.name.replace(/\s*\[[^\]]*\]\s*$/, '').trim() === e.name)!;
      let name = e.name;
      while (taken.has(name.toLowerCase())) name = `${name}_extra`;
      taken.add(name.toLowerCase());
      extraExprs.set(name, asText(sqlIdent(src.name), src.type));
    }
  }
  return { table, from: loaded.from, targets: m.targets, extras: m.extra, extraExprs, skip: m.skip, kind: null, notes };
}

/**
 * CREATE TABLE __rows: coerced columns, extras as text, `__fail` (list of {col, val, reason} for the
 * cells that did not convert, NULL for a good row), sorted by Timestamp then source order.
 *
 * Three levels, so that each conversion is computed once: values (with each fallible column's source
 * text and a "was present" flag), then the failure list, then the derived ReportId.
 */
function coercionSql(m: Mapped): string {
  const level1: string[] = [];
  const helpers: string[] = [];
  const failures: Array<{ when: string; item: string }> = [];
  const reject = (col: string, val: string, reason: string) =>
    `{'col': ${sqlString(col)}, 'val': left(${val}, ${MAX_REJECT_VALUE}), 'reason': ${sqlString(reason)}}`;
  let reportIdPresent: string | null = null;
  m.table.columns.forEach((col, i) => {
    const src = m.targets.get(col.name);
    const ident = sqlIdent(col.name);
    const isTimestamp = col.name === 'Timestamp';
    if (!src) {
      level1.push(`${col.type === 'string' ? `''` : `CAST(NULL AS ${DUCKDB_TYPE_OF[col.type]})`} AS ${ident}`);
      if (isTimestamp) failures.push({ when: 'true', item: reject('Timestamp', 'NULL', MISSING_TIMESTAMP) });
      return;
    }
    const k = coerce(src.expr, src.type, col.type);
    level1.push(`${k.value} AS ${ident}`);
    if (col.name === 'ReportId') reportIdPresent = k.present ?? `(${src.expr} IS NOT NULL)`;
    if (!k.present && !isTimestamp) return;
    // Fallible columns carry their source text and a "was present" flag to the next level.
    const present = `"__present${i}"`;
    const raw = `"__raw${i}"`;
    helpers.push(present, raw);
    level1.push(`${k.present ?? `(${src.expr} IS NOT NULL)`} AS ${present}`, `${k.raw} AS ${raw}`);
    if (k.present) failures.push({ when: `${present} AND ${ident} IS NULL`, item: reject(col.name, raw, k.reason) });
    if (isTimestamp) failures.push({ when: `NOT ${present}`, item: reject('Timestamp', raw, MISSING_TIMESTAMP) });
  });
  for (const [name, expr] of m.extraExprs) level1.push(`${expr} AS ${sqlIdent(name)}`);
  if (m.kind) level1.push(`${m.kind} AS __kind`);
  // A row without ReportId gets a deterministic one from its content, so re-ingesting is idempotent.
  const deriveReportId = m.kind === null && m.table.columns.some((col) => col.name === 'ReportId' && col.type === 'long');
  if (deriveReportId) {
    const texts = [...m.targets.values()].map((t) => `coalesce(${asText(t.expr, t.type)}, '')`);
    const rid = `CAST(TRY_CAST('0x' || substr(md5(concat_ws('|', ${texts.join(', ')})), 1, 15) AS BIGINT) AS BIGINT)`;
    level1.push(`${reportIdPresent ? `CASE WHEN ${reportIdPresent} THEN NULL ELSE ${rid} END` : rid} AS __rid`);
  }
  // The failure list is built only for rows that failed somewhere (CASE evaluates its branch lazily).
  const bad = failures.length ? failures.map((f) => `(${f.when})`).join(' OR ') : 'false';
  const list = failures.length
    ? `list_filter([${failures.map((f) => `CASE WHEN ${f.when} THEN ${f.item} END`).join(',\n        ')}], x -> x IS NOT NULL)`
    : 'NULL';
  const excluded = deriveReportId ? ['__rid', '"ReportId"'] : [];
  return `CREATE TABLE __rows AS
    SELECT * ${excluded.length ? `EXCLUDE (${excluded.join(', ')})` : ''}
      ${deriveReportId ? ', coalesce("ReportId", __rid) AS "ReportId"' : ''}
    FROM (
      SELECT * ${helpers.length ? `EXCLUDE (${helpers.join(', ')})` : ''}, CASE WHEN ${bad} THEN ${list} END AS __fail
      FROM (
        SELECT __row, ${level1.join(',\n          ')}
        FROM ${m.from} ${m.skip ? `WHERE NOT coalesce(${m.skip}, false)` : ''}
      )
    )
    ORDER BY "Timestamp" NULLS LAST, __row`;
}

/** Runs a long statement while reporting DuckDB's own progress estimate as rows out of `total`. */
async function withQueryProgress(c: DuckDBConnection, progress: ProgressSink, total: number, run: () => Promise<unknown>): Promise<void> {
  const timer = setInterval(() => {
    const pct = c.progress.percentage;
    if (pct > 0) progress.rows(Math.round((pct / 100) * total), total);
  }, 200);
  try {
    await run();
    progress.rows(total, total);
  } finally {
    clearInterval(timer);
  }
}
