/** The output columns of a plan, derived from the plan itself (Kusto's rules for each operator). */
import type { Column, NamedExpr, Plan } from './types.js';

const named = (cols: NamedExpr[]): Column[] => cols.map((c) => ({ name: c.name, type: c.expr.type }));

export function planColumns(plan: Plan): Column[] {
  switch (plan.kind) {
    case 'table':
    case 'datatable':
      return plan.columns;
    case 'print':
      return named(plan.columns);
    case 'range':
      return [{ name: plan.name, type: plan.type }];
    case 'filter':
    case 'sort':
    case 'take':
    case 'top':
      return planColumns(plan.input);
    case 'extend': {
      // an existing name is replaced in place; new names are appended in order
      const out = planColumns(plan.input).slice();
      for (const c of plan.columns) {
        const i = out.findIndex((o) => o.name === c.name);
        if (i >= 0) out[i] = { name: c.name, type: c.expr.type };
        else out.push({ name: c.name, type: c.expr.type });
      }
      return out;
    }
    case 'project':
    case 'distinct':
      return named(plan.columns);
    case 'count':
      return [{ name: plan.name, type: 'long' }];
    case 'summarize':
      return [
        ...named(plan.keys),
        ...plan.items.flatMap((i) => (i.kind === 'value' ? named([i]) : named([i.by, ...i.columns]))),
      ];
    case 'join':
      return plan.columns.map((c) => ({ name: c.name, type: c.type }));
    case 'mvExpand':
      return plan.columns;
    case 'parse':
    case 'mvApply':
    case 'makeSeries':
      return plan.output;
    case 'applyInput':
      return plan.columns;
    case 'union':
      return [...(plan.sourceColumn ? [{ name: plan.sourceColumn, type: 'string' as const }] : []), ...plan.columns];
  }
}
