import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';

/** The top-level sql/ folder: one file per family of kql_* macros. */
export const MACRO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'sql');

let cached: string | undefined;

/** All macro files, concatenated in name order (read once per process). */
export function macroSql(): string {
  if (cached === undefined) {
    cached = readdirSync(MACRO_DIR)
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .map((f) => `-- ${f}\n${readFileSync(join(MACRO_DIR, f), 'utf8')}`)
      .join('\n');
  }
  return cached;
}

/** Names of the kql_* macros the files define, for the test that every macro is used and exists. */
export function definedMacroNames(): string[] {
  return [...macroSql().matchAll(/CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP\s+)?MACRO\s+(kql_\w+)/gi)].map((m) => m[1]!);
}

/** Loads the macros into a database; macros are catalog objects, so once per database is enough. */
export async function loadMacros(connection: DuckDBConnection): Promise<void> {
  const sql = macroSql();
  if (sql.trim()) await connection.run(sql);
}
