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
      const rows = result.rows
        .map((r) => [r[cols.indexOf('Timestamp')], r[cols.indexOf('DeviceName')], r[cols.indexOf('FileName')], r[cols.indexOf('DetectionCategory')]])
        // `Timestamp > ago(24h)` also holds for everything later: the generated week of 2026 is checked below
        .filter((r) => String(r[0]) < '2024');
      expect(rows).toEqual([
        ['2023-07-20T00:33:01.592Z', 'dc01.pandalab.com', 'launcher.exe', 'Executable Launched from User-Writable Directory'],
        ['2023-07-19T05:33:01.592Z', 'dc01.pandalab.com', 'launcher.exe', 'Executable Launched from User-Writable Directory'],
        ['2022-08-08T19:30:12.434Z', 'pedro01', 'payload.exe', 'Executable Launched from User-Writable Directory'],
        ['2022-08-08T12:30:12.434Z', 'pedro01', 'payload.exe', 'Executable Launched from User-Writable Directory'],
      ]);
    });

    it('finds exactly the ground truth of the generated week on its last day', async () => {
      const now = new Date('2026-11-30T00:00:00Z');
      const result = await runKql(engine, findRule('T1204')!.kql, { now });
      const cols = result.columns.map((c) => c.name);
      const got = result.rows.map((r) => `${r[cols.indexOf('Timestamp')]} ${r[cols.indexOf('DeviceName')]} ${r[cols.indexOf('DetectionCategory')]}`);
      const truth = await sql(`SELECT strftime(Timestamp, '%Y-%m-%dT%H:%M:%S.%fZ') AS t, DeviceName, DetectionCategory FROM read_parquet(${sqlString(join(DATA, 'DeviceProcessEvents.ground-truth.parquet'))})
        WHERE ExpectedRule = 'T1204' AND Timestamp > TIMESTAMP '2026-11-29 00:00:00' ORDER BY Timestamp DESC`);
      expect(truth.length).toBeGreaterThan(3);
      // kqlduck prints fractional seconds without trailing zeros
      const iso = (t: unknown) => String(t).replace(/(\.\d*?)0+Z$/, '$1Z').replace('.Z', 'Z');
      expect(got).toEqual(truth.map((r) => `${iso(r.t)} ${r.DeviceName} ${r.DetectionCategory}`));
    });
  });
});
