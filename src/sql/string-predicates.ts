/**
 * Literal-needle string predicates, in the forms measured fastest with exact Kusto semantics
 * (bench/RESULTS.md has the figures). Each returns a non-NULL boolean: a NULL string is "".
 *
 * The has family is one RE2 expression per needle list. Needles are grouped by which edges need a
 * term boundary, so each boundary class appears once per group: with one `(?:^|[^\p{L}\p{N}])` per
 * needle RE2's DFA runs out of memory from about 8 needles and falls back to a matcher ~300× slower
 * (measured: 15 needles, 1M rows, 130 s instead of 0.8 s).
 */
import { regexEscape, sqlString } from './quote.js';

export type TermKind = 'has' | 'hasprefix' | 'hassuffix';
export type SubstringKind = 'contains' | 'startswith' | 'endswith' | 'equals';

const TERM_CHAR = /[\p{L}\p{N}]/u;
const NOT_TERM = '(?:^|[^\\p{L}\\p{N}])';
const NOT_TERM_AFTER = '(?:$|[^\\p{L}\\p{N}])';

/**
 * Strategies the bench compares (bench/variants.ts); the defaults are the fastest exact ones.
 * `prefilter`: before the regex, a case-insensitive substring test (ILIKE) that rejects most rows, so
 * the regex runs only where a needle occurs. Exact, but measured slower on T1204 (1M and 10M rows:
 * the ILIKE list costs more per row than the one factored regex it saves), so off by default.
 */
export const HAS_STRATEGY = { prefilter: false };

function edges(needle: string, kind: TermKind): { left: boolean; right: boolean } {
  return {
    left: kind !== 'hassuffix' && TERM_CHAR.test(needle[0] ?? ''),
    right: kind !== 'hasprefix' && TERM_CHAR.test(needle.at(-1) ?? ''),
  };
}

/** One pattern for "any needle occurs as a term": needles grouped by the boundaries their edges need. */
function termPattern(needles: string[], kind: TermKind, cs: boolean): string {
  const groups = new Map<string, { left: boolean; right: boolean; alts: string[] }>();
  for (const n of needles) {
    const e = edges(n, kind);
    const key = `${e.left}${e.right}`;
    if (!groups.has(key)) groups.set(key, { ...e, alts: [] });
    groups.get(key)!.alts.push(regexEscape(n));
  }
  const parts = [...groups.values()].map((g) => `${g.left ? NOT_TERM : ''}(?:${g.alts.join('|')})${g.right ? NOT_TERM_AFTER : ''}`);
  return `${cs ? '' : '(?i)'}${parts.length === 1 ? parts[0] : `(?:${parts.join('|')})`}`;
}

/**
 * A test true whenever one of the needles matches as a term (a necessary condition), or undefined when
 * none is safe. Case-insensitively: ILIKE folds ASCII and lowercases other text, which covers every
 * letter RE2's (?i) folds onto an ASCII letter except U+017F (ſ, folds to s; lower() keeps it), tested
 * for separately. `%` and `_` in a needle only widen the ILIKE test, so needles need no escaping.
 */
function substringPrefilter(hay: string, needles: string[], cs: boolean): string | undefined {
  if (!HAS_STRATEGY.prefilter || needles.some((n) => n === '' || !/^[\x20-\x7e]*$/.test(n))) return undefined;
  const tests = cs
    ? needles.map((n) => `contains(${hay}, ${sqlString(n)})`)
    : needles.map((n) => `${hay} ILIKE ${sqlString(`%${n}%`)}`);
  if (!cs && needles.some((n) => /s/i.test(n))) tests.push(`contains(${hay}, 'ſ')`);
  return tests.length === 1 ? tests[0]! : `(${tests.join(' OR ')})`;
}

/** "Some needle is a term of hay", non-NULL; hay NULL counts as "" (which only the empty needle matches). */
function anyTerm(hay: string, needles: string[], kind: TermKind, cs: boolean): string {
  const regex = `regexp_matches(${hay}, ${sqlString(termPattern(needles, kind, cs))})`;
  const pre = substringPrefilter(hay, needles, cs);
  const onEmpty = needles.includes('') ? 'TRUE' : 'FALSE';
  return `coalesce(${pre ? `${pre} AND ${regex}` : regex}, ${onEmpty})`;
}

export function sqlHasTerms(hay: string, needles: string[], o: { kind: TermKind; cs: boolean; combine: 'any' | 'all' }): string {
  if (needles.length === 0) return 'FALSE';
  if (o.combine === 'any') return anyTerm(hay, needles, o.kind, o.cs);
  return `(${needles.map((n) => anyTerm(hay, [n], o.kind, o.cs)).join(' AND ')})`;
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
