/** compile() composed with the engine: KQL text in, Kusto-shaped rows out. */
import { compile, type CompileResult } from './compile.js';
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
export function compileFor(engine: Engine | undefined, kql: string, now?: Date): CompileResult {
  const result = compile(kql, { tables: analysisTables(engine), now });
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

/** Streams a query's rows chunk by chunk. Throws KqlError for invalid or refused queries. */
export async function* streamKql(engine: Engine, kql: string, options: RunOptions = {}): AsyncGenerator<JsonValue[][], void, undefined> {
  const compiled = compileFor(engine, kql, options.now);
  if (!compiled.sql) throw new KqlError(kql, compiled.diagnostics);
  yield* engine.stream(compiled.sql, { types: compiled.columns.map((c) => c.type), signal: options.signal, maxRows: options.maxRows });
}

/** Runs a query and collects its rows (for small results: tests, the JSON endpoint). */
export async function runKql(engine: Engine, kql: string, options: RunOptions = {}): Promise<QueryResult> {
  const compiled = compileFor(engine, kql, options.now);
  if (!compiled.sql) throw new KqlError(kql, compiled.diagnostics);
  const rows: JsonValue[][] = [];
  for await (const chunk of engine.stream(compiled.sql, { types: compiled.columns.map((c) => c.type), signal: options.signal, maxRows: options.maxRows })) {
    rows.push(...chunk);
  }
  return { columns: compiled.columns, rows };
}
