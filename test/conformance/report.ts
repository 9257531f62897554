/**
 * Conformance report: runs every documented case through kqlduck and prints per-area counts and
 * the failures with their errors.
 *
 *   npx tsx test/conformance/report.ts                 # summary + failures
 *   npx tsx test/conformance/report.ts --update        # also rewrite known-failures.json from this run
 *   npx tsx test/conformance/report.ts --area dynamic  # only one area (repeatable)
 *   npx tsx test/conformance/report.ts --id parse      # only cases whose id contains the text
 *   npx tsx test/conformance/report.ts --verbose       # also show the KQL and the actual rows of failures
 *   npx tsx test/conformance/report.ts --json out.json # write every result as JSON
 *
 * --update keeps the list honest: every failing case is listed with the first line of its error as
 * the reason (an existing reason is kept when the case still fails), and passing cases are removed.
 * With --area/--id, only the selected cases' entries are touched.
 */
import { writeFileSync } from 'node:fs';
import {
  KNOWN_FAILURES_FILE, firstLine, formatSummary, loadCases, loadKnownFailures, openOrError, runCase, summarize,
  type CaseResult,
} from './harness.js';

interface Args { update: boolean; verbose: boolean; areas: string[]; ids: string[]; json?: string }

function parseArgs(argv: string[]): Args {
  const a: Args = { update: false, verbose: false, areas: [], ids: [] };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i]!;
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${x} needs a value`);
      return v;
    };
    if (x === '--update') a.update = true;
    else if (x === '--verbose' || x === '-v') a.verbose = true;
    else if (x === '--area') a.areas.push(next());
    else if (x === '--id') a.ids.push(next());
    else if (x === '--json') a.json = next();
    else if (x === '--help' || x === '-h') {
      console.log('usage: npx tsx test/conformance/report.ts [--update] [--verbose] [--area AREA]... [--id TEXT]... [--json FILE]');
      process.exit(0);
    } else throw new Error(`unknown argument ${x}`);
  }
  return a;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const known = loadKnownFailures();
  const all = loadCases();
  const selected = all.filter((c) =>
    (args.areas.length === 0 || args.areas.some((a) => c.id.startsWith(`${a}/`))) &&
    (args.ids.length === 0 || args.ids.some((t) => c.id.includes(t))));

  const kqlduck = await openOrError();
  if (kqlduck instanceof Error) console.log(`kqlduck could not be opened: ${firstLine(kqlduck.message)}\n`);
  const results: CaseResult[] = [];
  try {
    for (const c of selected) results.push(await runCase(kqlduck, c));
  } finally {
    if (!(kqlduck instanceof Error)) await kqlduck.close();
  }

  const failures = results.filter((r) => !r.passed);
  if (failures.length) {
    console.log(`Failures (${failures.length}):`);
    for (const r of failures) {
      const listed = known[r.case.id] !== undefined ? '' : '  [not in known-failures]';
      console.log(`- ${r.case.id}${listed}\n    ${r.error}`);
      if (args.verbose) {
        console.log(`    doc: ${r.case.doc}`);
        console.log(`    kql: ${r.case.kql.replace(/\n/g, '\n         ')}`);
        if (r.actual) console.log(`    got: ${JSON.stringify(r.actual)}`);
        console.log(`    expected: ${JSON.stringify(r.case.expected)}`);
      }
    }
    console.log('');
  }
  const fixed = results.filter((r) => r.passed && known[r.case.id] !== undefined);
  if (fixed.length) {
    console.log(`Listed as known failures but now passing (${fixed.length}): ${fixed.map((r) => r.case.id).join(', ')}\n`);
  }
  const stale = Object.keys(known).filter((id) => !all.some((c) => c.id === id));
  if (stale.length) console.log(`known-failures.json lists ids that are not cases: ${stale.join(', ')}\n`);

  console.log(formatSummary(summarize(results, known)));

  if (args.json) {
    writeFileSync(args.json, JSON.stringify(results.map((r) => ({ id: r.case.id, passed: r.passed, error: r.error, ms: r.ms, actual: r.actual })), null, 2));
    console.log(`\nresults written to ${args.json}`);
  }

  if (args.update) {
    const next: Record<string, string> = {};
    const ran = new Set(results.map((r) => r.case.id));
    // entries of cases not run this time stay as they are (unless the case no longer exists)
    for (const [id, reason] of Object.entries(known)) {
      if (!ran.has(id) && all.some((c) => c.id === id)) next[id] = reason;
    }
    for (const r of failures) {
      next[r.case.id] = known[r.case.id] ?? firstLine(r.error ?? 'failed');
    }
    const sorted = Object.fromEntries(Object.entries(next).sort(([a], [b]) => a.localeCompare(b)));
    writeFileSync(KNOWN_FAILURES_FILE, `${JSON.stringify(sorted, null, 2)}\n`);
    console.log(`\nknown-failures.json: ${Object.keys(sorted).length} entr${Object.keys(sorted).length === 1 ? 'y' : 'ies'} written`);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(2);
});
