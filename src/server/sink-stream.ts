/**
 * A Readable fed by a push-style writer (the shared writers of src/format/writers.ts write to a
 * `Sink`): `sink.write` waits while the client is slow (backpressure), and throws once the response
 * is gone, which stops the writer and, through it, the query.
 */
import { Readable } from 'node:stream';

export interface ByteSink {
  write(data: string | Uint8Array): Promise<void> | void;
}

export class ClientGoneError extends Error {
  constructor() {
    super('the response was closed before the result was written');
    this.name = 'ClientGoneError';
  }
}

/** `signal` ends the stream at once (destroying the response), even while the writer waits on a slow client. */
export function sinkStream(produce: (sink: ByteSink) => Promise<unknown>, signal?: AbortSignal, highWaterMark = 256 * 1024): Readable {
  let wake: (() => void) | undefined;
  let closed = false;
  const resume = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const readable = new Readable({
    highWaterMark,
    read: resume,
    destroy(err, cb) {
      closed = true;
      resume();
      cb(err);
    },
  });
  const sink: ByteSink = {
    write(data) {
      if (closed) throw new ClientGoneError();
      if (typeof data !== 'string' && data.byteLength === 0) return;
      if (!readable.push(data)) {
        return new Promise<void>((resolve) => {
          wake = resolve;
        }).then(() => {
          if (closed) throw new ClientGoneError();
        });
      }
    },
  };
  signal?.addEventListener('abort', () => readable.destroy(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason))), { once: true });
  // started on the next tick, once the caller has the stream and can attach listeners
  setImmediate(() => {
    produce(sink).then(
      () => {
        if (!closed) readable.push(null);
      },
      (err: unknown) => {
        if (!closed) readable.destroy(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
  return readable;
}
