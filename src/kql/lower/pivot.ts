/**
 * `evaluate pivot(col [, aggregation] [, group columns…]) : (schema)`
 * (https://learn.microsoft.com/kusto/query/pivot-plugin). Only with an output schema: without one the
 * columns and their order come from the data. The schema's group columns are the summarize keys; each
 * other schema column V is the aggregation over the rows whose `tostring(col) == "V"` (the `…if`
 * aggregate, so a group without such rows gets its empty value: count 0, sum 0); values of col the
 * schema does not name are left out, as the page's schema example shows.
 */
import type { Column, Expr, NamedExpr, Plan, SummarizeItem } from '../../ir/types.js';
import { call, column, literal } from '../../ir/build.js';
import { planColumns } from '../../ir/schema.js';
import { className, separated, type Expression } from '../bridge.js';
import { spanOf, type LowerContext } from './context.js';
import { lowerExpr } from './expr.js';
import { OPERATOR_REASONS } from './refusals.js';

/** The `…if` form of each aggregate the plugin accepts. */
const IF_FORMS: Record<string, string> = {
  count: 'countif', sum: 'sumif', avg: 'avgif', min: 'minif', max: 'maxif', dcount: 'dcountif', stdev: 'stdevif',
  variance: 'varianceif', make_list: 'make_list_if', make_set: 'make_set_if', make_bag: 'make_bag_if', take_any: 'take_anyif',
};

export function lowerPivot(op: Kusto.Language.Syntax.EvaluateOperator, input: Plan, output: Column[], ctx: LowerContext): Plan | undefined {
  const span = spanOf(op);
  const schema = op.Schema?.Schema;
  if (!schema) {
    ctx.error(span, 'lower-unsupported-operator', { name: 'evaluate pivot', reason: OPERATOR_REASONS['evaluate pivot'] });
    return undefined;
  }
  const [pivotNode, ...rest] = separated<Expression>(op.FunctionCall!.ArgumentList?.Expressions as never);
  const pivot = lowerExpr(pivotNode ?? null, ctx);
  const aggNode = rest[0] && className(rest[0]) === 'FunctionCallExpression' ? rest[0] : undefined;
  const groupNodes = aggNode ? rest.slice(1) : rest;
  const agg: Expr = aggNode ? ctx.aggregating(() => lowerExpr(aggNode, ctx)) : call('count', [], 'long', span);
  const ifForm = agg.kind === 'call' ? IF_FORMS[agg.fn] : undefined;
  if (agg.kind !== 'call' || !ifForm || !ctx.options.supportsAggregate(ifForm)) {
    ctx.error(spanOf(aggNode ?? op), 'lower-unsupported-syntax', { what: 'this pivot aggregation' });
    return undefined;
  }
  // the group columns: those named, or every column but the pivoted and aggregated ones
  const used = new Set([pivot, ...agg.args].flatMap((e) => (e.kind === 'column' ? [e.name] : [])));
  const groups = groupNodes.length
    ? groupNodes.map((g) => lowerExpr(g, ctx)).flatMap((e) => (e.kind === 'column' ? [e.name] : []))
    : planColumns(input).filter((c) => !used.has(c.name)).map((c) => c.name);
  const missing = groups.find((g) => !output.some((c) => c.name === g));
  if (missing) {
    // Kusto would group by it too; which rows then merge is not the schema's to say
    ctx.error(span, 'lower-unsupported-syntax', { what: `a pivot output schema without its group column \`${missing}\`` });
    return undefined;
  }
  const keys: NamedExpr[] = [];
  const items: SummarizeItem[] = [];
  const text = call('tostring', [pivot], 'string', pivot.span);
  for (const c of output) {
    if (groups.includes(c.name)) {
      const source = planColumns(input).find((i) => i.name === c.name);
      keys.push({ name: c.name, expr: column(c.name, source?.type ?? c.type, span) });
    } else {
      const only = call('==', [text, literal('string', c.name, span)], 'bool', span);
      items.push({ kind: 'value', name: c.name, expr: call(ifForm, [...agg.args, only], c.type, span) });
    }
  }
  const summarized: Plan = { kind: 'summarize', input, keys, items, span };
  // in the schema's order, which may mix group and pivoted columns
  return { kind: 'project', input: summarized, columns: output.map((c) => ({ name: c.name, expr: column(c.name, c.type, span) })), span };
}
