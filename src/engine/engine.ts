/**
 * The DuckDB side: one instance, sources registered as views named after their tables, the kql_*
 * macros, settings, and results streamed chunk by chunk. Knows SQL and DuckDB, not KQL or the IR.
 */
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { builtinTable, type TableSchema } from '../schema/registry.js';
import { DUCKDB_TYPE_OF, type KustoType } from '../schema/kusto-types.js';
import { sqlIdent, sqlString } from '../sql/quote.js';
import { loadArrowSource } from './arrow-source.js';
import { coerceColumnSql, kustoTypeOfDuckDB } from './duckdb-types.js';
import { EngineError, engineError } from './errors.js';
import { loadMacros } from './macros.js';
import { readerSql, resolveSources, type SourceSpec, type TableSource } from './sources.js';
import { toKustoJson, type JsonValue } from './values.js';

/** How often an aborted query is interrupted again until DuckDB stops it. */
const INTERRUPT_REPEAT_MS = 10;

/**
 * Interrupts the connection's query when the signal aborts. DuckDB forgets an interrupt that arrives
 * while a query is still being prepared or started (measured: an abort 2 ms in let a 48 s query run to
 * its end), so once aborted the interrupt is repeated until the returned function is called.
 */
function interruptOnAbort(connection: DuckDBConnection, signal: AbortSignal | undefined): () => void {
  let repeat: NodeJS.Timeout | undefined;
  const onAbort = () => {
    connection.interrupt();
    repeat = setInterval(() => connection.interrupt(), INTERRUPT_REPEAT_MS);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  return () => {
    signal?.removeEventListener('abort', onAbort);
    clearInterval(repeat);
  };
}

export interface EngineOptions {
  sources?: SourceSpec[];
  /** DuckDB worker threads (default: all cores). */
  threads?: number;
  /** DuckDB memory limit, e.g. '4GB'. */
  memoryLimit?: string;
  /** After registration, forbid DuckDB from touching files outside the sources (for the server). */
  lockDown?: boolean;
  /** Folders DuckDB may still read and write after lock-down (the server's findings store). */
  writableDirs?: string[];
}

export interface StreamOptions {
  /** Kusto types of the result columns, in order (from the compiler). */
  types: KustoType[];
  signal?: AbortSignal;
  /** Stop after this many rows. */
  maxRows?: number;
}

export interface RegisteredTable extends TableSchema {
  sources: TableSource[];
  /** Each source with the DuckDB types of its raw columns, to build reads of a subset of its files. */
  parts: Array<{ source: TableSource; from: string; columns: Map<string, string> }>;
}

/** Options for reading a table directly from its files (the retro-hunt's pruned scan). */
export interface TableReadOptions {
  /** Keep only these files (e.g. the day partitions of a time range). */
  keepFile?: (path: string) => boolean;
  /** Add a column with a 64-bit identity of each row (hash of file name and row number). */
  rowIdColumn?: string;
}

export class Engine {
  private readonly registered = new Map<string, RegisteredTable>();

  private constructor(readonly instance: DuckDBInstance, private readonly setup: DuckDBConnection) {}

  static async open(options: EngineOptions = {}): Promise<Engine> {
    const config: Record<string, string> = {};
    if (options.threads) config.threads = String(options.threads);
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    const instance = await DuckDBInstance.create(':memory:', config);
    const setup = await instance.connect();
    const engine = new Engine(instance, setup);
    try {
      // Kusto datetimes are UTC; parsing text with offsets goes through TIMESTAMPTZ in this zone
      await setup.run("SET TimeZone = 'UTC'");
      // Parquet footers cached across queries: a 24h window over a 90-day archive spends most of its time
      // reading the 90 footers (measured: 0.73× the time at 10M rows, bench/RESULTS.md). DuckDB checks a
      // cached footer against the file's modification time, and the archive never rewrites a file in place.
      // (Set after start-up: the instance config cannot name a setting of the not yet loaded extension.)
      await setup.run('LOAD parquet');
      await setup.run('SET GLOBAL parquet_metadata_cache = true');
      await loadMacros(setup);
      await engine.register(resolveSources(options.sources ?? []));
      if (options.lockDown) await engine.lockDown(options.writableDirs ?? []);
    } catch (err) {
      engine.close();
      throw err instanceof EngineError ? err : engineError(err);
    }
    return engine;
  }

  /** The tables queries can read, with their Kusto schemas. */
  get tables(): RegisteredTable[] {
    return [...this.registered.values()];
  }

  private async register(sources: TableSource[]): Promise<void> {
    const byTable = new Map<string, TableSource[]>();
    for (const s of sources) byTable.set(s.table, [...(byTable.get(s.table) ?? []), s]);
    for (const [table, srcs] of byTable) {
      const declared = builtinTable(table);
      const parts: RegisteredTable['parts'] = [];
      for (const [i, src] of srcs.entries()) {
        const from = src.format === 'arrow' ? await loadArrowSource(this.setup, src, `__arrow_${table}_${i}`) : readerSql(src);
        parts.push({ source: src, from, columns: await this.describe(from, src) });
      }
      // a registered schema wins; otherwise the first source's columns, typed from DuckDB's
      const schema: TableSchema = declared ?? {
        name: table,
        columns: [...parts[0]!.columns].map(([name, duck]) => ({ name, type: kustoTypeOfDuckDB(duck) })),
      };
      const entry: RegisteredTable = { ...schema, sources: srcs, parts };
      await this.setup.run(`CREATE OR REPLACE VIEW ${sqlIdent(table)} AS ${this.tableSql(entry)}`);
      this.registered.set(table, entry);
    }
  }

  /**
   * A table's rows with its schema's columns and types: each source's columns coerced, columns a source
   * lacks as null, sources concatenated. Without options this is the table's view.
   */
  tableSql(t: RegisteredTable, options: TableReadOptions = {}): string {
    const selects: string[] = [];
    for (const p of t.parts) {
      let from = p.from;
      if (options.keepFile || options.rowIdColumn) {
        if (p.source.format === 'arrow') throw new EngineError('engine-sql', `table ${t.name}: Arrow sources cannot be pruned by file`);
        const paths = options.keepFile ? p.source.paths.filter(options.keepFile) : p.source.paths;
        if (paths.length === 0) continue;
        from = readerSql({ ...p.source, paths }, { rowIds: Boolean(options.rowIdColumn) });
      }
      const cols = t.columns.map((c) => {
        const duck = p.columns.get(c.name);
        const target = DUCKDB_TYPE_OF[c.type];
        // a column the schema declares but the source lacks reads as null
        if (duck === undefined) return `CAST(NULL AS ${target}) AS ${sqlIdent(c.name)}`;
        const sql = coerceColumnSql(sqlIdent(c.name), duck, c.type, target);
        return sql === sqlIdent(c.name) ? sql : `${sql} AS ${sqlIdent(c.name)}`;
      });
      if (options.rowIdColumn) cols.push(`hash(__file, file_row_number) AS ${sqlIdent(options.rowIdColumn)}`);
      selects.push(`SELECT ${cols.join(', ')} FROM ${from}`);
    }
    if (selects.length === 0) {
      const nulls = t.columns.map((c) => `CAST(NULL AS ${DUCKDB_TYPE_OF[c.type]}) AS ${sqlIdent(c.name)}`);
      if (options.rowIdColumn) nulls.push(`CAST(NULL AS UBIGINT) AS ${sqlIdent(options.rowIdColumn)}`);
      return `SELECT ${nulls.join(', ')} WHERE FALSE`;
    }
    return selects.join('\nUNION ALL\n');
  }

  private async describe(from: string, src: TableSource): Promise<Map<string, string>> {
    try {
      const reader = await this.setup.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`);
      const out = new Map<string, string>();
      for (const row of reader.getRowObjectsJS()) out.set(String(row.column_name), String(row.column_type));
      return out;
    } catch (err) {
      throw engineError(err, `cannot read table ${src.table} from ${src.paths.join(', ')}`);
    }
  }

  /** Only the registered sources stay readable; no setting can be changed back afterwards. */
  private async lockDown(writableDirs: string[]): Promise<void> {
    const dirs = new Set<string>(writableDirs.map((d) => (d.endsWith('/') ? d : `${d}/`)));
    for (const t of this.registered.values()) for (const s of t.sources) for (const p of s.paths) dirs.add(p.replace(/[^/]*$/, ''));
    if (dirs.size) await this.setup.run(`SET allowed_directories = [${[...dirs].map(sqlString).join(', ')}]`);
    await this.setup.run('SET enable_external_access = false');
    await this.setup.run('SET lock_configuration = true');
  }

  async connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  /**
   * Runs SQL and yields JSON-ready rows chunk by chunk (Kusto's JSON shape), never the whole result.
   * An abort signal interrupts the query inside DuckDB.
   */
  async *stream(sql: string, options: StreamOptions): AsyncGenerator<JsonValue[][]> {
    const connection = await this.connect();
    const stopInterrupting = interruptOnAbort(connection, options.signal);
    let left = options.maxRows ?? Infinity;
    try {
      if (options.signal?.aborted) throw new EngineError('engine-interrupted', 'the query was cancelled');
      const result = await connection.stream(sql);
      while (left > 0) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const rows = chunk.getRows();
        const take = rows.length > left ? rows.slice(0, left) : rows;
        left -= take.length;
        yield take.map((row) => row.map((v, i) => toKustoJson(v, options.types[i] ?? 'string')));
      }
    } catch (err) {
      throw options.signal?.aborted ? new EngineError('engine-interrupted', 'the query was cancelled') : engineError(err);
    } finally {
      stopInterrupting();
      connection.closeSync();
    }
  }

  /** Runs a statement that returns nothing to read (a COPY), on its own connection, cancellable. */
  async exec(sql: string, signal?: AbortSignal): Promise<void> {
    const connection = await this.connect();
    const stopInterrupting = interruptOnAbort(connection, signal);
    try {
      signal?.throwIfAborted();
      await connection.run(sql);
    } catch (err) {
      throw signal?.aborted ? new EngineError('engine-interrupted', 'the query was cancelled') : engineError(err);
    } finally {
      stopInterrupting();
      connection.closeSync();
    }
  }

  close(): void {
    this.setup.closeSync();
    this.instance.closeSync();
  }
}
