/**
 * `npm run bench -- [--rows 1m,10m] [--runs 5] [--only SUBSTR,…] [--no-rss] [--no-js] [--no-polars] [--no-cli]`
 *
 * For each size: makes or reuses the archive (kqlduck gen, 90 days), checks the answers (untimed), then
 * times every variant `runs` times, alternating them in this one process (the start rotates each round,
 * so no variant always runs first), and measures each variant's peak RSS alone in a fresh process, the
 * translation time, and `kqlduck hunt` through the CLI. Writes bench/results/t1204-<size>.json and
 * regenerates bench/RESULTS.md from every results file.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { Engine } from '../src/engine/engine.js';
import { DAYS, END, ensureArchive, type Archive } from './archives.js';
import { ensureArrowCache } from './arrow-cache.js';
import { loadPolars } from './polars-filter.js';
import { checkExactness } from './exactness.js';
import { writeReport } from './report.js';
import { summarise, formatTiming, type Timing } from './stats.js';
import { coldTranslation, warmTranslation } from './translate.js';
import { makeVariants, type FloorValues } from './variants.js';

interface Args { sizes: string[]; runs: number; only: string[]; rss: boolean; js: boolean; polars: boolean; cli: boolean; rssOnly: boolean }

function parseArgs(argv: string[]): Args {
  const a: Args = { sizes: ['1m', '10m'], runs: 5, only: [], rss: true, js: true, polars: true, cli: true, rssOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const v = () => argv[++i] ?? '';
    switch (argv[i]) {
      case '--rows': a.sizes = v().toLowerCase().split(','); break;
      case '--runs': a.runs = Math.max(1, Number(v())); break;
      case '--only': a.only = v().split(','); break;
      case '--no-rss': a.rss = false; break;
      case '--no-js': a.js = false; break;
      case '--no-polars': a.polars = false; break;
      case '--no-cli': a.cli = false; break;
      case '--rss-only': a.rssOnly = true; break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  return a;
}

export interface VariantResult { timing: Timing; rows: number; peakRssMiB?: number }

export interface SizeResult {
  size: string; rows: number; archive: string; date: string; command: string;
  machine: Record<string, string | number>;
  exactness: Awaited<ReturnType<typeof checkExactness>>;
  variants: Record<string, VariantResult>;
  translation: { warm: Timing; cold: Timing; warmNewText?: Timing };
  cliHunt?: { seconds: number; peakRssMiB: number; findingsLines: number };
  /** When the RSS figures were measured again by a later `--rss-only` run. */
  rssCommand?: string;
}

async function floorValues(engine: Engine, groundTruth: string): Promise<FloorValues> {
  const c = await engine.connect();
  try {
    const r = await c.runAndReadAll(`SELECT list(DISTINCT "FileName"), list(DISTINCT "FolderPath"), list(DISTINCT "InitiatingProcessFileName")
      FROM read_parquet('${groundTruth}') WHERE "ExpectedRule" = 'T1204'`);
    const [f, p, i] = r.getRowsJS()[0] as string[][];
    return { FileName: f!, FolderPath: p!, InitiatingProcessFileName: i! };
  } finally {
    c.closeSync();
  }
}

function machine(): Record<string, string | number> {
  const duck = spawnSync(process.execPath, ['-e', "console.log(require('@duckdb/node-api/package.json').version)"], { encoding: 'utf8' }).stdout.trim();
  return {
    cpu: cpus()[0]?.model ?? '?', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), os: `${platform()} ${release()} ${arch()}`,
    node: process.version, duckdbNodeApi: duck,
    note: `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the start; compare ratios within one run`,
  };
}

/** `kqlduck hunt` through the CLI, timed and with its peak RSS from /usr/bin/time. */
function cliHunt(a: Archive): SizeResult['cliHunt'] {
  const from = new Date(new Date(END).getTime() - (DAYS - 1) * 86_400_000).toISOString();
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, '--import', 'tsx', 'src/cli/main.ts', 'hunt', 'T1204', '--data', a.path,
    '--from', from, '--to', END, '--format', 'csv'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`kqlduck hunt failed: ${r.stderr}`);
  const [secs, kib] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: secs!, peakRssMiB: kib! / 1024, findingsLines: r.stdout.trim().split('\n').length - 1 };
}

