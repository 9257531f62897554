import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeKustoType, type KustoType } from './kusto-types.js';

export interface ColumnSchema { name: string; type: KustoType }
export interface TableSchema { name: string; columns: ColumnSchema[]; source?: string }

const here = dirname(fileURLToPath(import.meta.url));

function readSchemaFile(path: string): TableSchema {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { table: string; source?: string; columns: { name: string; type: string }[] };
  const columns = raw.columns.map((c) => {
    const type = normalizeKustoType(c.type);
    if (!type) throw new Error(`${path}: column ${c.name} has unknown Kusto type ${c.type}`);
    return { name: c.name, type };
  });
  return { name: raw.table, columns, source: raw.source };
}

let builtins: Map<string, TableSchema> | undefined;

/** The official Defender advanced-hunting tables (src/schema/tables/*.schema.json, copied from the docs). */
export function builtinTables(): Map<string, TableSchema> {
  if (!builtins) {
    builtins = new Map();
    const dir = join(here, 'tables');
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.schema.json')).sort()) {
      const t = readSchemaFile(join(dir, f));
      builtins.set(t.name, t);
    }
  }
  return builtins;
}

/** The Sentinel / Log Analytics flavour of DeviceProcessEvents (TimeGenerated, TenantId, dynamic AdditionalFields). */
export function sentinelDeviceProcessEvents(): TableSchema {
  return readSchemaFile(join(here, 'variants', 'DeviceProcessEvents.sentinel-loganalytics.schema.json'));
}

export function builtinTable(name: string): TableSchema | undefined {
  return builtinTables().get(name);
}
