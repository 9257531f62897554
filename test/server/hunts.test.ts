/** Retro-hunts over HTTP: the one-pass replay of /v1/detections/:id/run and the /v1/hunts jobs. */
import { readdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedDetections, NOW, ROWS } from '../fixtures/t1204-rows.js';
import { buildTestApp, makeFixture, SLOW_QUERY, until, type Fixture } from './helpers.js';

let fixture: Fixture;
let app: FastifyInstance;

// daily runs from 2026-11-20T12:00Z to NOW (2026-11-30T12:00Z), each looking back 24 h
const FROM = '2026-11-20T12:00:00Z';
const HUNT = { from: FROM, to: NOW, every: '1d', lookback: '24h' };
const at = (iso: string) => new Date(iso).toISOString();

/**
 * What the replay must find: every row the rule matches at NOW (first found by the run at NOW), plus
 * the two rows outside NOW's window that earlier runs saw: `window-edge` (exactly NOW - 24h, so the
 * run a day before holds it) and `window-old` (exactly FROM, held by the first run).
 */
function expectedFindings(): Array<{ id: string; runAt: string; category: string }> {
  const rows = expectedDetections().map((r) => ({ id: r.id, runAt: at(NOW), category: r.expect! }));
  rows.push({ id: 'window-edge', runAt: at('2026-11-29T12:00:00Z'), category: 'Office/Browser Shell Spawn' });
  rows.push({ id: 'window-old', runAt: at(FROM), category: 'Remote Access Tool Execution (Possible Social Engineering)' });
  return rows.sort((a, b) => a.id.localeCompare(b.id));
}

/** Findings rows (JSON answer) → the same shape, the fixture row told apart by its Timestamp. */
function found(body: { columns: Array<{ name: string }>; rows: unknown[][] }) {
  const col = (n: string) => body.columns.findIndex((c) => c.name === n);
  const [run, cat, ts] = [col('HuntRunAt'), col('HuntCategory'), col('Timestamp')];
  // to the microsecond (window-edge and window-inside are 1 µs apart; a Date would merge them)
  const exact = (iso: string) => iso.replace(/Z$/, '').replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  const byTime = new Map(ROWS.map((r) => [exact(r.Timestamp), r.id]));
  return body.rows
    .map((r) => ({ id: byTime.get(exact(String(r[ts])))!, runAt: at(String(r[run])), category: String(r[cat]) }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

beforeAll(async () => {
  fixture = await makeFixture();
  ({ app } = await buildTestApp(fixture, { logLevel: 'silent', concurrency: 1, maxHunts: 1 }));
});

afterAll(async () => {
  await app?.close();
  fixture?.cleanup();
});

const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });

async function finished(id: string) {
  let view: { status: string } = { status: 'running' };
  await until(async () => {
    view = (await app.inject(`/v1/hunts/${id}`)).json();
    return view.status !== 'running';
  }, 30_000, `hunt ${id} to finish`);
  return view as Record<string, any>;
}

describe('POST /v1/detections/:id/run with from/to', () => {
  it('replays the schedule in one pass: each row once, with the first run that found it', async () => {
    const res = await post('/v1/detections/T1204/run', HUNT);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.hunt).toEqual({ from: at(FROM), to: at(NOW), every: '1d', lookback: '24h' });
    expect(body.columns.slice(0, 5).map((c: { name: string }) => c.name)).toEqual(['HuntRuleId', 'HuntRuleVersion', 'HuntRunAt', 'HuntWindowStart', 'HuntCategory']);
    expect(found(body)).toEqual(expectedFindings());
  });

  it('answers NDJSON too', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/detections/T1204/run', payload: HUNT, headers: { accept: 'application/x-ndjson' } });
    const lines = res.body.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(lines).toHaveLength(expectedFindings().length);
    expect(new Set(lines.map((l) => l.HuntRuleId))).toEqual(new Set(['T1204']));
  });

  it('400 naming the member for a bad schedule', async () => {
    const cases: Array<[object, RegExp]> = [
      [{ from: NOW, to: FROM }, /`from` is after `to`/],
      [{ from: FROM, every: 'soon' }, /`every` is not a positive duration/],
      [{ from: FROM, lookback: '-1d' }, /`lookback` is not a positive duration/],
      [{ to: NOW }, /need `from`/],
    ];
    for (const [payload, message] of cases) {
      const res = await post('/v1/detections/T1204/run', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().message).toMatch(message);
    }
  });
});

