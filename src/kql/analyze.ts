import type { TableSchema } from '../schema/registry.js';
import { lineAndColumn, type Diagnostic } from '../diagnostics/diagnostic.js';
import { items, kusto } from './bridge.js';

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

const schemaKey = (tables: readonly TableSchema[]) => tables.map((t) => `${t.name}${schemaString(t)}`).join('\n');

/** The analyser's global state with these tables in its default database (cached per schema set). */
export function globalsFor(tables: readonly TableSchema[], key = schemaKey(tables)): Kusto.Language.GlobalState {
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

/**
 * Analyses of recent (text, schema set) pairs. Microsoft's ParseAndAnalyze is ~95% of a translation
 * (~15 ms for T1204 on a quiet machine), and the same rule text is translated again and again: scheduled
 * detections, retro-hunts, HTTP clients re-sending a query with another `now` (which only the SQL
 * emission uses). An analysis depends on nothing else and KustoCode is immutable, so it is shared.
 * Bounded: the least recently used entry goes first, and long texts are not kept.
 */
const analyses = new Map<string, Analysis>();
const MAX_ANALYSES = 64;
const MAX_CACHED_TEXT = 64 * 1024;

/** Parse and type-check a query against the tables; the parser's own errors become diagnostics. */
export function analyze(text: string, tables: readonly TableSchema[]): Analysis {
  const schemas = schemaKey(tables);
  const key = `${schemas}\u0000${text}`;
  const hit = analyses.get(key);
  if (hit) {
    analyses.delete(key);
    analyses.set(key, hit);
    return { ...hit, diagnostics: [...hit.diagnostics] };
  }
  const analysis = analyzeUncached(text, globalsFor(tables, schemas));
  if (text.length <= MAX_CACHED_TEXT) {
    analyses.set(key, analysis);
    if (analyses.size > MAX_ANALYSES) analyses.delete(analyses.keys().next().value!);
  }
  return { ...analysis, diagnostics: [...analysis.diagnostics] };
}

function analyzeUncached(text: string, globals: Kusto.Language.GlobalState): Analysis {
  const K = kusto();
  const code = K.KustoCode.ParseAndAnalyze(text, globals)!;
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
  return { text, code, diagnostics };
}
