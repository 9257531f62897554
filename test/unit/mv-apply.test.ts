/** mv-apply: the subquery runs on each input row's expanded subtable (https://learn.microsoft.com/kusto/query/mv-apply-operator). */
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { closeDataless, rows } from '../helpers/kql.js';

afterAll(closeDataless);

const T = 'datatable(k:string, a:dynamic)["x", dynamic([3,1,2]), "y", dynamic([]), "z", dynamic([5,4])]';
const sorted = (r: unknown[][]) => [...r].sort((p, q) => JSON.stringify(p).localeCompare(JSON.stringify(q)));

describe('mv-apply', () => {
  it('take and top apply to each subtable, not to the whole input', async () => {
    expect(await rows(`${T} | mv-apply e=a to typeof(long) on (top 1 by e) | project k, e`)).toEqual([['x', 3], ['z', 5]]);
    expect(await rows(`${T} | mv-apply e=a to typeof(long) on (sort by e asc | take 2) | project k, e`)).toEqual([['x', 1], ['x', 2], ['z', 4], ['z', 5]]);
  });

  it('summarize without by gives one row per subtable, with the empty-input values when no row reaches it', async () => {
    expect(await rows(`${T} | mv-apply e=a to typeof(long) on (where e > 2 | summarize n=count(), s=sum(e), l=make_list(e)) | project k, n, s, l`))
      .toEqual([['x', 1, 3, [3]], ['y', 0, 0, []], ['z', 2, 9, [5, 4]]]);
    expect(await rows(`${T} | mv-apply e=a to typeof(long) on (where e > 2 | count) | project k, Count`)).toEqual([['x', 1], ['y', 0], ['z', 2]]);
  });

  it('summarize by keys groups within each subtable; the row\'s other columns come back', async () => {
    expect(sorted(await rows(`${T} | mv-apply e=a to typeof(long) on (summarize c=count() by odd = e % 2)`))).toEqual([
      ['x', [3, 1, 2], 0, 1], ['x', [3, 1, 2], 1, 2], ['z', [5, 4], 0, 1], ['z', [5, 4], 1, 1],
    ]);
  });

  it('with_itemindex numbers the elements of each row from 0', async () => {
    expect(await rows(`${T} | mv-apply with_itemindex=i e=a on (where i == 1) | project k, e, i`)).toEqual([['x', 1, 1], ['z', 4, 1]]);
  });

  it('refuses a join inside the subquery by name', () => {
    const d = compile(`${T} | mv-apply e=a to typeof(long) on (join (datatable(e:long)[1]) on e)`, { tables: [] }).diagnostics;
    expect(d[0]?.message).toContain('`join` and `lookup` inside an mv-apply subquery');
  });
});
