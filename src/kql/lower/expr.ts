/** Kusto scalar syntax → IR expressions. Types come from Microsoft's analyser, never guessed here. */
import type { Expr, ListExpr, Span } from '../../ir/types.js';
import { call, column, dynamicLiteral, list, literal, now } from '../../ir/build.js';
import { className, separated, type Expression } from '../bridge.js';
import { errorExpr, spanOf, typeOf, type LowerContext } from './context.js';
import { lowerLiteral, lowerDynamic } from './literal-expr.js';
import { expandCall, userFunctionBody } from './user-functions.js';
import { lowerTabular } from './tabular.js';
import { planColumns } from '../../ir/schema.js';
import { normalizeKustoType } from '../../schema/kusto-types.js';


/** Binary operators kqlduck translates, by their spelling in KQL (negations keep their `!`). */
const BINARY_OPERATORS = new Set([
  'and', 'or', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', '=~', '!~',
  ...['has', 'has_cs', 'hasprefix', 'hasprefix_cs', 'hassuffix', 'hassuffix_cs',
    'contains', 'contains_cs', 'startswith', 'startswith_cs', 'endswith', 'endswith_cs'].flatMap((o) => [o, `!${o}`]),
  'matches regex',
]);

const LIST_OPERATORS = new Set(['in', '!in', 'in~', '!in~', 'has_any', 'has_all']);

function operatorText(token: Kusto.Language.Syntax.SyntaxToken | null): string {
  return (token?.Text ?? '').toLowerCase().replace(/\s+/g, ' ');
}

export function lowerExpr(node: Expression | null, ctx: LowerContext): Expr {
  const span = spanOf(node);
  if (!node) return errorExpr(span);
  const kind = className(node);
  switch (kind) {
    case 'LiteralExpression':
    case 'CompoundStringLiteralExpression':
      return lowerLiteral(node, ctx);
    case 'DynamicExpression':
      return lowerDynamic(node, ctx);
    case 'ParenthesizedExpression':
      return lowerExpr((node as Kusto.Language.Syntax.ParenthesizedExpression).Expression, ctx);
    case 'NameReference':
      return lowerNameReference(node as Kusto.Language.Syntax.NameReference, ctx);
    case 'BinaryExpression':
      return lowerBinary(node as Kusto.Language.Syntax.BinaryExpression, ctx);
    case 'InExpression':
    case 'HasAnyExpression':
    case 'HasAllExpression': {
      const n = node as Kusto.Language.Syntax.InExpression;
      const op = operatorText(n.Operator);
      if (!LIST_OPERATORS.has(op)) return unsupported(ctx, span, `the operator \`${op}\``);
      return call(op, [lowerExpr(n.Left, ctx), lowerList(n.Right, ctx)], 'bool', span);
    }
    case 'BetweenExpression': {
      const n = node as Kusto.Language.Syntax.BetweenExpression;
      const op = operatorText(n.Operator);
      const couple = n.Right!;
      const left = lowerExpr(n.Left, ctx);
      const from = lowerExpr(couple.First, ctx);
      let to = lowerExpr(couple.Second, ctx);
      // a datetime range may end with a timespan: `t between (start .. 3d)` is `start .. start + 3d`
      if (left.type === 'datetime' && from.type === 'datetime' && to.type === 'timespan') to = call('+', [from, to], 'datetime', spanOf(couple.Second));
      return call(op, [left, from, to], 'bool', span);
    }
    case 'PrefixUnaryExpression': {
      const n = node as Kusto.Language.Syntax.PrefixUnaryExpression;
      const op = operatorText(n.Operator);
      const operand = lowerExpr(n.Expression, ctx);
      if (op === '+') return operand;
      return call('negate', [operand], typeOf(node) ?? operand.type, span);
    }
    case 'FunctionCallExpression':
      return lowerCall(node as Kusto.Language.Syntax.FunctionCallExpression, ctx);
    case 'ToScalarExpression': {
      const inner = (node as Kusto.Language.Syntax.ToScalarExpression).Expression;
      // toscalar() of a scalar is that scalar
      if (typeOf(inner) !== undefined) return lowerExpr(inner, ctx);
      const plan = lowerTabular(inner, ctx);
      const first = planColumns(plan)[0];
      if (!first) return unsupported(ctx, span, '`toscalar()` of a table without columns');
      return { kind: 'subquery', plan, type: typeOf(node) ?? first.type, span };
    }
    case 'TypeOfLiteralExpression':
      // typeof(T) as an argument (extract, extract_json …): the analyser already gave the call its type T;
      // the argument stays as the type's name
      return literal('string', ctx.text.slice(span.start, span.end), span);
    case 'PathExpression':
      return lowerPath(node as Kusto.Language.Syntax.PathExpression, ctx);
    case 'ElementExpression':
      return lowerElement(node as Kusto.Language.Syntax.ElementExpression, ctx);
    default:
      return unsupported(ctx, span, describeSyntax(kind));
  }
}

