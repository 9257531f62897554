/**
 * ARCHIVE/manifest.json: the list of committed files, their row counts and Timestamp ranges per table and
 * partition, and one entry per ingested source keyed by its fingerprint (sha256 of its content).
 * It is replaced whole (temp file + rename), last in every commit, so it always describes a complete state.
 */
import { readFile, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE } from './layout.js';

export const MANIFEST_VERSION = 1;

export interface ManifestFile {
  /** Archive-relative path, forward slashes: `DeviceProcessEvents/date=2022-08-08/part-….parquet`. */
  path: string;
  rows: number;
  /** ISO-8601 UTC with microseconds, or null when the file has no Timestamp values. */
  minTimestamp: string | null;
  maxTimestamp: string | null;
  /** Fingerprint of the source the file came from. */
  source: string;
}

export interface PartitionEntry {
  rows: number;
  minTimestamp: string | null;
  maxTimestamp: string | null;
  files: ManifestFile[];
}

export interface TableEntry {
  rows: number;
  minTimestamp: string | null;
  maxTimestamp: string | null;
  /** Keyed by `YYYY-MM-DD`. */
  partitions: Record<string, PartitionEntry>;
}

/** What the caller of commitStaged tells the manifest about a source. */
export interface SourceInfo {
  /** Where the source was read from (as given on the command line), or a description (`kqlduck gen …`). */
  path: string;
  /** Format detected or produced: `ndjson`, `parquet`, `gen` … */
  format?: string;
  /** Rows that went to the reject file. */
  rejects?: number;
  /** Records that were not for this table (e.g. non-process Sysmon events) and were skipped. */
  skipped?: number;
  /** Anything else worth keeping (generator parameters, mapping notes). */
  details?: Record<string, unknown>;
}

export interface SourceEntry extends SourceInfo {
  fingerprint: string;
  table: string;
  rows: number;
  rejects: number;
  skipped: number;
  ingestedAt: string;
  files: string[];
  partitions: string[];
  rejectFile?: string;
}

export interface Manifest {
  version: number;
  updatedAt: string | null;
  tables: Record<string, TableEntry>;
  sources: Record<string, SourceEntry>;
}

export function emptyManifest(): Manifest {
  return { version: MANIFEST_VERSION, updatedAt: null, tables: {}, sources: {} };
}

/** Reads ARCHIVE/manifest.json; an archive without one (new or empty) reads as an empty manifest. */
export async function readManifest(archive: string): Promise<Manifest> {
  const path = join(archive, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyManifest();
    throw err;
  }
  let parsed: Manifest;
  try {
    parsed = JSON.parse(text) as Manifest;
  } catch (err) {
    throw new Error(`${path}: not valid JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || typeof parsed.tables !== 'object' || typeof parsed.sources !== 'object') {
    throw new Error(`${path}: not a kqlduck archive manifest`);
  }
  if (parsed.version > MANIFEST_VERSION) {
    throw new Error(`${path}: manifest version ${parsed.version} is newer than this kqlduck understands (${MANIFEST_VERSION})`);
  }
  return parsed;
}

/** Tables with at least one committed file, sorted: the folders a reader should register as views. */
export function archiveTables(manifest: Manifest): string[] {
  return Object.keys(manifest.tables).filter((t) => manifest.tables[t]!.rows > 0 || Object.keys(manifest.tables[t]!.partitions).length > 0).sort();
}

/** Archive-relative paths of every committed file of a table, in partition order. */
export function committedFiles(manifest: Manifest, table: string): string[] {
  const entry = manifest.tables[table];
  if (!entry) return [];
  return Object.keys(entry.partitions).sort().flatMap((d) => entry.partitions[d]!.files.map((f) => f.path));
}

/** Adds the files of one committed source to a copy of the manifest, keeping keys sorted for stable diffs. */
export function withSource(manifest: Manifest, entry: SourceEntry, files: Array<ManifestFile & { date: string }>, now: string): Manifest {
  const next: Manifest = structuredClone(manifest);
  const table = (next.tables[entry.table] ??= { rows: 0, minTimestamp: null, maxTimestamp: null, partitions: {} });
  for (const f of files) {
    const p = (table.partitions[f.date] ??= { rows: 0, minTimestamp: null, maxTimestamp: null, files: [] });
    p.files.push({ path: f.path, rows: f.rows, minTimestamp: f.minTimestamp, maxTimestamp: f.maxTimestamp, source: f.source });
    p.files.sort((a, b) => a.path.localeCompare(b.path));
    p.rows += f.rows;
    p.minTimestamp = minIso(p.minTimestamp, f.minTimestamp);
    p.maxTimestamp = maxIso(p.maxTimestamp, f.maxTimestamp);
    table.rows += f.rows;
    table.minTimestamp = minIso(table.minTimestamp, f.minTimestamp);
    table.maxTimestamp = maxIso(table.maxTimestamp, f.maxTimestamp);
  }
  table.partitions = sortKeys(table.partitions);
  next.tables = sortKeys(next.tables);
  next.sources = sortKeys({ ...next.sources, [entry.fingerprint]: entry });
  next.updatedAt = now;
  return next;
}

/** Serialises and writes the manifest to `tmpPath`, flushes it, then renames it over ARCHIVE/manifest.json. */
export async function writeManifestAtomic(archive: string, manifest: Manifest, tmpPath: string): Promise<void> {
  const fh = await open(tmpPath, 'w');
  try {
    await fh.writeFile(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmpPath, join(archive, MANIFEST_FILE));
}

/** Plain JSON write for small side files (journals, owner notes); flushed so a crash cannot leave it half written. */
export async function writeJsonSynced(path: string, value: unknown): Promise<void> {
  const fh = await open(path, 'w');
  try {
    await fh.writeFile(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export async function readJsonIfExists<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]!]));
}

// ISO strings of one fixed format compare correctly as text.
function minIso(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

function maxIso(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}
