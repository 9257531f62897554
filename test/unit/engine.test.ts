/** The engine: sources of each format registered as tables, schema columns a source lacks, NULL cells, errors. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { EngineError } from '../../src/engine/errors.js';
import { KqlError } from '../../src/diagnostics/diagnostic.js';
import { runKql } from '../../src/run.js';
import { tempDir, withDuckDB } from '../helpers/duckdb.js';

const dir = tempDir();
const NOW = new Date('2026-11-30T12:00:00Z');
const q = (engine: Engine, kql: string) => runKql(engine, kql, { now: NOW });

beforeAll(async () => {
  const root = join(dir.path, 'root');
  mkdirSync(join(root, 'DeviceProcessEvents', 'date=2026-11-29'), { recursive: true });
  mkdirSync(join(root, 'DeviceProcessEvents', 'date=2026-11-30'), { recursive: true });
  await withDuckDB(async (run) => {
    for (const [day, name] of [['2026-11-29', 'a'], ['2026-11-30', 'b']] as const) {
      await run(`COPY (SELECT TIMESTAMP '${day} 10:00:00' AS Timestamp, '${name}.exe' AS FileName, NULL::VARCHAR AS FolderPath, 7::BIGINT AS ProcessId)
        TO '${join(root, 'DeviceProcessEvents', `date=${day}`, 'part-0.parquet')}' (FORMAT parquet)`);
    }
  });
  writeFileSync(join(dir.path, 'Logins.csv'), 'User,Count,When\nalice,3,2026-11-30T10:00:00Z\nbob,,2026-11-30T11:00:00+01:00\n');
  writeFileSync(join(dir.path, 'Events.ndjson'), '{"Name":"x","Size":1}\n{"Name":"y","Size":null}\n');
  writeFileSync(join(dir.path, 'Arr.json'), '[{"k":"a","v":1.5},{"k":"b","v":2.5}]');
  const arrow = tableFromArrays({ Host: ['h1', 'h2', 'h3'], Bytes: Float64Array.from([1, 2, 3]) });
  writeFileSync(join(dir.path, 'Flows.arrow'), tableToIPC(arrow, 'file'));
  writeFileSync(join(dir.path, 'FlowStream.arrows'), tableToIPC(arrow, 'stream'));
  writeFileSync(join(dir.path, 'Broken.parquet'), 'PAR1 this is not a parquet file');
});

afterAll(() => dir.cleanup());

describe('sources', () => {
  it('registers every table of a data root, hive partitions included, with the official schema', async () => {
    const engine = await Engine.open({ sources: [{ path: join(dir.path, 'root') }] });
    try {
      expect(engine.tables.map((t) => t.name)).toEqual(['DeviceProcessEvents']);
      expect(engine.tables[0]!.columns).toHaveLength(66);
      expect((await q(engine, 'DeviceProcessEvents | sort by Timestamp asc | project Timestamp, FileName, ProcessId, SHA256')).rows).toEqual([
        ['2026-11-29T10:00:00Z', 'a.exe', 7, ''],
        ['2026-11-30T10:00:00Z', 'b.exe', 7, ''],
      ]);
    } finally {
      engine.close();
    }
  });

  it('a NULL string cell behaves as "": negated operators keep it, isempty is true', async () => {
    const engine = await Engine.open({ sources: [{ path: join(dir.path, 'root') }] });
    try {
      const count = async (pred: string) => (await q(engine, `DeviceProcessEvents | where ${pred} | count`)).rows[0]![0];
      expect(await count('FolderPath !has "a"')).toBe(2);
      expect(await count('FolderPath !contains "a"')).toBe(2);
      expect(await count('FolderPath != "a"')).toBe(2);
      expect(await count('FolderPath !in ("a")')).toBe(2);
      expect(await count('FolderPath !in~ ("a")')).toBe(2);
      expect(await count('FolderPath !startswith "a"')).toBe(2);
      expect(await count('not(FolderPath == "a")')).toBe(2);
      expect(await count('isempty(FolderPath)')).toBe(2);
      expect(await count('isnull(FolderPath)')).toBe(0);
      expect(await count('FolderPath == ""')).toBe(2);
      expect(await count('FolderPath has "a"')).toBe(0);
      expect((await q(engine, 'DeviceProcessEvents | take 1 | project FolderPath, t = tostring(FolderPath)')).rows).toEqual([['', '']]);
    } finally {
      engine.close();
    }
  });

  it('reads CSV, NDJSON, JSON arrays, Arrow IPC files and streams, typing their columns', async () => {
    const sources = ['Logins.csv', 'Events.ndjson', 'Arr.json', 'Flows.arrow', 'FlowStream.arrows'].map((f) => ({ path: join(dir.path, f) }));
    const engine = await Engine.open({ sources });
    try {
      expect((await q(engine, 'Logins | order by User asc')).rows).toEqual([['alice', 3, '2026-11-30T10:00:00Z'], ['bob', null, '2026-11-30T10:00:00Z']]);
      expect((await q(engine, 'Events | where isnull(Size) | project Name')).rows).toEqual([['y']]);
      expect((await q(engine, 'Arr | where v > 2 | project k')).rows).toEqual([['b']]);
      expect((await q(engine, 'Flows | where Bytes >= 2 | order by Host asc | project Host')).rows).toEqual([['h2'], ['h3']]);
      expect((await q(engine, 'FlowStream | count')).rows).toEqual([[3]]);
    } finally {
      engine.close();
    }
  });

  it('--table NAME=PATH names a table explicitly', async () => {
    const engine = await Engine.open({ sources: [{ table: 'MyProcs', path: join(dir.path, 'root', 'DeviceProcessEvents') }] });
    try {
      expect((await q(engine, 'MyProcs | count')).rows).toEqual([[2]]);
    } finally {
      engine.close();
    }
  });
});

describe('errors', () => {
  it('a corrupt Parquet file is named', async () => {
    const err = await Engine.open({ sources: [{ path: join(dir.path, 'Broken.parquet') }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as Error).message).toContain('Broken.parquet');
  });

  it('a missing path is named', async () => {
    const err = await Engine.open({ sources: [{ path: join(dir.path, 'nope.parquet') }] }).catch((e: unknown) => e);
    expect((err as Error).message).toContain('nope.parquet');
  });

  it('a known table without data is an error, not an empty result', async () => {
    const engine = await Engine.open();
    try {
      const err = await q(engine, 'DeviceProcessEvents | take 1').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KqlError);
      expect((err as KqlError).diagnostics[0]).toMatchObject({ code: 'engine-no-data', column: 1 });
    } finally {
      engine.close();
    }
  });

  it('an aborted query is interrupted', async () => {
    const engine = await Engine.open();
    try {
      const ac = new AbortController();
      const run = runKql(engine, 'range x from 1 to 3000000000 step 1 | where x % 7 == 123456 | count', { signal: ac.signal });
      setTimeout(() => ac.abort(), 100);
      const err = await run.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EngineError);
      expect((err as EngineError).code).toBe('engine-interrupted');
    } finally {
      engine.close();
    }
  });
});
