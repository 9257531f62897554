/**
 * Retro-hunts as background jobs: start one, watch its progress, cancel it, read its findings.
 *
 * A job replays a rule over [from, to] into the server's findings store with `huntToStore`, in a few
 * slices (each one pass over its days) so that progress can be reported and a cancelled or crashed
 * hunt resumes where it stopped: the store keeps every finished slice, and a later job for the same
 * rule version and schedule skips it. A running hunt holds one slot of the DuckDB pool (waiting for it
 * like any query), so hunts share the pool with interactive queries instead of starving them.
 */
import { randomUUID } from 'node:crypto';
import type { Rule } from '../detections/rules.js';
import type { Engine } from '../engine/engine.js';
import { daysDone, FINDING_COLUMNS, huntToStore, perDaySummary, replayStatement, scheduleDays, slices, type Schedule } from '../hunt/index.js';
import type { Column } from '../ir/types.js';
import { KqlError } from '../diagnostics/diagnostic.js';
import { HttpError } from './errors.js';
import type { Limiter } from './limiter.js';

export type HuntStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface HuntView {
  id: string;
  rule: { id: string; version: string };
  from: string;
  to: string;
  every: string;
  lookback: string;
  status: HuntStatus;
  progress: { slices: number; slicesDone: number; findings: number; daysDone: number; days: number; rowsScanned: number };
  startedAt: string;
  finishedAt?: string;
  error?: { code: string; message: string };
  /** Findings per day and category, once done (the data of the CLI's chart). */
  perDay?: Array<{ day: string; category: string; findings: number }>;
}

interface Job {
  view: HuntView;
  controller: AbortController;
  files: string[];
  columns: Column[];
  done: Promise<void>;
}

const DAY_MS = 86_400_000;
/**
 * Aim for about this many slices: progress in steps, each step still one pass over its days. A slice
 * is at least a week, as each one compiles the rule again (tens to hundreds of ms).
 */
const TARGET_SLICES = 10;
const MIN_SLICE_DAYS = 7;
/** Finished jobs kept for GET (their findings stay in the store either way). */
const KEEP_FINISHED = 100;

export interface HuntRequest {
  rule: Rule;
  schedule: Schedule;
  every: string;
  lookback: string;
}

export class HuntJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly engine: Engine,
    private readonly limiter: Limiter,
    private readonly store: string,
    private readonly maxRunning: number,
    /** Where running jobs' controllers are kept for the server to cancel on shutdown. */
    private readonly registry: Set<AbortController>,
  ) {}

  get running(): number {
    return [...this.jobs.values()].filter((j) => j.view.status === 'running').length;
  }

  /** Checks the rule compiles for replay (400/422 now rather than a failed job later), then starts it. */
  start({ rule, schedule, every, lookback }: HuntRequest): HuntView {
    if (this.running >= this.maxRunning) {
      throw new HttpError(503, 'hunts-busy', `${this.running} retro-hunts are running, the most this server runs at once; retry when one ends`, { 'retry-after': '30' });
    }
    const stmt = replayStatement(this.engine, rule.kql, schedule);
    if (!stmt.sql) throw new KqlError(rule.kql, stmt.diagnostics);
    const days = scheduleDays(schedule);
    const sliceUs = BigInt(Math.max(MIN_SLICE_DAYS, Math.ceil(days / TARGET_SLICES))) * BigInt(DAY_MS) * 1000n;
    const parts = slices(schedule, sliceUs);
    const view: HuntView = {
      id: randomUUID(),
      rule: { id: rule.id, version: rule.version },
      from: schedule.from.toISOString(),
      to: schedule.to.toISOString(),
      every,
      lookback,
      status: 'running',
      progress: { slices: parts.length, slicesDone: 0, findings: 0, daysDone: 0, days, rowsScanned: 0 },
      startedAt: new Date().toISOString(),
    };
    const controller = new AbortController();
    this.registry.add(controller);
    const job: Job = { view, controller, files: [], columns: [...FINDING_COLUMNS, ...stmt.columns], done: Promise.resolve() };
    job.done = this.run(job, rule, schedule, sliceUs);
    this.jobs.set(view.id, job);
    this.forgetOldest();
    return view;
  }

  private async run(job: Job, rule: Rule, schedule: Schedule, sliceUs: bigint): Promise<void> {
    const { view, controller } = job;
    try {
      const results = await this.withSlot(controller.signal, () => huntToStore(this.engine, rule, schedule, this.store, {
        sliceUs,
        signal: controller.signal,
        onProgress: ({ slice, result }) => {
          view.progress.slicesDone = slice;
          view.progress.findings += result.findings;
          view.progress.rowsScanned += result.rowsScanned;
          view.progress.daysDone = daysDone(schedule, result.to);
          if (result.file) job.files.push(result.file);
        },
      }));
      view.perDay = await perDaySummary(this.engine, results.map((r) => r.file!));
      view.status = 'done';
    } catch (err) {
      if (controller.signal.aborted) {
        view.status = 'cancelled';
      } else {
        view.status = 'failed';
        view.error = { code: err instanceof KqlError ? 'query-invalid' : 'hunt-failed', message: err instanceof Error ? err.message : String(err) };
      }
    } finally {
      view.finishedAt = new Date().toISOString();
      this.registry.delete(controller);
    }
  }

  /** Holds one pool slot for the whole hunt, waiting in the queue (and again if it is full). */
  private async withSlot<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        const release = await this.limiter.acquire(signal);
        try {
          return await work();
        } finally {
          release();
        }
      } catch (err) {
        if (!(err instanceof HttpError && err.code === 'queue-full')) throw err;
        await new Promise((r) => setTimeout(r, 500));
        signal.throwIfAborted();
      }
    }
  }

  get(id: string): HuntView | undefined {
    return this.jobs.get(id)?.view;
  }

  list(): HuntView[] {
    return [...this.jobs.values()].map((j) => j.view);
  }

  /** The store files a job has written so far and its columns (for its findings). */
  findings(id: string): { files: string[]; columns: Column[] } | undefined {
    const job = this.jobs.get(id);
    return job && { files: [...job.files], columns: job.columns };
  }

  /** Cancels a running job (its finished slices stay in the store); resolves once it has stopped. */
  async cancel(id: string): Promise<HuntView | undefined> {
    const job = this.jobs.get(id);
    if (!job) return undefined;
    job.controller.abort();
    await job.done;
    return job.view;
  }

  /** Waits for every job to end (on shutdown, once they have been cancelled). */
  async settled(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((j) => j.done));
  }

  private forgetOldest(): void {
    const finished = [...this.jobs.values()].filter((j) => j.view.status !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(j.view.id);
  }
}
