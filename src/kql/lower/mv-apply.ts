/** `mv-apply` (https://learn.microsoft.com/kusto/query/mv-apply-operator). */
import type { ApplyInput, Column, MvExpand, Plan } from '../../ir/types.js';
import { planColumns } from '../../ir/schema.js';
import { spanOf, type LowerContext } from './context.js';
import { lowerMvExpand } from './mv-expand.js';
import { lowerTabular } from './tabular.js';

export function lowerMvApply(op: Kusto.Language.Syntax.MvApplyOperator, input: Plan, output: Column[], ctx: LowerContext): Plan {
  const span = spanOf(op);
  if (op.ContextIdClause) ctx.error(spanOf(op.ContextIdClause), 'lower-unsupported-option', { operator: 'mv-apply', option: 'id' });
  // the expansion is mv-expand's (same clauses): its columns are computed here, the analyser only gives the final ones
  const expand = lowerMvExpand(op as unknown as Kusto.Language.Syntax.MvExpandOperator, input, [], ctx) as MvExpand;
  expand.columns = expandedColumns(planColumns(input), expand);
  const leaf: ApplyInput = { kind: 'applyInput', columns: expand.columns, span };
  const saved = ctx.applyInput;
  ctx.applyInput = leaf;
  try {
    const subquery = lowerTabular(op.Subquery?.Expression ?? null, ctx);
    return { kind: 'mvApply', input, expand, subquery, output, span };
  } finally {
    ctx.applyInput = saved;
  }
}

/** An expanded input column keeps its place with the element type; new names and the index go last. */
function expandedColumns(inputCols: Column[], expand: MvExpand): Column[] {
  const out = inputCols.slice();
  for (const item of expand.items) {
    const i = out.findIndex((c) => c.name === item.name);
    if (i >= 0) out[i] = { name: item.name, type: item.type };
    else out.push({ name: item.name, type: item.type });
  }
  if (expand.indexColumn) out.push({ name: expand.indexColumn, type: 'long' });
  return out;
}
