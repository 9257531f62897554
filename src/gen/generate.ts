/**
 * `kqlduck gen`: writes a deterministic synthetic DeviceProcessEvents table into an archive.
 *
 * 1. Plan in JavaScript (window, rows per hour, files, injections), fleet and catalog from the seed.
 * 2. Workers: one in-memory DuckDB per core, each single-threaded (so a file's bytes never depend on
 *    scheduling), each loaded with the same small tables; they take files from a shared queue and write
 *    them with one `COPY (SELECT …) TO …` each, into ARCHIVE/.staging/gen-…/data/date=…/.
 * 3. Ground truth: the same SELECT over the injected rows only, written beside the data in staging.
 * 4. Commit through src/archive (manifest, atomic renames), then rename the ground truth into place.
 * Staging is removed on success, failure and abort; a killed process leaves it to the archive's recovery.
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, rmdir, stat } from 'node:fs/promises';
import { freemem, totalmem, availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { commitStaged } from '../archive/commit.js';
import { partitionDirName } from '../archive/layout.js';
import { readManifest } from '../archive/manifest.js';
import { createStagingDir, removeStagingDir } from '../archive/staging.js';
import { builtinTable } from '../schema/registry.js';
import { sqlString } from '../sql/quote.js';
import { buildWorld, type World } from './catalog/index.js';
import { defaultDeviceCount, makeFleet } from './fleet.js';
import { GROUND_TRUTH_SUFFIX, groundTruthSelect, groundTruthSetup } from './ground-truth.js';
import { makePlan, type FilePlan, type Plan } from './plan.js';
import { rowsSelectSql } from './rows-sql.js';
import { MAX_STEPS } from './scenarios.js';
import { setupStatements } from './setup-sql.js';

export const TABLE = 'DeviceProcessEvents';
/** Bump when the generator's output changes for the same arguments (part of the fingerprint). */
export const GENERATOR_VERSION = 1;
export const ROW_GROUP_SIZE = 100_000;

export interface GenOptions {
  archive: string;
  rows: number;
  days: number;
  /** Exclusive end of the window (default: today 00:00 UTC). */
  end?: Date;
  seed?: number;
  /** Parallel single-threaded DuckDB workers (default: available cores). */
  workers?: number;
  /** Rows per Parquet file at most (default plan.DEFAULT_FILE_ROWS). */
  fileRows?: number;
  devices?: number;
  signal?: AbortSignal;
  onProgress?: (event: GenProgress) => void;
}

export type GenPhase = 'setup' | 'generate' | 'ground-truth' | 'commit' | 'done';

export interface GenProgress {
  phase: GenPhase;
  rowsDone: number;
  rows: number;
  filesDone: number;
  files: number;
  bytesDone: number;
}

export interface GenResult {
  status: 'committed' | 'already-generated' | 'ground-truth-restored';
  archive: string;
  fingerprint: string;
  rows: number;
  days: number;
  /** UTC dates with data. */
  partitions: string[];
  files: number;
  bytes: number;
  seconds: number;
  start: string;
  end: string;
  seed: number;
  devices: number;
  injections: number;
  injectedRows: number;
  /** Scenarios with at least one injection, of `scenarioCount`. */
  scenariosCovered: number;
  scenarioCount: number;
  groundTruth: string;
}

export interface GenParams {
  generator: number;
  rows: number;
  days: number;
  end: string;
  seed: number;
  devices: number;
  fileRows: number | null;
}

