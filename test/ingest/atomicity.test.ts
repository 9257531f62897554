/** Each source is atomic and ingested at most once: corrupt input, crashes and repeats leave the archive as it was. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Table, TimestampMicrosecond, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { sqlString } from '../../src/sql/quote.js';
import { tempDir } from '../helpers/duckdb.js';
import { treeHash, treeList } from '../archive/helpers.js';
import { archiveRows, FIXTURES, ingest, sql } from './helpers.js';

const dir = tempDir('kqlduck-atomic-');
afterAll(() => dir.cleanup());
const EDGE = join(FIXTURES, 'ID4688-Edge_payload_download_via_command.jsonl');
const OTRF = join(FIXTURES, 'cmd_psh_stop_netprofm_eventlog_before_reboot.sysmon-sec4688.jsonl');

const bad: Record<string, string> = {};
beforeAll(async () => {
  const p = (n: string) => (bad[n] = join(dir.path, n));
  await sql(`COPY (SELECT TIMESTAMP '2024-01-01' + INTERVAL (i) MINUTE AS "Timestamp", 'x' || i AS "FileName" FROM range(3000) t(i))
    TO ${sqlString(p('good.parquet'))} (FORMAT parquet)`);
  const parquet = readFileSync(bad['good.parquet']!);
  writeFileSync(p('truncated.parquet'), parquet.subarray(0, Math.floor(parquet.length * 0.6)));
  const lines = readFileSync(EDGE, 'utf8').trimEnd().split('\n');
  writeFileSync(p('invalid-line.jsonl'), [...lines.slice(0, 4), '{"EventID": 4688, "NewProcessName": "C:\\\\x.exe",', ...lines.slice(4)].join('\n'));
  writeFileSync(p('ragged.csv'), 'Timestamp,FileName,ProcessId\n2024-01-01 00:00:00,a.exe,1\n2024-01-01 00:00:01,b.exe\n');
  const arrow = tableToIPC(new Table({
    Timestamp: vectorFromArray([Date.UTC(2024, 0, 1)], new TimestampMicrosecond()),
    FileName: vectorFromArray(['a.exe'], new Utf8()),
  }), 'stream');
  writeFileSync(p('truncated.arrows'), arrow.subarray(0, arrow.length - 8));
});

describe('idempotence', () => {
  it('adds nothing when the same content is ingested again, under any name', async () => {
    const archive = join(dir.path, 'idem');
    const [first] = await ingest([EDGE], { archive });
    expect(first!.status).toBe('ingested');
    const before = treeHash(archive);
    const copy = join(dir.path, 'renamed-copy.jsonl');
    copyFileSync(EDGE, copy);
    const reports = await ingest([EDGE, copy], { archive });
    expect(reports.map((r) => [r.status, r.rows])).toEqual([['already-ingested', 0], ['already-ingested', 0]]);
    expect(reports[1]!.notes[0]).toMatch(/^already ingested on .* from .*ID4688-Edge_payload_download_via_command\.jsonl \(7 rows\)$/);
    expect(treeHash(archive)).toBe(before);
  });
});

describe('corrupt sources', () => {
  it.each([
    ['truncated.parquet', /No magic bytes found at end of file 'truncated\.parquet'/],
    ['invalid-line.jsonl', /Malformed JSON in file "invalid-line\.jsonl", at byte \d+ in line 6/],
    ['ragged.csv', /CSV Error on Line: 3.*Expected Number of Columns: 3 Found: 2/],
    ['truncated.arrows', /not a readable Arrow IPC file: the stream has no end-of-stream marker/],
  ])('%s fails by name and leaves the archive byte-for-byte unchanged', async (name, message) => {
    const archive = join(dir.path, `corrupt-${name}`);
    await ingest([OTRF], { archive });
    const before = treeHash(archive);
    const [r] = await ingest([bad[name]!], { archive, table: 'DeviceProcessEvents' });
    expect(r!.status).toBe('failed');
    expect(r!.error).toMatch(message);
    expect(treeHash(archive)).toBe(before);
  });

  it('treats each of several sources as its own unit', async () => {
    const archive = join(dir.path, 'several');
    const reports = await ingest([EDGE, bad['invalid-line.jsonl']!, bad['good.parquet']!], { archive, table: 'DeviceProcessEvents' });
    expect(reports.map((r) => [r.name, r.status, r.rows])).toEqual([
      ['ID4688-Edge_payload_download_via_command.jsonl', 'ingested', 7],
      ['invalid-line.jsonl', 'failed', 0],
      ['good.parquet', 'ingested', 3000],
    ]);
    expect(await archiveRows(archive, 'DeviceProcessEvents', '')).toHaveLength(3007);
  });

  it('creates no archive folder when nothing could be ingested', async () => {
    const archive = join(dir.path, 'never-created');
    const [r] = await ingest([bad['ragged.csv']!], { archive, table: 'DeviceProcessEvents' });
    expect(r!.status).toBe('failed');
    expect(existsSync(archive)).toBe(false);
  });
});

describe('crashes', () => {
  it('a crash inside the commit, before or after a rename, leaves the archive unchanged; a retry ingests', async () => {
    const archive = join(dir.path, 'crash');
    await ingest([EDGE], { archive });
    const before = treeHash(archive);
    for (const hooks of [{ beforeRename: () => { throw new Error('simulated crash'); } }, { afterRename: () => { throw new Error('simulated crash'); } }]) {
      const [r] = await ingest([OTRF], { archive, hooks });
      expect(r).toMatchObject({ status: 'failed', error: 'simulated crash' });
      expect(treeHash(archive)).toBe(before);
    }
    const [retry] = await ingest([OTRF], { archive });
    expect(retry).toMatchObject({ status: 'ingested', rows: 16 });
  });

  it('stale staging folders of dead processes are removed by the next ingest', async () => {
    const archive = join(dir.path, 'stale');
    await ingest([EDGE], { archive });
    const before = treeList(archive);
    const stale = join(archive, '.staging', 'ingest-4194303-deadbeef');
    mkdirSync(join(stale, 'data', 'date=2024-01-01'), { recursive: true });
    writeFileSync(join(stale, 'owner.json'), JSON.stringify({ pid: 4194303 + 1000, host: (await import('node:os')).hostname(), startedAt: '' }));
    writeFileSync(join(stale, 'data', 'date=2024-01-01', 'part.parquet'), 'half written');
    const [r] = await ingest([EDGE], { archive });
    expect(r!.status).toBe('already-ingested');
    expect(treeList(archive)).toEqual(before);
  });
});
