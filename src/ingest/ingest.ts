/**
 * `kqlduck ingest`: each source is its own atomic unit. Fingerprint (sha256) → already in the manifest?
 * → detect format → stage Parquet + rejects in ARCHIVE/.staging/ → commitStaged. A source that fails
 * leaves nothing behind; the others go on.
 */
import { mkdir, readdir, rmdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { commitStaged, type CommitHooks } from '../archive/commit.js';
import { withDuckDB } from '../archive/duckdb.js';
import { readManifest } from '../archive/manifest.js';
import { acquireLock, createStagingDir, recoverArchive, removeStagingDir } from '../archive/staging.js';
import { detectFormat, type SourceFormat } from './detect.js';
import { fingerprintFile } from './fingerprint.js';
import { silentProgress, type ProgressSink } from './progress.js';
import { stageSource } from './stage.js';

export interface IngestOptions {
  archive: string;
  /** Target table; by default Windows events go to DeviceProcessEvents and tabular sources are matched by columns. */
  table?: string;
  keepExtraColumns?: boolean;
  /** DuckDB's memory limit while a source is staged (default INGEST_MEMORY_LIMIT); past it DuckDB spills to the staging folder. */
  memoryLimit?: string;
  progress?: ProgressSink;
  /** Test hooks passed to commitStaged. */
  hooks?: CommitHooks;
  lockTimeoutMs?: number;
}

/**
 * Staging holds a whole source, coerced and sorted, in DuckDB: without a limit, memory follows the source's
 * row count (3.6 GiB peak RSS for one 1M-row file, so a 10M-row export would take most of a machine).
 * Measured on a 1M-row Parquet file (bench/RESULTS.md): unlimited 13.4 s and 3.6 GiB; 2GB 12.4 s and
 * 2.3 GiB; 1GB 16.2 s and 1.4 GiB.
 */
export const INGEST_MEMORY_LIMIT = '2GB';

export type SourceStatus = 'ingested' | 'already-ingested' | 'failed';

export interface SourceReport {
  path: string;
  name: string;
  status: SourceStatus;
  format?: SourceFormat;
  table?: string;
  fingerprint?: string;
  /** Records read from the source. */
  sourceRows: number;
  /** Rows added to the archive. */
  rows: number;
  rejected: number;
  skipped: number;
  partitions: string[];
  /** Columns the table's schema lacks (kept as text only with keepExtraColumns). */
  extraColumns: string[];
  extraColumnsKept: boolean;
  notes: string[];
  rejectFile?: string;
  error?: string;
  seconds: number;
}

export async function ingestSources(paths: string[], options: IngestOptions): Promise<SourceReport[]> {
  const archive = resolve(options.archive);
  const progress = options.progress ?? silentProgress;
  const archiveExisted = await stat(archive).then(() => true, () => false);
  if (archiveExisted) await recoverUnderLock(archive, options.lockTimeoutMs);
  const reports: SourceReport[] = [];
  progress.begin(paths.length);
  try {
    for (const [i, path] of paths.entries()) {
      progress.source(i + 1, basename(path));
      reports.push(await ingestOne(path, archive, options, progress));
    }
  } finally {
    progress.end();
    // A new archive that received nothing is removed again: a failed run leaves no trace.
    if (!archiveExisted && (await readdir(archive).catch(() => ['?'])).length === 0) await rmdir(archive).catch(() => undefined);
  }
  return reports;
}

async function recoverUnderLock(archive: string, lockTimeoutMs?: number): Promise<void> {
  const release = await acquireLock(archive, { timeoutMs: lockTimeoutMs });
  try {
    await recoverArchive(archive);
  } finally {
    await release();
  }
}

async function ingestOne(path: string, archive: string, options: IngestOptions, progress: ProgressSink): Promise<SourceReport> {
  const started = Date.now();
  const memoryLimit = options.memoryLimit ?? INGEST_MEMORY_LIMIT;
  const report: SourceReport = {
    path, name: basename(path), status: 'failed', sourceRows: 0, rows: 0, rejected: 0, skipped: 0, partitions: [],
    extraColumns: [], extraColumnsKept: Boolean(options.keepExtraColumns), notes: [], seconds: 0,
  };
  const done = () => ({ ...report, seconds: (Date.now() - started) / 1000 });
  try {
    const st = await stat(path).catch(() => undefined);
    if (!st) throw new Error('no such file');
    if (!st.isFile()) throw new Error('not a file');
    progress.phase('hashing');
    report.fingerprint = await fingerprintFile(path, (n) => progress.step(n, st.size));
    const previous = (await readManifest(archive)).sources[report.fingerprint];
    if (previous) {
      Object.assign(report, { status: 'already-ingested', table: previous.table, format: previous.format as SourceFormat | undefined });
      report.notes.push(`already ingested on ${previous.ingestedAt} from ${previous.path} (${previous.rows} rows)`);
      return done();
    }
    report.format = await detectFormat(path);
    await mkdir(archive, { recursive: true });
    const staging = await createStagingDir(archive, 'ingest');
    try {
      const staged = await withDuckDB(
        (c) => stageSource(c, resolve(path), report.format!, staging, {
          displayPath: path, table: options.table, keepExtraColumns: options.keepExtraColumns, progress,
        }),
        { tempDirectory: join(staging, 'duckdb.tmp'), memoryLimit },
      );
      Object.assign(report, {
        table: staged.table, sourceRows: staged.sourceRows, rejected: staged.rejected, skipped: staged.skipped,
        extraColumns: staged.extraColumns, notes: staged.notes,
      });
      progress.phase('committing');
      const summary = await commitStaged({
        archive, table: staged.table, staged: staged.dataDir, fingerprint: report.fingerprint,
        source: {
          path, format: report.format, rejects: staged.rejected, skipped: staged.skipped,
          details: { sourceRows: staged.sourceRows, notes: staged.notes, extraColumns: staged.extraColumns, extraColumnsKept: report.extraColumnsKept },
        },
        ...(staged.rejectsFile ? { rejectsFile: staged.rejectsFile } : {}),
        ...(options.hooks ? { hooks: options.hooks } : {}),
        ...(options.lockTimeoutMs ? { lockTimeoutMs: options.lockTimeoutMs } : {}),
      });
      if (summary.status === 'already-ingested') {
        // Another process committed the same content while we were reading it.
        Object.assign(report, { status: 'already-ingested', rows: 0, rejected: 0, skipped: 0 });
        report.notes.push('already ingested (by a concurrent run)');
        return done();
      }
      Object.assign(report, { status: 'ingested', rows: summary.rows, partitions: summary.partitions, rejectFile: summary.rejectFile });
      return done();
    } finally {
      await removeStagingDir(archive, staging);
    }
  } catch (err) {
    report.error = cleanError(err, path);
    // DuckDB's own text ends in "Possible solutions:" with nothing after it; say which knob it is
    if (/^Out of Memory Error/.test(report.error)) {
      report.error = `ran out of memory under the ${memoryLimit} memory limit (--memory-limit): ${report.error.replace(/;?\s*Possible solutions:.*$/, '')}`;
    }
    return done();
  }
}

/**
 * DuckDB errors are long (the failing SQL, possible fixes): keep the lines that say what is wrong and
 * where, with the source's full path shortened to its name.
 */
function cleanError(err: unknown, path: string): string {
  const msg = err instanceof Error ? err.message : String(err);
  const lines = msg.split('\n').map((l) => l.trim()).filter(Boolean);
  const stop = lines.findIndex((l, i) => i > 0 && /^(LINE \d+:|Possible fixes|\*|Original Line)/.test(l));
  const kept = (stop === -1 ? lines : lines.slice(0, stop)).slice(0, 3).map((l) => (l.length > 200 ? `${l.slice(0, 200)}…` : l));
  const text = kept.join('; ') + (stop !== -1 && /Original Line/.test(lines[stop]!) ? `; ${lines.slice(stop + 1).find((l) => /^Expected/.test(l)) ?? ''}` : '');
  return text.replace(/;\s*$/, '').replaceAll(resolve(path), basename(path));
}
