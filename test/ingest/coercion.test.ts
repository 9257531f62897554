/** Coercion to the schema's Kusto types, table-driven in DuckDB, and the reject file for rows that do not convert. */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coerce } from '../../src/ingest/coerce.js';
import type { KustoType } from '../../src/schema/kusto-types.js';
import { sqlString } from '../../src/sql/quote.js';
import { tempDir } from '../helpers/duckdb.js';
import { queryRows, withDuckDB } from '../../src/archive/duckdb.js';
import { archiveRows, ingest } from './helpers.js';

const dir = tempDir('kqlduck-coerce-');
afterAll(() => dir.cleanup());

/** [Kusto type, source text, expected value as DuckDB prints it (null: absent), rejected?] */
const CASES: Array<[KustoType, string | null, string | null, boolean]> = [
  ['datetime', '2021-08-02T13:08:43.1234567Z', '2021-08-02 13:08:43.123456', false], // Defender: 7 digits, tick truncated
  ['datetime', '2022-08-08 19:29:56.917', '2022-08-08 19:29:56.917', false], // Sysmon UtcTime
  ['datetime', '2024-01-01T12:00:00+02:00', '2024-01-01 10:00:00', false], // offsets honoured
  ['datetime', '8/2/2021, 1:08:43.123 PM', '2021-08-02 13:08:43.123', false], // Log Analytics portal export
  ['datetime', '12/31/2021, 11:59:59 PM', '2021-12-31 23:59:59', false],
  ['datetime', '', null, false],
  ['datetime', 'yesterday', null, true],
  ['long', '0x1a2c', '6700', false], // 4688 process ids
  ['long', '0x000000000002b4c2', '177346', false], // Sysmon LogonId
  ['long', ' 42 ', '42', false],
  ['long', '12abc', null, true],
  ['long', '99999999999999999999', null, true], // overflow
  ['int', '2147483648', null, true],
  ['real', '1.5e3', '1500.0', false],
  ['bool', 'True', 'true', false],
  ['bool', '0', 'false', false],
  ['bool', 'maybe', null, true],
  ['string', null, '', false], // Kusto strings are never null
  ['string', '  keep spaces ', '  keep spaces ', false],
  ['dynamic', '{"a":[1,2]}', '{"a":[1,2]}', false],
  ['dynamic', 'plain text', '"plain text"', false], // todynamic("plain text") is a string
  ['guid', '{625B42A0-6434-62F1-2606-000000000900}', '625b42a0-6434-62f1-2606-000000000900', false],
  ['guid', 'not-a-guid', null, true],
  ['timespan', '1.02:03:04.5', '1 day 02:03:04.5', false],
  ['timespan', '-00:00:01', '-00:00:01', false],
  ['timespan', 'soon', null, true],
  ['decimal', '1.25', '1.2500000000', false],
];

describe('coerce (text sources)', () => {
  it('converts or rejects every case as Kusto would', async () => {
    await withDuckDB(async (c) => {
      for (const [type, text, expected, rejected] of CASES) {
        const k = coerce('s', 'VARCHAR', type);
        const [row] = await queryRows(c, `SELECT CAST(v AS VARCHAR) AS v, coalesce(${k.present ?? 'false'} AND v IS NULL, false) AS bad
          FROM (SELECT s, ${k.value} AS v FROM (SELECT CAST(${text === null ? 'NULL' : sqlString(text)} AS VARCHAR) AS s))`);
        expect({ type, text, v: row!.v, bad: row!.bad }).toEqual({ type, text, v: expected, bad: rejected });
      }
    });
  });

  it('converts typed sources directly', async () => {
    await withDuckDB(async (c) => {
      const cases: Array<[string, string, KustoType, string | null]> = [
        [`TIMESTAMPTZ '2024-01-01 12:00:00+02'`, 'TIMESTAMP WITH TIME ZONE', 'datetime', '2024-01-01 10:00:00'],
        [`TIMESTAMP_NS '2024-01-01 12:00:00.123456789'`, 'TIMESTAMP_NS', 'datetime', '2024-01-01 12:00:00.123456'],
        [`42::INTEGER`, 'INTEGER', 'long', '42'],
        [`{'a': 1}`, 'STRUCT(a INTEGER)', 'string', '{"a":1}'],
        [`[1, 2]`, 'INTEGER[]', 'dynamic', '[1,2]'],
        [`1.5::DOUBLE`, 'DOUBLE', 'datetime', null],
      ];
      for (const [expr, type, kusto, expected] of cases) {
        const k = coerce(`(${expr})`, type, kusto);
        const [row] = await queryRows(c, `SELECT CAST(${k.value} AS VARCHAR) AS v`);
        expect([expr, row!.v]).toEqual([expr, expected]);
      }
    });
  });
});

