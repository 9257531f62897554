/**
 * Atomic, idempotent commit of staged Parquet into an archive.
 *
 * Order of events (readers see either the old state or the new one; a failure at any step before the
 * manifest rename leaves the archive exactly as it was):
 *   1. take ARCHIVE/.lock and recover after dead processes;
 *   2. fingerprint already in the manifest → "already-ingested", nothing touched;
 *   3. read row counts and Timestamp ranges of the staged files (this also proves they are readable);
 *   4. write a journal (every planned rename, every folder to create) into a staging folder;
 *   5. rename each file into `<Table>/date=…/` under a unique name (and the reject file into rejects/);
 *   6. write the new manifest to a temp file and rename it over manifest.json: the commit point;
 *   7. remove the staging folder.
 * An error in 4–6 renames everything back. A process killed in 5–6 leaves a journal whose owner is dead:
 * the next commit (or `recoverArchive`) rolls it back before doing anything else.
 */
import { copyFile, mkdir, readdir, rename, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { sqlString } from '../sql/quote.js';
import { queryRows, withDuckDB } from './duckdb.js';
import {
  JOURNAL_FILE, PARTITION_DIR_RE, dataFileName, isValidTableName, partitionDirName, rejectFileRelPath, toRel,
} from './layout.js';
import {
  readManifest, withSource, writeJsonSynced, writeManifestAtomic,
  type ManifestFile, type SourceEntry, type SourceInfo,
} from './manifest.js';
import {
  acquireLock, createStagingDir, recoverArchive, removeStagingDir, rollbackMoves, type Journal, type Move,
} from './staging.js';

/** Test hooks: called at the named points; a hook that throws simulates a crash there. */
export interface CommitHooks {
  beforeRename?(): void | Promise<void>;
  afterRename?(index: number, move: Move): void | Promise<void>;
  beforeManifest?(): void | Promise<void>;
}

export interface CommitOptions {
  archive: string;
  table: string;
  /** A folder holding `date=YYYY-MM-DD/*.parquet`; its files are moved (not copied) when on the same filesystem. */
  staged: string;
  /** Identity of the source (sha256 of its content for ingest); a fingerprint commits at most once. */
  fingerprint: string;
  source: SourceInfo;
  /** A staged JSONL of rejected rows, moved to `ARCHIVE/rejects/<source-name>.<fp8>.jsonl`. */
  rejectsFile?: string;
  /** How long to wait for another process's commit to finish. */
  lockTimeoutMs?: number;
  hooks?: CommitHooks;
}

export interface CommitSummary {
  status: 'committed' | 'already-ingested';
  table: string;
  fingerprint: string;
  rows: number;
  partitions: string[];
  /** Archive-relative paths of the files added. */
  files: string[];
  rejectFile?: string;
  /** For "already-ingested": when and from where the fingerprint was first committed. */
  previous?: SourceEntry;
}

interface StagedFile { date: string; path: string }

export async function commitStaged(options: CommitOptions): Promise<CommitSummary> {
  const archive = resolve(options.archive);
  const { table, fingerprint } = options;
  if (!isValidTableName(table)) throw new Error(`invalid table name ${JSON.stringify(table)}`);
  if (!/^[0-9a-f]{16,}$/i.test(fingerprint)) throw new Error(`fingerprint must be hex (sha256), got ${JSON.stringify(fingerprint)}`);
  const staged = await listStaged(resolve(options.staged));

  await mkdir(archive, { recursive: true });
  const release = await acquireLock(archive, { timeoutMs: options.lockTimeoutMs });
  try {
    await recoverArchive(archive);
    const manifest = await readManifest(archive);
    const previous = manifest.sources[fingerprint];
    if (previous) {
      return { status: 'already-ingested', table: previous.table, fingerprint, rows: 0, partitions: [], files: [], previous };
    }
    const stats = await parquetStats(staged);
    const tx = await createStagingDir(archive, 'commit');
    try {
      const plan = await planMoves(archive, tx, table, fingerprint, staged, options);
      const journal: Journal = { fingerprint, table, moves: plan.moves, createdDirs: plan.createdDirs };
      await writeJsonSynced(join(tx, JOURNAL_FILE), journal);
      const done: Move[] = [];
      try {
        await options.hooks?.beforeRename?.();
        for (const d of plan.createdDirs) await mkdir(d);
        for (const [i, m] of plan.moves.entries()) {
          await rename(m.from, m.to);
          done.push(m);
          await options.hooks?.afterRename?.(i, m);
        }
        await options.hooks?.beforeManifest?.();
        const files = staged.map((s, i) => ({ date: s.date, source: fingerprint, path: plan.relPaths[i]!, ...stats[i]! }));
        const now = new Date().toISOString();
        const entry: SourceEntry = {
          ...options.source,
          fingerprint, table,
          rows: files.reduce((n, f) => n + f.rows, 0),
          rejects: options.source.rejects ?? 0,
          skipped: options.source.skipped ?? 0,
          ingestedAt: now,
          files: files.map((f) => f.path),
          partitions: [...new Set(files.map((f) => f.date))].sort(),
          ...(plan.rejectRel ? { rejectFile: plan.rejectRel } : {}),
        };
        await writeManifestAtomic(archive, withSource(manifest, entry, files, now), join(tx, 'manifest.json.tmp'));
        return {
          status: 'committed', table, fingerprint, rows: entry.rows, partitions: entry.partitions, files: entry.files,
          ...(plan.rejectRel ? { rejectFile: plan.rejectRel } : {}),
        };
      } catch (err) {
        await rollbackMoves(done, plan.createdDirs);
        throw err;
      }
    } finally {
      await removeStagingDir(archive, tx);
    }
  } finally {
    await release();
  }
}

/** The staged `date=YYYY-MM-DD/*.parquet` files, sorted; anything else in the folder is an error. */
async function listStaged(dir: string): Promise<StagedFile[]> {
  const out: StagedFile[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new Error(`staged folder ${dir} does not exist`);
    throw err;
  });
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const m = PARTITION_DIR_RE.exec(e.name);
    if (!e.isDirectory() || !m) throw new Error(`staged folder ${dir} holds ${e.name}; expected only date=YYYY-MM-DD folders`);
    for (const f of (await readdir(join(dir, e.name))).sort()) {
      if (!f.endsWith('.parquet')) throw new Error(`staged partition ${join(dir, e.name)} holds ${f}; expected only .parquet files`);
      out.push({ date: m[1]!, path: join(dir, e.name, f) });
    }
  }
  return out;
}

