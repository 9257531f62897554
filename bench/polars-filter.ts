/**
 * What a user might write with nodejs-polars instead of kqlduck (the comparison): scan the
 * archive's Parquet files lazily, filter with the rule's exact semantics (term regexes with Unicode
 * letter/digit boundaries, "" for missing strings, case-insensitive equality and `endswith`), project,
 * sort by Timestamp descending. Polars reads and decodes the Parquet itself, as kqlduck does.
 *
 * nodejs-polars lives in bench/polars/ with its own package.json and lock (see there why), installed
 * on first use; where it cannot be installed the variant is left out and the bench says so.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { hasAnySource } from './js-filter.js';
import { CATEGORY, OFFICE, OUTPUT_COLUMNS, RATS, SHELLS, UPDATERS, USER_PATHS } from './t1204-lists.js';

const DIR = resolve('bench/polars');

/* eslint-disable @typescript-eslint/no-explicit-any -- nodejs-polars is loaded at run time from its own folder, untyped here */
type Polars = any;

let loaded: Polars | null | undefined;

/** nodejs-polars, installed into bench/polars/ the first time (`npm ci` there); null when it cannot be. */
export function loadPolars(): Polars | null {
  if (loaded !== undefined) return loaded;
  if (!existsSync(join(DIR, 'node_modules', 'nodejs-polars-linux-x64-gnu'))) {
    process.stderr.write('bench: installing nodejs-polars 0.25.2 into bench/polars/ …\n');
    const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: DIR, encoding: 'utf8' });
    if (r.status !== 0) process.stderr.write(`bench: nodejs-polars did not install, its variant is left out: ${r.stderr.trim()}\n`);
  }
  try {
    loaded = createRequire(join(DIR, 'package.json'))('nodejs-polars') as Polars;
  } catch (e) {
    process.stderr.write(`bench: nodejs-polars does not load, its variant is left out: ${(e as Error).message}\n`);
    loaded = null;
  }
  return loaded;
}

/** T1204 over the archive's DeviceProcessEvents files with polars (a DataFrame); rows after `fromUs` (µs) when given. */
export async function polarsFilter(pl: Polars, archive: string, fromUs?: bigint): Promise<Polars> {
  const s = (c: string) => pl.col(c).fillNull('');
  const lower = (c: string) => s(c).str.toLowerCase();
  const has = (c: string, needles: string[]) => s(c).str.contains(`(?i)${hasAnySource(needles)}`);
  const office = has('InitiatingProcessFileName', OFFICE);
  const shell = has('FileName', SHELLS);
  const rat = has('FileName', RATS);
  const userDir = has('FolderPath', USER_PATHS).and(lower('FileName').str.endsWith('.exe'))
    .and(lower('InitiatingProcessFileName').eq(pl.lit('explorer.exe')));
  const updater = lower('FileName').isIn(UPDATERS.map((u) => u.toLowerCase()));
  const officeShell = office.and(shell);
  let lf = pl.scanParquet(join(archive, 'DeviceProcessEvents', '*', '*.parquet'));
  if (fromUs !== undefined) lf = lf.filter(pl.col('Timestamp').gt(pl.lit(new Date(Number(fromUs / 1000n)))));
  return lf
    .filter(userDir.and(updater).not().and(officeShell.or(rat).or(userDir)))
    .select(...OUTPUT_COLUMNS.map((c) => (c === 'Timestamp' ? pl.col(c) : s(c).alias(c))),
      pl.when(officeShell).then(pl.lit(CATEGORY.office)).when(rat).then(pl.lit(CATEGORY.rat))
        .otherwise(pl.lit(CATEGORY.userDir)).alias('DetectionCategory'))
    .sort('Timestamp', true)
    .collect();
}
