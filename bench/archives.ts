/** Generated archives for the bench: bench/data/<size>/, made once with `kqlduck gen` and reused. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const BENCH_DATA = resolve('bench/data');
/** The generated window ends here (exclusive); the rule's `now` in the bench is this instant. */
export const END = '2026-11-30T00:00:00Z';
export const DAYS = 90;
export const SIZES: Record<string, number> = { '1m': 1_000_000, '10m': 10_000_000, '50m': 50_000_000 };

export interface Archive { size: string; rows: number; path: string; groundTruth: string; genSeconds?: number }

/** The archive of this size, generated first when it is missing (deterministic: seed 1). */
export function ensureArchive(size: string): Archive {
  const rows = SIZES[size];
  if (!rows) throw new Error(`unknown size ${size}; use one of ${Object.keys(SIZES).join(', ')}`);
  const path = join(BENCH_DATA, size);
  const groundTruth = join(path, 'DeviceProcessEvents.ground-truth.parquet');
  if (!existsSync(join(path, 'manifest.json')) || !existsSync(groundTruth)) {
    process.stderr.write(`bench: generating ${size} rows over ${DAYS} days into ${path} …\n`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'gen', '--rows', String(rows), '--days', String(DAYS),
      '--end', END.slice(0, 10), '--seed', '1', '--into', path, '--json', '--no-progress'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`kqlduck gen failed: ${r.stderr}`);
    return { size, rows, path, groundTruth, genSeconds: (JSON.parse(r.stdout) as { seconds: number }).seconds };
  }
  const manifest = JSON.parse(readFileSync(join(path, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  void manifest;
  return { size, rows, path, groundTruth };
}
