/**
 * `engine.stream`, with an interrupt that holds. DuckDB forgets an interrupt that arrives while a
 * query is still being prepared or started (measured: within the first ~5 ms), and `engine.stream`
 * interrupts only once, when its signal aborts, so an early cancel (a client that leaves at once, a
 * tiny timeout) could leave the query running to its end while holding a pool slot.
 *
 * Until the engine repeats the interrupt itself, this wrapper keeps a handle on the query's
 * connection (by giving `stream` a `connect` that records it) and, once the signal has aborted,
 * interrupts again every few ms until the stream has ended. Should the engine stop obtaining its
 * connection through `connect()`, the handle is simply absent and the engine's own interrupt remains.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Engine, StreamOptions } from '../engine/engine.js';
import type { JsonValue } from '../engine/values.js';

const REPEAT_MS = 20;

export async function* interruptibleStream(engine: Engine, sql: string, options: StreamOptions & { signal: AbortSignal }): AsyncGenerator<JsonValue[][]> {
  let connection: DuckDBConnection | undefined;
  const scoped = Object.create(engine) as Engine;
  scoped.connect = async () => (connection = await engine.connect());
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    timer = setInterval(() => connection?.interrupt(), REPEAT_MS);
  };
  options.signal.addEventListener('abort', onAbort, { once: true });
  try {
    yield* scoped.stream(sql, options);
  } finally {
    options.signal.removeEventListener('abort', onAbort);
    clearInterval(timer);
  }
}