type FileStats = Pick<ManifestFile, 'rows' | 'minTimestamp' | 'maxTimestamp'>;

/** Row count and Timestamp range of each staged file; refuses files whose rows fall outside their date. */
async function parquetStats(staged: StagedFile[]): Promise<FileStats[]> {
  if (staged.length === 0) return [];
  return withDuckDB(async (c) => {
    const out: FileStats[] = [];
    for (const s of staged) {
      let row: Record<string, unknown>;
      try {
        [row] = await queryRows(c, `SELECT count(*) AS n,
            strftime(min("Timestamp"), '%Y-%m-%dT%H:%M:%S.%fZ') AS lo, strftime(max("Timestamp"), '%Y-%m-%dT%H:%M:%S.%fZ') AS hi,
            count(*) FILTER (WHERE CAST("Timestamp" AS DATE) <> DATE ${sqlString(s.date)}) AS outside
          FROM read_parquet(${sqlString(s.path)})`) as [Record<string, unknown>];
      } catch (err) {
        throw new Error(`staged file ${s.path} is not readable Parquet with a Timestamp column: ${(err as Error).message}`);
      }
      if (Number(row.outside) > 0) throw new Error(`staged file ${s.path} has ${row.outside} rows whose Timestamp is not on ${s.date}`);
      out.push({ rows: Number(row.n), minTimestamp: (row.lo as string | null) ?? null, maxTimestamp: (row.hi as string | null) ?? null });
    }
    return out;
  });
}

interface Plan { moves: Move[]; relPaths: string[]; createdDirs: string[]; rejectRel?: string }

/**
 * Final names and folders. Files on another filesystem are first copied into the commit's staging
 * folder, so that every step that makes data visible is a rename.
 */
async function planMoves(archive: string, tx: string, table: string, fingerprint: string, staged: StagedFile[], options: CommitOptions): Promise<Plan> {
  const archiveDev = (await stat(archive)).dev;
  const exists = (p: string) => stat(p).then(() => true, () => false);
  const moves: Move[] = [];
  const relPaths: string[] = [];
  const createdDirs: string[] = [];
  const needDir = async (d: string) => {
    if (!createdDirs.includes(d) && !(await exists(d))) createdDirs.push(d);
  };
  const local = async (from: string, i: number) => {
    if ((await stat(from)).dev === archiveDev) return from;
    const copy = join(tx, `in-${i}-${basename(from)}`);
    await copyFile(from, copy);
    return copy;
  };
  for (const [i, s] of staged.entries()) {
    await needDir(join(archive, table));
    const dir = join(archive, table, partitionDirName(s.date));
    await needDir(dir);
    let name = dataFileName(fingerprint, i);
    for (let k = 1; await exists(join(dir, name)); k++) name = dataFileName(fingerprint, i).replace(/\.parquet$/, `-${k}.parquet`);
    moves.push({ from: await local(s.path, i), to: join(dir, name) });
    relPaths.push(toRel(table, partitionDirName(s.date), name));
  }
  let rejectRel: string | undefined;
  if (options.rejectsFile) {
    const base = rejectFileRelPath(basename(options.source.path), fingerprint);
    rejectRel = base;
    for (let k = 1; await exists(join(archive, rejectRel)); k++) rejectRel = base.replace(/\.jsonl$/, `-${k}.jsonl`);
    await needDir(join(archive, 'rejects'));
    moves.push({ from: await local(options.rejectsFile, staged.length), to: join(archive, rejectRel) });
  }
  return { moves, relPaths, createdDirs, ...(rejectRel ? { rejectRel } : {}) };
}
