import type { Expr } from '../../ir/types.js';
import { dynamicLiteral, literal } from '../../ir/build.js';
import { className, separated, type Expression } from '../bridge.js';
import { errorExpr, spanOf, typeOf, type LowerContext } from './context.js';
import { parseDatetimeText, parseTimespanText } from './literals.js';

/** Unboxes the Bridge.NET value of a literal (Int64, boxed doubles/bools, Guid) to its text. */
function valueText(v: unknown): string {
  if (v && typeof v === 'object' && 'v' in v) return String((v as { v: unknown }).v);
  return String((v as { toString(): string }).toString());
}

export function lowerLiteral(node: Expression, ctx: LowerContext): Expr {
  const span = spanOf(node);
  const type = typeOf(node);
  const text = ctx.text.slice(span.start, span.end);
  const value = node.LiteralValue as unknown;
  if (!type) {
    ctx.error(span, 'lower-unsupported-syntax', { what: `the literal \`${text}\`` });
    return errorExpr(span);
  }
  if (value === null || value === undefined) {
    // typed nulls: long(null), datetime(null) …; a string literal is never null
    return literal(type, type === 'string' ? '' : null, span);
  }
  switch (type) {
    case 'string':
      return literal('string', String(value), span);
    case 'bool':
      return literal('bool', valueText(value).toLowerCase() === 'true', span);
    case 'long':
    case 'int':
    case 'real':
    case 'decimal': {
      const t = valueText(value);
      return literal(type, type === 'real' ? Number(t) : t, span);
    }
    case 'datetime': {
      const parsed = parseDatetimeText(text);
      if (parsed) return literal('datetime', parsed, span);
      ctx.error(span, 'lower-unsupported-syntax', { what: `the datetime format of \`${text}\` (use ISO 8601)` });
      return errorExpr(span, 'datetime');
    }
    case 'timespan': {
      const ticks = parseTimespanText(text);
      if (ticks !== undefined) return literal('timespan', ticks.toString(), span);
      const boxed = value as { ticks?: { toString(): string } };
      if (boxed.ticks !== undefined) return literal('timespan', boxed.ticks.toString(), span);
      ctx.error(span, 'lower-unsupported-syntax', { what: `the timespan literal \`${text}\`` });
      return errorExpr(span, 'timespan');
    }
    case 'guid':
      return literal('guid', valueText(value), span);
    default:
      ctx.error(span, 'lower-type', { what: `the literal \`${text}\``, type });
      return errorExpr(span, type);
  }
}

/**
 * `dynamic([...])`, `dynamic({...})`, `dynamic(null)` → a JSON constant, read from the syntax tree (Kusto's
 * dynamic literals allow single quotes, verbatim strings and typed literals that JSON.parse does not).
 */
export function lowerDynamic(node: Expression, ctx: LowerContext): Expr {
  const span = spanOf(node);
  const inner = (node as Kusto.Language.Syntax.DynamicExpression).Expression;
  try {
    return dynamicLiteral(inner ? jsonValue(inner, ctx) : null, span);
  } catch (err) {
    ctx.error(err instanceof UnsupportedJson ? err.span : span, 'lower-unsupported-syntax', { what: `this dynamic literal (${err instanceof Error ? err.message : ''})` });
    return errorExpr(span, 'dynamic');
  }
}

class UnsupportedJson extends Error {
  constructor(readonly span: { start: number; end: number }, message: string) {
    super(message);
  }
}

function jsonValue(node: Expression, ctx: LowerContext): unknown {
  switch (className(node)) {
    case 'JsonArrayExpression':
      return separated<Expression>((node as Kusto.Language.Syntax.JsonArrayExpression).Values as never).map((v) => jsonValue(v, ctx));
    case 'JsonObjectExpression': {
      const out: Record<string, unknown> = {};
      for (const p of separated<Kusto.Language.Syntax.JsonPair>((node as Kusto.Language.Syntax.JsonObjectExpression).Pairs as never)) {
        out[String(p.Name?.Value ?? p.Name?.ValueText ?? '')] = jsonValue(p.Value!, ctx);
      }
      return out;
    }
    case 'DynamicExpression': {
      // dynamic({...}) nested inside a dynamic literal is the same value
      const inner = (node as Kusto.Language.Syntax.DynamicExpression).Expression;
      return inner ? jsonValue(inner, ctx) : null;
    }
    case 'PrefixUnaryExpression': {
      const v = jsonValue((node as Kusto.Language.Syntax.PrefixUnaryExpression).Expression!, ctx);
      return (node as Kusto.Language.Syntax.PrefixUnaryExpression).Operator?.Text === '-' ? -(v as number) : v;
    }
    default: {
      const span = spanOf(node);
      if (ctx.text.slice(span.start, span.end).trim() === 'null') return null;
      const lit = lowerLiteral(node, ctx);
      if (lit.kind !== 'literal') throw new UnsupportedJson(spanOf(node), 'a computed value');
      if (lit.value === null) return null;
      switch (lit.type) {
        case 'long': case 'int': case 'real': case 'decimal': return Number(lit.value);
        case 'bool': return lit.value;
        case 'datetime': return `${String(lit.value).replace(' ', 'T').replace(/\.?0*$/, '')}Z`;
        case 'timespan': throw new UnsupportedJson(spanOf(node), 'a timespan inside dynamic');
        default: return lit.value;
      }
    }
  }
}
