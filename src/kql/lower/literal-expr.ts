import type { Expr } from '../../ir/types.js';
import { dynamicLiteral, literal } from '../../ir/build.js';
import { className, type Expression } from '../bridge.js';
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

/** `dynamic([...])`, `dynamic({...})`, `dynamic(null)` → a JSON constant. */
export function lowerDynamic(node: Expression, ctx: LowerContext): Expr {
  const span = spanOf(node);
  const raw = node.LiteralValue as unknown;
  try {
    return dynamicLiteral(raw === null || raw === undefined ? null : JSON.parse(String(raw)), span);
  } catch {
    ctx.error(span, 'lower-unsupported-syntax', { what: `the dynamic literal of kind ${className(node)}` });
    return errorExpr(span, 'dynamic');
  }
}