describe('rows that cannot be coerced', () => {
  it('go to ARCHIVE/rejects/<source>.<fp8>.jsonl with file, row, column, value and reason', async () => {
    const file = join(dir.path, 'mixed.csv');
    writeFileSync(file, [
      'Timestamp,DeviceName,FileName,ProcessId,IsProcessRemoteSession,FileSize,Unknown',
      '2024-01-01 10:00:00,ws1,ok.exe,0x1a2c,True, ,x', // row 1: good (blank FileSize is absent, not bad)
      '2024-01-01 10:01:00,ws1,bad.exe,abc,false,1,x', // row 2: ProcessId
      'yesterday,ws1,bad.exe,1,false,1,x', // row 3: Timestamp
      ',ws1,bad.exe,1,false,1,x', // row 4: no Timestamp
      '2024-01-01 10:02:00,ws1,bad.exe,x,maybe,1,x', // row 5: two bad cells
      '2024-01-02T00:30:00+02:00,ws2,late.exe,7,,,x', // row 6: good, 2024-01-01 22:30 UTC
    ].join('\n'));
    const archive = join(dir.path, 'archive');
    const [r] = await ingest([file], { archive, table: 'DeviceProcessEvents' });
    expect(r).toMatchObject({ status: 'ingested', sourceRows: 6, rows: 2, rejected: 4, skipped: 0, extraColumns: ['Unknown'], partitions: ['2024-01-01'] });
    expect(r!.rejectFile).toMatch(/^rejects\/mixed\.csv\.[0-9a-f]{8}\.jsonl$/);
    const lines = readFileSync(join(archive, r!.rejectFile!), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { file, row: 2, column: 'ProcessId', value: 'abc', reason: 'not a valid long' },
      { file, row: 3, column: 'Timestamp', value: 'yesterday', reason: 'not a valid datetime' },
      { file, row: 4, column: 'Timestamp', value: null, reason: 'missing Timestamp (needed to place the row in a date partition)' },
      { file, row: 5, column: 'ProcessId', value: 'x', reason: 'not a valid long' },
      { file, row: 5, column: 'IsProcessRemoteSession', value: 'maybe', reason: 'not a valid bool' },
    ]);
    const rows = await archiveRows(archive);
    expect(rows.map((x) => [x.Timestamp, x.FileName, x.ProcessId, x.IsProcessRemoteSession, x.FileSize])).toEqual([
      ['2024-01-01 10:00:00', 'ok.exe', '6700', true, null],
      ['2024-01-01 22:30:00', 'late.exe', '7', null, null],
    ]);
    // no ReportId column in the source: a deterministic one is derived from the row's content
    expect(rows.every((x) => Number(x.ReportId) > 0)).toBe(true);
    const [again] = await ingest([file], { archive: join(dir.path, 'archive2'), table: 'DeviceProcessEvents' });
    expect(again!.rows).toBe(2);
    expect((await archiveRows(join(dir.path, 'archive2'))).map((x) => x.ReportId)).toEqual(rows.map((x) => x.ReportId));
  });
});
