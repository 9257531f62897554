/** Kusto tabular syntax (sources and pipe operators) → IR plans. */
import type { Column, Expr, NamedExpr, Plan, SortKey } from '../../ir/types.js';
import { column as columnRef } from '../../ir/build.js';
import { planColumns } from '../../ir/schema.js';
import { normalizeKustoType } from '../../schema/kusto-types.js';
import { className, items, separated, type Expression, type SyntaxNode } from '../bridge.js';
import { spanOf, typeOf, type LowerContext } from './context.js';
import { lowerExpr } from './expr.js';
import { lowerJoin, lowerLookup, lowerUnion, outerUnionColumns, parameters } from './join-union.js';
import { lowerDataTable, lowerPrint, lowerRange } from './sources.js';
import { lowerSummarize } from './summarize.js';
import { lowerMvExpand } from './mv-expand.js';
import { expandCall, userFunctionBody } from './user-functions.js';
import { lowerParse } from './parse.js';
import { lowerMvApply } from './mv-apply.js';
import { lowerMakeSeries } from './make-series.js';
import { lowerEvaluate } from './evaluate.js';
import { lowerGetSchema } from './getschema.js';
import { OPERATOR_REASONS } from './refusals.js';


/** The columns the analyser says a tabular node produces (Kusto's own names and types). */
export function resultColumns(node: SyntaxNode | null, ctx: LowerContext): Column[] {
  const table = (node as Expression | null)?.ResultType as Kusto.Language.Symbols.TableSymbol | null;
  if (!table || className(table) !== 'TableSymbol') return [];
  return items<Kusto.Language.Symbols.ColumnSymbol>(table.Columns as never).map((c) => {
    const type = normalizeKustoType(c.Type?.Name ?? '');
    if (!type) ctx.error(spanOf(node), 'lower-type', { what: `the column \`${c.Name}\``, type: c.Type?.Name ?? 'unknown' });
    return { name: c.Name ?? '', type: type ?? 'string' };
  });
}

/** A placeholder plan after a refusal; its diagnostic is already recorded. */
function emptyPlan(node: SyntaxNode | null, ctx: LowerContext): Plan {
  return { kind: 'datatable', columns: resultColumns(node, ctx), rows: [], span: spanOf(node) };
}

