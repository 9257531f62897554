/**
 * `kqlduck gen` end to end on a small archive (40k rows over 5 days): layout, schema, sorting,
 * determinism, idempotence, and the ground truth checked two ways — against the rows actually written,
 * and against an independent SQL mirror of the T1204 rule with Kusto's term semantics.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenConflictError, generate, groundTruthPath, type GenOptions, type GenResult } from '../../src/gen/generate.js';
import { GROUND_TRUTH_COLUMNS } from '../../src/gen/ground-truth.js';
import { SCENARIOS } from '../../src/gen/scenarios.js';
import { DUCKDB_TYPE_OF } from '../../src/schema/kusto-types.js';
import { builtinTable } from '../../src/schema/registry.js';
import { tempDir, withDuckDB } from '../helpers/duckdb.js';
import { t1204MirrorSql } from './t1204-mirror.js';

const ROWS = 40_000;
const args = (archive: string, seed = 7): GenOptions => ({ archive, rows: ROWS, days: 5, end: new Date('2026-11-30T00:00:00Z'), seed, workers: 2 });

const tmp = tempDir('kqlduck-gen-');
const A = join(tmp.path, 'a');
let result: GenResult;
let files: string[];

function parquetFiles(archive: string): string[] {
  const dir = join(archive, 'DeviceProcessEvents');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.parquet')).map((f) => join(dir, f)).sort();
}
const list = (paths: string[]) => `[${paths.map((p) => `'${p}'`).join(', ')}]`;
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const contentHash = (archive: string) => createHash('sha256').update(
  [...parquetFiles(archive), groundTruthPath(archive)].map((p) => `${relative(archive, p)}:${sha(p)}`).join('\n'),
).digest('hex');

beforeAll(async () => {
  result = await generate(args(A));
  files = parquetFiles(A);
}, 120_000);

afterAll(() => tmp.cleanup());

describe('kqlduck gen', () => {
  it('reports what it wrote', () => {
    expect(result.status).toBe('committed');
    expect(result.rows).toBe(ROWS);
    expect(result.partitions).toEqual(['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']);
    expect(result.files).toBe(files.length);
    expect(result.bytes).toBeGreaterThan(0);
    expect(result.scenariosCovered).toBe(SCENARIOS.length);
    expect(existsSync(join(A, '.staging'))).toBe(false);
  });

  it('writes all 66 official columns with their DuckDB types, in order', async () => {
    const schema = builtinTable('DeviceProcessEvents')!;
    expect(schema.columns).toHaveLength(66);
    const got = await withDuckDB((run) => run(`DESCRIBE SELECT * FROM read_parquet(${list(files)}, hive_partitioning = false)`));
    expect(got.map((r) => [r.column_name, r.column_type])).toEqual(schema.columns.map((c) => [c.name, DUCKDB_TYPE_OF[c.type]]));
  });

  it('lays files out by UTC day, zstd, ~100k-row row groups, sorted by Timestamp, registered in the manifest', async () => {
    for (const f of files) expect(relative(A, f)).toMatch(/^DeviceProcessEvents\/date=\d{4}-\d{2}-\d{2}\/part-[0-9a-f]{16}-\d{4}\.parquet$/);
    await withDuckDB(async (run) => {
      const meta = await run(`SELECT DISTINCT compression FROM parquet_metadata(${list(files)})`);
      expect(meta.map((r) => r.compression)).toEqual(['ZSTD']);
      const groups = await run(`SELECT max(row_group_num_rows) AS mx FROM parquet_metadata(${list(files)})`);
      expect(Number(groups[0]!.mx)).toBeLessThanOrEqual(102_400);
      const [check] = await run(`SELECT count(*) AS n, count(DISTINCT ReportId) AS ids,
          count(*) FILTER (WHERE CAST(Timestamp AS DATE) <> CAST(regexp_extract(src_file, 'date=([0-9-]+)', 1) AS DATE)) AS outside,
          count(*) FILTER (WHERE unsorted) AS unsorted
        FROM (SELECT *, Timestamp < lag(Timestamp) OVER (PARTITION BY src_file ORDER BY file_row_number) AS unsorted
              FROM read_parquet(${list(files)}, hive_partitioning = false, filename = 'src_file', file_row_number = true))`);
      expect(check).toMatchObject({ n: BigInt(ROWS), ids: BigInt(ROWS), outside: 0n, unsorted: 0n });
    });
    const manifest = JSON.parse(readFileSync(join(A, 'manifest.json'), 'utf8'));
    expect(manifest.tables.DeviceProcessEvents.rows).toBe(ROWS);
    expect(manifest.sources[result.fingerprint].format).toBe('gen');
  });

  it('looks like Defender data: realistic values, lower-case names, some NULL cells, a diurnal curve', async () => {
    const [s] = await withDuckDB((run) => run(`SELECT
        count(DISTINCT FileName) AS names, count(DISTINCT DeviceName) AS devices, count(DISTINCT AccountName) AS accounts,
        count(*) FILTER (WHERE NOT ends_with(FolderPath, '\\' || FileName) AND FileName <> 'System') AS bad_paths,
        count(*) FILTER (WHERE NOT regexp_full_match(SHA256, '[0-9a-f]{64}') OR NOT regexp_full_match(SHA1, '[0-9a-f]{40}') OR NOT regexp_full_match(MD5, '[0-9a-f]{32}')) AS bad_hashes,
        count(*) FILTER (WHERE DeviceName <> lower(DeviceName) OR AccountName <> lower(AccountName) OR InitiatingProcessFolderPath <> lower(InitiatingProcessFolderPath)) AS not_lower,
        count(*) FILTER (WHERE InitiatingProcessCommandLine IS NULL) AS null_parent_cmd,
        count(*) FILTER (WHERE ProcessVersionInfoCompanyName IS NULL) AS null_company,
        count(*) FILTER (WHERE hour(Timestamp) BETWEEN 13 AND 16) AS afternoon,
        count(*) FILTER (WHERE hour(Timestamp) BETWEEN 0 AND 3) AS night,
        count(*) FILTER (WHERE ProcessId % 4 <> 0 OR InitiatingProcessCreationTime > Timestamp) AS bad_process,
        count(*) FILTER (WHERE InitiatingProcessFileName = 'explorer.exe') AS explorer_children,
        count(*) FILTER (WHERE InitiatingProcessFileName IN ('winword.exe', 'chrome.exe', 'msedge.exe', 'outlook.exe')) AS office_browser_children
      FROM read_parquet(${list(files)}, hive_partitioning = false)`));
    expect(Number(s!.names)).toBeGreaterThan(200);
    expect(Number(s!.devices)).toBeGreaterThan(90);
    expect(Number(s!.accounts)).toBeGreaterThan(90);
    expect(s).toMatchObject({ bad_paths: 0n, bad_hashes: 0n, not_lower: 0n, bad_process: 0n });
    expect(Number(s!.null_parent_cmd)).toBeGreaterThan(0);
    expect(Number(s!.null_company)).toBeGreaterThan(0);
    expect(Number(s!.afternoon)).toBeGreaterThan(2 * Number(s!.night));
    expect(Number(s!.explorer_children)).toBeGreaterThan(0);
    expect(Number(s!.office_browser_children)).toBeGreaterThan(ROWS / 50);
  });

  it('writes a ground truth whose rows are exactly the generated rows', async () => {
    const gt = groundTruthPath(A);
    await withDuckDB(async (run) => {
      const cols = await run(`DESCRIBE SELECT * FROM read_parquet('${gt}')`);
      expect(cols.map((r) => [r.column_name, r.column_type])).toEqual(GROUND_TRUTH_COLUMNS);
      const scenarios = await run(`SELECT count(DISTINCT Scenario) AS n FROM read_parquet('${gt}')`);
      expect(Number(scenarios[0]!.n)).toBe(SCENARIOS.length);
      const data = ['Timestamp', 'DeviceId', 'DeviceName', 'AccountName', 'FileName', 'FolderPath', 'ProcessCommandLine', 'InitiatingProcessFileName', 'InitiatingProcessCommandLine'];
      const [cmp] = await run(`SELECT count(*) AS n, count(d.ReportId) AS found,
          count(*) FILTER (WHERE ${data.map((c) => `g.${c} IS DISTINCT FROM d.${c}`).join(' OR ')}) AS differ
        FROM read_parquet('${gt}') g LEFT JOIN read_parquet(${list(files)}, hive_partitioning = false) d ON d.ReportId = g.ReportId`);
      expect(Number(cmp!.n)).toBe(result.injectedRows);
      expect(cmp!.found).toBe(cmp!.n);
      expect(cmp!.differ).toBe(0n);
    });
  });

  it('labels exactly the rows the T1204 rule reports, with its DetectionCategory', async () => {
    await withDuckDB(async (run) => {
      const reported = await run(`SELECT ReportId, DetectionCategory FROM (${t1204MirrorSql(`read_parquet(${list(files)}, hive_partitioning = false)`)}) ORDER BY ReportId`);
      const expected = await run(`SELECT ReportId, DetectionCategory FROM read_parquet('${groundTruthPath(A)}') WHERE ExpectedRule = 'T1204' ORDER BY ReportId`);
      expect(reported.length).toBeGreaterThan(30);
      expect(reported).toEqual(expected);
      const none = await run(`SELECT count(*) AS n FROM read_parquet('${groundTruthPath(A)}') WHERE ExpectedRule = 'none' AND DetectionCategory IS NULL`);
      expect(Number(none[0]!.n)).toBeGreaterThan(20);
    });
  }, 60_000);

  it('is deterministic: same seed and arguments give the same bytes, another seed other data', async () => {
    const B = join(tmp.path, 'b');
    const C = join(tmp.path, 'c');
    await generate({ ...args(B), workers: 1 });
    await generate(args(C, 8));
    expect(parquetFiles(B).map((f) => relative(B, f))).toEqual(files.map((f) => relative(A, f)));
    expect(contentHash(B)).toBe(contentHash(A));
    expect(contentHash(C)).not.toBe(contentHash(A));
    rmSync(B, { recursive: true });
    rmSync(C, { recursive: true });
  }, 120_000);

  it('is idempotent, restores a lost ground truth, and refuses a second generated run in one archive', async () => {
    const before = contentHash(A);
    expect((await generate(args(A))).status).toBe('already-generated');
    rmSync(groundTruthPath(A));
    expect((await generate(args(A))).status).toBe('ground-truth-restored');
    expect(contentHash(A)).toBe(before);
    await expect(generate(args(A, 99))).rejects.toBeInstanceOf(GenConflictError);
    expect(contentHash(A)).toBe(before);
    expect(existsSync(join(A, '.staging'))).toBe(false);
  }, 60_000);
});
