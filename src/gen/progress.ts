/**
 * Progress of `kqlduck gen` on stderr: a cli-progress bar on a terminal (phase, rows, rows/s, files,
 * bytes, elapsed — refreshed every second, so a run of one big file still shows it is alive), plain
 * lines otherwise (one per phase and about every 10% of the rows).
 */
import cliProgress from 'cli-progress';
import type { GenProgress } from './generate.js';

export interface GenProgressSink {
  update(e: GenProgress): void;
  end(): void;
}

export function createGenProgress(stream: NodeJS.WriteStream = process.stderr): GenProgressSink {
  return stream.isTTY ? new BarProgress(stream) : new LineProgress(stream);
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let u = 0;
  while (n >= 1024 && u < units.length - 1) { n /= 1024; u++; }
  return `${n.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
}

function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

class BarProgress implements GenProgressSink {
  private bar: cliProgress.SingleBar;
  private started = Date.now();
  private last: GenProgress | undefined;
  private timer: NodeJS.Timeout;

  constructor(stream: NodeJS.WriteStream) {
    this.bar = new cliProgress.SingleBar({
      stream,
      format: 'gen {bar} {percentage}% | {rows} rows | {speed} rows/s | files {files} | {bytes} | {elapsed} | {phase}',
      hideCursor: true,
      clearOnComplete: false,
      barsize: 24,
      fps: 5,
    }, cliProgress.Presets.shades_classic);
    this.bar.start(1, 0, this.payload());
    this.timer = setInterval(() => this.bar.update(this.payload()), 1000);
    this.timer.unref();
  }

  private payload() {
    const e = this.last;
    const elapsed = Date.now() - this.started;
    return {
      rows: e ? `${formatCount(e.rowsDone)}/${formatCount(e.rows)}` : '0',
      speed: e && elapsed > 0 ? formatCount((e.rowsDone * 1000) / elapsed) : '0',
      files: e ? `${e.filesDone}/${e.files}` : '0/0',
      bytes: formatBytes(e?.bytesDone ?? 0),
      elapsed: formatElapsed(elapsed),
      phase: e?.phase ?? 'planning',
    };
  }

  update(e: GenProgress): void {
    this.last = e;
    this.bar.setTotal(Math.max(1, e.rows));
    this.bar.update(e.rowsDone, this.payload());
  }

  end(): void {
    clearInterval(this.timer);
    this.bar.stop();
  }
}

class LineProgress implements GenProgressSink {
  private started = Date.now();
  private phase = '';
  private nextTenth = 1;

  constructor(private stream: NodeJS.WriteStream) {}

  update(e: GenProgress): void {
    const elapsed = (Date.now() - this.started) / 1000;
    if (e.phase !== this.phase) {
      this.phase = e.phase;
      this.stream.write(`gen: ${e.phase} (${elapsed.toFixed(1)}s)\n`);
    }
    if (e.phase === 'generate' && e.rows > 0 && e.rowsDone >= (this.nextTenth * e.rows) / 10) {
      while (e.rowsDone >= (this.nextTenth * e.rows) / 10) this.nextTenth++;
      const rate = elapsed > 0 ? e.rowsDone / elapsed : 0;
      this.stream.write(`gen: ${formatCount(e.rowsDone)}/${formatCount(e.rows)} rows, files ${e.filesDone}/${e.files}, ${formatBytes(e.bytesDone)}, ${formatCount(rate)} rows/s\n`);
    }
  }

  end(): void {}
}
