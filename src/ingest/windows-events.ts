/**
 * Windows process-creation events → DeviceProcessEvents.
 *
 * Sources: Sysmon Event ID 1 and Security 4688, as JSON from EVTX converters (python-evtx style: System
 * fields and EventData keys flattened to the top level; evtx_dump style: `Event.System` / `Event.EventData`),
 * NXLog/Logstash (`Hostname`, `@timestamp`, `EventTime`) and winlogbeat (`winlog.event_data.*`, nested or
 * as dotted keys). Any other event in the file is skipped and counted, not rejected.
 *
 * Every output column is text here; the usual coercion step types it (hex ids → long, times → datetime).
 * Names Defender delivers in lower case (device, accounts, initiating process) are lower-cased, as in
 * real advanced-hunting data (../shared/data/real/README.md); FolderPath, FileName and command lines keep
 * their case.
 */
import { sqlString } from '../sql/quote.js';

type Path = string[];

/**
 * The JSON layouts of event records. Only the layouts seen in a file's sample are searched, which keeps
 * the SQL small (its planning time dominates small files).
 */
export type EventShape = 'flat' | 'winlog' | 'winlogDotted' | 'evtxDump' | 'nested';
const SHAPE_ORDER: EventShape[] = ['flat', 'winlog', 'winlogDotted', 'evtxDump', 'nested'];

type SystemField = 'EventID' | 'Channel' | 'Provider' | 'Computer' | 'RecordId' | 'SystemTime';

const SYSTEM_PATHS: Record<EventShape, Record<SystemField, Path[]>> = {
  // python-evtx / NXLog / Logstash: System fields and EventData keys side by side at the top level.
  flat: {
    EventID: [['EventID', '#text'], ['EventID'], ['EventId'], ['event_id']],
    Channel: [['Channel']],
    Provider: [['Provider', 'Name'], ['Provider'], ['SourceName'], ['ProviderName']],
    Computer: [['Computer'], ['Hostname'], ['ComputerName']],
    RecordId: [['EventRecordID'], ['RecordNumber'], ['record_id']],
    // UTC first; NXLog's EventTime is local time, so it comes last.
    SystemTime: [['TimeCreated', 'SystemTime'], ['TimeCreated', '#attributes', 'SystemTime'], ['TimeCreated'], ['@timestamp'], ['EventTime']],
  },
  winlog: {
    EventID: [['winlog', 'event_id'], ['event', 'code']],
    Channel: [['winlog', 'channel']],
    Provider: [['winlog', 'provider_name']],
    Computer: [['winlog', 'computer_name'], ['host', 'name']],
    RecordId: [['winlog', 'record_id']],
    SystemTime: [['@timestamp']],
  },
  winlogDotted: {
    EventID: [['winlog.event_id'], ['event.code']],
    Channel: [['winlog.channel']],
    Provider: [['winlog.provider_name']],
    Computer: [['winlog.computer_name'], ['host.name']],
    RecordId: [['winlog.record_id']],
    SystemTime: [['@timestamp']],
  },
  // evtx_dump (omerbenamram/evtx): {"Event": {"System": {...}, "EventData": {...}}}
  evtxDump: {
    EventID: [['Event', 'System', 'EventID', '#text'], ['Event', 'System', 'EventID']],
    Channel: [['Event', 'System', 'Channel']],
    Provider: [['Event', 'System', 'Provider', '#attributes', 'Name']],
    Computer: [['Event', 'System', 'Computer']],
    RecordId: [['Event', 'System', 'EventRecordID']],
    SystemTime: [['Event', 'System', 'TimeCreated', '#attributes', 'SystemTime']],
  },
  nested: {
    EventID: [['System', 'EventID', '#text'], ['System', 'EventID']],
    Channel: [['System', 'Channel']],
    Provider: [['System', 'Provider', 'Name'], ['System', 'Provider', '#attributes', 'Name']],
    Computer: [['System', 'Computer']],
    RecordId: [['System', 'EventRecordID']],
    SystemTime: [['System', 'TimeCreated', 'SystemTime'], ['System', 'TimeCreated', '#attributes', 'SystemTime']],
  },
};

