/** `join` and `union`: plans over several inputs. Output columns come from the analyser. */
import type { Column, JoinKind, Plan } from '../../ir/types.js';
import { planColumns } from '../../ir/schema.js';
import { className, separated, type Expression } from '../bridge.js';
import { spanOf, type LowerContext } from './context.js';

const JOIN_KINDS = new Set<JoinKind>(['innerunique', 'inner', 'leftouter', 'rightouter', 'fullouter', 'leftanti', 'rightanti', 'leftsemi', 'rightsemi']);
const JOIN_ALIASES: Record<string, JoinKind> = { anti: 'leftanti', leftantisemi: 'leftanti', rightantisemi: 'rightanti', semi: 'leftsemi' };

/** Named parameters of an operator (`kind=inner`, `withsource=T`) as text, hints skipped. */
export function parameters(list: unknown, ctx: LowerContext): Map<string, { value: string; span: ReturnType<typeof spanOf> }> {
  const out = new Map<string, { value: string; span: ReturnType<typeof spanOf> }>();
  for (const p of separated<Kusto.Language.Syntax.NamedParameter>(list as never)) {
    const name = (p.Name?.SimpleName ?? '').toLowerCase();
    const span = spanOf(p.Expression);
    out.set(name, { value: ctx.text.slice(span.start, span.end).trim(), span: spanOf(p) });
  }
  return out;
}

/** The column name a join condition side names: `Col`, `$left.Col` or `$right.Col`. */
function sideColumn(e: Expression | null): { side?: 'left' | 'right'; name?: string } {
  if (!e) return {};
  if (className(e) === 'NameReference') return { name: (e as unknown as Kusto.Language.Syntax.NameReference).SimpleName ?? undefined };
  if (className(e) === 'PathExpression') {
    const p = e as unknown as Kusto.Language.Syntax.PathExpression;
    const side = (p.Expression as Kusto.Language.Syntax.NameReference | null)?.SimpleName;
    const name = (p.Selector as Kusto.Language.Syntax.NameReference | null)?.SimpleName ?? undefined;
    if (side === '$left' || side === '$right') return { side: side === '$left' ? 'left' : 'right', name };
  }
  return {};
}

export function lowerJoin(op: Kusto.Language.Syntax.JoinOperator, left: Plan, right: Plan, out: Column[], ctx: LowerContext): Plan {
  const span = spanOf(op);
  const params = parameters(op.Parameters, ctx);
  const kindText = (params.get('kind')?.value ?? 'innerunique').toLowerCase();
  const joinKind = (JOIN_ALIASES[kindText] ?? kindText) as JoinKind;
  if (!JOIN_KINDS.has(joinKind)) ctx.error(params.get('kind')!.span, 'lower-unsupported-option', { operator: 'join', option: `kind=${kindText}` });
  for (const [name, p] of params) {
    if (name !== 'kind' && !name.startsWith('hint.')) ctx.error(p.span, 'lower-unsupported-option', { operator: 'join', option: name });
  }
  const leftCols = planColumns(left);
  const rightCols = planColumns(right);
  const on = joinConditions(op.ConditionClause, op, leftCols, rightCols, ctx);
  const sides: Array<{ side: 'left' | 'right'; col: Column }> = [
    ...(joinKind.startsWith('right') && /anti|semi/.test(joinKind) ? [] : leftCols.map((col) => ({ side: 'left' as const, col }))),
    ...(joinKind.startsWith('left') && /anti|semi/.test(joinKind) ? [] : rightCols.map((col) => ({ side: 'right' as const, col }))),
  ];
  if (sides.length !== out.length) {
    ctx.error(span, 'lower-unsupported-syntax', { what: `this \`join kind=${joinKind}\` output` });
  }
  const columns = sides.map((s, i) => ({ name: out[i]?.name ?? s.col.name, side: s.side, column: s.col.name, type: out[i]?.type ?? s.col.type }));
  return { kind: 'join', joinKind, left, right, on, columns, span };
}

type JoinKey = { left: string; right: string; type: Column['type'] };

/** `on Col, $left.a == $right.b, …` → pairs of column names. */
function joinConditions(clause: Kusto.Language.Syntax.JoinConditionClause | null, op: SyntaxElementLike, leftCols: Column[], rightCols: Column[], ctx: LowerContext): JoinKey[] {
  const on: JoinKey[] = [];
  if (!clause || className(clause) !== 'JoinOnClause') {
    ctx.error(spanOf(clause ?? op), 'lower-unsupported-syntax', { what: '`join … where`' });
    return on;
  }
  for (const cond of separated<Expression>((clause as Kusto.Language.Syntax.JoinOnClause).Expressions as never)) {
    let l: { side?: string; name?: string };
    let r: { side?: string; name?: string };
    if (className(cond) === 'BinaryExpression' && (cond as unknown as Kusto.Language.Syntax.BinaryExpression).Operator?.Text === '==') {
      const b = cond as unknown as Kusto.Language.Syntax.BinaryExpression;
      [l, r] = [sideColumn(b.Left), sideColumn(b.Right)];
      if (l.side === 'right' && r.side === 'left') [l, r] = [r, l];
    } else {
      l = r = sideColumn(cond);
    }
    const lc = leftCols.find((c) => c.name === l.name);
    const rc = rightCols.find((c) => c.name === r.name);
    if (!lc || !rc || l.side === 'right' || r.side === 'left') {
      ctx.error(spanOf(cond), 'lower-unsupported-syntax', { what: 'this join condition (use `Col` or `$left.a == $right.b`)' });
      continue;
    }
    on.push({ left: lc.name, right: rc.name, type: lc.type });
  }
  return on;
}

