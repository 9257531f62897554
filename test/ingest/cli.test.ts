/** `kqlduck ingest` end to end: summary on stdout, plain progress lines on a non-terminal stderr, exit codes. */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { register } from '../../src/cli/commands/ingest.js';
import { CliError } from '../../src/cli/exit.js';
import { tempDir } from '../helpers/duckdb.js';
import { FIXTURES } from './helpers.js';

const BIN = fileURLToPath(new URL('../../bin/kqlduck.js', import.meta.url));
const dir = tempDir('kqlduck-cli-');
afterAll(() => dir.cleanup());

function kqlduck(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
}

describe('kqlduck ingest', () => {
  it('reports each source, and exits 1 naming the one that failed', () => {
    const broken = join(dir.path, 'broken.jsonl');
    writeFileSync(broken, '{"EventID": 1,\n');
    const archive = join(dir.path, 'archive');
    const r = kqlduck('ingest', '--into', archive, join(FIXTURES, 'ID4688-Edge_payload_download_via_command.jsonl'), broken);
    expect(r.status).toBe(1);
    const [header, rule, edge, failed] = r.stdout.split('\n');
    expect(header).toMatch(/^source\s+format\s+table\s+rows\s+rejected\s+skipped\s+partitions\s+status$/);
    expect(rule).toMatch(/^-+\s+-+/);
    expect(edge).toMatch(/^ID4688-Edge_payload_download_via_command\.jsonl\s+ndjson\s+DeviceProcessEvents\s+7\s+0\s+0\s+2022-01-06\s+ingested$/);
    expect(failed).toMatch(/^broken\.jsonl\s+ndjson\s+-\s+0\s+0\s+0\s+-\s+FAILED$/);
    expect(r.stdout).toMatch(/broken\.jsonl: FAILED: .*Malformed JSON in file "broken\.jsonl".*\(nothing written\)/);
    expect(r.stderr).toMatch(/\[1\/2\] ID4688-Edge_payload_download_via_command\.jsonl: committing/);
    expect(r.stderr).toMatch(/1 of 2 sources failed/);
  });

  it('refuses an unknown table as a usage error (exit code 2)', async () => {
    const program = new Command('kqlduck').exitOverride();
    register(program);
    const run = program.parseAsync(['node', 'kqlduck', 'ingest', '--into', join(dir.path, 'x'), '--table', 'NoSuchTable', 'whatever.csv']);
    await expect(run).rejects.toBeInstanceOf(CliError);
    await expect(run).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/^unknown table NoSuchTable; known tables: DeviceEvents, /) });
  });

  it('refuses a memory limit that is not a size as a usage error', async () => {
    const program = new Command('kqlduck').exitOverride();
    register(program);
    const run = program.parseAsync(['node', 'kqlduck', 'ingest', '--into', join(dir.path, 'x'), '--memory-limit', 'lots', 'whatever.csv']);
    await expect(run).rejects.toMatchObject({ exitCode: 2, message: '--memory-limit lots: expected a size such as 512MB or 4GB' });
  });

  it('stages under the memory limit it is given, and says so when a source does not fit', () => {
    const source = join(FIXTURES, 'ID4688-Edge_payload_download_via_command.jsonl');
    const archive = join(dir.path, 'limited');
    // DuckDB's JSON reader needs far more than 1MB: the limit is applied, and the failure names it
    const tight = kqlduck('ingest', '--into', archive, '--memory-limit', '1MB', '--no-progress', source);
    expect(tight.status).toBe(1);
    expect(tight.stdout).toMatch(/FAILED: ran out of memory under the 1MB memory limit \(--memory-limit\): Out of Memory Error: .*\(nothing written\)/);
    expect(existsSync(join(archive, 'DeviceProcessEvents'))).toBe(false);
    // the JSON reader's buffers (two 64 MiB objects per thread, src/ingest/readers.ts) fit in 512MB
    const roomy = kqlduck('ingest', '--into', archive, '--memory-limit', '512MB', '--no-progress', source);
    expect(roomy.status).toBe(0);
    expect(roomy.stdout).toMatch(/DeviceProcessEvents\s+7\s+0\s+0\s+2022-01-06\s+ingested/);
  });
});
