/**
 * Generation and ingest throughput with peak RSS: `kqlduck gen` into a fresh archive, then the same
 * rows exported as one Parquet, one NDJSON and one CSV file (what a data-lake or advanced-hunting export
 * hands a user) and `kqlduck ingest`ed into a fresh archive each. Every run is a CLI child process under
 * /usr/bin/time, so peak RSS is the kernel's figure for the whole run.
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ROOT, timeCli } from './proc.js';
import { round, show, summarize, type Summary } from './stats.js';

export interface ThroughputResult {
  what: string;
  command: string;
  rows: number;
  inputBytes?: number;
  seconds: Summary;
  rowsPerSec: Summary;
  peakRssMb: Summary;
}

const EXPORTS = {
  parquet: "(FORMAT parquet, COMPRESSION zstd)",
  ndjson: '(FORMAT json)',
  csv: '(FORMAT csv, HEADER true)',
} as const;
type ExportFormat = keyof typeof EXPORTS;

/** One file per format from the generated archive (written by DuckDB, so the bench measures kqlduck only). */
async function exportArchive(archive: string, dir: string): Promise<Record<ExportFormat, string>> {
  mkdirSync(dir, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  const out = {} as Record<ExportFormat, string>;
  try {
    const glob = resolve(archive, 'DeviceProcessEvents/*/*.parquet').replaceAll("'", "''");
    // hive_partitioning off: `date` is the folder name only, not a column of the exported rows
    const source = `SELECT * FROM read_parquet('${glob}', hive_partitioning = false) ORDER BY Timestamp`;
    for (const [format, options] of Object.entries(EXPORTS) as Array<[ExportFormat, string]>) {
      const file = resolve(dir, `DeviceProcessEvents.${format === 'ndjson' ? 'ndjson' : format}`);
      if (!existsSync(file)) await connection.run(`COPY (${source}) TO '${file.replaceAll("'", "''")}' ${options}`);
      out[format] = file;
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return out;
}

function measure(what: string, rows: number, runs: Array<{ seconds: number; peakRssMb: number }>, command: string, inputBytes?: number): ThroughputResult {
  const r: ThroughputResult = {
    what,
    command,
    rows,
    inputBytes,
    seconds: summarize(runs.map((x) => x.seconds)),
    rowsPerSec: summarize(runs.map((x) => Math.round(rows / x.seconds))),
    peakRssMb: summarize(runs.map((x) => round(x.peakRssMb, 1))),
  };
  console.log(`${what.padEnd(22)} ${rows} rows: ${show(r.seconds, ' s')}  ${show(r.rowsPerSec, ' rows/s')}  peak RSS ${show(r.peakRssMb, ' MiB')}`);
  return r;
}

export async function runIngest(options: { rows: number; runs: number; days: number }): Promise<ThroughputResult[]> {
  const base = resolve(ROOT, 'bench/data/service');
  const gen = (into: string) => ['gen', '--rows', String(options.rows), '--days', String(options.days), '--end', '2026-11-30', '--into', into, '--no-progress'];
  const results: ThroughputResult[] = [];

  const genRuns: Array<{ seconds: number; peakRssMb: number }> = [];
  const genDir = resolve(base, `gen-${options.rows}`);
  for (let i = 0; i < options.runs; i++) {
    rmSync(genDir, { recursive: true, force: true });
    genRuns.push(await timeCli(gen(genDir)));
  }
  results.push(measure('gen', options.rows, genRuns, `kqlduck ${gen('ARCHIVE').join(' ')}`));

  const files = await exportArchive(genDir, resolve(base, `export-${options.rows}`));
  const formats = Object.keys(files) as ExportFormat[];
  const runs = Object.fromEntries(formats.map((f) => [f, [] as Array<{ seconds: number; peakRssMb: number }>]));
  for (let i = 0; i < options.runs; i++) {
    // formats alternated within each round, so load from other users hits them alike
    for (const format of formats) {
      const into = resolve(base, `ingest-${format}`);
      rmSync(into, { recursive: true, force: true });
      const t = await timeCli(['ingest', '--into', into, '--no-progress', files[format]]);
      if (!/1000000|[\d,]+/.test(t.stdout + t.stderr)) throw new Error(`ingest printed no summary: ${t.stderr}`);
      runs[format]!.push(t);
    }
  }
  for (const format of formats) {
    results.push(measure(`ingest ${format}`, options.rows, runs[format]!, `kqlduck ingest --into ARCHIVE --no-progress DeviceProcessEvents.${format}`, statSync(files[format]).size));
  }
  return results;
}
