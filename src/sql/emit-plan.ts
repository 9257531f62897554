/**
 * IR plans → one DuckDB SELECT statement. Pipe stages fold into the current SELECT while SQL's clause
 * order allows it (see `needsNewStage`); otherwise the SELECT so far becomes a CTE named `__stage<N>`
 * and the next stage reads from it. Column references are substituted by the SQL that computes them,
 * so `extend` + `where` + `project` of a rule become one SELECT that DuckDB pushes into the scan.
 */
import type { Column, Expr, Join, JoinKind, KustoType, MvExpand, NamedExpr, Plan, SortKey, Summarize, SummarizeItem, Union } from '../ir/types.js';
import { DUCKDB_TYPE_OF } from '../schema/kusto-types.js';
import { EmitRefusal, type EmitContext } from './emit-context.js';
import { emitExpr, isPlainColumn } from './emit-expr.js';
import { sqlIdent, sqlString } from './quote.js';
import { fresh, rowNumberInOrder, type ApplyScope, type Stage, type StageColumn, type StageOps } from './stage.js';
import { emitParse } from './emit-parse.js';
import { hoistRepeatedRegexes } from './hoist.js';
import { emitMvApply } from './emit-mv-apply.js';
import { emitMakeSeries } from './emit-make-series.js';
import { planColumns as planColumnsOf } from '../ir/schema.js';


/**
 * A replay (retro-hunt): every scanned row comes with the scheduled run that sees it (`runColumn`, the
 * run's `now()`) and an identity (`rowColumn`). Both are carried through every stage; grouping stages
 * group per run, so a window-dependent rule is evaluated per scheduled window in one statement.
 */
export interface Replay {
  /** The FROM clause that reads a table's rows with the run and row columns added. */
  source(table: string): string;
  runColumn: string;
  rowColumn: string;
}


type NextKind = Plan['kind'];

/** PRQL's `is_split_required`: can the next operator join the current SELECT, or must it read a CTE? */
export function needsNewStage(s: Stage, next: NextKind): boolean {
  if (s.aggregate) return true;
  if (s.distinct) return next !== 'take';
  if (s.limit !== undefined) return !(next === 'extend' || next === 'project' || next === 'take');
  return false;
}

export class PlanEmitter implements StageOps {
  private readonly ctx: EmitContext;

  /**
   * `apply`: this emitter writes an mv-apply subquery, whose rows carry the input row they came from
   * (`apply.column`) like a replay carries its run; `ctes` is then the enclosing statement's list.
   */
  constructor(
    private readonly base: Omit<EmitContext, 'subquery' | 'nowColumn'>,
    private readonly replay?: Replay,
    private readonly apply?: ApplyScope,
    private readonly ctes: string[] = [],
  ) {
    // a subquery gets its own emitter, so its CTEs stay inside it
    this.ctx = { ...base, nowColumn: replay?.runColumn, subquery: (plan) => new PlanEmitter(base, replay).statement(plan) };
  }

  get inReplay(): boolean {
    return this.replay !== undefined;
  }

  get inApply(): boolean {
    return this.apply !== undefined;
  }

  child(apply: ApplyScope): PlanEmitter {
    return new PlanEmitter(this.base, this.replay, apply, this.ctes);
  }

  /** The replay and mv-apply columns a stage carries (none outside those). */
  carried(s: Stage, keepRow = true): StageColumn[] {
    const names = this.replay ? (keepRow ? [this.replay.runColumn, this.replay.rowColumn] : [this.replay.runColumn]) : [];
    if (this.apply) names.push(this.apply.column);
    return s.columns.filter((c) => names.includes(c.name));
  }

  private refuseInApply(plan: Plan, what: string): void {
    if (this.apply) throw new EmitRefusal(plan.span, `${what} inside an mv-apply subquery`);
  }

  private refuseInReplay(plan: Plan, what: string): void {
    if (this.replay) throw new EmitRefusal(plan.span, `${what} in a retro-hunt replay`);
  }