const EVENT_DATA_PATH: Record<EventShape, (field: string) => Path[]> = {
  flat: (f) => [[f]],
  winlog: (f) => [['winlog', 'event_data', f]],
  winlogDotted: (f) => [[`winlog.event_data.${f}`]],
  evtxDump: (f) => [['Event', 'EventData', f]],
  nested: (f) => [['EventData', f], ['event_data', f]],
};

const EVENT_DATA_FIELDS = [
  // Sysmon 1
  'UtcTime', 'ProcessGuid', 'ProcessId', 'Image', 'FileVersion', 'Description', 'Product', 'Company', 'OriginalFileName',
  'CommandLine', 'CurrentDirectory', 'User', 'LogonGuid', 'LogonId', 'TerminalSessionId', 'IntegrityLevel', 'Hashes',
  'ParentProcessGuid', 'ParentProcessId', 'ParentImage', 'ParentCommandLine', 'ParentUser', 'RuleName',
  // Security 4688 (ProcessId and CommandLine shared with Sysmon)
  'SubjectUserSid', 'SubjectUserName', 'SubjectDomainName', 'SubjectLogonId', 'NewProcessId', 'NewProcessName',
  'TokenElevationType', 'TargetUserSid', 'TargetUserName', 'TargetDomainName', 'TargetLogonId', 'ParentProcessName', 'MandatoryLabel',
];

/** Which layouts a sample of parsed records uses. */
export function detectShapes(records: unknown[]): EventShape[] {
  const found = new Set<EventShape>();
  for (const rec of records) {
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) continue;
    const r = rec as Record<string, unknown>;
    const isObj = (v: unknown) => typeof v === 'object' && v !== null;
    if ('EventID' in r || 'EventId' in r || 'event_id' in r) found.add('flat');
    if (isObj(r.winlog)) found.add('winlog');
    if (Object.keys(r).some((k) => k.startsWith('winlog.'))) found.add('winlogDotted');
    if (isObj(r.Event) && isObj((r.Event as Record<string, unknown>).System)) found.add('evtxDump');
    if (isObj(r.System) || isObj(r.EventData) || isObj(r.event_data)) found.add('nested');
  }
  return SHAPE_ORDER.filter((s) => found.has(s));
}

export const SYSMON_KIND = 'Sysmon-1';
export const SECURITY_KIND = 'Security-4688';

/** Cheap test on a parsed sample record: does the file hold Windows event-log records? */
export function looksLikeWindowsEvent(record: unknown): boolean {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return false;
  const r = record as Record<string, unknown>;
  if ('EventID' in r || 'EventId' in r) return 'Channel' in r || 'Provider' in r || 'SourceName' in r || 'Image' in r || 'NewProcessName' in r || 'Computer' in r || 'Hostname' in r;
  const isObj = (v: unknown) => typeof v === 'object' && v !== null;
  if (isObj(r.winlog) || 'winlog.event_id' in r) return true;
  return (isObj(r.Event) && isObj((r.Event as Record<string, unknown>).System)) || (isObj(r.System) && isObj(r.EventData));
}

function jsonPath(p: Path): string {
  return `$${p.map((s) => `."${s.replaceAll('"', '\\"')}"`).join('')}`;
}

/** The text as it is, with the placeholders event logs use for "nothing" ("", "-", "?") as NULL. */
function nz(x: string): string {
  return `CASE WHEN trim(${x}) IN ('', '-', '?') THEN NULL ELSE ${x} END`;
}

const lastPart = (x: string) => `regexp_extract(${x}, '[^\\\\/]*$')`;
const userDomain = (x: string) => `CASE WHEN strpos(${x}, '\\') > 0 THEN lower(split_part(${x}, '\\', 1)) END`;
const userName = (x: string) => `lower(CASE WHEN strpos(${x}, '\\') > 0 THEN substr(${x}, strpos(${x}, '\\') + 1) ELSE ${x} END)`;
const hashOf = (x: string, algo: string) => `lower(nullif(regexp_extract(${x}, '(?i)(?:^|,)\\s*${algo}=([0-9a-f]+)', 1), ''))`;

// https://learn.microsoft.com/windows/security/threat-protection/auditing/event-4688 (Mandatory Label, Token Elevation Type)
const integrityOfLabel = (x: string) => `CASE upper(${x})
    WHEN 'S-1-16-0' THEN 'Untrusted' WHEN 'S-1-16-4096' THEN 'Low' WHEN 'S-1-16-8192' THEN 'Medium'
    WHEN 'S-1-16-8448' THEN 'MediumPlus' WHEN 'S-1-16-12288' THEN 'High' WHEN 'S-1-16-16384' THEN 'System'
    WHEN 'S-1-16-20480' THEN 'Protected'
    ELSE nullif(regexp_extract(${x}, '(\\w+) Mandatory Level', 1), '') END`;
