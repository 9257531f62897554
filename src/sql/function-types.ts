import type { CallSite } from './emit-context.js';

/** Emits the SQL of one call of a Kusto operator or function. */
export type FnEmitter = (c: CallSite) => string;
