/**
 * The shape of the generator's process catalog: every process the synthetic DeviceProcessEvents can
 * show, as a child (FileName, FolderPath, ProcessCommandLine …) and as a parent (InitiatingProcess*).
 *
 * Templates (`dir`, `cmd`) may hold tokens that are filled per row inside DuckDB:
 *   {user}  the account name of the process (lower-case, as Defender reports it)
 *   {path}  the process's own FolderPath (full path including the file name)
 *   {guid} / {GUID}  a random GUID, lower / upper case
 *   {n}     a random number (1–99999)
 *   {hex}   16 random hex digits
 *   {doc}   a document base name ("Q3 forecast", …) without extension
 * `dir` may only use {user}. A template holds at most three tokens.
 */

/** Which account a process runs as. */
export type AccountKind = 'user' | 'system' | 'localservice' | 'networkservice';

/**
 * How long before its child a parent process typically started: at boot (stable per device and day),
 * in the session (stable per device and hour) or just before (seconds).
 */
export type Lifetime = 'boot' | 'session' | 'short';

export type Integrity = 'System' | 'High' | 'Medium' | 'Low';

export type Signer = 'OsVendor' | 'Microsoft' | 'ThirdParty' | 'Unsigned';

export interface ProcessDef {
  /** FileName as Defender reports the created process (on-disk case: `WINWORD.EXE`, `svchost.exe`). */
  file: string;
  /** Folder with trailing backslash (`C:\Windows\System32\`); may contain {user}. */
  dir: string;
  /** Relative frequency as a created (child) process; 0 = only ever a parent or an injected row. */
  weight: number;
  /** Plausible parents as `FileName → weight`; names refer to catalog entries (case-insensitive). */
  parents: Record<string, number>;
  /** Command-line templates; one is picked per row. */
  cmd: string[];
  /** When it is someone's parent, how InitiatingProcessFileName spells it (default: lower-case `file`). */
  asParent?: string;
  company?: string;
  product?: string;
  description?: string;
  /** File versions; Windows binaries follow the device's OS build instead (`osVersioned`). */
  versions?: string[];
  osVersioned?: boolean;
  /** VersionInfo original/internal names (default: `file` / its stem). */
  original?: string;
  internal?: string;
  account: AccountKind;
  integrity: Integrity;
  signer: Signer;
  lifetime: Lifetime;
  /** Approximate file size in bytes. */
  size: number;
  /** True when the binary carries no version resource: all ProcessVersionInfo* cells are NULL. */
  noVersionInfo?: boolean;
}
