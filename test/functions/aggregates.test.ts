/**
 * Aggregates (src/sql/aggregates.ts, sql/aggregates.sql) on their doc pages' examples: make_bag(_if),
 * make_list_with_nulls, make_set's (sorted) order and array elements, arg_max/arg_min when
 * every by value is null.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closeDataless, rows } from '../helpers/kql.js';

afterAll(closeDataless);

const DOCS = 'https://learn.microsoft.com/kusto/query';
const FRUIT = `datatable(Fruit: string, Color: string, Version: int) [
  "Apple", "Red", 1, "Apple", "Green", int(null),
  "Banana", "Yellow", int(null), "Banana", "Green", int(null),
  "Pear", "Brown", 1, "Pear", "Green", 2]`;

describe('collecting aggregates', () => {
  it(`make_bag / make_bag_if (${DOCS}/make-bag-aggregation-function)`, async () => {
    const t = `datatable(prop:string, value:string, predicate:bool)
      ["prop01", "val_a", true, "prop02", "val_b", false, "prop03", "val_c", true] | extend p = bag_pack(prop, value)`;
    expect(await rows(`${t} | summarize dict = make_bag(p)`)).toEqual([[{ prop01: 'val_a', prop02: 'val_b', prop03: 'val_c' }]]);
    expect(await rows(`${t} | summarize dict = make_bag_if(p, predicate)`)).toEqual([[{ prop01: 'val_a', prop03: 'val_c' }]]);
    // rows whose value is not a bag are skipped; no bag at all is {}
    expect(await rows(`${t} | summarize b = make_bag(parse_json(value)), c = make_bag_if(p, false)`)).toEqual([[{}, {}]]);
  });

  it(`make_list_with_nulls keeps nulls (${DOCS}/make-list-with-nulls-aggregation-function)`, async () => {
    expect(await rows('datatable(n:int) [int(null), 4, 5] | summarize l = make_list_with_nulls(n), m = make_list(n)'))
      .toEqual([[[null, 4, 5], [4, 5]]]);
  });

  it(`make_set: sorted, array elements (${DOCS}/make-set-aggregation-function)`, async () => {
    const r = await rows(`datatable (Val: int, Arr1: dynamic)
      [1, dynamic(['A1', 'A2', 'A3']), 5, dynamic(['A2', 'C1']), 7, dynamic(['C2', 'A3']), 5, dynamic(['C2', 'A1'])]
      | summarize Val_set = make_set(Val), Arr1_set = make_set(Arr1), Two = make_set(Val, 2)`);
    expect(r).toEqual([[[1, 5, 7], ['A1', 'A2', 'A3', 'C1', 'C2'], [1, 5]]]);
    expect(await rows(`datatable(name:string) ["John", "Paul", "Ringo", "George"] | summarize make_set_if(name, strlen(name) > 4)`))
      .toEqual([[['George', 'Ringo']]]);
    // ordinal order, whatever the input order
    expect(await rows('datatable(s:string) ["b", "B", "a", "b"] | summarize make_set(s)')).toEqual([[['B', 'a', 'b']]]);
  });
});

describe('arg_max / arg_min', () => {
  it(`all-null by values give the group's first row (${DOCS}/arg-max-aggregation-function)`, async () => {
    const max = await rows(`${FRUIT} | summarize arg_max(Version, *) by Fruit | sort by Fruit asc`);
    expect(max).toEqual([['Apple', 1, 'Red'], ['Banana', null, 'Yellow'], ['Pear', 2, 'Green']]);
    const min = await rows(`${FRUIT} | summarize arg_min(Version, *) by Fruit | sort by Fruit asc`);
    expect(min).toEqual([['Apple', 1, 'Red'], ['Banana', null, 'Yellow'], ['Pear', 1, 'Brown']]);
  });
});

describe('refused aggregates', () => {
  it('sketch aggregates are refused by name with the reason', async () => {
    await expect(rows('datatable(x:long)[1] | summarize hll(x)')).rejects.toThrow(/hll\(\)` is not supported by kqlduck: its value is Kusto's internal HyperLogLog sketch/);
    await expect(rows('datatable(x:long)[1] | summarize tdigest(x)')).rejects.toThrow(/t-digest/);
  });
});