  /** The whole statement for a plan, its columns named exactly as Kusto names them. */
  statement(plan: Plan): string {
    const body = this.selectSql(this.stage(plan));
    return this.ctes.length ? `WITH ${this.ctes.join(',\n')}\n${body}` : body;
  }

  stage(plan: Plan): Stage {
    switch (plan.kind) {
      case 'table':
        if (this.replay) {
          const carry = [{ name: this.replay.runColumn, type: 'datetime' as const }, { name: this.replay.rowColumn, type: 'long' as const }];
          return fresh(this.replay.source(plan.table), [...plan.columns, ...carry]);
        }
        return fresh(sqlIdent(plan.table), plan.columns);
      case 'datatable':
        return fresh(this.dataTableSql(plan.columns, plan.rows), plan.columns);
      case 'print': {
        const s: Stage = { columns: [], where: [], distinct: false, aggregate: false };
        for (const c of plan.columns) s.columns.push({ name: c.name, type: c.expr.type, sql: this.expr(c.expr, s) });
        return s;
      }
      case 'range': {
        const series = `generate_series(${this.expr(plan.from, undefined)}, ${this.expr(plan.to, undefined)}, ${this.expr(plan.step, undefined)})`;
        return fresh(`${series} AS __range(${sqlIdent(plan.name)})`, [{ name: plan.name, type: plan.type }]);
      }
      case 'summarize':
        return this.summarize(plan);
      case 'join':
        return this.join(plan);
      case 'union':
        return this.union(plan);
      case 'mvExpand':
        return this.mvExpand(plan);
      case 'parse':
        return emitParse(plan, this);
      case 'mvApply':
        return emitMvApply(plan, this);
      case 'makeSeries':
        return emitMakeSeries(plan, this);
      case 'applyInput':
        if (!this.apply) throw new EmitRefusal(plan.span, 'an mv-apply input outside its subquery');
        return fresh(this.apply.from, [...plan.columns, { name: this.apply.column, type: 'long' }]);
      default:
        return this.pipe(plan);
    }
  }

  /**
   * `overNothing`: the same aggregates over no rows and without the mv-apply partition (the row Kusto
   * gives a subtable none of whose rows reached the summarize).
   */
  private summarize(plan: Summarize, overNothing = false): Stage {
    if (this.apply && plan.keys.length === 0 && !overNothing) {
      return this.everyPartition(this.cte(this.summarizeStage(plan, false)), this.cte(this.summarizeStage(plan, true)), planColumnsOf(plan));
    }
    return this.summarizeStage(plan, overNothing);
  }

  private summarizeStage(plan: Summarize, overNothing: boolean): Stage {
    let s = this.stage(plan.input);
    if (s.aggregate || s.distinct || s.limit !== undefined || overNothing) s = this.split(s);
    if (overNothing) s.where.push('FALSE');
    const carry = overNothing ? [] : this.carried(s, false);
    s.orderBy = undefined; // Kusto's summarize output has no order
    const keys = [...plan.keys.map((k) => {
      const sql = this.expr(k.expr, s);
      // a missing string is "": NULL and '' are one group
      return { name: k.name, type: k.expr.type, sql: k.expr.type === 'string' ? `coalesce(${sql}, '')` : sql };
    }), ...carry];
    const columns: StageColumn[] = [...keys];
    const extremes: Array<{ hidden: string; item: Extract<SummarizeItem, { kind: 'argExtreme' }> }> = [];
    for (const item of plan.items) {
      if (item.kind === 'value') {
        columns.push({ name: item.name, type: item.expr.type, sql: this.expr(item.expr, s) });
        continue;
      }
      // one struct per arg_max/arg_min, so every column comes from the same row
      const hidden = `__arg${extremes.length}`;
      const fields = [item.by, ...item.columns].map((c, i) => `c${i} := ${this.expr(c.expr, s)}`).join(', ');
      // nulls of the by value are skipped; when every one is null, Kusto returns the group's first row
      const row = `struct_pack(${fields})`;
      columns.push({ name: hidden, type: 'dynamic', sql: `coalesce(${item.fn}(${row}, ${this.expr(item.by.expr, s)}), first(${row}))` });
      extremes.push({ hidden, item });
    }
    const grouped: Stage = { ...s, columns, groupBy: keys.map((k) => k.sql), aggregate: true };
    if (extremes.length === 0) return grouped;
    const out = this.split(grouped);
    out.columns = out.columns.flatMap((c) => {
      const x = extremes.find((e) => e.hidden === c.name);
      if (!x) return [c];
      return [x.item.by, ...x.item.columns].map((f, i) => ({ name: f.name, type: f.expr.type, sql: `${sqlIdent(c.name)}.c${i}` }));
    });
    return out;
  }

