/**
 * The long tail: line-of-business agents, OEM utilities and vendor updaters that every fleet has by
 * the hundred. Names are built from Microsoft's fictitious company names and component words, with no
 * separator between the parts, so no name contains a term the T1204 rule looks for. They live under
 * Program Files or ProgramData and are started by services.exe, svchost.exe (scheduled tasks) or
 * explorer.exe (tray apps), in a Zipf-like order of popularity.
 */
import { app, PF, PF86 } from './build.js';
import type { ProcessDef } from './types.js';

const VENDORS = [
  'Contoso', 'Fabrikam', 'Northwind', 'AdventureWorks', 'Tailspin', 'WingtipToys', 'Litware', 'Proseware',
  'Woodgrove', 'FourthCoffee', 'Lucerne', 'Adatum', 'TreyResearch', 'Margies', 'AlpineSkiHouse', 'CohoWinery',
  'BlueYonder', 'Humongous', 'WideWorld', 'Relecloud', 'Lamna', 'Munson', 'Nod', 'Southridge',
];

interface Role { word: string; kind: 'service' | 'tray' | 'task' | 'tool' }
const ROLES: Role[] = [
  { word: 'Agent', kind: 'service' }, { word: 'Service', kind: 'service' }, { word: 'SyncService', kind: 'service' },
  { word: 'Collector', kind: 'service' }, { word: 'Broker', kind: 'service' }, { word: 'Host', kind: 'service' },
  { word: 'Tray', kind: 'tray' }, { word: 'Notifier', kind: 'tray' }, { word: 'Assistant', kind: 'tray' },
  { word: 'Connector', kind: 'tray' }, { word: 'Launcher', kind: 'tray' },
  { word: 'Updater', kind: 'task' }, { word: 'Scanner', kind: 'task' }, { word: 'Inventory', kind: 'task' },
  { word: 'Reporter', kind: 'task' }, { word: 'Maintenance', kind: 'task' },
  { word: 'Cli', kind: 'tool' }, { word: 'Diag', kind: 'tool' },
];

const PARENTS = {
  service: 'services.exe',
  tray: 'explorer.exe:4 svchost.exe',
  task: 'svchost.exe:4 services.exe',
  tool: 'cmd.exe:2 powershell.exe:2 CcmExec.exe',
} as const;

/** A stable pseudo-random integer for a string (FNV-1a), so the tail is the same on every run. */
function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (const ch of s) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

/** About 300 vendor binaries; weight 30/(rank+1)^1.05, the first few as common as a mid-list Windows tool. */
export function tailProcesses(): ProcessDef[] {
  const out: ProcessDef[] = [];
  for (const vendor of VENDORS) {
    for (const role of ROLES) {
      // each vendor ships a subset of components (about 70%)
      if (fnv(`${vendor}/${role.word}`) % 10 >= 7) continue;
      const file = `${vendor}${role.word}.exe`;
      const x86 = fnv(file) % 3 === 0;
      const dir = role.kind === 'task' && fnv(file) % 4 === 0
        ? `C:\\ProgramData\\${vendor}\\${role.word}\\`
        : `${x86 ? PF86 : PF}${vendor}\\${role.word}\\`;
      const major = 1 + (fnv(file) % 9);
      const versions = [`${major}.${fnv(`${file}1`) % 20}.${fnv(`${file}2`) % 900}.0`, `${major}.${fnv(`${file}3`) % 20}.${fnv(`${file}4`) % 900}.0`];
      const account = role.kind === 'service' || role.kind === 'task' ? 'system' : 'user';
      const args = {
        service: ['', ' /service', ' -run'],
        tray: ['', ' /minimized', ' --autostart'],
        task: [' /scheduled', ' --check', ' /silent /report'],
        tool: [' status', ' --collect-logs', ' /diag'],
      }[role.kind];
      const cmd = args.map((a) => `"${dir}${file}"${a}`);
      out.push(app(file, dir, `${vendor} Ltd.`, `${vendor} ${role.word}`, `${vendor} ${role.word}`, versions, 0, PARENTS[role.kind], cmd, {
        account,
        lifetime: role.kind === 'service' ? 'boot' : 'short',
        noVersionInfo: fnv(`${file}nv`) % 11 === 0,
        signer: fnv(`${file}sig`) % 13 === 0 ? 'Unsigned' : 'ThirdParty',
      }));
    }
  }
  // Zipf-like popularity in a shuffled (but fixed) order
  out.sort((a, b) => fnv(a.file) - fnv(b.file));
  out.forEach((p, rank) => { p.weight = 30 / Math.pow(rank + 1, 1.05); });
  return out;
}
