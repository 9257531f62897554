/**
 * The acceptance case: the rule page's T1204 KQL, unmodified, over a Parquet file of hand-made rows,
 * returns exactly the rows, columns, order and categories Kusto gives (see test/fixtures/t1204-rows.ts).
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { compile } from '../src/compile.js';
import { findRule } from '../src/detections/rules.js';
import { runKql } from '../src/run.js';
import { builtinTables } from '../src/schema/registry.js';
import { expectedDetections, NOW, ROWS } from './fixtures/t1204-rows.js';
import { useT1204Engine } from './helpers/t1204-engine.js';

const rule = findRule('T1204')!;
const fixture = useT1204Engine();

describe('T1204 User Execution, as written on the rule page', () => {
  it('is the seed query, unmodified', async () => {
    const { readFileSync, existsSync } = await import('node:fs');
    const seed = fileURLToPath(new URL('../../shared/seed/000_84ee043a12902eb7.txt', import.meta.url));
    if (!existsSync(seed)) return; // the seed page lives beside the project only on the team's machines
    expect(readFileSync(seed, 'utf8')).toContain(rule.kql.trim());
  });

  it('translates to the golden SQL', async () => {
    const result = compile(rule.kql, { tables: [...builtinTables().values()], now: new Date(NOW) });
    expect(result.diagnostics).toEqual([]);
    await expect(`${result.sql};\n`).toMatchFileSnapshot('golden/T1204.sql');
  });

  it('returns exactly the rows, columns, order and categories Kusto gives', async () => {
    const result = await runKql(fixture.engine(), rule.kql, { now: new Date(NOW) });
    expect(result.columns).toEqual([
      { name: 'Timestamp', type: 'datetime' },
      { name: 'DeviceName', type: 'string' },
      { name: 'AccountName', type: 'string' },
      { name: 'FileName', type: 'string' },
      { name: 'FolderPath', type: 'string' },
      { name: 'ProcessCommandLine', type: 'string' },
      { name: 'InitiatingProcessFileName', type: 'string' },
      { name: 'InitiatingProcessCommandLine', type: 'string' },
      { name: 'DetectionCategory', type: 'string' },
    ]);
    const expected = expectedDetections().map((r) => [
      r.Timestamp, r.DeviceName ?? '', r.AccountName ?? '', r.FileName ?? '', r.FolderPath ?? '',
      r.ProcessCommandLine ?? '', r.InitiatingProcessFileName ?? '', r.InitiatingProcessCommandLine ?? '', r.expect,
    ]);
    expect(result.rows).toEqual(expected);
  });

  it('reports each fixture row as its note says', async () => {
    const found = await runKql(fixture.engine(), rule.kql.replace('| project Timestamp,', '| project DeviceId, Timestamp,'), { now: new Date(NOW) });
    const byId = new Map(found.rows.map((r) => [r[0], r[r.length - 1]]));
    for (const r of ROWS) expect([r.id, byId.get(r.id) ?? null], r.why).toEqual([r.id, r.expect]);
  });
});
