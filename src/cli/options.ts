/** Options shared by the commands that read data: --data, --table, --now, --format. */
import { existsSync, readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { SourceSpec } from '../engine/sources.js';
import { FORMATS, type OutputFormat } from '../format/writers.js';

export interface DataOptions {
  data: string[];
  table: string[];
  now?: Date;
  format: OutputFormat;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function parseNow(v: string): Date {
  // ISO-8601 only: anything Date.parse would guess at (locale formats) is refused
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(v)) {
    throw new InvalidArgumentError('expected an ISO-8601 instant, e.g. 2026-12-03T12:00:00Z');
  }
  const d = new Date(/Z|[+-]\d{2}:?\d{2}$/.test(v) || v.length === 10 ? v : `${v}Z`);
  if (Number.isNaN(d.getTime())) throw new InvalidArgumentError('not a valid date');
  return d;
}

export function withDataOptions(cmd: Command): Command {
  return cmd
    .option('--data <path>', 'a data file, table folder or data root (repeatable; default ./data when it exists)', collect, [])
    .option('--table <name=path>', 'register one table from a file, glob or folder (repeatable)', collect, [])
    .option('--now <iso>', 'the instant now() and ago() mean (ISO-8601, default: the current time)', parseNow)
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'));
}

export function sourceSpecs(o: DataOptions): SourceSpec[] {
  const specs: SourceSpec[] = o.data.map((path) => ({ path }));
  for (const t of o.table) {
    const eq = t.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentError(`--table expects NAME=PATH, got ${t}`);
    specs.push({ table: t.slice(0, eq), path: t.slice(eq + 1) });
  }
  if (specs.length === 0 && existsSync('data')) specs.push({ path: 'data' });
  return specs;
}

/** The query text: the argument, or standard input when it is `-` or absent. */
export function readQuery(arg: string | undefined): string {
  if (arg !== undefined && arg !== '-') return arg;
  if (process.stdin.isTTY) throw new InvalidArgumentError('no query: give it as an argument or on standard input');
  return readFileSync(0, 'utf8');
}
