import type { Command } from 'commander';
import * as gen from './gen.js';
import * as ingest from './ingest.js';
import * as findings from './findings.js';
import * as hunt from './hunt.js';
import * as query from './query.js';
import * as rules from './rules.js';
import * as serve from './serve.js';
import * as translate from './translate.js';

/** Every CLI subcommand, one module each; each exports `register(program)`. */
const modules: Array<{ register(program: Command): void }> = [query, translate, rules, hunt, findings, ingest, serve, gen];

export function registerCommands(program: Command): void {
  for (const m of modules) m.register(program);
}
