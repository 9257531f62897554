/** The one place IR nodes are made. */
import type { Call, ColumnRef, DynamicLiteral, Expr, KustoType, ListExpr, Literal, Now, Span } from './types.js';

export const literal = (type: KustoType, value: Literal['value'], span: Span): Literal => ({ kind: 'literal', type, value, span });
export const dynamicLiteral = (value: unknown, span: Span): DynamicLiteral => ({ kind: 'dynamic', type: 'dynamic', value, span });
export const column = (name: string, type: KustoType, span: Span): ColumnRef => ({ kind: 'column', name, type, span });
export const call = (fn: string, args: Expr[], type: KustoType, span: Span): Call => ({ kind: 'call', fn, args, type, span });
export const list = (items: Expr[], span: Span): ListExpr => ({ kind: 'list', items, type: 'dynamic', span });
export const now = (span: Span): Now => ({ kind: 'now', type: 'datetime', span });
