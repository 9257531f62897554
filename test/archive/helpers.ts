/** Test helpers for archives: a content hash of a whole folder tree, and staged Parquet made with DuckDB. */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, existsSync, lstatSync } from 'node:fs';
import { join, relative } from 'node:path';
import { withDuckDB } from '../../src/archive/duckdb.js';
import { sqlString } from '../../src/sql/quote.js';

/** sha256 over every path (files and folders, dot-entries included) and every file's bytes. */
export function treeHash(root: string): string {
  const hash = createHash('sha256');
  if (!existsSync(root)) return 'absent';
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const rel = relative(root, p);
      if (lstatSync(p).isDirectory()) {
        hash.update(`d ${rel}\n`);
        walk(p);
      } else {
        hash.update(`f ${rel}\n`);
        hash.update(readFileSync(p));
      }
    }
  };
  walk(root);
  return hash.digest('hex');
}

/** Every path below root, relative, sorted (folders end with /). */
export function treeList(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (lstatSync(p).isDirectory()) {
        out.push(`${relative(root, p)}/`);
        walk(p);
      } else out.push(relative(root, p));
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

/** Writes `staged/date=D/<name>.parquet` with `rows` rows spread over day D, for each entry. */
export async function stageParquet(staged: string, files: Array<{ date: string; rows: number; name?: string; offsetDays?: number }>): Promise<void> {
  await withDuckDB(async (c) => {
    for (const [i, f] of files.entries()) {
      const dir = join(staged, `date=${f.date}`);
      mkdirSync(dir, { recursive: true });
      await c.run(`COPY (
          SELECT TIMESTAMP ${sqlString(f.date)} + INTERVAL (${f.offsetDays ?? 0}) DAY + INTERVAL (n * 7) SECOND AS "Timestamp",
                 'host-' || n AS "DeviceName", n AS "ReportId"
          FROM range(${f.rows}) t(n)
        ) TO ${sqlString(join(dir, f.name ?? `f${i}.parquet`))} (FORMAT parquet)`);
    }
  });
}

export const FINGERPRINT_A = 'a'.repeat(64);
export const FINGERPRINT_B = 'b'.repeat(64);
