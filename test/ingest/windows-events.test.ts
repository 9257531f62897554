/**
 * Sysmon EID 1 and Security 4688 → DeviceProcessEvents, on real recordings: the MIT and CC0 files copied
 * into test/fixtures/ingest always, every real sample under ../shared/data/real when it is there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/duckdb.js';
import { archiveRows, FIXTURES, HAVE_REAL, ingest, REAL } from './helpers.js';

const dir = tempDir('kqlduck-winev-');
afterAll(() => dir.cleanup());

describe('OTRF cmd_psh_stop_netprofm (Sysmon 1 + Security 4688, NXLog JSON)', () => {
  const archive = join(dir.path, 'otrf');
  let rows: Record<string, unknown>[];
  beforeAll(async () => {
    const [r] = await ingest([join(FIXTURES, 'cmd_psh_stop_netprofm_eventlog_before_reboot.sysmon-sec4688.jsonl')], { archive });
    expect(r).toMatchObject({ status: 'ingested', table: 'DeviceProcessEvents', sourceRows: 268, rows: 16, rejected: 0, skipped: 252, partitions: ['2022-08-08'] });
    expect(r!.notes).toContain('mapped 8 Security-4688 + 8 Sysmon-1 events');
    rows = await archiveRows(archive);
  });

  it('maps the Sysmon event of the user running payload.exe from Downloads', () => {
    const sysmon = rows.find((r) => r.FileName === 'payload.exe' && String(r.AdditionalFields).includes('Sysmon-1'));
    expect(sysmon).toMatchObject({
      Timestamp: '2022-08-08 19:30:12.434', // UtcTime
      DeviceName: 'pedro01',
      ActionType: 'ProcessCreated',
      FolderPath: 'C:\\Users\\IT01-Pedro\\Downloads\\payload.exe',
      ProcessCommandLine: '"C:\\Users\\IT01-Pedro\\Downloads\\payload.exe" ',
      ProcessId: '3000',
      ProcessIntegrityLevel: 'High',
      AccountDomain: 'pedro01',
      AccountName: 'pedro',
      LogonId: '30613487', // 0x1d31fef
      SHA1: '91f9ce0e19f8e64418b3c4fdf1d939aaf8765e0f',
      MD5: '7fa1fec0d8c1740731b50ca00c7f1fdc',
      SHA256: '3b57e2be22e224ad6e9c43d9d25930594aa4d2c0f411a3a0111fe7cfb29c601e',
      InitiatingProcessFileName: 'explorer.exe',
      InitiatingProcessFolderPath: 'c:\\windows\\explorer.exe',
      InitiatingProcessCommandLine: 'C:\\Windows\\Explorer.EXE',
      InitiatingProcessId: '4072',
      InitiatingProcessAccountName: 'it01-pedro',
      CreatedProcessSessionId: '1',
      date: '2022-08-08',
    });
    expect(JSON.parse(String(sysmon!.AdditionalFields))).toMatchObject({ ProcessGuid: '{625b42a0-6444-62f1-2806-000000000900}', IMPHASH: 'B4C6FFF030479AA3B12625BE67BF4914' });
  });

  it('maps the Security 4688 event of the same process (TargetUserName set, hex ids, mandatory label)', () => {
    const sec = rows.find((r) => r.FileName === 'payload.exe' && String(r.AdditionalFields).includes('Security-4688'));
    expect(sec).toMatchObject({
      Timestamp: '2022-08-08 12:30:12.434', // TimeCreated as NXLog wrote it (this lab's clock was 7 h off UtcTime)
      FolderPath: 'C:\\Users\\IT01-Pedro\\Downloads\\payload.exe',
      ProcessId: '3000', // NewProcessId 0xbb8
      InitiatingProcessId: '4072', // ProcessId 0xfe8
      ProcessIntegrityLevel: 'High', // S-1-16-12288
      ProcessTokenElevation: 'TokenElevationTypeFull', // %%1937
      AccountDomain: 'pedro01', AccountName: 'pedro', // Target*
      AccountSid: 'S-1-5-21-968647429-258479840-2507984072-1001',
      InitiatingProcessAccountName: 'pedro01$', InitiatingProcessAccountDomain: 'workgroup', InitiatingProcessAccountSid: 'S-1-5-18',
      InitiatingProcessLogonId: '999',
      InitiatingProcessFileName: 'explorer.exe',
      InitiatingProcessCommandLine: '',
      SHA256: '',
    });
  });

  it('uses the subject account when TargetUserName is "-", and sorts each file by Timestamp', () => {
    const consent = rows.find((r) => r.FileName === 'consent.exe' && String(r.AdditionalFields).includes('4688'));
    expect(consent).toMatchObject({ AccountName: 'pedro01$', AccountDomain: 'workgroup', ProcessIntegrityLevel: 'System', LogonId: '999' });
    const times = rows.map((r) => String(r.Timestamp));
    expect(times).toEqual([...times].sort());
  });
});

describe('evtx-to-mitre-attack Edge payload download (Security 4688, python-evtx JSON)', () => {
  it('maps every 4688 event', async () => {
    const archive = join(dir.path, 'edge');
    const [r] = await ingest([join(FIXTURES, 'ID4688-Edge_payload_download_via_command.jsonl')], { archive });
    expect(r).toMatchObject({ status: 'ingested', rows: 7, rejected: 0, skipped: 0 });
    const edge = (await archiveRows(archive)).find((x) => x.FileName === 'msedge.exe');
    expect(edge).toMatchObject({
      Timestamp: '2022-01-06 22:27:21.255859',
      DeviceName: 'win10-02.offsec.lan',
      FolderPath: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
      ProcessId: '9120', // 0x00000000000023a0
      InitiatingProcessId: '4424', // 0x0000000000001148
      InitiatingProcessFileName: 'cmd.exe',
      InitiatingProcessFolderPath: 'c:\\windows\\system32\\cmd.exe',
      AccountName: 'admmig', AccountDomain: 'offsec', // TargetUserName is "-"
      AccountSid: 'S-1-5-21-4230534742-2542757381-3142984815-1111',
      ProcessIntegrityLevel: 'High',
      ProcessCommandLine: '"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe"  https://github.com/gentilkiwi/mimikatz/releases/download/2.2.0-20210810-2/mimikatz_trunk.zip ',
    });
  });
});

describe('other JSON shapes: winlogbeat (nested and dotted keys), evtx_dump (Event.System / Event.EventData)', () => {
  const image = 'C:\\Users\\bob\\Downloads\\AnyDesk.exe';
  const data = {
    UtcTime: '2024-05-01 09:15:00.250', ProcessId: '812', Image: image, CommandLine: `"${image}"`, User: 'CORP\\Bob',
    ParentImage: 'C:\\Windows\\explorer.exe', ParentProcessId: '4000', ParentCommandLine: 'C:\\Windows\\Explorer.EXE',
    IntegrityLevel: 'Medium', Hashes: 'MD5=AA,SHA256=BB,IMPHASH=CC', LogonId: '0x3e7', ProcessGuid: '{g}',
  };
  const winlogbeat = { '@timestamp': '2024-05-01T09:15:00.300Z', winlog: { channel: 'Microsoft-Windows-Sysmon/Operational', event_id: 1, computer_name: 'WS7.corp.local', provider_name: 'Microsoft-Windows-Sysmon', record_id: 77, event_data: data } };
  const dotted = Object.fromEntries([
    ['@timestamp', '2024-05-01T09:16:00.000Z'], ['winlog.channel', 'Security'], ['winlog.event_id', '4688'], ['winlog.computer_name', 'WS8'],
    ...Object.entries({ NewProcessName: 'C:\\Windows\\System32\\cmd.exe', NewProcessId: '0x1a2c', ProcessId: '0x10', ParentProcessName: 'C:\\Windows\\explorer.exe',
      SubjectUserName: 'bob', SubjectDomainName: 'CORP', TargetUserName: '-', MandatoryLabel: 'Mandatory Label\\Medium Mandatory Level', CommandLine: 'cmd /c whoami' })
      .map(([k, v]) => [`winlog.event_data.${k}`, v]),
  ]);
  const evtxDump = { Event: { System: { EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'WS9', Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } }, TimeCreated: { '#attributes': { SystemTime: '2024-05-01T09:17:00.000000Z' } } }, EventData: { ...data, UtcTime: '2024-05-01 09:17:00.000' } } };
  const network = { winlog: { channel: 'Microsoft-Windows-Sysmon/Operational', event_id: 3, computer_name: 'WS7', event_data: { Image: image } } };

  it('maps each shape and skips the non-process event', async () => {
    const file = join(dir.path, 'shapes.ndjson');
    writeFileSync(file, [winlogbeat, dotted, evtxDump, network].map((e) => JSON.stringify(e)).join('\n') + '\n');
    const archive = join(dir.path, 'shapes');
    const [r] = await ingest([file], { archive });
    expect(r).toMatchObject({ status: 'ingested', rows: 3, skipped: 1, rejected: 0 });
    const rows = await archiveRows(archive);
    expect(rows.map((x) => [x.Timestamp, x.DeviceName, x.FileName, x.AccountDomain, x.AccountName, x.ProcessId, x.InitiatingProcessFileName, x.ProcessIntegrityLevel, x.MD5])).toEqual([
      ['2024-05-01 09:15:00.25', 'ws7.corp.local', 'AnyDesk.exe', 'corp', 'bob', '812', 'explorer.exe', 'Medium', 'aa'],
      ['2024-05-01 09:16:00', 'ws8', 'cmd.exe', 'corp', 'bob', '6700', 'explorer.exe', 'Medium', ''],
      ['2024-05-01 09:17:00', 'ws9', 'AnyDesk.exe', 'corp', 'bob', '812', 'explorer.exe', 'Medium', 'aa'],
    ]);
    expect(rows[0]).toMatchObject({ LogonId: '999', SHA256: 'bb', InitiatingProcessId: '4000', InitiatingProcessCommandLine: 'C:\\Windows\\Explorer.EXE' });
    expect(rows[1]).toMatchObject({ InitiatingProcessId: '16', ProcessCommandLine: 'cmd /c whoami' });
  });

  it('derives the same ReportId for the same event in another file', async () => {
    const a = join(dir.path, 'a.ndjson');
    const b = join(dir.path, 'b.json');
    writeFileSync(a, `${JSON.stringify(winlogbeat)}\n`);
    writeFileSync(b, JSON.stringify([network, winlogbeat], null, 2)); // a JSON array, pretty-printed
    const [ra] = await ingest([a], { archive: join(dir.path, 'ra') });
    const [rb] = await ingest([b], { archive: join(dir.path, 'rb') });
    expect([ra!.format, rb!.format]).toEqual(['ndjson', 'json-array']);
    const [x] = await archiveRows(join(dir.path, 'ra'));
    const [y] = await archiveRows(join(dir.path, 'rb'));
    expect(x!.ReportId).toBe(y!.ReportId);
    expect(Number(x!.ReportId)).toBeGreaterThan(0);
  });
});

// Process creations per file (Sysmon EID 1 + Security 4688), from each folder's SOURCES.md.
const EXPECTED: Record<string, { rows: number; skipped: number }> = {
  'evtx-attack-samples/DE_timestomp_and_dll_sideloading_and_RunPersist.jsonl': { rows: 4, skipped: 19 },
  'evtx-attack-samples/LM_sysmon_1_12_13_3_tsclient_SharpRdp.jsonl': { rows: 2, skipped: 7 },
  'evtx-attack-samples/LM_sysmon_3_12_13_1_SharpRDP.jsonl': { rows: 8, skipped: 30 },
  'evtx-attack-samples/PanacheSysmon_vs_AtomicRedTeam01.jsonl': { rows: 511, skipped: 54 },
  'evtx-attack-samples/Sysmon_Exec_CompiledHTML.jsonl': { rows: 2, skipped: 0 },
  'evtx-attack-samples/exec_driveby_cve-2018-15982_sysmon_1_10.jsonl': { rows: 1, skipped: 1 },
  'evtx-attack-samples/exec_emotet_ps_4104.jsonl': { rows: 0, skipped: 1 },
  'evtx-attack-samples/exec_emotet_sysmon_1.jsonl': { rows: 1, skipped: 0 },
  'evtx-attack-samples/maldoc_mshta_via_shellbrowserwind_rundll32.jsonl': { rows: 5, skipped: 6 },
  'evtx-attack-samples/panache_sysmon_vs_EDRTestingScript.jsonl': { rows: 96, skipped: 26 },
  'evtx-attack-samples/sideloading_uacbypass_rundll32_injection_c2.jsonl': { rows: 7, skipped: 11 },
  'evtx-attack-samples/susp_explorer_exec.jsonl': { rows: 3, skipped: 0 },
  'evtx-attack-samples/sysmon_1_11_rundll32_cpl_ostap.jsonl': { rows: 4, skipped: 1 },
  'evtx-attack-samples/sysmon_lolbas_rundll32_zipfldr_routethecall_shell.jsonl': { rows: 2, skipped: 0 },
  'evtx-attack-samples/sysmon_mshta_sharpshooter_stageless_meterpreter.jsonl': { rows: 2, skipped: 1 },
  'evtx-attack-samples/sysmon_vbs_sharpshooter_stageless_meterpreter.jsonl': { rows: 3, skipped: 2 },
  'evtx-attack-samples/sysmon_zipexec.jsonl': { rows: 5, skipped: 3 },
  'evtx-to-mitre-attack/ID4688-Edge_payload_download_via_command.jsonl': { rows: 7, skipped: 0 },
  'evtx-to-mitre-attack/ID4688-Encoded_PowerShell_MSF_payload_via_process_execution.jsonl': { rows: 58, skipped: 1 },
  'otrf-security-datasets/cmd_mshta_vbscript_execute_psh.sysmon-sec4688.jsonl': { rows: 6, skipped: 57 },
  'otrf-security-datasets/cmd_psh_stop_netprofm_eventlog_before_reboot.sysmon-sec4688.jsonl': { rows: 16, skipped: 252 },
  'otrf-security-datasets/covenant_dcom_executeexcel4macro_allowed.sysmon-sec4688.jsonl': { rows: 35, skipped: 2872 },
  'otrf-security-datasets/empire_launcher_vbs.sysmon-sec4688.jsonl': { rows: 10, skipped: 101 },
  'otrf-security-datasets/empire_ninjacopy_dumping_ntds_dit_file.sysmon-sec4688.jsonl': { rows: 33, skipped: 1161 },
  'otrf-security-datasets/psh_mshta_html_application_execution.sysmon-sec4688.jsonl': { rows: 14, skipped: 98 },
  'otrf-security-datasets/schtask_modification.sysmon-sec4688.jsonl': { rows: 28, skipped: 133 },
  'sigma-regression-data/sigma_regression_events.jsonl': { rows: 151, skipped: 87 },
};

describe.skipIf(!HAVE_REAL)('every real sample under ../shared/data/real (skipped: that folder is absent)', () => {
  it('ingests every file holding process creations, with no rejects', async () => {
    const files = readdirSync(REAL, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.jsonl') && !f.includes('Microsoft365DefenderEvents'))
      .sort();
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
    const archive = join(dir.path, 'real');
    const reports = await ingest(files.map((f) => join(REAL, f)), { archive });
    const got = Object.fromEntries(files.map((f, i) => [f, { rows: reports[i]!.rows, skipped: reports[i]!.skipped }]));
    expect(got).toEqual(EXPECTED);
    expect(reports.every((r) => r.status === 'ingested' && r.rejected === 0)).toBe(true);
    const all = await archiveRows(archive, 'DeviceProcessEvents', '');
    expect(all).toHaveLength(1014);
    expect(all.filter((r) => r.FileName === '' || r.DeviceName === '' || r.FolderPath === '')).toEqual([]);
  });
});
