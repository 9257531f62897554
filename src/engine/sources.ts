/**
 * Where tables come from: files, globs and folders given with `--data PATH` or `--table NAME=PATH`.
 * A file or folder named after its table registers that table (`DeviceProcessEvents.parquet`,
 * `DeviceProcessEvents/` with hive `date=YYYY-MM-DD/` partitions); a folder of such entries (a data
 * root or an archive) registers each of them.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { sqlString } from '../sql/quote.js';

export type SourceFormat = 'parquet' | 'csv' | 'json' | 'arrow';

export interface SourceSpec {
  /** The table name; derived from the file or folder name when absent. */
  table?: string;
  path: string;
}

/** One table's data: files of one format (a glob or explicit paths). */
export interface TableSource {
  table: string;
  format: SourceFormat;
  /** Absolute paths or globs. */
  paths: string[];
  hive: boolean;
}

const EXTENSIONS: Array<[RegExp, SourceFormat]> = [
  [/\.parquet$/i, 'parquet'],
  [/\.(csv|tsv)(\.gz|\.zst)?$/i, 'csv'],
  [/\.(json|jsonl|ndjson)(\.gz|\.zst)?$/i, 'json'],
  [/\.(arrow|arrows|ipc|feather)$/i, 'arrow'],
];

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Files in a data folder that are not table data: manifests, notes, ground truth, rejects. */
const NOT_DATA = /^(manifest\.json|readme(\..*)?|.*\.schema\.json|.*\.ground-truth\..*|.*\.rejects?\..*)$/i;

const isDataFile = (name: string) => !NOT_DATA.test(name) && formatOf(name) !== undefined;

export function formatOf(path: string): SourceFormat | undefined {
  return EXTENSIONS.find(([re]) => re.test(path))?.[1];
}

/** `DeviceProcessEvents.parquet` → `DeviceProcessEvents`; names that are not identifiers → undefined. */
export function tableNameOf(path: string): string | undefined {
  let name = basename(path.replace(/[\\/]+$/, ''));
  for (const [re] of EXTENSIONS) name = name.replace(re, '');
  return TABLE_NAME.test(name) ? name : undefined;
}

/** Files below a folder (recursively), skipping dot- and underscore-prefixed entries (staging, manifests). */
function filesBelow(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesBelow(p));
    else if (isDataFile(entry.name)) out.push(p);
  }
  return out;
}

/** A folder that holds one table's files (directly or in hive partitions). */
function folderSource(table: string, dir: string): TableSource | undefined {
  const files = filesBelow(dir);
  if (files.length === 0) return undefined;
  const formats = new Set(files.map((f) => formatOf(f)!));
  if (formats.size > 1) throw new Error(`${dir}: mixes ${[...formats].join(' and ')} files; give each format its own folder`);
  const format = [...formats][0]!;
  const hive = readdirSync(dir).some((n) => /^[A-Za-z_]\w*=/.test(n));
  return { table, format, paths: files.sort(), hive };
}

/** A folder of one table (hive partitions or data files), as opposed to a root of table folders. */
function isTableFolder(dir: string): boolean {
  const entries = readdirSync(dir, { withFileTypes: true }).filter((e) => !e.name.startsWith('.') && !e.name.startsWith('_'));
  if (entries.some((e) => e.isDirectory() && /^[A-Za-z_]\w*=/.test(e.name))) return true;
  const tableDirs = entries.some((e) => e.isDirectory() && tableNameOf(e.name));
  return !tableDirs && entries.some((e) => e.isFile() && isDataFile(e.name) && !tableNameOf(e.name));
}

export function resolveSources(specs: SourceSpec[]): TableSource[] {
  const out: TableSource[] = [];
  for (const spec of specs) {
    const path = resolve(spec.path);
    if (/[*?[]/.test(spec.path)) {
      const format = formatOf(spec.path);
      const table = spec.table ?? tableNameOf(spec.path.split(/[*?[]/)[0]!);
      if (!format || !table) throw new Error(`${spec.path}: a glob needs a table name (--table NAME=GLOB) and a file extension`);
      out.push({ table, format, paths: [path], hive: false });
      continue;
    }
    if (!existsSync(path)) throw new Error(`${spec.path}: no such file or folder`);
    if (statSync(path).isFile()) {
      const format = formatOf(path);
      const table = spec.table ?? tableNameOf(path);
      if (!format) throw new Error(`${spec.path}: unknown file type (expected .parquet, .csv, .json, .jsonl, .ndjson, .arrow)`);
      if (!table) throw new Error(`${spec.path}: cannot tell the table from the file name; use --table NAME=${spec.path}`);
      out.push({ table, format, paths: [path], hive: false });
      continue;
    }
    if (spec.table || isTableFolder(path)) {
      const table = spec.table ?? tableNameOf(path);
      if (!table) throw new Error(`${spec.path}: cannot tell the table from the folder name; use --table NAME=${spec.path}`);
      const src = folderSource(table, path);
      if (src) out.push(src);
      continue;
    }
    // a data root: every entry named after a table
    for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
      const p = join(path, entry.name);
      const table = tableNameOf(entry.name);
      if (!table) continue;
      if (entry.isDirectory()) {
        const src = folderSource(table, p);
        if (src) out.push(src);
      } else if (isDataFile(entry.name)) {
        out.push({ table, format: formatOf(entry.name)!, paths: [p], hive: false });
      }
    }
  }
  return out;
}

/** The DuckDB table function that reads a source's raw rows. */
export function readerSql(src: TableSource, options: { rowIds?: boolean } = {}): string {
  const paths = `[${src.paths.map(sqlString).join(', ')}]`;
  // file name and row number identify a row, for the retro-hunt's de-duplication
  const ids = options.rowIds ? ", filename = '__file', file_row_number = true" : '';
  switch (src.format) {
    case 'parquet':
      return `read_parquet(${paths}, hive_partitioning = ${src.hive}, union_by_name = true${ids})`;
    case 'csv':
      if (options.rowIds) throw new Error('row identities are read from Parquet sources only');
      return `read_csv(${paths}, header = true, union_by_name = true, hive_partitioning = ${src.hive})`;
    case 'json':
      if (options.rowIds) throw new Error('row identities are read from Parquet sources only');
      return `read_json(${paths}, format = 'auto', union_by_name = true, hive_partitioning = ${src.hive})`;
    case 'arrow':
      throw new Error('Arrow IPC sources are loaded by the engine, not read by a table function');
  }
}
