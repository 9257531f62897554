import type { Command } from 'commander';
import { loadRules } from '../../detections/rules.js';

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
}
