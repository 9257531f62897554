/**
 * Progress while ingesting: a cli-progress bar (rows, rows/s, files) on a terminal, plain lines otherwise.
 * Progress goes to stderr; the summary table goes to stdout.
 */
import cliProgress from 'cli-progress';

export interface ProgressSink {
  begin(files: number): void;
  source(index: number, name: string): void;
  phase(text: string): void;
  /** Rows of the current source done so far (of an estimated total). */
  rows(done: number, total: number): void;
  /** Progress of a phase that is not counted in rows (fingerprinting bytes, partitions written): moves the bar only. */
  step(done: number, total: number): void;
  end(): void;
}

export const silentProgress: ProgressSink = { begin() {}, source() {}, phase() {}, rows() {}, step() {}, end() {} };

export function createProgress(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  return stream.isTTY ? new BarProgress(stream) : new LineProgress(stream);
}

class BarProgress implements ProgressSink {
  private bar: cliProgress.SingleBar;
  private files = 0;
  private index = 0;
  private name = '';
  private started = Date.now();
  private rowsDone = 0;
  private rowsBefore = 0;

  constructor(stream: NodeJS.WriteStream) {
    this.bar = new cliProgress.SingleBar({
      stream,
      format: '{bar} {percentage}% | {rowsDone} rows | {speed} rows/s | file {index}/{files} {name} ({phase})',
      hideCursor: true,
      clearOnComplete: false,
      barsize: 24,
      fps: 5,
    }, cliProgress.Presets.shades_classic);
  }

  begin(files: number): void {
    this.files = files;
    this.started = Date.now();
    this.bar.start(1, 0, this.payload('starting'));
  }
  source(index: number, name: string): void {
    this.rowsBefore = this.rowsDone;
    this.index = index;
    this.name = name;
    this.bar.setTotal(1);
    this.bar.update(0, this.payload('hashing'));
  }
  phase(text: string): void {
    this.bar.update(this.payload(text));
  }
  rows(done: number, total: number): void {
    this.rowsDone = this.rowsBefore + done;
    this.bar.setTotal(Math.max(total, 1));
    this.bar.update(Math.min(done, Math.max(total, 1)), this.payload());
  }
  step(done: number, total: number): void {
    this.bar.setTotal(Math.max(total, 1));
    this.bar.update(Math.min(done, Math.max(total, 1)), this.payload());
  }
  end(): void {
    this.bar.update(this.payload('done'));
    this.bar.stop();
  }
  private payload(phase?: string): Record<string, unknown> {
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    return {
      index: this.index, files: this.files, name: this.name, rowsDone: this.rowsDone,
      speed: Math.round(this.rowsDone / seconds), ...(phase ? { phase } : {}),
    };
  }
}

class LineProgress implements ProgressSink {
  private files = 0;
  private prefix = '';
  private started = Date.now();
  constructor(private readonly stream: NodeJS.WriteStream) {}
  begin(files: number): void {
    this.files = files;
  }
  source(index: number, name: string): void {
    this.prefix = `[${index}/${this.files}] ${name}`;
    this.started = Date.now();
  }
  phase(text: string): void {
    this.stream.write(`${this.prefix}: ${text} (+${((Date.now() - this.started) / 1000).toFixed(1)}s)\n`);
  }
  rows(): void {}
  step(): void {}
  end(): void {}
}
