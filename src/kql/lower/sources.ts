/** Operators that make rows from nothing: `print`, `range`, `datatable`. */
import type { Column, Expr, Plan } from '../../ir/types.js';
import { normalizeKustoType } from '../../schema/kusto-types.js';
import { className, separated, type Expression } from '../bridge.js';
import { spanOf, typeOf, type LowerContext } from './context.js';
import { lowerExpr, lowerTupleCall, tupleColumns } from './expr.js';
import { call, literal } from '../../ir/build.js';


export function lowerPrint(op: Kusto.Language.Syntax.PrintOperator, ctx: LowerContext, out: Column[]): Plan {
  const columns = separated<Expression>(op.Expressions as never).flatMap((e, i) => {
    if (className(e) === 'SimpleNamedExpression') {
      const n = e as unknown as Kusto.Language.Syntax.SimpleNamedExpression;
      return [{ name: n.Name!.SimpleName!, expr: lowerExpr(n.Expression, ctx) }];
    }
    // a function with several results (array_sort_asc(a, b)) prints one column per result
    const members = tupleColumns(e);
    if (members) {
      const whole = lowerTupleCall(e, ctx);
      return members.map((name, k) => ({ name, expr: call('__index', [whole, literal('long', k, whole.span)], 'dynamic', whole.span) }));
    }
    return [{ name: out[i]?.name ?? `print_${i}`, expr: lowerExpr(e, ctx) }];
  });
  return { kind: 'print', columns, span: spanOf(op) };
}

export function lowerRange(op: Kusto.Language.Syntax.RangeOperator, ctx: LowerContext): Plan {
  const from = lowerExpr(op.From, ctx);
  return {
    kind: 'range',
    name: op.Name!.SimpleName!,
    type: typeOf(op.From) ?? from.type,
    from,
    to: lowerExpr(op.To, ctx),
    step: lowerExpr(op.Step, ctx),
    span: spanOf(op),
  };
}

export function lowerDataTable(node: Kusto.Language.Syntax.DataTableExpression, ctx: LowerContext): Plan {
  const span = spanOf(node);
  const columns: Column[] = separated<Kusto.Language.Syntax.NameAndTypeDeclaration>(node.Schema?.Columns as never).map((c) => {
    const typeName = ctx.text.slice(spanOf(c.Type).start, spanOf(c.Type).end);
    const type = normalizeKustoType(typeName.trim());
    if (!type) ctx.error(spanOf(c.Type), 'lower-type', { what: `the datatable column \`${c.Name?.SimpleName}\``, type: typeName });
    return { name: c.Name!.SimpleName!, type: type ?? 'string' };
  });
  const values = separated<Expression>(node.Values as never).map((v) => lowerExpr(v, ctx));
  const rows: Expr[][] = [];
  if (columns.length > 0) {
    if (values.length % columns.length !== 0) {
      ctx.error(span, 'lower-unsupported-syntax', { what: 'a datatable whose value count is not a multiple of its column count' });
    }
    for (let i = 0; i + columns.length <= values.length; i += columns.length) rows.push(values.slice(i, i + columns.length));
  }
  return { kind: 'datatable', columns, rows, span };
}
