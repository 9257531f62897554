/**
 * The T1204 rule written directly in DuckDB SQL, independently of kqlduck's translator, to check the
 * generator's ground truth. The lists come from the rule's own KQL text (src/detections/rules/), so
 * the mirror cannot drift from the rule; only the operators are re-implemented here:
 *
 * - `has` (../shared/KQL-SEMANTICS.md): case-insensitive substring; when the needle starts (ends) with
 *   a letter or digit, the character before (after) the match must not be one, or be the start (end).
 *   A term character is a Unicode letter or digit; `_` separates terms. Not ILIKE, not `\b`.
 * - `=~`, `in~`: case-insensitive equality; `endswith`: case-insensitive suffix.
 * - Kusto strings are never null: a NULL cell is "".
 */
import { findRule } from '../../src/detections/rules.js';

export const CATEGORIES = {
  office: 'Office/Browser Shell Spawn',
  rat: 'Remote Access Tool Execution (Possible Social Engineering)',
  userdir: 'Executable Launched from User-Writable Directory',
} as const;

export interface RuleLists {
  OfficeAndDocApps: string[];
  ShellInterpreters: string[];
  RATBinaries: string[];
  UserWritablePaths: string[];
  Excluded: string[];
}

/** The `let X = dynamic([...]);` lists and the `in~ (...)` allow-list of the T1204 rule. */
export function ruleLists(kql = findRule('T1204')!.kql): RuleLists {
  const lets: Record<string, string[]> = {};
  for (const m of kql.matchAll(/let\s+(\w+)\s*=\s*dynamic\(\s*(\[[\s\S]*?\])\s*\)\s*;/g)) lets[m[1]!] = JSON.parse(m[2]!) as string[];
  const inList = /FileName\s+in~\s*\(([\s\S]*?)\)/.exec(kql);
  if (!inList) throw new Error('T1204: no in~ allow-list found');
  const Excluded = JSON.parse(`[${inList[1]}]`) as string[];
  const need = ['OfficeAndDocApps', 'ShellInterpreters', 'RATBinaries', 'UserWritablePaths'] as const;
  for (const n of need) if (!lets[n]?.length) throw new Error(`T1204: list ${n} not found`);
  return { OfficeAndDocApps: lets.OfficeAndDocApps!, ShellInterpreters: lets.ShellInterpreters!, RATBinaries: lets.RATBinaries!, UserWritablePaths: lets.UserWritablePaths!, Excluded };
}

const TERM_CHAR = /[\p{L}\p{N}]/u;

function re2Escape(s: string): string {
  return s.replace(/[\\^$.|?*+()[\]{}]/g, (c) => `\\${c}`);
}

/** An RE2 pattern that matches exactly when `value has needle` in Kusto. */
export function hasPattern(needle: string): string {
  const left = TERM_CHAR.test(needle[0]!) ? '(?:^|[^\\p{L}\\p{N}])' : '';
  const right = TERM_CHAR.test(needle[needle.length - 1]!) ? '(?:$|[^\\p{L}\\p{N}])' : '';
  return `(?i)${left}${re2Escape(needle)}${right}`;
}

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

export function hasSql(column: string, needle: string): string {
  return `regexp_matches(coalesce(${column}, ''), ${sqlString(hasPattern(needle))})`;
}

export function hasAnySql(column: string, needles: string[]): string {
  return `(${needles.map((n) => hasSql(column, n)).join(' OR ')})`;
}

/**
 * The rule over a relation `source` (all time: the rule's `ago(24h)` window is left to the caller).
 * Returns ReportId and DetectionCategory of every row the rule reports.
 */
export function t1204MirrorSql(source: string, lists = ruleLists()): string {
  const lower = (c: string) => `lower(coalesce(${c}, ''))`;
  return `WITH flagged AS (
    SELECT ReportId,
      ${hasAnySql('InitiatingProcessFileName', lists.OfficeAndDocApps)} AS IsOfficeOrBrowserParent,
      ${hasAnySql('FileName', lists.ShellInterpreters)} AS IsShellChild,
      ${hasAnySql('FileName', lists.RATBinaries)} AS IsRATExecution,
      (${hasAnySql('FolderPath', lists.UserWritablePaths)} AND ends_with(${lower('FileName')}, '.exe') AND ${lower('InitiatingProcessFileName')} = 'explorer.exe') AS IsUserDirExec,
      ${lower('FileName')} IN (${lists.Excluded.map((x) => sqlString(x.toLowerCase())).join(', ')}) AS IsAllowListed
    FROM ${source}
  )
  SELECT ReportId,
    CASE WHEN IsOfficeOrBrowserParent AND IsShellChild THEN ${sqlString(CATEGORIES.office)}
         WHEN IsRATExecution THEN ${sqlString(CATEGORIES.rat)}
         ELSE ${sqlString(CATEGORIES.userdir)} END AS DetectionCategory
  FROM flagged
  WHERE NOT (IsUserDirExec AND IsAllowListed)
    AND ((IsOfficeOrBrowserParent AND IsShellChild) OR IsRATExecution OR IsUserDirExec)`;
}
