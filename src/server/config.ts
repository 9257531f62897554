/**
 * Server configuration: defaults, then an optional JSON config file, then `KQLDUCK_*` environment
 * variables, then command-line flags (each overrides the one before). Validated once at start; every
 * error names where the bad value came from (the file and key, the variable, or the flag).
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { SourceSpec } from '../engine/sources.js';
import { DUCKDB_SIZE } from '../archive/duckdb.js';

export interface ServerConfig {
  host: string;
  port: number;
  /** Data files, table folders or data roots (as `kqlduck query --data`). */
  data: string[];
  /** Tables registered by name: NAME → file, glob or folder (as `--table NAME=PATH`). */
  tables: Record<string, string>;
  /** Accepted API keys; when any is set, every request but /healthz, /readyz and the docs needs one. */
  apiKeys: string[];
  /** Origins allowed by CORS; empty turns CORS off. `*` allows any origin. */
  corsOrigins: string[];
  /** Largest request body, in bytes. */
  bodyLimit: number;
  /** Queries running at once on DuckDB. */
  concurrency: number;
  /** Queries waiting for a slot; beyond it the server answers 503. */
  queueSize: number;
  /** Per-query time limit when the request gives none, and the most a request may ask for (ms). */
  timeoutMs: number;
  maxTimeoutMs: number;
  /** Row cap of a JSON response when the request gives none, and the most a request may ask for. */
  maxRows: number;
  maxRowsLimit: number;
  /** Row cap of a streamed (NDJSON, CSV, Arrow) response: the default and the most a request may ask for. */
  streamMaxRows: number;
  /** DuckDB memory limit, e.g. `2GB`. */
  memoryLimit: string;
  /** DuckDB worker threads (0: all cores). */
  threads: number;
  /** On shutdown, how long running queries may finish before they are cancelled (ms). */
  shutdownGraceMs: number;
  /** Where retro-hunt jobs keep their findings (Parquet); empty: a temporary folder removed on close. */
  findingsDir: string;
  /** Retro-hunt jobs running at once. */
  maxHunts: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Kind = 'string' | 'int' | 'list' | 'map' | 'size' | 'level';

