/** summarize, join, union, render: Kusto's documented behaviour on small datatables. */
import { afterAll, describe, expect, it } from 'vitest';
import { closeDataless, rows } from '../helpers/kql.js';

afterAll(closeDataless);

const sorted = (r: unknown[][]) => [...r].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('summarize (https://learn.microsoft.com/kusto/query/summarize-operator)', () => {
  const T = 'datatable(dev:string, n:long, t:datetime)["a", 1, datetime(2024-01-01 10:05), "a", 3, datetime(2024-01-01 11:30), "b", 2, datetime(2024-01-01 10:10), "b", long(null), datetime(2024-01-01 10:20)]';

  it('groups by keys, keys first, with Kusto default names', async () => {
    expect(sorted(await rows(`${T} | summarize count(), sum(n), dcount(n), max(t) by dev`))).toEqual([
      ['a', 2, 4, 2, '2024-01-01T11:30:00Z'],
      ['b', 2, 2, 1, '2024-01-01T10:20:00Z'],
    ]);
  });

  it('bin() from the epoch keeps the column name', async () => {
    expect(sorted(await rows(`${T} | summarize c = count() by bin(t, 1h)`))).toEqual([['2024-01-01T10:00:00Z', 3], ['2024-01-01T11:00:00Z', 1]]);
  });

  it('over an empty input without by: one row of zeros, [] and nulls', async () => {
    expect(await rows(`${T} | where n > 100 | summarize count(), sum(n), dcount(dev), make_list(n), make_set(dev), max(n), avg(n)`)).toEqual([[0, 0, 0, [], [], null, 'NaN']]);
  });

  it('countif, sumif, make_set, arg_max with the whole row', async () => {
    expect(sorted(await rows(`${T} | summarize countif(n > 1), sumif(n, n > 1) by dev`))).toEqual([['a', 1, 3], ['b', 1, 2]]);
    expect(sorted(await rows(`${T} | summarize arg_max(t, *) by dev`))).toEqual([
      ['a', '2024-01-01T11:30:00Z', 3],
      ['b', '2024-01-01T10:20:00Z', null],
    ]);
    expect(sorted(await rows(`${T} | summarize arg_min(n, t) by dev`))).toEqual([['a', 1, '2024-01-01T10:05:00Z'], ['b', 2, '2024-01-01T10:10:00Z']]);
  });
});

describe('join (https://learn.microsoft.com/kusto/query/join-operator)', () => {
  const L = 'datatable(k:string, a:long)["x", 1, "x", 2, "y", 3, "z", 4]';
  const R = 'datatable(k:string, b:long)["x", 10, "y", 20, "y", 21, "w", 30]';

  it('defaults to innerunique: one left row per key', async () => {
    const r = await rows(`${L} | join (${R}) on k | project k, b`);
    expect(sorted(r)).toEqual([['x', 10], ['y', 20], ['y', 21]]);
  });

  it('inner keeps every pair, with the right key renamed', async () => {
    expect(sorted(await rows(`${L} | join kind=inner (${R}) on k`))).toEqual([
      ['x', 1, 'x', 10], ['x', 2, 'x', 10], ['y', 3, 'y', 20], ['y', 3, 'y', 21],
    ]);
  });

  it('outer, anti and semi kinds', async () => {
    expect(sorted(await rows(`${L} | join kind=leftouter (${R}) on k | project a, b`))).toEqual([[1, 10], [2, 10], [3, 20], [3, 21], [4, null]]);
    expect(sorted(await rows(`${L} | join kind=leftanti (${R}) on k`))).toEqual([['z', 4]]);
    expect(sorted(await rows(`${L} | join kind=leftsemi (${R}) on k`))).toEqual([['x', 1], ['x', 2], ['y', 3]]);
    expect(sorted(await rows(`${L} | join kind=rightanti (${R}) on k`))).toEqual([['w', 30]]);
    expect(sorted(await rows(`${L} | join kind=rightsemi (${R}) on k`))).toEqual([['x', 10], ['y', 20], ['y', 21]]);
    expect((await rows(`${L} | join kind=fullouter (${R}) on k`)).length).toBe(6);
  });

  it('on $left.a == $right.b', async () => {
    expect(await rows(`${L} | join kind=inner (datatable(id:long, v:string)[3, "three"]) on $left.a == $right.id | project k, v`)).toEqual([['y', 'three']]);
  });
});

