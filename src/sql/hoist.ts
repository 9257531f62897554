/**
 * DuckDB compiles a constant regular expression while it plans the query, once per call site, and a
 * pattern with Unicode classes (the has-family's `[^\p{L}\p{N}]` term boundaries) costs milliseconds to
 * compile. A rule tests the same needle list in its `where` and again in a `case` of its `extend` (T1204:
 * eight calls, four patterns), so every call site written once more is paid once more on every run.
 * Calls written more than once in one SELECT over a named relation are computed once, as columns of a
 * subquery that the SELECT reads instead (measured on T1204: planning 45 → 20 ms, a run over the sample
 * data 74 → 47 ms, the whole 10M-row archive 3.42 → 3.22 s; bench/RESULTS.md). DuckDB still pushes the
 * filters through the subquery into the scan.
 */
import type { Stage } from './stage.js';

/**
 * SQL read left to right as `regexp_matches("Column", 'pattern')` calls (the form the string predicates
 * emit, NULL handling outside), string literals and quoted identifiers, so that text inside a user's
 * string literal or a column name is never taken for a call.
 */
const TOKEN = /regexp_matches\("(?:[^"]|"")+", '(?:[^']|'')*'\)|'(?:[^']|'')*'|"(?:[^"]|"")*"/g;
const isCall = (token: string) => token.startsWith('regexp_matches(');
const NAMED_RELATION = /^"(?:[^"]|"")+"$/;

export function hoistRepeatedRegexes(s: Stage): Stage {
  if (!s.from || !NAMED_RELATION.test(s.from) || s.aggregate || s.groupBy?.length) return s;
  const texts = [...s.columns.map((c) => c.sql), ...s.where, ...(s.orderBy ?? [])];
  const counts = new Map<string, number>();
  for (const t of texts) for (const [m] of t.matchAll(TOKEN)) if (isCall(m)) counts.set(m, (counts.get(m) ?? 0) + 1);
  const repeated = new Map([...counts].filter(([, n]) => n > 1).map(([call], i) => [call, `"__kql_re${i}"`]));
  if (!repeated.size) return s;
  const swap = (t: string) => t.replace(TOKEN, (m) => repeated.get(m) ?? m);
  return {
    ...s,
    from: `(SELECT *, ${[...repeated].map(([call, name]) => `${call} AS ${name}`).join(', ')} FROM ${s.from})`,
    columns: s.columns.map((c) => ({ ...c, sql: swap(c.sql) })),
    where: s.where.map(swap),
    ...(s.orderBy ? { orderBy: s.orderBy.map(swap) } : {}),
  };
}
