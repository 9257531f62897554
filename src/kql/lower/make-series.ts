/**
 * `make-series` (https://learn.microsoft.com/kusto/query/make-series-operator), main syntax with `from`,
 * `to` and `step`: rows with from <= axis < to, summarized by the keys and bin_at(axis, step, from).
 */
import type { Column, Expr, KustoType, NamedExpr, Plan, SummarizeItem } from '../../ir/types.js';
import { call, literal } from '../../ir/build.js';
import { className, separated, type Expression } from '../bridge.js';
import { spanOf, type LowerContext } from './context.js';
import { lowerExpr } from './expr.js';
import { parameters } from './join-union.js';
import { unwrapNamed } from './summarize.js';

export function lowerMakeSeries(op: Kusto.Language.Syntax.MakeSeriesOperator, input: Plan, output: Column[], ctx: LowerContext): Plan {
  const span = spanOf(op);
  let nonEmpty = false;
  for (const [name, p] of parameters(op.Parameters, ctx)) {
    if (name === 'kind' && p.value.toLowerCase() === 'nonempty') nonEmpty = true;
    else if (!name.startsWith('hint.')) ctx.error(p.span, 'lower-unsupported-option', { operator: 'make-series', option: `${name}=${p.value}` });
  }
  const range = op.RangeClause as unknown as Kusto.Language.Syntax.MakeSeriesFromToStepClause | null;
  const fromNode = range && className(range) === 'MakeSeriesFromToStepClause' ? range.MakeSeriesFromClause?.Expression : undefined;
  const toNode = range && className(range) === 'MakeSeriesFromToStepClause' ? range.MakeSeriesToClause?.Expression : undefined;
  if (!fromNode || !toNode) {
    // without both bounds Kusto takes them from each series' data; `in range()` bins from the epoch
    ctx.error(spanOf(range ?? op), 'lower-unsupported-syntax', { what: '`make-series` without both `from` and `to` (or with `in range()`)' });
  }
  const axisExpr = lowerExpr(op.OnClause?.Expression ?? null, ctx);
  const from = lowerExpr(fromNode ?? null, ctx);
  const to = lowerExpr(toNode ?? null, ctx);
  const step = lowerExpr(range?.MakeSeriesStepClause?.Expression ?? null, ctx);

  const byNodes = separated<Expression>(op.ByClause?.Expressions as never);
  const aggNodes = separated<Kusto.Language.Syntax.MakeSeriesExpression>(op.Aggregates as never);
  if (output.length !== byNodes.length + aggNodes.length + 1) ctx.error(span, 'lower-unsupported-syntax', { what: 'this `make-series` output' });
  const keys: NamedExpr[] = byNodes.map((e, i) => ({ name: output[i]?.name ?? `Column${i + 1}`, expr: lowerExpr(unwrapNamed(e).expr, ctx) }));
  const items: SummarizeItem[] = [];
  const series: Array<{ name: string; type: KustoType; default: Expr }> = [];
  ctx.aggregating(() => aggNodes.forEach((m, j) => {
    const name = output[keys.length + j]?.name ?? `Column${j + 1}`;
    const expr = lowerExpr(unwrapNamed(m.Expression!).expr, ctx);
    items.push({ kind: 'value', name, expr });
    const fallback = m.DefaultExpression?.Expression;
    series.push({ name, type: expr.type, default: fallback ? lowerExpr(fallback, ctx) : literal(expr.type, 0, spanOf(m)) });
  }));
  if (nonEmpty && keys.length) ctx.error(span, 'lower-unsupported-option', { operator: 'make-series', option: 'kind=nonempty with `by`' });

  // the bin index: (axis - from) / step rounded down (a timespan ratio is real, an integer one exact)
  const s = axisExpr.span;
  const offset = call('-', [axisExpr, from], axisExpr.type === 'datetime' ? 'timespan' : axisExpr.type, s);
  const ratio = call('/', [offset, step], offset.type === 'timespan' ? 'real' : offset.type, s);
  const bin = call('tolong', [call('bin', [ratio, literal('long', 1, s)], ratio.type, s)], 'long', s);
  const inRange = call('and', [call('>=', [axisExpr, from], 'bool', s), call('<', [axisExpr, to], 'bool', s)], 'bool', s);
  const grouped: Plan = {
    kind: 'summarize',
    input: { kind: 'filter', input, predicate: inRange, span },
    keys: [...keys, { name: '__bin', expr: bin }],
    items,
    span,
  };
  const axisName = output[output.length - 1]?.name ?? 'Column1';
  return {
    kind: 'makeSeries',
    input: grouped,
    keys: keys.map((k) => k.name),
    series,
    axis: { name: axisName, type: axisExpr.type, from, to, step },
    nonEmpty,
    output,
    span,
  };
}