/** Peak RSS of one variant run alone in a fresh process (engine open included). */
function peakRss(archive: Archive, name: string, floor: FloorValues): number | undefined {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/child.ts', 'variant', archive.path, name, JSON.stringify(floor)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status === 0) return (JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { peakRssMiB: number }).peakRssMiB;
  process.stderr.write(`bench: RSS child for ${name} failed: ${r.stderr}\n`);
  return undefined;
}

/** Re-measures the peak RSS figures and the CLI hunt of an existing results file, keeping its timings. */
async function remeasureRss(size: string, args: Args): Promise<SizeResult> {
  const archive = ensureArchive(size);
  const prev = JSON.parse(readFileSync(`bench/results/t1204-${size}.json`, 'utf8')) as SizeResult;
  const engine = await Engine.open({ sources: [{ path: archive.path }] });
  let floor: FloorValues;
  try {
    floor = await floorValues(engine, archive.groundTruth);
  } finally {
    engine.close();
  }
  for (const [name, v] of Object.entries(prev.variants)) {
    const base = name.replace(/ \(this run:.*\)$/, '');
    v.peakRssMiB = peakRss(archive, base, floor);
    process.stderr.write(`  ${name}: ${v.peakRssMiB?.toFixed(0)} MiB\n`);
  }
  if (args.cli) prev.cliHunt = cliHunt(archive);
  prev.rssCommand = `npm run bench -- ${process.argv.slice(2).join(' ')}`;
  return prev;
}

async function benchSize(size: string, args: Args): Promise<SizeResult> {
  const archive = ensureArchive(size);
  const arrowFiles = args.js ? await ensureArrowCache(archive.path) : [];
  const polars = args.polars ? loadPolars() : null;
  const engine = await Engine.open({ sources: [{ path: archive.path }] });
  try {
    const floor = await floorValues(engine, archive.groundTruth);
    process.stderr.write(`bench ${size}: checking answers …\n`);
    const exactness = await checkExactness(engine, archive.groundTruth, arrowFiles, polars && { pl: polars, archive: archive.path });
    process.stderr.write(`${JSON.stringify(exactness)}\n`);
    let variants = Object.entries(makeVariants(engine, floor, { arrowFiles, archive: archive.path, polars }));
    if (!args.js) variants = variants.filter(([n]) => !n.includes('JavaScript'));
    // an entry ending in $ names one variant exactly; otherwise any variant whose name contains it
    if (args.only.length) variants = variants.filter(([n]) => args.only.some((o) => (o.endsWith('$') ? n === o.slice(0, -1) : n.includes(o))));
    const times = new Map<string, number[]>(variants.map(([n]) => [n, []]));
    const rows = new Map<string, number>();
    for (let round = 0; round < args.runs; round++) {
      for (let j = 0; j < variants.length; j++) {
        const [name, run] = variants[(j + round) % variants.length]!;
        const t = performance.now();
        rows.set(name, await run());
        times.get(name)!.push(performance.now() - t);
      }
      process.stderr.write(`bench ${size}: round ${round + 1}/${args.runs} done\n`);
    }
    const out: Record<string, VariantResult> = {};
    for (const [name] of variants) {
      out[name] = { timing: summarise(times.get(name)!), rows: rows.get(name)! };
      if (args.rss) out[name]!.peakRssMiB = peakRss(archive, name, floor);
      process.stderr.write(`  ${name.padEnd(58)} ${formatTiming(out[name]!.timing)}  rows ${out[name]!.rows}\n`);
    }
    return {
      size, rows: archive.rows, archive: archive.path, date: new Date().toISOString(),
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(), machine: machine(), exactness, variants: out,
      translation: { warm: warmTranslation(), warmNewText: warmTranslation(50, false), cold: coldTranslation(5) },
      cliHunt: args.cli ? cliHunt(archive) : undefined,
    };
  } finally {
    engine.close();
  }
}

const args = parseArgs(process.argv.slice(2));
mkdirSync('bench/results', { recursive: true });
for (const size of args.sizes) {
  const result = args.rssOnly ? await remeasureRss(size, args) : await benchSize(size, args);
  writeFileSync(`bench/results/t1204-${size}.json`, `${JSON.stringify(result, null, 2)}\n`);
}
writeReport();
