/** IR expressions → DuckDB SQL, with column references resolved through the current stage's columns. */
import type { Expr } from '../ir/types.js';
import { EmitRefusal, type CallSite, type EmitContext } from './emit-context.js';
import { AGGREGATES } from './aggregates.js';
import { FUNCTIONS } from './functions.js';
import { dynamicLiteralSql, emitLiteral } from './literals.js';
import { sqlIdent } from './quote.js';

/** How a column name reads in the current stage: its SQL over the stage's FROM. */
export type ColumnScope = (name: string) => string | undefined;

export function emitExpr(e: Expr, scope: ColumnScope, ctx: EmitContext): string {
  switch (e.kind) {
    case 'literal':
      return emitLiteral(e.type, e.value);
    case 'dynamic':
      return dynamicLiteralSql(e.value);
    case 'now': {
      if (!ctx.nowColumn) return ctx.now;
      const run = scope(ctx.nowColumn);
      if (run === undefined) throw new EmitRefusal(e.span, '`now()` here in a replay');
      return run;
    }
    case 'column': {
      const sql = scope(e.name);
      if (sql === undefined) throw new EmitRefusal(e.span, `the column \`${e.name}\` here`);
      return sql;
    }
    case 'list':
      throw new EmitRefusal(e.span, 'a value list in this position');
    case 'subquery':
      // toscalar(): the first column of the first row, null when there is none
      return `(SELECT __v FROM (${ctx.subquery(e.plan)}) AS __scalar(__v) LIMIT 1)`;
    case 'call': {
      // aggregate names never clash with scalar ones; lowering lets aggregates appear only in summarize
      const emit = FUNCTIONS[e.fn] ?? AGGREGATES[e.fn];
      if (!emit) throw new EmitRefusal(e.span, `\`${e.fn}\``);
      const site: CallSite = {
        fn: e.fn,
        args: e.args,
        span: e.span,
        type: e.type,
        ctx,
        sql: (i) => emitExpr(e.args[i]!, scope, ctx),
      };
      return emit(site);
    }
  }
}

/** True when the SQL is just a quoted name (so `x AS x` can be written `x`). */
export function isPlainColumn(sql: string, name: string): boolean {
  return sql === sqlIdent(name);
}
