/**
 * The one statement that writes one Parquet file: rows [from, to) of the run, computed set-wise from
 * the row number with `hash(seed, i, k)` as the only source of randomness, joined to the small tables
 * of setup-sql.ts, in the official column order and types. Row numbers run in time order and the
 * statement runs on a single DuckDB thread, so the file comes out sorted by Timestamp and byte-identical
 * for the same seed and arguments.
 *
 * Random bits per row: r1 = hash(seed, i) (process, parent, grandparent buckets; device),
 * r2 = hash(seed, i, 1) (timestamp jitter, command-line choice, other-user and NULL rolls),
 * r3 = hash(seed, i, 2) (process ids, lags); tokens draw hash(seed, i, 10 + slot) as needed.
 */
import type { ColumnSchema } from '../schema/registry.js';
import { DUCKDB_TYPE_OF } from '../schema/kusto-types.js';
import { sqlIdent, sqlString } from '../sql/quote.js';
import { CHILD_BUCKETS, PARENT_BUCKETS } from './catalog/index.js';
import { DOCS } from './catalog/identities.js';
import { FIRST_USER_ACCOUNT } from './fleet.js';
import { MICROS_PER_DAY, MICROS_PER_HOUR, slicesBetween, type Plan } from './plan.js';
import { scenarioPermutation, VARIANTS } from './setup-sql.js';

export interface RowsSqlInput {
  plan: Plan;
  seed: number;
  from: number;
  to: number;
  devices: number;
  users: number;
  maxSteps: number;
  /** Number of scenarios (for the injection arithmetic, which must match setup-sql.ts's `inj`). */
  scenarios: number;
  columns: ColumnSchema[];
  /** `range`: every row in [from, to) (the data file); `injected`: only the injected rows (ground truth). */
  source?: 'range' | 'injected';
}

const PID = (h: string) => `(4 * (${h} % 16000 + 100))::BIGINT`;

/** Timestamp in microseconds of row `idx` (an SQL expression), for rows of the given slices. */
function timestampMicros(plan: Plan, from: number, to: number, idx: string, frac: string): string {
  const slices = slicesBetween(plan, from, to);
  if (slices.length === 0) throw new Error(`no slice holds rows ${from}..${to}`);
  const at = (s: (typeof slices)[number]) => `${s.startUs} + CAST(floor(((${idx} - ${s.firstRow}) + ${frac}) * ${s.lengthUs / s.rows}) AS BIGINT)`;
  if (slices.length === 1) return at(slices[0]!);
  const whens = slices.slice(0, -1).map((s) => `WHEN ${idx} < ${s.firstRow + s.rows} THEN ${at(s)}`).join(' ');
  return `CASE ${whens} ELSE ${at(slices[slices.length - 1]!)} END`;
}

/** A command line from a `cmds` row: literals around up to three tokens, each computed only if used. */
function renderCommand(alias: string, seed: string, path: string, user: string, slot0: number): string {
  const docs = `[${DOCS.map(sqlString).join(', ')}]`;
  const guid = (slot: number) => `printf('%08x-%04x-%04x-%04x-%012x', hash(${seed}, i, ${slot}) >> 32, (hash(${seed}, i, ${slot}) >> 16) & 65535, hash(${seed}, i, ${slot}) & 65535, hash(${seed}, i, ${slot + 100}) >> 48, hash(${seed}, i, ${slot + 100}) & 281474976710655)`;
  const tok = (t: string, slot: number) => `CASE ${alias}.${t} WHEN 0 THEN '' WHEN 1 THEN ${path} WHEN 2 THEN ${user} WHEN 3 THEN ${guid(slot)} WHEN 4 THEN upper(${guid(slot)}) WHEN 5 THEN CAST(1 + hash(${seed}, i, ${slot}) % 99999 AS VARCHAR) WHEN 6 THEN printf('%016x', hash(${seed}, i, ${slot})) ELSE list_extract(${docs}, 1 + (hash(${seed}, i, ${slot}) % ${DOCS.length})::INTEGER) END`;
  return `${alias}.l0 || ${tok('t1', slot0)} || ${alias}.l1 || ${tok('t2', slot0 + 1)} || ${alias}.l2 || ${tok('t3', slot0 + 2)} || ${alias}.l3`;
}

