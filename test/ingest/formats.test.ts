/**
 * The same rows arrive as Parquet, Arrow IPC (file and stream), CSV, NDJSON and a JSON array: each
 * ingests to the same archive rows. Plus the export flavours: Defender advanced hunting (7-digit
 * fractions, "" for nulls) and Log Analytics (TimeGenerated, ` [UTC]` headers, portal date format, Type).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { Bool, Int64, Table, TimestampMicrosecond, TimestampNanosecond, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { tempDir } from '../helpers/duckdb.js';
import { sqlString } from '../../src/sql/quote.js';
import { detectFormat } from '../../src/ingest/detect.js';
import { archiveRows, ingest, sql } from './helpers.js';

const dir = tempDir('kqlduck-formats-');
afterAll(() => dir.cleanup());

// Three process events over two days, the second day's first row written last (files must come out sorted).
const ROWS = `SELECT * FROM (VALUES
    ('2024-03-01T10:00:00.1234567Z', 'ws1.contoso.com', 'cmd.exe', 'C:\\Windows\\System32\\cmd.exe', 4242, 'cmd.exe /c whoami', 'alice', 'explorer.exe', 11, false, '{"a":1}'),
    ('2024-03-02T23:59:59.9999999Z', 'ws2.contoso.com', 'AnyDesk.exe', 'C:\\Users\\bob\\Downloads\\AnyDesk.exe', 77, '"AnyDesk.exe"', 'bob', 'explorer.exe', 12, true, '{}'),
    ('2024-03-02T08:00:00Z', 'ws1.contoso.com', 'powershell.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 5, 'powershell -enc AAAA', 'alice', 'winword.exe', 13, false, '')
  ) t("Timestamp", "DeviceName", "FileName", "FolderPath", "ProcessId", "ProcessCommandLine", "AccountName", "InitiatingProcessFileName", "ReportId", "IsProcessRemoteSession", "AdditionalFields")`;

const EXPECTED = [
  ['2024-03-01 10:00:00.123456', '2024-03-01', 'ws1.contoso.com', 'cmd.exe', '4242', false, '{"a":1}', '11'],
  ['2024-03-02 08:00:00', '2024-03-02', 'ws1.contoso.com', 'powershell.exe', '5', false, '', '13'],
  ['2024-03-02 23:59:59.999999', '2024-03-02', 'ws2.contoso.com', 'AnyDesk.exe', '77', true, '{}', '12'],
];
const pick = (r: Record<string, unknown>) => [r.Timestamp, r.date, r.DeviceName, r.FileName, r.ProcessId, r.IsProcessRemoteSession, r.AdditionalFields, r.ReportId];

const files: Record<string, string> = {};
beforeAll(async () => {
  const f = (name: string) => (files[name] = join(dir.path, name));
  await sql(`COPY (${ROWS}) TO ${sqlString(f('dpe.csv'))} (HEADER)`);
  await sql(`COPY (${ROWS}) TO ${sqlString(f('dpe.ndjson'))} (FORMAT json)`);
  writeFileSync(f('dpe.csv.gz'), gzipSync(readFileSync(files['dpe.csv']!)));
  await sql(`COPY (${ROWS}) TO ${sqlString(f('dpe.json'))} (FORMAT json, ARRAY true)`);
  // Parquet with real types, the way a data lake would hold it.
  await sql(`COPY (SELECT CAST(CAST("Timestamp" AS TIMESTAMPTZ) AS TIMESTAMP) AS "Timestamp", * EXCLUDE ("Timestamp") FROM (${ROWS}))
    TO ${sqlString(f('dpe.parquet'))} (FORMAT parquet)`);
  const rows = await sql(`SELECT epoch_us(CAST(CAST("Timestamp" AS TIMESTAMPTZ) AS TIMESTAMP)) AS us, * FROM (${ROWS})`);
  const arrow = new Table({
    Timestamp: vectorFromArray(rows.map((r) => Number(r.us) / 1000), new TimestampMicrosecond()),
    ProcessCreationTime: vectorFromArray(rows.map((r) => Number(r.us) / 1000), new TimestampNanosecond()),
    DeviceName: vectorFromArray(rows.map((r) => String(r.DeviceName)), new Utf8()),
    FileName: vectorFromArray(rows.map((r) => String(r.FileName)), new Utf8()),
    ProcessId: vectorFromArray(rows.map((r) => BigInt(String(r.ProcessId))), new Int64()),
    ReportId: vectorFromArray(rows.map((r) => BigInt(String(r.ReportId))), new Int64()),
    IsProcessRemoteSession: vectorFromArray(rows.map((r) => Boolean(r.IsProcessRemoteSession)), new Bool()),
    AdditionalFields: vectorFromArray(rows.map((r) => String(r.AdditionalFields)), new Utf8()),
  });
  writeFileSync(f('dpe.arrow'), tableToIPC(arrow, 'file'));
  writeFileSync(f('dpe.arrows'), tableToIPC(arrow, 'stream'));
});

describe('every input format', () => {
  it.each([
    ['dpe.parquet', 'parquet'], ['dpe.arrow', 'arrow-file'], ['dpe.arrows', 'arrow-stream'],
    ['dpe.csv', 'csv'], ['dpe.csv.gz', 'csv'], ['dpe.ndjson', 'ndjson'], ['dpe.json', 'json-array'],
  ])('%s is detected as %s and gives the same archive rows', async (name, format) => {
    const archive = join(dir.path, `archive-${name}`);
    const [r] = await ingest([files[name]!], { archive, table: 'DeviceProcessEvents' });
    expect(r).toMatchObject({ status: 'ingested', format, rows: 3, rejected: 0, skipped: 0, partitions: ['2024-03-01', '2024-03-02'] });
    expect((await archiveRows(archive)).map(pick)).toEqual(EXPECTED);
  });

  it('writes zstd Parquet, sorted by Timestamp, with date only as the folder name', async () => {
    const archive = join(dir.path, 'archive-layout');
    await ingest([files['dpe.csv']!], { archive, table: 'DeviceProcessEvents' });
    const glob = sqlString(join(archive, 'DeviceProcessEvents', '*', '*.parquet'));
    const meta = await sql(`SELECT DISTINCT compression FROM parquet_metadata(${glob})`);
    expect(meta.map((m) => m.compression)).toEqual(['ZSTD']);
    const inFile = await sql(`SELECT * FROM read_parquet(${glob}, hive_partitioning = false) LIMIT 1`);
    expect(Object.keys(inFile[0]!)).not.toContain('date');
    expect(Object.keys(inFile[0]!)[0]).toBe('Timestamp');
    const day2 = await sql(`SELECT "Timestamp" FROM read_parquet(${sqlString(join(archive, 'DeviceProcessEvents', 'date=2024-03-02', '*.parquet'))})`);
    expect(day2.map((r) => r.Timestamp)).toEqual(['2024-03-02 08:00:00', '2024-03-02 23:59:59.999999']);
  });
});

describe('detectFormat', () => {
  it.each([
    ['{"a": 1}\n{"a": 2}\n', 'x.txt', 'ndjson'],
    ['{\n  "a": 1\n}\n', 'x.json', 'json'],
    ['{"a": 1,\n', 'x.jsonl', 'ndjson'], // broken NDJSON stays NDJSON, so the error names the line
    ['\uFEFF[{"a": 1}]', 'x', 'json-array'],
    ['a,b\n1,2\n', 'x.tsv', 'csv'],
  ])('%j named %s is %s', async (content, name, format) => {
    const p = join(dir.path, name);
    writeFileSync(p, content);
    expect(await detectFormat(p)).toBe(format);
  });

  it.each([
    ['', 'e.csv', 'the file is empty'],
    ['\u0000\u0001\u0002binary', 'b.bin', 'binary content that is neither Parquet nor Arrow IPC'],
    ['hello', 'x.parquet', 'named .parquet but does not start with the Parquet magic bytes PAR1'],
  ])('refuses %j named %s', async (content, name, message) => {
    const p = join(dir.path, name);
    writeFileSync(p, content);
    await expect(detectFormat(p)).rejects.toThrow(message);
  });
});

describe('export flavours', () => {
  it('reads a Defender advanced-hunting export ("" for nulls, 7-digit fractions, guessed table)', async () => {
    const file = join(dir.path, 'ah-export.json');
    writeFileSync(file, JSON.stringify([
      { Timestamp: '2021-08-02T13:11:39.7724491Z', DeviceId: 'abc', DeviceName: 'adfs01.simulandlabs.com', ActionType: 'ProcessCreated', FileName: 'cmd.exe',
        FolderPath: 'C:\\Windows\\System32\\cmd.exe', FileSize: null, ProcessId: 5692, ProcessIntegrityLevel: 'High', ProcessCreationTime: '', InitiatingProcessFileName: 'powershell.exe',
        InitiatingProcessId: '', ReportId: 113597, AdditionalFields: '{"k":"v"}', IsProcessRemoteSession: '' },
    ]));
    const archive = join(dir.path, 'archive-ah');
    const [r] = await ingest([file], { archive });
    expect(r).toMatchObject({ status: 'ingested', table: 'DeviceProcessEvents', rows: 1, rejected: 0 });
    expect(r!.notes[0]).toMatch(/^table DeviceProcessEvents: 15 of its 15 columns are DeviceProcessEvents columns/);
    const [row] = await archiveRows(archive);
    expect(row).toMatchObject({
      Timestamp: '2021-08-02 13:11:39.772449', FileSize: null, ProcessCreationTime: null, InitiatingProcessId: null,
      IsProcessRemoteSession: null, ReportId: '113597', AdditionalFields: '{"k":"v"}', AccountName: '',
    });
  });

  it('reads a Log Analytics CSV export (TimeGenerated [UTC], portal date format, Type, extra columns)', async () => {
    const file = join(dir.path, 'la-export.csv');
    writeFileSync(file, [
      'TenantId,"TimeGenerated [UTC]",DeviceName,FileName,FolderPath,ProcessId,AdditionalFields,Type,_BilledSize',
      't-1,"8/2/2021, 1:08:43.123 PM",ws1,cmd.exe,C:\\Windows\\System32\\cmd.exe,12,"{""x"":1}",DeviceProcessEvents,512',
      't-1,"8/2/2021, 1:09:00.000 AM",ws1,,,,,DeviceNetworkEvents,100',
      't-1,"12/31/2021, 11:59:59 PM",ws2,net.exe,C:\\Windows\\System32\\net.exe,0x10,,DeviceProcessEvents,300',
    ].join('\r\n'));
    const archive = join(dir.path, 'archive-la');
    const [refused] = await ingest([file], { archive });
    expect(refused!.error).toMatch(/the Type column names several tables \(DeviceProcessEvents, DeviceNetworkEvents\); pass --table/);
    const [r] = await ingest([file], { archive, table: 'DeviceProcessEvents' });
    expect(r).toMatchObject({ status: 'ingested', table: 'DeviceProcessEvents', rows: 2, skipped: 1, rejected: 0, extraColumns: ['TenantId', '_BilledSize'] });
    expect(r!.notes).toEqual(expect.arrayContaining(['TimeGenerated used as Timestamp', 'rows whose Type is not DeviceProcessEvents are skipped']));
    const rows = await archiveRows(archive);
    expect(rows.map((x) => [x.Timestamp, x.FileName, x.ProcessId, x.AdditionalFields])).toEqual([
      ['2021-08-02 13:08:43.123', 'cmd.exe', '12', '{"x":1}'],
      ['2021-12-31 23:59:59', 'net.exe', '16', ''],
    ]);
    expect(rows[0]).not.toHaveProperty('TenantId');

    const kept = join(dir.path, 'archive-la-kept');
    await ingest([file], { archive: kept, table: 'DeviceProcessEvents', keepExtraColumns: true });
    expect((await archiveRows(kept)).map((x) => [x.TenantId, x._BilledSize])).toEqual([['t-1', '512'], ['t-1', '300']]);
  });

  it('reads a Log Analytics JSON export with AdditionalFields as an object', async () => {
    const file = join(dir.path, 'la-export.ndjson');
    writeFileSync(file, `${JSON.stringify({ TimeGenerated: '2021-08-02T13:08:43.5Z', Type: 'DeviceProcessEvents', DeviceName: 'ws1', FileName: 'a.exe', AdditionalFields: { x: [1, 2] } })}\n`);
    const archive = join(dir.path, 'archive-la-json');
    const [r] = await ingest([file], { archive });
    expect(r).toMatchObject({ status: 'ingested', rows: 1 });
    expect((await archiveRows(archive))[0]).toMatchObject({ Timestamp: '2021-08-02 13:08:43.5', AdditionalFields: '{"x":[1,2]}' });
  });
});
