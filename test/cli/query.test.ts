/**
 * `kqlduck query` and `kqlduck translate` end to end, as a user runs them (bin/kqlduck.js): the T1204
 * rule from standard input over a Parquet file, diagnostics with a caret.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { findRule } from '../../src/detections/rules.js';
import { builtinTables } from '../../src/schema/registry.js';
import { expectedDetections, fixtureParquetSql, NOW } from '../fixtures/t1204-rows.js';
import { tempDir, withDuckDB } from '../helpers/duckdb.js';

const BIN = fileURLToPath(new URL('../../bin/kqlduck.js', import.meta.url));
const rule = findRule('T1204')!;
const dir = tempDir('kqlduck-cli-query-');
const file = join(dir.path, 'DeviceProcessEvents.parquet');

const kqlduck = (args: string[], input?: string) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input });

beforeAll(async () => {
  await withDuckDB((run) => run(fixtureParquetSql(file)));
});
afterAll(() => dir.cleanup());

describe('kqlduck query', () => {
  it('runs the T1204 rule read from standard input and prints Kusto\'s rows as JSON', () => {
    const r = kqlduck(['query', '--table', `DeviceProcessEvents=${file}`, '--now', NOW, '--format', 'json'], rule.kql);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { columns: Array<{ name: string; type: string }>; rows: unknown[][] };
    expect(out.columns.map((c) => c.name)).toEqual(['Timestamp', 'DeviceName', 'AccountName', 'FileName', 'FolderPath',
      'ProcessCommandLine', 'InitiatingProcessFileName', 'InitiatingProcessCommandLine', 'DetectionCategory']);
    expect(out.rows).toEqual(expectedDetections().map((d) => [
      d.Timestamp, d.DeviceName ?? '', d.AccountName ?? '', d.FileName ?? '', d.FolderPath ?? '',
      d.ProcessCommandLine ?? '', d.InitiatingProcessFileName ?? '', d.InitiatingProcessCommandLine ?? '', d.expect,
    ]));
  }, 60_000);

  it('prints a diagnostic with the query line and a caret, and exits 1', () => {
    const r = kqlduck(['query', '--table', `DeviceProcessEvents=${file}`, 'DeviceProcessEvents | where FileNme has "cmd.exe"']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("error[KS142] at 1:29: The name 'FileNme' does not refer to any known column");
    expect(r.stderr).toContain('    |                             ^^^^^^^');
  }, 60_000);
});

describe('kqlduck translate', () => {
  it('prints the SQL compile() gives', () => {
    const r = kqlduck(['translate', '--now', NOW], rule.kql);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${compile(rule.kql, { tables: [...builtinTables().values()], now: new Date(NOW) }).sql};\n`);
  }, 60_000);
});
