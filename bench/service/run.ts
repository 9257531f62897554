/**
 * `npm run bench:service`: the service-side benchmarks (HTTP load, streamed responses, start-up and
 * translation, generation and ingest), each against real child processes. Results go to
 * bench/results/service-<part>.json; the console shows medians with min … max.
 *
 *   npm run bench:service -- [--only http,stream,startup,ingest] [--stream-rows 1000000,10000000]
 *     [--runs 3] [--http-seconds 8] [--clients 1,8,32] [--http-cases print,style,rule]
 *     [--stream-formats ndjson,arrow] [--gen-rows 1000000] [--quick] [--out bench/results]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runHttpLoad } from './http-load.js';
import { runIngest } from './ingest.js';
import { ROOT } from './proc.js';
import { runStartup } from './startup.js';
import { FORMATS, runStreams, type StreamFormat } from './stream.js';

const PARTS = ['http', 'stream', 'startup', 'ingest'] as const;
type Part = (typeof PARTS)[number];

const { values: o } = parseArgs({
  options: {
    only: { type: 'string' },
    runs: { type: 'string' },
    'http-seconds': { type: 'string' },
    clients: { type: 'string' },
    'http-cases': { type: 'string' },
    'stream-rows': { type: 'string' },
    'stream-formats': { type: 'string' },
    'gen-rows': { type: 'string' },
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench/results' },
  },
});

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);
const ints = (s: string) => list(s).map((x) => Number(x.replace(/_/g, '')));
const quick = o.quick;
const parts = (o.only ? list(o.only) : [...PARTS]) as Part[];
for (const p of parts) if (!PARTS.includes(p)) throw new Error(`--only: unknown part ${p} (one of ${PARTS.join(', ')})`);
const runs = Number(o.runs ?? (quick ? 1 : 5));

function machine() {
  const pkg = (name: string) => (JSON.parse(readFileSync(resolve(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: execFileSync('uname', ['-sr'], { encoding: 'utf8' }).trim(),
    node: process.version,
    duckdb: pkg('@duckdb/node-api'),
    fastify: pkg('fastify'),
    apacheArrow: pkg('apache-arrow'),
    autocannon: pkg('autocannon'),
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(),
    // read when the part is saved, i.e. just after it ran
    loadAverageWhenSaved: load,
    shared: 'the machine was shared with other engineers running builds and benchmarks: figures are noisy',
  };
}

function save(part: Part, options: unknown, results: unknown): void {
  const dir = resolve(ROOT, o.out);
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, `service-${part}.json`);
  writeFileSync(file, `${JSON.stringify({ part, date: new Date().toISOString(), command: `npm run bench:service -- ${process.argv.slice(2).join(' ')}`.trim(), machine: machine(), options, results }, null, 2)}\n`);
  console.log(`→ ${file}`);
}

for (const part of parts) {
  switch (part) {
    case 'http': {
      const options = { clients: ints(o.clients ?? '1,8,32'), seconds: Number(o['http-seconds'] ?? (quick ? 3 : 8)), warmupSeconds: quick ? 1 : 3, rounds: Number(o.runs ?? (quick ? 1 : 3)), cases: o['http-cases'] ? list(o['http-cases']) : undefined };
      save(part, options, await runHttpLoad(options));
      break;
    }
    case 'stream': {
      const options = {
        sizes: ints(o['stream-rows'] ?? (quick ? '100000,1000000' : '1000000,10000000')),
        formats: list(o['stream-formats'] ?? 'ndjson,arrow') as StreamFormat[],
        runs: Number(o.runs ?? (quick ? 1 : 3)),
        // a client reading 1M rows at 4 MB/s: backpressure, not the client's speed, bounds server memory
        slow: { rows: quick ? 200_000 : 1_000_000, mbPerSec: 4 },
      };
      for (const f of options.formats) if (!(f in FORMATS)) throw new Error(`--stream-formats: unknown format ${f}`);
      save(part, options, await runStreams(options));
      break;
    }
    case 'startup': {
      const options = { runs, warmRuns: quick ? 10 : 50 };
      save(part, options, await runStartup(options));
      break;
    }
    case 'ingest': {
      const options = { rows: Number(o['gen-rows'] ?? (quick ? 100_000 : 1_000_000)), days: 90, runs: Number(o.runs ?? (quick ? 1 : 3)) };
      save(part, options, await runIngest(options));
      break;
    }
  }
}
