/** `mv-expand` (https://learn.microsoft.com/kusto/query/mv-expand-operator). */
import type { Column, Plan } from '../../ir/types.js';
import { normalizeKustoType } from '../../schema/kusto-types.js';
import { className, separated } from '../bridge.js';
import { spanOf, type LowerContext } from './context.js';
import { lowerExpr } from './expr.js';
import { parameters } from './join-union.js';

export function lowerMvExpand(op: Kusto.Language.Syntax.MvExpandOperator, input: Plan, out: Column[], ctx: LowerContext): Plan {
  const span = spanOf(op);
  const params = parameters(op.Parameters, ctx);
  let bagAsArray = false;
  let indexColumn: string | undefined;
  for (const [name, p] of params) {
    if ((name === 'kind' || name === 'bagexpansion') && ['bag', 'array'].includes(p.value)) bagAsArray = p.value === 'array';
    else if (name === 'with_itemindex') indexColumn = p.value;
    else ctx.error(p.span, 'lower-unsupported-option', { operator: 'mv-expand', option: `${name}=${p.value}` });
  }
  const items = separated<Kusto.Language.Syntax.MvExpandExpression>(op.Expressions as never).map((m) => {
    let e = m.Expression!;
    let name: string | undefined;
    if (className(e) === 'SimpleNamedExpression') {
      const n = e as unknown as Kusto.Language.Syntax.SimpleNamedExpression;
      name = n.Name!.SimpleName!;
      e = n.Expression!;
    } else if (className(e) === 'NameReference') {
      name = (e as unknown as Kusto.Language.Syntax.NameReference).SimpleName!;
    }
    const typeNode = separated<Kusto.Language.Syntax.Expression>(m.ToTypeOf?.TypeOf?.Types as never)[0];
    const typeText = typeNode ? ctx.text.slice(spanOf(typeNode).start, spanOf(typeNode).end).trim() : 'dynamic';
    const type = normalizeKustoType(typeText);
    if (!type) ctx.error(spanOf(m.ToTypeOf), 'lower-type', { what: 'the expanded column', type: typeText });
    return { name: name ?? '', expr: lowerExpr(e, ctx), type: type ?? 'dynamic', span: spanOf(m) };
  });
  let limit: number | undefined;
  if (op.RowLimitClause) {
    const l = lowerExpr(op.RowLimitClause.RowLimit, ctx);
    if (l.kind !== 'literal' || l.value === null) ctx.error(spanOf(op.RowLimitClause), 'lower-not-constant', { what: 'the mv-expand row limit' });
    else limit = Number(l.value);
  }
  const unnamed = items.filter((i) => !i.name);
  if (unnamed.length) ctx.error(unnamed[0]!.span, 'lower-unsupported-syntax', { what: 'an unnamed expression in mv-expand (write `Name = expr`)' });
  return {
    kind: 'mvExpand',
    input,
    items: items.map(({ name, expr, type }) => ({ name, expr, type })),
    bagAsArray,
    indexColumn,
    limit,
    columns: out,
    span,
  };
}
