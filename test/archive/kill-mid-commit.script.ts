/**
 * Run by commit.test.ts in a child process: starts a commit and kills itself (SIGKILL, no cleanup of
 * any kind) right after the first file has been renamed into the archive.
 * Usage: node --import tsx kill-mid-commit.script.ts ARCHIVE STAGED FINGERPRINT
 */
import { commitStaged } from '../../src/archive/commit.js';

const [archive, staged, fingerprint] = process.argv.slice(2) as [string, string, string];
await commitStaged({
  archive, table: 'DeviceProcessEvents', staged, fingerprint, source: { path: 'killed-source.jsonl' },
  hooks: { afterRename: () => void process.kill(process.pid, 'SIGKILL') },
});