const elevationOf = (x: string) => `CASE trim(${x})
    WHEN '%%1936' THEN 'TokenElevationTypeDefault' WHEN '%%1937' THEN 'TokenElevationTypeFull'
    WHEN '%%1938' THEN 'TokenElevationTypeLimited'
    ELSE nullif(regexp_extract(${x}, '(TokenElevationType\\w+)', 1), '') END`;

/** JSON object text of the non-null pairs. */
function jsonObjectOf(pairs: Array<[string, string]>): string {
  const entries = pairs.map(([k, v]) => `{'key': ${sqlString(k)}, 'value': ${v}}`).join(', ');
  return `CAST(to_json(map_from_entries(list_filter([${entries}], e -> e.value IS NOT NULL))) AS VARCHAR)`;
}

/**
 * SQL turning `from` (a relation with `__row` and the record as JSON `j`) into DeviceProcessEvents columns
 * (all VARCHAR), plus `__skip` for records that are not process creations.
 */
export function windowsEventsSql(from: string, shapes: EventShape[]): { sql: string; columns: string[] } {
  const use = shapes.length ? shapes : SHAPE_ORDER;
  const fields: Array<[string, Path[]]> = [
    ...(Object.keys(SYSTEM_PATHS.flat) as SystemField[]).map((f) => [f, use.flatMap((sh) => SYSTEM_PATHS[sh][f])] as [string, Path[]]),
    ...EVENT_DATA_FIELDS.map((f) => [`ed_${f}`, use.flatMap((sh) => EVENT_DATA_PATH[sh](f))] as [string, Path[]]),
  ];
  const allPaths: string[] = [];
  const extracted = fields.map(([name, paths]) => {
    const idx = paths.map((p) => {
      allPaths.push(jsonPath(p));
      return `v[${allPaths.length}]`;
    });
    return `${idx.length > 1 ? `coalesce(${idx.join(', ')})` : idx[0]} AS "${name}"`;
  });
  const cleaned = fields.map(([name]) => `${nz(`"${name}"`)} AS "${name}"`);
  const pathList = `[${allPaths.map(sqlString).join(', ')}]`;
  const src = `lower(concat_ws(' ', "Channel", "Provider"))`;
  const kind = `CASE
      WHEN TRY_CAST("EventID" AS INTEGER) = 1 AND (${src} LIKE '%sysmon%' OR (${src} = '' AND "ed_Image" IS NOT NULL AND "ed_UtcTime" IS NOT NULL)) THEN '${SYSMON_KIND}'
      WHEN TRY_CAST("EventID" AS INTEGER) = 4688 AND (${src} LIKE '%security%' OR ${src} = '') THEN '${SECURITY_KIND}'
    END`;

  const S = `__kind = '${SYSMON_KIND}'`;
  const bySource = (sysmon: string, security: string) => `CASE WHEN ${S} THEN ${sysmon} ELSE ${security} END`;
  const targetSet = `("ed_TargetUserName" IS NOT NULL)`;
  const image = bySource('"ed_Image"', '"ed_NewProcessName"');
  const parentImage = bySource('"ed_ParentImage"', '"ed_ParentProcessName"');
  const time = bySource('coalesce("ed_UtcTime", "SystemTime")', '"SystemTime"');
  const hashes = `coalesce("ed_Hashes", '')`;
  const nonZero = (x: string) => `CASE WHEN TRY_CAST(${x} AS BIGINT) = 0 THEN NULL ELSE ${x} END`;

  const cols: Record<string, string> = {
    Timestamp: time,
    DeviceId: `sha1(lower("Computer"))`,
    DeviceName: `lower("Computer")`,
    ActionType: `'ProcessCreated'`,
    FileName: lastPart(image),
    FolderPath: image,
    SHA1: hashOf(hashes, 'SHA1'),
    SHA256: hashOf(hashes, 'SHA256'),
    MD5: hashOf(hashes, 'MD5'),
    ProcessVersionInfoCompanyName: `"ed_Company"`,
    ProcessVersionInfoProductName: `"ed_Product"`,
    ProcessVersionInfoProductVersion: `"ed_FileVersion"`,
    ProcessVersionInfoOriginalFileName: `"ed_OriginalFileName"`,
    ProcessVersionInfoFileDescription: `"ed_Description"`,
    ProcessId: bySource('"ed_ProcessId"', '"ed_NewProcessId"'),
    ProcessCommandLine: `"ed_CommandLine"`,
    ProcessIntegrityLevel: bySource('"ed_IntegrityLevel"', integrityOfLabel('"ed_MandatoryLabel"')),
    ProcessTokenElevation: bySource('NULL', elevationOf('"ed_TokenElevationType"')),
    ProcessCreationTime: time,
    AccountDomain: bySource(userDomain('"ed_User"'), `lower(CASE WHEN ${targetSet} THEN "ed_TargetDomainName" ELSE "ed_SubjectDomainName" END)`),
    AccountName: bySource(userName('"ed_User"'), `lower(CASE WHEN ${targetSet} THEN "ed_TargetUserName" ELSE "ed_SubjectUserName" END)`),
    AccountSid: bySource('NULL', `CASE WHEN ${targetSet} THEN nullif("ed_TargetUserSid", 'S-1-0-0') ELSE "ed_SubjectUserSid" END`),
    LogonId: bySource('"ed_LogonId"', `coalesce(CASE WHEN ${targetSet} THEN ${nonZero('"ed_TargetLogonId"')} END, "ed_SubjectLogonId")`),
    InitiatingProcessAccountDomain: bySource(userDomain('"ed_ParentUser"'), `lower("ed_SubjectDomainName")`),
    InitiatingProcessAccountName: bySource(userName('"ed_ParentUser"'), `lower("ed_SubjectUserName")`),
    InitiatingProcessAccountSid: bySource('NULL', '"ed_SubjectUserSid"'),
    InitiatingProcessLogonId: bySource('NULL', '"ed_SubjectLogonId"'),
    InitiatingProcessFileName: `lower(${lastPart(parentImage)})`,
    InitiatingProcessFolderPath: `lower(${parentImage})`,
    InitiatingProcessId: bySource('"ed_ParentProcessId"', '"ed_ProcessId"'),
    InitiatingProcessCommandLine: bySource('"ed_ParentCommandLine"', 'NULL'),
    CreatedProcessSessionId: bySource('"ed_TerminalSessionId"', 'NULL'),
    // Deterministic: the same event read from any file gets the same id, so re-ingesting adds nothing new.
    ReportId: `CAST(TRY_CAST('0x' || substr(md5(concat_ws('|', __kind, lower("Computer"), "RecordId", ${time},
        ${bySource('"ed_ProcessGuid"', '"ed_NewProcessId"')}, ${image}, "ed_CommandLine", ${parentImage})), 1, 15) AS BIGINT) AS VARCHAR)`,
    AdditionalFields: jsonObjectOf([
      ['Source', '__kind'], ['EventID', '"EventID"'], ['EventRecordID', '"RecordId"'], ['Channel', '"Channel"'],
      ['ProcessGuid', '"ed_ProcessGuid"'], ['ParentProcessGuid', '"ed_ParentProcessGuid"'], ['LogonGuid', '"ed_LogonGuid"'],
      ['CurrentDirectory', '"ed_CurrentDirectory"'], ['RuleName', '"ed_RuleName"'],
      ['IMPHASH', `nullif(regexp_extract(${hashes}, '(?i)IMPHASH=([0-9a-f]+)', 1), '')`],
      ['TokenElevationType', '"ed_TokenElevationType"'], ['MandatoryLabel', '"ed_MandatoryLabel"'],
    ]),
  };

  const sql = `SELECT __row, __kind IS NULL AS __skip, __kind,
      ${Object.entries(cols).map(([k, v]) => `${v} AS "${k}"`).join(',\n      ')}
    FROM (
      SELECT *, ${kind} AS __kind FROM (
        SELECT __row, ${cleaned.join(', ')} FROM (
          SELECT __row, ${extracted.join(',\n            ')}
          FROM (SELECT __row, json_extract_string(j, ${pathList}) AS v FROM ${from})
        )
      )
    )`;
  return { sql, columns: Object.keys(cols) };
}
