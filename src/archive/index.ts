/** The telemetry archive: layout, manifest, atomic commit. See layout.ts for the folder structure. */
export { commitStaged, type CommitHooks, type CommitOptions, type CommitSummary } from './commit.js';
export {
  archiveTables, committedFiles, emptyManifest, readManifest,
  type Manifest, type ManifestFile, type PartitionEntry, type SourceEntry, type SourceInfo, type TableEntry,
} from './manifest.js';
export { recoverArchive, acquireLock } from './staging.js';
export { MANIFEST_FILE, REJECTS_DIR, STAGING_DIR, PARTITION_DIR_RE, partitionDirName, tableDir } from './layout.js';
