/** GET /v1/detections, GET /v1/detections/:id, POST /v1/detections/:id/run: the bundled rules and their findings. */
import type { FastifyInstance } from 'fastify';
import { findRule, loadRules, type Rule } from '../../detections/rules.js';
import { negotiate } from '../accept.js';
import { HttpError } from '../errors.js';
import { answerQuery, resolveLimits } from '../query-run.js';
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
    from: { type: 'string', format: 'date-time', description: 'Retro-hunt start (replays the rule as scheduled between from and to).' },
    to: { type: 'string', format: 'date-time', description: 'Retro-hunt end.' },
    ...limitProperties,
  },
} as const;

interface RunBodyType {
  now?: string;
  from?: string;
  to?: string;
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
  const ruleOr404 = (id: string) => {
    const rule = findRule(id);
    if (!rule) throw new HttpError(404, 'rule-not-found', `no detection ${id}; GET /v1/detections lists them`);
    return rule;
  };
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
        + '`from`/`to` (retro-hunt) answer 422 feature-missing until the retro-hunt module is part of the build.',
      params: idParams,
      body: RunBody,
      response: {
        200: resultContent({
          type: 'object',
          required: ['rule', 'now', 'columns', 'rows', 'stats'],
          properties: {
            rule: {
              type: 'object',
              properties: { id: { type: 'string' }, title: { type: 'string' }, version: { type: 'string' }, severity: { type: 'string' } },
            },
            now: { type: 'string' },
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
    if (body.from !== undefined || body.to !== undefined) {
      throw new HttpError(422, 'feature-missing', 'retro-hunt (from/to replay of a scheduled rule) is not part of this build yet; run the rule at one instant with `now`');
    }
    const limits = resolveLimits(fastify.config, format, body);
    const now = body.now ? new Date(body.now) : new Date();
    return answerQuery(request, reply, {
      kql: rule.kql,
      now,
      format,
      limits,
      envelope: { rule: { id: rule.id, title: rule.title, version: rule.version, severity: rule.severity }, now: now.toISOString() },
      headers: { 'x-kqlduck-rule': rule.id, 'x-kqlduck-rule-version': rule.version },
    });
  });
}
