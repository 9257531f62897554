/**
 * A bounded pool in front of DuckDB: at most `concurrency` queries hold a connection at once, at most
 * `queueSize` wait for one; beyond that a request is turned away at once (503) instead of piling up.
 * A waiter whose signal aborts (timeout, client gone, shutdown) leaves the queue.
 */
import { HttpError } from './errors.js';

interface Waiter {
  resolve(release: () => void): void;
  reject(err: unknown): void;
  signal?: AbortSignal;
  onAbort(): void;
}

export class Limiter {
  private running = 0;
  private readonly queue: Waiter[] = [];
  private idleWaiters: Array<() => void> = [];

  constructor(readonly concurrency: number, readonly queueSize: number) {}

  get active(): number {
    return this.running;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves with a release function (call it once the connection is closed). */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.running < this.concurrency) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    if (this.queue.length >= this.queueSize) {
      return Promise.reject(new HttpError(503, 'queue-full', `the server is busy: ${this.running} queries running and ${this.queue.length} waiting; retry shortly`, { 'retry-after': '1' }));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) this.queue.splice(i, 1);
          reject(signal!.reason);
          this.checkIdle();
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.queue.shift();
      if (next) {
        next.signal?.removeEventListener('abort', next.onAbort);
        next.resolve(this.releaser());
      } else {
        this.running--;
        this.checkIdle();
      }
    };
  }

  private checkIdle(): void {
    if (this.running === 0 && this.queue.length === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  /** Resolves when nothing runs or waits, or after `ms` (false then). */
  idle(ms: number): Promise<boolean> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== done);
        resolve(false);
      }, ms);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.idleWaiters.push(done);
    });
  }
}
