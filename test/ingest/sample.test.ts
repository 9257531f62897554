/**
 * The bundled sample in data/ (see data/README.md): its manifest matches its files, and the T1204 rule
 * finds the user executions it is documented to find.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { committedFiles, readManifest } from '../../src/archive/manifest.js';
import { findRule } from '../../src/detections/rules.js';
import { Engine } from '../../src/engine/engine.js';
import { runKql } from '../../src/run.js';
import { sqlString } from '../../src/sql/quote.js';
import { sql } from './helpers.js';

const DATA = fileURLToPath(new URL('../../data/', import.meta.url));
const table = 'DeviceProcessEvents';

describe('data/ sample archive', () => {
  it('has a manifest that lists exactly its Parquet files, with their row counts', async () => {
    const m = await readManifest(DATA);
    const files = committedFiles(m, table);
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => existsSync(join(DATA, f)))).toBe(true);
    const counted = await sql(`SELECT count(*) AS n FROM read_parquet(${sqlString(join(DATA, table, '*', '*.parquet'))})`);
    expect(Number(counted[0]!.n)).toBe(m.tables[table]!.rows);
    expect(Object.values(m.sources).every((s) => s.rejects === 0)).toBe(true);
  });

  describe('T1204 over the sample', () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await Engine.open({ sources: [{ path: DATA }] });
    });
    afterAll(() => engine?.close());

    it('finds both user executions from Downloads and Desktop with --now 2022-08-09T00:00:00Z', async () => {
      const rule = findRule('T1204')!;
      const result = await runKql(engine, rule.kql, { now: new Date('2022-08-09T00:00:00Z') });
      const cols = result.columns.map((c) => c.name);
      const rows = result.rows.map((r) => [r[cols.indexOf('Timestamp')], r[cols.indexOf('DeviceName')], r[cols.indexOf('FileName')], r[cols.indexOf('DetectionCategory')]]);
      expect(rows).toEqual([
        ['2023-07-20T00:33:01.592Z', 'dc01.pandalab.com', 'launcher.exe', 'Executable Launched from User-Writable Directory'],
        ['2023-07-19T05:33:01.592Z', 'dc01.pandalab.com', 'launcher.exe', 'Executable Launched from User-Writable Directory'],
        ['2022-08-08T19:30:12.434Z', 'pedro01', 'payload.exe', 'Executable Launched from User-Writable Directory'],
        ['2022-08-08T12:30:12.434Z', 'pedro01', 'payload.exe', 'Executable Launched from User-Writable Directory'],
      ]);
    });
  });
});
