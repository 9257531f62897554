/**
 * Renders bench/results/service-*.json as the Markdown tables of RESULTS.md's Service section, so the
 * figures there are copied by a program, not by hand: `npx tsx bench/service/report.ts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LoadSummary } from './http-load.js';
import type { ThroughputResult } from './ingest.js';
import { ROOT } from './proc.js';
import type { StartupResult } from './startup.js';
import type { Summary } from './stats.js';
import type { SlowResult, StreamResult } from './stream.js';

const dir = resolve(ROOT, process.argv[2] ?? 'bench/results');
function load<T>(part: string): { results: T; command: string; date: string; machine: Record<string, string> } | undefined {
  const file = resolve(dir, `service-${part}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

const fmt = (v: number, digits: number) => v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
/** `median (min–max)` */
const mm = (s: Summary, digits = 0) => `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;
const table = (head: string[], rows: string[][]) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const out: string[] = [];

const http = load<{ summary: LoadSummary[] }>('http');
if (http) {
  out.push(`HTTP, small queries (\`${http.command}\`, ${http.date}, load average (1, 5, 15 min) when saved ${http.machine.loadAverageWhenSaved}):\n`);
  out.push(table(['query', 'clients', 'requests/s', 'p50 ms', 'p99 ms', 'mean ms', 'non-2xx', 'server peak RSS MiB'],
    http.results.summary.map((s) => [s.case, String(s.connections), mm(s.requestsPerSec, s.requestsPerSec.median < 10 ? 1 : 0), mm(s.p50Ms), mm(s.p99Ms), mm(s.meanMs, 1), String(s.non2xx), fmt(s.serverPeakRssMb, 0)])));
}

const stream = load<{ results: StreamResult[]; slowClient: SlowResult[]; arrowCheck: { rows: number; batches: number; seconds: number; schema: string } }>('stream');
if (stream) {
  out.push(`\nStreamed responses (\`${stream.command}\`, ${stream.date}, load average (1, 5, 15 min) when saved ${stream.machine.loadAverageWhenSaved}); a fresh server per row:\n`);
  out.push(table(['format', 'rows', 'MB', 's', 'rows/s', 'MB/s', 'first byte ms', 'server RSS ready → peak MiB'],
    stream.results.results.map((r) => [r.format, fmt(r.rows, 0), fmt(r.bytes / 1e6, 0), mm(r.seconds, 2), mm(r.rowsPerSec), mm(r.mbPerSec, 1), mm(r.firstByteMs), `${fmt(r.serverReadyRssMb, 0)} → ${fmt(r.serverPeakRssMb, 0)}`])));
  if (stream.results.slowClient?.length) {
    out.push('\nA slow client (reading at most 4 MB/s), fresh server each:\n');
    out.push(table(['format', 'rows', 's', 'server RSS ready → peak MiB'], stream.results.slowClient.map((r) => [r.format, fmt(r.rows, 0), fmt(r.seconds, 1), `${fmt(r.serverReadyRssMb, 0)} → ${fmt(r.serverPeakRssMb, 0)}`])));
  }
  const a = stream.results.arrowCheck;
  out.push(`\nArrow parsed back by apache-arrow's RecordBatchReader on the client: ${fmt(a.rows, 0)} rows in ${a.batches} batches (${a.schema}), last row checked, ${a.seconds} s.`);
}

const startup = load<StartupResult>('startup');
if (startup) {
  const s = startup.results;
  out.push(`\nStart-up and translation (\`${startup.command}\`, ${startup.date}, load average (1, 5, 15 min) when saved ${startup.machine.loadAverageWhenSaved}):\n`);
  out.push(table(['what', 'median (min–max)'], [
    ["`kqlduck query 'print 1'` wall s", mm(s.cliPrint1.seconds, 2)],
    ["`kqlduck query 'print 1'` CPU s (user+sys)", mm(s.cliPrint1.cpuSeconds, 2)],
    ["`kqlduck query 'print 1'` peak RSS MiB", mm(s.cliPrint1.peakRssMb)],
    ['`kqlduck --help` wall s', mm(s.cliHelp.seconds, 2)],
    ['`kqlduck --help` CPU s', mm(s.cliHelp.cpuSeconds, 2)],
    ['`kqlduck serve --data data` → first /readyz 200, ms', mm(s.serverReady.ms)],
    ['T1204 translation: module import ms', mm(s.translateT1204.importMs)],
    ['T1204 translation: cold (first in a process) ms', mm(s.translateT1204.coldMs)],
    ...(s.translateT1204.warmNewTextMs
      ? [[`T1204 translation: warm ms, the rule again (analysis cached; median of ${s.translateT1204.warmRunsPerProcess} per process)`, mm(s.translateT1204.warmMs, 1)],
        [`T1204 translation: warm ms, a text new to the process (median of ${s.translateT1204.warmRunsPerProcess} per process)`, mm(s.translateT1204.warmNewTextMs, 1)]]
      : [[`T1204 translation: warm ms (median of ${s.translateT1204.warmRunsPerProcess} per process; before the analysis cache)`, mm(s.translateT1204.warmMs, 1)]]),
  ]));
}

const ingest = load<ThroughputResult[]>('ingest');
if (ingest) {
  out.push(`\nGeneration and ingest (\`${ingest.command}\`, ${ingest.date}, load average (1, 5, 15 min) when saved ${ingest.machine.loadAverageWhenSaved}):\n`);
  out.push(table(['run', 'rows', 'input MB', 's', 'rows/s', 'peak RSS MiB'],
    ingest.results.map((r) => [r.what, fmt(r.rows, 0), r.inputBytes ? fmt(r.inputBytes / 1e6, 0) : '–', mm(r.seconds, 1), mm(r.rowsPerSec), mm(r.peakRssMb)])));
}
process.stdout.write(`${out.join('\n')}\n`);
