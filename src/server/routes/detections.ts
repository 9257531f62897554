/** GET /v1/detections, GET /v1/detections/:id, POST /v1/detections/:id/run: the bundled rules and their findings. */
import type { FastifyInstance } from 'fastify';
import { loadRules, type Rule } from '../../detections/rules.js';
import { negotiate } from '../accept.js';
import { answerQuery, resolveLimits } from '../query-run.js';
import { sliceFindingsSql } from '../../hunt/index.js';
import { huntPlan, huntProperties, requireTables, ruleOr404, type HuntMembers } from '../hunt-request.js';
import { errorResponses, limitProperties, nowProperty, resultContent } from '../schemas.js';

const Detection = {
  $id: 'Detection',
  type: 'object',
  required: ['id', 'title', 'version', 'severity', 'attack', 'requiredTables', 'available'],
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    version: { type: 'string', description: 'Hash of the rule\'s KQL.' },
    severity: { type: 'string' },
    confidence: { type: 'string' },
    attack: {
      type: 'object',
      properties: { technique: { type: 'string' }, name: { type: 'string' }, tactic: { type: 'string' }, url: { type: 'string' } },
    },
    requiredTables: { type: 'array', items: { type: 'string' } },
    available: { type: 'boolean', description: 'True when the server has data for every required table.' },
    lookback: { type: 'string' },
    frequency: { type: 'string' },
    description: { type: 'string' },
    falsePositives: { type: 'array', items: { type: 'string' } },
    kql: { type: 'string' },
  },
} as const;

const RunBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    now: nowProperty,
    ...huntProperties,
    ...limitProperties,
  },
} as const;

interface RunBodyType extends HuntMembers {
  now?: string;
  timeoutMs?: number;
  maxRows?: number;
}

export default async function detectionRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.addSchema(Detection);
  const loaded = () => new Set(fastify.engine.tables.map((t) => t.name));
  const describe = (r: Rule, tables: Set<string>) => ({
    id: r.id, title: r.title, version: r.version, severity: r.severity, confidence: r.confidence, attack: r.attack,
    requiredTables: r.requiredTables, available: r.requiredTables.every((t) => tables.has(t)), lookback: r.lookback,
    frequency: r.frequency, description: r.description, falsePositives: r.falsePositives, kql: r.kql,
  });
  const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 128 } } } as const;

  fastify.get('/v1/detections', {
    schema: {
      tags: ['detections'],
      summary: 'The bundled detection rules',
      response: { 200: { type: 'object', required: ['detections'], properties: { detections: { type: 'array', items: { $ref: 'Detection#' } } } }, ...errorResponses },
    },
  }, async () => {
    const tables = loaded();
    return { detections: loadRules().map((r) => describe(r, tables)) };
  });

  fastify.get<{ Params: { id: string } }>('/v1/detections/:id', {
    schema: { tags: ['detections'], summary: 'One detection rule', params: idParams, response: { 200: { $ref: 'Detection#' }, ...errorResponses } },
  }, async (request) => describe(ruleOr404(request.params.id), loaded()));

  fastify.post<{ Params: { id: string }; Body: RunBodyType }>('/v1/detections/:id/run', {
    schema: {
      tags: ['detections'],
      summary: 'Run a detection: its findings',
      description: 'Runs the rule\'s KQL, unmodified, with `now` as the time it runs (its lookback counts back from there). '
        + 'Content negotiation and errors as /v1/query; the JSON answer also names the rule and the `now` used. '
        + 'With `from` (and optionally `to`, `every`, `lookback`) it is a retro-hunt instead: the findings the rule would have produced, '
        + 'had it run every `every` over its lookback from `from` to `to`, each row once with the first run that found it (HuntRunAt), '
        + 'computed in one pass over the day partitions of the range. For long ranges, POST /v1/hunts runs it as a job.',
      params: idParams,
      body: RunBody,
      response: {
        200: resultContent({
          type: 'object',
          required: ['rule', 'columns', 'rows', 'stats'],
          properties: {
            rule: {
              type: 'object',
              properties: { id: { type: 'string' }, title: { type: 'string' }, version: { type: 'string' }, severity: { type: 'string' } },
            },
            now: { type: 'string', description: 'The instant the rule ran at (a single run).' },
            hunt: {
              type: 'object',
              description: 'The schedule replayed (a retro-hunt); the rows then start with the Hunt* columns.',
              properties: { from: { type: 'string' }, to: { type: 'string' }, every: { type: 'string' }, lookback: { type: 'string' } },
            },
            columns: { type: 'array', items: { $ref: 'Column#' } },
            rows: { type: 'array', items: { type: 'array', items: {} } },
            stats: { $ref: 'Stats#' },
          },
        }),
        ...errorResponses,
      },
    },
  }, async (request, reply) => {
    const rule = ruleOr404(request.params.id);
    const body = request.body ?? {};
    const format = negotiate(request.headers.accept);
    const limits = resolveLimits(fastify.config, format, body);
    const now = body.now ? new Date(body.now) : new Date();
    const ruleInfo = { id: rule.id, title: rule.title, version: rule.version, severity: rule.severity };
    const headers = { 'x-kqlduck-rule': rule.id, 'x-kqlduck-rule-version': rule.version };
    if (body.from === undefined && body.to === undefined && body.every === undefined && body.lookback === undefined) {
      return answerQuery(request, reply, { kql: rule.kql, now, format, limits, envelope: { rule: ruleInfo, now: now.toISOString() }, headers });
    }
    const plan = huntPlan(rule, body, now);
    requireTables(rule, fastify.engine.tables);
    return answerQuery(request, reply, {
      kql: rule.kql,
      now,
      format,
      limits,
      prepare: () => sliceFindingsSql(fastify.engine, rule, plan.schedule),
      envelope: { rule: ruleInfo, hunt: { from: plan.schedule.from.toISOString(), to: plan.schedule.to.toISOString(), every: plan.every, lookback: plan.lookback } },
      headers,
    });
  });
}
