/** KQL text → DuckDB SQL: analyse with Microsoft's parser, lower to IR, emit SQL. No DuckDB here. */
import { makeDiagnostic, type Diagnostic } from './diagnostics/diagnostic.js';
import type { Column, Query } from './ir/types.js';
import { analyze } from './kql/analyze.js';
import { dateToLiteral } from './kql/lower/literals.js';
import { lowerQuery } from './kql/lower/query.js';
import type { TableSchema } from './schema/registry.js';
import { EmitRefusal } from './sql/emit-context.js';
import { PlanEmitter, type Replay } from './sql/emit-plan.js';
import { supportsAggregate } from './sql/aggregates.js';
import { supportsFunction } from './sql/functions.js';
import { sqlString } from './sql/quote.js';

export interface CompileOptions {
  /** The tables the query may read (their schemas feed the semantic analyser). */
  tables: readonly TableSchema[];
  /** The instant `now()` and `ago()` mean, for the whole query; defaults to the time of compilation. */
  now?: Date;
  /** Replay the query over scheduled runs (retro-hunt): see sql/emit-plan.ts. */
  replay?: Replay;
}

export interface CompileResult {
  /** DuckDB SQL, when the query had no errors. */
  sql?: string;
  /** Output columns with Kusto types. */
  columns: Column[];
  diagnostics: Diagnostic[];
  /** The IR, for tools and tests. */
  query?: Query;
}

export function compile(text: string, options: CompileOptions): CompileResult {
  const analysis = analyze(text, options.tables);
  // a control command is refused by name, whatever the analyser thought of its arguments
  const isCommand = analysis.code.Kind !== 'Query';
  if (analysis.diagnostics.length && !isCommand) return { columns: [], diagnostics: analysis.diagnostics };
  const lowered = lowerQuery(analysis, { supportsFunction, supportsAggregate });
  if (!lowered.query || lowered.diagnostics.length) return { columns: [], diagnostics: lowered.diagnostics };
  const now = `TIMESTAMP ${sqlString(dateToLiteral(options.now ?? new Date()))}`;
  try {
    const sql = new PlanEmitter({ now }, options.replay).statement(lowered.query.plan);
    return { sql, columns: lowered.query.columns, diagnostics: [], query: lowered.query };
  } catch (err) {
    if (!(err instanceof EmitRefusal)) throw err;
    const d = makeDiagnostic(text, 'lower-unsupported-syntax', `${err.what} is not supported by kqlduck yet`, err.span);
    return { columns: [], diagnostics: [d] };
  }
}
