/**
 * One query's life on the server: compile, wait for a DuckDB slot, run under a time limit and a row
 * cap, answer in the negotiated format. Whatever ends it first (the last row, the clock, the client
 * leaving, shutdown) interrupts DuckDB, closes its connection and frees the slot, exactly once.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JsonValue } from '../engine/values.js';
import { writeCsv, writeNdjson } from '../format/writers.js';
import type { Column } from '../ir/types.js';
import { MEDIA_TYPES, type ResultFormat } from './accept.js';
import { arrowStream } from './arrow.js';
import type { Compiled } from './compile-cache.js';
import type { ServerConfig } from './config.js';
import { HttpError, toHttpError } from './errors.js';
import { ClientGoneError, sinkStream, type ByteSink } from './sink-stream.js';

export interface QueryLimits {
  timeoutMs: number;
  maxRows: number;
}

export interface QueryJob {
  /** The KQL asked for: hashed for the log, and compiled through the server's cache unless `prepare` is given. */
  kql: string;
  /** The statement to run instead, when it is not the KQL's plain translation (a retro-hunt's replay). */
  prepare?: () => Promise<Compiled>;
  now: Date;
  format: ResultFormat;
  limits: QueryLimits;
  /** Extra members put first in a JSON answer (a detection's rule, the `now` it ran with). */
  envelope?: Record<string, unknown>;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

export type Outcome = 'ok' | 'invalid' | 'refused' | 'timeout' | 'cancelled' | 'rejected' | 'shutdown' | 'error';

export const queryHash = (kql: string) => createHash('sha256').update(kql).digest('hex').slice(0, 16);

/** The request's limits, checked against the server's caps (above a cap is a 400 naming it). */
export function resolveLimits(config: ServerConfig, format: ResultFormat, asked: { timeoutMs?: number; maxRows?: number }): QueryLimits {
  const timeoutMs = asked.timeoutMs ?? config.timeoutMs;
  if (timeoutMs > config.maxTimeoutMs) {
    throw new HttpError(400, 'limit-exceeded', `timeoutMs ${timeoutMs} is above this server's limit of ${config.maxTimeoutMs} ms`);
  }
  const streamed = format !== 'json';
  const cap = streamed ? config.streamMaxRows : config.maxRowsLimit;
  const maxRows = asked.maxRows ?? (streamed ? config.streamMaxRows : config.maxRows);
  if (maxRows > cap) {
    const hint = streamed ? '' : '; stream larger results as NDJSON, CSV or Arrow (Accept header)';
    throw new HttpError(400, 'limit-exceeded', `maxRows ${maxRows} is above this server's limit of ${cap} rows for ${MEDIA_TYPES[format]}${hint}`);
  }
  return { timeoutMs, maxRows };
}

function outcomeOf(err: HttpError): Outcome {
  switch (err.code) {
    case 'query-timeout':
      return 'timeout';
    case 'client-closed':
      return 'cancelled';
    case 'queue-full':
      return 'rejected';
    case 'shutting-down':
      return 'shutdown';
    case 'query-invalid':
    case 'request-invalid':
      return 'invalid';
    case 'query-refused':
    case 'data-missing':
      return 'refused';
  }
  return 'error';
}

class Execution {
  readonly controller = new AbortController();
  readonly started = performance.now();
  rows = 0;
  truncated = false;
  private admittedAt?: number;
  private release?: () => void;
  private readonly timer: NodeJS.Timeout;
  private finished = false;
  private readonly onClose: () => void;

  constructor(private readonly request: FastifyRequest, private readonly reply: FastifyReply, private readonly job: QueryJob, private readonly hash: string) {
    const { timeoutMs } = job.limits;
    this.timer = setTimeout(() => this.controller.abort(new HttpError(408, 'query-timeout', `the query ran past its time limit of ${timeoutMs} ms and was cancelled`)), timeoutMs);
    this.onClose = () => {
      if (!reply.raw.writableFinished) this.controller.abort(new HttpError(499, 'client-closed', 'the client closed the connection'));
    };
    reply.raw.once('close', this.onClose);
    request.server.activeQueries.add(this.controller);
  }

  /** The thrown error, in terms of why the query stopped (an interrupted DuckDB call says only "interrupted"). */
  cause(err: unknown): unknown {
    return this.controller.signal.aborted ? this.controller.signal.reason : err;
  }

  /** Waits for a slot, starts the query and reads its first chunk, so early failures still get their status. */
  async open(sql: string, columns: Column[], maxRows: number): Promise<AsyncGenerator<JsonValue[][]>> {
    const { server } = this.request;
    try {
      this.release = await server.limiter.acquire(this.controller.signal);
      this.admittedAt = performance.now();
      const chunks = server.engine.stream(sql, { types: columns.map((c) => c.type), signal: this.controller.signal, maxRows });
      const first = await chunks.next();
      return this.rest(chunks, first);
    } catch (err) {
      throw this.cause(err);
    }
  }

