/**
 * `parse` and `parse-where` (https://learn.microsoft.com/kusto/query/parse-operator,
 * https://learn.microsoft.com/kusto/query/parse-where-operator) → one anchored regex match per row.
 */
import type { Column, Expr, KustoType, NamedExpr, Plan } from '../../ir/types.js';
import { call, column } from '../../ir/build.js';
import { className, separated, type SyntaxNode } from '../bridge.js';
import { spanOf, typeOf, type LowerContext } from './context.js';
import { lowerExpr } from './expr.js';
import { parameters } from './join-union.js';
import { patternRegex, type ParseKind, type PatternPart } from './parse-pattern.js';

/** How a captured text becomes a value of each type: the Kusto conversion function. */
const CONVERSIONS: Partial<Record<KustoType, string>> = {
  long: 'tolong', int: 'toint', real: 'todouble', datetime: 'todatetime', timespan: 'totimespan',
  bool: 'tobool', guid: 'toguid', dynamic: 'parse_json',
};

type ParseNode = Kusto.Language.Syntax.ParseOperator | Kusto.Language.Syntax.ParseWhereOperator;

export function lowerParse(op: ParseNode, input: Plan, output: Column[], dropUnparsed: boolean, ctx: LowerContext): Plan {
  const span = spanOf(op);
  const operator = dropUnparsed ? 'parse-where' : 'parse';
  const params = parameters(op.Parameters, ctx);
  const kind = (params.get('kind')?.value ?? 'simple').toLowerCase() as ParseKind;
  if (!['simple', 'regex', 'relaxed'].includes(kind) || (dropUnparsed && kind === 'relaxed')) {
    ctx.error(params.get('kind')!.span, 'lower-unsupported-option', { operator, option: `kind=${kind}` });
  }
  const flags = params.get('flags')?.value ?? '';
  if (flags && (kind !== 'regex' || !/^[imsU]+$/.test(flags))) {
    ctx.error(params.get('flags')!.span, 'lower-unsupported-option', { operator, option: `flags=${flags}` });
  }
  for (const [name, p] of params) {
    if (name !== 'kind' && name !== 'flags') ctx.error(p.span, 'lower-unsupported-option', { operator, option: name });
  }

  const parts = patternParts(separated<SyntaxNode>(op.Patterns as never), ctx);
  const groups: string[] = [];
  const columns: NamedExpr[] = [];
  for (const part of parts) {
    if (part.kind !== 'column') continue;
    const group = `__parse${groups.length}`;
    groups.push(group);
    columns.push({ name: part.name, expr: converted(column(group, 'string', span), part.type, op, ctx) });
  }
  let source = lowerExpr(op.Expression, ctx);
  // a non-string expression is parsed as its string form
  if (source.type !== 'string') source = call('tostring', [source], 'string', source.span);
  return {
    kind: 'parse',
    input,
    source,
    regex: patternRegex(parts, kind, flags),
    groups,
    columns,
    strict: kind !== 'relaxed',
    dropUnparsed,
    output,
    span,
  };
}

function converted(text: Expr, type: KustoType, op: ParseNode, ctx: LowerContext): Expr {
  if (type === 'string') return text;
  const fn = CONVERSIONS[type];
  if (!fn || !ctx.options.supportsFunction(fn)) {
    ctx.error(spanOf(op), 'lower-type', { what: 'a parsed column', type });
    return text;
  }
  return call(fn, [text], type, text.span);
}

/** `*`, string constants, `name` and `name:type`, in order. */
function patternParts(nodes: SyntaxNode[], ctx: LowerContext): PatternPart[] {
  const parts: PatternPart[] = [];
  for (const n of nodes) {
    switch (className(n)) {
      case 'StarExpression':
        parts.push({ kind: 'star' });
        break;
      case 'LiteralExpression':
      case 'CompoundStringLiteralExpression': {
        const e = n as unknown as Kusto.Language.Syntax.Expression;
        const value = e.LiteralValue as unknown;
        if (typeOf(e) !== 'string' || typeof value !== 'string') {
          ctx.error(spanOf(n), 'lower-unsupported-syntax', { what: 'a non-string constant in a parse pattern' });
          break;
        }
        parts.push({ kind: 'text', text: value });
        break;
      }
      case 'NameDeclaration':
      case 'NameAndTypeDeclaration': {
        const decl = className(n) === 'NameDeclaration'
          ? (n as unknown as Kusto.Language.Syntax.NameDeclaration)
          : (n as unknown as Kusto.Language.Syntax.NameAndTypeDeclaration).Name!;
        const type = typeOf(decl as unknown as Kusto.Language.Syntax.Expression);
        if (!type) {
          ctx.error(spanOf(n), 'lower-type', { what: `the parsed column \`${decl.SimpleName}\``, type: decl.ResultType?.Name ?? 'unknown' });
          break;
        }
        parts.push({ kind: 'column', name: decl.SimpleName ?? '', type });
        break;
      }
      default:
        ctx.error(spanOf(n), 'lower-unsupported-syntax', { what: 'this element of a parse pattern' });
    }
  }
  return parts;
}