function unsupported(ctx: LowerContext, span: Span, what: string): Expr {
  ctx.error(span, 'lower-unsupported-syntax', { what });
  return errorExpr(span);
}

/** A human name for a syntax class in a refusal message. */
function describeSyntax(kind: string): string {
  const names: Record<string, string> = {
    PathExpression: 'dynamic member access (`x.y`)',
    ElementExpression: 'element access (`x[i]`)',
    ToScalarExpression: '`toscalar()`',
    MaterializeExpression: '`materialize()`',
    StarExpression: '`*` in this position',
  };
  return names[kind] ?? `the expression \`${kind.replace(/Expression$/, '')}\``;
}

/**
 * `d.key` and `d["key"]` on a dynamic value → `__member(d, "key")`; `a[i]` → `__index(a, i)`.
 * A missing key or index is null (the function family decides how DuckDB reads JSON).
 */
function lowerPath(n: Kusto.Language.Syntax.PathExpression, ctx: LowerContext): Expr {
  const span = spanOf(n);
  if (typeOf(n.Expression) !== 'dynamic') return unsupported(ctx, span, 'member access on a non-dynamic value');
  const sel = n.Selector as Kusto.Language.Syntax.NameReference | null;
  const key = sel?.SimpleName ?? (sel as unknown as Kusto.Language.Syntax.BracketedName | null)?.SimpleName;
  if (key == null) return unsupported(ctx, span, 'this member access');
  return call('__member', [lowerExpr(n.Expression, ctx), literal('string', key, spanOf(sel))], 'dynamic', span);
}

function lowerElement(n: Kusto.Language.Syntax.ElementExpression, ctx: LowerContext): Expr {
  const span = spanOf(n);
  if (typeOf(n.Expression) !== 'dynamic' && !tupleColumns(n.Expression)) return unsupported(ctx, span, 'element access on a non-dynamic value');
  const selector = (n.Selector as Kusto.Language.Syntax.BracketedExpression | null)?.Expression ?? null;
  const index = lowerExpr(selector, ctx);
  const fn = index.type === 'string' ? '__member' : '__index';
  return call(fn, [lowerTupleCall(n.Expression!, ctx), index], 'dynamic', span);
}

function lowerNameReference(n: Kusto.Language.Syntax.NameReference, ctx: LowerContext): Expr {
  const span = spanOf(n);
  const sym = n.ReferencedSymbol;
  const symKind = sym ? className(sym) : '';
  const name = sym?.Name ?? n.SimpleName ?? '';
  if (symKind === 'ColumnSymbol') {
    const type = typeOf(n);
    if (!type) return unsupported(ctx, span, `the column \`${name}\` of an unsupported type`);
    return column(name, type, span);
  }
  if (symKind === 'VariableSymbol' || symKind === 'ParameterSymbol') {
    const bound = ctx.lets.get(name);
    if (bound?.kind === 'scalar') return { ...bound.expr, span } as Expr;
  }
  return unsupported(ctx, span, `the reference to \`${name}\``);
}

function lowerBinary(n: Kusto.Language.Syntax.BinaryExpression, ctx: LowerContext): Expr {
  const span = spanOf(n);
  const op = operatorText(n.Operator);
  if (!BINARY_OPERATORS.has(op)) return unsupported(ctx, span, `the operator \`${op}\``);
  const type = typeOf(n);
  if (!type) return unsupported(ctx, span, `the operator \`${op}\` on these operand types`);
  return call(op, [lowerExpr(n.Left, ctx), lowerExpr(n.Right, ctx)], type, span);
}

