/**
 * Streamed responses: rows/s and MB/s of a large NDJSON and Arrow answer from a real `kqlduck serve`,
 * with the server's RSS sampled meanwhile. Each (format, size) gets a fresh server so that the peaks of
 * 1M and 10M rows are comparable: flat memory means the 10M peak is no higher than the 1M one.
 */
import { request } from 'node:http';
import { RecordBatchReader } from 'apache-arrow';
import { sampleRss, startServe } from './proc.js';
import { round, summarize, type Summary } from './stats.js';

export const FORMATS = { ndjson: 'application/x-ndjson', arrow: 'application/vnd.apache.arrow.stream' } as const;
export type StreamFormat = keyof typeof FORMATS;

export const streamQuery = (rows: number) => `range x from 1 to ${rows} step 1 | extend s = strcat("row-", x)`;

function post(url: string, format: StreamFormat, rows: number): Promise<import('node:http').IncomingMessage> {
  const body = JSON.stringify({ query: streamQuery(rows), maxRows: rows, timeoutMs: 600_000 });
  return new Promise((ok, fail) => {
    const req = request(`${url}/v1/query`, { method: 'POST', headers: { 'content-type': 'application/json', accept: FORMATS[format] } }, (res) => {
      if (res.statusCode !== 200) {
        let text = '';
        res.on('data', (b: Buffer) => (text += b.toString('utf8')));
        res.on('end', () => fail(new Error(`HTTP ${res.statusCode}: ${text}`)));
        return;
      }
      ok(res);
    });
    req.once('error', fail);
    req.end(body);
  });
}

/** Reads the whole body, counting bytes only (the client should cost as little as possible). */
async function drain(url: string, format: StreamFormat, rows: number): Promise<{ seconds: number; bytes: number; firstByteMs: number }> {
  const t0 = performance.now();
  const res = await post(url, format, rows);
  let firstByteMs = -1;
  let bytes = 0;
  for await (const b of res as AsyncIterable<Buffer>) {
    if (firstByteMs < 0) firstByteMs = performance.now() - t0;
    bytes += b.byteLength;
  }
  return { seconds: (performance.now() - t0) / 1000, bytes, firstByteMs };
}

/**
 * Reads at most `mbPerSec`, pausing the socket between reads: a slow client. With backpressure
 * working, the server holds only its socket and stream buffers; without it the result would pile up.
 */
async function drainSlowly(url: string, format: StreamFormat, rows: number, mbPerSec: number): Promise<{ seconds: number; bytes: number }> {
  const t0 = performance.now();
  const res = await post(url, format, rows);
  let bytes = 0;
  await new Promise<void>((done, fail) => {
    res.on('data', (b: Buffer) => {
      bytes += b.byteLength;
      const due = (bytes / (mbPerSec * 1e6)) * 1000 - (performance.now() - t0);
      if (due > 0) {
        res.pause();
        setTimeout(() => res.resume(), due);
      }
    });
    res.once('end', done);
    res.once('error', fail);
  });
  return { seconds: (performance.now() - t0) / 1000, bytes };
}

export interface SlowResult {
  format: StreamFormat;
  rows: number;
  limitMbPerSec: number;
  seconds: number;
  serverReadyRssMb: number;
  serverPeakRssMb: number;
}

async function runSlow(format: StreamFormat, rows: number, mbPerSec: number): Promise<SlowResult> {
  const server = await startServe(['--data', 'data']);
  try {
    const ready = sampleRss(server.pid).stop();
    await drain(server.url, format, 1000);
    const rss = sampleRss(server.pid);
    const r = await drainSlowly(server.url, format, rows, mbPerSec);
    const mem = rss.stop();
    console.log(`stream ${format.padEnd(6)} ${rows} rows, client reading ≤ ${mbPerSec} MB/s: ${round(r.seconds)} s, server RSS ready ${round(ready.startRssMb, 1)} → peak ${round(mem.peakRssMb, 1)} MiB`);
    return { format, rows, limitMbPerSec: mbPerSec, seconds: round(r.seconds), serverReadyRssMb: round(ready.startRssMb, 1), serverPeakRssMb: round(mem.peakRssMb, 1) };
  } finally {
    await server.stop();
  }
}

