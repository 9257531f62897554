/**
 * `evaluate bag_unpack(col [, prefix] [, columnsConflict] [, ignoredProperties]) [: (schema)]`
 * (https://learn.microsoft.com/kusto/query/bag-unpack-plugin) → a projection of the bag's slots.
 * With an output schema the slots are known; without one they come from the data: the caller runs a
 * first pass (`ctx.discoveries`) and compiles again with the slots found (`options.bagSlots`).
 * Every other `evaluate` plugin is refused by name.
 */
import type { Column, Expr, KustoType, NamedExpr, Plan } from '../../ir/types.js';
import { call, column, literal } from '../../ir/build.js';
import { normalizeKustoType } from '../../schema/kusto-types.js';
import { planColumns } from '../../ir/schema.js';
import { className, separated, type Expression } from '../bridge.js';
import { spanOf, typeOf, type BagSlot, type LowerContext } from './context.js';
import { lowerExpr } from './expr.js';

/** How a slot's dynamic value becomes a column of each type. */
const CONVERSIONS: Partial<Record<KustoType, string>> = {
  string: 'tostring', long: 'tolong', int: 'toint', real: 'todouble', bool: 'tobool', datetime: 'todatetime', timespan: 'totimespan', guid: 'toguid',
};

type Conflict = 'error' | 'replace_source' | 'keep_source';

export function lowerEvaluate(op: Kusto.Language.Syntax.EvaluateOperator, input: Plan, output: Column[], ctx: LowerContext): Plan | undefined {
  const span = spanOf(op);
  const fc = op.FunctionCall;
  const plugin = (fc?.Name?.SimpleName ?? '').toLowerCase();
  if (plugin !== 'bag_unpack') {
    ctx.error(span, 'lower-unsupported-operator', { name: `evaluate ${plugin}` });
    return undefined;
  }
  const args = bagUnpackArgs(separated<Expression>(fc!.ArgumentList?.Expressions as never), ctx);
  if (!args) return undefined;
  const bag = args.column;
  const rest = planColumns(input).filter((c) => c.name !== bag.name);
  const value = (slot: BagSlot): Expr => {
    const member = call('__member', [bag, literal('string', slot.key, span)], 'dynamic', span);
    const fn = CONVERSIONS[slot.type];
    return slot.type === 'dynamic' || !fn ? member : call(fn, [member], slot.type, span);
  };

  const schema = op.Schema?.Schema;
  if (schema) {
    if (args.prefix) ctx.error(span, 'lower-unsupported-syntax', { what: '`bag_unpack()` with both a column prefix and an output schema' });
    const slots = separated<Kusto.Language.Syntax.NameAndTypeDeclaration>(schema.Columns as never).map((d): BagSlot => {
      const text = ctx.text.slice(spanOf(d.Type).start, spanOf(d.Type).end).trim();
      return { key: d.Name?.SimpleName ?? '', type: normalizeKustoType(text) ?? 'dynamic' };
    });
    const byName = new Map(slots.map((s) => [s.key, s]));
    // the analyser's columns: the input's other columns when `*` is given, then the schema's
    const columns = output.map((c): NamedExpr => {
      const slot = byName.get(c.name);
      return { name: c.name, expr: slot ? value(slot) : column(c.name, c.type, span) };
    });
    return { kind: 'project', input, columns, span };
  }

  const found = ctx.options.bagSlots?.get(span.start);
  if (!found) {
    ctx.discoveries.push({ at: span.start, plan: input, column: bag.name });
    ctx.error(span, 'lower-data-dependent', { what: '`evaluate bag_unpack()` without an output schema', fix: 'add one, e.g. `: (*, Name:string, Age:long)`' });
    return undefined;
  }
  const slots = found.filter((s) => !args.ignored.includes(s.key));
  return { kind: 'project', input, columns: unpackedColumns(rest, slots, args, value, ctx, span), span };
}

/**
 * The input's other columns, then one column per slot (sorted, prefixed). A slot named like an input
 * column takes that column's place among the slots: its value is the bag's (replace_source) or the
 * column's (keep_source); by default the name clash is an error, as in Kusto.
 */
function unpackedColumns(rest: Column[], slots: BagSlot[], args: BagUnpackArgs, value: (s: BagSlot) => Expr, ctx: LowerContext, span: Plan['span']): NamedExpr[] {
  const named = slots.map((s) => ({ slot: s, name: `${args.prefix}${s.key}` }));
  const clashes = new Set(named.filter((n) => rest.some((c) => c.name === n.name)).map((n) => n.name));
  if (clashes.size && args.conflict === 'error') {
    ctx.error(span, 'kql-semantic', { message: `bag_unpack: the slot \`${[...clashes][0]}\` has the name of an input column (use columnsConflict='replace_source' or 'keep_source')` });
  }
  return [
    ...rest.filter((c) => !clashes.has(c.name)).map((c) => ({ name: c.name, expr: column(c.name, c.type, span) as Expr })),
    ...named.map((n): NamedExpr => {
      const source = rest.find((c) => c.name === n.name);
      return { name: n.name, expr: source && args.conflict === 'keep_source' ? column(source.name, source.type, span) : value(n.slot) };
    }),
  ];
}

interface BagUnpackArgs { column: Extract<Expr, { kind: 'column' }>; prefix: string; conflict: Conflict; ignored: string[] }

/** Positional (column, prefix, columnsConflict, ignoredProperties) or named arguments; all but the column constant. */
function bagUnpackArgs(list: Expression[], ctx: LowerContext): BagUnpackArgs | undefined {
  const positional = ['column', 'OutputColumnPrefix', 'columnsConflict', 'ignoredProperties'];
  const given = new Map<string, Expression>();
  list.forEach((e, i) => {
    if (className(e) === 'SimpleNamedExpression') {
      const n = e as unknown as Kusto.Language.Syntax.SimpleNamedExpression;
      given.set(n.Name?.SimpleName ?? '', n.Expression!);
    } else given.set(positional[i] ?? '', e);
  });
  const col = lowerExpr(given.get('column') ?? null, ctx);
  if (col.kind !== 'column' || typeOf(given.get('column')) !== 'dynamic') {
    ctx.error(col.span, 'lower-unsupported-syntax', { what: '`bag_unpack()` of an expression that is not a dynamic column' });
    return undefined;
  }
  const text = (name: string): string | undefined => {
    const e = given.get(name);
    if (!e) return undefined;
    const v = lowerExpr(e, ctx);
    if (v.kind === 'literal' && typeof v.value === 'string') return v.value;
    ctx.error(v.span, 'lower-not-constant', { what: `the bag_unpack argument \`${name}\`` });
    return undefined;
  };
  const conflict = (text('columnsConflict') ?? 'error') as Conflict;
  if (!['error', 'replace_source', 'keep_source'].includes(conflict)) ctx.error(spanOf(given.get('columnsConflict')), 'lower-unsupported-option', { operator: 'bag_unpack', option: `columnsConflict=${conflict}` });
  let ignored: string[] = [];
  const ig = given.get('ignoredProperties');
  if (ig) {
    const v = lowerExpr(ig, ctx);
    if (v.kind === 'dynamic' && Array.isArray(v.value) && v.value.every((x) => typeof x === 'string')) ignored = v.value as string[];
    else ctx.error(v.span, 'lower-not-constant', { what: 'the bag_unpack argument `ignoredProperties` (a dynamic array of strings)' });
  }
  return { column: col, prefix: text('OutputColumnPrefix') ?? '', conflict, ignored };
}
