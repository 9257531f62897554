/** `make-series` plans → DuckDB: every group × every bin, left-joined to the grouped rows, folded into arrays. */
import type { MakeSeries } from '../ir/types.js';
import { EmitRefusal } from './emit-context.js';
import { jsonFromSql } from './functions/helpers.js';
import { sqlIdent } from './quote.js';
import type { Stage, StageOps } from './stage.js';

export function emitMakeSeries(plan: MakeSeries, ops: StageOps): Stage {
  if (ops.inReplay || ops.inApply) throw new EmitRefusal(plan.span, `\`make-series\` ${ops.inReplay ? 'in a retro-hunt replay' : 'inside an mv-apply subquery'}`);
  const grouped = ops.cte(ops.stage(plan.input));
  const [from, to, step] = [plan.axis.from, plan.axis.to, plan.axis.step].map((e) => ops.expr(e, undefined)) as [string, string, string];
  const time = plan.axis.type === 'datetime' || plan.axis.type === 'timespan';
  // bins start at from and step up while below to (exclusive)
  const bins = time
    ? `greatest(CAST(ceil((epoch_us(${to}) - epoch_us(${from})) / epoch_us(${step})) AS BIGINT), 0)`
    : `greatest(CAST(ceil((${to} - ${from}) / CAST(${step} AS DOUBLE)) AS BIGINT), 0)`;
  const keys = plan.keys.map(sqlIdent);
  // the groups: each distinct key tuple; without keys one group if any row (or always, for kind=nonempty)
  const groups = keys.length
    ? `(SELECT DISTINCT ${keys.join(', ')} FROM ${grouped})`
    : `(SELECT 1 AS __one${plan.nonEmpty ? '' : ` FROM ${grouped} LIMIT 1`})`;
  const on = [...keys.map((k) => `__g.${k} IS NOT DISTINCT FROM __k.${k}`), '__g."__bin" = __r.__i'].join(' AND ');
  const array = (sql: string) => `to_json(list(${sql} ORDER BY __r.__i))`;
  const columns = [
    ...plan.keys.map((k) => ({ name: k, type: plan.output.find((c) => c.name === k)!.type, sql: `__k.${sqlIdent(k)}` })),
    ...plan.series.map((x) => ({ name: x.name, type: 'dynamic' as const, sql: array(jsonFromSql(x.type, `coalesce(__g.${sqlIdent(x.name)}, ${ops.expr(x.default, undefined)})`)) })),
    { name: plan.axis.name, type: 'dynamic' as const, sql: array(jsonFromSql(plan.axis.type, `(${from} + __r.__i * ${step})`)) },
  ];
  return {
    from: `${groups} AS __k CROSS JOIN range(${bins}) AS __r(__i) LEFT JOIN ${grouped} AS __g ON ${on}`,
    columns,
    where: [],
    distinct: false,
    aggregate: true,
    groupBy: keys.length ? keys.map((k) => `__k.${k}`) : ['__k.__one'],
  };
}