describe('union, render, as', () => {
  it('union with withsource and an outer column union', async () => {
    expect(sorted(await rows('let A = datatable(x:long)[1]; let B = datatable(x:long, y:string)[2, "b"]; union withsource=T A, B'))).toEqual([['A', 1, null], ['B', 2, 'b']].map((r) => [r[0], r[1], r[2] ?? '']));
  });

  it('render changes no rows', async () => {
    expect(await rows('range x from 1 to 3 step 1 | render timechart')).toEqual([[1], [2], [3]]);
  });
});

describe('user functions, invoke, toscalar, in (T)', () => {
  it('let functions with scalar and tabular parameters, defaults, and invoke', async () => {
    expect(await rows('let f = (a:long, b:long = 10) { a + b }; print f(1), f(1, 2)')).toEqual([[11, 3]]);
    expect(await rows('let g = (n:long) { range i from 1 to n step 1 }; let h = (T:(i:long)) { T | where i > 2 }; g(4) | invoke h() | extend d = i * 2')).toEqual([[3, 6], [4, 8]]);
  });

  it('toscalar and in with a tabular expression', async () => {
    expect(await rows('let m = toscalar(range x from 1 to 10 step 1 | summarize max(x)); print m')).toEqual([[10]]);
    expect(await rows('let bad = datatable(n:string)["A", "c"]; datatable(s:string)["a", "b", "C"] | where s in~ (bad) | order by s asc')).toEqual([['C'], ['a']]);
    expect(await rows('let bad = datatable(n:string)["A", "c"]; datatable(s:string)["a", "b", "C"] | where s !in (bad) | count')).toEqual([[3]]);
  });
});

describe('getschema and pack_all (https://learn.microsoft.com/kusto/query/getschema-operator, pack-all-function)', () => {
  it('getschema lists the columns with ordinal, .NET type and Kusto type, without reading rows', async () => {
    expect(await rows('datatable(a:bool, b:dynamic)[] | extend c = 1 | getschema')).toEqual([
      ['a', 0, 'System.SByte', 'bool'], ['b', 1, 'System.Object', 'dynamic'], ['c', 2, 'System.Int64', 'long'],
    ]);
  });

  it('pack_all packs every column of the row, nulls included', async () => {
    expect(await rows('datatable(a:long, b:string)[long(null), ""] | extend p = pack_all() | project p')).toEqual([[{ a: null, b: '' }]]);
  });
});

describe('views, fuzzy unions, type-mismatched unions (https://learn.microsoft.com/kusto/query/union-operator)', () => {
  const views = 'let V1 = view () { print x=1 }; let V2 = view () { print x=toint(2) };';

  it('a view referenced by name is its body', async () => {
    expect(await rows(`${views} V1 | extend y = x + 1`)).toEqual([[1, 2]]);
  });

  it('isfuzzy=true leaves out legs that name nothing; a name with two types becomes name_type per input', async () => {
    expect(await rows(`${views} union isfuzzy=true (V1 | where x > 0), (Nowhere | where x > 0) | count`)).toEqual([[1]]);
    expect(sorted(await rows(`${views} union V1, V2`))).toEqual([[1, null], [null, 2]]);
  });

  it('toscalar() of a scalar is the scalar', async () => {
    expect(await rows('let s = toscalar(2); range z from 1 to 5 step s')).toEqual([[1], [3], [5]]);
  });
});

describe('range() of datetimes (https://learn.microsoft.com/kusto/query/range-function), as in join-time-window', () => {
  it('steps from start to stop inclusive, down with a negative step; a zero step is null', async () => {
    expect(await rows('print a = range(datetime(2017-10-01 00:02), datetime(2017-10-01 00:00), -1m), b = range(datetime(2017-10-01), datetime(2017-10-02), 0s) | mv-expand a to typeof(datetime)')).toEqual([
      ['2017-10-01T00:02:00Z', null], ['2017-10-01T00:01:00Z', null], ['2017-10-01T00:00:00Z', null],
    ]);
  });
});

describe('serialize (https://learn.microsoft.com/kusto/query/serialize-operator)', () => {
  it('keeps the rows and extends like extend', async () => {
    expect(await rows('range x from 1 to 3 step 1 | serialize y = x * 2')).toEqual([[1, 2], [2, 4], [3, 6]]);
    expect(await rows('range x from 1 to 2 step 1 | serialize')).toEqual([[1], [2]]);
  });
});

describe('mv-expand keeps the input order', () => {
  it('of a sorted input, each row\'s elements in array order', async () => {
    // before: the rows were numbered before the sort applied, so a descending sort came out ascending
    expect(await rows('range x from 1 to 3000 step 1 | extend a = pack_array(x, -x) | sort by x desc | mv-expand a to typeof(long) | take 4')).toEqual([
      [3000, 3000], [3000, -3000], [2999, 2999], [2999, -2999],
    ]);
  });
});
