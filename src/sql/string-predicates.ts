// Interim implementation so the pipeline runs; the measured, optimised one replaces this file.
import { regexEscape, sqlString } from './quote.js';

export type TermKind = 'has' | 'hasprefix' | 'hassuffix';
export type SubstringKind = 'contains' | 'startswith' | 'endswith' | 'equals';

const TERM_CHAR = /[\p{L}\p{N}]/u;
const NOT_TERM = '(?:^|[^\\p{L}\\p{N}])';
const NOT_TERM_AFTER = '(?:$|[^\\p{L}\\p{N}])';

function termPattern(needle: string, kind: TermKind): string {
  const left = kind !== 'hassuffix' && TERM_CHAR.test(needle[0] ?? '') ? NOT_TERM : '';
  const right = kind !== 'hasprefix' && TERM_CHAR.test(needle.at(-1) ?? '') ? NOT_TERM_AFTER : '';
  return `${left}${regexEscape(needle)}${right}`;
}

export function sqlHasTerms(hay: string, needles: string[], o: { kind: TermKind; cs: boolean; combine: 'any' | 'all' }): string {
  if (needles.length === 0) return 'FALSE';
  const flags = o.cs ? '' : '(?i)';
  const h = `coalesce(${hay}, '')`;
  if (o.combine === 'any') return `regexp_matches(${h}, ${sqlString(`${flags}(?:${needles.map((n) => termPattern(n, o.kind)).join('|')})`)})`;
  return `(${needles.map((n) => `regexp_matches(${h}, ${sqlString(`${flags}${termPattern(n, o.kind)}`)})`).join(' AND ')})`;
}

/** The has-family macros of sql/text-search.sql, for needles known only at run time. */
const HAS_MACROS: Record<TermKind, [string, string]> = {
  has: ['kql_has', 'kql_has_cs'],
  hasprefix: ['kql_hasprefix', 'kql_hasprefix_cs'],
  hassuffix: ['kql_hassuffix', 'kql_hassuffix_cs'],
};

export function sqlHasExpr(hay: string, needleSql: string, o: { kind: TermKind; cs: boolean }): string {
  return `${HAS_MACROS[o.kind][o.cs ? 1 : 0]}(${hay}, ${needleSql})`;
}

export function sqlSubstring(hay: string, needle: string, o: { kind: SubstringKind; cs: boolean }): string {
  return sqlSubstringExpr(hay, sqlString(needle), o);
}

export function sqlSubstringExpr(hay: string, needleSql: string, o: { kind: SubstringKind; cs: boolean }): string {
  const h = o.cs ? `coalesce(${hay}, '')` : `lower(coalesce(${hay}, ''))`;
  const n = o.cs ? needleSql : `lower(${needleSql})`;
  const fn = { contains: 'contains', startswith: 'starts_with', endswith: 'ends_with', equals: '' }[o.kind];
  return o.kind === 'equals' ? `(${h} = ${n})` : `${fn}(${h}, ${n})`;
}

export function sqlInStrings(hay: string, values: string[], o: { cs: boolean }): string {
  if (values.length === 0) return 'FALSE';
  const h = o.cs ? `coalesce(${hay}, '')` : `lower(coalesce(${hay}, ''))`;
  return `(${h} IN (${values.map((v) => sqlString(o.cs ? v : v.toLowerCase())).join(', ')}))`;
}

export function sqlMatchesRegex(hay: string, patternSql: string): string {
  return `regexp_matches(coalesce(${hay}, ''), ${patternSql})`;
}
