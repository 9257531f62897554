import type { Command } from 'commander';
import { readQuery, sourceSpecs, withDataOptions, type DataOptions } from '../options.js';
import { openEngine, runQueryToStdout } from '../run-query.js';

export function register(program: Command): void {
  withDataOptions(
    program
      .command('query')
      .description('run a KQL query over the data and print its rows')
      .argument('[kql]', 'the query; read from standard input when "-" or absent'),
  )
    .addHelpText('after', `
Examples:
  kqlduck query 'print r = "North America" has "america"'
  kqlduck query --data data --now 2026-11-30T12:00:00Z --format json < src/detections/rules/T1204.kql
  kqlduck query --table DeviceProcessEvents=exports/dpe.parquet 'DeviceProcessEvents | count'`)
    .action(async (kql: string | undefined, o: DataOptions) => {
      const text = readQuery(kql);
      const engine = await openEngine(sourceSpecs(o));
      try {
        await runQueryToStdout(engine, text, o.now, o.format);
      } finally {
        engine.close();
      }
    });
}