describe('/v1/hunts jobs', () => {
  it('runs a hunt in the background: progress, per-day summary, findings, and a re-run adds nothing', async () => {
    const start = await post('/v1/hunts', { rule: 'T1204', ...HUNT });
    expect(start.statusCode).toBe(202);
    const { id } = start.json();
    expect(start.headers.location).toBe(`/v1/hunts/${id}`);
    const view = await finished(id);
    expect(view.status).toBe('done');
    expect(view.progress).toMatchObject({ findings: expectedFindings().length, days: 11, daysDone: 11 });
    expect(view.progress.slicesDone).toBe(view.progress.slices);
    expect(view.progress.rowsScanned).toBe(ROWS.length * view.progress.slices); // one Parquet file, read by each slice
    const perDay = view.perDay as Array<{ day: string; findings: number }>;
    expect(perDay.reduce((n, d) => n + d.findings, 0)).toBe(expectedFindings().length);
    expect(perDay.find((d) => d.day === '2026-11-20')?.findings).toBe(1);

    const rows = await app.inject(`/v1/hunts/${id}/findings`);
    expect(rows.statusCode).toBe(200);
    expect(found(rows.json())).toEqual(expectedFindings());

    const files = () => readdirSync(app.findingsStore, { recursive: true }).filter((f) => String(f).endsWith('.parquet')).sort();
    const before = files();
    const again = await finished((await post('/v1/hunts', { rule: 'T1204', ...HUNT })).json().id);
    expect(again.progress.findings).toBe(expectedFindings().length);
    expect(files()).toEqual(before);
    expect((await app.inject('/v1/hunts')).json().hunts.map((h: { id: string }) => h.id)).toContain(id);
  });

  it('cancels a hunt (here still waiting for a DuckDB slot), and turns away hunts beyond the limit', async () => {
    const slow = app.inject({ method: 'POST', url: '/v1/query', payload: { query: SLOW_QUERY, timeoutMs: 60_000 } });
    await until(() => app.limiter.active === 1, 5000, 'the slow query to hold the only slot');
    let cancelledId = '';
    try {
      const { id } = (await post('/v1/hunts', { rule: 'T1204', from: '2026-11-01T00:00:00Z', to: NOW })).json();
      const busy = await post('/v1/hunts', { rule: 'T1204', ...HUNT });
      expect(busy.statusCode).toBe(503);
      expect(busy.json().code).toBe('hunts-busy');
      const cancelled = await app.inject({ method: 'DELETE', url: `/v1/hunts/${id}` });
      expect(cancelled.json()).toMatchObject({ status: 'cancelled', progress: { slicesDone: 0 } });
      cancelledId = id;
    } finally {
      // inject has no socket to close: end the slow query the way shutdown does
      for (const c of app.activeQueries) c.abort(new Error('test over'));
      await slow;
      await until(() => app.limiter.active === 0, 5000, 'the slot to free');
    }
    const rows = await app.inject(`/v1/hunts/${cancelledId}/findings`);
    expect(rows.statusCode).toBe(200);
    expect(rows.json().rows).toEqual([]);
  });

  it('404 for an unknown rule or hunt, 422 when the rule has no data here', async () => {
    expect((await post('/v1/hunts', { rule: 'T0000', from: FROM })).statusCode).toBe(404);
    expect((await app.inject('/v1/hunts/nope')).json().code).toBe('hunt-not-found');
    expect((await app.inject({ method: 'DELETE', url: '/v1/hunts/nope' })).statusCode).toBe(404);
    const { app: empty } = await buildTestApp(undefined, { logLevel: 'silent' });
    try {
      const res = await empty.inject({ method: 'POST', url: '/v1/hunts', payload: { rule: 'T1204', from: FROM } });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'data-missing' });
      expect(res.json().message).toContain('DeviceProcessEvents');
    } finally {
      await empty.close();
    }
  });
});
