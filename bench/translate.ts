/** Translation time of T1204 (parse + analyse + lower + emit): warm in this process, cold in a fresh one. */
import { spawnSync } from 'node:child_process';
import { compile } from '../src/compile.js';
import { builtinTables } from '../src/schema/registry.js';
import { since, summarise, type Timing } from './stats.js';
import { RULE } from './t1204-lists.js';

const tables = () => [...builtinTables().values()];
const RULE_FILE = 'src/detections/rules/T1204.kql';

/**
 * Median of `runs` compiles after one warm-up compile: of the same text again (`repeat`: the analysis is
 * cached, as for a scheduled rule or a client re-sending a query), or of a text new to the process each
 * time (the rule with a different trailing comment: parse and analyse every time).
 */
let fresh = 0;

export function warmTranslation(runs = 50, repeat = true): Timing {
  // new texts are new to the whole process (a later size's run must not find an earlier size's in the cache)
  const text = () => (repeat ? RULE.kql : `${RULE.kql}\n// ${fresh++}`);
  compile(text(), { tables: tables() });
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    compile(text(), { tables: tables() });
    times.push(since(t));
  }
  return summarise(times);
}

/**
 * The first compile of a fresh process (the language service loads and JIT-compiles on first use),
 * timed by the same child the service bench uses (bench/service/translate-once.ts).
 */
export function coldTranslation(runs: number): Timing {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/service/translate-once.ts', RULE_FILE, '0'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cold translation child failed: ${r.stderr}`);
    times.push((JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { coldMs: number }).coldMs);
  }
  return summarise(times);
}
