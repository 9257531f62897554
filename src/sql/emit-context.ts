import type { Expr, Plan, Span } from '../ir/types.js';

/** What expression emission needs besides the IR: the query's one `now()` instant as SQL. */
export interface EmitContext {
  now: string;
  /** In a replay, `now()` is each row's scheduled run time: this column of the current stage. */
  nowColumn?: string;
  /** A plan as a self-contained SELECT (for `toscalar` and `in (T)`). */
  subquery(plan: Plan): string;
}

/** Something the IR allows but the SQL side cannot translate exactly: becomes a refusal diagnostic. */
export class EmitRefusal extends Error {
  constructor(readonly span: Span, readonly what: string) {
    super(what);
  }
}

/** One call being emitted: its IR, and its arguments as SQL on demand. */
export interface CallSite {
  fn: string;
  args: Expr[];
  span: Span;
  type: Expr['type'];
  /** SQL of argument i. */
  sql(i: number): string;
  ctx: EmitContext;
}
