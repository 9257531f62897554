/** Every route and every error class, through `inject` (no sockets). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedDetections, NOW, ROWS } from '../fixtures/t1204-rows.js';
import { buildTestApp, makeFixture, SLOW_QUERY, until, type Fixture, type TestApp } from './helpers.js';

let fixture: Fixture;
let t: TestApp;
let app: FastifyInstance;

const KEY = 'test-key-0123456789abcdef';

const query = (body: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/v1/query', payload: body as object, headers });

beforeAll(async () => {
  fixture = await makeFixture();
  t = await buildTestApp(fixture, { bodyLimit: 4096 }, (a) => {
    a.get('/test/boom', async () => {
      throw new Error('kaboom: a bug');
    });
  });
  app = t.app;
});

afterAll(async () => {
  await app?.close();
  fixture?.cleanup();
});

describe('POST /v1/query', () => {
  it('answers JSON by default, with columns, rows and stats', async () => {
    const res = await query({ query: 'range x from 1 to 3 step 1 | extend s = strcat("row-", x), d = datetime(2026-01-02 03:04:05)' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-request-id']).toBeTruthy();
    const body = res.json();
    expect(body.columns).toEqual([{ name: 'x', type: 'long' }, { name: 's', type: 'string' }, { name: 'd', type: 'datetime' }]);
    expect(body.rows).toEqual([[1, 'row-1', '2026-01-02T03:04:05Z'], [2, 'row-2', '2026-01-02T03:04:05Z'], [3, 'row-3', '2026-01-02T03:04:05Z']]);
    expect(body.stats).toMatchObject({ rows: 3, truncated: false });
    expect(body.stats.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('reads the data with now() as asked', async () => {
    const res = await query({ query: 'DeviceProcessEvents | where Timestamp > ago(12h) | count', now: NOW });
    expect(res.json().rows).toEqual([[ROWS.filter((r) => r.Timestamp.startsWith('2026-11-30')).length]]);
  });

  it('answers NDJSON and CSV on Accept', async () => {
    const nd = await query({ query: 'print a = 1, b = "x,y"' }, { accept: 'application/x-ndjson' });
    expect(nd.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(nd.body).toBe('{"a":1,"b":"x,y"}\n');
    const csv = await query({ query: 'print a = 1, b = "x,y"' }, { accept: 'text/csv;q=0.9, application/json;q=0.1' });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body).toBe('a,b\r\n1,"x,y"\r\n');
  });

  it('caps rows: truncated in JSON, cut in streams', async () => {
    const res = await query({ query: 'range x from 1 to 10 step 1', maxRows: 4 });
    expect(res.json().rows).toHaveLength(4);
    expect(res.json().stats).toMatchObject({ rows: 4, truncated: true });
    const exact = await query({ query: 'range x from 1 to 4 step 1', maxRows: 4 });
    expect(exact.json().stats.truncated).toBe(false);
    const nd = await query({ query: 'range x from 1 to 10 step 1', maxRows: 4 }, { accept: 'application/x-ndjson' });
    expect(nd.body.trim().split('\n')).toHaveLength(4);
  });

  it('400 with diagnostics for invalid KQL, naming line and column', async () => {
    const res = await query({ query: 'DeviceProcessEvents\n| where FileNme has "cmd.exe"' });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body).toMatchObject({ statusCode: 400, code: 'query-invalid', requestId: res.headers['x-request-id'] });
    expect(body.diagnostics[0]).toMatchObject({ code: 'KS142', line: 2, column: 9, start: 28, end: 35 });
  });

  it('422 for constructs kqlduck refuses, control commands by name', async () => {
    const drop = await query({ query: '.drop table DeviceProcessEvents' });
    expect(drop.statusCode).toBe(422);
    expect(drop.json()).toMatchObject({ code: 'query-refused', diagnostics: [{ code: 'lower-control-command' }] });
    expect(drop.json().message).toContain('.drop table');
    const external = await query({ query: 'externaldata (x:string) [@"/etc/passwd"] with (format="txt")' });
    expect(external.statusCode).toBe(422);
    expect(external.json().diagnostics[0].message).toMatch(/externaldata/);
  });

  it('422 data-missing for a known table the server has no data for', async () => {
    const res = await query({ query: 'DeviceFileEvents | take 1' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'data-missing', diagnostics: [{ code: 'engine-no-data' }] });
  });

  it('400 for malformed requests: no query, unknown member, wrong type, bad now, bad JSON', async () => {
    for (const body of [{}, { query: 'print 1', timeout: 5 }, { query: 1 }, { query: 'print 1', now: 'yesterday' }, { query: 'print 1', maxRows: -1 }]) {
      const res = await query(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe('request-invalid');
    }
    const bad = await app.inject({ method: 'POST', url: '/v1/query', payload: '{"query": ', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('invalid-json');
  });

  it('400 limit-exceeded above the server caps', async () => {
    const rows = await query({ query: 'print 1', maxRows: 10_000_000 });
    expect(rows.statusCode).toBe(400);
    expect(rows.json()).toMatchObject({ code: 'limit-exceeded' });
    expect(rows.json().message).toMatch(/NDJSON/);
    const time = await query({ query: 'print 1', timeoutMs: 10_000_000 });
    expect(time.json().code).toBe('limit-exceeded');
  });

  it('406 for a format it cannot give, 415 for a body that is not JSON, 413 for an oversized body', async () => {
    const na = await query({ query: 'print 1' }, { accept: 'application/xml' });
    expect(na.statusCode).toBe(406);
    expect(na.json().code).toBe('not-acceptable');
    const text = await app.inject({ method: 'POST', url: '/v1/query', payload: 'print 1', headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(415);
    expect(text.json().code).toBe('unsupported-media-type');
    const big = await query({ query: `print x = "${'a'.repeat(5000)}"` });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('body-too-large');
  });

  it('408 when the query runs past its time limit (interrupted inside DuckDB)', async () => {
    const started = Date.now();
    const res = await query({ query: SLOW_QUERY, timeoutMs: 300 });
    expect(res.statusCode).toBe(408);
    expect(res.json().code).toBe('query-timeout');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(app.limiter.active).toBe(0);
    expect((await query({ query: 'print 1' })).statusCode).toBe(200);
  });

  it('never a 500 for hostile or odd input', async () => {
    const odd = [
      'print x = "\\u0000"', `print x = "${String.fromCharCode(0)}"`, 'print 1 /', '((((((((((((((((((((print 1', '|||', ';;;', 'let x = ;',
      `print x = ${'1 + '.repeat(2000)}1`, 'print x = toint("abc")', 'print x = 1 / 0', 'range x from 1 to 10 step 0', 'print x = 9223372036854775807 + 1',
      'print x = datetime(2026-99-99)', 'DeviceProcessEvents | where Timestamp > now(-1d) | evaluate bag_unpack(x)', '.show tables', 'print x = parse_json("{")',
    ];
    for (const kql of odd) {
      const res = await query({ query: kql });
      expect(res.statusCode, `${kql} → ${res.body}`).toBeLessThan(500);
    }
  });

  it('400 naming the problem for a regular expression RE2 cannot compile (it was a 500 data-unreadable)', async () => {
    for (const kql of ['print x = "abc" matches regex "("', 'print extract("a{2,1}", 0, "aa")', 'print x = replace_regex("a", @"\\8", "b")']) {
      const res = await query({ query: kql });
      expect(res.statusCode, `${kql} → ${res.body}`).toBe(400);
      expect(res.json()).toMatchObject({ code: 'query-invalid' });
      expect(res.json().message).toMatch(/regular expression .* not valid RE2 syntax/);
    }
  });
});

describe('hostile literals and identifiers stay data', () => {
  it('a quote in a string literal does not break out into SQL', async () => {
    const pwn = join(fixture.dir, 'pwn.csv');
    const literal = `'; COPY (SELECT 1) TO '${pwn}'; --`;
    const res = await query({ query: `print x = "${literal}"` });
    expect(res.statusCode).toBe(200);
    expect(res.json().rows).toEqual([[literal]]);
    const res2 = await query({ query: `print x = @"'); COPY (SELECT 42) TO '${pwn}' (FORMAT csv); --"` });
    expect(res2.statusCode).toBe(200);
    expect(existsSync(pwn)).toBe(false);
    expect(existsSync('/tmp/pwn.csv')).toBe(false);
  });

  it('a quote in an identifier stays in the name', async () => {
    const res = await query({ query: `print ['a"b'] = 1, ['x"; DROP VIEW DeviceProcessEvents; --'] = 2` });
    expect(res.statusCode).toBe(200);
    expect(res.json().columns.map((c: { name: string }) => c.name)).toEqual(['a"b', 'x"; DROP VIEW DeviceProcessEvents; --']);
    expect((await query({ query: 'DeviceProcessEvents | count' })).json().rows).toEqual([[ROWS.length]]);
  });

  it('string operators with SQL metacharacters match literally', async () => {
    const res = await query({ query: `print a = "50%_off" contains "%_", b = "it's" has "it's", c = "x" == "x' OR '1'='1"` });
    expect(res.json().rows).toEqual([[true, true, false]]);
  });
});

describe('POST /v1/translate', () => {
  it('gives the SQL and the columns', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/translate', payload: { query: 'print x = "it\'s"' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ sql: expect.stringContaining("'it''s'"), columns: [{ name: 'x', type: 'string' }], diagnostics: [] });
  });

  it('answers 400 and 422 with diagnostics as /v1/query does', async () => {
    const bad = await app.inject({ method: 'POST', url: '/v1/translate', payload: { query: 'print x = ' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().diagnostics.length).toBeGreaterThan(0);
    const refused = await app.inject({ method: 'POST', url: '/v1/translate', payload: { query: '.drop table X' } });
    expect(refused.statusCode).toBe(422);
  });
});

describe('GET /v1/tables', () => {
  it('lists the tables with schemas, row counts and time ranges', async () => {
    const res = await app.inject('/v1/tables');
    expect(res.statusCode).toBe(200);
    const [dpe] = res.json().tables;
    expect(dpe).toMatchObject({
      name: 'DeviceProcessEvents',
      rowCount: ROWS.length,
      sources: [{ format: 'parquet', files: 1, hivePartitioned: false }],
      timeRange: { column: 'Timestamp', min: '2026-11-20T12:00:00Z', max: '2026-11-30T11:50:00Z' },
    });
    expect(dpe.columns).toContainEqual({ name: 'FileName', type: 'string' });
  });

  it('describes one table, 404 for an unknown one', async () => {
    const one = await app.inject('/v1/tables/DeviceProcessEvents');
    expect(one.json().rowCount).toBe(ROWS.length);
    const none = await app.inject('/v1/tables/Nope');
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe('table-not-found');
  });
});

describe('detections', () => {
  it('lists the rules, with whether their data is here', async () => {
    const res = await app.inject('/v1/detections');
    const t1204 = res.json().detections.find((d: { id: string }) => d.id === 'T1204');
    expect(t1204).toMatchObject({ id: 'T1204', available: true, requiredTables: ['DeviceProcessEvents'], attack: { tactic: 'Execution' } });
    expect((await app.inject('/v1/detections/t1204')).json().kql).toContain('DeviceProcessEvents');
  });

  it('runs T1204 with now and finds exactly what Kusto finds', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/detections/T1204/run', payload: { now: NOW } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-kqlduck-rule']).toBe('T1204');
    const body = res.json();
    expect(body.rule).toMatchObject({ id: 'T1204', severity: 'high' });
    expect(body.now).toBe('2026-11-30T12:00:00.000Z');
    const expected = expectedDetections();
    expect(body.stats.rows).toBe(expected.length);
    expect(body.rows.map((r: unknown[]) => [r[0], r[3], r[8]])).toEqual(expected.map((r) => [r.Timestamp, r.FileName ?? '', r.expect]));
  });

  it('runs T1204 in NDJSON too', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/detections/T1204/run', payload: { now: NOW }, headers: { accept: 'application/x-ndjson' } });
    const lines = res.body.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(lines.map((l) => l.DetectionCategory)).toEqual(expectedDetections().map((r) => r.expect));
  });

  it('404 for an unknown rule', async () => {
    const none = await app.inject({ method: 'POST', url: '/v1/detections/T0000/run', payload: {} });
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe('rule-not-found');
  });
});

describe('operations', () => {
  it('healthz, readyz', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await app.inject('/readyz')).json()).toMatchObject({ status: 'ready', tables: 1 });
  });

  it('metrics in Prometheus text', async () => {
    await query({ query: 'print 1' });
    const res = await app.inject('/metrics');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toMatch(/^kqlduck_http_requests_total\{route="\/v1\/query",method="POST",status="200"\} \d+$/m);
    expect(res.body).toMatch(/^kqlduck_queries_total\{format="json",outcome="ok"\} \d+$/m);
    expect(res.body).toMatch(/^kqlduck_queries_total\{format="json",outcome="timeout"\} 1$/m);
    expect(res.body).toMatch(/^kqlduck_query_duration_seconds_bucket\{format="json",outcome="ok",le="\+Inf"\} \d+$/m);
    expect(res.body).toMatch(/^kqlduck_query_rows_total\{format="json"\} \d+$/m);
    expect(res.body).toMatch(/^kqlduck_http_errors_total\{route="\/v1\/query",code="query-invalid"\} \d+$/m);
    expect(res.body).toMatch(/^kqlduck_queries_running 0$/m);
  });

  it('OpenAPI document from the route schemas, and the docs page', async () => {
    const doc = (await app.inject('/openapi.json')).json();
    expect(doc.openapi).toBe('3.0.3');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/query', '/v1/translate', '/v1/tables', '/v1/tables/{name}', '/v1/detections', '/v1/detections/{id}/run', '/healthz', '/readyz', '/metrics']));
    expect(Object.keys(doc.paths['/v1/query'].post.responses['200'].content)).toEqual(['application/json', 'application/x-ndjson', 'text/csv', 'application/vnd.apache.arrow.stream']);
    expect(doc.components.schemas.Error.properties.diagnostics).toBeTruthy();
    const docs = await app.inject('/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toMatch(/swagger/i);
  });

  it('404 for an unknown route', async () => {
    const res = await app.inject('/v2/nothing');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not-found', requestId: expect.any(String) });
  });

  it('a real 500 carries the request id the log ties to the stack, and hides the details', async () => {
    const res = await app.inject({ url: '/test/boom', headers: { 'x-request-id': 'trace-42' } });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'internal', requestId: 'trace-42' });
    expect(res.body).not.toContain('kaboom');
    const line = t.logs.find((l) => l.reqId === 'trace-42' && l.level === 50);
    expect((line?.err as { stack?: string })?.stack).toContain('kaboom: a bug');
  });

  it('logs each query with its hash, rows, duration and outcome', async () => {
    await query({ query: 'range x from 1 to 7 step 1' }, { 'x-request-id': 'log-test-1' });
    const line = t.logs.find((l) => l.reqId === 'log-test-1' && l.msg === 'query');
    expect(line?.query).toMatchObject({ hash: expect.stringMatching(/^[0-9a-f]{16}$/), rows: 7, outcome: 'ok', format: 'json', durationMs: expect.any(Number) });
    expect(JSON.stringify(t.logs)).not.toContain('range x from 1 to 7');
  });
});

describe('queue and shutdown', () => {
  it('503 with Retry-After when the queue is full; the waiting query runs once a slot frees', async () => {
    const small = await buildTestApp(undefined, { concurrency: 1, queueSize: 1, logLevel: 'silent' });
    try {
      const running = small.app.inject({ method: 'POST', url: '/v1/query', payload: { query: SLOW_QUERY, timeoutMs: 1500 } });
      await until(() => small.app.limiter.active === 1, 5000, 'the slow query to start');
      const waiting = small.app.inject({ method: 'POST', url: '/v1/query', payload: { query: 'print 1' } });
      await until(() => small.app.limiter.waiting === 1, 5000, 'the second query to queue');
      const full = await small.app.inject({ method: 'POST', url: '/v1/query', payload: { query: 'print 2' } });
      expect(full.statusCode).toBe(503);
      expect(full.headers['retry-after']).toBe('1');
      expect(full.json().code).toBe('queue-full');
      expect((await running).statusCode).toBe(408);
      expect((await waiting).json().rows).toEqual([[1]]);
    } finally {
      await small.app.close();
    }
  });

  it('on close: readyz says so, running queries get the grace period, then are cancelled', async () => {
    const s = await buildTestApp(undefined, { shutdownGraceMs: 200, logLevel: 'silent' });
    const running = s.app.inject({ method: 'POST', url: '/v1/query', payload: { query: SLOW_QUERY } });
    await until(() => s.app.limiter.active === 1, 5000, 'the slow query to start');
    const closed = s.app.close();
    await until(() => s.app.draining, 2000, 'draining');
    const res = await running;
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('shutting-down');
    await closed;
  });
});

describe('API keys', () => {
  let keyed: TestApp;
  beforeAll(async () => {
    keyed = await buildTestApp(undefined, { apiKeys: [KEY, 'another-key-0123456789'] });
  });
  afterAll(async () => keyed?.app.close());

  it('401 without a key or with a wrong one; the probes and docs stay open', async () => {
    const none = await keyed.app.inject({ method: 'POST', url: '/v1/query', payload: { query: 'print 1' } });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/Bearer/);
    expect(none.json().code).toBe('unauthorized');
    const wrong = await keyed.app.inject({ method: 'POST', url: '/v1/query', payload: { query: 'print 1' }, headers: { authorization: `Bearer ${KEY}x` } });
    expect(wrong.statusCode).toBe(401);
    expect((await keyed.app.inject('/v1/tables')).statusCode).toBe(401);
    expect((await keyed.app.inject('/metrics')).statusCode).toBe(401);
    expect((await keyed.app.inject('/healthz')).statusCode).toBe(200);
    expect((await keyed.app.inject('/readyz')).statusCode).toBe(200);
    expect((await keyed.app.inject('/openapi.json')).statusCode).toBe(200);
  });

  it('accepts Bearer and X-API-Key, and never logs the key', async () => {
    const bearer = await keyed.app.inject({ method: 'POST', url: '/v1/query', payload: { query: 'print 1' }, headers: { authorization: `Bearer ${KEY}` } });
    expect(bearer.statusCode).toBe(200);
    const header = await keyed.app.inject({ method: 'POST', url: '/v1/query', payload: { query: 'print 1' }, headers: { 'x-api-key': 'another-key-0123456789' } });
    expect(header.statusCode).toBe(200);
    expect(JSON.stringify(keyed.logs)).not.toContain(KEY);
    expect(JSON.stringify(keyed.logs)).not.toContain('another-key-0123456789');
  });
});

describe('CORS', () => {
  it('is off unless configured', async () => {
    const res = await app.inject({ method: 'OPTIONS', url: '/v1/query', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows the configured origins only', async () => {
    const c = await buildTestApp(undefined, { corsOrigins: ['https://notebook.example'], apiKeys: [KEY], logLevel: 'silent' });
    try {
      const pre = await c.app.inject({ method: 'OPTIONS', url: '/v1/query', headers: { origin: 'https://notebook.example', 'access-control-request-method': 'POST' } });
      expect(pre.statusCode).toBeLessThan(300);
      expect(pre.headers['access-control-allow-origin']).toBe('https://notebook.example');
      const other = await c.app.inject({ method: 'OPTIONS', url: '/v1/query', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await c.app.close();
    }
  });
});
