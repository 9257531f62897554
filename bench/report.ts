/**
 * bench/RESULTS.md from bench/results/t1204-*.json: the measured tables and the targets of issue 6
 * with how far each is from holding. The prose around the tables lives in bench/results-notes.md.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { SizeResult } from './run.js';
import { formatTiming } from './stats.js';

const WHOLE = 'kqlduck whole range';
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

function sizeSection(r: SizeResult): string {
  const v = r.variants;
  const m = (n: string) => v[n]?.timing.median;
  const base = m(WHOLE);
  const lines = [
    `### ${r.size} rows (${r.rows.toLocaleString('en')} rows, ${r.exactness.detections} detections), ${r.date.slice(0, 16)}Z`,
    '',
    `Command: \`${r.command}\``,
    '',
    '| variant | median (min–max) | ÷ columns floor | ÷ kqlduck whole range | rows | peak RSS alone |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
  ];
  const floor = m('columns floor whole range');
  for (const [name, x] of Object.entries(v)) {
    lines.push(`| ${name} | ${formatTiming(x.timing)} | ${floor ? ratio(x.timing.median, floor) : '–'} | ${base ? ratio(x.timing.median, base) : '–'} | ${x.rows} | ${x.peakRssMiB ? `${x.peakRssMiB.toFixed(0)} MiB` : '–'} |`);
  }
  const e = r.exactness;
  lines.push('',
    `Answers (untimed): kqlduck ${e.detections} detections, ground truth ${e.groundTruthPositives} positives, ${e.groundTruthMismatches} rows differ; `
    + `hand-written SQL differs in ${e.handWrittenMismatches} rows${e.javascriptMismatches !== undefined && ranJavaScript(r) ? `, the JavaScript filter in ${e.javascriptMismatches}` : ' (the JavaScript filter was not run: --no-js)'}`
    + `${e.polarsMismatches === undefined ? '' : `, nodejs-polars in ${e.polarsMismatches}`}. `
    + `Naive ILIKE: ${e.naive.rows} rows, ${e.naive.extra} extra detections, ${e.naive.missing} missing, ${e.naive.changedCategory} with a changed category.`,
    '',
    `Translation of T1204 (parse + analyse + lower + emit): warm ${formatTiming(r.translation.warm)}${r.translation.warmNewText
      ? ` for the rule again (its analysis cached), ${formatTiming(r.translation.warmNewText)} for a text new to the process`
      : ' (before the analysis cache)'}, cold (first compile in a fresh process) ${formatTiming(r.translation.cold)}.`);
  if (r.rssCommand) {
    lines.push('', `Peak RSS and the CLI line were measured again with \`${r.rssCommand}\` (timings are from the first run; see the notes below for why).`);
  }
  if (r.cliHunt) {
    lines.push('', `\`kqlduck hunt T1204 --data ${r.archive.replace(/^.*\/bench\//, 'bench/')} --from <90 days back> --to 2026-11-30T00:00:00Z --format csv\` (the CLI, one run): `
      + `${r.cliHunt.seconds.toFixed(1)} s wall, peak RSS ${r.cliHunt.peakRssMiB.toFixed(0)} MiB, ${r.cliHunt.findingsLines} findings.`);
  }
  return lines.join('\n');
}

/** Whether the run timed the apache-arrow + JavaScript variant (not with --no-js). */
const ranJavaScript = (r: SizeResult) => Object.keys(r.variants).some((k) => k.includes('JavaScript'));

/** How many times faster kqlduck is than another variant, and whether that is the 6× asked for. */
function against(other: number, whole: number, missing: string): [string, boolean | undefined] {
  return Number.isNaN(other) ? [missing, undefined] : [ratio(other, whole), other / whole >= 6];
}

function targets(r: SizeResult): string {
  // by prefix, so a variant labelled with a note about its run still counts
  const m = (n: string) => Object.entries(r.variants).find(([k]) => k === n || k.startsWith(`${n} (`))?.[1].timing.median ?? NaN;
  const whole = m(WHOLE);
  const rows: Array<[string, string, boolean | undefined]> = [
    ['whole range ≤ 1.3× columns floor', ratio(whole, m('columns floor whole range')), whole / m('columns floor whole range') <= 1.3],
    ['whole range no slower than hand-written exact SQL', ratio(whole, m('hand-written exact SQL whole range')), whole <= m('hand-written exact SQL whole range')],
    ['≥ 6× faster than nodejs-polars', ...against(m('nodejs-polars whole range'), whole, 'not run (--no-polars, or it did not install)')],
    ['≥ 6× faster than JavaScript (apache-arrow)', ...against(m('apache-arrow + JavaScript whole range'), whole, 'not run (--no-js)')],
    ['24h window ≥ 10× faster than whole range', ratio(whole, m('kqlduck 24h window')), whole / m('kqlduck 24h window') >= 10],
  ];
  const t = r.translation;
  if (t.warmNewText) {
    rows.push(['warm translation ≤ 5 ms: the rule again (analysis cached)', formatTiming(t.warm), t.warm.median <= 5],
      ['warm translation ≤ 5 ms: a text new to the process', formatTiming(t.warmNewText), t.warmNewText.median <= 5]);
  } else {
    rows.push(['warm translation ≤ 5 ms (measured before the analysis cache)', formatTiming(t.warm), t.warm.median <= 5]);
  }
  if (r.cliHunt) rows.push(['peak RSS of kqlduck hunt ≤ 1 GiB', `${r.cliHunt.peakRssMiB.toFixed(0)} MiB`, r.cliHunt.peakRssMiB <= 1024]);
  return [`| target (${r.size}) | measured | holds |`, '| --- | --- | --- |', ...rows.map(([t, v, ok]) => `| ${t} | ${v} | ${ok === undefined ? '–' : ok ? 'yes' : '**no**'} |`)].join('\n');
}

export function writeReport(): void {
  const files = existsSync('bench/results') ? readdirSync('bench/results').filter((f) => /^t1204-.*\.json$/.test(f)).sort() : [];
  const results = files.map((f) => JSON.parse(readFileSync(`bench/results/${f}`, 'utf8')) as SizeResult)
    .sort((a, b) => a.rows - b.rows);
  const notes = existsSync('bench/results-notes.md') ? readFileSync('bench/results-notes.md', 'utf8') : '';
  const machine = results[0]?.machine;
  const out = [
    '# Benchmarks: T1204 on generated DeviceProcessEvents archives',
    '',
    '<!-- generated by `npm run bench` (bench/report.ts) from bench/results/*.json and bench/results-notes.md; edit those. The Service section at the end comes from `npm run bench:service` (tables by bench/service/report.ts) and is kept as it is -->',
    '',
    machine ? `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node}; @duckdb/node-api ${machine.duckdbNodeApi}. ${machine.note}.` : '',
    '',
    '## Targets (issue 6)',
    '',
    ...results.map((r) => `${targets(r)}\n`),
    '## Measurements',
    '',
    ...results.map((r) => `${sizeSection(r)}\n`),
    notes,
  ];
  writeFileSync('bench/RESULTS.md', `${out.join('\n').trim()}\n${serviceSection()}`);
}

/** The Service section at the end of RESULTS.md (written by `npm run bench:service`'s owner) is kept as it is. */
function serviceSection(): string {
  if (!existsSync('bench/RESULTS.md')) return '';
  const text = readFileSync('bench/RESULTS.md', 'utf8');
  const at = text.indexOf('\n## Service:');
  return at < 0 ? '' : `\n${text.slice(at + 1)}`;
}

if (process.argv[1]?.endsWith('report.ts')) writeReport();
