/**
 * Synthetic DeviceProcessEvents with a ground truth (`kqlduck gen`). For a test that runs the T1204
 * rule over a generated archive:
 *
 *   const r = await generate({ archive, rows: 50_000, days: 3, end: new Date('2026-11-30'), seed: 1 });
 *   // expected rule output: every ground-truth row with ExpectedRule = 'T1204', its DetectionCategory
 *   SELECT * FROM read_parquet(groundTruthPath(archive)) WHERE ExpectedRule = 'T1204'
 *
 * The rule keeps `Timestamp > ago(24h)`: with `now` set to the window's end it sees the last day, and
 * its output equals the ground-truth rows with ExpectedRule = 'T1204' and Timestamp > now - 24h.
 */
export { generate, groundTruthPath, defaultEnd, GenConflictError, TABLE, type GenOptions, type GenResult, type GenProgress } from './generate.js';
export { GROUND_TRUTH_COLUMNS, EXPECTED_RULE } from './ground-truth.js';
export { CATEGORY, SCENARIOS, type Scenario, type ScenarioStep } from './scenarios.js';
