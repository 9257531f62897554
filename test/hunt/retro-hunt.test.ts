/**
 * Retro-hunt: the T1204 rule replayed daily over a generated archive finds exactly the injected
 * positives of the ground truth, each attributed to the first scheduled run after it; a threshold rule
 * keeps Sentinel's per-window answer; day partitions outside the range are never opened; the findings
 * store is idempotent and resumes.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRule, type Rule } from '../../src/detections/rules.js';
import { Engine } from '../../src/engine/engine.js';
import { generate, groundTruthPath } from '../../src/gen/generate.js';
import { huntToStore, makeSchedule, replayStatement, sliceFindingsSql } from '../../src/hunt/index.js';
import { runKql } from '../../src/run.js';
import { tempDir, withDuckDB } from '../helpers/duckdb.js';

const dir = tempDir();
const archive = join(dir.path, 'archive');
const END = new Date('2026-11-30T00:00:00Z');
const rule = findRule('T1204')!;
let engine: Engine;

beforeAll(async () => {
  await generate({ archive, rows: 30_000, days: 12, end: END, seed: 11, workers: 1 });
  engine = await Engine.open({ sources: [{ path: archive }] });
}, 180_000);

afterAll(() => {
  engine?.close();
  dir.cleanup();
});

async function collect(sql: string, types: string[]): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  for await (const chunk of engine.stream(sql, { types: types as never })) rows.push(...chunk);
  return rows;
}

describe('T1204 replayed daily', () => {
  it('finds exactly the ground truth, each row at the first run after it', async () => {
    const schedule = makeSchedule(new Date('2026-11-18T00:00:00Z'), END, '1d', '24h');
    const { sql, columns } = await sliceFindingsSql(engine, rule, schedule);
    const found = await collect(sql, columns.map((c) => c.type));
    const col = (name: string) => columns.findIndex((c) => c.name === name);
    const got = found.map((r) => `${r[col('Timestamp')]}|${r[col('DeviceName')]}|${r[col('FileName')]}|${r[col('HuntCategory')]}|${r[col('HuntRunAt')]}`).sort();

    const truth = await withDuckDB((run) => run(`SELECT strftime(Timestamp, '%Y-%m-%dT%H:%M:%S.%fZ') AS t, DeviceName, FileName, DetectionCategory
      FROM read_parquet('${groundTruthPath(archive)}') WHERE ExpectedRule = 'T1204'`));
    // the first daily run at or after a row: midnight of the next day (or the same instant at midnight)
    const firstRun = (iso: string) => {
      const t = Date.parse(iso);
      const day = Math.ceil(t / 86_400_000) * 86_400_000;
      return new Date(day).toISOString().replace('.000Z', 'Z');
    };
    const trim = (iso: string) => iso.replace(/\.?0+Z$/, 'Z');
    const expected = truth.map((r) => `${trim(String(r.t))}|${r.DeviceName}|${r.FileName}|${r.DetectionCategory}|${firstRun(String(r.t))}`).sort();
    expect(expected.length).toBeGreaterThan(20);
    expect(got).toEqual(expected);
  });

  it('with runs closer than the lookback, a row seen by several runs is found once, at the first', async () => {
    // 12-hourly runs looking back 24h: every row is in two windows (the replay lists each row's runs)
    const schedule = makeSchedule(new Date('2026-11-18T00:00:00Z'), END, '12h', '24h');
    const { sql, columns } = await sliceFindingsSql(engine, rule, schedule);
    const found = await collect(sql, columns.map((c) => c.type));
    const col = (name: string) => columns.findIndex((c) => c.name === name);
    const got = found.map((r) => `${r[col('Timestamp')]}|${r[col('HuntRunAt')]}`).sort();
    const truth = await withDuckDB((run) => run(`SELECT strftime(Timestamp, '%Y-%m-%dT%H:%M:%S.%fZ') AS t
      FROM read_parquet('${groundTruthPath(archive)}') WHERE ExpectedRule = 'T1204' AND Timestamp > TIMESTAMP '2026-11-17 00:00:00'`));
    const half = 43_200_000;
    const firstRun = (iso: string) => new Date(Math.max(Math.ceil(Date.parse(iso) / half) * half, Date.parse('2026-11-18T00:00:00Z'))).toISOString().replace('.000Z', 'Z');
    const trim = (iso: string) => iso.replace(/\.?0+Z$/, 'Z');
    expect(got).toEqual(truth.map((r) => `${trim(String(r.t))}|${firstRun(String(r.t))}`).sort());
  });

  it('reads only the day partitions its windows need', async () => {
    // a corrupt file in a day outside the range: opening it would fail the hunt
    const outside = join(archive, 'DeviceProcessEvents', 'date=2026-11-19');
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'corrupt.parquet'), 'PAR1 not parquet');
    const withCorrupt = await Engine.open({ sources: [{ path: archive }] }).catch((e: unknown) => e);
    expect(withCorrupt).toBeInstanceOf(Error); // the whole-archive view cannot even be described
    rmSync(join(outside, 'corrupt.parquet'));

    const schedule = makeSchedule(new Date('2026-11-25T00:00:00Z'), new Date('2026-11-27T00:00:00Z'), '1d', '24h');
    const stmt = replayStatement(engine, rule.kql, schedule);
    const days = [...new Set(stmt.files.map((f) => /date=(\d{4}-\d{2}-\d{2})/.exec(f)![1]))].sort();
    expect(days).toEqual(['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27']);
    expect(stmt.sql).not.toContain('date=2026-11-23');
  });
});

describe('window-dependent rules keep per-window answers', () => {
  it('a count threshold is evaluated per scheduled window, not over the whole range', async () => {
    // three events per device, spread so that no single 24h window holds all three of dev-a's
    const rows = await withDuckDB(async (run) => {
      const file = join(dir.path, 'thr', 'DeviceProcessEvents.parquet');
      mkdirSync(join(dir.path, 'thr'), { recursive: true });
      await run(`COPY (SELECT * FROM (VALUES
        (TIMESTAMP '2026-11-10 01:00:00', 'dev-a'), (TIMESTAMP '2026-11-10 23:00:00', 'dev-a'), (TIMESTAMP '2026-11-11 23:30:00', 'dev-a'),
        (TIMESTAMP '2026-11-11 01:00:00', 'dev-b'), (TIMESTAMP '2026-11-11 02:00:00', 'dev-b'), (TIMESTAMP '2026-11-11 03:00:00', 'dev-b'))
        AS t(Timestamp, DeviceName)) TO '${file}' (FORMAT parquet)`);
      return file;
    });
    const thr = await Engine.open({ sources: [{ path: rows }] });
    try {
      const body = (src: string) => `${src} | where Timestamp > ago(1d) | summarize n = count() by DeviceName | where n >= 3`;
      const threshold: Rule = { ...rule, id: 'THR', kql: body('DeviceProcessEvents'), categoryColumn: undefined, version: 'test' };
      const schedule = makeSchedule(new Date('2026-11-10T00:00:00Z'), new Date('2026-11-13T00:00:00Z'), '1d', '24h');
      const { sql, columns } = await sliceFindingsSql(thr, threshold, schedule);
      const found: unknown[][] = [];
      for await (const c of thr.stream(sql, { types: columns.map((x) => x.type) })) found.push(...c);
      const replayed = found.map((r) => [r[columns.findIndex((c) => c.name === 'HuntRunAt')], r[columns.findIndex((c) => c.name === 'DeviceName')]]);

      // oracle: run the rule at each scheduled time over the data that existed then
      const oracle: unknown[][] = [];
      for (const day of ['2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13']) {
        const now = new Date(`${day}T00:00:00Z`);
        const r = await runKql(thr, body(`(DeviceProcessEvents | where Timestamp <= datetime(${day}))`), { now });
        for (const row of r.rows) if (!oracle.some((o) => o[1] === row[0])) oracle.push([now.toISOString().replace('.000Z', 'Z'), row[0]]);
      }
      expect(replayed).toEqual(oracle);
      expect(replayed).toEqual([['2026-11-12T00:00:00Z', 'dev-b']]);
      // over the whole range dev-a would cross the threshold too: the per-window answer differs
      const whole = await runKql(thr, 'DeviceProcessEvents | summarize n = count() by DeviceName | where n >= 3 | count');
      expect(whole.rows).toEqual([[2]]);
    } finally {
      thr.close();
    }
  });
});

describe('findings store', () => {
  it('re-running adds nothing and an interrupted hunt resumes', async () => {
    const out = join(dir.path, 'findings');
    const schedule = makeSchedule(new Date('2026-11-18T00:00:00Z'), END, '1d', '24h');
    const first = await huntToStore(engine, rule, schedule, out, { sliceUs: 3n * 86_400_000_000n });
    expect(first.length).toBe(5);
    expect(first.every((s) => !s.skipped)).toBe(true);
    const total = first.reduce((a, s) => a + s.findings, 0);
    const again = await huntToStore(engine, rule, schedule, out, { sliceUs: 3n * 86_400_000_000n });
    expect(again.every((s) => s.skipped)).toBe(true);
    expect(again.reduce((a, s) => a + s.findings, 0)).toBe(total);
    // an interruption: one slice never written (and a stale temporary file left behind)
    rmSync(first[2]!.file!);
    writeFileSync(`${first[2]!.file!}.tmp-999`, 'partial');
    const resumed = await huntToStore(engine, rule, schedule, out, { sliceUs: 3n * 86_400_000_000n });
    expect(resumed.map((s) => s.skipped)).toEqual([true, true, false, true, true]);
    expect(resumed.reduce((a, s) => a + s.findings, 0)).toBe(total);
    expect(existsSync(first[2]!.file!)).toBe(true);
    const files = readdirSync(join(out, rule.id, rule.version), { recursive: true }).filter((f) => String(f).endsWith('.parquet'));
    expect(files.length).toBe(5);
    // slicing does not change the answer
    const whole = await huntToStore(engine, rule, schedule, join(dir.path, 'findings-one'));
    expect(whole[0]!.findings).toBe(total);
  });
});
