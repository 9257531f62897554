/**
 * The retro-hunt part of a request (`from`, `to`, `every`, `lookback`) → the schedule to replay a rule
 * on, shared by POST /v1/detections/:id/run and POST /v1/hunts. Every mistake is a 400 naming the member.
 */
import { findRule, type Rule } from '../detections/rules.js';
import { makeSchedule, parseDuration, type Schedule } from '../hunt/index.js';
import { HttpError } from './errors.js';

export interface HuntMembers {
  from?: string;
  to?: string;
  every?: string;
  lookback?: string;
}

/** Schema properties of those members. */
export const huntProperties = {
  from: { type: 'string', format: 'date-time', description: 'Retro-hunt: the first scheduled run of the rule.' },
  to: { type: 'string', format: 'date-time', description: 'Retro-hunt: the last scheduled run is at or before this instant (default: now).' },
  every: { type: 'string', maxLength: 32, description: 'Time between scheduled runs, e.g. `1d` (default: the rule\'s frequency).' },
  lookback: { type: 'string', maxLength: 32, description: 'How far back each run looks, e.g. `24h` (default: the rule\'s lookback).' },
} as const;

export interface HuntPlan {
  schedule: Schedule;
  every: string;
  lookback: string;
}

export function huntPlan(rule: Rule, body: HuntMembers, now: Date): HuntPlan {
  if (body.from === undefined) throw new HttpError(400, 'request-invalid', '`to`, `every` and `lookback` replay a rule over a range: they need `from`');
  const every = body.every ?? rule.frequency;
  const lookback = body.lookback ?? rule.lookback;
  for (const [name, value] of [['every', every], ['lookback', lookback]] as const) {
    try {
      parseDuration(value);
    } catch {
      throw new HttpError(400, 'request-invalid', `\`${name}\` is not a positive duration: "${value}" (use 1d, 24h, 30m …)`);
    }
  }
  const from = new Date(body.from);
  const to = body.to === undefined ? now : new Date(body.to);
  if (from.getTime() > to.getTime()) throw new HttpError(400, 'request-invalid', '`from` is after `to`');
  return { schedule: makeSchedule(from, to, every, lookback), every, lookback };
}

/** 422 when the server has no data for a table the rule reads (a replay needs the table's files). */
export function requireTables(rule: Rule, tables: ReadonlyArray<{ name: string }>): void {
  const missing = rule.requiredTables.filter((t) => !tables.some((x) => x.name === t));
  if (missing.length) throw new HttpError(422, 'data-missing', `rule ${rule.id} reads ${missing.join(', ')}, which this server has no data for`);
}

/** The bundled rule with this id, or a 404 naming where the rules are listed (every route that names a rule). */
export function ruleOr404(id: string): Rule {
  const rule = findRule(id);
  if (!rule) throw new HttpError(404, 'rule-not-found', `no detection ${id}; GET /v1/detections lists them`);
  return rule;
}