  private join(plan: Join): Stage {
    this.refuseInApply(plan, '`join` and `lookup`');
    const stringKey = (k: Join['on'][number]) => k.type === 'string';
    let left = this.cte(this.stage(plan.left));
    const right = this.cte(this.stage(plan.right));
    if (plan.joinKind === 'innerunique') {
      // Kusto's default join keeps one left row per key before joining
      const keys = plan.on.map((k) => (stringKey(k) ? `coalesce(${sqlIdent(k.left)}, '')` : sqlIdent(k.left)));
      left = this.cteSql(`SELECT DISTINCT ON (${keys.join(', ')}) * FROM ${left}`);
    }
    // null keys match each other in Kusto joins, and a missing string is ""
    const keys = plan.on.map((k) => stringKey(k)
      ? `coalesce(__l.${sqlIdent(k.left)}, '') = coalesce(__r.${sqlIdent(k.right)}, '')`
      : `__l.${sqlIdent(k.left)} IS NOT DISTINCT FROM __r.${sqlIdent(k.right)}`);
    // in a replay both sides join within one scheduled run
    if (this.replay) keys.push(`__l.${sqlIdent(this.replay.runColumn)} = __r.${sqlIdent(this.replay.runColumn)}`);
    const cond = keys.join(' AND ') || 'TRUE';
    const sql: Record<JoinKind, string> = {
      innerunique: `${left} AS __l JOIN ${right} AS __r ON ${cond}`,
      inner: `${left} AS __l JOIN ${right} AS __r ON ${cond}`,
      leftouter: `${left} AS __l LEFT JOIN ${right} AS __r ON ${cond}`,
      rightouter: `${left} AS __l RIGHT JOIN ${right} AS __r ON ${cond}`,
      fullouter: `${left} AS __l FULL JOIN ${right} AS __r ON ${cond}`,
      leftsemi: `${left} AS __l SEMI JOIN ${right} AS __r ON ${cond}`,
      leftanti: `${left} AS __l ANTI JOIN ${right} AS __r ON ${cond}`,
      rightsemi: `${right} AS __r SEMI JOIN ${left} AS __l ON ${cond}`,
      rightanti: `${right} AS __r ANTI JOIN ${left} AS __l ON ${cond}`,
    };
    const runSide = plan.joinKind.startsWith('right') ? '__r' : '__l';
    const carry = this.replay ? [{ name: this.replay.runColumn, type: 'datetime' as const, sql: `${runSide}.${sqlIdent(this.replay.runColumn)}` }] : [];
    if (this.replay && plan.joinKind === 'fullouter') throw new EmitRefusal(plan.span, 'a full outer join in a retro-hunt replay');
    return {
      from: sql[plan.joinKind],
      columns: [...plan.columns.map((c) => ({ name: c.name, type: c.type, sql: `${c.side === 'left' ? '__l' : '__r'}.${sqlIdent(c.column)}` })), ...carry],
      where: [],
      distinct: false,
      aggregate: false,
    };
  }