/** Start of the current UTC day. */
export function defaultEnd(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function fingerprintOf(params: GenParams): string {
  return createHash('sha256').update(JSON.stringify(params)).digest('hex');
}

export function groundTruthPath(archive: string): string {
  return join(archive, `${TABLE}${GROUND_TRUTH_SUFFIX}`);
}

/** Everything a worker needs, derived from the options only. */
export interface GenModel {
  params: GenParams;
  fingerprint: string;
  world: World;
  plan: Plan;
  setup: string[];
  devices: number;
  users: number;
}

export function buildModel(o: Pick<GenOptions, 'rows' | 'days' | 'end' | 'seed' | 'fileRows' | 'devices'>): GenModel {
  const seed = o.seed ?? 1;
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError('seed must be an integer from 0 to 4294967295');
  const end = o.end ?? defaultEnd();
  if (Number.isNaN(end.getTime())) throw new RangeError('end is not a valid date');
  const devices = o.devices ?? defaultDeviceCount(o.rows);
  const params: GenParams = { generator: GENERATOR_VERSION, rows: o.rows, days: o.days, end: end.toISOString(), seed, devices, fileRows: o.fileRows ?? null };
  const world = buildWorld();
  const plan = makePlan({ rows: o.rows, days: o.days, endMs: end.getTime(), seed, scenarios: world.scenarios.length, maxSteps: MAX_STEPS, fileRows: o.fileRows });
  const fleet = makeFleet(seed, devices);
  const setup = [...setupStatements({ world, fleet, plan, seed, maxSteps: MAX_STEPS }), ...groundTruthSetup(world)];
  return { params, fingerprint: fingerprintOf(params), world, plan, setup, devices, users: fleet.users };
}

function columns() {
  const t = builtinTable(TABLE);
  if (!t) throw new Error(`schema registry has no ${TABLE}`);
  return t.columns;
}

/** The SELECT that produces rows [from, to) of the run (or only its injected rows). */
export function fileSelect(model: GenModel, file: Pick<FilePlan, 'firstRow' | 'rows'>, source: 'range' | 'injected' = 'range'): string {
  return rowsSelectSql({
    plan: model.plan, seed: model.params.seed, from: file.firstRow, to: file.firstRow + file.rows,
    devices: model.devices, users: model.users, maxSteps: MAX_STEPS, scenarios: model.world.scenarios.length, columns: columns(), source,
  });
}

const COPY_OPTIONS = `FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${ROW_GROUP_SIZE}`;

interface Worker { instance: DuckDBInstance; connection: DuckDBConnection }

async function openWorker(model: GenModel, memoryLimitMb: number): Promise<Worker> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  await connection.run(`SET TimeZone = 'UTC'`);
  await connection.run(`SET preserve_insertion_order = true`);
  await connection.run(`SET memory_limit = '${memoryLimitMb}MB'`);
  // keep every join as written: the row stream probes, the small table is built. Reordering or
  // swapping sides (which the optimizer does when a file is smaller than a lookup table) would emit
  // rows in lookup-table order instead of time order.
  await connection.run(`SET disabled_optimizers = 'join_order,build_side_probe_side'`);
  for (const sql of model.setup) await connection.run(sql);
  return { instance, connection };
}

function closeWorker(w: Worker): void {
  try { w.connection.closeSync(); } finally { w.instance.closeSync(); }
}

/** Runs `fn` with `n` workers; interrupts their queries when `signal` aborts; always closes them. */
async function withWorkers<T>(model: GenModel, n: number, signal: AbortSignal | undefined, fn: (workers: Worker[]) => Promise<T>): Promise<T> {
  const memoryLimitMb = Math.max(512, Math.floor((Math.min(totalmem(), freemem() * 2) / 1024 / 1024) * 0.5 / n));
  const workers: Worker[] = [];
  const onAbort = () => { for (const w of workers) w.connection.interrupt(); };
  signal?.addEventListener('abort', onAbort);
  try {
    for (let j = 0; j < n; j++) workers.push(await openWorker(model, memoryLimitMb));
    signal?.throwIfAborted();
    return await fn(workers);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    for (const w of workers) closeWorker(w);
  }
}

/**
 * Writes the data files of the plan into `dataDir/date=…/part-NNNNN.parquet`; returns total bytes.
 * The first failure stops the queue and interrupts the other workers; all are awaited before it is rethrown.
 */