interface OptionSpec {
  key: keyof ServerConfig;
  env: string;
  kind: Kind;
  min?: number;
  max?: number;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Every option, its environment variable and its type; the config file uses the same keys. */
export const OPTIONS: OptionSpec[] = [
  { key: 'host', env: 'KQLDUCK_HOST', kind: 'string' },
  { key: 'port', env: 'KQLDUCK_PORT', kind: 'int', min: 0, max: 65535 },
  { key: 'data', env: 'KQLDUCK_DATA', kind: 'list' },
  { key: 'tables', env: 'KQLDUCK_TABLES', kind: 'map' },
  { key: 'apiKeys', env: 'KQLDUCK_API_KEYS', kind: 'list' },
  { key: 'corsOrigins', env: 'KQLDUCK_CORS_ORIGINS', kind: 'list' },
  { key: 'bodyLimit', env: 'KQLDUCK_BODY_LIMIT', kind: 'int', min: 1024, max: 64 * 1024 * 1024 },
  { key: 'concurrency', env: 'KQLDUCK_CONCURRENCY', kind: 'int', min: 1, max: 256 },
  { key: 'queueSize', env: 'KQLDUCK_QUEUE_SIZE', kind: 'int', min: 0, max: 100_000 },
  { key: 'timeoutMs', env: 'KQLDUCK_TIMEOUT_MS', kind: 'int', min: 1, max: 24 * 3_600_000 },
  { key: 'maxTimeoutMs', env: 'KQLDUCK_MAX_TIMEOUT_MS', kind: 'int', min: 1, max: 24 * 3_600_000 },
  { key: 'maxRows', env: 'KQLDUCK_MAX_ROWS', kind: 'int', min: 1, max: Number.MAX_SAFE_INTEGER },
  { key: 'maxRowsLimit', env: 'KQLDUCK_MAX_ROWS_LIMIT', kind: 'int', min: 1, max: Number.MAX_SAFE_INTEGER },
  { key: 'streamMaxRows', env: 'KQLDUCK_STREAM_MAX_ROWS', kind: 'int', min: 1, max: Number.MAX_SAFE_INTEGER },
  { key: 'memoryLimit', env: 'KQLDUCK_MEMORY_LIMIT', kind: 'size' },
  { key: 'threads', env: 'KQLDUCK_THREADS', kind: 'int', min: 0, max: 1024 },
  { key: 'shutdownGraceMs', env: 'KQLDUCK_SHUTDOWN_GRACE_MS', kind: 'int', min: 0, max: 3_600_000 },
  { key: 'logLevel', env: 'KQLDUCK_LOG_LEVEL', kind: 'level' },
  { key: 'findingsDir', env: 'KQLDUCK_FINDINGS_DIR', kind: 'string' },
  { key: 'maxHunts', env: 'KQLDUCK_MAX_HUNTS', kind: 'int', min: 1, max: 64 },
];

/** Half the machine's memory, in MB: DuckDB's own default (80 %) leaves too little for Node and the OS. */
function defaultMemoryLimit(): string {
  return `${Math.max(256, Math.floor(totalmem() / 2 / 1024 / 1024))}MB`;
}

export function defaultConfig(): ServerConfig {
  return {
    host: '127.0.0.1',
    port: 8080,
    data: [],
    tables: {},
    apiKeys: [],
    corsOrigins: [],
    bodyLimit: 1024 * 1024,
    concurrency: Math.max(2, Math.min(8, availableParallelism())),
    queueSize: 64,
    timeoutMs: 30_000,
    maxTimeoutMs: 600_000,
    maxRows: 100_000,
    maxRowsLimit: 1_000_000,
    streamMaxRows: 1_000_000_000,
    memoryLimit: defaultMemoryLimit(),
    threads: 0,
    shutdownGraceMs: 10_000,
    logLevel: 'info',
    findingsDir: '',
    maxHunts: 2,
  };
}

/** Checks and normalises one value; `where` names its origin in the error. */
function checkValue(spec: OptionSpec, value: unknown, where: string): unknown {
  const fail = (what: string): never => {
    throw new ConfigError(`${where}: ${what}`);
  };
  switch (spec.kind) {
    case 'string':
      if (typeof value !== 'string' || value === '') fail('expected a non-empty string');
      return value;
    case 'level':
      if (!(LEVELS as readonly string[]).includes(value as string)) fail(`expected one of ${LEVELS.join(', ')}`);
      return value;
    case 'size':
      if (typeof value !== 'string' || !DUCKDB_SIZE.test(value)) fail('expected a size such as 512MB or 4GB');
      return value;
    case 'int': {
      if (typeof value !== 'number' || !Number.isInteger(value)) fail('expected an integer');
      const n = value as number;
      if (spec.min !== undefined && n < spec.min) fail(`must be at least ${spec.min}`);
      if (spec.max !== undefined && n > spec.max) fail(`must be at most ${spec.max}`);
      return n;
    }
    case 'list':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) fail('expected an array of non-empty strings');
      return value;
    case 'map': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('expected an object of table name → path');
      for (const [name, path] of Object.entries(value as object)) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) fail(`"${name}" is not a table name`);
        if (typeof path !== 'string' || path === '') fail(`the path of table ${name} must be a non-empty string`);
      }
      return value;
    }
  }
}

