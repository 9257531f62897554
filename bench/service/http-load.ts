/**
 * Small-query latency and throughput at several client counts, with autocannon against a real
 * `kqlduck serve` child (so the load generator and the server do not share an event loop).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { ROOT, sampleRss, startServe } from './proc.js';
import { round, show, summarize, type Summary } from './stats.js';

export interface LoadCase {
  name: string;
  body: Record<string, unknown>;
  /** Client counts for this case (default: the run's). */
  clients?: number[];
}

/** The T1204 rule's user-writable-directory branch, written without has_any (no regular expression). */
export const T1204_STYLE = String.raw`DeviceProcessEvents
| where Timestamp > ago(24h)
| where InitiatingProcessFileName =~ "explorer.exe" and FileName endswith ".exe" and FolderPath contains @"\Users\"
| project Timestamp, DeviceName, AccountName, FileName, FolderPath, ProcessCommandLine
| take 100`;

/**
 * `print 1`; a T1204-style filter over the bundled sample; and the T1204 rule itself, unmodified (its
 * 24 h window ends at `now`). The rule costs seconds per request on 207 rows (its has_any regular
 * expressions, see RESULTS.md), so it runs at fewer clients: 32 would only measure the queue.
 */
export function loadCases(): LoadCase[] {
  const t1204 = readFileSync(resolve(ROOT, 'src/detections/rules/T1204.kql'), 'utf8');
  return [
    { name: 'print 1', body: { query: 'print 1' } },
    { name: 'T1204-style filter', body: { query: T1204_STYLE, now: '2022-08-09T00:00:00Z' } },
    { name: 'T1204 rule', body: { query: t1204, now: '2022-08-09T00:00:00Z' }, clients: [1, 8] },
  ];
}

export interface LoadResult {
  case: string;
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  serverPeakRssMb: number;
}

function load(url: string, c: LoadCase, connections: number, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: `${url}/v1/query`,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(c.body),
    connections,
    duration: seconds,
    // no pipelining: one request in flight per client, as a real client would behave
    pipelining: 1,
    // a slow request must be counted, not dropped as a timeout at autocannon's default 10 s
    timeout: 120,
  });
}

/** One (case, clients) pair over all rounds: medians with min … max of the per-run figures. */
export interface LoadSummary {
  case: string;
  connections: number;
  requestsPerSec: Summary;
  p50Ms: Summary;
  p99Ms: Summary;
  meanMs: Summary;
  non2xx: number;
  errors: number;
  serverPeakRssMb: number;
}

async function warm(url: string, c: LoadCase, warmupSeconds: number): Promise<void> {
  // one request at a time first: the first compile loads Microsoft's analyser (seconds on a busy
  // machine), and a duration-bound load would cut it off and count nothing
  for (let i = 0; i < (c.clients ? 3 : 20); i++) {
    const res = await fetch(`${url}/v1/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(c.body) });
    if (res.status !== 200) throw new Error(`${c.name}: HTTP ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  }
  await load(url, c, 4, warmupSeconds);
}

export async function runHttpLoad(options: { clients: number[]; seconds: number; warmupSeconds: number; rounds: number; concurrency?: number; cases?: string[] }): Promise<{ summary: LoadSummary[]; runs: LoadResult[] }> {
  const args = ['--data', 'data'];
  if (options.concurrency) args.push('--concurrency', String(options.concurrency));
  const server = await startServe(args);
  const runs: LoadResult[] = [];
  try {
    // --http-cases picks cases by a word of their name (`print`, `style`, `rule`)
    const cases = loadCases().filter((c) => !options.cases?.length || options.cases.some((w) => c.name.includes(w)));
    for (const c of cases) await warm(server.url, c, options.warmupSeconds);
    // rounds of every (case, clients) pair, so a burst of load from other users spreads over all of them
    for (let round_ = 0; round_ < options.rounds; round_++) {
      for (const c of cases) {
        for (const connections of c.clients ?? options.clients) {
          const rss = sampleRss(server.pid);
          const r = await load(server.url, c, connections, options.seconds);
          const mem = rss.stop();
          const res: LoadResult = {
            case: c.name,
            connections,
            seconds: options.seconds,
            requests: r.requests.total,
            requestsPerSec: round(r.requests.total / options.seconds, 1),
            latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, mean: round(r.latency.mean, 2) },
            non2xx: r.non2xx,
            errors: r.errors,
            timeouts: r.timeouts,
            serverPeakRssMb: round(mem.peakRssMb, 1),
          };
          runs.push(res);
          console.log(`http  round ${round_ + 1} ${c.name.padEnd(20)} ${String(connections).padStart(2)} clients: ${res.requestsPerSec} req/s  p50 ${res.latencyMs.p50} ms  p99 ${res.latencyMs.p99} ms  mean ${res.latencyMs.mean} ms  non-2xx ${res.non2xx}  rss ${res.serverPeakRssMb} MiB`);
        }
      }
    }
  } finally {
    await server.stop();
  }
  const summary: LoadSummary[] = [];
  for (const r of runs) {
    if (summary.some((s) => s.case === r.case && s.connections === r.connections)) continue;
    const same = runs.filter((x) => x.case === r.case && x.connections === r.connections);
    summary.push({
      case: r.case,
      connections: r.connections,
      requestsPerSec: summarize(same.map((x) => x.requestsPerSec)),
      p50Ms: summarize(same.map((x) => x.latencyMs.p50)),
      p99Ms: summarize(same.map((x) => x.latencyMs.p99)),
      meanMs: summarize(same.map((x) => x.latencyMs.mean)),
      non2xx: same.reduce((n, x) => n + x.non2xx, 0),
      errors: same.reduce((n, x) => n + x.errors, 0),
      serverPeakRssMb: Math.max(...same.map((x) => x.serverPeakRssMb)),
    });
  }
  for (const s of summary) console.log(`http  ${s.case.padEnd(20)} ${String(s.connections).padStart(2)} clients: ${show(s.requestsPerSec, ' req/s')}  p50 ${show(s.p50Ms, ' ms')}  p99 ${show(s.p99Ms, ' ms')}`);
  return { summary, runs };
}