  private union(plan: Union): Stage {
    this.refuseInApply(plan, '`union`');
    const selects = plan.inputs.map((input) => {
      const s = this.stage(input.plan);
      const name = this.cte(s);
      const cols = plan.columns.map((c) => {
        const have = s.columns.find((x) => x.name === (input.names?.[c.name] ?? c.name));
        if (!have) return `CAST(NULL AS ${DUCKDB_TYPE_OF[c.type]}) AS ${sqlIdent(c.name)}`;
        if (have.type === c.type) return have.name === c.name ? sqlIdent(c.name) : `${sqlIdent(have.name)} AS ${sqlIdent(c.name)}`;
        return `CAST(${sqlIdent(have.name)} AS ${DUCKDB_TYPE_OF[c.type]}) AS ${sqlIdent(c.name)}`;
      });
      const source = plan.sourceColumn ? [`${sqlString(input.source ?? '')} AS ${sqlIdent(plan.sourceColumn)}`] : [];
      const carry = this.carried(s).map((c) => sqlIdent(c.name));
      return `SELECT ${[...source, ...cols, ...carry].join(', ')} FROM ${name}`;
    });
    const carry = this.replay ? [{ name: this.replay.runColumn, type: 'datetime' as const }, { name: this.replay.rowColumn, type: 'long' as const }] : [];
    const all = [...(plan.sourceColumn ? [{ name: plan.sourceColumn, type: 'string' as const }] : []), ...plan.columns, ...carry];
    return fresh(`(${selects.join('\nUNION ALL\n')}) AS __union`, all);
  }

  private mvExpand(plan: MvExpand): Stage {
    return this.expandStage(plan, this.stage(plan.input));
  }

  /** mv-expand of the rows of stage `s`; `keep` names hidden columns of `s` to pass through. */
  expandStage(plan: MvExpand, s: Stage, keep: string[] = []): Stage {
    // 1. each expanded value as a list of JSON values (O(1) access by index, unlike JSON text):
    //    arrays element by element, bags per key, anything else (null included) as a list of one
    const arrays = plan.items.map((item, k) => {
      const v = `CAST(${this.expr(item.expr, s)} AS JSON)`;
      const pair = plan.bagAsArray ? 'json_array(__k, __j -> __k)' : 'json_object(__k, __j -> __k)';
      const sql = `(SELECT CASE coalesce(json_type(__j), 'NULL') WHEN 'ARRAY' THEN CAST(__j AS JSON[])
        WHEN 'OBJECT' THEN list_transform(json_keys(__j), __k -> ${pair})
        ELSE [__j] END FROM (SELECT ${v} AS __j))`;
      return { name: `__mv${k}`, type: 'dynamic' as const, sql };
    });
    // the input's row order is kept (elements in array order within each row)
    const rowNumber = { name: '__row', type: 'long' as const, sql: rowNumberInOrder(s) };
    const base = this.split({ ...s, columns: [...s.columns, ...arrays, rowNumber] });
    // 2. one row per index up to the longest array (none when every array is empty)
    const lengths = arrays.map((a) => `CAST(len(${sqlIdent(a.name)}) AS BIGINT)`);
    const count = lengths.length === 1 ? lengths[0]! : `greatest(${lengths.join(', ')})`;
    const bounded = plan.limit !== undefined ? `least(${count}, ${plan.limit})` : count;
    const from = `${base.from} CROSS JOIN LATERAL range(${bounded}) AS __idx(__i)`;
    const element = (k: number, type: KustoType) => {
      const e = `${sqlIdent(`__mv${k}`)}[__i + 1]`;
      if (type === 'dynamic') return e;
      if (type === 'string') return `(${e} ->> '$')`;
      // to typeof(T) casts; elements that do not fit become null
      return `TRY_CAST(${e} ->> '$' AS ${DUCKDB_TYPE_OF[type]})`;
    };
    const columns = plan.columns.map((c) => {
      const k = plan.items.findIndex((i) => i.name === c.name);
      if (k >= 0) return { name: c.name, type: c.type, sql: element(k, plan.items[k]!.type) };
      if (c.name === plan.indexColumn) return { name: c.name, type: c.type, sql: 'CAST(__i AS BIGINT)' };
      return { name: c.name, type: c.type, sql: sqlIdent(c.name) };
    });
    columns.push(...[...this.carried(s), ...s.columns.filter((c) => keep.includes(c.name))].map((c) => ({ ...c, sql: sqlIdent(c.name) })));
    return { from, columns, where: [], orderBy: ['__row', '__i'], distinct: false, aggregate: false };
  }

