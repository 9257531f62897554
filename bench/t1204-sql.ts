/**
 * Hand-written SQL for T1204 over the same view kqlduck reads: the best exact form written by hand,
 * the columns floor, and the naive ILIKE translation. Written independently of src/sql so the bench
 * compares kqlduck's emitter with what a careful person would write.
 */
import { CATEGORY, OFFICE, OUTPUT_COLUMNS, RATS, SHELLS, UPDATERS, USER_PATHS } from './t1204-lists.js';

const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
const id = (s: string) => `"${s}"`;
const reEscape = (s: string) => s.replace(/[\\^$.|?*+()[\]{}]/g, (c) => `\\${c}`);
const TERM = /[\p{L}\p{N}]/u;
const BEFORE = '(?:^|[^\\p{L}\\p{N}])';
const AFTER = '(?:$|[^\\p{L}\\p{N}])';

/** Exact `has_any`: one regex, needles grouped by which edges need a term boundary. */
export function exactHasAny(col: string, needles: string[], prefilter: boolean): string {
  const groups = new Map<string, string[]>();
  for (const n of needles) {
    const key = `${TERM.test(n[0]!) ? 'L' : ''}${TERM.test(n.at(-1)!) ? 'R' : ''}`;
    groups.set(key, [...(groups.get(key) ?? []), reEscape(n)]);
  }
  const alts = [...groups].map(([k, ns]) => `${k.includes('L') ? BEFORE : ''}(?:${ns.join('|')})${k.includes('R') ? AFTER : ''}`);
  const re = `regexp_matches(${id(col)}, ${q(`(?i)(?:${alts.join('|')})`)})`;
  if (!prefilter) return `coalesce(${re}, FALSE)`;
  // a case-insensitive match is a substring of lower(x), except through U+017F (folds to s; lower keeps it)
  const subs = needles.map((n) => `contains(lower(${id(col)}), ${q(n.toLowerCase())})`);
  if (needles.some((n) => /s/i.test(n))) subs.push(`contains(${id(col)}, 'ſ')`);
  return `coalesce((${subs.join(' OR ')}) AND ${re}, FALSE)`;
}

const lowerIs = (col: string) => `lower(coalesce(${id(col)}, ''))`;

export interface Window { from?: string }

const where = (w: Window) => (w.from ? `"Timestamp" > TIMESTAMP ${q(w.from)}` : 'TRUE');

function ruleSql(pred: { office: string; shell: string; rat: string; userDir: string; updater: string }, w: Window): string {
  const officeShell = `(${pred.office} AND ${pred.shell})`;
  return `SELECT ${OUTPUT_COLUMNS.map(id).join(', ')},
  CASE WHEN ${officeShell} THEN ${q(CATEGORY.office)} WHEN ${pred.rat} THEN ${q(CATEGORY.rat)} ELSE ${q(CATEGORY.userDir)} END AS "DetectionCategory"
FROM "DeviceProcessEvents"
WHERE ${where(w)}
  AND NOT (${pred.userDir} AND ${pred.updater})
  AND (${officeShell} OR ${pred.rat} OR ${pred.userDir})
ORDER BY "Timestamp" DESC NULLS LAST`;
}

/** The best exact SQL written by hand (no ILIKE prefilter: measured slower, see RESULTS.md). */
export function handWrittenSql(w: Window, prefilter = false): string {
  return ruleSql({
    office: exactHasAny('InitiatingProcessFileName', OFFICE, prefilter),
    shell: exactHasAny('FileName', SHELLS, prefilter),
    rat: exactHasAny('FileName', RATS, prefilter),
    userDir: `(${exactHasAny('FolderPath', USER_PATHS, prefilter)} AND ends_with(${lowerIs('FileName')}, '.exe') AND ${lowerIs('InitiatingProcessFileName')} = 'explorer.exe')`,
    updater: `${lowerIs('FileName')} IN (${UPDATERS.map((u) => q(u.toLowerCase())).join(', ')})`,
  }, w);
}

/** What a quick translation writes: ILIKE '%needle%' for has_any (wrong: substrings are not terms). */
export function naiveIlikeSql(w: Window): string {
  const ilikeAny = (col: string, ns: string[]) => `(${ns.map((n) => `${id(col)} ILIKE ${q(`%${n}%`)}`).join(' OR ')})`;
  return ruleSql({
    office: ilikeAny('InitiatingProcessFileName', OFFICE),
    shell: ilikeAny('FileName', SHELLS),
    rat: ilikeAny('FileName', RATS),
    userDir: `(${ilikeAny('FolderPath', USER_PATHS)} AND "FileName" ILIKE '%.exe' AND "InitiatingProcessFileName" ILIKE 'explorer.exe')`,
    updater: `(${UPDATERS.map((u) => `"FileName" ILIKE ${q(u)}`).join(' OR ')})`,
  }, w);
}

/**
 * The columns floor: the same columns read and decoded, one filter DuckDB pushes into the Parquet scan
 * (single-column comparisons it evaluates per dictionary entry), the projected rows sorted. The filter
 * keeps the rows whose three filtered columns hold values that the detections hold (a superset of them),
 * so every value of those columns is read and decoded as the rule must, and about as many rows come out.
 */
export function floorSql(w: Window, values: { FileName: string[]; FolderPath: string[]; InitiatingProcessFileName: string[] }): string {
  const inList = (col: keyof typeof values) => `${id(col)} IN (${values[col].map(q).join(', ')})`;
  return `SELECT ${OUTPUT_COLUMNS.map(id).join(', ')}, 'floor' AS "DetectionCategory"
FROM "DeviceProcessEvents"
WHERE ${where(w)} AND ${inList('FileName')} AND ${inList('FolderPath')} AND ${inList('InitiatingProcessFileName')}
ORDER BY "Timestamp" DESC NULLS LAST`;
}
