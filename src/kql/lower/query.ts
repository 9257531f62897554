/** A whole query block: `let` statements, then the one tabular expression whose rows are returned. */
import type { Query } from '../../ir/types.js';
import { planColumns } from '../../ir/schema.js';
import { className, separated, type Expression, type SyntaxNode } from '../bridge.js';
import type { Analysis } from '../analyze.js';
import { LowerContext, spanOf, typeOf, type LowerOptions } from './context.js';
import { lowerLet } from './lets.js';
import { lowerTabular } from './tabular.js';


export interface Lowered { query?: Query; diagnostics: LowerContext['diagnostics']; discoveries: LowerContext['discoveries'] }

export function lowerQuery(analysis: Analysis, options: LowerOptions): Lowered {
  const ctx = new LowerContext(analysis.text, options);
  const root = analysis.code.Syntax as SyntaxNode;
  if (analysis.code.Kind !== 'Query') {
    const name = analysis.text.trim().split(/\s+/).slice(0, 2).join(' ');
    ctx.error(spanOf(root), 'lower-control-command', { name });
    return { diagnostics: ctx.diagnostics, discoveries: [] };
  }
  const statements = separated<SyntaxNode>((root as Kusto.Language.Syntax.QueryBlock).Statements as never);
  let query: Query | undefined;
  for (const st of statements) {
    const kind = className(st);
    if (kind === 'LetStatement') {
      lowerLet(st as Kusto.Language.Syntax.LetStatement, ctx);
    } else if (kind === 'ExpressionStatement') {
      const expr = (st as Kusto.Language.Syntax.ExpressionStatement).Expression;
      if (query) {
        ctx.error(spanOf(st), 'lower-unsupported-syntax', { what: 'a second result set (more than one query statement)' });
        continue;
      }
      if (typeOf(expr) !== undefined) {
        ctx.error(spanOf(st), 'lower-unsupported-syntax', { what: 'a scalar expression as a query (use `print`)' });
        continue;
      }
      const plan = lowerTabular(expr, ctx);
      query = { plan, columns: planColumns(plan), ...(ctx.render ? { render: ctx.render } : {}) };
    } else {
      const word = analysis.text.slice(st.TextStart, st.TextStart + st.Width).trim().split(/\s+/)[0] ?? kind;
      ctx.error(spanOf(st), 'lower-unsupported-syntax', { what: `the \`${word}\` statement` });
    }
  }
  if (!query && ctx.diagnostics.length === 0) ctx.error(spanOf(root), 'lower-no-query', {});
  return { query, diagnostics: ctx.diagnostics, discoveries: ctx.discoveries };
}
