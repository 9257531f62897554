/**
 * `summarize`: group keys, then aggregates. Output names and types come from the analyser, whose
 * columns are the keys first, then one column per aggregate (arg_max/arg_min and percentiles give
 * several). If our count of columns disagrees with the analyser's, the query is refused, not guessed.
 */
import type { Column, Expr, NamedExpr, Plan, SummarizeItem } from '../../ir/types.js';
import { call, column as columnRef } from '../../ir/build.js';
import { planColumns } from '../../ir/schema.js';
import { className, separated, type Expression } from '../bridge.js';
import { spanOf, type LowerContext } from './context.js';
import { lowerExpr } from './expr.js';

/** `name = expr` → its name and expression; any other expression as it is. */
export function unwrapNamed(e: Expression): { name?: string; expr: Expression } {
  if (className(e) === 'SimpleNamedExpression') {
    const n = e as unknown as Kusto.Language.Syntax.SimpleNamedExpression;
    return { name: n.Name!.SimpleName!, expr: n.Expression! };
  }
  return { expr: e };
}

function callName(e: Expression): string | undefined {
  if (className(e) !== 'FunctionCallExpression') return undefined;
  return ((e as unknown as Kusto.Language.Syntax.FunctionCallExpression).Name?.SimpleName ?? '').toLowerCase();
}

function callArgs(e: Expression): Expression[] {
  return separated<Expression>((e as unknown as Kusto.Language.Syntax.FunctionCallExpression).ArgumentList?.Expressions as never);
}

export function lowerSummarize(op: Kusto.Language.Syntax.SummarizeOperator, input: Plan, out: Column[], ctx: LowerContext): Plan {
  const span = spanOf(op);
  if (separated(op.Parameters as never).length) ctx.error(span, 'lower-unsupported-option', { operator: 'summarize', option: 'hint.*' });
  const inputCols = planColumns(input);
  let pos = 0;
  const take = (n: number): Column[] => {
    const cols = out.slice(pos, pos + n);
    pos += n;
    return cols;
  };

  const keys: NamedExpr[] = separated<Expression>(op.ByClause?.Expressions as never).map((e) => {
    const [col] = take(1);
    return { name: col?.name ?? 'Column1', expr: lowerExpr(unwrapNamed(e).expr, ctx) };
  });

  const items: SummarizeItem[] = [];
  ctx.aggregating(() => {
    for (const e of separated<Expression>(op.Aggregates as never)) {
      const { expr } = unwrapNamed(e);
      const fn = callName(expr);
      if (fn === 'arg_max' || fn === 'arg_min') {
        items.push(lowerArgExtreme(fn, callArgs(expr), inputCols, keys, take, ctx));
      } else if (fn === 'percentiles') {
        const [value, ...ps] = callArgs(expr);
        const v = lowerExpr(value!, ctx);
        for (const p of ps) {
          const [col] = take(1);
          items.push({ kind: 'value', name: col!.name, expr: call('percentile', [v, lowerExpr(p, ctx)], col!.type, spanOf(expr)) });
        }
      } else {
        const [col] = take(1);
        items.push({ kind: 'value', name: col?.name ?? 'Column1', expr: lowerExpr(expr, ctx) });
      }
    }
  });
  if (pos !== out.length) {
    ctx.error(span, 'lower-unsupported-syntax', { what: 'this combination of summarize aggregates' });
  }
  return { kind: 'summarize', input, keys, items, span };
}

/** `arg_max(by, c1, c2 …)` or `arg_max(by, *)`: the by value, then the columns, all from one row. */
function lowerArgExtreme(
  fn: 'arg_max' | 'arg_min', args: Expression[], inputCols: Column[], keys: NamedExpr[], take: (n: number) => Column[], ctx: LowerContext,
): SummarizeItem {
  const [byNode, ...rest] = args;
  ctx.inAggregate = false; // the arguments are row-level expressions
  const by = lowerExpr(byNode!, ctx);
  const [byCol] = take(1);
  let sources: Expr[];
  if (rest.length === 1 && className(rest[0]!) === 'StarExpression') {
    // `*`: every input column except the group keys and the by column itself
    const keyNames = new Set(keys.flatMap((k) => (k.expr.kind === 'column' ? [k.expr.name] : [])));
    const byName = by.kind === 'column' ? by.name : undefined;
    sources = inputCols.filter((c) => !keyNames.has(c.name) && c.name !== byName).map((c) => columnRef(c.name, c.type, spanOf(rest[0])));
  } else {
    sources = rest.map((a) => lowerExpr(unwrapNamed(a).expr, ctx));
  }
  ctx.inAggregate = true;
  const cols = take(sources.length);
  if (cols.length !== sources.length) {
    ctx.error(spanOf(byNode), 'lower-unsupported-syntax', { what: `this form of \`${fn}\`` });
  }
  return {
    kind: 'argExtreme',
    fn,
    by: { name: byCol?.name ?? 'Column1', expr: by },
    columns: sources.map((expr, i) => ({ name: cols[i]?.name ?? `Column${i}`, expr })),
  };
}

