/** One SELECT under construction while a plan is emitted (see emit-plan.ts), and what operator emitters may ask of it. */
import type { Column, Expr, KustoType, MvExpand, Plan } from '../ir/types.js';
import { sqlIdent } from './quote.js';

export interface StageColumn { name: string; type: KustoType; sql: string }

export interface Stage {
  /** The FROM clause (a view, a CTE, VALUES, a table function), or undefined for `print`. */
  from?: string;
  columns: StageColumn[];
  where: string[];
  orderBy?: string[];
  limit?: bigint;
  distinct: boolean;
  /** The stage aggregates (count, summarize): nothing can be added to it. */
  aggregate: boolean;
  groupBy?: string[];
}

/** Where an mv-apply subquery reads: the expanded rows (`from`), each tagged with its input row (`column`), and the input rows (`partitions`). */
export interface ApplyScope { column: string; from: string; partitions: string }

/** What the plan emitter lends to the emitters of single operators (emit-parse.ts …). */
export interface StageOps {
  stage(plan: Plan): Stage;
  /** Closes the SELECT so far as a CTE; the new stage reads all its columns. */
  split(s: Stage): Stage;
  expr(e: Expr, s: Stage | undefined): string;
  /** The replay and mv-apply columns a stage carries (none outside those). */
  carried(s: Stage): StageColumn[];
  /** The stage as a CTE of the statement; its name. */
  cte(s: Stage): string;
  /** mv-expand of the rows of `s`, passing its hidden columns `keep` through. */
  expandStage(plan: MvExpand, s: Stage, keep?: string[]): Stage;
  /** An emitter for an mv-apply subquery, writing into the same statement. */
  child(apply: ApplyScope): StageOps;
  readonly inReplay: boolean;
  readonly inApply: boolean;
}

/**
 * `row_number()` over a stage's rows in the stage's own order (`partition`: per that SQL's value): the
 * SELECT's ORDER BY does not order a window function, so a sorted input is numbered by its sort keys.
 */
export function rowNumberInOrder(s: Stage, partition?: string): string {
  const by = [...(partition ? [`PARTITION BY ${partition}`] : []), ...(s.orderBy?.length ? [`ORDER BY ${s.orderBy.join(', ')}`] : [])];
  return `row_number() OVER (${by.join(' ')})`;
}

export function fresh(from: string, columns: Column[]): Stage {
  return {
    from,
    columns: columns.map((c) => ({ name: c.name, type: c.type, sql: sqlIdent(c.name) })),
    where: [],
    distinct: false,
    aggregate: false,
  };
}
