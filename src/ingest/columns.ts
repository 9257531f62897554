/**
 * Tabular sources (Defender advanced-hunting exports, Log Analytics exports, Parquet/Arrow/CSV/JSON from a
 * data lake): matching source columns to a table schema.
 *
 *  - exact name, then case-insensitive name;
 *  - Log Analytics portal CSV headers carry a suffix: `TimeGenerated [UTC]` → `TimeGenerated`;
 *  - `TimeGenerated` feeds `Timestamp` when the source has no `Timestamp` (Sentinel / Log Analytics);
 *  - a union export renames type-clashing columns `X_long`, `X_string`, `X_dynamic` …; they are merged back
 *    into `X` (first non-empty value, the schema's own type first);
 *  - a `Type` column naming another table marks rows to skip (a Log Analytics union export);
 *  - anything else is an extra column: reported, and kept as text only with --keep-extra-columns.
 */
import { builtinTables, type TableSchema } from '../schema/registry.js';
import { KUSTO_TYPES } from '../schema/kusto-types.js';
import { sqlIdent, sqlString } from '../sql/quote.js';
import { asText } from './coerce.js';

export interface SourceColumn { name: string; type: string }

export interface ColumnMapping {
  /** Schema column → SQL expression over the source relation, with the expression's DuckDB type. */
  targets: Map<string, { expr: string; type: string }>;
  /** Source columns the schema lacks (by their cleaned names). */
  extra: SourceColumn[];
  /** SQL boolean marking rows that belong to another table, or null. */
  skip: string | null;
  notes: string[];
}

const SUFFIX_RE = /\s*\[[^\]]*\]\s*$/;
const TYPE_SUFFIX_RE = new RegExp(`^(.+)_(${KUSTO_TYPES.join('|')})$`);

/** Column name as the schema would spell it: Log Analytics suffixes like ` [UTC]` removed. */
export function cleanColumnName(name: string): string {
  return name.replace(SUFFIX_RE, '').trim();
}

export function mapColumns(source: SourceColumn[], schema: TableSchema): ColumnMapping {
  const notes: string[] = [];
  const targets = new Map<string, { expr: string; type: string }>();
  const used = new Set<string>();
  const byClean = new Map<string, SourceColumn>();
  for (const c of source) if (!byClean.has(cleanColumnName(c.name))) byClean.set(cleanColumnName(c.name), c);
  const lookup = (name: string): SourceColumn | undefined =>
    byClean.get(name) ?? [...byClean.entries()].find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  const take = (target: string, c: SourceColumn) => {
    used.add(c.name);
    targets.set(target, { expr: sqlIdent(c.name), type: c.type });
  };

  for (const col of schema.columns) {
    const c = lookup(col.name);
    if (c && !used.has(c.name)) take(col.name, c);
  }
  if (!targets.has('Timestamp') && schema.columns.some((c) => c.name === 'Timestamp')) {
    const tg = lookup('TimeGenerated');
    if (tg && !used.has(tg.name)) {
      take('Timestamp', tg);
      notes.push('TimeGenerated used as Timestamp');
    }
  }
  // X_long / X_string / X_dynamic … → X (a union export may hold X for some rows and X_long for others)
  for (const col of schema.columns) {
    const parts = source
      .filter((c) => !used.has(c.name))
      .map((c) => ({ c, m: TYPE_SUFFIX_RE.exec(cleanColumnName(c.name)) }))
      .filter(({ m }) => m && m[1]!.toLowerCase() === col.name.toLowerCase())
      .sort((a, b) => Number(b.m![2] === col.type) - Number(a.m![2] === col.type))
      .map(({ c }) => c);
    if (parts.length === 0) continue;
    const own = targets.get(col.name);
    for (const c of parts) used.add(c.name);
    const texts = [
      ...(own ? [`nullif(trim(${asText(own.expr, own.type)}), '')`] : []),
      ...parts.map((c) => `nullif(trim(${asText(sqlIdent(c.name), c.type)}), '')`),
    ];
    targets.set(col.name, { expr: `coalesce(${texts.join(', ')})`, type: 'VARCHAR' });
    notes.push(`${[...(own ? [col.name] : []), ...parts.map((c) => c.name)].join(' + ')} merged into ${col.name}`);
  }

  let skip: string | null = null;
  const typeCol = lookup('Type');
  if (typeCol && !schema.columns.some((c) => c.name === 'Type')) {
    used.add(typeCol.name);
    skip = `(${sqlIdent(typeCol.name)} IS NOT NULL AND trim(CAST(${sqlIdent(typeCol.name)} AS VARCHAR)) NOT IN ('', ${sqlString(schema.name)}))`;
    notes.push(`rows whose Type is not ${schema.name} are skipped`);
  }

  const extra = source.filter((c) => !used.has(c.name)).map((c) => ({ name: cleanColumnName(c.name), type: c.type }));
  return { targets, extra, skip, notes };
}

/**
 * The table a tabular source most likely belongs to: a Log Analytics `Type` value wins; otherwise the
 * built-in schema sharing the most column names (ties refused).
 */
export function guessTable(source: SourceColumn[], typeValues: string[]): { table?: string; reason: string } {
  const tables = builtinTables();
  const named = typeValues.filter((t) => tables.has(t));
  if (named.length === 1) return { table: named[0]!, reason: `Type column says ${named[0]}` };
  if (named.length > 1) return { reason: `the Type column names several tables (${named.join(', ')})` };
  const names = new Set(source.map((c) => cleanColumnName(c.name).toLowerCase()));
  if (names.has('timegenerated')) names.add('timestamp');
  const scored = [...tables.values()]
    .map((t) => ({ t: t.name, hit: t.columns.filter((c) => names.has(c.name.toLowerCase())).length }))
    .sort((a, b) => b.hit - a.hit);
  const [best, second] = scored;
  if (!best || best.hit < 3 || !names.has('timestamp')) return { reason: 'its columns do not match any known table' };
  // Tables share many columns (DeviceImageLoadEvents' are all in DeviceProcessEvents): a tie is not a guess.
  if (second && second.hit === best.hit) {
    const tied = scored.filter((s) => s.hit === best.hit).map((s) => s.t);
    return { reason: `its columns fit ${tied.join(', ')} equally` };
  }
  return { table: best.t, reason: `${best.hit} of its ${names.size} columns are ${best.t} columns, more than any other table's` };
}
