/**
 * String search with lists and records: has_any_index, indexof_regex, replace_strings, parse_csv.
 * Pages: https://learn.microsoft.com/kusto/query/<name>-function. Macros: sql/text-search.sql.
 */
import type { Expr } from '../../ir/types.js';
import { argType, asText, castTo, jsonList, literalInt, refuse, sqlString, str, type CallSite, type FnEmitter } from './helpers.js';

/** The elements of a constant dynamic array argument, or undefined. */
function constantArray(c: CallSite, i: number): unknown[] | undefined {
  const a: Expr | undefined = c.args[i];
  return a?.kind === 'dynamic' && Array.isArray(a.value) ? a.value : undefined;
}

/** has_any_index(text, lookups): the index of the first lookup that `has` finds, -1 when none. */
const hasAnyIndex: FnEmitter = (c) => {
  if (argType(c, 1) !== 'dynamic') refuse(c, '`has_any_index()` of lookups that are not a dynamic array');
  return castTo(c.type, `kql_has_any_index(${asText(c, 0)}, coalesce(${jsonList(c.sql(1))}, []))`);
};

/** At most this many occurrences are unrolled into the SQL (each one is a nested search). */
const MAX_OCCURRENCE = 16;

/**
 * indexof_regex(text, regex [, start [, length [, occurrence]]]): the 0-based position of the
 * occurrence-th non-overlapping match in text[start, start + length); -1 when there is none; null when
 * start < 0, length < -1 or occurrence < 0 (the page's Returns section).
 */
const indexOfRegex: FnEmitter = (c) => {
  const occurrence = c.args.length > 4 ? literalInt(c, 4) : 1;
  if (occurrence !== undefined && occurrence < 0) return castTo(c.type, 'NULL');
  if (occurrence === undefined || occurrence < 1 || occurrence > MAX_OCCURRENCE) {
    refuse(c, `\`indexof_regex()\` with an occurrence that is not a constant from 1 to ${MAX_OCCURRENCE}`);
  }
  const text = asText(c, 0);
  const re = str(c, 1);
  const start = c.args.length > 2 ? `CAST(${c.sql(2)} AS BIGINT)` : '0';
  const len = c.args.length > 3 ? `CAST(${c.sql(3)} AS BIGINT)` : '-1';
  const window = `substr(${text}, ${start} + 1, CASE WHEN ${len} = -1 THEN length(${text}) ELSE ${len} END)`;
  // each search starts after the previous match (one past it for an empty match); a missing match makes
  // the position NULL, and so every later one
  let from = '0';
  let found = '';
  for (let k = 1; k <= occurrence; k++) {
    const match = `kql_regex_match_at(substr(${window}, ${from} + 1), ${re})`;
    found = `(${from} + ${match}.pos)`;
    from = `(${found} + greatest(${match}.len, 1))`;
  }
  return castTo(c.type, `(CASE WHEN ${start} < 0 OR ${len} < -1 THEN NULL ELSE coalesce(${start} + ${found}, -1) END)`);
};

/**
 * replace_strings(text, lookups, rewrites), with constant arrays: the lookups claim text in their order
 * (claimed text is not searched again). A lookup that is not a non-empty string is ignored; a rewrite
 * that is not a string keeps the text its lookup claims.
 */
const replaceStrings: FnEmitter = (c) => {
  const lookups = constantArray(c, 1);
  const rewrites = constantArray(c, 2);
  if (!lookups || !rewrites) refuse(c, '`replace_strings()` of lookups or rewrites that are not constant arrays');
  let segs = `[{'t': ${str(c, 0)}, 'done': FALSE}]`;
  lookups.forEach((lookup, i) => {
    if (typeof lookup !== 'string' || lookup === '') return;
    const rewrite = rewrites[i];
    segs = `kql_replace_step(${segs}, ${sqlString(lookup)}, ${sqlString(typeof rewrite === 'string' ? rewrite : lookup)})`;
  });
  return `kql_segments_text(${segs})`;
};

export const STRING_SEARCH_FUNCTIONS: Record<string, FnEmitter> = {
  has_any_index: hasAnyIndex,
  indexof_regex: indexOfRegex,
  replace_strings: replaceStrings,
  parse_csv: (c) => `kql_parse_csv(${str(c, 0)})`,
};
