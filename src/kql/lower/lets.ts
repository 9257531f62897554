import { className, type Expression } from '../bridge.js';
import { typeOf, type LowerContext } from './context.js';
import { lowerExpr } from './expr.js';
import { lowerTabular } from './tabular.js';

/**
 * `let name = …`: scalars and tabular expressions are bound for inlining at each reference. Functions
 * (`let f = (…) { … }`) need nothing here: calls are lowered from the analyser's expansion.
 */
export function lowerLet(st: Kusto.Language.Syntax.LetStatement, ctx: LowerContext): void {
  const name = st.Name!.SimpleName!;
  const value = st.Expression as Expression;
  if (className(value) === 'FunctionDeclaration') return;
  if (typeOf(value) === undefined) ctx.lets.set(name, { kind: 'tabular', plan: lowerTabular(value, ctx) });
  else ctx.lets.set(name, { kind: 'scalar', expr: lowerExpr(value, ctx) });
}
