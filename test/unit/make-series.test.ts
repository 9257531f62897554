/** make-series (https://learn.microsoft.com/kusto/query/make-series-operator): bins from `from`, `to` exclusive, defaults. */
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { closeDataless, rows } from '../helpers/kql.js';

afterAll(closeDataless);

const T = `datatable(t:datetime, k:string, v:long)[
  datetime(2020-01-01 10:00), "a", 1, datetime(2020-01-01 12:00), "a", 2, datetime(2020-01-03), "a", 5,
  datetime(2020-01-02), "b", 7, datetime(2020-01-05), "b", 100, datetime(2019-12-31), "b", 100]`;

describe('make-series', () => {
  it('one row per by key: an array per aggregate over every bin, the default where a bin is empty, the axis last', async () => {
    const days = ['01', '02', '03', '04'].map((d) => `2020-01-${d}T00:00:00.0000000Z`);
    expect(await rows(`${T} | make-series c=count(), s=sum(v) default=-1 on t from datetime(2020-01-01) to datetime(2020-01-05) step 1d by k | order by k asc`)).toEqual([
      ['a', [2, 0, 1, 0], [3, -1, 5, -1], days],
      ['b', [0, 1, 0, 0], [-1, 7, -1, -1], days],
    ]);
  });

  it('bins a numeric axis from `from`, not from 0', async () => {
    expect(await rows('range x from 1 to 10 step 1 | make-series n=count() on x from 2 to 9 step 3')).toEqual([[[3, 3, 1], [2, 5, 8]]]);
  });

  it('refuses the `in range()` form, which bins differently', () => {
    const d = compile(`${T} | make-series count() on t in range(datetime(2020-01-01), datetime(2020-01-05), 1d)`, { tables: [] }).diagnostics;
    expect(d[0]?.message).toContain('make-series');
  });
});