/** `NAME=PATH` items (flags and KQLDUCK_TABLES) → a map. */
export function parseTableList(items: string[], where: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0 || eq === item.length - 1) throw new ConfigError(`${where}: expected NAME=PATH, got "${item}"`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/** A variable's text → the option's type (lists are comma-separated). */
function fromEnv(spec: OptionSpec, text: string): unknown {
  const where = spec.env;
  switch (spec.kind) {
    case 'int':
      if (!/^-?\d+$/.test(text.trim())) throw new ConfigError(`${where}: expected an integer, got "${text}"`);
      return Number(text.trim());
    case 'list':
      return text.split(',').map((s) => s.trim()).filter(Boolean);
    case 'map':
      return parseTableList(text.split(',').map((s) => s.trim()).filter(Boolean), where);
    default:
      return text.trim();
  }
}

function readConfigFile(path: string): Partial<ServerConfig> {
  if (!existsSync(path)) throw new ConfigError(`config file ${path}: no such file`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`config file ${path}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`config file ${path}: expected a JSON object`);
  const out: Record<string, unknown> = {};
  const known = new Map(OPTIONS.map((o) => [o.key as string, o]));
  for (const [key, value] of Object.entries(raw)) {
    const spec = known.get(key);
    if (!spec) throw new ConfigError(`config file ${path}: unknown option "${key}" (known: ${[...known.keys()].join(', ')})`);
    out[key] = checkValue(spec, value, `config file ${path}: ${key}`);
  }
  // paths in a config file are relative to the file
  const base = dirname(resolve(path));
  const rel = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  if (out.data) out.data = (out.data as string[]).map(rel);
  if (out.findingsDir) out.findingsDir = rel(out.findingsDir as string);
  if (out.tables) out.tables = Object.fromEntries(Object.entries(out.tables as Record<string, string>).map(([k, v]) => [k, rel(v)]));
  return out as Partial<ServerConfig>;
}

export interface ConfigInputs {
  /** Values from command-line flags (already typed); undefined ones are absent. */
  flags?: Partial<ServerConfig> & { config?: string };
  env?: NodeJS.ProcessEnv;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host) || host === '::ffff:127.0.0.1';
}

/** Merges defaults, the config file, the environment and the flags, and validates the result. */
export function loadServerConfig({ flags = {}, env = process.env }: ConfigInputs = {}): ServerConfig {
  const config: Record<string, unknown> = { ...defaultConfig() };
  const file = flags.config ?? env.KQLDUCK_CONFIG;
  if (file) Object.assign(config, readConfigFile(file));
  for (const spec of OPTIONS) {
    const text = env[spec.env];
    if (text === undefined || text === '') continue;
    config[spec.key] = checkValue(spec, fromEnv(spec, text), spec.env);
  }
  const { config: _file, ...given } = flags;
  for (const spec of OPTIONS) {
    const value = given[spec.key];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    const flag = `--${spec.key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    config[spec.key] = checkValue(spec, value, flag);
  }
  return validateConfig(config as unknown as ServerConfig);
}

/** Rules between options. */
export function validateConfig(c: ServerConfig): ServerConfig {
  if (c.timeoutMs > c.maxTimeoutMs) throw new ConfigError(`timeoutMs (${c.timeoutMs}) is above maxTimeoutMs (${c.maxTimeoutMs})`);
  if (c.maxRows > c.maxRowsLimit) throw new ConfigError(`maxRows (${c.maxRows}) is above maxRowsLimit (${c.maxRowsLimit})`);
  if (!isLoopback(c.host) && c.apiKeys.length === 0) {
    throw new ConfigError(`listening on ${c.host} (beyond loopback) needs API keys: set KQLDUCK_API_KEYS=key1,key2 or "apiKeys" in the config file`);
  }
  for (const k of c.apiKeys) {
    if (k.length < 16) throw new ConfigError('API keys must be at least 16 characters long');
  }
  return c;
}

/** The engine sources the configuration names. */
export function sourceSpecsOf(c: ServerConfig): SourceSpec[] {
  return [...c.data.map((path) => ({ path })), ...Object.entries(c.tables).map(([table, path]) => ({ table, path }))];
}

/** Human-readable documentation of the options (for `kqlduck serve --help`). */
export function describeEnv(): string {
  return OPTIONS.map((o) => `  ${o.env.padEnd(26)} ${o.key}`).join('\n');
}