/** The right side of `in`, `has_any` …: literals, dynamic arrays and `let` arrays. */
export function lowerList(n: Kusto.Language.Syntax.ExpressionList | null, ctx: LowerContext): ListExpr {
  const span = spanOf(n);
  const items = separated<Expression>(n?.Expressions as never).map((e): Expr => {
    if (e && typeOf(e) === undefined) {
      // `x in (T)`: the values of T's first column
      const plan = lowerTabular(e, ctx);
      return { kind: 'subquery', plan, type: planColumns(plan)[0]?.type ?? 'string', span: spanOf(e) };
    }
    return lowerExpr(e, ctx);
  });
  return list(items, span);
}

function lowerCall(n: Kusto.Language.Syntax.FunctionCallExpression, ctx: LowerContext, allowTuple = false): Expr {
  const span = spanOf(n);
  const written = (n.Name?.SimpleName ?? '').toLowerCase();
  const name = ALIASES[written] ?? written;
  const symKind = n.ReferencedSymbol ? className(n.ReferencedSymbol) : '';
  if (symKind !== 'FunctionSymbol') {
    ctx.error(spanOf(n.Name), 'lower-unsupported-function', { name, reason: 'it is not a function kqlduck knows' });
    return errorExpr(span);
  }
  if (userFunctionBody(n)) return expandCall(n, ctx, (body) => lowerExpr(body, ctx)) ?? errorExpr(span);
  const args = separated<Expression>(n.ArgumentList?.Expressions as never);
  if (name === 'now' && args.length === 0) return now(span);
  // now(offset) is now() + offset
  if (name === 'now' && args.length === 1) return call('+', [now(span), lowerExpr(args[0]!, ctx)], 'datetime', span);
  if (name === 'pack_all') return packAll(n, args, ctx);
  if (name === 'column_ifexists') return columnIfExists(n, args, ctx);
  // ago(d) is now() - d: one instant per query, or each row's scheduled run in a replay
  if (name === 'ago' && args.length === 1) return call('-', [now(span), lowerExpr(args[0]!, ctx)], 'datetime', span);
  const isAggregate = ctx.inAggregate && ctx.options.supportsAggregate(name);
  if (!isAggregate && !ctx.options.supportsFunction(name)) {
    ctx.error(spanOf(n.Name), 'lower-unsupported-function', { name, reason: REFUSAL_REASONS[name] ?? (SERIES_ANALYTICS.test(name) ? SERIES_REASON : undefined) });
    return errorExpr(span);
  }
  // array_sort_asc/desc of several arrays give a tuple of arrays, emitted as one dynamic array of them
  // where the caller takes it apart (print, `[i]`); anywhere else its columns would be misnamed
  const type = typeOf(n) ?? (allowTuple && TUPLE_FUNCTIONS.has(name) && tupleColumns(n) ? 'dynamic' : undefined);
  if (!type && TUPLE_FUNCTIONS.has(name) && tupleColumns(n)) {
    return unsupported(ctx, span, `\`${name}()\` of several arrays outside \`print\` or an element access \`[i]\``);
  }
  if (!type) return unsupported(ctx, span, `\`${name}()\` with these arguments`);
  return call(name, args.map((a) => lowerExpr(a, ctx)), type, span);
}

/** Functions whose tuple result (several columns) the SQL side returns as a dynamic array of the members. */
const TUPLE_FUNCTIONS = new Set(['array_sort_asc', 'array_sort_desc']);

/** A call with several results (see TUPLE_FUNCTIONS) as one dynamic array of them. */
export function lowerTupleCall(node: Expression, ctx: LowerContext): Expr {
  if (className(node) !== 'FunctionCallExpression') return lowerExpr(node, ctx);
  return lowerCall(node as Kusto.Language.Syntax.FunctionCallExpression, ctx, true);
}

/** The member names of an expression whose analysed type is a tuple of dynamic values, or undefined. */
export function tupleColumns(node: Expression | null): string[] | undefined {
  const t = node?.ResultType;
  if (!t || className(t) !== 'TupleSymbol') return undefined;
  const cols = separated<Kusto.Language.Symbols.ColumnSymbol>((t as Kusto.Language.Symbols.TupleSymbol).Columns as never);
  if (!cols.every((c) => normalizeKustoType(c.Type?.Name ?? '') === 'dynamic')) return undefined;
  return cols.map((c) => c.Name ?? '');
}

