/** Real HTTP on 127.0.0.1: streamed formats, client disconnects, time limits, concurrent clients. */
import type { FastifyInstance } from 'fastify';
import { tableFromIPC, TimeUnit, type TimestampMicrosecond } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedDetections, NOW } from '../fixtures/t1204-rows.js';
import { buildTestApp, makeFixture, SLOW_QUERY, until, type Fixture } from './helpers.js';

let fixture: Fixture;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  fixture = await makeFixture();
  ({ app } = await buildTestApp(fixture, { concurrency: 2, queueSize: 16, logLevel: 'silent' }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await app?.close();
  fixture?.cleanup();
});

const post = (path: string, body: object, accept?: string, signal?: AbortSignal) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) }, body: JSON.stringify(body), signal });

const ROWS_QUERY = (n: number) => `range x from 1 to ${n} step 1 | extend s = strcat("row-", x)`;

describe('streamed formats', () => {
  it('NDJSON: every row, chunked', async () => {
    const res = await post('/v1/query', { query: ROWS_QUERY(200_000) }, 'application/x-ndjson');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const lines = (await res.text()).trimEnd().split('\n');
    expect(lines).toHaveLength(200_000);
    expect(JSON.parse(lines[0]!)).toEqual({ x: 1, s: 'row-1' });
    expect(JSON.parse(lines.at(-1)!)).toEqual({ x: 200_000, s: 'row-200000' });
  });

  it('CSV: a header, then every row', async () => {
    const res = await post('/v1/query', { query: ROWS_QUERY(50_000) }, 'text/csv');
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe('x,s');
    expect(lines[1]).toBe('1,row-1');
    expect(lines[50_000]).toBe('50000,row-50000');
    expect(lines).toHaveLength(50_002); // the last line ends with CRLF
  });

  it('Arrow IPC stream: parsed back by apache-arrow, one batch per chunk, Kusto types in the metadata', async () => {
    const res = await post('/v1/query', { query: `${ROWS_QUERY(100_000)}, d = datetime(2026-11-30 12:00:00.123456), t = 1d + 2h + 3ms, r = x * 0.5, b = x % 2 == 0` }, 'application/vnd.apache.arrow.stream');
    expect(res.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    expect(table.numRows).toBe(100_000);
    expect(table.batches.length).toBeGreaterThan(1);
    expect(table.schema.fields.map((f) => [f.name, String(f.type), f.metadata.get('kusto.type')])).toEqual([
      ['x', 'Int64', 'long'], ['s', 'Utf8', 'string'], ['d', 'Timestamp<MICROSECOND, UTC>', 'datetime'],
      ['t', 'Duration<MICROSECOND>', 'timespan'], ['r', 'Float64', 'real'], ['b', 'Bool', 'bool'],
    ]);
    const last = table.get(99_999)!.toJSON();
    expect(last.x).toBe(100_000n);
    expect(last.s).toBe('row-100000');
    expect(last.r).toBe(50_000);
    expect(last.b).toBe(true);
    expect(last.t).toBe(BigInt(((24 + 2) * 3600) * 1_000_000 + 3000));
    expect(table.getChild('d')!.type).toMatchObject({ unit: TimeUnit.MICROSECOND, timezone: 'UTC' });
  });

  it('T1204 as Arrow: the detections, timestamps exact to the microsecond', async () => {
    const res = await post('/v1/detections/T1204/run', { now: NOW }, 'application/vnd.apache.arrow.stream');
    expect(res.headers.get('x-kqlduck-rule')).toBe('T1204');
    const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    const expected = expectedDetections();
    expect(table.numRows).toBe(expected.length);
    expect(table.getChild('DetectionCategory')!.toArray()).toEqual(expected.map((r) => r.expect));
    // the raw µs values: Date has only ms, so compare the int64 storage
    const micros = table.getChild('Timestamp')!.data.map((d) => [...(d.values as unknown as BigInt64Array)]).flat();
    const toMicros = (iso: string) => BigInt(Date.parse(iso)) * 1000n + BigInt((/\.(\d+)Z$/.exec(iso)?.[1] ?? '').padEnd(6, '0').slice(3, 6));
    expect(micros).toEqual(expected.map((r) => toMicros(r.Timestamp)));
    const ts = table.schema.fields[0]!.type as TimestampMicrosecond;
    expect(ts.timezone).toBe('UTC');
  });
});

describe('cancellation', () => {
  it('a client that disconnects cancels its running query, and the server answers the next one promptly', async () => {
    const controller = new AbortController();
    const pending = post('/v1/query', { query: SLOW_QUERY, timeoutMs: 60_000 }, undefined, controller.signal).catch((e: unknown) => e);
    await until(() => app.limiter.active === 1, 5000, 'the slow query to start');
    controller.abort();
    await pending;
    await until(() => app.limiter.active === 0, 3000, 'the slot to free');
    const started = Date.now();
    const res = await post('/v1/query', { query: 'print 1' });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/kqlduck_queries_total\{format="json",outcome="cancelled"\} 1/);
  });

  it('a client that stops reading a stream half-way cancels it too', async () => {
    const controller = new AbortController();
    const res = await post('/v1/query', { query: ROWS_QUERY(1_000_000_000) }, 'application/x-ndjson', controller.signal);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toMatch(/^\{"x":1,"s":"row-1"\}/);
    controller.abort();
    await until(() => app.limiter.active === 0, 3000, 'the slot to free');
  });

  it('a stream past its time limit is cut (the client sees the connection end, not a clean finish)', async () => {
    const started = Date.now();
    const res = await post('/v1/query', { query: ROWS_QUERY(1_000_000_000), timeoutMs: 400 }, 'application/x-ndjson');
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
    await until(() => app.limiter.active === 0, 3000, 'the slot to free');
  });

  it('408 before the first row, over the wire', async () => {
    const res = await post('/v1/query', { query: SLOW_QUERY, timeoutMs: 300 });
    expect(res.status).toBe(408);
    expect((await res.json()).code).toBe('query-timeout');
  });
});

