/**
 * Retro-hunts as jobs: POST /v1/hunts starts one, GET /v1/hunts[/:id] shows progress (and, once done,
 * findings per day and category), DELETE /v1/hunts/:id cancels, GET /v1/hunts/:id/findings answers its
 * findings in any result format. The findings persist in the server's store (see hunt-jobs.ts).
 */
import type { FastifyInstance } from 'fastify';
import { FINDING_COLUMNS, timeColumn } from '../../hunt/index.js';
import { sqlIdent, sqlString } from '../../sql/quote.js';
import { negotiate } from '../accept.js';
import { HttpError } from '../errors.js';
import { HuntJobs, type HuntView } from '../hunt-jobs.js';
import { huntPlan, huntProperties, requireTables, ruleOr404, type HuntMembers } from '../hunt-request.js';
import { answerQuery, resolveLimits } from '../query-run.js';
import { errorResponses, resultContent } from '../schemas.js';

const Hunt = {
  $id: 'Hunt',
  type: 'object',
  required: ['id', 'rule', 'from', 'to', 'every', 'lookback', 'status', 'progress', 'startedAt'],
  properties: {
    id: { type: 'string' },
    rule: { type: 'object', properties: { id: { type: 'string' }, version: { type: 'string' } } },
    from: { type: 'string' },
    to: { type: 'string' },
    every: { type: 'string' },
    lookback: { type: 'string' },
    status: { type: 'string', enum: ['running', 'done', 'failed', 'cancelled'] },
    progress: {
      type: 'object',
      properties: {
        slices: { type: 'integer' }, slicesDone: { type: 'integer' }, findings: { type: 'integer' },
        daysDone: { type: 'integer' }, days: { type: 'integer' },
        rowsScanned: { type: 'integer', description: 'Rows in the Parquet files read so far.' },
      },
    },
    startedAt: { type: 'string' },
    finishedAt: { type: 'string' },
    error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
    perDay: {
      type: 'array',
      description: 'Findings per day and category (the data of the CLI\'s chart), once the hunt is done.',
      items: { type: 'object', properties: { day: { type: 'string' }, category: { type: 'string' }, findings: { type: 'integer' } } },
    },
  },
} as const;

interface StartBody extends HuntMembers {
  rule: string;
}

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;

export default async function huntRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.addSchema(Hunt);
  const jobs = new HuntJobs(fastify.engine, fastify.limiter, fastify.findingsStore, fastify.config.maxHunts, fastify.backgroundJobs);
  // the runtime has cancelled them when shutdown began; DuckDB must not close under a COPY
  fastify.addHook('onClose', async () => jobs.settled());

  const jobOr404 = (id: string): HuntView => {
    const view = jobs.get(id);
    if (!view) throw new HttpError(404, 'hunt-not-found', `no retro-hunt ${id}; GET /v1/hunts lists them`);
    return view;
  };

  fastify.post<{ Body: StartBody }>('/v1/hunts', {
    schema: {
      tags: ['hunts'],
      summary: 'Start a retro-hunt',
      description: 'Replays a detection as if it had run every `every` over its lookback between `from` and `to`, as a background job. '
        + 'Findings go to the server\'s store: a hunt of the same rule version and schedule skips what is already there.',
      body: {
        type: 'object',
        required: ['rule', 'from'],
        additionalProperties: false,
        properties: { rule: { type: 'string', maxLength: 128 }, ...huntProperties },
      },
      response: { 202: { $ref: 'Hunt#' }, ...errorResponses },
    },
  }, async (request, reply) => {
    if (fastify.draining) throw new HttpError(503, 'shutting-down', 'the server is shutting down', { 'retry-after': '5' });
    if (!fastify.findingsStore) throw new HttpError(503, 'hunts-unavailable', 'this server has no findings store for retro-hunts');
    const rule = ruleOr404(request.body.rule);
    requireTables(rule, fastify.engine.tables);
    const plan = huntPlan(rule, request.body, new Date());
    const view = jobs.start({ rule, ...plan });
    request.log.info({ hunt: { id: view.id, rule: rule.id, from: view.from, to: view.to } }, 'hunt started');
    return reply.code(202).header('location', `/v1/hunts/${view.id}`).send(view);
  });

  fastify.get('/v1/hunts', {
    schema: {
      tags: ['hunts'],
      summary: 'The retro-hunts this server has run (the last 100 finished) and is running',
      response: { 200: { type: 'object', properties: { hunts: { type: 'array', items: { $ref: 'Hunt#' } } } }, ...errorResponses },
    },
  }, async () => ({ hunts: jobs.list() }));

  fastify.get<{ Params: { id: string } }>('/v1/hunts/:id', {
    schema: { tags: ['hunts'], summary: 'A retro-hunt\'s status and progress', params: idParams, response: { 200: { $ref: 'Hunt#' }, ...errorResponses } },
  }, async (request) => jobOr404(request.params.id));

  fastify.delete<{ Params: { id: string } }>('/v1/hunts/:id', {
    schema: {
      tags: ['hunts'],
      summary: 'Cancel a retro-hunt',
      description: 'Stops it (DuckDB is interrupted); the slices it finished stay in the store, so starting it again resumes. A finished hunt is left as it is.',
      params: idParams,
      response: { 200: { $ref: 'Hunt#' }, ...errorResponses },
    },
  }, async (request) => {
    jobOr404(request.params.id);
    return (await jobs.cancel(request.params.id))!;
  });

  fastify.get<{ Params: { id: string } }>('/v1/hunts/:id/findings', {
    schema: {
      tags: ['hunts'],
      summary: 'A retro-hunt\'s findings, in run order',
      description: 'What it has found so far while running; all of it once done. The Hunt* columns come first, then the rule\'s own.',
      params: idParams,
      response: { 200: resultContent({ $ref: 'ResultRows#' }), ...errorResponses },
    },
  }, async (request, reply) => {
    const view = jobOr404(request.params.id);
    const { files, columns } = jobs.findings(view.id)!;
    const format = negotiate(request.headers.accept);
    const limits = resolveLimits(fastify.config, format, {});
    const order = ['HuntRunAt', timeColumn(columns.slice(FINDING_COLUMNS.length))].filter((c) => c !== undefined).map(sqlIdent);
    // a hunt with no finished slice yet has no file: an empty result with the hunt's columns
    const sql = files.length
      ? `SELECT ${columns.map((c) => sqlIdent(c.name)).join(', ')} FROM read_parquet([${files.map(sqlString).join(', ')}]) ORDER BY ${order.join(', ')}`
      : `SELECT ${columns.map((c) => `NULL AS ${sqlIdent(c.name)}`).join(', ')} WHERE FALSE`;
    return answerQuery(request, reply, {
      kql: `hunt ${view.id}`,
      now: new Date(),
      format,
      limits,
      prepare: async () => ({ sql, columns }),
    });
  });
}
