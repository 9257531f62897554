import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commitStaged } from '../../src/archive/commit.js';
import { archiveTables, committedFiles, readManifest } from '../../src/archive/manifest.js';
import { acquireLock, recoverArchive } from '../../src/archive/staging.js';
import { tempDir } from '../helpers/duckdb.js';
import { FINGERPRINT_A, FINGERPRINT_B, stageParquet, treeHash, treeList } from './helpers.js';

let dir: ReturnType<typeof tempDir>;
let archive: string;
let staged: string;
const table = 'DeviceProcessEvents';

beforeEach(() => {
  dir = tempDir('kqlduck-commit-');
  archive = join(dir.path, 'archive');
  staged = join(dir.path, 'staged');
});
afterEach(() => dir.cleanup());

async function commitA(): Promise<void> {
  await stageParquet(join(dir.path, 'stagedA'), [{ date: '2024-01-01', rows: 3 }]);
  await commitStaged({ archive, table, staged: join(dir.path, 'stagedA'), fingerprint: FINGERPRINT_A, source: { path: 'a.jsonl' } });
}

describe('commitStaged', () => {
  it('moves staged partitions into place and records them in the manifest', async () => {
    await stageParquet(staged, [{ date: '2024-01-01', rows: 5 }, { date: '2024-01-02', rows: 2 }]);
    const rejects = join(dir.path, 'rejects.jsonl');
    writeFileSync(rejects, '{"row":1}\n');
    const summary = await commitStaged({ archive, table, staged, fingerprint: FINGERPRINT_B, source: { path: 'in/b.jsonl', format: 'ndjson', rejects: 1 }, rejectsFile: rejects });

    expect(summary).toMatchObject({ status: 'committed', rows: 7, partitions: ['2024-01-01', '2024-01-02'], rejectFile: 'rejects/b.jsonl.bbbbbbbb.jsonl' });
    expect(treeList(archive)).toEqual([
      'DeviceProcessEvents/',
      'DeviceProcessEvents/date=2024-01-01/',
      'DeviceProcessEvents/date=2024-01-01/part-bbbbbbbbbbbbbbbb-0000.parquet',
      'DeviceProcessEvents/date=2024-01-02/',
      'DeviceProcessEvents/date=2024-01-02/part-bbbbbbbbbbbbbbbb-0001.parquet',
      'manifest.json',
      'rejects/',
      'rejects/b.jsonl.bbbbbbbb.jsonl',
    ]);
    expect(existsSync(join(staged, 'date=2024-01-01', 'f0.parquet'))).toBe(false); // moved, not copied
    const m = await readManifest(archive);
    expect(archiveTables(m)).toEqual([table]);
    expect(m.tables[table]).toMatchObject({
      rows: 7, minTimestamp: '2024-01-01T00:00:00.000000Z', maxTimestamp: '2024-01-02T00:00:07.000000Z',
    });
    expect(m.tables[table]!.partitions['2024-01-01']).toMatchObject({ rows: 5, maxTimestamp: '2024-01-01T00:00:28.000000Z' });
    expect(m.sources[FINGERPRINT_B]).toMatchObject({
      path: 'in/b.jsonl', format: 'ndjson', table, rows: 7, rejects: 1, skipped: 0, rejectFile: 'rejects/b.jsonl.bbbbbbbb.jsonl',
    });
    expect(committedFiles(m, table)).toHaveLength(2);
  });

  it('appends without overwriting and is idempotent per fingerprint', async () => {
    await commitA();
    await stageParquet(staged, [{ date: '2024-01-01', rows: 4 }]);
    await commitStaged({ archive, table, staged, fingerprint: FINGERPRINT_B, source: { path: 'b' } });
    const m = await readManifest(archive);
    expect(m.tables[table]!.partitions['2024-01-01']!.files.map((f) => [f.path, f.rows])).toEqual([
      ['DeviceProcessEvents/date=2024-01-01/part-aaaaaaaaaaaaaaaa-0000.parquet', 3],
      ['DeviceProcessEvents/date=2024-01-01/part-bbbbbbbbbbbbbbbb-0000.parquet', 4],
    ]);

    const before = treeHash(archive);
    const again = join(dir.path, 'again');
    await stageParquet(again, [{ date: '2024-01-01', rows: 4 }]);
    const summary = await commitStaged({ archive, table, staged: again, fingerprint: FINGERPRINT_B, source: { path: 'b' } });
    expect(summary.status).toBe('already-ingested');
    expect(summary.previous?.path).toBe('b');
    expect(treeHash(archive)).toBe(before);
  });

  it.each([
    ['before the first rename', { beforeRename: () => { throw new Error('crash'); } }],
    ['after the first rename', { afterRename: () => { throw new Error('crash'); } }],
    ['before the manifest is written', { beforeManifest: () => { throw new Error('crash'); } }],
  ])('leaves the archive byte-for-byte unchanged when it fails %s', async (_when, hooks) => {
    await commitA();
    const before = treeHash(archive);
    await stageParquet(staged, [{ date: '2024-01-01', rows: 2 }, { date: '2024-01-05', rows: 2 }]);
    writeFileSync(join(dir.path, 'r.jsonl'), '{}\n');
    await expect(commitStaged({ archive, table, staged, fingerprint: FINGERPRINT_B, source: { path: 'b' }, rejectsFile: join(dir.path, 'r.jsonl'), hooks }))
      .rejects.toThrow('crash');
    expect(treeHash(archive)).toBe(before);
    // the staged files are back where the caller left them
    expect(existsSync(join(staged, 'date=2024-01-05', 'f1.parquet'))).toBe(true);
  });

  it('rolls back, on the next run, a commit whose process was killed mid-way', async () => {
    await commitA();
    const before = treeHash(archive);
    await stageParquet(staged, [{ date: '2024-01-01', rows: 2 }, { date: '2024-01-07', rows: 2 }]);
    const script = fileURLToPath(new URL('./kill-mid-commit.script.ts', import.meta.url));
    const child = spawnSync(process.execPath, ['--import', 'tsx', script, archive, staged, FINGERPRINT_B], { encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');
    // The dead process left a file in place, its journal and its lock.
    expect(treeList(archive)).toContain('DeviceProcessEvents/date=2024-01-01/part-bbbbbbbbbbbbbbbb-0000.parquet');
    expect(existsSync(join(archive, '.lock'))).toBe(true);

    const release = await acquireLock(archive, { timeoutMs: 5000 });
    try {
      expect(await recoverArchive(archive)).toHaveLength(1);
    } finally {
      await release();
    }
    expect(treeHash(archive)).toBe(before);
    expect((await readManifest(archive)).sources[FINGERPRINT_B]).toBeUndefined();
  });

  it('refuses staged files whose rows are not on their partition date', async () => {
    await commitA();
    const before = treeHash(archive);
    await stageParquet(staged, [{ date: '2024-01-02', rows: 3, offsetDays: 1 }]);
    await expect(commitStaged({ archive, table, staged, fingerprint: FINGERPRINT_B, source: { path: 'b' } }))
      .rejects.toThrow(/3 rows whose Timestamp is not on 2024-01-02/);
    expect(treeHash(archive)).toBe(before);
  });

  it('refuses a staged folder that is not date=YYYY-MM-DD/*.parquet', async () => {
    mkdirSync(join(staged, 'day1'), { recursive: true });
    await expect(commitStaged({ archive, table, staged, fingerprint: FINGERPRINT_B, source: { path: 'b' } })).rejects.toThrow(/expected only date=YYYY-MM-DD/);
  });

  it('waits for a live lock and names its holder when it gives up', async () => {
    await commitA();
    const release = await acquireLock(archive);
    try {
      await stageParquet(staged, [{ date: '2024-01-01', rows: 1 }]);
      await expect(commitStaged({ archive, table, staged, fingerprint: FINGERPRINT_B, source: { path: 'b' }, lockTimeoutMs: 300 }))
        .rejects.toThrow(new RegExp(`locked by process ${process.pid}`));
    } finally {
      await release();
    }
  });

  it('breaks the lock of a dead process', async () => {
    await commitA();
    writeFileSync(join(archive, '.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname(), startedAt: '' }));
    await stageParquet(staged, [{ date: '2024-01-01', rows: 1 }]);
    const s = await commitStaged({ archive, table, staged, fingerprint: FINGERPRINT_B, source: { path: 'b' }, lockTimeoutMs: 2000 });
    expect(s.status).toBe('committed');
    expect(existsSync(join(archive, '.lock'))).toBe(false);
    expect(JSON.parse(readFileSync(join(archive, 'manifest.json'), 'utf8')).tables[table].rows).toBe(4);
  });
});
