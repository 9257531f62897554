import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { ConfigError, describeEnv, loadServerConfig, parseTableList, type ServerConfig } from '../../server/config.js';
import { CliError, EXIT_QUERY_ERROR, EXIT_USAGE } from '../exit.js';

const collect = (v: string, prev: string[]) => [...prev, v];

function integer(v: string): number {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('expected a non-negative integer');
  return Number(v);
}

interface ServeFlags {
  data: string[];
  table: string[];
  host?: string;
  port?: number;
  config?: string;
  concurrency?: number;
  memoryLimit?: string;
  logLevel?: ServerConfig['logLevel'];
  findings?: string;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve queries and detections over HTTP (JSON, NDJSON, CSV, Arrow)')
    .option('--data <path>', 'a data file, table folder or data root (repeatable)', collect, [])
    .option('--table <name=path>', 'register one table from a file, glob or folder (repeatable)', collect, [])
    .option('--host <host>', 'address to listen on (default 127.0.0.1; beyond loopback needs API keys)')
    .option('--port <port>', 'port to listen on (default 8080; 0 picks a free one)', integer)
    .option('--config <file>', 'a JSON config file (same keys as the options below)')
    .option('--concurrency <n>', 'queries running at once on DuckDB', integer)
    .option('--memory-limit <size>', 'DuckDB memory limit, e.g. 2GB')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent')
    .option('--findings <dir>', 'keep retro-hunt findings in this Parquet store (default: a temporary folder)')
    .addHelpText('after', `
Configuration comes from the flags, then KQLDUCK_* environment variables, then the config file,
then defaults. API keys are read only from KQLDUCK_API_KEYS (comma-separated) or the config file.
Environment variables (config file key on the right):
${describeEnv()}

Examples:
  kqlduck serve --data data
  KQLDUCK_API_KEYS=$(openssl rand -hex 24) kqlduck serve --host 0.0.0.0 --data /archive
  curl -s localhost:8080/v1/query -H 'content-type: application/json' -d '{"query":"print 1"}'`)
    .action(async (o: ServeFlags) => {
      let config: ServerConfig;
      try {
        config = loadServerConfig({
          flags: {
            config: o.config, data: o.data, tables: o.table.length ? parseTableList(o.table, '--table') : undefined,
            host: o.host, port: o.port, concurrency: o.concurrency, memoryLimit: o.memoryLimit, logLevel: o.logLevel,
            findingsDir: o.findings,
          },
        });
      } catch (err) {
        if (err instanceof ConfigError) throw new CliError(`kqlduck serve: ${err.message}`, EXIT_USAGE);
        throw err;
      }
      let server;
      try {
        // loaded here, not at the top: every other command would otherwise pay for Fastify and its plugins
        const { startServer } = await import('../../server/server.js');
        server = await startServer(config);
      } catch (err) {
        throw new CliError(`kqlduck serve: ${err instanceof Error ? err.message : String(err)}`, EXIT_QUERY_ERROR);
      }
      const address = server.server.address();
      const bound = typeof address === 'object' && address ? address : undefined;
      const host = bound ? (bound.family === 'IPv6' ? `[${bound.address}]` : bound.address) : config.host;
      const url = `http://${host}:${bound?.port ?? config.port}`;
      const auth = config.apiKeys.length ? ` -H "Authorization: Bearer $KEY"` : '';
      const tables = server.engine.tables.map((t) => t.name);
      process.stderr.write([
        `kqlduck serving ${tables.length ? tables.join(', ') : 'no tables (print, range and datatable still work)'} at ${url}`,
        `  docs:    ${url}/docs`,
        `  try:     curl -s ${url}/v1/query${auth} -H 'content-type: application/json' -d '{"query":"print greeting = strcat(\\"hello, \\", \\"kqlduck\\")"}'`,
        `  detect:  curl -s ${url}/v1/detections/T1204/run${auth} -H 'content-type: application/json' -H 'accept: application/x-ndjson' -d '{"now":"2026-11-30T00:00:00Z"}'`,
        '',
      ].join('\n'));
    });
}
