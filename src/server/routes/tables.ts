/** GET /v1/tables and /v1/tables/:name: the tables the server holds, their schemas, row counts and time ranges. */
import type { FastifyInstance } from 'fastify';
import type { RegisteredTable } from '../../engine/engine.js';
import type { JsonValue } from '../../engine/values.js';
import { sqlIdent } from '../../sql/quote.js';
import { HttpError } from '../errors.js';
import { errorResponses } from '../schemas.js';

interface TableStats {
  rowCount: number;
  timeRange: { column: string; min: string | null; max: string | null } | null;
}

const TIME_COLUMNS = ['Timestamp', 'TimeGenerated'];

const Table = {
  $id: 'Table',
  type: 'object',
  required: ['name', 'columns', 'sources', 'rowCount', 'timeRange'],
  properties: {
    name: { type: 'string' },
    columns: { type: 'array', items: { $ref: 'Column#' } },
    sources: {
      type: 'array',
      items: {
        type: 'object',
        properties: { format: { type: 'string' }, files: { type: 'integer' }, hivePartitioned: { type: 'boolean' } },
      },
    },
    rowCount: { type: 'integer' },
    timeRange: {
      type: 'object',
      nullable: true,
      description: 'Earliest and latest value of the table\'s time column (Timestamp or TimeGenerated).',
      properties: { column: { type: 'string' }, min: { type: 'string', nullable: true }, max: { type: 'string', nullable: true } },
    },
  },
} as const;

export default async function tableRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.addSchema(Table);
  // the data does not change while the server runs: each table is counted once, on first demand
  const cache = new Map<string, Promise<TableStats>>();

  async function computeStats(table: RegisteredTable): Promise<TableStats> {
    const time = table.columns.find((c) => TIME_COLUMNS.includes(c.name) && c.type === 'datetime');
    const select = time ? `count(*), min(${sqlIdent(time.name)}), max(${sqlIdent(time.name)})` : 'count(*)';
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new HttpError(408, 'query-timeout', 'counting the table took too long')), fastify.config.maxTimeoutMs);
    let release: (() => void) | undefined;
    try {
      release = await fastify.limiter.acquire(controller.signal);
      let row: JsonValue[] = [];
      const sql = `SELECT ${select} FROM ${sqlIdent(table.name)}`;
      for await (const chunk of fastify.engine.stream(sql, { types: ['long', 'datetime', 'datetime'], signal: controller.signal })) {
        row = chunk[0] ?? row;
      }
      return {
        rowCount: Number(row[0] ?? 0),
        timeRange: time ? { column: time.name, min: (row[1] as string | null) ?? null, max: (row[2] as string | null) ?? null } : null,
      };
    } finally {
      clearTimeout(timer);
      release?.();
    }
  }

  function stats(table: RegisteredTable): Promise<TableStats> {
    let p = cache.get(table.name);
    if (!p) {
      p = computeStats(table);
      cache.set(table.name, p);
      p.catch(() => cache.delete(table.name)); // a failure is not remembered
    }
    return p;
  }

  async function describe(table: RegisteredTable) {
    return {
      name: table.name,
      columns: table.columns,
      sources: table.sources.map((s) => ({ format: s.format, files: s.paths.length, hivePartitioned: s.hive })),
      ...(await stats(table)),
    };
  }

  fastify.get('/v1/tables', {
    schema: {
      tags: ['tables'],
      summary: 'The tables with data',
      response: { 200: { type: 'object', required: ['tables'], properties: { tables: { type: 'array', items: { $ref: 'Table#' } } } }, ...errorResponses },
    },
  }, async () => ({ tables: await Promise.all(fastify.engine.tables.map(describe)) }));

  fastify.get<{ Params: { name: string } }>('/v1/tables/:name', {
    schema: {
      tags: ['tables'],
      summary: 'One table: schema, row count, time range',
      params: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 128 } } },
      response: { 200: { $ref: 'Table#' }, ...errorResponses },
    },
  }, async (request) => {
    const table = fastify.engine.tables.find((t) => t.name.toLowerCase() === request.params.name.toLowerCase());
    if (!table) throw new HttpError(404, 'table-not-found', `no table ${request.params.name}; GET /v1/tables lists them`);
    return describe(table);
  });
}