export function rowsSelectSql(o: RowsSqlInput): string {
  const seed = `${o.seed}::BIGINT`;
  const frac = '((r2 & 1048575) / 1048576.0)';
  const prevFrac = `((hash(${seed}, i - 1, 1) & 1048575) / 1048576.0)`;
  const ts = timestampMicros(o.plan, o.from, o.to, 'i', frac);
  const tsPrev = timestampMicros(o.plan, Math.max(0, o.from - o.maxSteps), o.to, 'i - 1', prevFrac);

  const day = `(ts_us // ${MICROS_PER_DAY})`;
  const hour = `(ts_us // ${MICROS_PER_HOUR})`;
  // the account a user-mode process runs as: the device's primary user, or (1 row in 16) another user
  const userAcct = `CASE WHEN isid IS NULL AND ((r2 >> 40) & 15) = 0 THEN ${FIRST_USER_ACCOUNT} + ((r2 >> 44) % ${o.users})::INTEGER ELSE d.aidx END`;
  const acctOf = (alias: string) => `CASE ${alias}.acct WHEN 0 THEN ${userAcct} ELSE ${alias}.acct - 1 END`;
  const variant = (alias: string) => `CASE WHEN ${alias}.os_ver THEN d.os ELSE (d.didx * 31 + ${alias}.pid * 7) % ${alias}.nver END`;
  const childPath = `c.dir_a || CASE WHEN c.user_dir THEN ca.name ELSE '' END || c.tail`;
  const parentPath = `p.dir_a || CASE WHEN p.user_dir THEN pa.name ELSE '' END || p.tail`;
  const parentPid = `CASE WHEN chained THEN ${PID(`hash(${seed}, ik, istep - 1, 'pid')`)}
      WHEN p.life = 0 THEN ${PID(`hash(${seed}, d.didx, p.pid, ${day})`)}
      WHEN p.life = 1 THEN ${PID(`hash(${seed}, d.didx, p.pid, ${hour})`)}
      ELSE ${PID('((r3 >> 14) & 16383)')} END`;
  const parentCreated = `CASE WHEN chained THEN ${tsPrev}
      WHEN p.life = 0 THEN ${day} * ${MICROS_PER_DAY} - 60000000 - (hash(${seed}, d.didx, 'boot', ${day}) % ${6 * MICROS_PER_HOUR})::BIGINT
      WHEN p.life = 1 THEN ${hour} * ${MICROS_PER_HOUR} - (hash(${seed}, d.didx, p.pid, ${hour}) % ${2 * MICROS_PER_HOUR})::BIGINT
      ELSE ts_us - 1000 - ((r3 >> 28) & 16777215)::BIGINT END`;
  const userSession = (alias: string) => `CASE WHEN ${alias}.acct = 0 THEN d.sess ELSE 0 END`;
  const remote = (alias: string) => `(d.server AND ${alias}.acct = 0)`;
  const logonId = (alias: string, acct: string) => `CASE ${alias}.acct WHEN 0 THEN 100000 + (hash(${seed}, d.didx, ${acct}.aidx, ${day}) % 4000000000)::BIGINT WHEN 1 THEN 999 WHEN 2 THEN 997 ELSE 996 END`;
  const info = (alias: string, expr: string) => `CASE WHEN ${alias}.noinfo THEN NULL ELSE ${expr} END`;

  const expr: Record<string, string> = {
    Timestamp: 'make_timestamp(ts_us)',
    DeviceId: 'd.device_id',
    DeviceName: 'd.device_name',
    ActionType: `'ProcessCreated'`,
    FileName: 'c.file',
    FolderPath: childPath,
    SHA1: 'cv.sha1',
    SHA256: 'cv.sha256',
    MD5: 'cv.md5',
    FileSize: 'cv.size',
    ProcessVersionInfoCompanyName: info('c', 'c.company'),
    ProcessVersionInfoProductName: info('c', 'c.product'),
    ProcessVersionInfoProductVersion: info('c', 'cv.version'),
    ProcessVersionInfoInternalFileName: info('c', 'c.internal'),
    ProcessVersionInfoOriginalFileName: info('c', 'c.original'),
    ProcessVersionInfoFileDescription: info('c', 'c.description'),
    ProcessId: `CASE WHEN isid IS NULL THEN ${PID('(r3 & 16383)')} ELSE ${PID(`hash(${seed}, ik, istep, 'pid')`)} END`,
    ProcessCommandLine: renderCommand('cc', seed, childPath, 'ca.name', 10),
    ProcessIntegrityLevel: 'c.integrity',
    ProcessTokenElevation: 'c.elevation',
    ProcessCreationTime: 'make_timestamp(ts_us)',
    AccountDomain: 'ca.domain',
    AccountName: 'ca.name',
    AccountSid: 'ca.sid',
    AccountUpn: 'ca.upn',
    AccountObjectId: 'ca.objid',
    LogonId: logonId('c', 'ca'),
    InitiatingProcessAccountDomain: 'pa.domain',
    InitiatingProcessAccountName: 'pa.name',
    InitiatingProcessAccountSid: 'pa.sid',
    InitiatingProcessAccountUpn: 'pa.upn',
    InitiatingProcessAccountObjectId: 'pa.objid',
    InitiatingProcessLogonId: logonId('p', 'pa'),
    InitiatingProcessIntegrityLevel: 'p.integrity',
    InitiatingProcessTokenElevation: 'p.elevation',
    InitiatingProcessSHA1: 'pv.sha1',
    InitiatingProcessSHA256: 'pv.sha256',
    InitiatingProcessMD5: 'pv.md5',
    InitiatingProcessFileName: 'p.ip_file',
    InitiatingProcessFileSize: 'pv.size',
    InitiatingProcessVersionInfoCompanyName: info('p', 'p.company'),
    InitiatingProcessVersionInfoProductName: info('p', 'p.product'),
    InitiatingProcessVersionInfoProductVersion: info('p', 'pv.version'),
    InitiatingProcessVersionInfoInternalFileName: info('p', 'p.internal'),
    InitiatingProcessVersionInfoOriginalFileName: info('p', 'p.original'),
    InitiatingProcessVersionInfoFileDescription: info('p', 'p.description'),
    InitiatingProcessId: parentPid,
    InitiatingProcessCommandLine: `CASE WHEN pc.cid < 0 THEN NULL ELSE ${renderCommand('pc', seed, parentPath, 'pa.name', 13)} END`,
    InitiatingProcessCreationTime: `make_timestamp(${parentCreated})`,
    InitiatingProcessFolderPath: `p.ldir_a || CASE WHEN p.user_dir THEN pa.name ELSE '' END || p.ltail`,
    InitiatingProcessParentId: `CASE WHEN g.pid = 0 THEN NULL ELSE ${PID(`hash(${seed}, d.didx, g.pid, ${day})`)} END`,
    InitiatingProcessParentFileName: 'g.ip_file',
    InitiatingProcessParentCreationTime: `CASE WHEN g.pid = 0 THEN NULL ELSE make_timestamp(${parentCreated} - 1000000 - (hash(${seed}, d.didx, g.pid, ${day}) % ${3 * MICROS_PER_HOUR})::BIGINT) END`,
    InitiatingProcessSignerType: 'p.signer_type',
    InitiatingProcessSignatureStatus: 'p.sig_status',
    ReportId: 'i + 1',
    AppGuardContainerId: `''`,
    AdditionalFields: 'NULL',
    InitiatingProcessSessionId: userSession('p'),
    IsInitiatingProcessRemoteSession: remote('p'),
    InitiatingProcessRemoteSessionDeviceName: `CASE WHEN ${remote('p')} THEN d.remote_name END`,
    InitiatingProcessRemoteSessionIP: `CASE WHEN ${remote('p')} THEN d.remote_ip END`,
    CreatedProcessSessionId: userSession('c'),
    IsProcessRemoteSession: remote('c'),
    ProcessRemoteSessionDeviceName: `CASE WHEN ${remote('c')} THEN d.remote_name END`,
    ProcessRemoteSessionIP: `CASE WHEN ${remote('c')} THEN d.remote_ip END`,
  };
  const missing = o.columns.filter((c) => !(c.name in expr)).map((c) => c.name);
  const extra = Object.keys(expr).filter((n) => !o.columns.some((c) => c.name === n));
  if (missing.length || extra.length) throw new Error(`generator columns out of step with the schema: missing ${missing.join(', ')}; extra ${extra.join(', ')}`);
  const select = o.columns.map((c) => `CAST(${expr[c.name]} AS ${DUCKDB_TYPE_OF[c.type]}) AS ${sqlIdent(c.name)}`).join(',\n  ');

  // background: device skewed towards low indexes (min of two uniforms); injected: one device per injection
  const device = `CASE WHEN isid IS NULL THEN (least((r1 >> 28) & 65535, (r1 >> 44) & 65535) * ${o.devices} // 65536)::INTEGER ELSE (hash(${seed}, ik, 'dev') % ${o.devices})::INTEGER END`;
  const parentCmd = `CASE WHEN isid IS NOT NULL THEN pcmd_id WHEN ((r3 >> 52) & 63) = 0 THEN -1 ELSE p.cmd_base + ((r2 >> 30) & 1023)::INTEGER % greatest(p.cmd_n, 1) END`;
  return `WITH base AS (
  SELECT t.i, hash(${seed}, t.i) AS r1, hash(${seed}, t.i, 1) AS r2, hash(${seed}, t.i, 2) AS r3
  FROM ${o.source === 'injected' ? `(SELECT i FROM inj WHERE i >= ${o.from} AND i < ${o.to})` : `range(${o.from}, ${o.to})`} t(i)
), slotted AS (
  ${injectionSlots(o, seed)}
), keyed AS (
  SELECT slotted.*, CASE WHEN delta >= 0 AND delta < ss.nsteps THEN ss.first_sid + delta ELSE -1 END::INTEGER AS sid_key
  FROM slotted JOIN scen_steps ss ON ss.scen = scen_
), injected AS (
  SELECT keyed.*, CASE WHEN s.sid >= 0 THEN s.sid END AS isid, s.step AS istep, s.chained,
         s.child_pid, s.parent_pid, s.gp_pid, s.cmd_id, s.pcmd_id
  FROM keyed JOIN steps s ON s.sid = sid_key
), timed AS (
  SELECT *, ${ts} AS ts_us FROM injected
), picked AS (
  SELECT timed.*, coalesce(child_pid, lut.pid) AS cpid_, ${device} AS didx_
  FROM timed JOIN lut ON lut.b = (r1 & ${CHILD_BUCKETS - 1})::INTEGER
)
SELECT
  ${select}
FROM picked
JOIN procs c ON c.pid = cpid_
JOIN plut pl ON pl.k = c.pid * ${PARENT_BUCKETS} + ((r1 >> 16) & ${PARENT_BUCKETS - 1})::INTEGER
JOIN procs p ON p.pid = coalesce(parent_pid, pl.pid)
JOIN plut gl ON gl.k = p.pid * ${PARENT_BUCKETS} + ((r1 >> 22) & ${PARENT_BUCKETS - 1})::INTEGER
JOIN procs g ON g.pid = coalesce(gp_pid, gl.pid)
JOIN devices d ON d.didx = didx_
JOIN accounts ca ON ca.aidx = ${acctOf('c')}
JOIN accounts pa ON pa.aidx = ${acctOf('p')}
JOIN pver cv ON cv.k = c.pid * ${VARIANTS} + ${variant('c')}
JOIN pver pv ON pv.k = p.pid * ${VARIANTS} + ${variant('p')}
JOIN cmds cc ON cc.cid = coalesce(cmd_id, c.cmd_base + ((r2 >> 20) & 1023)::INTEGER % greatest(c.cmd_n, 1))
JOIN cmds pc ON pc.cid = ${parentCmd}`;
}

