/**
 * Operators with a dynamic operand (`d.Name == "x"`, `d.Count > 3`, `d.Size + 1`): Kusto compares and
 * computes with the value the dynamic holds. DuckDB would instead cast the other operand to JSON (and
 * fail on "x"), so the dynamic side is converted to the other side's type first.
 *
 * For the owners of the operator table (../functions.ts, ../string-operators.ts): wrap an operator's
 * emitter as `withDynamicOperands(emitter)`; it passes calls without dynamic operands through unchanged.
 */
import type { Expr, KustoType } from '../../ir/types.js';
import type { CallSite, FnEmitter } from './helpers.js';

/** The SQL of a dynamic value read as a Kusto scalar type (null when it does not hold one). */
export function dynamicAs(type: KustoType, sql: string): string {
  switch (type) {
    case 'string':
      return `kql_dynamic_to_string(${sql})`;
    case 'long':
      return `kql_dynamic_to_long(${sql})`;
    case 'int':
      return `TRY_CAST(kql_dynamic_to_long(${sql}) AS INTEGER)`;
    case 'real':
    case 'decimal':
      return `kql_dynamic_to_double(${sql})`;
    case 'bool':
      return `kql_dynamic_to_bool(${sql})`;
    case 'datetime':
      return `(CASE WHEN json_type(${sql}) = 'VARCHAR' THEN kql_parse_datetime(json_extract_string(${sql}, '$')) END)`;
    case 'timespan':
      return `(CASE WHEN json_type(${sql}) = 'VARCHAR' THEN kql_parse_timespan(json_extract_string(${sql}, '$')) END)`;
    case 'guid':
      return `(CASE WHEN json_type(${sql}) = 'VARCHAR' THEN kql_parse_guid(json_extract_string(${sql}, '$')) END)`;
    case 'dynamic':
      return sql;
  }
}

/**
 * The call with each dynamic operand converted to the type of the first non-dynamic operand (real when
 * all are dynamic and the result is numeric, string otherwise).
 */
export function dynamicOperands(c: CallSite): CallSite {
  if (!c.args.some((a) => a.type === 'dynamic')) return c;
  const other = c.args.find((a) => a.type !== 'dynamic')?.type;
  const target: KustoType = other ?? (c.type === 'long' || c.type === 'int' || c.type === 'real' ? 'real' : 'string');
  const args: Expr[] = c.args.map((a) => (a.type === 'dynamic' ? ({ ...a, type: target } as Expr) : a));
  return {
    ...c,
    args,
    sql: (i) => (c.args[i]!.type === 'dynamic' ? dynamicAs(target, c.sql(i)) : c.sql(i)),
  };
}

export function withDynamicOperands(emit: FnEmitter): FnEmitter {
  return (c) => emit(dynamicOperands(c));
}