async function writeFiles(model: GenModel, workers: Worker[], dataDir: string, signal: AbortSignal | undefined, progress: (f: FilePlan, bytes: number) => void): Promise<number> {
  const files = model.plan.files;
  let next = 0;
  let bytes = 0;
  let failed = false;
  const results = await Promise.allSettled(workers.map(async (w) => {
    try {
      while (!failed && next < files.length) {
        signal?.throwIfAborted();
        const f = files[next++]!;
        const dir = join(dataDir, partitionDirName(f.date));
        await mkdir(dir, { recursive: true });
        const path = join(dir, `part-${String(f.index).padStart(5, '0')}.parquet`);
        await w.connection.run(`COPY (${fileSelect(model, f)}) TO ${sqlString(path)} (${COPY_OPTIONS})`);
        await assertInOrder(w.connection, path, f);
        const size = (await stat(path)).size;
        bytes += size;
        progress(f, size);
      }
    } catch (err) {
      if (!failed) {
        failed = true;
        for (const other of workers) if (other !== w) other.connection.interrupt();
      }
      throw err;
    }
  }));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
  return bytes;
}

/** Row k of a file must be row firstRow + k of the run (ReportId = row + 1): then it is sorted by Timestamp. */
async function assertInOrder(c: DuckDBConnection, path: string, f: FilePlan): Promise<void> {
  const [row] = (await c.runAndReadAll(`SELECT count(*)::BIGINT AS n, count(*) FILTER (WHERE ReportId <> file_row_number + ${f.firstRow + 1})::BIGINT AS misplaced
    FROM read_parquet(${sqlString(path)}, file_row_number = true, hive_partitioning = false)`)).getRowObjectsJS() as Array<{ n: bigint; misplaced: bigint }>;
  if (Number(row!.n) !== f.rows || row!.misplaced !== 0n) {
    throw new Error(`internal error: ${path} has ${row!.n} rows (expected ${f.rows}), ${row!.misplaced} out of order`);
  }
}

/** The ground truth of the whole run, one statement per day of injected rows, then one sorted file. */
async function writeGroundTruth(model: GenModel, worker: Worker, path: string): Promise<{ rows: number; scenarios: number }> {
  const c = worker.connection;
  const files = model.plan.files;
  await c.run(`CREATE OR REPLACE TABLE gt AS ${groundTruthSelect(fileSelect(model, files[0]!, 'injected'))} LIMIT 0`);
  for (const f of files) await c.run(`INSERT INTO gt ${groundTruthSelect(fileSelect(model, f, 'injected'))}`);
  const kv = `KV_METADATA {'kqlduck.fingerprint': ${sqlString(model.fingerprint)}, 'kqlduck.generator': ${sqlString(JSON.stringify(model.params))}}`;
  await c.run(`COPY (SELECT * FROM gt ORDER BY Timestamp, ReportId) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd, ${kv})`);
  const [row] = (await c.runAndReadAll(`SELECT count(*)::INTEGER AS n, count(DISTINCT Scenario)::INTEGER AS s FROM gt`)).getRowObjectsJS() as Array<{ n: number; s: number }>;
  return { rows: row!.n, scenarios: row!.s };
}

