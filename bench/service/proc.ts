/**
 * Child processes for the benchmarks: a `kqlduck serve` on a free loopback port, CLI runs measured with
 * /usr/bin/time (its peak RSS comes from the kernel's rusage, so a short run's peak is not missed
 * between samples), and a sampler of a live process's memory from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const KQLDUCK = resolve(ROOT, 'bin/kqlduck.js');

/**
 * Every child still running, killed if the bench itself exits or is interrupted mid-way. Children are
 * spawned `detached` (their own process group), so killing the group also reaches the kqlduck process
 * that /usr/bin/time runs, which a kill of `time` alone would leave running.
 */
const live = new Set<ChildProcess>();
function track<T extends ChildProcess>(child: T): T {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}
function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}
process.once('exit', () => {
  for (const c of live) killGroup(c);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const c of live) killGroup(c);
    process.exit(130);
  });
}

export interface Served {
  child: ChildProcess;
  url: string;
  pid: number;
  /** ms from spawn to the first 200 from /readyz. */
  readyMs: number;
  stop(): Promise<void>;
}

/** Starts `kqlduck serve --port 0` and waits for /readyz; the caller must `stop()` it in a finally. */
export async function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const started = performance.now();
  const child = track(spawn(process.execPath, [KQLDUCK, 'serve', '--port', '0', '--log-level', 'warn', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  }));
  const stop = () => stopChild(child);
  try {
    const url = await new Promise<string>((ok, fail) => {
      let text = '';
      const onData = (b: Buffer) => {
        text += b.toString('utf8');
        // serve prints `kqlduck serving … at http://127.0.0.1:PORT` once it listens
        const m = / at (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
        if (m) {
          child.stderr!.off('data', onData);
          child.stderr!.resume(); // keep draining so a chatty child never blocks on a full pipe
          ok(m[1]!);
        }
      };
      child.stderr!.on('data', onData);
      child.once('exit', (code) => fail(new Error(`kqlduck serve exited (${code}) before listening:\n${text}`)));
    });
    for (;;) {
      const res = await fetch(`${url}/readyz`).catch(() => undefined);
      if (res?.status === 200) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    return { child, url, pid: child.pid!, readyMs: performance.now() - started, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** SIGTERM (graceful close), then SIGKILL if it lingers; resolves once the process is gone. */
export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => killGroup(child), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

export interface Timed {
  seconds: number;
  /** user + system CPU seconds: less sensitive than wall time to other users' load on a shared machine */
  cpuSeconds: number;
  peakRssMb: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI under /usr/bin/time; `%e %M %U %S` is appended to stderr as its last line. */
export function timeCli(args: string[], options: { input?: string } = {}): Promise<Timed> {
  return new Promise((ok, fail) => {
    const child = track(spawn('/usr/bin/time', ['-f', '__time %e %M %U %S', process.execPath, KQLDUCK, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], detached: true }));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.stdin.end(options.input ?? '');
    child.once('error', fail);
    child.once('exit', (code) => {
      const m = /__time ([\d.]+) (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      if (code !== 0 || !m) return fail(new Error(`kqlduck ${args.join(' ')} failed (${code}):\n${stderr.slice(-2000)}`));
      ok({ seconds: Number(m[1]), cpuSeconds: Number(m[3]) + Number(m[4]), peakRssMb: Number(m[2]) / 1024, stdout, stderr: stderr.slice(0, m.index) });
    });
  });
}

/** VmRSS and VmHWM (the kernel's own peak) of a live process, in MiB. */
export function memoryOf(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

/**
 * Samples a process's RSS every `everyMs` until stopped. VmHWM is a lifetime peak (it includes start-up
 * and earlier runs), so the peak *during* a window is the largest VmRSS sample, reported beside it.
 */
export function sampleRss(pid: number, everyMs = 20) {
  const start = memoryOf(pid);
  let peak = start.rssMb;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, memoryOf(pid).rssMb);
    } catch {
      clearInterval(timer); // the process is gone
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const end = memoryOf(pid);
      return { startRssMb: start.rssMb, peakRssMb: Math.max(peak, end.rssMb), endRssMb: end.rssMb, hwmMb: end.hwmMb };
    },
  };
}
