/** `evaluate plugin(…)`: bag_unpack and pivot run; every other plugin is refused by name. */
import type { Column, Plan } from '../../ir/types.js';
import { spanOf, type LowerContext } from './context.js';
import { lowerBagUnpack } from './bag-unpack.js';
import { lowerPivot } from './pivot.js';
import { OPERATOR_REASONS } from './refusals.js';

export function lowerEvaluate(op: Kusto.Language.Syntax.EvaluateOperator, input: Plan, output: Column[], ctx: LowerContext): Plan | undefined {
  const plugin = (op.FunctionCall?.Name?.SimpleName ?? '').toLowerCase();
  if (plugin === 'bag_unpack') return lowerBagUnpack(op, input, output, ctx);
  if (plugin === 'pivot') return lowerPivot(op, input, output, ctx);
  ctx.error(spanOf(op), 'lower-unsupported-operator', { name: `evaluate ${plugin}`, reason: OPERATOR_REASONS[`evaluate ${plugin}`] });
  return undefined;
}
