import { formatMessage, type DiagnosticCode, type DiagnosticParams } from '../../diagnostics/codes.js';
import { makeDiagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Column, Expr, KustoType, Plan, Span } from '../../ir/types.js';
import { normalizeKustoType } from '../../schema/kusto-types.js';
import { className, type SyntaxElement } from '../bridge.js';

/** What a `let` name stands for. `let` binds an expression, so references inline it. */
export type LetBinding = { kind: 'scalar'; expr: Expr } | { kind: 'tabular'; plan: Plan };

/** One top-level slot of the bags `bag_unpack` unpacks, with its Kusto type. */
export interface BagSlot { key: string; type: KustoType }

export interface LowerOptions {
  /** Whether the SQL side can emit a Kusto function (by lower-case name); others are refused by name. */
  supportsFunction(name: string): boolean;
  /** Whether the SQL side can emit an aggregate function (inside `summarize` only). */
  supportsAggregate(name: string): boolean;
  /** The slots a first pass over the data found, per `evaluate bag_unpack` (by its start offset). */
  bagSlots?: ReadonlyMap<number, readonly BagSlot[]>;
}

/** A question only the data can answer: the slots of the bags in `column` of `plan`'s rows. */
export interface Discovery { at: number; plan: Plan; column: string }

/** State of one lowering: the query text, the diagnostics found so far and the `let` scope. */
export class LowerContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly lets = new Map<string, LetBinding>();
  /** First passes over the data this query needs before it can be translated (see bag-unpack.ts). */
  readonly discoveries: Discovery[] = [];
  /** True while lowering the aggregates of a `summarize`: aggregate functions are allowed there only. */
  inAggregate = false;
  /** The input columns of the operator being lowered (what `pack_all()` packs). */
  rowColumns: Column[] = [];
  /** Inside an mv-apply subquery: the implicit input of its first operator. */
  applyInput?: Plan;
  /** What `render` asked for, if the query has one. */
  render?: { chart: string; properties: Record<string, string> };

  constructor(readonly text: string, readonly options: LowerOptions) {}

  /** Runs `lower` with aggregate functions allowed (the aggregates of summarize, make-series, pivot). */
  aggregating<T>(lower: () => T): T {
    this.inAggregate = true;
    try {
      return lower();
    } finally {
      this.inAggregate = false;
    }
  }

  /** Records a coded error at a span and carries on, so one compile reports every problem. */
  error<C extends DiagnosticCode>(span: Span, code: C, params: DiagnosticParams<C>): void {
    this.diagnostics.push(makeDiagnostic(this.text, code, formatMessage(code, params), span));
  }
}

export function spanOf(node: SyntaxElement | null | undefined): Span {
  if (!node) return { start: 0, end: 0 };
  return { start: node.TextStart, end: node.TextStart + node.Width };
}

/** The Kusto scalar type the analyser gave an expression, or undefined for tabular/unknown types. */
export function typeOf(node: Kusto.Language.Syntax.Expression | null | undefined): KustoType | undefined {
  const t = node?.ResultType;
  if (!t || className(t) === 'TableSymbol') return undefined;
  return normalizeKustoType(t.Name ?? '');
}

/** A placeholder for an expression that could not be lowered; its error is already recorded. */
export function errorExpr(span: Span, type: KustoType = 'bool'): Expr {
  return { kind: 'literal', type, value: null, span };
}
