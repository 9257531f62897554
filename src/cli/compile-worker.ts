/**
 * The CLI's compile worker (started by compiler.ts): builds the parser at once, then compiles the
 * queries the main thread sends. Messages: {id, text, options} in; {id, result} or {id, error} out.
 */
import { parentPort } from 'node:worker_threads';
import { compile, type CompileOptions } from '../compile.js';
import { warmUp } from '../kql/analyze.js';

export interface CompileRequest { id: number; text: string; options: CompileOptions }

warmUp();
parentPort!.on('message', ({ id, text, options }: CompileRequest) => {
  try {
    parentPort!.postMessage({ id, result: compile(text, options) });
  } catch (err) {
    parentPort!.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
