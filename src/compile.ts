/** KQL text → DuckDB SQL: analyse with Microsoft's parser, lower to IR, emit SQL. No DuckDB here. */
import { makeDiagnostic, type Diagnostic } from './diagnostics/diagnostic.js';
import type { Column, Query } from './ir/types.js';
import { analyze } from './kql/analyze.js';
import { dateToLiteral } from './kql/lower/literals.js';
import { lowerQuery } from './kql/lower/query.js';
import type { BagSlot, Discovery as LowerDiscovery } from './kql/lower/context.js';
import type { TableSchema } from './schema/registry.js';
import { EmitRefusal } from './sql/emit-context.js';
import { PlanEmitter, type Replay } from './sql/emit-plan.js';
import { supportsAggregate } from './sql/aggregates.js';
import { supportsFunction } from './sql/functions.js';
import { sqlIdent, sqlString } from './sql/quote.js';

export interface CompileOptions {
  /** The tables the query may read (their schemas feed the semantic analyser). */
  tables: readonly TableSchema[];
  /** The instant `now()` and `ago()` mean, for the whole query; defaults to the time of compilation. */
  now?: Date;
  /** Replay the query over scheduled runs (retro-hunt): see sql/emit-plan.ts. */
  replay?: Replay;
  /** What first passes over the data found (see `CompileResult.discover`). */
  bagSlots?: ReadonlyMap<number, readonly BagSlot[]>;
}

/** A first pass the query needs: run `sql` (rows of slot key, comma-separated DuckDB JSON types), compile again. */
export interface Discovery { at: number; sql: string }

export interface CompileResult {
  /** DuckDB SQL, when the query had no errors. */
  sql?: string;
  /** Output columns with Kusto types. */
  columns: Column[];
  diagnostics: Diagnostic[];
  /** The IR, for tools and tests. */
  query?: Query;
  /** Set when the translation depends on the data (`bag_unpack` without a schema); see run.ts. */
  discover?: Discovery[];
}

export function compile(text: string, options: CompileOptions): CompileResult {
  const analysis = analyze(text, options.tables);
  // a control command is refused by name, whatever the analyser thought of its arguments
  const isCommand = analysis.code.Kind !== 'Query';
  if (analysis.diagnostics.length && !isCommand) return { columns: [], diagnostics: analysis.diagnostics };
  const lowered = lowerQuery(analysis, { supportsFunction, supportsAggregate, bagSlots: options.bagSlots });
  const now = `TIMESTAMP ${sqlString(dateToLiteral(options.now ?? new Date()))}`;
  if (!lowered.query || lowered.diagnostics.length) {
    // only data-dependent columns stood in the way: say which first passes would settle them
    const onlyData = lowered.diagnostics.every((d) => d.code === 'lower-data-dependent');
    const discover = onlyData && lowered.discoveries.length && !options.replay ? discoveries(lowered.discoveries, now) : undefined;
    return { columns: [], diagnostics: lowered.diagnostics, ...(discover ? { discover } : {}) };
  }
  try {
    const sql = new PlanEmitter({ now }, options.replay).statement(lowered.query.plan);
    return { sql, columns: lowered.query.columns, diagnostics: [], query: lowered.query };
  } catch (err) {
    if (!(err instanceof EmitRefusal)) throw err;
    const d = makeDiagnostic(text, 'lower-unsupported-syntax', `${err.what} is not supported by kqlduck yet`, err.span);
    return { columns: [], diagnostics: [d] };
  }
}

/** The slot keys of the bags in a column, each with the DuckDB JSON types of its non-null values. */
function discoveries(list: LowerDiscovery[], now: string): Discovery[] | undefined {
  try {
    return list.map((d) => {
      const rows = new PlanEmitter({ now }).statement(d.plan);
      const bag = `__t.${sqlIdent(d.column)}`;
      const sql = `SELECT __e.key, string_agg(DISTINCT __e.type, ',') FROM (${rows}) AS __t, json_each(${bag}) AS __e
WHERE json_type(${bag}) = 'OBJECT' AND __e.type <> 'NULL' GROUP BY __e.key ORDER BY __e.key`;
      return { at: d.at, sql };
    });
  } catch (err) {
    if (err instanceof EmitRefusal) return undefined;
    throw err;
  }
}
