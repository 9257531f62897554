/**
 * Numbers and logic: max_of, min_of, round, log/log10/log2, pow, sqrt, exp/exp2/exp10, ceiling, sign,
 * isnan/isinf/isfinite. Pages: https://learn.microsoft.com/kusto/query/<name>-function.
 * Kusto returns null where DuckDB raises an error (log of a number <= 0, sqrt of a negative number).
 */
import { argType, castTo, isNumericType, opt, refuse, str, type CallSite, type FnEmitter } from './helpers.js';

/** max_of / min_of: nulls are ignored; all arguments take the result type first. */
function extremum(fn: 'greatest' | 'least'): FnEmitter {
  return (c) => {
    const args = c.args.map((_, i) => (argType(c, i) === 'string' ? str(c, i) : castTo(c.type, c.sql(i))));
    return `${fn}(${args.join(', ')})`;
  };
}

function realArg(c: CallSite, i: number): string {
  if (!isNumericType(argType(c, i))) refuse(c, `\`${c.fn}()\` of a ${argType(c, i)} value`);
  return `CAST(${c.sql(i)} AS DOUBLE)`;
}

/** A logarithm: null for numbers <= 0. */
const logarithm = (fn: string): FnEmitter => (c) => {
  const x = realArg(c, 0);
  return `(CASE WHEN ${x} > 0 THEN ${fn}(${x}) END)`;
};

const round: FnEmitter = (c) => {
  const precision = `CAST(${opt(c, 1, '0')} AS INTEGER)`;
  const t = argType(c, 0);
  if (t === 'long' || t === 'int') return castTo(c.type, `round(CAST(${c.sql(0)} AS BIGINT), ${precision})`);
  return castTo(c.type, `round(${realArg(c, 0)}, ${precision})`);
};

export const MATH_FUNCTIONS: Record<string, FnEmitter> = {
  max_of: extremum('greatest'),
  min_of: extremum('least'),
  round,
  log: logarithm('ln'),
  log10: logarithm('log10'),
  log2: logarithm('log2'),
  pow: (c) => castTo(c.type, `pow(${realArg(c, 0)}, ${realArg(c, 1)})`),
  sqrt: (c) => `(CASE WHEN ${realArg(c, 0)} >= 0 THEN sqrt(${realArg(c, 0)}) END)`,
  exp: (c) => `exp(${realArg(c, 0)})`,
  exp2: (c) => `pow(2.0, ${realArg(c, 0)})`,
  exp10: (c) => `pow(10.0, ${realArg(c, 0)})`,
  ceiling: (c) => castTo(c.type, `ceil(${isNumericType(argType(c, 0)) ? c.sql(0) : realArg(c, 0)})`),
  sign: (c) => castTo(c.type, `sign(${realArg(c, 0)})`),
  isnan: (c) => `coalesce(isnan(${realArg(c, 0)}), FALSE)`,
  isinf: (c) => `coalesce(isinf(${realArg(c, 0)}), FALSE)`,
  isfinite: (c) => `coalesce(isfinite(${realArg(c, 0)}), FALSE)`,
  pi: () => 'pi()',
};
