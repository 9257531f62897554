/** compile() composed with the engine: KQL text in, Kusto-shaped rows out. */
import { compile, type CompileOptions, type CompileResult } from './compile.js';
import type { BagSlot } from './kql/lower/context.js';
import type { KustoType } from './schema/kusto-types.js';
import { makeDiagnostic, KqlError } from './diagnostics/diagnostic.js';
import type { Engine } from './engine/engine.js';
import type { JsonValue } from './engine/values.js';
import type { Column, Plan } from './ir/types.js';
import { builtinTables, type TableSchema } from './schema/registry.js';

export interface RunOptions {
  now?: Date;
  signal?: AbortSignal;
  maxRows?: number;
}

export interface QueryResult {
  columns: Column[];
  rows: JsonValue[][];
}

/** The tables a query against this engine may name: those with data, then the official schemas. */
export function analysisTables(engine?: Engine): TableSchema[] {
  const registered = engine?.tables ?? [];
  const names = new Set(registered.map((t) => t.name));
  return [...registered, ...[...builtinTables().values()].filter((t) => !names.has(t.name))];
}

function scannedTables(plan: Plan, out = new Map<string, Plan['span']>()): Map<string, Plan['span']> {
  if (plan.kind === 'table') out.set(plan.table, plan.span);
  if ('input' in plan) scannedTables(plan.input, out);
  return out;
}

/** Compiles for an engine; a table known by schema but given no data is an error, not an empty result. */
export function compileFor(engine: Engine | undefined, kql: string, now?: Date, bagSlots?: CompileOptions['bagSlots']): CompileResult {
  const result = compile(kql, { tables: analysisTables(engine), now, bagSlots });
  if (engine && result.query) {
    const registered = new Set(engine.tables.map((t) => t.name));
    const missing = [...scannedTables(result.query.plan)].filter(([name]) => !registered.has(name));
    if (missing.length) {
      const diagnostics = missing.map(([name, span]) =>
        makeDiagnostic(kql, 'engine-no-data', `table \`${name}\` has no data: give a file or folder with --data PATH or --table ${name}=PATH`, span));
      return { columns: [], diagnostics };
    }
  }
  return result;
}

/** A slot's Kusto type from the JSON types of its values: one type, or dynamic when they differ. */
function slotType(jsonTypes: string): KustoType {
  const kinds = new Set(jsonTypes.split(',').map((t) => JSON_TYPES[t] ?? 'dynamic'));
  return kinds.size === 1 ? [...kinds][0]! : 'dynamic';
}

const JSON_TYPES: Record<string, KustoType> = { BIGINT: 'long', UBIGINT: 'long', DOUBLE: 'real', VARCHAR: 'string', BOOLEAN: 'bool' };

/**
 * compileFor, plus the first passes some translations need (`bag_unpack` without an output schema takes
 * its columns from the data): each is run, and the query compiled again with what it found.
 */
export async function compileWithData(engine: Engine, kql: string, now?: Date, signal?: AbortSignal): Promise<CompileResult> {
  let compiled = compileFor(engine, kql, now);
  const slots = new Map<number, BagSlot[]>();
  for (let pass = 0; compiled.discover?.length && pass < 8; pass++) {
    for (const d of compiled.discover) {
      const found: BagSlot[] = [];
      for await (const chunk of engine.stream(d.sql, { types: ['string', 'string'], signal })) {
        for (const [key, types] of chunk) found.push({ key: String(key), type: slotType(String(types)) });
      }
      // Kusto's property bags keep their keys in ordinal order
      slots.set(d.at, found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
    }
    compiled = compileFor(engine, kql, now, slots);
  }
  return compiled;
}

/** Streams a query's rows chunk by chunk. Throws KqlError for invalid or refused queries. */
export async function* streamKql(engine: Engine, kql: string, options: RunOptions = {}): AsyncGenerator<JsonValue[][], void, undefined> {
  const compiled = await compileWithData(engine, kql, options.now, options.signal);
  if (!compiled.sql) throw new KqlError(kql, compiled.diagnostics);
  yield* engine.stream(compiled.sql, { types: compiled.columns.map((c) => c.type), signal: options.signal, maxRows: options.maxRows });
}

/** Runs a query and collects its rows (for small results: tests, the JSON endpoint). */
export async function runKql(engine: Engine, kql: string, options: RunOptions = {}): Promise<QueryResult> {
  const compiled = await compileWithData(engine, kql, options.now, options.signal);
  if (!compiled.sql) throw new KqlError(kql, compiled.diagnostics);
  const rows: JsonValue[][] = [];
  for await (const chunk of engine.stream(compiled.sql, { types: compiled.columns.map((c) => c.type), signal: options.signal, maxRows: options.maxRows })) {
    rows.push(...chunk);
  }
  return { columns: compiled.columns, rows };
}
