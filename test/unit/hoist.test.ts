/** Repeated regular expressions in one SELECT are computed once (src/sql/hoist.ts), with the same answers. */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { hoistRepeatedRegexes } from '../../src/sql/hoist.js';
import type { Stage } from '../../src/sql/stage.js';
import { runKql } from '../../src/run.js';
import { useT1204Engine } from '../helpers/t1204-engine.js';
import { NOW } from '../fixtures/t1204-rows.js';

const re = (col: string, p: string) => `regexp_matches("${col}", '${p}')`;
const stage = (over: Partial<Stage>): Stage => ({ from: '"T"', columns: [], where: [], distinct: false, aggregate: false, ...over });
const fixture = useT1204Engine();

describe('hoistRepeatedRegexes', () => {
  it('computes a call written twice once, as a column of a subquery, wherever it was written', () => {
    const a = re('FileName', "(?i)cmd''s"), b = re('FolderPath', 'x');
    const s = hoistRepeatedRegexes(stage({
      columns: [{ name: 'c', type: 'string', sql: `CASE WHEN ${a} THEN 1 END` }],
      where: [`${a} OR ${b}`], orderBy: [`${a} DESC`],
    }));
    expect(s.from).toBe(`(SELECT *, ${a} AS "__kql_re0" FROM "T")`);
    expect(s.columns[0]!.sql).toBe('CASE WHEN "__kql_re0" THEN 1 END');
    expect(s.where).toEqual([`"__kql_re0" OR ${b}`]);
    expect(s.orderBy).toEqual(['"__kql_re0" DESC']);
  });

  it('never takes text inside a string literal or a quoted name for a call', () => {
    const a = re('FileName', '');
    // a user's literal holding the same text (its quotes doubled, as emitted), next to the real call
    const literal = `'${a.replaceAll("'", "''")}'`;
    const s = hoistRepeatedRegexes(stage({ columns: [{ name: 'c', type: 'string', sql: `${literal} || ${literal}` }], where: [a] }));
    expect(s.where).toEqual([a]);
    expect(s.columns[0]!.sql).toBe(`${literal} || ${literal}`);
    const twice = hoistRepeatedRegexes(stage({ columns: [{ name: 'c', type: 'string', sql: `${literal} || ${a}` }], where: [a] }));
    expect(twice.columns[0]!.sql).toBe(`${literal} || "__kql_re0"`);
  });

  it('leaves a stage alone when nothing repeats, or when it reads something other than a named relation', () => {
    const a = re('FileName', 'x');
    const once = stage({ where: [a] });
    expect(hoistRepeatedRegexes(once)).toBe(once);
    const joined = stage({ from: '"l" JOIN "r" USING (k)', where: [`${a} AND ${a}`] });
    expect(hoistRepeatedRegexes(joined)).toBe(joined);
    const grouped = stage({ aggregate: true, groupBy: ['1'], where: [`${a} AND ${a}`] });
    expect(hoistRepeatedRegexes(grouped)).toBe(grouped);
  });

  it('gives a rule testing the same needles in `where` and `extend` the same rows, with each pattern written once', async () => {
    const kql = `DeviceProcessEvents
| where FileName has_any ("cmd.exe", "powershell.exe") or FolderPath has @"\\Downloads\\"
| extend Kind = iff(FileName has_any ("cmd.exe", "powershell.exe"), "shell", "download")
| project DeviceId, Kind`;
    const sql = compile(kql, { tables: fixture.engine().tables, now: new Date(NOW) }).sql!;
    expect(sql.match(/regexp_matches\("FileName"/g)).toHaveLength(1);
    const rows = (await runKql(fixture.engine(), kql, { now: new Date(NOW) })).rows;
    // the same query with the extend's test spelled differently (has_any of one list ≡ or of has), so nothing repeats
    const apart = kql.replace('iff(FileName has_any ("cmd.exe", "powershell.exe")', 'iff(FileName has "cmd.exe" or FileName has "powershell.exe"');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual((await runKql(fixture.engine(), apart, { now: new Date(NOW) })).rows);
  });
});
