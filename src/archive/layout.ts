/**
 * The on-disk layout of a telemetry archive:
 *
 * ```
 * ARCHIVE/manifest.json                          committed files, row counts, time ranges, source fingerprints
 * ARCHIVE/<Table>/date=YYYY-MM-DD/*.parquet      zstd, sorted by Timestamp, ~100k-row row groups
 * ARCHIVE/rejects/<source-name>.<fp8>.jsonl      rows that could not be coerced (one line per bad cell)
 * ARCHIVE/.staging/<id>/                         work in progress; never read, removed when its owner is gone
 * ARCHIVE/.lock                                  held only while a commit renames files and writes the manifest
 * ```
 *
 * `date` is the only hive key. Readers register `ARCHIVE/<Table>/` for each table the manifest names
 * (`archiveTables()`), so `rejects/` and dot-folders are never mistaken for tables.
 */
import { join } from 'node:path';

export const MANIFEST_FILE = 'manifest.json';
export const STAGING_DIR = '.staging';
export const REJECTS_DIR = 'rejects';
export const LOCK_FILE = '.lock';
/** Written into each staging folder so a later process can tell whether its owner is still alive. */
export const OWNER_FILE = 'owner.json';
/** The commit journal inside a staging folder: present from the first rename until the manifest is written. */
export const JOURNAL_FILE = 'journal.json';

export const PARTITION_DIR_RE = /^date=(\d{4}-\d{2}-\d{2})$/;
const TABLE_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A table name is used as a folder name: letters, digits and underscores only. */
export function isValidTableName(name: string): boolean {
  return TABLE_NAME_RE.test(name);
}

export function partitionDirName(date: string): string {
  return `date=${date}`;
}

export function tableDir(archive: string, table: string): string {
  return join(archive, table);
}

export function stagingRoot(archive: string): string {
  return join(archive, STAGING_DIR);
}

/**
 * Final name of the n-th file a source contributes. Derived from the source fingerprint, so a rebuild
 * of the same archive gives the same names; fingerprints are unique in a manifest, so appends never
 * collide (commitStaged still checks and adds a suffix if a stray file is in the way).
 */
export function dataFileName(fingerprint: string, index: number): string {
  return `part-${fingerprint.slice(0, 16)}-${String(index).padStart(4, '0')}.parquet`;
}

/** `rejects/<source-name>.<fingerprint8>.jsonl`, relative to the archive. */
export function rejectFileRelPath(sourceName: string, fingerprint: string): string {
  const safe = sourceName.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${REJECTS_DIR}/${safe}.${fingerprint.slice(0, 8)}.jsonl`;
}

/** Archive-relative paths are stored with forward slashes, whatever the platform. */
export function toRel(...parts: string[]): string {
  return parts.join('/');
}
