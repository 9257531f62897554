import type { TableSchema } from '../schema/registry.js';
import { lineAndColumn, type Diagnostic } from '../diagnostics/diagnostic.js';
import { items, kusto } from './bridge.js';
import { refuseServiceFunctions } from './service-functions.js';

export interface Analysis {
  text: string;
  code: Kusto.Language.KustoCode;
  diagnostics: Diagnostic[];
}

const globalsCache = new Map<string, Kusto.Language.GlobalState>();

/** Kusto's schema string for a table: `(Col:type, ...)`; names are bracket-quoted so any name survives. */
function schemaString(t: TableSchema): string {
  return `(${t.columns.map((c) => `['${c.name.replaceAll("'", "\\'")}']:${c.type}`).join(', ')})`;
}

/** The analyser's global state with these tables in its default database (cached per schema set). */
export function globalsFor(tables: readonly TableSchema[]): Kusto.Language.GlobalState {
  const key = tables.map((t) => `${t.name}${schemaString(t)}`).join('\n');
  let g = globalsCache.get(key);
  if (!g) {
    const K = kusto();
    const symbols = tables.map((t) => new K.Symbols.TableSymbol.$ctor7(t.name, schemaString(t), null));
    const db = new K.Symbols.DatabaseSymbol.$ctor3('kqlduck', null, symbols as never, false);
    g = K.GlobalState.Default!.WithDatabase(db)!;
    globalsCache.set(key, g);
  }
  return g;
}

/** Parse and type-check a query against the tables; the parser's own errors become diagnostics. */
export function analyze(text: string, tables: readonly TableSchema[]): Analysis {
  const K = kusto();
  const code = K.KustoCode.ParseAndAnalyze(text, globalsFor(tables))!;
  const diagnostics: Diagnostic[] = [];
  for (const d of items(code.GetDiagnostics() as never) as Kusto.Language.Diagnostic[]) {
    const severity = d.Severity === 'Error' ? 'error' : 'warning';
    if (severity !== 'error') continue; // the analyser's suggestions are not ours to print
    const start = d.Start;
    diagnostics.push({
      code: d.Code ?? 'kql-semantic',
      severity,
      message: d.Message ?? 'invalid query',
      start,
      end: start + d.Length,
      ...lineAndColumn(text, start),
    });
  }
  return { text, code, diagnostics: refuseServiceFunctions(text, diagnostics) };
}