describe('concurrent clients', () => {
  it('more clients than connections: all queued, all answered, each with its own rows', async () => {
    const formats = ['application/json', 'application/x-ndjson', 'text/csv', 'application/vnd.apache.arrow.stream'];
    const answers = await Promise.all(Array.from({ length: 16 }, async (_, i) => {
      const n = 1000 + i;
      const accept = formats[i % formats.length]!;
      const res = await post('/v1/query', { query: `range x from 1 to ${n} step 1 | summarize c = count(), s = sum(x)` }, accept);
      expect(res.status).toBe(200);
      if (accept === 'application/json') return (await res.json()).rows[0];
      if (accept === 'application/x-ndjson') return Object.values(JSON.parse(await res.text()));
      if (accept === 'text/csv') return (await res.text()).split('\r\n')[1]!.split(',').map(Number);
      const t = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
      return Object.values(t.get(0)!.toJSON()).map(Number);
    }));
    answers.forEach((row, i) => {
      const n = 1000 + i;
      expect(row.map(Number), `client ${i}`).toEqual([n, (n * (n + 1)) / 2]);
    });
    expect(app.limiter.active).toBe(0);
  });

  it('a slow query does not hold up a fast one when a connection is free', async () => {
    const controller = new AbortController();
    const slow = post('/v1/query', { query: SLOW_QUERY, timeoutMs: 60_000 }, undefined, controller.signal).catch((e: unknown) => e);
    await until(() => app.limiter.active === 1, 5000, 'the slow query to start');
    const started = Date.now();
    expect((await post('/v1/query', { query: 'print 1' })).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
    controller.abort();
    await slow;
    await until(() => app.limiter.active === 0, 3000, 'the slot to free');
  });
});

describe('shutdown', () => {
  it('close() is not held by keep-alive sockets once a client has aborted a query', async () => {
    const { app: own } = await buildTestApp(undefined, { logLevel: 'silent', concurrency: 2 });
    await own.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(own.server.address() as { port: number }).port}/v1/query`;
    const send = (query: string, signal?: AbortSignal) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }), signal });
    await Promise.all([1, 2, 3, 4].map(async (i) => expect((await send(`print ${i}`)).status).toBe(200)));
    const controller = new AbortController();
    const slow = send(SLOW_QUERY, controller.signal).catch((e: unknown) => e);
    await until(() => own.limiter.active === 1, 5000, 'the slow query to start');
    controller.abort();
    await slow;
    const started = Date.now();
    await own.close();
    // before forceCloseConnections, this waited for Fastify's 72 s keep-alive timeout
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
