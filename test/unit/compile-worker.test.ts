/** The CLI's compile worker (src/cli/compiler.ts): the same answers as compile() on this thread. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startCompileWorker } from '../../src/cli/compiler.js';
import { compile } from '../../src/compile.js';
import { builtinTables } from '../../src/schema/registry.js';

const tables = [...builtinTables().values()];
const now = new Date('2026-11-30T12:00:00Z');
const rule = readFileSync('src/detections/rules/T1204.kql', 'utf8');

describe('compile worker', () => {
  it('translates on the worker exactly as on this thread, errors included', async () => {
    const w = startCompileWorker();
    try {
      for (const q of [rule, 'DeviceProcessEvents | where FileNme has "x"', 'print x = 1 | evaluate python()']) {
        const there = await w.compile(q, { tables, now });
        const here = compile(q, { tables, now });
        expect(there).toEqual(JSON.parse(JSON.stringify(here)));
      }
      expect((await w.compile(rule, { tables, now })).sql).toContain('regexp_matches');
    } finally {
      await w.close();
    }
  }, 30_000);

  it('falls back to this thread when the worker cannot start', async () => {
    const w = startCompileWorker(new URL('../fixtures/no-such-worker.ts', import.meta.url));
    try {
      const r = await w.compile('print n = 1 + 1', { tables, now });
      expect(r.sql).toBe(compile('print n = 1 + 1', { tables, now }).sql);
      expect(r.diagnostics).toEqual([]);
    } finally {
      await w.close();
    }
  }, 30_000);
});
