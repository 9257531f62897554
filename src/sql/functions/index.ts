/**
 * Scalar function families (strings, conversions, time, dynamic, math, IP), one module each, merged
 * into the one function table of ../functions.ts. Each module exports a Record<kustoName, FnEmitter>.
 */
import type { FnEmitter } from '../function-types.js';

export const FAMILY_FUNCTIONS: Record<string, FnEmitter> = {};
