import { relative } from 'node:path';
import type { Command } from 'commander';
import { CliError, EXIT_QUERY_ERROR, EXIT_USAGE } from '../exit.js';
import { defaultEnd, GenConflictError, generate, type GenResult } from '../../gen/generate.js';
import { createGenProgress, formatBytes, formatCount } from '../../gen/progress.js';

interface GenCliOptions {
  rows: string;
  days: string;
  end?: string;
  seed: string;
  into: string;
  workers?: string;
  fileRows?: string;
  devices?: string;
  json?: boolean;
  progress: boolean;
}

/** `1000000`, `1e6`, `10M`, `2.5k`, `1_000_000` → an integer, or a usage error. */
export function parseCount(text: string, what: string, min = 1): number {
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)([kmg]?)$/i.exec(text.replaceAll('_', '').trim());
  const scale = { '': 1, k: 1e3, m: 1e6, g: 1e9 }[(m?.[2] ?? '').toLowerCase() as '' | 'k' | 'm' | 'g'];
  const n = m ? Number(m[1]) * scale : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new CliError(`kqlduck gen: ${what} must be an integer ≥ ${min}, got ${JSON.stringify(text)}`, EXIT_USAGE);
  return n;
}

/** `2026-11-30` (midnight UTC) or an ISO date-time (UTC unless it names a zone). */
export function parseEnd(text: string): Date {
  const t = text.trim();
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(t) ? t : `${t}Z`;
  const d = new Date(iso);
  if (!/^\d{4}-\d{2}-\d{2}/.test(t) || Number.isNaN(d.getTime())) throw new CliError(`kqlduck gen: --end must be an ISO date or date-time, got ${JSON.stringify(text)}`, EXIT_USAGE);
  return d;
}

export function register(program: Command): void {
  program
    .command('gen')
    .description('generate deterministic synthetic DeviceProcessEvents, with labelled T1204 activity and a ground-truth file, into an archive')
    .requiredOption('--rows <n>', 'rows to generate (1000000, 1e6, 10M …)')
    .requiredOption('--days <d>', 'days of telemetry, ending at --end')
    .option('--end <iso>', 'exclusive end of the window (date or date-time, UTC); default: today 00:00 UTC')
    .option('--seed <s>', 'seed: same seed and arguments give byte-identical files', '1')
    .requiredOption('--into <archive>', 'archive folder (created if missing)')
    .option('--workers <n>', 'parallel single-threaded DuckDB writers (default: number of cores)')
    .option('--file-rows <n>', 'at most this many rows per Parquet file (default 2000000)')
    .option('--devices <n>', 'fleet size (default: rows/400, between 50 and 5000)')
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'no progress output on stderr')
    .addHelpText('after', `
Writes ARCHIVE/DeviceProcessEvents/date=YYYY-MM-DD/*.parquet (all 66 columns, zstd, sorted by Timestamp,
~100k-row row groups), registers the files in ARCHIVE/manifest.json, and writes every injected row with
the T1204 rule's expected answer to ARCHIVE/DeviceProcessEvents.ground-truth.parquet.

Examples:
  kqlduck gen --rows 1M --days 7 --end 2026-11-30 --into bench/data/archive
  kqlduck gen --rows 100M --days 90 --seed 42 --into /data/archive
  kqlduck query --data bench/data/archive --now 2026-11-30T00:00:00Z < src/detections/rules/T1204.kql`)
    .action(async (o: GenCliOptions) => {
      const rows = parseCount(o.rows, '--rows');
      const days = parseCount(o.days, '--days');
      const seed = parseCount(o.seed, '--seed', 0);
      if (seed > 0xffffffff) throw new CliError('kqlduck gen: --seed must be at most 4294967295', EXIT_USAGE);
      const end = o.end ? parseEnd(o.end) : defaultEnd();
      const controller = new AbortController();
      const onSigint = () => {
        process.stderr.write('\nkqlduck gen: interrupting…\n');
        controller.abort();
      };
      process.once('SIGINT', onSigint);
      const progress = o.progress && !o.json ? createGenProgress() : undefined;
      let result: GenResult;
      try {
        result = await generate({
          archive: o.into, rows, days, end, seed,
          workers: o.workers ? parseCount(o.workers, '--workers') : undefined,
          fileRows: o.fileRows ? parseCount(o.fileRows, '--file-rows') : undefined,
          devices: o.devices ? parseCount(o.devices, '--devices') : undefined,
          signal: controller.signal,
          onProgress: progress ? (e) => progress.update(e) : undefined,
        });
      } catch (err) {
        if (controller.signal.aborted) throw new CliError('kqlduck gen: interrupted; the archive is unchanged', 130);
        if (err instanceof GenConflictError) throw new CliError(`kqlduck gen: ${err.message}`, EXIT_QUERY_ERROR);
        if (err instanceof RangeError) throw new CliError(`kqlduck gen: ${err.message}`, EXIT_USAGE);
        throw err;
      } finally {
        progress?.end();
        process.removeListener('SIGINT', onSigint);
      }
      process.stdout.write(o.json ? `${JSON.stringify(result, null, 2)}\n` : summary(result));
    });
}

/** A path relative to the working directory when it lies below it, else absolute. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

function summary(r: GenResult): string {
  const where = shown(r.archive);
  const gt = shown(r.groundTruth);
  if (r.status === 'already-generated') return `${where} already holds this run (fingerprint ${r.fingerprint.slice(0, 16)}); nothing to do\n`;
  if (r.status === 'ground-truth-restored') return `${where} already holds this run; rewrote its ground truth ${gt} (${formatCount(r.injectedRows)} rows)\n`;
  const rate = r.seconds > 0 ? r.rows / r.seconds : 0;
  const first = r.partitions[0];
  const last = r.partitions[r.partitions.length - 1];
  return [
    `generated ${formatCount(r.rows)} DeviceProcessEvents rows over ${r.days} day${r.days === 1 ? '' : 's'} (${first}${last !== first ? ` … ${last}` : ''}) into ${where}`,
    `  ${r.files} file${r.files === 1 ? '' : 's'} · ${formatBytes(r.bytes)} · ${r.seconds.toFixed(1)} s · ${formatCount(rate)} rows/s · ${formatCount(r.devices)} devices`,
    `  ${formatCount(r.injections)} injected events (${formatCount(r.injectedRows)} rows) covering ${r.scenariosCovered} of ${r.scenarioCount} scenarios${r.scenariosCovered < r.scenarioCount ? ' (more rows or days cover the rest)' : ''}`,
    `  ground truth: ${gt}`,
    `  seed ${r.seed} · window ${r.start} … ${r.end} · fingerprint ${r.fingerprint.slice(0, 16)}`,
    '',
  ].join('\n');
}
