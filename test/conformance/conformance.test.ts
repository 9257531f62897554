/**
 * Kusto's own documented examples (test/conformance/cases/*.json), run through kqlduck.
 *
 * - A case not listed in known-failures.json must pass.
 * - A case listed there must still fail: when it starts passing, remove it from the list
 *   (`npx tsx test/conformance/report.ts --update` rewrites the list from a fresh run).
 *
 * A per-area summary is printed after the run. See README.md in this folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AREAS, areaOf, formatSummary, loadCases, loadKnownFailures, openOrError, runCase, summarize,
  type CaseResult, type Kqlduck,
} from './harness.js';

const cases = loadCases();
const known = loadKnownFailures();
const results: CaseResult[] = [];
let kqlduck: Kqlduck | Error = new Error('not opened');

beforeAll(async () => {
  kqlduck = await openOrError();
});

afterAll(async () => {
  if (!(kqlduck instanceof Error)) await kqlduck.close();
  if (results.length) {
    const stale = Object.keys(known).filter((id) => !cases.some((c) => c.id === id));
    const lines = [`\nKQL conformance (Kusto documented examples): ${results.filter((r) => r.passed).length}/${results.length} pass`, formatSummary(summarize(results, known))];
    if (kqlduck instanceof Error) lines.push(`kqlduck could not be opened: ${kqlduck.message}`);
    if (stale.length) lines.push(`known-failures.json lists ${stale.length} id(s) that are no longer cases: ${stale.join(', ')}`);
    console.log(lines.join('\n'));
  }
});

const areas = [...new Set([...AREAS, ...cases.map((c) => areaOf(c.id))])].filter((a) => cases.some((c) => areaOf(c.id) === a));

for (const area of areas) {
  describe(area, () => {
    for (const c of cases.filter((x) => areaOf(x.id) === area)) {
      const reason = known[c.id];
      const title = reason === undefined ? c.id : `${c.id} (known failure: ${reason})`;
      it(title, async () => {
        const r = await runCase(kqlduck, c);
        results.push(r);
        if (reason === undefined) {
          expect(r.passed, `${c.id} failed: ${r.error}\n  doc: ${c.doc}\n  kql:\n${c.kql}`).toBe(true);
        } else {
          expect(
            r.passed,
            `${c.id} now passes: remove it from test/conformance/known-failures.json (listed as "${reason}"), ` +
              'or run `npx tsx test/conformance/report.ts --update`',
          ).toBe(false);
        }
      });
    }
  });
}
