/** `parse` / `parse-where` plans → DuckDB: one regex match per row, then conversions, then Kusto's failure rule. */
import type { Parse } from '../ir/types.js';
import { typedNull } from './literals.js';
import { sqlIdent, sqlString } from './quote.js';
import { rowNumberInOrder, type Stage, type StageColumn, type StageOps } from './stage.js';

export function emitParse(plan: Parse, ops: StageOps): Stage {
  let s = ops.stage(plan.input);
  if (s.aggregate || s.distinct) s = ops.split(s);
  const text = `coalesce(${ops.expr(plan.source, s)}, '')`;
  const regex = sqlString(plan.regex);
  // 1. the match, and every capture group at once (a struct named by the group columns)
  const matched: StageColumn = { name: '__parsed', type: 'bool', sql: `regexp_matches(${text}, ${regex})` };
  const captures: StageColumn[] = plan.groups.length
    ? [{ name: '__captures', type: 'dynamic', sql: `regexp_extract(${text}, ${regex}, [${plan.groups.map(sqlString).join(', ')}])` }]
    : [];
  // the input's order survives the CTEs as a row number
  const order: StageColumn[] = s.orderBy?.length ? [{ name: '__order', type: 'long', sql: rowNumberInOrder(s) }] : [];
  const m = ops.split({ ...s, columns: [...s.columns, matched, ...captures, ...order] });
  // 2. each column's value from its group's text (typed columns through their Kusto conversion)
  const inScope: Stage = {
    ...m,
    columns: [...m.columns, ...plan.groups.map((g) => ({ name: g, type: 'string' as const, sql: `struct_extract("__captures", ${sqlString(g)})` }))],
  };
  const values = plan.columns.map((c, i) => ({ name: `__value${i}`, type: c.expr.type, sql: ops.expr(c.expr, inScope) }));
  const v = ops.split({ ...m, columns: [...m.columns.filter((c) => c.name !== '__captures'), ...values] });
  // 3. strict kinds: a typed value that did not convert fails the row; a failed row has "" / null
  const required = plan.strict ? values.filter((x) => x.type !== 'string') : [];
  const ok = [sqlIdent('__parsed'), ...required.map((x) => `${sqlIdent(x.name)} IS NOT NULL`)].join(' AND ');
  const parsed = new Map(plan.columns.map((c, i) => [c.name, values[i]!]));
  const columns = plan.output.map((c): StageColumn => {
    const value = parsed.get(c.name);
    if (!value) return { name: c.name, type: c.type, sql: sqlIdent(c.name) };
    const failed = value.type === 'string' ? "''" : typedNull(value.type);
    return { name: c.name, type: c.type, sql: `CASE WHEN ${ok} THEN ${sqlIdent(value.name)} ELSE ${failed} END` };
  });
  return { ...v, columns: [...columns, ...ops.carried(v)], where: plan.dropUnparsed ? [ok] : [], orderBy: order.length ? [sqlIdent('__order')] : undefined };
}
