import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { CliError, EXIT_USAGE } from '../exit.js';
import { Option } from 'commander';
import { FORMATS, type OutputFormat } from '../../format/writers.js';
import { parseNow } from '../options.js';
import { openEngine, runQueryToStdout } from '../run-query.js';

interface FindingsOptions { out: string; rule?: string; from?: Date; to?: Date; category?: string; format: OutputFormat }

/** KQL string literal (verbatim form: only the quote needs doubling). */
const kqlString = (s: string) => `@"${s.replaceAll('"', '""')}"`;

export function register(program: Command): void {
  program
    .command('findings')
    .description('list the findings a retro-hunt kept in its store, filtered')
    .requiredOption('--out <dir>', 'the findings store (the --out of `kqlduck hunt`)')
    .option('--rule <id>', 'only this rule')
    .option('--from <iso>', 'only runs at or after this instant', parseNow)
    .option('--to <iso>', 'only runs at or before this instant', parseNow)
    .option('--category <text>', 'only categories containing this text')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .action(async (o: FindingsOptions) => {
      if (!existsSync(o.out)) throw new CliError(`kqlduck: no findings store at ${o.out}`, EXIT_USAGE);
      const filters = [
        o.rule && `HuntRuleId =~ ${kqlString(o.rule)}`,
        o.from && `HuntRunAt >= datetime(${o.from.toISOString()})`,
        o.to && `HuntRunAt <= datetime(${o.to.toISOString()})`,
        o.category && `HuntCategory contains ${kqlString(o.category)}`,
      ].filter(Boolean);
      // the store is queried as a table, with kqlduck's own KQL
      const kql = ['Findings', ...filters.map((f) => `| where ${f}`), '| sort by HuntRunAt asc'].join('\n');
      const engine = await openEngine([{ table: 'Findings', path: o.out }]);
      try {
        await runQueryToStdout(engine, kql, undefined, o.format);
      } finally {
        engine.close();
      }
    });
}
