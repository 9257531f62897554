/** kqlduck's public API. */
export { compile, type CompileOptions, type CompileResult } from './compile.js';
export { KqlError, renderDiagnostic, type Diagnostic } from './diagnostics/diagnostic.js';
export { Engine, type EngineOptions, type StreamOptions } from './engine/engine.js';
export { EngineError } from './engine/errors.js';
export type { JsonValue } from './engine/values.js';
export { analysisTables, compileFor, runKql, streamKql, type QueryResult, type RunOptions } from './run.js';
export { builtinTables, builtinTable, type TableSchema } from './schema/registry.js';
export type { KustoType } from './schema/kusto-types.js';
