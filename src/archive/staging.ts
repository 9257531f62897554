/**
 * Work-in-progress folders under ARCHIVE/.staging/, the archive lock, and recovery after a crash.
 *
 * Every staging folder carries an owner note (pid, host). A folder whose owner is gone is stale: its
 * journal (if a commit had started renaming) is rolled back and the folder removed, by the next process
 * that takes the lock. Readers never look inside `.staging`.
 */
import { hostname } from 'node:os';
import { mkdir, open, readdir, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { JOURNAL_FILE, LOCK_FILE, OWNER_FILE, STAGING_DIR, stagingRoot } from './layout.js';
import { readJsonIfExists, readManifest, writeJsonSynced } from './manifest.js';

export interface Owner { pid: number; host: string; startedAt: string; purpose?: string }

/** One planned rename of a commit; `to` and `from` are absolute paths. */
export interface Move { from: string; to: string }

export interface Journal {
  fingerprint: string;
  table: string;
  moves: Move[];
  /** Folders the commit creates, in creation order; removed again (if empty) on rollback. */
  createdDirs: string[];
}

const STALE_WITHOUT_OWNER_MS = 24 * 3600 * 1000;

export function currentOwner(purpose?: string): Owner {
  return { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), ...(purpose ? { purpose } : {}) };
}

export function isOwnerAlive(owner: Owner | undefined): boolean {
  if (!owner || typeof owner.pid !== 'number') return false;
  if (owner.host !== hostname()) return true; // cannot tell for another machine: leave it alone
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates `ARCHIVE/.staging/<purpose>-<pid>-<random>/` with its owner note. */
export async function createStagingDir(archive: string, purpose: string): Promise<string> {
  const dir = join(stagingRoot(archive), `${purpose}-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  await writeJsonSynced(join(dir, OWNER_FILE), currentOwner(purpose));
  return dir;
}

/** Removes a staging folder, and `.staging` itself once it is empty, so a clean archive has no trace of it. */
export async function removeStagingDir(archive: string, dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await rmdir(stagingRoot(archive)).catch(() => undefined);
}

export interface LockOptions { timeoutMs?: number; pollMs?: number }

/**
 * Takes ARCHIVE/.lock (created exclusively). A lock whose owner is dead is broken; a live one is waited for.
 * Returns the release function.
 */
export async function acquireLock(archive: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const path = join(archive, LOCK_FILE);
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    try {
      const fh = await open(path, 'wx');
      try {
        await fh.writeFile(JSON.stringify(currentOwner('lock')), 'utf8');
        await fh.sync();
      } finally {
        await fh.close();
      }
      return async () => {
        await unlink(path).catch(() => undefined);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = await readJsonIfExists<Owner>(path);
    const age = await stat(path).then((s) => Date.now() - s.mtimeMs, () => 0);
    // No readable owner: a process died between creating and writing the lock (or is writing it right now).
    if (owner ? !isOwnerAlive(owner) : age > 10_000) {
      await unlink(path).catch(() => undefined);
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`archive ${archive} is locked by ${owner ? `process ${owner.pid} on ${owner.host}` : 'another process'} (${path}); retry when it has finished`);
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
  }
}

/**
 * Undoes the renames of an unfinished commit: each file already in its final place goes back to where it
 * came from (or is deleted when that place is gone), then the folders the commit created are removed.
 */
export async function rollbackMoves(moves: Move[], createdDirs: string[]): Promise<void> {
  for (const m of [...moves].reverse()) {
    const there = await stat(m.to).then(() => true, () => false);
    if (!there) continue;
    try {
      await rename(m.to, m.from);
    } catch {
      await unlink(m.to).catch(() => undefined);
    }
  }
  for (const d of [...createdDirs].reverse()) await rmdir(d).catch(() => undefined);
}

/**
 * Cleans up after processes that died: rolls back their half-done commits and removes their staging
 * folders. Call with the lock held. Returns the folders removed.
 */
export async function recoverArchive(archive: string): Promise<string[]> {
  const root = stagingRoot(archive);
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const removed: string[] = [];
  let manifest: Awaited<ReturnType<typeof readManifest>> | undefined;
  for (const e of entries) {
    const dir = join(root, e.name);
    if (!e.isDirectory()) {
      await unlink(dir).catch(() => undefined);
      continue;
    }
    const owner = await readJsonIfExists<Owner>(join(dir, OWNER_FILE));
    if (owner && isOwnerAlive(owner)) continue;
    if (!owner) {
      const age = await stat(dir).then((s) => Date.now() - s.mtimeMs, () => Infinity);
      if (age < STALE_WITHOUT_OWNER_MS) continue; // just created: its owner note may not be written yet
    }
    const journal = await readJsonIfExists<Journal>(join(dir, JOURNAL_FILE));
    if (journal) {
      manifest ??= await readManifest(archive);
      // A journal whose fingerprint is in the manifest belongs to a commit that completed (the process
      // died while tidying up): its files are committed and must stay.
      if (!manifest.sources[journal.fingerprint]) await rollbackMoves(journal.moves, journal.createdDirs);
    }
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  await rmdir(root).catch(() => undefined);
  return removed;
}

export { STAGING_DIR };