  /** The stage as a CTE; its name. */
  cte(s: Stage): string {
    return this.split(s).from!;
  }

  private cteSql(sql: string): string {
    const name = `__stage${this.ctes.length}`;
    this.ctes.push(`${name} AS (\n${sql}\n)`);
    return name;
  }

  private pipe(plan: Exclude<Plan, { kind: 'table' | 'datatable' | 'print' | 'range' | 'summarize' | 'join' | 'union' | 'mvExpand' | 'parse' | 'mvApply' | 'applyInput' | 'makeSeries' }>): Stage {
    let s = this.stage(plan.input);
    if (needsNewStage(s, plan.kind)) s = this.split(s);
    switch (plan.kind) {
      case 'filter':
        s.where.push(this.expr(plan.predicate, s));
        return s;
      case 'extend': {
        // one at a time: a later expression may use a column an earlier one defined
        for (const named of plan.columns) {
          const c = { name: named.name, type: named.expr.type, sql: this.expr(named.expr, s) };
          const i = s.columns.findIndex((o) => o.name === c.name);
          // Kusto replaces an existing column in place; new ones go to the end
          if (i >= 0) s.columns[i] = c;
          else s.columns.push(c);
        }
        return s;
      }
      case 'project':
        s.columns = [...this.named(plan.columns, s), ...this.carried(s)];
        return s;
      case 'sort':
        s.orderBy = this.orderBy(plan.keys, s);
        return s;
      case 'take':
        this.refuseInReplay(plan, '`take`');
        if (this.apply) return this.firstPerPartition(s, this.count(plan.count));
        s.limit = minLimit(s.limit, this.count(plan.count));
        return s;
      case 'top':
        this.refuseInReplay(plan, '`top`');
        s.orderBy = this.orderBy(plan.keys, s);
        if (this.apply) return this.firstPerPartition(s, this.count(plan.count));
        s.limit = this.count(plan.count);
        return s;
      case 'distinct': {
        s.columns = [...this.named(plan.columns, s).map((c) => (c.type === 'string' ? { ...c, sql: `coalesce(${c.sql}, '')` } : c)), ...this.carried(s, false)];
        s.distinct = true;
        s.orderBy = undefined;
        return s;
      }
      case 'count': {
        const inner = this.split(s);
        const carry = this.carried(inner, false);
        const counted: Stage = { ...inner, columns: [{ name: plan.name, type: 'long', sql: 'count(*)' }, ...carry], groupBy: carry.length ? carry.map((c) => c.sql) : undefined, aggregate: true };
        if (!this.apply) return counted;
        return this.everyPartition(this.cte(counted), this.cteSql(`SELECT 0::BIGINT AS ${sqlIdent(plan.name)}`), [{ name: plan.name, type: 'long' }]);
      }
    }
  }

  /** In an mv-apply subquery, `take`/`top`: the first n rows of each input row's subtable, in the stage's order. */
  private firstPerPartition(s: Stage, n: bigint): Stage {
    const part = s.columns.find((c) => c.name === this.apply!.column)!.sql;
    const ranked = this.split({ ...s, columns: [...s.columns, { name: '__rank', type: 'long', sql: rowNumberInOrder(s, part) }] });
    return { ...ranked, columns: ranked.columns.filter((c) => c.name !== '__rank'), where: [`"__rank" <= ${n}`], orderBy: ['"__rank"'] };
  }

