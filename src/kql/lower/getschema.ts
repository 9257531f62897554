/**
 * `getschema` (https://learn.microsoft.com/kusto/query/getschema-operator): one row per input column,
 * known before any row is read, so the input is not run at all.
 */
import type { KustoType, Plan } from '../../ir/types.js';
import { literal } from '../../ir/build.js';
import { planColumns } from '../../ir/schema.js';
import type { Span } from '../../ir/types.js';

/** The .NET type Kusto reports for each of its types (bool is stored as an SByte). */
const CLR_TYPES: Record<KustoType, string> = {
  string: 'System.String', long: 'System.Int64', int: 'System.Int32', real: 'System.Double', bool: 'System.SByte',
  datetime: 'System.DateTime', timespan: 'System.TimeSpan', dynamic: 'System.Object', guid: 'System.Guid',
  decimal: 'System.Data.SqlTypes.SqlDecimal',
};

export function lowerGetSchema(input: Plan, span: Span): Plan {
  return {
    kind: 'datatable',
    columns: [
      { name: 'ColumnName', type: 'string' }, { name: 'ColumnOrdinal', type: 'int' },
      { name: 'DataType', type: 'string' }, { name: 'ColumnType', type: 'string' },
    ],
    rows: planColumns(input).map((c, i) => [
      literal('string', c.name, span), literal('int', i, span), literal('string', CLR_TYPES[c.type], span), literal('string', c.type, span),
    ]),
    span,
  };
}
