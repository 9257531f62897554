#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so a checkout works after `npm ci` with no build step.
import { register } from 'tsx/esm/api';
register();
// the commands that compile build Microsoft's parser on a worker thread while the CLI's modules load and
// DuckDB opens (src/cli/compiler.ts)
if (['query', 'translate'].includes(process.argv[2] ?? '')) (await import('../src/cli/compiler.ts')).startEarly();
await import('../src/cli/main.ts');
