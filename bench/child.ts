/**
 * One variant in a fresh process, for a figure a shared process cannot give: the peak RSS of that
 * variant alone. Prints one JSON line.
 *   tsx bench/child.ts variant ARCHIVE NAME
 */
import { Engine } from '../src/engine/engine.js';
import { arrowDir } from './arrow-cache.js';
import { loadPolars } from './polars-filter.js';
import { makeVariants, type FloorValues } from './variants.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

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
    // maxRSS is in KiB: the whole process, DuckDB's native memory included
    process.stdout.write(`${JSON.stringify({ rows, ms, peakRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
  } finally {
    engine.close();
  }
} else {
  process.stderr.write('usage: tsx bench/child.ts variant ARCHIVE NAME [FLOOR_JSON]\n');
  process.exit(2);
}
