/**
 * Scalar function families (strings, conversions, time, dynamic, math, IP), one module each, merged
 * into the one function table of ../functions.ts. Each module exports a Record<kustoName, FnEmitter>.
 */
import type { FnEmitter } from '../function-types.js';
import { BITWISE_FUNCTIONS } from './bitwise.js';
import { CONVERSION_FUNCTIONS } from './conversions.js';
import { DYNAMIC_FUNCTIONS } from './dynamic.js';
import { IP_FUNCTIONS } from './ip.js';
import { MATH_FUNCTIONS } from './math.js';
import { RANDOM_FUNCTIONS, REFUSED_FUNCTIONS } from './refusals.js';
import { STRING_SEARCH_FUNCTIONS } from './string-search.js';
import { STRING_FUNCTIONS } from './strings.js';
import { TIME_FUNCTIONS } from './time.js';

export const FAMILY_FUNCTIONS: Record<string, FnEmitter> = {
  ...DYNAMIC_FUNCTIONS,
  ...CONVERSION_FUNCTIONS,
  ...STRING_FUNCTIONS,
  ...STRING_SEARCH_FUNCTIONS,
  ...TIME_FUNCTIONS,
  ...MATH_FUNCTIONS,
  ...BITWISE_FUNCTIONS,
  ...IP_FUNCTIONS,
  ...RANDOM_FUNCTIONS,
  ...REFUSED_FUNCTIONS,
};
