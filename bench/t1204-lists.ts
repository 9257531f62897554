/**
 * The T1204 rule's needle lists and output columns, as the hand-written SQL variants of the bench use
 * them. They are read from the rule's KQL text (not copied), so the bench follows the rule if it changes.
 */
import { findRule } from '../src/detections/rules.js';

export const RULE = findRule('T1204')!;

/** The rule as a retro-hunt evaluates it: the same text without its 24-hour window. */
export const KQL_WHOLE_RANGE = RULE.kql.replace(/^\| where Timestamp > ago\(24h\)\n/m, '');

function letArray(name: string): string[] {
  const m = new RegExp(`let ${name} = dynamic\\(\\[([\\s\\S]*?)\\]\\);`).exec(RULE.kql);
  if (!m) throw new Error(`T1204 has no let ${name}`);
  // KQL "..." literals: backslash escapes, as in the rule's paths
  return [...m[1]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => x[1]!.replace(/\\(.)/g, '$1'));
}

export const OFFICE = letArray('OfficeAndDocApps');
export const SHELLS = letArray('ShellInterpreters');
export const RATS = letArray('RATBinaries');
export const USER_PATHS = letArray('UserWritablePaths');
export const UPDATERS = ['OneDriveSetup.exe', 'Teams.exe', 'Slack.exe', 'Zoom.exe', 'update.exe', 'setup.exe'];
if (!RULE.kql.includes(UPDATERS.map((u) => `"${u}"`).slice(0, 2).join(', '))) throw new Error('T1204 updater list changed');

export const CATEGORY = {
  office: 'Office/Browser Shell Spawn',
  rat: 'Remote Access Tool Execution (Possible Social Engineering)',
  userDir: 'Executable Launched from User-Writable Directory',
};

export const OUTPUT_COLUMNS = ['Timestamp', 'DeviceName', 'AccountName', 'FileName', 'FolderPath', 'ProcessCommandLine',
  'InitiatingProcessFileName', 'InitiatingProcessCommandLine'];