/**
 * Which scenario step (if any) a row carries, by arithmetic instead of a join with `inj` (an outer join
 * would emit its matches out of order). A file lies in one day; the day's m injection slots start at
 * rows first + (j·rows)//m, each scenario at a hashed offset inside its slot: exactly setup-sql.ts's
 * `inj`. Yields the slot's injection number `ik`, the row's offset `delta` from the scenario's first
 * row, and the slot's scenario `scen_`.
 */
function injectionSlots(o: RowsSqlInput, seed: string): string {
  const day = o.plan.days.find((d) => o.from >= d.firstRow && o.from < d.firstRow + d.rows);
  if (!day) throw new Error(`no day holds row ${o.from}`);
  if (o.to > day.firstRow + day.rows) throw new Error(`rows ${o.from}..${o.to} span more than one day`);
  if (day.injections === 0) return `SELECT base.*, -1::BIGINT AS ik, -1::BIGINT AS delta, 0 AS scen_ FROM base`;
  const { a, b } = scenarioPermutation(o.seed, o.scenarios);
  const [first, n, m, k0] = [day.firstRow, day.rows, day.injections, day.firstInjection];
  const width = Math.max(1, Math.floor(n / m) - o.maxSteps);
  const j = `(((i - ${first} + 1) * ${m} + ${n - 1}) // ${n} - 1)`;
  return `SELECT base.*, ${k0}::BIGINT + ${j} AS ik,
      i - (${first} + (${j} * ${n}) // ${m}) - (hash(${seed}, ${k0}::BIGINT + ${j}, 'slot') % ${width}::UBIGINT)::BIGINT AS delta,
      ((${a} * (${k0}::BIGINT + ${j}) + ${b}) % ${o.scenarios})::INTEGER AS scen_
    FROM base`;
}
