/**
 * Kusto operators and functions → DuckDB SQL, one table. Each entry takes a call site (IR arguments plus
 * their SQL on demand) and returns SQL text that is fully parenthesised, so no binding strengths leak.
 * Anything that needs more than one DuckDB call lives as a kql_* macro in the top-level sql/ folder.
 * String operators are emitted by string-predicates.ts, which keeps Kusto's term semantics and NULL-as-"".
 */
import type { Expr } from '../ir/types.js';
import { EmitRefusal, type CallSite } from './emit-context.js';
import type { FnEmitter } from './function-types.js';
import { FAMILY_FUNCTIONS } from './functions/index.js';
import { STRING_OPERATORS } from './string-operators.js';

export type { FnEmitter };

/** `{0}`, `{1}` … replaced by the SQL of the arguments. */
function template(t: string): FnEmitter {
  return (c) => t.replace(/\{(\d+)\}/g, (_, i: string) => c.sql(Number(i)));
}

const isString = (e: Expr | undefined) => e?.type === 'string';
const nonNullLiteral = (e: Expr | undefined) => e?.kind === 'literal' && e.value !== null;

/** A string-typed value with Kusto's "no null strings": NULL reads as ''. */
export function stringValue(c: CallSite, i: number): string {
  return isString(c.args[i]) ? `coalesce(${c.sql(i)}, '')` : c.sql(i);
}

/** `tostring()` of any supported type, as Kusto prints it. */
export function toStringSql(c: CallSite, i: number): string {
  const t = c.args[i]!.type;
  const v = c.sql(i);
  switch (t) {
    case 'string':
      return `coalesce(${v}, '')`;
    case 'long':
    case 'int':
    case 'real':
    case 'decimal':
    case 'guid':
      return `coalesce(CAST(${v} AS VARCHAR), '')`;
    case 'bool':
      return `coalesce(CASE WHEN ${v} THEN 'true' ELSE 'false' END, '')`;
    case 'datetime':
      return `coalesce(kql_datetime_to_string(${v}), '')`;
    case 'timespan':
      return `coalesce(kql_timespan_to_string(${v}), '')`;
    case 'dynamic':
      throw new EmitRefusal(c.args[i]!.span, '`tostring()` of a dynamic value');
  }
}

/** Equality with Kusto's nulls: null == value is false, null != value is true, null == null is null. */
function equality(negate: boolean): FnEmitter {
  const strings = negate ? STRING_OPERATORS['!=']! : STRING_OPERATORS['==']!;
  return (c) => {
    if (isString(c.args[0]) && isString(c.args[1])) return strings(c);
    const [a, b] = [c.sql(0), c.sql(1)];
    const op = negate ? '<>' : '=';
    if (nonNullLiteral(c.args[0]) || nonNullLiteral(c.args[1])) return `coalesce(${a} ${op} ${b}, ${negate ? 'TRUE' : 'FALSE'})`;
    const same = `${a} IS NOT DISTINCT FROM ${b}`;
    return `(CASE WHEN ${a} IS NULL AND ${b} IS NULL THEN NULL ELSE ${negate ? `NOT (${same})` : same} END)`;
  };
}

/** Ordering comparisons; strings compare ordinally with NULL as ''. */
function comparison(op: string): FnEmitter {
  return (c) => `(${stringValue(c, 0)} ${op} ${stringValue(c, 1)})`;
}

const isInteger = (e: Expr | undefined) => e?.type === 'long' || e?.type === 'int';

const isNumber = (e: Expr | undefined) => e?.type === 'long' || e?.type === 'int' || e?.type === 'real' || e?.type === 'decimal';
const micros = (sql: string) => `epoch_us(${sql})`;
const span = (sql: string) => `to_microseconds(CAST(${sql} AS BIGINT))`;

/** timespan × number, timespan ÷ number (a timespan) and timespan ÷ timespan (a real), in microseconds. */
function timespanArithmetic(op: string, c: CallSite): string | undefined {
  const [a, b] = [c.args[0]!, c.args[1]!];
  if (op === '/' && a.type === 'timespan' && b.type === 'timespan') return `(${micros(c.sql(0))}::DOUBLE / ${micros(c.sql(1))})`;
  if (op === '/' && a.type === 'timespan' && isNumber(b)) return span(`${micros(c.sql(0))} / ${c.sql(1)}`);
  if (op === '*' && a.type === 'timespan' && isNumber(b)) return span(`${micros(c.sql(0))} * ${c.sql(1)}`);
  if (op === '*' && isNumber(a) && b.type === 'timespan') return span(`${c.sql(0)} * ${micros(c.sql(1))}`);
  if (op === '%' && a.type === 'timespan' && b.type === 'timespan') return span(`kql_mod(${micros(c.sql(0))}, ${micros(c.sql(1))})`);
  return undefined;
}

