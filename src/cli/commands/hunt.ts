import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { findRule, type Rule } from '../../detections/rules.js';
import type { Engine } from '../../engine/engine.js';
import { WRITERS, primed } from '../../format/writers.js';
import { daysDone, huntToStore, makeSchedule, scheduleDays, perDaySummary, sliceFindingsSql, parseDuration, type Schedule } from '../../hunt/index.js';
import { CliError, EXIT_USAGE } from '../exit.js';
import { parseNow, sourceSpecs, withDataOptions, type DataOptions } from '../options.js';
import { openEngine, runQueryToStdout, stdoutSink } from '../run-query.js';
import { renderDailyChart } from '../chart.js';

interface HuntOptions extends DataOptions {
  from?: Date;
  to?: Date;
  every?: string;
  lookback?: string;
  out?: string;
  slice?: string;
}

export function register(program: Command): void {
  withDataOptions(
    program
      .command('hunt')
      .description('run bundled detection rules: once (at --now), or replayed on their schedule over [--from, --to] (a retro-hunt)')
      .argument('<rules...>', 'rule ids, e.g. T1204'),
  )
    .option('--from <iso>', 'replay the scheduled runs from this instant (ISO-8601)', parseNow)
    .option('--to <iso>', 'last scheduled run at or before this instant (default: now)', parseNow)
    .option('--every <duration>', "time between scheduled runs (default: the rule's frequency, e.g. 1d)")
    .option('--lookback <duration>', "how far back each run looks (default: the rule's lookback, e.g. 24h)")
    .option('--out <dir>', 'keep findings in this Parquet store (re-runs add nothing; an interrupted hunt resumes)')
    .option('--slice <duration>', 'with --out: work in slices of this length (resume granularity), default one pass')
    .addHelpText('after', `
Examples:
  kqlduck hunt T1204 --data data --now 2026-11-30T12:00:00Z
  kqlduck hunt T1204 --data ARCHIVE --from 2026-09-01T00:00:00Z --to 2026-11-30T00:00:00Z --out findings`)
    .action(async (ids: string[], o: HuntOptions) => {
      const rules = ids.map((id) => findRule(id) ?? usage(`no rule ${id}; \`kqlduck rules\` lists them`));
      if (!o.from && (o.to || o.out || o.every || o.lookback || o.slice)) usage('--to, --every, --lookback, --out and --slice need --from');
      const engine = await openEngine(sourceSpecs(o));
      try {
        for (const rule of rules) {
          if (!o.from) await runQueryToStdout(engine, rule.kql, o.now, o.format);
          else await retroHunt(engine, rule, o);
        }
      } finally {
        engine.close();
      }
    });
}

function usage(message: string): never {
  throw new CliError(`kqlduck: ${message}`, EXIT_USAGE);
}

async function retroHunt(engine: Engine, rule: Rule, o: HuntOptions): Promise<void> {
  let schedule: Schedule;
  try {
    schedule = makeSchedule(o.from!, o.to ?? new Date(), o.every ?? rule.frequency, o.lookback ?? rule.lookback);
  } catch (err) {
    usage((err as Error).message);
  }
  const started = Date.now();
  if (!o.out) {
    // one pass, findings straight to stdout
    const { sql, columns } = await sliceFindingsSql(engine, rule, schedule);
    const chunks = await primed(engine.stream(sql, { types: columns.map((c) => c.type) }));
    await WRITERS[o.format](columns, chunks, stdoutSink);
    return;
  }
  const days = scheduleDays(schedule);
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar({ format: `${rule.id} [{bar}] {value}/{total} days | {rate} rows/s | {findings} findings | {elapsed}s`, hideCursor: true }, cliProgress.Presets.shades_classic)
    : undefined;
  bar?.start(days, 0, { findings: 0, rate: 0, elapsed: 0 });
  let findings = 0;
  let scanned = 0;
  const results = await huntToStore(engine, rule, schedule, o.out, {
    sliceUs: o.slice ? parseDuration(o.slice) : undefined,
    onProgress: ({ slice, slices, result }) => {
      findings += result.findings;
      scanned += result.rowsScanned;
      const seconds = (Date.now() - started) / 1000;
      if (bar) {
        bar.update(daysDone(schedule, result.to), { findings, rate: Math.round(scanned / Math.max(seconds, 0.001)).toLocaleString('en-US'), elapsed: seconds.toFixed(1) });
      } else {
        process.stderr.write(`${rule.id}: slice ${slice}/${slices} ${result.from.toISOString()} … ${result.to.toISOString()}: ${result.findings} findings${result.skipped ? ' (already in the store)' : `, ${result.rowsScanned} rows scanned`}\n`);
      }
    },
  });
  bar?.stop();
  const summary = await perDaySummary(engine, results.map((r) => r.file!));
  process.stdout.write(`${rule.id} (${rule.title}), version ${rule.version}: ${findings} findings over ${schedule.from.toISOString()} … ${schedule.to.toISOString()} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(renderDailyChart(summary));
}