/** Parses an Arrow answer back with apache-arrow and checks it is the rows asked for. */
export async function verifyArrow(url: string, rows: number): Promise<{ rows: number; batches: number; seconds: number; schema: string; lastX: string; lastS: string }> {
  const t0 = performance.now();
  const res = await post(url, 'arrow', rows);
  const reader = await RecordBatchReader.from(res as AsyncIterable<Uint8Array>);
  let n = 0;
  let batches = 0;
  let lastX = '';
  let lastS = '';
  let schema = '';
  for await (const batch of reader) {
    if (!schema) schema = batch.schema.fields.map((f) => `${f.name}: ${String(f.type)}`).join(', ');
    n += batch.numRows;
    batches++;
    if (batch.numRows) {
      lastX = String(batch.getChild('x')!.get(batch.numRows - 1));
      lastS = String(batch.getChild('s')!.get(batch.numRows - 1));
    }
  }
  if (n !== rows || lastX !== String(rows) || lastS !== `row-${rows}`) {
    throw new Error(`the Arrow stream parsed back wrong: ${n} rows, last x=${lastX} s=${lastS} (wanted ${rows}, row-${rows})`);
  }
  return { rows: n, batches, seconds: round((performance.now() - t0) / 1000), schema, lastX, lastS };
}

export interface StreamResult {
  format: StreamFormat;
  rows: number;
  bytes: number;
  seconds: Summary;
  rowsPerSec: Summary;
  mbPerSec: Summary;
  firstByteMs: Summary;
  /** Server RSS: when it was ready (before any query), and the highest sample across all runs of this case. */
  serverReadyRssMb: number;
  serverPeakRssMb: number;
  serverPeakRssPerRunMb: number[];
  serverHwmMb: number;
}

export async function runStreams(options: { sizes: number[]; formats: StreamFormat[]; runs: number; slow?: { rows: number; mbPerSec: number } }): Promise<{ results: StreamResult[]; slowClient: SlowResult[]; arrowCheck: Awaited<ReturnType<typeof verifyArrow>> }> {
  const results: StreamResult[] = [];
  for (const format of options.formats) {
    for (const rows of options.sizes) {
      const server = await startServe(['--data', 'data']);
      try {
        const ready = sampleRss(server.pid).stop();
        // a small answer first: the first query of a process loads Microsoft's analyser (seconds)
        await drain(server.url, format, 1000);
        const runs: Array<Awaited<ReturnType<typeof drain>> & { peak: number }> = [];
        let hwm = 0;
        for (let i = 0; i < options.runs; i++) {
          const rss = sampleRss(server.pid);
          const r = await drain(server.url, format, rows);
          const mem = rss.stop();
          hwm = mem.hwmMb;
          runs.push({ ...r, peak: round(mem.peakRssMb, 1) });
          console.log(`stream ${format.padEnd(6)} ${rows} rows run ${i + 1}: ${round(r.seconds)} s  ${round(rows / r.seconds / 1e6)} M rows/s  ${round(r.bytes / r.seconds / 1e6)} MB/s  server peak RSS ${round(mem.peakRssMb, 1)} MiB`);
        }
        const bytes = runs[0]!.bytes;
        results.push({
          format,
          rows,
          bytes,
          seconds: summarize(runs.map((r) => r.seconds)),
          rowsPerSec: summarize(runs.map((r) => Math.round(rows / r.seconds))),
          mbPerSec: summarize(runs.map((r) => r.bytes / r.seconds / 1e6)),
          firstByteMs: summarize(runs.map((r) => r.firstByteMs)),
          serverReadyRssMb: round(ready.startRssMb, 1),
          serverPeakRssMb: Math.max(...runs.map((r) => r.peak)),
          serverPeakRssPerRunMb: runs.map((r) => r.peak),
          serverHwmMb: round(hwm, 1),
        });
      } finally {
        await server.stop();
      }
    }
  }
  const slowClient: SlowResult[] = [];
  if (options.slow) for (const format of options.formats) slowClient.push(await runSlow(format, options.slow.rows, options.slow.mbPerSec));
  // one more pass with a real Arrow reader on the client, at the largest size
  const server = await startServe(['--data', 'data']);
  try {
    const arrowCheck = await verifyArrow(server.url, Math.max(...options.sizes));
    console.log(`stream arrow parsed back by apache-arrow: ${arrowCheck.rows} rows in ${arrowCheck.batches} batches, ${arrowCheck.seconds} s; schema ${arrowCheck.schema}`);
    return { results, slowClient, arrowCheck };
  } finally {
    await server.stop();
  }
}
