/** Small builders that keep the catalog files readable: one line per process where possible. */
import type { AccountKind, Integrity, Lifetime, ProcessDef, Signer } from './types.js';

/**
 * Windows folders written with forward slashes, because a template literal cannot end in a backslash:
 * w`C:/Program Files/Contoso/` is 'C:\\Program Files\\Contoso\\'.
 */
export function w(strings: TemplateStringsArray, ...values: unknown[]): string {
  return String.raw(strings, ...values).replaceAll('/', '\\');
}

export const SYS32 = 'C:\\Windows\\System32\\';
export const WINDIR = 'C:\\Windows\\';
export const OFFICE = 'C:\\Program Files\\Microsoft Office\\root\\Office16\\';
export const PF = 'C:\\Program Files\\';
export const PF86 = 'C:\\Program Files (x86)\\';

/** `'cmd.exe:5 powershell.exe:3 svchost.exe'` → `{ 'cmd.exe': 5, 'powershell.exe': 3, 'svchost.exe': 1 }`. */
export function parents(spec: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of spec.trim().split(/\s+/).filter(Boolean)) {
    const m = /^(.+?)(?::(\d+(?:\.\d+)?))?$/.exec(part)!;
    out[m[1]!] = m[2] === undefined ? 1 : Number(m[2]);
  }
  return out;
}

/** A stable size in bytes for a file name (FNV-1a), between lo and hi. */
export function sizeOf(name: string, lo = 40_000, hi = 2_000_000): number {
  let h = 0x811c9dc5;
  for (const ch of name.toLowerCase()) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return lo + (h % (hi - lo));
}

function integrityOf(account: AccountKind): Integrity {
  return account === 'user' ? 'Medium' : 'System';
}

export interface Extra {
  account?: AccountKind;
  integrity?: Integrity;
  lifetime?: Lifetime;
  dir?: string;
  size?: number;
  asParent?: string;
  original?: string;
  internal?: string;
  product?: string;
  company?: string;
  signer?: Signer;
  versions?: string[];
  noVersionInfo?: boolean;
}

/** A binary shipped with Windows: Microsoft Corporation, signed by the OS vendor, versioned with the OS build. */
export function win(file: string, description: string, weight: number, parentSpec: string, cmd: string[], extra: Extra = {}): ProcessDef {
  const account = extra.account ?? 'system';
  return {
    file,
    dir: extra.dir ?? SYS32,
    weight,
    parents: parents(parentSpec),
    cmd,
    asParent: extra.asParent,
    company: extra.company ?? 'Microsoft Corporation',
    product: extra.product ?? 'Microsoft® Windows® Operating System',
    description,
    osVersioned: extra.versions === undefined,
    versions: extra.versions,
    original: extra.original,
    internal: extra.internal,
    account,
    integrity: extra.integrity ?? integrityOf(account),
    signer: extra.signer ?? 'OsVendor',
    lifetime: extra.lifetime ?? 'short',
    size: extra.size ?? sizeOf(file),
    noVersionInfo: extra.noVersionInfo,
  };
}

/** A third-party or Microsoft application with its own versions. */
export function app(file: string, dir: string, company: string, product: string, description: string, versions: string[], weight: number, parentSpec: string, cmd: string[], extra: Extra = {}): ProcessDef {
  const account = extra.account ?? 'user';
  return {
    file,
    dir,
    weight,
    parents: parents(parentSpec),
    cmd,
    asParent: extra.asParent,
    company,
    product,
    description,
    versions,
    original: extra.original,
    internal: extra.internal,
    account,
    integrity: extra.integrity ?? integrityOf(account),
    signer: extra.signer ?? (company === 'Microsoft Corporation' ? 'Microsoft' : 'ThirdParty'),
    lifetime: extra.lifetime ?? 'session',
    size: extra.size ?? sizeOf(file, 200_000, 8_000_000),
    noVersionInfo: extra.noVersionInfo,
  };
}
