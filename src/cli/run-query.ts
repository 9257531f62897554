/** Runs one query for the CLI: engine up, rows streamed to stdout in the chosen format, errors rendered. */
import { KqlError } from '../diagnostics/diagnostic.js';
import { Engine } from '../engine/engine.js';
import { EngineError } from '../engine/errors.js';
import { primed, WRITERS, type OutputFormat } from '../format/writers.js';
import { compileWithData } from '../run.js';
import { CliError, EXIT_QUERY_ERROR } from './exit.js';
import type { SourceSpec } from '../engine/sources.js';

export const stdoutSink = {
  write(text: string): Promise<void> | void {
    if (!process.stdout.write(text)) return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
  },
};

export async function openEngine(sources: SourceSpec[]): Promise<Engine> {
  try {
    return await Engine.open({ sources });
  } catch (err) {
    throw new CliError(`kqlduck: ${err instanceof Error ? err.message : String(err)}`, EXIT_QUERY_ERROR);
  }
}

export async function runQueryToStdout(engine: Engine, kql: string, now: Date | undefined, format: OutputFormat): Promise<number> {
  try {
    // a first pass over the data (bag_unpack without a schema) can fail like the query itself
    const compiled = await compileWithData(engine, kql, now);
    if (!compiled.sql) throw new CliError(new KqlError(kql, compiled.diagnostics).render(), EXIT_QUERY_ERROR);
    const chunks = await primed(engine.stream(compiled.sql, { types: compiled.columns.map((c) => c.type) }));
    return await WRITERS[format](compiled.columns, chunks, stdoutSink);
  } catch (err) {
    if (err instanceof EngineError) throw new CliError(`kqlduck: ${err.message}`, EXIT_QUERY_ERROR);
    throw err;
  }
}
