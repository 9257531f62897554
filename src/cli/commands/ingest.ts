import type { Command } from 'commander';
import { builtinTable, builtinTables } from '../../schema/registry.js';
import { DUCKDB_SIZE } from '../../archive/duckdb.js';
import { INGEST_MEMORY_LIMIT, ingestSources } from '../../ingest/ingest.js';
import { createProgress } from '../../ingest/progress.js';
import { renderSummary } from '../../ingest/summary.js';
import { CliError, EXIT_QUERY_ERROR, EXIT_USAGE } from '../exit.js';

interface IngestFlags { into: string; table?: string; keepExtraColumns?: boolean; memoryLimit: string; progress?: boolean }

export function register(program: Command): void {
  program
    .command('ingest')
    .description('Add telemetry files (Parquet, Arrow IPC, CSV, NDJSON, JSON; Defender and Log Analytics exports; '
      + 'Sysmon EID 1 / Security 4688 JSON) to a day-partitioned Parquet archive. Each source is atomic and '
      + 'ingested at most once (by content hash).')
    .argument('<sources...>', 'files to ingest')
    .requiredOption('--into <archive>', 'archive folder (created if missing)')
    .option('--table <table>', `target table (${[...builtinTables().keys()].join(', ')}); default: DeviceProcessEvents for Windows events, guessed from the columns otherwise`)
    .option('--keep-extra-columns', 'keep columns the table schema lacks (as text) instead of dropping them')
    .option('--memory-limit <size>', 'DuckDB memory while a source is staged; past it DuckDB spills to disk inside the archive', INGEST_MEMORY_LIMIT)
    .option('--no-progress', 'no progress output')
    .action(async (sources: string[], flags: IngestFlags) => {
      if (flags.table && !builtinTable(flags.table)) {
        throw new CliError(`unknown table ${flags.table}; known tables: ${[...builtinTables().keys()].join(', ')}`, EXIT_USAGE);
      }
      if (!DUCKDB_SIZE.test(flags.memoryLimit)) throw new CliError(`--memory-limit ${flags.memoryLimit}: expected a size such as 512MB or 4GB`, EXIT_USAGE);
      const reports = await ingestSources(sources, {
        archive: flags.into,
        ...(flags.table ? { table: flags.table } : {}),
        keepExtraColumns: Boolean(flags.keepExtraColumns),
        memoryLimit: flags.memoryLimit,
        ...(flags.progress === false ? {} : { progress: createProgress() }),
      });
      process.stdout.write(`${renderSummary(reports, flags.into)}\n`);
      const failed = reports.filter((r) => r.status === 'failed').length;
      if (failed > 0) throw new CliError(`${failed} of ${reports.length} sources failed; the archive holds only the others`, EXIT_QUERY_ERROR);
    });
}