  private async *rest(chunks: AsyncGenerator<JsonValue[][]>, first: IteratorResult<JsonValue[][]>): AsyncGenerator<JsonValue[][]> {
    try {
      let next = first;
      while (!next.done) {
        this.rows += next.value.length;
        yield next.value;
        next = await chunks.next();
      }
    } catch (err) {
      throw this.cause(err);
    } finally {
      await chunks.return(undefined); // closes the connection when the consumer stopped early
    }
  }

  finish(outcome: Outcome, code?: string): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.timer);
    this.reply.raw.removeListener('close', this.onClose);
    const { server } = this.request;
    server.activeQueries.delete(this.controller);
    this.release?.();
    const elapsed = performance.now() - this.started;
    const format = this.job.format;
    server.metrics.queries.inc({ format, outcome });
    if (this.admittedAt !== undefined) server.metrics.duration.observe({ format, outcome }, elapsed / 1000);
    server.metrics.rows.inc({ format }, this.rows);
    const queueMs = this.admittedAt === undefined ? undefined : Math.round(this.admittedAt - this.started);
    this.request.log.info({ query: { hash: this.hash, format, outcome, code, rows: this.rows, truncated: this.truncated, durationMs: Math.round(elapsed), queueMs } }, 'query');
  }
}

/** Compiles, runs and answers one query (JSON collected, other formats streamed). */
export async function answerQuery(request: FastifyRequest, reply: FastifyReply, job: QueryJob): Promise<FastifyReply> {
  const { server } = request;
  const hash = queryHash(job.kql);
  if (server.draining) throw new HttpError(503, 'shutting-down', 'the server is shutting down', { 'retry-after': '5' });
  let compiled: Compiled;
  try {
    compiled = job.prepare ? await job.prepare() : server.compiler.compile(job.kql, job.now);
  } catch (err) {
    const http = toHttpError(err);
    request.log.info({ query: { hash, format: job.format, outcome: outcomeOf(http), code: http.code } }, 'query');
    server.metrics.queries.inc({ format: job.format, outcome: outcomeOf(http) });
    throw err;
  }
  const exec = new Execution(request, reply, job, hash);
  const json = job.format === 'json';
  let chunks: AsyncGenerator<JsonValue[][]>;
  try {
    // JSON asks for one row more than it may return, to know whether it truncated
    chunks = await exec.open(compiled.sql, compiled.columns, json ? job.limits.maxRows + 1 : job.limits.maxRows);
  } catch (err) {
    const http = toHttpError(err);
    exec.finish(outcomeOf(http), http.code);
    throw err;
  }
  reply.headers(job.headers ?? {});
  if (json) return answerJson(reply, exec, chunks, compiled.columns, job);
  const readable = sinkStream((sink) => writeFormat(job.format, compiled.columns, chunks, sink).then(
    () => exec.finish('ok'),
    (err: unknown) => {
      const cause = exec.cause(err);
      const http = cause instanceof ClientGoneError ? new HttpError(499, 'client-closed', cause.message) : toHttpError(cause);
      exec.finish(outcomeOf(http), http.code);
      if (http.statusCode >= 500) request.log.error({ err }, 'stream failed');
      throw cause;
    },
  ), exec.controller.signal);
  return reply.type(MEDIA_TYPES[job.format]).send(readable);
}

async function answerJson(reply: FastifyReply, exec: Execution, chunks: AsyncGenerator<JsonValue[][]>, columns: Column[], job: QueryJob): Promise<FastifyReply> {
  const parts: string[] = [];
  let n = 0;
  try {
    outer: for await (const rows of chunks) {
      for (const row of rows) {
        if (n === job.limits.maxRows) {
          exec.truncated = true;
          break outer;
        }
        parts.push(JSON.stringify(row));
        n++;
      }
    }
  } catch (err) {
    const http = toHttpError(err);
    exec.finish(outcomeOf(http), http.code);
    throw err;
  }
  exec.rows = n;
  exec.finish('ok');
  const stats = { rows: n, elapsedMs: Math.round((performance.now() - exec.started) * 10) / 10, truncated: exec.truncated };
  const head = Object.entries(job.envelope ?? {}).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)},`).join('');
  const body = `{${head}"columns":${JSON.stringify(columns)},"rows":[${parts.join(',')}],"stats":${JSON.stringify(stats)}}`;
  return reply.type('application/json; charset=utf-8').send(body);
}

function writeFormat(format: ResultFormat, columns: Column[], chunks: AsyncIterable<JsonValue[][]>, sink: ByteSink): Promise<unknown> {
  switch (format) {
    case 'ndjson':
      return writeNdjson(columns, chunks, sink);
    case 'csv':
      return writeCsv(columns, chunks, sink);
    case 'arrow':
      return (async () => {
        for await (const bytes of arrowStream(columns, chunks)) await sink.write(bytes);
      })();
    case 'json':
      throw new Error('JSON is answered whole, not streamed');
  }
}
