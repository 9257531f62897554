import type { Command } from 'commander';
import { findRule, loadRules } from '../../detections/rules.js';
import { CliError, EXIT_USAGE } from '../exit.js';
import { sourceSpecs, withDataOptions, type DataOptions } from '../options.js';
import { openEngine, runQueryToStdout } from '../run-query.js';

export function register(program: Command): void {
  program
    .command('rules')
    .description('list the bundled detection rules')
    .option('--json', 'print the rules as JSON')
    .action((o: { json?: boolean }) => {
      const rules = loadRules();
      if (o.json) {
        process.stdout.write(`${JSON.stringify(rules.map(({ kql: _k, ...meta }) => meta), null, 2)}\n`);
        return;
      }
      for (const r of rules) {
        process.stdout.write(`${r.id.padEnd(8)} ${r.severity.padEnd(7)} ${r.attack.tactic.padEnd(12)} ${r.title}  [${r.requiredTables.join(', ')}]\n`);
      }
    });

  withDataOptions(
    program
      .command('hunt')
      .description('run a bundled detection rule over the data')
      .argument('<rule>', 'rule id, e.g. T1204'),
  ).action(async (id: string, o: DataOptions) => {
    const rule = findRule(id);
    if (!rule) throw new CliError(`kqlduck: no rule ${id}; \`kqlduck rules\` lists them`, EXIT_USAGE);
    const engine = await openEngine(sourceSpecs(o));
    try {
      await runQueryToStdout(engine, rule.kql, o.now, o.format);
    } finally {
      engine.close();
    }
  });
}
