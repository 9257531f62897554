/** Detection rules: a KQL file, unmodified from its source, plus its metadata, in src/detections/rules/. */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RuleMeta {
  id: string;
  title: string;
  query: string;
  attack: { technique: string; name: string; tactic: string; url: string };
  severity: string;
  confidence?: string;
  requiredTables: string[];
  /** How far back each scheduled run looks, and how often it runs (Sentinel's query period and frequency). */
  lookback: string;
  frequency: string;
  description: string;
  categoryColumn?: string;
  falsePositives: string[];
  source: string;
}

export interface Rule extends RuleMeta {
  kql: string;
  /** Hash of the KQL text: a rule's version. */
  version: string;
}

const RULE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'rules');

let cache: Rule[] | undefined;

export function loadRules(dir = RULE_DIR): Rule[] {
  if (dir === RULE_DIR && cache) return cache;
  const rules = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const meta = JSON.parse(readFileSync(join(dir, f), 'utf8')) as RuleMeta;
      const kql = readFileSync(join(dir, meta.query), 'utf8');
      return { ...meta, kql, version: createHash('sha256').update(kql).digest('hex').slice(0, 16) };
    });
  if (dir === RULE_DIR) cache = rules;
  return rules;
}

/** A rule by id, case-insensitively. */
export function findRule(id: string): Rule | undefined {
  return loadRules().find((r) => r.id.toLowerCase() === id.toLowerCase());
}