type SyntaxElementLike = Kusto.Language.Syntax.SyntaxNode;

/** `lookup kind=leftouter|inner (Dim) on keys`: the left columns, then the right columns but its keys. */
export function lowerLookup(op: Kusto.Language.Syntax.LookupOperator, left: Plan, right: Plan, out: Column[], ctx: LowerContext): Plan {
  const span = spanOf(op);
  const params = parameters(op.Parameters, ctx);
  const kindText = (params.get('kind')?.value ?? 'leftouter').toLowerCase();
  if (kindText !== 'leftouter' && kindText !== 'inner') ctx.error(params.get('kind')!.span, 'lower-unsupported-option', { operator: 'lookup', option: `kind=${kindText}` });
  const leftCols = planColumns(left);
  const rightCols = planColumns(right);
  const on = joinConditions(op.LookupClause, op, leftCols, rightCols, ctx);
  const rightKeys = new Set(on.map((k) => k.right));
  const sides = [
    ...leftCols.map((col) => ({ side: 'left' as const, col })),
    ...rightCols.filter((c) => !rightKeys.has(c.name)).map((col) => ({ side: 'right' as const, col })),
  ];
  if (sides.length !== out.length) ctx.error(span, 'lower-unsupported-syntax', { what: 'this `lookup` output' });
  const columns = sides.map((s, i) => ({ name: out[i]?.name ?? s.col.name, side: s.side, column: s.col.name, type: out[i]?.type ?? s.col.type }));
  // a lookup does not de-duplicate the left side, unlike join's default
  return { kind: 'join', joinKind: kindText === 'inner' ? 'inner' : 'leftouter', left, right, on, columns, span };
}

export function lowerUnion(op: Kusto.Language.Syntax.UnionOperator, first: { plan: Plan; source?: string } | undefined, others: Array<{ plan: Plan; source?: string }>, out: Column[], ctx: LowerContext): Plan {
  const span = spanOf(op);
  const params = parameters(op.Parameters, ctx);
  for (const [name, p] of params) {
    if (!['kind', 'withsource', 'isfuzzy'].includes(name)) ctx.error(p.span, 'lower-unsupported-option', { operator: 'union', option: name });
  }
  const sourceColumn = params.get('withsource')?.value;
  const inputs = [...(first ? [first] : []), ...others];
  if (sourceColumn && inputs.some((i) => i.source === undefined)) {
    ctx.error(params.get('withsource')!.span, 'lower-unsupported-syntax', { what: '`withsource=` over inputs that are not table names' });
  }
  const columns = sourceColumn ? out.slice(1) : out;
  const outer = (params.get('kind')?.value ?? 'outer').toLowerCase() === 'outer';
  return { kind: 'union', inputs: outer ? renamedInputs(inputs, columns, span, ctx) : inputs, columns, sourceColumn, span };
}

function distinctColumns(plans: Plan[]): Column[] {
  const keys: Column[] = [];
  for (const p of plans) for (const c of planColumns(p)) if (!keys.some((k) => k.name === c.name && k.type === c.type)) keys.push(c);
  return keys;
}

function outerNames(keys: Column[]): string[] {
  return keys.map((k) => (keys.filter((o) => o.name === k.name).length > 1 ? `${k.name}_${k.type}` : k.name));
}

/** The columns of `union kind=outer` over these inputs (for when the analyser's include legs left out). */
export function outerUnionColumns(plans: Plan[]): Column[] {
  const keys = distinctColumns(plans);
  return outerNames(keys).map((name, i) => ({ name, type: keys[i]!.type }));
}

/**
 * kind=outer: every distinct (name, type) of the inputs, in order of first appearance, is one output
 * column; a name that comes with several types becomes `name_type` (union-operator). When the
 * analyser named the columns otherwise (its suffixes for clashing generated names differ from the
 * engine's), the union is refused rather than bound to the wrong columns.
 */
function renamedInputs(inputs: Array<{ plan: Plan; source?: string }>, out: Column[], span: Plan['span'], ctx: LowerContext): Array<{ plan: Plan; source?: string; names?: Record<string, string> }> {
  const keys = distinctColumns(inputs.map((i) => i.plan));
  const named = outerNames(keys);
  if (named.every((n, i) => n === keys[i]!.name)) return inputs;
  if (named.length !== out.length || named.some((n, i) => n !== out[i]!.name) || new Set(named).size !== named.length) {
    ctx.error(span, 'lower-unsupported-syntax', { what: 'a union whose same-named columns of different types get clashing names' });
    return inputs;
  }
  return inputs.map((i) => {
    const names: Record<string, string> = {};
    for (const c of planColumns(i.plan)) names[named[keys.findIndex((k) => k.name === c.name && k.type === c.type)]!] = c.name;
    return { ...i, names };
  });
}
