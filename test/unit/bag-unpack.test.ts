/** evaluate bag_unpack (https://learn.microsoft.com/kusto/query/bag-unpack-plugin): slots as columns. */
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { closeDataless, dataless } from '../helpers/kql.js';
import { runKql } from '../../src/run.js';

afterAll(closeDataless);

const run = async (kql: string) => {
  const r = await runKql(await dataless(), kql);
  return { columns: r.columns.map((c) => `${c.name}:${c.type}`), rows: r.rows };
};

describe('bag_unpack', () => {
  it('a slot whose values differ in type is dynamic; null values are ignored; a row without the slot gets null', async () => {
    expect(await run('datatable(k:long, d:dynamic)[1, dynamic({"b":1, "a":"x", "n":null}), 2, dynamic({"b":"two"}), 3, dynamic(null)] | evaluate bag_unpack(d)')).toEqual({
      columns: ['k:long', 'a:string', 'b:dynamic'],
      rows: [[1, 'x', 1], [2, '', 'two'], [3, '', null]],
    });
  });

  it('the prefix names the columns; a JSON real is real, an array dynamic', async () => {
    expect(await run('datatable(d:dynamic)[dynamic({"a":[1], "b":2.5})] | evaluate bag_unpack(d, "p_")')).toEqual({
      columns: ['p_a:dynamic', 'p_b:real'],
      rows: [[[1], 2.5]],
    });
  });

  it('a slot named like an input column is an error unless columnsConflict says which wins', async () => {
    await expect(run('datatable(a:long, d:dynamic)[1, dynamic({"a":2})] | evaluate bag_unpack(d)')).rejects.toThrow(/columnsConflict/);
  });

  it('without a first pass (plain compile) it is refused with a fix; other plugins are refused by name', () => {
    const kql = 'datatable(d:dynamic)[] | evaluate bag_unpack(d)';
    const r = compile(kql, { tables: [] });
    expect(r.diagnostics[0]).toMatchObject({ code: 'lower-data-dependent' });
    expect(r.discover).toHaveLength(1);
    expect(compile('datatable(d:dynamic)[] | evaluate bag_unpack(d) : (x:long)', { tables: [] }).sql).toBeDefined();
    expect(compile('datatable(d:dynamic, k:string)[] | evaluate pivot(k)', { tables: [] }).diagnostics[0]?.message).toContain('evaluate pivot');
  });
});
