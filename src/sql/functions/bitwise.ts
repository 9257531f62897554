/**
 * Bitwise functions on 64-bit integers: binary_and, binary_or, binary_xor, binary_not,
 * binary_shift_left, binary_shift_right, bitset_count_ones.
 * Pages: https://learn.microsoft.com/kusto/query/<name>-function (binary-and-function …).
 * Shifts go through DuckDB's BIT type, which wraps like two's complement where BIGINT `<<` raises an
 * overflow error (binary_shift_left(1, 63) is the most negative long).
 */
import { castTo, isIntegerType, literalInt, argType, refuse, type CallSite, type FnEmitter } from './helpers.js';

function long(c: CallSite, i: number): string {
  if (!isIntegerType(argType(c, i))) refuse(c, `\`${c.fn}()\` of a ${argType(c, i)} value`);
  return `CAST(${c.sql(i)} AS BIGINT)`;
}

const binary = (op: (a: string, b: string) => string): FnEmitter => (c) => castTo(c.type, op(long(c, 0), long(c, 1)));

/** A shift by a constant 0-63 (what other shift counts give is not documented). */
function shift(dir: '<<' | '>>'): FnEmitter {
  return (c) => {
    const n = literalInt(c, 1);
    if (n === undefined || n < 0 || n > 63) refuse(c, `\`${c.fn}()\` by a shift that is not a constant from 0 to 63`);
    if (dir === '>>') return castTo(c.type, `(${long(c, 0)} >> ${n})`);
    return castTo(c.type, `CAST(CAST(${long(c, 0)} AS BIT) << ${n} AS BIGINT)`);
  };
}

export const BITWISE_FUNCTIONS: Record<string, FnEmitter> = {
  binary_and: binary((a, b) => `(${a} & ${b})`),
  binary_or: binary((a, b) => `(${a} | ${b})`),
  binary_xor: binary((a, b) => `xor(${a}, ${b})`),
  binary_not: (c) => castTo(c.type, `(~${long(c, 0)})`),
  binary_shift_left: shift('<<'),
  binary_shift_right: shift('>>'),
  bitset_count_ones: (c) => castTo(c.type, `bit_count(${long(c, 0)})`),
};
