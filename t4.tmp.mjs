import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const t0 = Date.now();
await c.run(`COPY (
  SELECT
    strftime(TIMESTAMP '2024-01-01' + (i * 7919 % (30*86400)) * INTERVAL 1 SECOND, '%Y-%m-%dT%H:%M:%S') || '.' || lpad(((i*31) % 10000000)::VARCHAR, 7, '0') || 'Z' AS Timestamp,
    md5('dev' || (i % 3000))[1:40] AS DeviceId,
    'host-' || (i % 3000) || '.contoso.com' AS DeviceName,
    'ProcessCreated' AS ActionType,
    ['cmd.exe','powershell.exe','svchost.exe','chrome.exe','notepad.exe','winword.exe'][1 + i % 6] AS FileName,
    'C:\\Windows\\System32\\' || ['cmd.exe','powershell.exe','svchost.exe','chrome.exe','notepad.exe','winword.exe'][1 + i % 6] AS FolderPath,
    sha1(i::VARCHAR) AS SHA1, sha256(i::VARCHAR) AS SHA256, md5(i::VARCHAR) AS MD5,
    (i % 100000) * 17 AS FileSize,
    (i % 65000)::BIGINT AS ProcessId,
    'cmd.exe /c echo ' || i AS ProcessCommandLine,
    'Medium' AS ProcessIntegrityLevel,
    'TokenElevationTypeDefault' AS ProcessTokenElevation,
    'contoso' AS AccountDomain, 'user' || (i % 5000) AS AccountName,
    'S-1-5-21-1-2-3-' || (i % 5000) AS AccountSid,
    (i * 13) % 100000000 AS LogonId,
    'explorer.exe' AS InitiatingProcessFileName,
    'c:\\windows\\explorer.exe' AS InitiatingProcessFolderPath,
    (i % 60000)::BIGINT AS InitiatingProcessId,
    'explorer.exe' AS InitiatingProcessCommandLine,
    '' AS InitiatingProcessAccountUpn,
    NULL AS InitiatingProcessParentId,
    i AS ReportId,
    '{}' AS AdditionalFields,
    (i % 2 = 0) AS IsProcessRemoteSession
  FROM range(1000000) t(i)
) TO '/tmp/kqd/dpe-1m.ndjson' (FORMAT json)`);
console.log('ndjson', Date.now() - t0);
let t = Date.now();
await c.run(`COPY (SELECT * FROM read_json('/tmp/kqd/dpe-1m.ndjson')) TO '/tmp/kqd/dpe-1m.csv' (HEADER)`);
console.log('csv', Date.now() - t);
t = Date.now();
console.log((await c.runAndReadAll(`select json_group_structure(json) from read_json_objects('/tmp/kqd/dpe-1m.ndjson')`)).getRows()[0][0].toString().slice(0,200), 'structure', Date.now() - t);
t = Date.now();
console.log((await c.runAndReadAll(`select count(*), count(*) filter (where ordinality <> ReportId::BIGINT + 1) from read_json('/tmp/kqd/dpe-1m.ndjson', columns={'ReportId':'VARCHAR','Timestamp':'VARCHAR','DeviceName':'VARCHAR','FileName':'VARCHAR','FolderPath':'VARCHAR','SHA1':'VARCHAR','SHA256':'VARCHAR','ProcessCommandLine':'VARCHAR'}) with ordinality`)).getRows(), 'ordinality/read', Date.now() - t);
