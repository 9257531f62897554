import { Engine } from '../../src/engine/engine.js';
import { runKql, type QueryResult } from '../../src/run.js';

let shared: Promise<Engine> | undefined;

/** One engine with no data for a test file (print, datatable, range need none). */
export function dataless(): Promise<Engine> {
  shared ??= Engine.open();
  return shared;
}

export async function closeDataless(): Promise<void> {
  if (shared) (await shared).close();
  shared = undefined;
}

/** Runs a self-contained query and returns its rows. */
export async function rows(kql: string, now = new Date('2026-11-30T12:00:00Z')): Promise<QueryResult['rows']> {
  return (await runKql(await dataless(), kql, { now })).rows;
}

/** The single value of a one-row, one-column query (`print x = …`). */
export async function value(expr: string): Promise<unknown> {
  const r = await rows(`print x = ${expr}`);
  return r[0]![0];
}
