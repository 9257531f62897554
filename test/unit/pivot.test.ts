/** evaluate pivot with an output schema (https://learn.microsoft.com/kusto/query/pivot-plugin). */
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { closeDataless, rows } from '../helpers/kql.js';

afterAll(closeDataless);

const T = 'datatable(State:string, EventType:string, D:long)["AL","Wind",1, "AL","Wind",2, "AK","Hail",5, "TX","Rain",9]';

describe('pivot', () => {
  it('counts per group and schema value; values the schema does not name are left out, their groups kept', async () => {
    expect(await rows(`${T} | project State, EventType | evaluate pivot(State) : (EventType:string, AL:long, AK:long) | order by EventType asc`))
      .toEqual([['Hail', 0, 1], ['Rain', 0, 0], ['Wind', 2, 0]]);
  });

  it('aggregates with the given function and group columns, in the schema\'s column order', async () => {
    expect(await rows(`${T} | evaluate pivot(State, sum(D), EventType) : (AK:long, EventType:string, AL:long) | order by EventType asc`))
      .toEqual([[5, 'Hail', 0], [0, 'Rain', 0], [0, 'Wind', 3]]);
  });

  it('refuses a pivot without a schema, and a schema that leaves out a group column', () => {
    expect(compile(`${T} | evaluate pivot(State)`, { tables: [] }).diagnostics[0]?.message).toContain('output schema');
    expect(compile(`${T} | evaluate pivot(State) : (EventType:string, AL:long)`, { tables: [] }).diagnostics[0]?.message).toContain('group column `D`');
  });
});
