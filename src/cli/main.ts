import { Command } from 'commander';
import { registerCommands } from './commands/index.js';
import { exitWith } from './exit.js';

const program = new Command('kqlduck')
  .description('Run KQL detections on DuckDB over Parquet/Arrow/CSV/JSON telemetry, with Kusto\'s answers.')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  exitWith(err);
}
