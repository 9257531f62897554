// A worker thread's entry: registers tsx's loader in the worker (a worker does not inherit the one
// bin/kqlduck.js registers), then runs the TypeScript module named in workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';
register();
await import(workerData.entry);
