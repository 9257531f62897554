/** Start-up costs: the CLI end to end, the server to its first /readyz 200, and rule translation. */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, startServe, timeCli } from './proc.js';
import { round, show, summarize, type Summary } from './stats.js';

const run = promisify(execFile);

export interface StartupResult {
  cliPrint1: { seconds: Summary; cpuSeconds: Summary; peakRssMb: Summary };
  cliHelp: { seconds: Summary; cpuSeconds: Summary };
  serverReady: { ms: Summary; dataRoot: string };
  /** warmMs: the rule again (its analysis cached); warmNewTextMs: a text new to the process each time. */
  translateT1204: { importMs: Summary; coldMs: Summary; warmMs: Summary; warmNewTextMs?: Summary; warmRunsPerProcess: number; processes: number };
}

export async function runStartup(options: { runs: number; warmRuns: number }): Promise<StartupResult> {
  // one throw-away run of each, so tsx's transform cache and the page cache are warm for all
  await timeCli(['query', 'print 1']);
  const print: number[] = [];
  const printRss: number[] = [];
  const printCpu: number[] = [];
  const help: number[] = [];
  const helpCpu: number[] = [];
  const ready: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    // alternated, so that a burst of load from another user hits every measurement alike
    const p = await timeCli(['query', 'print 1']);
    if (!p.stdout.includes('1')) throw new Error(`print 1 printed ${p.stdout}`);
    print.push(p.seconds);
    printRss.push(p.peakRssMb);
    printCpu.push(p.cpuSeconds);
    const h = await timeCli(['--help']);
    help.push(h.seconds);
    helpCpu.push(h.cpuSeconds);
    const server = await startServe(['--data', 'data']);
    try {
      ready.push(server.readyMs);
    } finally {
      await server.stop();
    }
  }
  const translate = await runTranslate(options.runs, options.warmRuns);
  const result: StartupResult = {
    cliPrint1: { seconds: summarize(print), cpuSeconds: summarize(printCpu), peakRssMb: summarize(printRss) },
    cliHelp: { seconds: summarize(help), cpuSeconds: summarize(helpCpu) },
    serverReady: { ms: summarize(ready), dataRoot: 'data' },
    translateT1204: translate,
  };
  console.log(`startup kqlduck query 'print 1': ${show(result.cliPrint1.seconds, ' s')} wall, ${show(result.cliPrint1.cpuSeconds, ' s')} CPU, peak RSS ${show(result.cliPrint1.peakRssMb, ' MiB')}`);
  console.log(`startup kqlduck --help: ${show(result.cliHelp.seconds, ' s')} wall, ${show(result.cliHelp.cpuSeconds, ' s')} CPU`);
  console.log(`startup serve → first /readyz 200: ${show(result.serverReady.ms, ' ms')}`);
  console.log(`translate T1204: import ${show(translate.importMs, ' ms')}, cold ${show(translate.coldMs, ' ms')}, warm ${show(translate.warmMs, ' ms')} (the rule again), ${show(translate.warmNewTextMs!, ' ms')} (a new text)`);
  return result;
}

async function runTranslate(processes: number, warmRuns: number): Promise<StartupResult['translateT1204']> {
  const script = resolve(ROOT, 'bench/service/translate-once.ts');
  const rule = resolve(ROOT, 'src/detections/rules/T1204.kql');
  const tsx = resolve(ROOT, 'node_modules/tsx/dist/cli.mjs');
  const imports: number[] = [];
  const cold: number[] = [];
  const warmMedians: number[] = [];
  const newTextMedians: number[] = [];
  for (let i = 0; i < processes; i++) {
    const { stdout } = await run(process.execPath, [tsx, script, rule, String(warmRuns)], { cwd: ROOT });
    const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as { importMs: number; coldMs: number; warm: number[]; warmNewText: number[] };
    imports.push(r.importMs);
    cold.push(r.coldMs);
    // the warm figure of a process: the median of its repeated translations
    warmMedians.push(summarize(r.warm).median);
    newTextMedians.push(summarize(r.warmNewText).median);
  }
  const ms = (medians: number[]) => summarize(medians.map((v) => round(v)));
  return { importMs: summarize(imports), coldMs: summarize(cold), warmMs: ms(warmMedians), warmNewTextMs: ms(newTextMedians), warmRunsPerProcess: warmRuns, processes };
}
