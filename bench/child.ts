/**
 * One variant in a fresh process, for a figure a shared process cannot give: the peak RSS of that
 * variant alone. Prints one JSON line.
 *   tsx bench/child.ts variant ARCHIVE NAME
 */
import { Engine } from '../src/engine/engine.js';
import { arrowDir } from './arrow-cache.js';
import { loadPolars } from './polars-filter.js';
import { makeVariants, type FloorValues } from './variants.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * This process's peak RSS (the whole process, DuckDB's native memory included), from VmHWM. Not
 * getrusage's maxRSS: on Linux that keeps the high-water mark across exec, so a child spawned by a large
 * bench process would report at least the parent's size at the fork.
 */
function peakRssMiB(): number {
  const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  if (!kib) throw new Error('no VmHWM in /proc/self/status');
  return Number(kib) / 1024;
}

const [what, archive, name, floorJson] = process.argv.slice(2);
if (what === 'variant' && archive && name) {
  const engine = await Engine.open({ sources: [{ path: archive }] });
  try {
    const arrow = name.includes('JavaScript') ? readdirSync(arrowDir(archive)).sort().map((f) => join(arrowDir(archive), f)) : [];
    const polars = name.includes('polars') ? loadPolars() : null;
    const variant = makeVariants(engine, JSON.parse(floorJson ?? '{}') as FloorValues, { arrowFiles: arrow, archive, polars })[name];
    if (!variant) throw new Error(`no variant ${name}`);
    const t = performance.now();
    const rows = await variant();
    const ms = performance.now() - t;
    process.stdout.write(`${JSON.stringify({ rows, ms, peakRssMiB: peakRssMiB() })}\n`);
  } finally {
    engine.close();
  }
} else {
  process.stderr.write('usage: tsx bench/child.ts variant ARCHIVE NAME [FLOOR_JSON]\n');
  process.exit(2);
}
