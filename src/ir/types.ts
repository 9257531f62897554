/**
 * The IR: a plain, serialisable plan of relational operators over typed scalar expressions.
 * Every node has a `kind` and the source span it came from; every expression has a Kusto type.
 * Nothing here knows SQL: src/sql/ turns it into DuckDB text, and another dialect could too.
 */
import type { KustoType } from '../schema/kusto-types.js';

export type { KustoType };

/** Character offsets [start, end) in the query text. */
export interface Span { start: number; end: number }

// ---------------------------------------------------------------- scalar expressions

/** A literal scalar. datetime values are ISO-8601 strings (µs precision), timespans are ticks (100 ns) as strings. */
export interface Literal { kind: 'literal'; type: KustoType; value: string | number | boolean | null; span: Span }
/** A dynamic constant: any JSON value (arrays from `dynamic([...])` and `let` arrays). */
export interface DynamicLiteral { kind: 'dynamic'; type: 'dynamic'; value: unknown; span: Span }
export interface ColumnRef { kind: 'column'; name: string; type: KustoType; span: Span }
/**
 * A call of a Kusto operator or function by its Kusto name (`has_any`, `==`, `and`, `tolower`, `iff` …).
 * The SQL side maps names through one table; `args` are in source order.
 */
export interface Call { kind: 'call'; fn: string; args: Expr[]; type: KustoType; span: Span }
/** A list of values on the right of `in`, `has_any` …: scalars and dynamic arrays (flattened when emitted). */
export interface ListExpr { kind: 'list'; items: Expr[]; type: 'dynamic'; span: Span }
/** The query's single `now()` instant. */
export interface Now { kind: 'now'; type: 'datetime'; span: Span }

/** A tabular expression used as a value: `toscalar(T)` (first column of the first row), or `in (T)`. */
export interface Subquery { kind: 'subquery'; plan: Plan; type: KustoType; span: Span }

export type Expr = Literal | DynamicLiteral | ColumnRef | Call | ListExpr | Now | Subquery;

// ---------------------------------------------------------------- tabular plans

export interface Column { name: string; type: KustoType }
export interface NamedExpr { name: string; expr: Expr }
export interface SortKey { expr: Expr; desc: boolean; nullsFirst: boolean }

export interface TableScan { kind: 'table'; table: string; columns: Column[]; span: Span }
export interface DataTable { kind: 'datatable'; columns: Column[]; rows: Expr[][]; span: Span }
/** `print a = 1, b = "x"`: one row, no input. */
export interface Print { kind: 'print'; columns: NamedExpr[]; span: Span }
export interface Range { kind: 'range'; name: string; type: KustoType; from: Expr; to: Expr; step: Expr; span: Span }
export interface Filter { kind: 'filter'; input: Plan; predicate: Expr; span: Span }
/** `extend`: computed columns appended, or replacing a same-named column in place. */
export interface Extend { kind: 'extend'; input: Plan; columns: NamedExpr[]; span: Span }
/** `project`: exactly these columns in this order. */
export interface Project { kind: 'project'; input: Plan; columns: NamedExpr[]; span: Span }
export interface Sort { kind: 'sort'; input: Plan; keys: SortKey[]; span: Span }
export interface Take { kind: 'take'; input: Plan; count: Expr; span: Span }
export interface Count { kind: 'count'; input: Plan; name: string; span: Span }
export interface Distinct { kind: 'distinct'; input: Plan; columns: NamedExpr[]; span: Span }
/** `top N by k`: sort then take. */
export interface Top { kind: 'top'; input: Plan; count: Expr; keys: SortKey[]; span: Span }

/**
 * One output group of `summarize`: a value (an expression over aggregate calls such as `count()`,
 * `dcount(x)`), or `arg_max`/`arg_min`, whose columns all come from the one row holding the extreme.
 */
export type SummarizeItem =
  | { kind: 'value'; name: string; expr: Expr }
  | { kind: 'argExtreme'; fn: 'arg_max' | 'arg_min'; by: NamedExpr; columns: NamedExpr[] };

/** `summarize aggregates by keys`: keys first, then the aggregates, in order. */
export interface Summarize { kind: 'summarize'; input: Plan; keys: NamedExpr[]; items: SummarizeItem[]; span: Span }

