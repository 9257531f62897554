/**
 * Kusto aggregate functions → DuckDB aggregates, with Kusto's rules: nulls skipped; over an empty
 * input `count`/`sum`/`dcount`/`stdev`/`variance` are 0, `make_list`/`make_set` are [], `min`/`max`
 * null and `avg` NaN (KQL-SEMANTICS.md); a missing string is "" (so NULL and "" are one value).
 * Results are cast to the analyser's type (DuckDB's sum of BIGINT is HUGEINT, Kusto's is long).
 * https://learn.microsoft.com/kusto/query/aggregation-functions
 */
import type { Expr } from '../ir/types.js';
import { DUCKDB_TYPE_OF } from '../schema/kusto-types.js';
import { EmitRefusal, type CallSite } from './emit-context.js';
import type { FnEmitter } from './function-types.js';

const typed = (c: CallSite, sql: string) => `CAST(${sql} AS ${DUCKDB_TYPE_OF[c.type]})`;
/** A row value with Kusto's "no null strings". */
const val = (c: CallSite, i: number) => (c.args[i]!.type === 'string' ? `coalesce(${c.sql(i)}, '')` : c.sql(i));
const filter = (c: CallSite, i: number) => ` FILTER (WHERE ${c.sql(i)})`;

/** `f(x)` and its `fif(x, predicate)` variant. */
function withIf(make: (c: CallSite, value: string, where: string) => string): [FnEmitter, FnEmitter] {
  return [(c) => make(c, val(c, 0), ''), (c) => make(c, val(c, 0), filter(c, 1))];
}

const constant = (e: Expr | undefined): number | undefined =>
  e?.kind === 'literal' && e.value !== null && typeof e.value !== 'boolean' ? Number(e.value) : undefined;

/**
 * make_list / make_set / make_list_with_nulls: a JSON array of the values, at most `max` of them
 * (default 1,048,576). make_set adds the elements of an array rather than the array. Its order is
 * undefined in Kusto; here it is sorted, which keeps memory to the distinct values (DuckDB's DISTINCT
 * aggregate) and makes a retro-hunt's output reproducible (the docs' examples show sorted sets too).
 */
function collect(kind: 'list' | 'set' | 'withNulls', hasIf: boolean): FnEmitter {
  return (c) => {
    const maxArg = c.args[hasIf ? 2 : 1];
    const max = maxArg ? constant(maxArg) : undefined;
    if (maxArg && max === undefined) throw new EmitRefusal(maxArg.span, 'a computed size limit');
    const where = [...(kind === 'withNulls' ? [] : [`${c.sql(0)} IS NOT NULL`]), ...(hasIf ? [c.sql(1)] : [])];
    const filtered = where.length ? ` FILTER (WHERE ${where.join(' AND ')})` : '';
    let list = kind === 'withNulls' ? `list(${val(c, 0)})${filtered}` : `list(${c.sql(0)})${filtered}`;
    if (kind === 'set') {
      list = c.args[0]!.type === 'dynamic'
        ? `list_sort(list_distinct(flatten(list(DISTINCT kql_set_items(${c.sql(0)}))${filtered})))`
        : `list_sort(list(DISTINCT ${c.sql(0)})${filtered})`;
    }
    const limited = max !== undefined ? `list_slice(${list}, 1, ${Math.trunc(max)})` : list;
    return `coalesce(to_json(${limited}), '[]'::JSON)`;
  };
}

/** make_bag(bag [, max]) / make_bag_if(bag, predicate [, max]): the rows' property bags merged into one. */
function makeBag(hasIf: boolean): FnEmitter {
  return (c) => {
    if (c.args.length > (hasIf ? 2 : 1)) throw new EmitRefusal(c.args[c.args.length - 1]!.span, 'a size limit of `make_bag`');
    const where = [`json_type(${c.sql(0)}) = 'OBJECT'`, ...(hasIf ? [c.sql(1)] : [])].join(' AND ');
    return `kql_bag_merge(list(${c.sql(0)}) FILTER (WHERE ${where}))`;
  };
}

const count = () => 'count(*)';
const countif = (c: CallSite) => `count(*)${filter(c, 0)}`;
const [sum, sumif] = withIf((c, v, w) => typed(c, `coalesce(sum(${v})${w}, 0)`));
const [avg, avgif] = withIf((c, v, w) => `coalesce(avg(${v})${w}, 'nan'::DOUBLE)`);
const [min, minif] = withIf((c, v, w) => typed(c, `min(${v})${w}`));
const [max, maxif] = withIf((c, v, w) => typed(c, `max(${v})${w}`));
const [dcount, dcountif] = [
  // Kusto's dcount is a HyperLogLog estimate; the exact count is what it estimates (equal on small sets)
  (c: CallSite) => `count(DISTINCT ${val(c, 0)})`,
  (c: CallSite) => `count(DISTINCT ${val(c, 0)})${filter(c, 1)}`,
];
const [stdev, stdevif] = withIf((c, v, w) => `coalesce(stddev_samp(${v})${w}, 0)`);
const [variance, varianceif] = withIf((c, v, w) => `coalesce(var_samp(${v})${w}, 0)`);

export const AGGREGATES: Record<string, FnEmitter> = {
  count: (c) => typed(c, count()),
  countif: (c) => typed(c, countif(c)),
  count_distinct: (c) => typed(c, `count(DISTINCT ${val(c, 0)})`),
  count_distinctif: (c) => typed(c, `count(DISTINCT ${val(c, 0)})${filter(c, 1)}`),
  dcount: (c) => typed(c, dcount(c)),
  dcountif: (c) => typed(c, dcountif(c)),
  sum, sumif, avg, avgif, min, minif, max, maxif,
  stdev, stdevif, variance, varianceif,
  stdevp: (c) => `coalesce(stddev_pop(${c.sql(0)}), 0)`,
  variancep: (c) => `coalesce(var_pop(${c.sql(0)}), 0)`,
  take_any: (c) => `any_value(${c.sql(0)})`,
  make_list: collect('list', false),
  make_list_if: collect('list', true),
  make_list_with_nulls: collect('withNulls', false),
  make_set: collect('set', false),
  make_set_if: collect('set', true),
  make_bag: makeBag(false),
  make_bag_if: makeBag(true),
  // nearest-rank percentile: the smallest value with at least p% of the values at or below it
  percentile: (c) => {
    const p = constant(c.args[1]);
    if (p === undefined) throw new EmitRefusal(c.args[1]!.span, 'a computed percentile');
    return typed(c, `quantile_disc(${c.sql(0)}, ${p / 100})`);
  },
};

export function supportsAggregate(name: string): boolean {
  return Object.hasOwn(AGGREGATES, name);
}
