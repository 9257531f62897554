/**
 * `let f = (p:type, …) { body }` and `invoke`: a call is lowered by lowering the analyser's expansion
 * of the body with each parameter bound to its argument (a `let` binds an expression, not a value,
 * so inlining is Kusto's own meaning).
 */
import type { Expr, Plan } from '../../ir/types.js';
import { className, items, separated, type Expression } from '../bridge.js';
import { spanOf, typeOf, type LetBinding, type LowerContext } from './context.js';
import { lowerExpr } from './expr.js';
import { lowerLet } from './lets.js';
import { lowerTabular } from './tabular.js';

/** A call `f(…)`, or a bare reference to a view (`let V = view () { … }` used as `V`). */
type Invocation = Kusto.Language.Syntax.FunctionCallExpression | Kusto.Language.Syntax.NameReference;

const nameOf = (n: Invocation): string =>
  (className(n) === 'NameReference' ? (n as Kusto.Language.Syntax.NameReference).SimpleName : (n as Kusto.Language.Syntax.FunctionCallExpression).Name?.SimpleName) ?? '';

/** The body a call expands to, when it calls a user function (built-ins have none). */
export function userFunctionBody(n: Invocation): Kusto.Language.Syntax.FunctionBody | undefined {
  const body = n.GetExpansion();
  return body && className(body) === 'FunctionBody' ? (body as Kusto.Language.Syntax.FunctionBody) : undefined;
}

function bind(arg: Expression, ctx: LowerContext): LetBinding {
  return typeOf(arg) === undefined ? { kind: 'tabular', plan: lowerTabular(arg, ctx) } : { kind: 'scalar', expr: lowerExpr(arg, ctx) };
}

/**
 * Lowers a user-function call. `input` binds the first parameter (for `T | invoke f(…)`).
 * Returns undefined after recording a diagnostic if the call cannot be expanded.
 */
export function expandCall<T extends Expr | Plan>(
  n: Invocation,
  ctx: LowerContext,
  lowerBody: (e: Expression) => T,
  input?: Plan,
): T | undefined {
  const body = userFunctionBody(n);
  const call = className(n) === 'NameReference' ? undefined : (n as Kusto.Language.Syntax.FunctionCallExpression);
  const sig = call?.ReferencedSignature ?? items<Kusto.Language.Symbols.Signature>((n.ReferencedSymbol as Kusto.Language.Symbols.FunctionSymbol | null)?.Signatures as never)[0];
  if (!body || !sig) {
    ctx.error(spanOf(n), 'lower-unsupported-function', { name: nameOf(n), reason: 'its body is not available to kqlduck' });
    return undefined;
  }
  const params = items<Kusto.Language.Symbols.Parameter>(sig.Parameters as never);
  const args = separated<Expression>(call?.ArgumentList?.Expressions as never);
  const given: Array<LetBinding | undefined> = [...(input ? [{ kind: 'tabular' as const, plan: input }] : []), ...args.map((a) => bind(a, ctx))];
  const bindings = params.map((p, i) => {
    const b = given[i] ?? (p.DefaultValue ? bind(p.DefaultValue, ctx) : undefined);
    if (!b) ctx.error(spanOf(n), 'lower-unsupported-syntax', { what: `calling \`${nameOf(n)}\` without its parameter \`${p.Name}\`` });
    return [p.Name ?? '', b] as const;
  });
  // the body sees its parameters and its own lets, then the caller's scope comes back
  const saved = new Map(ctx.lets);
  try {
    for (const [name, b] of bindings) if (b) ctx.lets.set(name, b);
    for (const st of separated<Kusto.Language.Syntax.Statement>(body.Statements as never)) {
      if (className(st) === 'LetStatement') lowerLet(st as Kusto.Language.Syntax.LetStatement, ctx);
      else ctx.error(spanOf(st), 'lower-unsupported-syntax', { what: 'this statement inside a function body' });
    }
    return lowerBody(body.Expression!);
  } finally {
    ctx.lets.clear();
    for (const [k, v] of saved) ctx.lets.set(k, v);
  }
}
