/**
 * The Kusto string operators (`has` family, `contains` family, `==`/`=~` on strings, `in`/`in~`,
 * `matches regex`) → SQL. Literal needles (the common case, including `dynamic([...])` and `let`
 * arrays) go to the literal-needle builders, which can build one regular expression per list.
 * Every predicate is non-NULL, so `NOT (...)` keeps rows whose string is missing, as Kusto does.
 */
import type { Expr } from '../ir/types.js';
import { EmitRefusal, type CallSite } from './emit-context.js';
import {
  sqlHasExpr, sqlHasTerms, sqlInStrings, sqlMatchesRegex, sqlSubstring, sqlSubstringExpr,
  type SubstringKind, type TermKind,
} from './string-predicates.js';

type Emitter = (c: CallSite) => string;

const not = (sql: string) => `(NOT ${sql})`;

/**
 * The string form of the haystack: non-string values are searched as their text; a dynamic value as
 * tostring() gives it (a JSON string's own text, anything else its compact JSON, null "").
 */
function hay(c: CallSite): string {
  const t = c.args[0]!.type;
  if (t === 'string') return c.sql(0);
  if (t === 'dynamic') return `kql_dynamic_to_string(${c.sql(0)})`;
  return `CAST(${c.sql(0)} AS VARCHAR)`;
}

/** A constant needle's text, or undefined when the needle is computed per row. */
function constantText(e: Expr): string | undefined {
  if (e.kind === 'literal') return e.value === null ? '' : String(e.value);
  return undefined;
}

/** Flattens literal lists and (nested) dynamic arrays into constants; undefined if any item is computed. */
export function constantList(e: Expr): Array<string | number | boolean | null> | undefined {
  const out: Array<string | number | boolean | null> = [];
  const visit = (v: unknown): boolean => {
    if (Array.isArray(v)) return v.every(visit);
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) {
      out.push(v as string | number | boolean | null);
      return true;
    }
    return false; // objects inside an `in` list are not comparable values
  };
  const items = e.kind === 'list' ? e.items : [e];
  for (const item of items) {
    if (item.kind === 'literal') out.push(item.value);
    else if (item.kind === 'dynamic') {
      if (!visit(item.value)) return undefined;
    } else return undefined;
  }
  return out;
}

function termOperator(kind: TermKind, cs: boolean, negate: boolean): Emitter {
  return (c) => {
    const needle = constantText(c.args[1]!);
    const sql = needle !== undefined
      ? sqlHasTerms(hay(c), [needle], { kind, cs, combine: 'any' })
      : sqlHasExpr(hay(c), `coalesce(${c.sql(1)}, '')`, { kind, cs });
    return negate ? not(sql) : sql;
  };
}

function substringOperator(kind: SubstringKind, cs: boolean, negate: boolean): Emitter {
  return (c) => {
    const needle = constantText(c.args[1]!);
    const sql = needle !== undefined
      ? sqlSubstring(hay(c), needle, { kind, cs })
      : sqlSubstringExpr(hay(c), `coalesce(${c.sql(1)}, '')`, { kind, cs });
    return negate ? not(sql) : sql;
  };
}

/** has_any / has_all over a list of constants (one regular expression for the list). */
function termList(combine: 'any' | 'all'): Emitter {
  return (c) => {
    const values = constantList(c.args[1]!);
    if (!values) throw new EmitRefusal(c.args[1]!.span, `computed values in a \`has_${combine}\` list`);
    const needles = values.filter((v) => v !== null).map(String);
    return sqlHasTerms(hay(c), needles, { kind: 'has', cs: false, combine });
  };
}

/** `x in (T)`: membership in the first column of a tabular expression (NULL and "" are one string). */
function inSubquery(c: CallSite, cs: boolean): string | undefined {
  const list = c.args[1]!;
  const sub = list.kind === 'list' && list.items.length === 1 && list.items[0]!.kind === 'subquery' ? list.items[0]! : undefined;
  if (!sub || sub.kind !== 'subquery') return undefined;
  const first = (expr: string) => `(SELECT ${expr} FROM (${c.ctx.subquery(sub.plan)}) AS __in(__v))`;
  if (c.args[0]!.type !== 'string') return `coalesce(${c.sql(0)} IN ${first('__v')}, FALSE)`;
  const fold = (sql: string) => (cs ? `coalesce(${sql}, '')` : `lower(coalesce(${sql}, ''))`);
  return `coalesce(${fold(c.sql(0))} IN ${first(fold('__v'))}, FALSE)`;
}

/** in / in~ and their negations. Strings use the string builders; other types SQL IN with Kusto nulls. */
function inOperator(cs: boolean, negate: boolean): Emitter {
  return (c) => {
    const sub = inSubquery(c, cs);
    if (sub) return negate ? not(sub) : sub;
    const values = constantList(c.args[1]!);
    if (!values) throw new EmitRefusal(c.args[1]!.span, 'computed values in an `in` list');
    let sql: string;
    if (c.args[0]!.type === 'string') {
      sql = sqlInStrings(c.sql(0), values.filter((v) => v !== null).map(String), { cs });
    } else {
      const items = values.filter((v) => v !== null && typeof v !== 'string').map((v) => (typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v)));
      if (items.length !== values.filter((v) => v !== null).length) {
        throw new EmitRefusal(c.args[1]!.span, `an \`in\` list mixing strings with ${c.args[0]!.type} values`);
      }
      sql = items.length === 0 ? 'FALSE' : `coalesce(${c.sql(0)} IN (${items.join(', ')}), FALSE)`;
    }
    return negate ? not(sql) : sql;
  };
}

const table: Record<string, Emitter> = {
  'matches regex': (c) => {
    const pattern = constantText(c.args[1]!);
    if (pattern === undefined) return sqlMatchesRegex(hay(c), `coalesce(${c.sql(1)}, '')`);
    return sqlMatchesRegex(hay(c), `'${pattern.replaceAll("'", "''")}'`);
  },
  has_any: termList('any'),
  has_all: termList('all'),
  in: inOperator(true, false),
  '!in': inOperator(true, true),
  'in~': inOperator(false, false),
  '!in~': inOperator(false, true),
  '==': substringOperator('equals', true, false),
  '!=': substringOperator('equals', true, true),
  '=~': substringOperator('equals', false, false),
  '!~': substringOperator('equals', false, true),
};

for (const kind of ['has', 'hasprefix', 'hassuffix'] as const) {
  for (const cs of [false, true]) {
    const name = `${kind}${cs ? '_cs' : ''}`;
    table[name] = termOperator(kind, cs, false);
    table[`!${name}`] = termOperator(kind, cs, true);
  }
}
for (const kind of ['contains', 'startswith', 'endswith'] as const) {
  for (const cs of [false, true]) {
    const name = `${kind}${cs ? '_cs' : ''}`;
    table[name] = substringOperator(kind, cs, false);
    table[`!${name}`] = substringOperator(kind, cs, true);
  }
}

export const STRING_OPERATORS: Readonly<Record<string, Emitter>> = table;