export type JoinKind = 'innerunique' | 'inner' | 'leftouter' | 'rightouter' | 'fullouter' | 'leftanti' | 'rightanti' | 'leftsemi' | 'rightsemi';

/** `join kind=… (right) on keys`: output columns are named by the analyser (right-side clashes get a suffix). */
export interface Join {
  kind: 'join';
  joinKind: JoinKind;
  left: Plan;
  right: Plan;
  /** Equality conditions: column of the left side = column of the right side. */
  on: Array<{ left: string; right: string; type: KustoType }>;
  /** Output columns: where each comes from, and its name. */
  columns: Array<{ name: string; side: 'left' | 'right'; column: string; type: KustoType }>;
  span: Span;
}

/** `union`: each input projected onto the output columns (missing ones null), concatenated. */
export interface Union {
  kind: 'union';
  /** `names`: output column → the input's column, where they differ (`x` read as `x_long`). */
  inputs: Array<{ plan: Plan; source?: string; names?: Record<string, string> }>;
  columns: Column[];
  /** `withsource=Name`: a first column naming each row's input. */
  sourceColumn?: string;
  span: Span;
}

/**
 * `mv-expand`: each row becomes one row per element of its arrays (expanded in parallel, the shorter
 * padded with null), property bags per key (`{k: v}`, or `[k, v]` with kind=array); a null value gives
 * one row, an empty array or bag none.
 */
export interface MvExpand {
  kind: 'mvExpand';
  input: Plan;
  items: Array<{ name: string; expr: Expr; type: KustoType }>;
  bagAsArray: boolean;
  indexColumn?: string;
  limit?: number;
  /** Output columns, in the analyser's order. */
  columns: Column[];
  span: Span;
}

/**
 * `parse` / `parse-where`: one anchored RE2 match of `source` whose capture groups become the hidden string
 * columns `groups`; `columns` compute each parsed column from them (a conversion for typed columns).
 * `strict`: a typed value that does not convert fails the whole row (simple and regex kinds); otherwise
 * only that column is null (relaxed). A failed row has "" in string columns and null elsewhere, or is
 * dropped when `dropUnparsed` (parse-where).
 */
export interface Parse {
  kind: 'parse';
  input: Plan;
  source: Expr;
  regex: string;
  groups: string[];
  columns: NamedExpr[];
  strict: boolean;
  dropUnparsed: boolean;
  /** Output columns, in the analyser's order. */
  output: Column[];
  span: Span;
}

/**
 * `mv-apply`: each input row is expanded (`expand`, an mv-expand of that row) into a subtable, `subquery`
 * runs on every subtable (its leaf is `applyInput`), and each result row gets the row's other columns.
 */
export interface MvApply { kind: 'mvApply'; input: Plan; expand: MvExpand; subquery: Plan; output: Column[]; span: Span }
/** Inside an mv-apply subquery: the expanded rows of the one input row the subquery runs on. */
export interface ApplyInput { kind: 'applyInput'; columns: Column[]; span: Span }

/**
 * `make-series`: `input` is a summarize of the in-range rows by the `keys` and `__bin` (the bin index from
 * `from`); each group's aggregates become arrays over every bin, `default` where a bin has no rows, with
 * the axis (`from + i * step`, for `to` exclusive) as the last column. `nonEmpty`: one row of defaults
 * even when there is no group (kind=nonempty, without `by`).
 */
export interface MakeSeries {
  kind: 'makeSeries';
  input: Plan;
  keys: string[];
  series: Array<{ name: string; type: KustoType; default: Expr }>;
  axis: { name: string; type: KustoType; from: Expr; to: Expr; step: Expr };
  nonEmpty: boolean;
  output: Column[];
  span: Span;
}

export type Plan = TableScan | DataTable | Print | Range | Filter | Extend | Project | Sort | Take | Count | Distinct | Top | Summarize | Join | Union | MvExpand | Parse | MvApply | ApplyInput | MakeSeries;

/** The output schema of a plan, as Kusto would report it, and what `render` asked for (no rows change). */
export interface Query { plan: Plan; columns: Column[]; render?: { chart: string; properties: Record<string, string> } }
