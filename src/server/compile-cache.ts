/**
 * Compiled queries, cached by their KQL text. Microsoft's analyser takes tens to hundreds of ms for a
 * rule like T1204, on the event loop; detections are sent again and again with a different `now`.
 *
 * The only thing `now` changes in the SQL is one timestamp literal (compile.ts emits `now()` as
 * `TIMESTAMP '…'` and computes `ago()` from it in SQL). To cache safely anyway, a query is compiled
 * with two distinct sentinel instants; the SQL becomes a template only if the two texts agree once
 * each sentinel literal is cut out. Any other dependence on `now` (a constant folded in, a user
 * literal equal to a sentinel) makes them disagree, and that query is simply not cached.
 */
import { KqlError, makeDiagnostic } from '../diagnostics/diagnostic.js';
import type { Engine } from '../engine/engine.js';
import type { Column } from '../ir/types.js';
import { compileFor } from '../run.js';
import { kqlHttpError } from './errors.js';

export interface Compiled {
  sql: string;
  columns: Column[];
}

interface Entry {
  /** SQL split at the `now` literal; undefined when the query had errors or cannot be templated. */
  parts?: string[];
  columns: Column[];
  error?: KqlError;
}

const SENTINELS = [new Date('1901-02-03T04:05:06.789Z'), new Date('1902-03-04T05:06:07.891Z')] as const;
const literal = (d: Date) => `TIMESTAMP '${d.toISOString().replace('T', ' ').replace('Z', '000')}'`;

const MAX_ENTRIES = 512;
const MAX_TEXT = 64 * 1024;

/**
 * The SQL quoting (src/sql/quote.ts) refuses NUL characters by throwing a plain Error from inside
 * compile(); that is the client's text, not a server fault, so it becomes a 400 diagnostic.
 */
export function quotingError(kql: string, err: unknown): KqlError | undefined {
  if (!(err instanceof Error) || !/NUL character/.test(err.message)) return undefined;
  const at = Math.max(0, kql.indexOf('\u0000'));
  return new KqlError(kql, [makeDiagnostic(kql, 'kql-nul-character', 'string literals and names cannot hold a NUL character', { start: at, end: at + 1 })]);
}

/** compileFor, with its errors as a KqlError. */
function compileOnce(engine: Engine, kql: string, now: Date): { sql?: string; columns: Column[]; error?: KqlError } {
  try {
    const r = compileFor(engine, kql, now);
    return r.sql ? { sql: r.sql, columns: r.columns } : { columns: [], error: new KqlError(kql, r.diagnostics) };
  } catch (err) {
    const error = quotingError(kql, err);
    if (error) return { columns: [], error };
    throw err;
  }
}

export class CompileCache {
  private readonly entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  constructor(private readonly engine: Engine, private readonly maxEntries = MAX_ENTRIES) {}

  /** The SQL for a query at an instant; throws HttpError (400/422) for invalid or refused queries. */
  compile(kql: string, now: Date): Compiled {
    let entry = this.entries.get(kql);
    if (entry) {
      this.hits++;
      this.entries.delete(kql); // most recently used last
      this.entries.set(kql, entry);
    } else {
      this.misses++;
      entry = this.build(kql);
      if (kql.length <= MAX_TEXT) {
        this.entries.set(kql, entry);
        if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      }
    }
    if (entry.error) throw kqlHttpError(entry.error);
    if (entry.parts) return { sql: entry.parts.join(literal(now)), columns: entry.columns };
    const once = compileOnce(this.engine, kql, now); // not templatable: compiled for this instant every time
    if (once.error) throw kqlHttpError(once.error);
    return { sql: once.sql!, columns: once.columns };
  }

  /** The entry for a query: its error, its SQL template, or neither when the SQL depends on `now` otherwise. */
  private build(kql: string): Entry {
    const [a, b] = SENTINELS.map((d) => compileOnce(this.engine, kql, d)) as [ReturnType<typeof compileOnce>, ReturnType<typeof compileOnce>];
    if (a.error) return { columns: [], error: a.error };
    if (b.error) return { columns: [] };
    const partsA = a.sql!.split(literal(SENTINELS[0]));
    const partsB = b.sql!.split(literal(SENTINELS[1]));
    const same = partsA.length === partsB.length && partsA.every((p, i) => p === partsB[i]);
    return same ? { parts: partsA, columns: a.columns } : { columns: a.columns };
  }
}
