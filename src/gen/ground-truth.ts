/**
 * The ground truth: one row per injected event, with the columns the T1204 rule projects (so a test
 * can compare the rule's output with it directly), the scenario, and what the rule as written answers.
 *
 * It is computed by the same SELECT that wrote the data, evaluated on the injected row numbers only,
 * so its values are exactly the generated ones (test/gen checks this against the Parquet files).
 *
 * File: ARCHIVE/DeviceProcessEvents.ground-truth.parquet, sorted by Timestamp, ReportId.
 * Parquet key-value metadata: kqlduck.fingerprint, kqlduck.generator (JSON of the gen parameters).
 */
import { sqlString } from '../sql/quote.js';
import { CATEGORY } from './scenarios.js';
import type { World } from './catalog/index.js';

export const GROUND_TRUTH_SUFFIX = '.ground-truth.parquet';
export const EXPECTED_RULE = 'T1204';

/** Columns of the ground-truth file, in order, with their DuckDB types. */
export const GROUND_TRUTH_COLUMNS: Array<[string, string]> = [
  ['ReportId', 'BIGINT'],
  ['Timestamp', 'TIMESTAMP'],
  ['DeviceId', 'VARCHAR'],
  ['DeviceName', 'VARCHAR'],
  ['AccountName', 'VARCHAR'],
  ['FileName', 'VARCHAR'],
  ['FolderPath', 'VARCHAR'],
  ['ProcessCommandLine', 'VARCHAR'],
  ['InitiatingProcessFileName', 'VARCHAR'],
  ['InitiatingProcessCommandLine', 'VARCHAR'],
  ['Scenario', 'VARCHAR'],
  ['Kind', 'VARCHAR'],
  ['Intent', 'VARCHAR'],
  ['Injection', 'BIGINT'],
  ['Step', 'INTEGER'],
  ['ExpectedRule', 'VARCHAR'],
  ['DetectionCategory', 'VARCHAR'],
  ['Note', 'VARCHAR'],
];

/** Scenario metadata and per-step expectations, as statements that create `scen` and `step_expect`. */
export function groundTruthSetup(world: World): string[] {
  const scen = world.scenarios.map((s, j) => `(${j}, ${sqlString(s.name)}, ${sqlString(s.kind)}, ${sqlString(s.intent)}, ${sqlString(s.note)})`);
  const expect = world.steps.map((s) => `(${s.sid}, ${sqlString(s.expect ? EXPECTED_RULE : 'none')}, ${s.expect ? sqlString(CATEGORY[s.expect]) : 'NULL'})`);
  return [
    `CREATE OR REPLACE TABLE scen (scen INTEGER, name VARCHAR, kind VARCHAR, intent VARCHAR, note VARCHAR)`,
    `INSERT INTO scen VALUES ${scen.join(', ')}`,
    `CREATE OR REPLACE TABLE step_expect (sid INTEGER, expected VARCHAR, category VARCHAR)`,
    `INSERT INTO step_expect VALUES ${expect.join(', ')}`,
  ];
}

/** Wraps the generator's SELECT over injected rows into the ground-truth projection. */
export function groundTruthSelect(generatedRows: string): string {
  return `SELECT g.ReportId, g.Timestamp, g.DeviceId, g.DeviceName, g.AccountName, g.FileName, g.FolderPath,
    g.ProcessCommandLine, g.InitiatingProcessFileName, g.InitiatingProcessCommandLine,
    sc.name AS Scenario, sc.kind AS Kind, sc.intent AS Intent, inj.k AS Injection, st.step AS Step,
    e.expected AS ExpectedRule, e.category AS DetectionCategory, sc.note AS Note
  FROM (${generatedRows}) g
  JOIN inj ON inj.i = g.ReportId - 1
  JOIN steps st ON st.sid = inj.sid
  JOIN step_expect e ON e.sid = inj.sid
  JOIN scen sc ON sc.scen = st.scen`;
}