export function lowerTabular(node: Expression | null, ctx: LowerContext): Plan {
  const span = spanOf(node);
  if (!node) return emptyPlan(node, ctx);
  switch (className(node)) {
    case 'PipeExpression': {
      const pipe = node as Kusto.Language.Syntax.PipeExpression;
      return lowerOperator(pipe.Operator!, lowerTabular(pipe.Expression, ctx), ctx);
    }
    case 'ParenthesizedExpression':
      return lowerTabular((node as Kusto.Language.Syntax.ParenthesizedExpression).Expression, ctx);
    case 'NameReference': {
      const sym = node.ReferencedSymbol;
      const kind = sym ? className(sym) : '';
      if (kind === 'TableSymbol') return { kind: 'table', table: sym!.Name!, columns: resultColumns(node, ctx), span };
      const bound = sym ? ctx.lets.get(sym.Name ?? '') : undefined;
      if (bound?.kind === 'tabular') return bound.plan;
      // a view (`let V = view () { … }`) referenced by name: its body, like a call without arguments
      if (kind === 'FunctionSymbol' && userFunctionBody(node as unknown as Kusto.Language.Syntax.NameReference)) {
        return expandCall(node as unknown as Kusto.Language.Syntax.NameReference, ctx, (body) => lowerTabular(body, ctx)) ?? emptyPlan(node, ctx);
      }
      ctx.error(span, 'lower-unsupported-syntax', { what: `the tabular reference \`${sym?.Name ?? ''}\`` });
      return emptyPlan(node, ctx);
    }
    case 'DataTableExpression':
      return lowerDataTable(node as Kusto.Language.Syntax.DataTableExpression, ctx);
    case 'PrintOperator':
    case 'RangeOperator':
    case 'UnionOperator':
      return lowerOperator(node as unknown as Kusto.Language.Syntax.QueryOperator, undefined, ctx);
    case 'FunctionCallExpression': {
      const fc = node as unknown as Kusto.Language.Syntax.FunctionCallExpression;
      return expandCall(fc, ctx, (body) => lowerTabular(body, ctx)) ?? emptyPlan(node, ctx);
    }
    case 'MaterializeExpression':
      // materialize() caches a result for reuse; DuckDB computes it where referenced, with the same rows
      return lowerTabular((node as unknown as Kusto.Language.Syntax.MaterializeExpression).Expression, ctx);
    default: {
      // the first operator of an mv-apply subquery reads the expanded rows of one input row
      if (ctx.applyInput && className(node).endsWith('Operator')) return lowerOperator(node as unknown as Kusto.Language.Syntax.QueryOperator, ctx.applyInput, ctx);
      const text = ctx.text.slice(span.start, span.end).trim().split(/[\s(]/)[0] ?? '';
      const reason = OPERATOR_REASONS[text.toLowerCase()];
      if (reason) ctx.error(span, 'lower-unsupported-operator', { name: text, reason });
      else ctx.error(span, 'lower-unsupported-syntax', { what: `the tabular expression \`${text}\`` });
      return emptyPlan(node, ctx);
    }
  }
}

/** Operators that start a query have no input. */
function lowerOperator(op: Kusto.Language.Syntax.QueryOperator, input: Plan | undefined, ctx: LowerContext): Plan {
  // the row an operator's expressions see (for pack_all())
  const saved = ctx.rowColumns;
  ctx.rowColumns = input ? planColumns(input) : [];
  try {
    return lowerOperatorOn(op, input, ctx);
  } finally {
    ctx.rowColumns = saved;
  }
}

function lowerOperatorOn(op: Kusto.Language.Syntax.QueryOperator, input: Plan | undefined, ctx: LowerContext): Plan {
  const span = spanOf(op);
  const kind = className(op);
  const needInput = (): Plan => input ?? emptyPlan(op, ctx);
  switch (kind) {
    case 'PrintOperator':
      return lowerPrint(op as Kusto.Language.Syntax.PrintOperator, ctx, resultColumns(op, ctx));
    case 'RangeOperator':
      return lowerRange(op as Kusto.Language.Syntax.RangeOperator, ctx);
    case 'FilterOperator':
      return { kind: 'filter', input: needInput(), predicate: lowerExpr((op as Kusto.Language.Syntax.FilterOperator).Condition, ctx), span };
    case 'ExtendOperator':
      return { kind: 'extend', input: needInput(), columns: extendColumns(op as Kusto.Language.Syntax.ExtendOperator, needInput(), ctx), span };
    case 'ProjectOperator':
      return { kind: 'project', input: needInput(), columns: namedByPosition((op as Kusto.Language.Syntax.ProjectOperator).Expressions, op, ctx), span };
    case 'ProjectAwayOperator':
    case 'ProjectKeepOperator':
    case 'ProjectReorderOperator':
      // the analyser already resolved wildcards and order: keep exactly its output columns
      return { kind: 'project', input: needInput(), columns: resultColumns(op, ctx).map((c) => ({ name: c.name, expr: columnRef(c.name, c.type, span) })), span };
    case 'ProjectRenameOperator':
      return { kind: 'project', input: needInput(), columns: renameColumns(op as Kusto.Language.Syntax.ProjectRenameOperator, needInput(), ctx), span };
    case 'SortOperator':
      return { kind: 'sort', input: needInput(), keys: sortKeys((op as Kusto.Language.Syntax.SortOperator).Expressions, ctx), span };
    case 'TakeOperator':
      return { kind: 'take', input: needInput(), count: lowerExpr((op as Kusto.Language.Syntax.TakeOperator).Expression, ctx), span };
    case 'TopOperator': {
      const top = op as Kusto.Language.Syntax.TopOperator;
      return { kind: 'top', input: needInput(), count: lowerExpr(top.Expression, ctx), keys: [sortKey(top.ByExpression, ctx)], span };
    }
    case 'CountOperator': {
      const cols = resultColumns(op, ctx);
      return { kind: 'count', input: needInput(), name: cols[0]?.name ?? 'Count', span };
    }
    case 'SummarizeOperator':
      return lowerSummarize(op as Kusto.Language.Syntax.SummarizeOperator, needInput(), resultColumns(op, ctx), ctx);
    case 'JoinOperator': {
      const join = op as Kusto.Language.Syntax.JoinOperator;
      return lowerJoin(join, needInput(), lowerTabular(join.Expression, ctx), resultColumns(op, ctx), ctx);
    }
    case 'LookupOperator': {
      const lookup = op as Kusto.Language.Syntax.LookupOperator;
      return lowerLookup(lookup, needInput(), lowerTabular(lookup.Expression, ctx), resultColumns(op, ctx), ctx);
    }
    case 'UnionOperator': {
      const union = op as Kusto.Language.Syntax.UnionOperator;
      // isfuzzy=true: legs whose table or view does not exist are left out
      const params = parameters(union.Parameters, ctx);
      const fuzzy = params.get('isfuzzy')?.value.toLowerCase() === 'true';
      const legs = separated<Expression>(union.Expressions as never).filter((e) => !(fuzzy && unresolvedSource(e)));
      const others = legs.map((e) => {
        const plan = lowerTabular(e, ctx);
        // withsource names a row's input by the table or `let` name it was written with
        const written = className(e) === 'NameReference' ? (e as unknown as Kusto.Language.Syntax.NameReference).SimpleName ?? undefined : undefined;
        return { plan, source: written ?? (plan.kind === 'table' ? plan.table : undefined) };
      });
      const first = input && { plan: input, source: input.kind === 'table' ? input.table : undefined };
      // the analyser's columns include those of the legs left out
      const source = params.get('withsource')?.value;
      const out = legs.length < separated(union.Expressions as never).length
        ? [...(source ? [{ name: source, type: 'string' as const }] : []), ...outerUnionColumns([...(first ? [first.plan] : []), ...others.map((o) => o.plan)])]
        : resultColumns(op, ctx);
      return lowerUnion(union, first, others, out, ctx);
    }
    case 'RenderOperator': {
      // render changes no rows: the chart kind goes to the result's metadata for clients
      const r = op as Kusto.Language.Syntax.RenderOperator;
      const properties: Record<string, string> = {};
      for (const [k, v] of parameters(r.WithClause ? (r.WithClause as unknown as { Properties: unknown }).Properties : null, ctx)) properties[k] = v.value;
      ctx.render = { chart: r.ChartType?.Text ?? '', properties };
      return needInput();
    }
    case 'ParseOperator':
    case 'ParseWhereOperator':
      return lowerParse(op as Kusto.Language.Syntax.ParseOperator, needInput(), resultColumns(op, ctx), kind === 'ParseWhereOperator', ctx);
    case 'GetSchemaOperator':
      return lowerGetSchema(needInput(), span);
    case 'EvaluateOperator':
      return lowerEvaluate(op as Kusto.Language.Syntax.EvaluateOperator, needInput(), resultColumns(op, ctx), ctx) ?? emptyPlan(op, ctx);
    case 'MakeSeriesOperator':
      return lowerMakeSeries(op as Kusto.Language.Syntax.MakeSeriesOperator, needInput(), resultColumns(op, ctx), ctx);
    case 'MvApplyOperator':
      return lowerMvApply(op as Kusto.Language.Syntax.MvApplyOperator, needInput(), resultColumns(op, ctx), ctx);
    case 'MvExpandOperator':
      return lowerMvExpand(op as Kusto.Language.Syntax.MvExpandOperator, needInput(), resultColumns(op, ctx), ctx);
    case 'InvokeOperator': {
      const fc = (op as unknown as { Function: Kusto.Language.Syntax.FunctionCallExpression }).Function;
      return expandCall(fc, ctx, (body) => lowerTabular(body, ctx), needInput()) ?? emptyPlan(op, ctx);
    }
    case 'SerializeOperator':
      // `serialize` fixes the row order (kqlduck keeps it anyway) and extends like `extend`; the
      // row-order functions it allows (row_number, prev, next) are refused by name as functions
      return { kind: 'extend', input: needInput(), columns: extendColumns(op as unknown as Kusto.Language.Syntax.ExtendOperator, needInput(), ctx), span };
    case 'AsOperator':
      // `as Name` names a result for tools; it changes no rows
      return needInput();
    case 'DistinctOperator': {
      const d = op as Kusto.Language.Syntax.DistinctOperator;
      const exprs = separated<Expression>(d.Expressions as never);
      const star = exprs.length === 1 && className(exprs[0]!) === 'StarExpression';
      const columns = star
        ? resultColumns(op, ctx).map((c) => ({ name: c.name, expr: columnRef(c.name, c.type, span) as Expr }))
        : namedByPosition(d.Expressions, op, ctx);
      return { kind: 'distinct', input: needInput(), columns, span };
    }
    default: {
      const keyword = ctx.text.slice(span.start, span.end).trim().split(/[\s(]/)[0] ?? kind;
      ctx.error(span, 'lower-unsupported-operator', { name: keyword, reason: OPERATOR_REASONS[keyword] });
      return emptyPlan(op, ctx);
    }
  }
}

/** The leftmost source of a union leg (`T`, `(T | …)`) names nothing the analyser knows. */
function unresolvedSource(e: Expression | null): boolean {
  let n = e;
  while (n && (className(n) === 'ParenthesizedExpression' || className(n) === 'PipeExpression')) {
    n = (n as unknown as { Expression: Expression | null }).Expression;
  }
  return !!n && className(n) === 'NameReference' && !n.ReferencedSymbol;
}

/** `name = expr` keeps its name; other expressions take the analyser's name at the same position. */
function namedByPosition(list: unknown, op: SyntaxNode, ctx: LowerContext): NamedExpr[] {
  const out = resultColumns(op, ctx);
  return separated<Expression>(list as never).map((e, i) => {
    if (className(e) === 'SimpleNamedExpression') {
      const named = e as unknown as Kusto.Language.Syntax.SimpleNamedExpression;
      return { name: named.Name!.SimpleName!, expr: lowerExpr(named.Expression, ctx) };
    }
    return { name: out[i]?.name ?? `Column${i + 1}`, expr: lowerExpr(e, ctx) };
  });
}

/** `extend`: unnamed expressions get the names of the new columns the analyser added, in order. */
function extendColumns(op: Kusto.Language.Syntax.ExtendOperator, input: Plan, ctx: LowerContext): NamedExpr[] {
  const exprs = separated<Expression>(op.Expressions as never);
  const inputNames = new Set(planColumns(input).map((c) => c.name));
  const explicit = new Set(exprs.filter((e) => className(e) === 'SimpleNamedExpression').map((e) => (e as unknown as Kusto.Language.Syntax.SimpleNamedExpression).Name!.SimpleName!));
  const generated = resultColumns(op, ctx).filter((c) => !inputNames.has(c.name) && !explicit.has(c.name)).map((c) => c.name);
  return exprs.map((e) => {
    if (className(e) === 'SimpleNamedExpression') {
      const named = e as unknown as Kusto.Language.Syntax.SimpleNamedExpression;
      return { name: named.Name!.SimpleName!, expr: lowerExpr(named.Expression, ctx) };
    }
    if (className(e).includes('NamedExpression')) {
      ctx.error(spanOf(e), 'lower-unsupported-syntax', { what: 'naming several columns at once (`(a, b) = …`)' });
      // the right-hand side still lowered, so that what it calls is named too when that cannot run either
      const rhs = (e as unknown as { Expression?: Expression | null }).Expression;
      return { name: generated.shift() ?? 'Column1', expr: lowerExpr(rhs ?? e, ctx) };
    }
    return { name: generated.shift() ?? 'Column1', expr: lowerExpr(e, ctx) };
  });
}

/** `project-rename new = old`: every column stays in place, renamed ones take their new names. */
function renameColumns(op: Kusto.Language.Syntax.ProjectRenameOperator, input: Plan, ctx: LowerContext): NamedExpr[] {
  const renamedFrom = new Map<string, string>();
  for (const e of separated<Expression>(op.Expressions as never)) {
    const named = e as unknown as Kusto.Language.Syntax.SimpleNamedExpression;
    const source = named.Expression?.ReferencedSymbol?.Name;
    if (className(e) !== 'SimpleNamedExpression' || !source) {
      ctx.error(spanOf(e), 'lower-unsupported-syntax', { what: 'this form of `project-rename`' });
      continue;
    }
    renamedFrom.set(named.Name!.SimpleName!, source);
  }
  void input;
  return resultColumns(op, ctx).map((c) => ({ name: c.name, expr: columnRef(renamedFrom.get(c.name) ?? c.name, c.type, spanOf(op)) }));
}

function sortKeys(list: unknown, ctx: LowerContext): SortKey[] {
  return separated<Expression>(list as never).map((e) => sortKey(e, ctx));
}

/** Kusto sorts descending by default; ascending puts nulls first, descending puts them last. */
function sortKey(e: Expression | null, ctx: LowerContext): SortKey {
  let expr = e;
  let desc = true;
  let nullsFirst: boolean | undefined;
  if (e && className(e) === 'OrderedExpression') {
    const o = e as unknown as Kusto.Language.Syntax.OrderedExpression;
    expr = o.Expression;
    const dir = o.Ordering?.AscOrDescKeyword?.Text?.toLowerCase();
    if (dir === 'asc') desc = false;
    const nulls = o.Ordering?.NullsClause?.FirstOrLastKeyword?.Text?.toLowerCase();
    if (nulls) nullsFirst = nulls === 'first';
  }
  if (typeOf(expr) === 'dynamic') ctx.error(spanOf(expr), 'lower-unsupported-syntax', { what: 'sorting by a dynamic value' });
  return { expr: lowerExpr(expr, ctx), desc, nullsFirst: nullsFirst ?? !desc };
}
