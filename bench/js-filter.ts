/**
 * What a user might write instead of kqlduck: read the columns with apache-arrow and filter in plain
 * JavaScript with the rule's exact semantics (terms via Unicode-aware regular expressions, "" for
 * missing strings, case-insensitive equality), then sort by Timestamp descending.
 */
import { readFileSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import { CATEGORY, OFFICE, RATS, SHELLS, UPDATERS, USER_PATHS } from './t1204-lists.js';

const TERM = /[\p{L}\p{N}]/u;
const esc = (s: string) => s.replace(/[\\^$.|?*+()[\]{}]/g, (c) => `\\${c}`);

/**
 * `has_any` as one regular expression (case-insensitive): boundaries only where the needle's edge is a
 * letter or digit. The source is valid in JavaScript (with the `u` flag) and in Rust's regex crate (polars).
 */
export function hasAnySource(needles: string[]): string {
  return needles.map((n) => `${TERM.test(n[0]!) ? '(?:^|[^\\p{L}\\p{N}])' : ''}${esc(n)}${TERM.test(n.at(-1)!) ? '(?:$|[^\\p{L}\\p{N}])' : ''}`).join('|');
}

const hasAny = (needles: string[]) => new RegExp(hasAnySource(needles), 'iu');

const office = hasAny(OFFICE), shell = hasAny(SHELLS), rat = hasAny(RATS), userPath = hasAny(USER_PATHS);
const updaters = new Set(UPDATERS.map((u) => u.toLowerCase()));

export type JsRow = [bigint, ...Array<string>];

export function jsFilter(files: string[], fromUs?: bigint): JsRow[] {
  const out: JsRow[] = [];
  for (const f of files) {
    const t = tableFromIPC(readFileSync(f));
    const col = (n: string) => t.getChild(n)!;
    const ts = col('Timestamp').toArray() as BigInt64Array;
    const [dn, an, fn, fp, pcl, ipfn, ipcl] = ['DeviceName', 'AccountName', 'FileName', 'FolderPath', 'ProcessCommandLine',
      'InitiatingProcessFileName', 'InitiatingProcessCommandLine'].map(col);
    for (let i = 0; i < t.numRows; i++) {
      if (fromUs !== undefined && !(ts[i]! > fromUs)) continue;
      const fileName = (fn!.get(i) as string | null) ?? '';
      const parent = (ipfn!.get(i) as string | null) ?? '';
      const folder = (fp!.get(i) as string | null) ?? '';
      const isOffice = office.test(parent), isShell = shell.test(fileName), isRat = rat.test(fileName);
      const isUserDir = userPath.test(folder) && fileName.toLowerCase().endsWith('.exe') && parent.toLowerCase() === 'explorer.exe';
      if (isUserDir && updaters.has(fileName.toLowerCase())) continue;
      const officeShell = isOffice && isShell;
      if (!(officeShell || isRat || isUserDir)) continue;
      const category = officeShell ? CATEGORY.office : isRat ? CATEGORY.rat : CATEGORY.userDir;
      const s = (v: unknown) => (v as string | null) ?? '';
      out.push([ts[i]!, s(dn!.get(i)), s(an!.get(i)), fileName, folder, s(pcl!.get(i)), parent, s(ipcl!.get(i)), category]);
    }
  }
  return out.sort((a, b) => (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0));
}
