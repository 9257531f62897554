/**
 * Run in a fresh process by translate.ts: times the first translation of a rule (cold: Microsoft's
 * analyser and kqlduck's lowering run for the first time in the process) and then repeated ones (warm),
 * and prints one JSON line. Module loading is timed apart, since it is start-up rather than translation.
 */
import { readFileSync } from 'node:fs';

const [file, warmRuns = '50'] = process.argv.slice(2);
const text = readFileSync(file!, 'utf8');
const t0 = performance.now();
const { compile } = await import('../../src/compile.js');
const { builtinTables } = await import('../../src/schema/registry.js');
const tables = [...builtinTables().values()];
const importMs = performance.now() - t0;
const now = new Date('2026-11-30T12:00:00Z');

const t1 = performance.now();
const first = compile(text, { tables, now });
const coldMs = performance.now() - t1;
if (!first.sql) throw new Error(`the rule did not translate: ${JSON.stringify(first.diagnostics)}`);

// warm: the same text again (its analysis cached, as for a scheduled rule); new: a text the process has not
// seen (a different trailing comment each time), so Microsoft's parser and analyser run every time
const timed = (textOf: (i: number) => string) => Array.from({ length: Number(warmRuns) }, (_, i) => {
  const t = performance.now();
  compile(textOf(i), { tables, now });
  return performance.now() - t;
});
const warm = timed(() => text);
const warmNewText = timed((i) => `${text}\n// ${i}`);
process.stdout.write(`${JSON.stringify({ importMs, coldMs, warm, warmNewText, sqlChars: first.sql.length })}\n`);
