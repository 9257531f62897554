/** DuckDB settings the bench compares: a variant runs with one global setting changed, then restores it. */
import type { Engine } from '../src/engine/engine.js';

export async function withSetting<T>(engine: Engine, name: string, value: string, run: () => Promise<T>): Promise<T> {
  const c = await engine.connect();
  try {
    const before = String((await c.runAndReadAll(`SELECT current_setting('${name}')`)).getRowsJS()[0]![0]);
    await c.run(`SET GLOBAL ${name} = ${value}`);
    try {
      return await run();
    } finally {
      await c.run(`SET GLOBAL ${name} = '${before.replaceAll("'", "''")}'`);
    }
  } finally {
    c.closeSync();
  }
}
