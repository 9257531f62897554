import type { Command } from 'commander';
import { compile } from '../../compile.js';
import { KqlError } from '../../diagnostics/diagnostic.js';
import { builtinTables } from '../../schema/registry.js';
import { CliError, EXIT_QUERY_ERROR } from '../exit.js';
import { parseNow, readQuery } from '../options.js';

export function register(program: Command): void {
  program
    .command('translate')
    .description('print the DuckDB SQL for a KQL query (against the official Defender table schemas)')
    .argument('[kql]', 'the query; read from standard input when "-" or absent')
    .option('--now <iso>', 'the instant now() and ago() mean (ISO-8601)', parseNow)
    .action((kql: string | undefined, o: { now?: Date }) => {
      const text = readQuery(kql);
      const result = compile(text, { tables: [...builtinTables().values()], now: o.now });
      if (!result.sql) throw new CliError(new KqlError(text, result.diagnostics).render(), EXIT_QUERY_ERROR);
      process.stdout.write(`${result.sql};\n`);
    });
}
