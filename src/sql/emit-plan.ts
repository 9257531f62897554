/**
 * IR plans → one DuckDB SELECT statement. Pipe stages fold into the current SELECT while SQL's clause
 * order allows it (see `needsNewStage`); otherwise the SELECT so far becomes a CTE named `__stage<N>`
 * and the next stage reads from it. Column references are substituted by the SQL that computes them,
 * so `extend` + `where` + `project` of a rule become one SELECT that DuckDB pushes into the scan.
 */
import type { Column, Expr, KustoType, NamedExpr, Plan, SortKey } from '../ir/types.js';
import { DUCKDB_TYPE_OF } from '../schema/kusto-types.js';
import { EmitRefusal, type EmitContext } from './emit-context.js';
import { emitExpr, isPlainColumn } from './emit-expr.js';
import { sqlIdent } from './quote.js';

interface StageColumn { name: string; type: KustoType; sql: string }

interface Stage {
  /** The FROM clause (a view, a CTE, VALUES, a table function), or undefined for `print`. */
  from?: string;
  columns: StageColumn[];
  where: string[];
  orderBy?: string[];
  limit?: bigint;
  distinct: boolean;
  /** The stage aggregates (count): nothing can be added to it. */
  aggregate: boolean;
}

type NextKind = Plan['kind'];

/** PRQL's `is_split_required`: can the next operator join the current SELECT, or must it read a CTE? */
export function needsNewStage(s: Stage, next: NextKind): boolean {
  if (s.aggregate) return true;
  if (s.distinct) return next !== 'take';
  if (s.limit !== undefined) return !(next === 'extend' || next === 'project' || next === 'take');
  return false;
}

export class PlanEmitter {
  private readonly ctes: string[] = [];

  constructor(private readonly ctx: EmitContext) {}

  /** The whole statement for a plan, its columns named exactly as Kusto names them. */
  statement(plan: Plan): string {
    const body = this.selectSql(this.stage(plan));
    return this.ctes.length ? `WITH ${this.ctes.join(',\n')}\n${body}` : body;
  }

  private stage(plan: Plan): Stage {
    switch (plan.kind) {
      case 'table':
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
      default:
        return this.pipe(plan);
    }
  }

  private pipe(plan: Exclude<Plan, { kind: 'table' | 'datatable' | 'print' | 'range' }>): Stage {
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
        s.columns = this.named(plan.columns, s);
        return s;
      case 'sort':
        s.orderBy = this.orderBy(plan.keys, s);
        return s;
      case 'take':
        s.limit = minLimit(s.limit, this.count(plan.count));
        return s;
      case 'top':
        s.orderBy = this.orderBy(plan.keys, s);
        s.limit = this.count(plan.count);
        return s;
      case 'distinct': {
        s.columns = this.named(plan.columns, s).map((c) => (c.type === 'string' ? { ...c, sql: `coalesce(${c.sql}, '')` } : c));
        s.distinct = true;
        s.orderBy = undefined;
        return s;
      }
      case 'count': {
        const inner = this.split(s);
        return { ...inner, columns: [{ name: plan.name, type: 'long', sql: 'count(*)' }], aggregate: true };
      }
    }
  }

  private expr(e: Expr, s: Stage | undefined): string {
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
  private split(s: Stage): Stage {
    const name = `__stage${this.ctes.length}`;
    this.ctes.push(`${name} AS (\n${this.selectSql(s)}\n)`);
    return fresh(name, s.columns);
  }

  private selectSql(s: Stage): string {
    const cols = s.columns.map((c) => (isPlainColumn(c.sql, c.name) ? c.sql : `${c.sql} AS ${sqlIdent(c.name)}`));
    const lines = [`SELECT ${s.distinct ? 'DISTINCT ' : ''}${cols.join(', ') || '1 AS __empty'}`];
    if (s.from) lines.push(`FROM ${s.from}`);
    if (s.where.length) lines.push(`WHERE ${s.where.join('\n  AND ')}`);
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

function fresh(from: string, columns: Column[]): Stage {
  return {
    from,
    columns: columns.map((c) => ({ name: c.name, type: c.type, sql: sqlIdent(c.name) })),
    where: [],
    distinct: false,
    aggregate: false,
  };
}

function minLimit(a: bigint | undefined, b: bigint): bigint {
  return a === undefined || b < a ? b : a;
}