/** `pack_all()`: a bag of every column of the row, by name (https://learn.microsoft.com/kusto/query/pack-all-function). */
function packAll(n: Kusto.Language.Syntax.FunctionCallExpression, args: Expression[], ctx: LowerContext): Expr {
  const span = spanOf(n);
  if (args.length) return unsupported(ctx, span, '`pack_all(ignore_null_empty)`');
  if (!ctx.options.supportsFunction('pack')) return unsupported(ctx, span, '`pack_all()`');
  const pairs = ctx.rowColumns.flatMap((c) => [literal('string', c.name, span), column(c.name, c.type, span)]);
  return call('pack', pairs, 'dynamic', span);
}

/**
 * `column_ifexists(name, default)`: the row's column of that name, else the default
 * (https://learn.microsoft.com/kusto/query/column-ifexists-function). The analyser's type of the call
 * must agree with the choice, or the row seen here is not the one Kusto sees (a column made earlier in
 * the same operator): then it is refused rather than guessed.
 */
function columnIfExists(n: Kusto.Language.Syntax.FunctionCallExpression, args: Expression[], ctx: LowerContext): Expr {
  const span = spanOf(n);
  const nameArg = args[0] ? lowerExpr(args[0], ctx) : undefined;
  if (nameArg?.kind !== 'literal' || nameArg.type !== 'string' || args.length !== 2) {
    return unsupported(ctx, span, '`column_ifexists()` whose column name is not a constant string');
  }
  const found = ctx.rowColumns.find((c) => c.name === nameArg.value);
  const chosen = found ? column(found.name, found.type, span) : lowerExpr(args[1]!, ctx);
  if (typeOf(n) !== chosen.type || (!found && ctx.rowColumns.length === 0)) {
    return unsupported(ctx, span, `\`column_ifexists()\` of the column \`${String(nameArg.value)}\` here`);
  }
  return chosen;
}

/** Kusto's synonyms, lowered to one name. */
const ALIASES: Record<string, string> = { iif: 'iff', toreal: 'todouble', todynamic: 'parse_json', bag_pack: 'pack', floor: 'bin', any: 'take_any' };

/** Functions that cannot run on an archive, with the reason given to the user. */
const REFUSAL_REASONS: Record<string, string> = {
  geo_info_from_ip_address: 'it needs a GeoIP database, which kqlduck does not have',
  ingestion_time: 'archived rows carry no ingestion time',
  cursor_after: 'database cursors do not exist outside Kusto',
  current_principal: 'there is no Kusto principal outside Kusto',
  current_cluster_endpoint: 'there is no Kusto cluster',
  current_database: 'there is no Kusto database',
  // aggregates whose value is one of Kusto's internal sketches
  hll: "its value is Kusto's internal HyperLogLog sketch, which kqlduck cannot reproduce",
  hll_if: "its value is Kusto's internal HyperLogLog sketch, which kqlduck cannot reproduce",
  hll_merge: "its value is Kusto's internal HyperLogLog sketch, which kqlduck cannot reproduce",
  dcount_hll: "it reads Kusto's internal HyperLogLog sketches",
  tdigest: "its value is Kusto's internal t-digest sketch, which kqlduck cannot reproduce",
  tdigest_merge: "its value is Kusto's internal t-digest sketch, which kqlduck cannot reproduce",
  percentile_tdigest: "it reads Kusto's internal t-digest sketches",
  percentiles_array_tdigest: "it reads Kusto's internal t-digest sketches",
  percentrank_tdigest: "it reads Kusto's internal t-digest sketches",
};

/**
 * The series_* analytics (decompose, anomalies, forecast, fit, periods, FIR/IIR filters …) follow Kusto's
 * own numerical implementations, whose answers kqlduck could not check against Kusto's.
 */
const SERIES_ANALYTICS = /^series_(decompose|outliers|periods|fit|fir|iir|seasonal|pearson)/;
const SERIES_REASON = "its results come from Kusto's own time-series analytics, which kqlduck does not reproduce";

export { dynamicLiteral, literal };
