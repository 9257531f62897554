/** `mv-apply` plans → DuckDB: number the input rows, expand them, run the subquery per row number, join back. */
import type { MvApply } from '../ir/types.js';
import { EmitRefusal } from './emit-context.js';
import { sqlIdent } from './quote.js';
import { rowNumberInOrder, type Stage, type StageOps } from './stage.js';

const ROW = '__apply';

export function emitMvApply(plan: MvApply, ops: StageOps): Stage {
  if (ops.inReplay) throw new EmitRefusal(plan.span, '`mv-apply` in a retro-hunt replay');
  if (ops.inApply) throw new EmitRefusal(plan.span, '`mv-apply` inside an mv-apply subquery');
  let s = ops.stage(plan.input);
  if (s.aggregate || s.distinct) s = ops.split(s);
  // rows are numbered in the input's order, which the result keeps
  const numbered = ops.split({ ...s, columns: [...s.columns, { name: ROW, type: 'long', sql: rowNumberInOrder(s) }] });
  const partitions = numbered.from!;
  const expanded = ops.cte(ops.expandStage(plan.expand, numbered, [ROW]));
  const child = ops.child({ column: ROW, from: expanded, partitions });
  const sub = child.stage(plan.subquery);
  // a subquery that starts from its own rows (print, datatable, getschema …) does not read the subtable
  if (!sub.columns.some((c) => c.name === ROW)) throw new EmitRefusal(plan.subquery.span, 'an mv-apply subquery that does not read its subtable');
  // the subquery's own order, kept within each input row
  const ordered: Stage = sub.orderBy?.length
    ? { ...sub, columns: [...sub.columns, { name: '__order', type: 'long', sql: rowNumberInOrder(sub) }] }
    : sub;
  const subColumns = new Set(sub.columns.map((c) => c.name));
  const results = child.cte(ordered);
  const row = sqlIdent(ROW);
  return {
    from: `${results} AS __a JOIN ${partitions} AS __p ON __a.${row} = __p.${row}`,
    // the subquery's columns, and the input row's columns it does not have
    columns: plan.output.map((c) => ({ name: c.name, type: c.type, sql: `${subColumns.has(c.name) ? '__a' : '__p'}.${sqlIdent(c.name)}` })),
    where: [],
    orderBy: [`__p.${row}`, ...(ordered === sub ? [] : ['__a."__order"'])],
    distinct: false,
    aggregate: false,
  };
}