  /**
   * A per-subtable aggregate without `by` gives one row for every subtable, also one with no rows left:
   * the grouped rows, plus the over-nothing row for each input row that has none.
   */
  private everyPartition(grouped: string, nothing: string, columns: Column[]): Stage {
    const part = sqlIdent(this.apply!.column);
    const names = columns.map((c) => sqlIdent(c.name));
    const sql = `(SELECT ${[part, ...names].join(', ')} FROM ${grouped}
      UNION ALL SELECT __p.${part}, ${names.map((n) => `__e.${n}`).join(', ')} FROM ${this.apply!.partitions} AS __p CROSS JOIN ${nothing} AS __e
      WHERE __p.${part} NOT IN (SELECT ${part} FROM ${grouped})) AS __every`;
    return fresh(sql, [{ name: this.apply!.column, type: 'long' }, ...columns]);
  }

  expr(e: Expr, s: Stage | undefined): string {
    return emitExpr(e, (name) => s?.columns.find((c) => c.name === name)?.sql, this.ctx);
  }

  private named(cols: NamedExpr[], s: Stage): StageColumn[] {
    return cols.map((c) => ({ name: c.name, type: c.expr.type, sql: this.expr(c.expr, s) }));
  }

  /** Kusto's order: strings compare with NULL as "", and null placement is always explicit. */
  private orderBy(keys: SortKey[], s: Stage): string[] {
    return keys.map((k) => {
      const sql = this.expr(k.expr, s);
      const value = k.expr.type === 'string' ? `coalesce(${sql}, '')` : sql;
      return `${value} ${k.desc ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`;
    });
  }

  private count(e: Expr): bigint {
    if (e.kind !== 'literal' || e.value === null || !['long', 'int'].includes(e.type)) {
      throw new EmitRefusal(e.span, 'a row count that is not an integer constant');
    }
    const n = BigInt(e.value as string);
    return n < 0n ? 0n : n;
  }

  /** Closes the current SELECT as a CTE and starts a stage reading all its columns. */
  split(s: Stage): Stage {
    return fresh(this.cteSql(this.selectSql(s)), s.columns);
  }

  private selectSql(stage: Stage): string {
    const s = hoistRepeatedRegexes(stage);
    const cols = s.columns.map((c) => (isPlainColumn(c.sql, c.name) ? c.sql : `${c.sql} AS ${sqlIdent(c.name)}`));
    const lines = [`SELECT ${s.distinct ? 'DISTINCT ' : ''}${cols.join(', ') || '1 AS __empty'}`];
    if (s.from) lines.push(`FROM ${s.from}`);
    if (s.where.length) lines.push(`WHERE ${s.where.join('\n  AND ')}`);
    if (s.groupBy?.length) lines.push(`GROUP BY ${s.groupBy.join(', ')}`);
    if (s.orderBy?.length) lines.push(`ORDER BY ${s.orderBy.join(', ')}`);
    if (s.limit !== undefined) lines.push(`LIMIT ${s.limit}`);
    return lines.join('\n');
  }

  private dataTableSql(columns: Column[], rows: Expr[][]): string {
    const cast = (sql: string, t: KustoType) => `CAST(${sql} AS ${DUCKDB_TYPE_OF[t]})`;
    const names = columns.map((c) => sqlIdent(c.name)).join(', ');
    if (rows.length === 0) {
      const nulls = columns.map((c) => `${cast('NULL', c.type)} AS ${sqlIdent(c.name)}`).join(', ');
      return `(SELECT ${nulls || '1 AS __empty'} WHERE FALSE) AS __datatable`;
    }
    const values = rows.map((r) => `(${r.map((v, i) => cast(this.expr(v, undefined), columns[i]!.type)).join(', ')})`);
    return `(VALUES ${values.join(', ')}) AS __datatable(${names})`;
  }
}


function minLimit(a: bigint | undefined, b: bigint): bigint {
  return a === undefined || b < a ? b : a;
}
