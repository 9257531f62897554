/**
 * Compilation on a worker thread, for the CLI. A short-lived process spends about a second building
 * Microsoft's parser before its first query (bench/RESULTS.md); on a worker that bin/kqlduck.js starts
 * first thing, that happens while the main thread loads its modules and opens DuckDB, instead of after.
 * If the worker cannot start or dies, compilation falls back to this thread: slower, same answers.
 * This module imports nothing heavy itself, so that starting the worker costs the main thread nothing.
 */
import { Worker } from 'node:worker_threads';
import type { CompileOptions, CompileResult } from '../compile.js';
import type { CompileRequest } from './compile-worker.js';

type Reply = { id: number; result: CompileResult } | { id: number; error: string };

export interface CompileWorker {
  compile(text: string, options: CompileOptions): Promise<CompileResult>;
  close(): Promise<void>;
}

const ENTRY = new URL('./compile-worker.ts', import.meta.url);

const compileHere = async (text: string, options: CompileOptions) => (await import('../compile.js')).compile(text, options);

/** A compile worker; `entry` is for tests (a module that fails, to see the fallback). */
export function startCompileWorker(entry: URL = ENTRY): CompileWorker {
  const pending = new Map<number, { resolve(r: CompileResult): void; reject(e: Error): void; text: string; options: CompileOptions }>();
  let failed = false;
  let next = 0;
  const worker = new Worker(new URL('../../bin/ts-worker.js', import.meta.url), { workerData: { entry: entry.href } });
  // an idle worker never keeps the process up; one with a query in hand does
  worker.unref();
  const fallBack = () => {
    failed = true;
    for (const [id, p] of pending) {
      pending.delete(id);
      compileHere(p.text, p.options).then(p.resolve, p.reject);
    }
  };
  worker.on('error', fallBack);
  worker.on('exit', fallBack);
  worker.on('message', (m: Reply) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (pending.size === 0) worker.unref();
    if ('error' in m) p.reject(new Error(m.error));
    else p.resolve(m.result);
  });
  return {
    compile(text, options) {
      if (failed) return compileHere(text, options);
      const id = next++;
      // only what compile() reads: a registered table carries its sources too
      const request: CompileRequest = { id, text, options: { ...options, tables: options.tables.map((t) => ({ name: t.name, columns: t.columns })) } };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, text, options });
        worker.ref();
        worker.postMessage(request);
      });
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}

let early: CompileWorker | undefined;

/** Called by bin/kqlduck.js, before the CLI's modules load, for the commands that compile a query. */
export function startEarly(): void {
  early ??= startCompileWorker();
}

/** The worker started early, or a new one. */
export function takeCompileWorker(): CompileWorker {
  const w = early ?? startCompileWorker();
  early = undefined;
  return w;
}