function arithmetic(op: string): FnEmitter {
  return (c) => {
    const ts = timespanArithmetic(op, c);
    if (ts) return ts;
    if (op === '/' && isInteger(c.args[0]) && isInteger(c.args[1])) return `(${c.sql(0)} // ${c.sql(1)})`;
    if (op === '%') return `kql_mod(${c.sql(0)}, ${c.sql(1)})`;
    return `(${c.sql(0)} ${op} ${c.sql(1)})`;
  };
}

function caseExpr(c: CallSite): string {
  const n = c.args.length;
  const parts: string[] = [];
  for (let i = 0; i + 1 < n; i += 2) parts.push(`WHEN ${c.sql(i)} THEN ${c.sql(i + 1)}`);
  return `(CASE ${parts.join(' ')} ELSE ${c.sql(n - 1)} END)`;
}

function isEmpty(negate: boolean): FnEmitter {
  return (c) => {
    const test = isString(c.args[0]) ? `coalesce(${c.sql(0)}, '') = ''` : `${c.sql(0)} IS NULL`;
    return negate ? `(NOT (${test}))` : `(${test})`;
  };
}

function isNull(negate: boolean): FnEmitter {
  return (c) => {
    // a Kusto string is never null: a missing string is ""
    if (isString(c.args[0])) return negate ? 'TRUE' : 'FALSE';
    return `(${c.sql(0)} IS ${negate ? 'NOT ' : ''}NULL)`;
  };
}

function conversion(duckType: string, from: ReadonlyArray<Expr['type']>): FnEmitter {
  return (c) => {
    const t = c.args[0]!.type;
    if (!from.includes(t)) throw new EmitRefusal(c.span, `\`${c.fn}()\` of a ${t} value`);
    if (t === 'string') return `TRY_CAST(trim(${c.sql(0)}) AS ${duckType})`;
    return `TRY_CAST(${c.sql(0)} AS ${duckType})`;
  };
}

// toint/tolong round differently in DuckDB (CAST rounds, Kusto truncates): left to the conversions work.
const TO_REAL_FROM: Expr['type'][] = ['string', 'long', 'int', 'real'];

export const FUNCTIONS: Record<string, FnEmitter> = {
  ...STRING_OPERATORS,
  and: template('({0} AND {1})'),
  or: template('({0} OR {1})'),
  not: template('(NOT {0})'),
  '==': equality(false),
  '!=': equality(true),
  '<': comparison('<'),
  '<=': comparison('<='),
  '>': comparison('>'),
  '>=': comparison('>='),
  '+': arithmetic('+'),
  '-': arithmetic('-'),
  '*': arithmetic('*'),
  '/': arithmetic('/'),
  '%': arithmetic('%'),
  negate: template('(- {0})'),
  between: (c) => `(${stringValue(c, 0)} BETWEEN ${c.sql(1)} AND ${c.sql(2)})`,
  '!between': (c) => `(NOT coalesce(${stringValue(c, 0)} BETWEEN ${c.sql(1)} AND ${c.sql(2)}, FALSE))`,
  iff: template('(CASE WHEN {0} THEN {1} ELSE {2} END)'),
  case: caseExpr,
  isempty: isEmpty(false),
  isnotempty: isEmpty(true),
  isnull: isNull(false),
  isnotnull: isNull(true),
  tolower: template('lower({0})'),
  toupper: template('upper({0})'),
  strlen: (c) => `length(${stringValue(c, 0)})`,
  strcat: (c) => `concat(${c.args.map((_, i) => toStringSql(c, i)).join(', ')})`,
  tostring: (c) => toStringSql(c, 0),
  todouble: conversion('DOUBLE', TO_REAL_FROM),
  coalesce: (c) => `coalesce(${c.args.map((_, i) => c.sql(i)).join(', ')})`,
  abs: template('abs({0})'),
  // the function families come last: they extend the core entries to more argument types
  ...FAMILY_FUNCTIONS,
};

export function supportsFunction(name: string): boolean {
  return Object.hasOwn(FUNCTIONS, name);
}