/** The fingerprint recorded in an existing ground-truth file, if there is one. */
export async function groundTruthFingerprint(path: string): Promise<string | undefined> {
  if (!(await stat(path).then(() => true, () => false))) return undefined;
  const instance = await DuckDBInstance.create(':memory:');
  try {
    const c = await instance.connect();
    try {
      const rows = (await c.runAndReadAll(`SELECT decode(value) AS v FROM parquet_kv_metadata(${sqlString(path)}) WHERE decode(key) = 'kqlduck.fingerprint'`)).getRowObjectsJS() as Array<{ v: string }>;
      return rows[0]?.v;
    } finally {
      c.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

export async function generate(options: GenOptions): Promise<GenResult> {
  const t0 = performance.now();
  const archive = resolve(options.archive);
  const model = buildModel(options);
  const archiveExisted = await stat(archive).then(() => true, () => false);
  await mkdir(archive, { recursive: true });
  try {
    return await generateInto(archive, model, options, t0);
  } catch (err) {
    if (!archiveExisted) await rmdir(archive).catch(() => undefined); // only if nothing else is in it
    throw err;
  }
}

async function generateInto(archive: string, model: GenModel, options: GenOptions, t0: number): Promise<GenResult> {
  const { plan, fingerprint, params } = model;
  const report = (phase: GenPhase, rowsDone: number, filesDone: number, bytesDone: number) =>
    options.onProgress?.({ phase, rowsDone, rows: plan.rows, filesDone, files: plan.files.length, bytesDone });
  const gtFinal = groundTruthPath(archive);
  const base = {
    archive, fingerprint, rows: plan.rows, days: options.days, seed: params.seed, devices: model.devices,
    start: new Date(plan.startUs / 1000).toISOString(), end: params.end, injections: plan.injections,
    scenarioCount: model.world.scenarios.length, groundTruth: gtFinal,
    partitions: [...new Set(plan.files.map((f) => f.date))],
  };
  const manifest = await readManifest(archive);
  const committed = manifest.sources[fingerprint];
  const otherGen = Object.values(manifest.sources).find((s) => s.table === TABLE && s.format === 'gen' && s.fingerprint !== fingerprint);
  if (!committed && otherGen) {
    throw new GenConflictError(`${archive} already holds generated ${TABLE} from another run (${otherGen.path}); generate into a new archive`);
  }
  const workerCount = Math.max(1, Math.min(options.workers ?? availableParallelism(), plan.files.length));
  const staging = await createStagingDir(archive, 'gen');
  try {
    const gtStaged = join(staging, `${TABLE}${GROUND_TRUTH_SUFFIX}`);
    if (committed) {
      // the data is in the archive; make sure its ground truth is too
      if ((await groundTruthFingerprint(gtFinal)) === fingerprint) {
        return { ...base, status: 'already-generated', files: committed.files.length, bytes: 0, seconds: elapsed(t0), injectedRows: 0, scenariosCovered: 0 };
      }
      report('ground-truth', 0, 0, 0);
      const gt = await withWorkers(model, 1, options.signal, ([w]) => writeGroundTruth(model, w!, gtStaged));
      await rename(gtStaged, gtFinal);
      report('done', 0, 0, 0);
      return { ...base, status: 'ground-truth-restored', files: committed.files.length, bytes: 0, seconds: elapsed(t0), injectedRows: gt.rows, scenariosCovered: gt.scenarios };
    }

    const dataDir = join(staging, 'data');
    report('setup', 0, 0, 0);
    let rowsDone = 0;
    let filesDone = 0;
    let bytesDone = 0;
    const { bytes, gt } = await withWorkers(model, workerCount, options.signal, async (workers) => {
      report('generate', 0, 0, 0);
      const bytes = await writeFiles(model, workers, dataDir, options.signal, (f, size) => {
        rowsDone += f.rows; filesDone += 1; bytesDone += size;
        report('generate', rowsDone, filesDone, bytesDone);
      });
      report('ground-truth', rowsDone, filesDone, bytesDone);
      const gt = await writeGroundTruth(model, workers[0]!, gtStaged);
      return { bytes, gt };
    });
    options.signal?.throwIfAborted();

    report('commit', rowsDone, filesDone, bytesDone);
    const summary = await commitStaged({
      archive, table: TABLE, staged: dataDir, fingerprint,
      source: {
        path: `kqlduck gen --rows ${params.rows} --days ${params.days} --end ${params.end} --seed ${params.seed}`,
        format: 'gen',
        details: { ...params, groundTruth: `${TABLE}${GROUND_TRUTH_SUFFIX}`, injections: plan.injections, injectedRows: gt.rows },
      },
    });
    await rename(gtStaged, gtFinal);
    report('done', rowsDone, filesDone, bytesDone);
    return {
      ...base,
      status: summary.status === 'committed' ? 'committed' : 'already-generated',
      files: plan.files.length, bytes, seconds: elapsed(t0), injectedRows: gt.rows, scenariosCovered: gt.scenarios,
    };
  } finally {
    await removeStagingDir(archive, staging);
  }
}

/** Another generated run already owns the archive's table. */
export class GenConflictError extends Error {}

function elapsed(t0: number): number {
  return (performance.now() - t0) / 1000;
}
