/**
 * The small tables every generator worker loads before it writes a row: processes and their versions,
 * command-line templates, the process and parent lookup tables, devices, accounts, scenario steps, and
 * the injection map (which row numbers carry which scenario step). All are derived from the seed and
 * the plan, so every worker builds identical tables.
 */
import type { World } from './catalog/index.js';
import type { Lifetime, Signer } from './catalog/types.js';
import { ACCOUNT_KIND_CODE, OS_BUILDS, type Fleet } from './fleet.js';
import type { Plan } from './plan.js';
import { sqlString } from '../sql/quote.js';

/** Version variants per process in `pver` (key pid * VARIANTS + v). */
export const VARIANTS = 8;
export const LIFETIME_CODE: Record<Lifetime, number> = { boot: 0, session: 1, short: 2 };

type Cell = string | number | boolean | null;

function lit(v: Cell): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return sqlString(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
  return String(v);
}

/** CREATE TABLE plus INSERTs of at most 1000 rows each. */
function table(name: string, columns: Array<[string, string]>, rows: Cell[][]): string[] {
  const out = [`CREATE OR REPLACE TABLE ${name} (${columns.map(([c, t]) => `${c} ${t}`).join(', ')})`];
  for (let i = 0; i < rows.length; i += 1000) {
    out.push(`INSERT INTO ${name} VALUES ${rows.slice(i, i + 1000).map((r) => `(${r.map(lit).join(', ')})`).join(', ')}`);
  }
  return out;
}

const SIGNER_TYPE: Record<Signer, string | null> = { OsVendor: 'OsVendor', Microsoft: 'Microsoft', ThirdParty: 'ThirdParty', Unsigned: null };
const ELEVATION = { System: 'TokenElevationTypeDefault', High: 'TokenElevationTypeFull', Medium: 'TokenElevationTypeLimited', Low: 'TokenElevationTypeLimited' } as const;

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}

/** Scenario of the k-th injection: (a·k + b) mod S, a bijection on every run of S consecutive k. */
export function scenarioPermutation(seed: number, scenarios: number): { a: number; b: number } {
  let a = 1 + ((seed * 7919) % scenarios);
  while (greatestCommonDivisor(a, scenarios) !== 1) a = (a % scenarios) + 1;
  return { a, b: seed % scenarios };
}

export interface SetupInput {
  world: World;
  fleet: Fleet;
  plan: Plan;
  seed: number;
  maxSteps: number;
}

export function setupStatements({ world, fleet, plan, seed, maxSteps }: SetupInput): string[] {
  const out: string[] = [];

  out.push(...table('procs', [
    ['pid', 'INTEGER'], ['file', 'VARCHAR'], ['ip_file', 'VARCHAR'], ['user_dir', 'BOOLEAN'], ['dir_a', 'VARCHAR'], ['tail', 'VARCHAR'],
    ['ldir_a', 'VARCHAR'], ['ltail', 'VARCHAR'], ['company', 'VARCHAR'], ['product', 'VARCHAR'], ['description', 'VARCHAR'],
    ['original', 'VARCHAR'], ['internal', 'VARCHAR'], ['acct', 'INTEGER'], ['integrity', 'VARCHAR'], ['elevation', 'VARCHAR'],
    ['signer_type', 'VARCHAR'], ['sig_status', 'VARCHAR'], ['life', 'INTEGER'], ['cmd_base', 'INTEGER'], ['cmd_n', 'INTEGER'],
    ['os_ver', 'BOOLEAN'], ['nver', 'INTEGER'], ['noinfo', 'BOOLEAN'],
  ], world.procs.map((p) => {
    const d = p.def;
    const userDir = p.dir.length === 2;
    const tail = (userDir ? p.dir[1]! : '') + d.file;
    const stem = d.file.replace(/\.[^.]*$/, '');
    return [
      p.pid, d.file, p.pid === 0 ? null : p.asParent, userDir, p.dir[0], tail,
      p.dir[0].toLowerCase(), tail.toLowerCase(), d.company ?? null, d.product ?? null, d.description ?? null,
      d.original ?? d.file, d.internal ?? stem, ACCOUNT_KIND_CODE[d.account], d.integrity, ELEVATION[d.integrity],
      SIGNER_TYPE[d.signer], d.signer === 'Unsigned' ? 'Unsigned' : 'Valid', LIFETIME_CODE[d.lifetime], p.cmdBase, p.cmdCount,
      d.osVersioned ?? false, d.osVersioned ? OS_BUILDS.length : Math.max(1, d.versions?.length ?? 1), d.noVersionInfo ?? false,
    ];
  })));

  // versions: Windows binaries per OS build, applications per their own version list; hashes derived
  // from name and version, so a binary has the same hashes on every device and in every run
  const versions: Cell[][] = [];
  for (const p of world.procs) {
    const list = p.def.osVersioned ? OS_BUILDS : p.def.versions?.length ? p.def.versions : ['1.0.0.0'];
    if (list.length > VARIANTS) throw new Error(`${p.def.file}: more than ${VARIANTS} versions`);
    list.forEach((v, j) => versions.push([p.pid * VARIANTS + j, p.def.file.toLowerCase(), v, p.def.size + j * 4096]));
  }
  out.push(...table('pver_src', [['k', 'INTEGER'], ['file', 'VARCHAR'], ['version', 'VARCHAR'], ['size', 'BIGINT']], versions));
  out.push(`CREATE OR REPLACE TABLE pver AS SELECT k, version, size,
    sha1('kqlduck|' || file || '|' || version) AS sha1,
    sha256('kqlduck|' || file || '|' || version) AS sha256,
    md5('kqlduck|' || file || '|' || version) AS md5
    FROM pver_src`);

  out.push(...table('cmds', [['cid', 'INTEGER'], ['l0', 'VARCHAR'], ['t1', 'INTEGER'], ['l1', 'VARCHAR'], ['t2', 'INTEGER'], ['l2', 'VARCHAR'], ['t3', 'INTEGER'], ['l3', 'VARCHAR']],
    [[-1, '', 0, '', 0, '', 0, ''], ...world.templates.map((t, cid): Cell[] => [cid, t.lits[0], t.toks[0], t.lits[1], t.toks[1], t.lits[2], t.toks[2], t.lits[3]])]));

  out.push(...table('lut_runs', [['b0', 'INTEGER'], ['n', 'INTEGER'], ['pid', 'INTEGER']], runs(world.childLut)));
  out.push(`CREATE OR REPLACE TABLE lut AS SELECT unnest(range(b0, b0 + n))::INTEGER AS b, pid FROM lut_runs`);
  out.push(...table('plut_runs', [['b0', 'INTEGER'], ['n', 'INTEGER'], ['pid', 'INTEGER']], runs(world.parentLut)));
  out.push(`CREATE OR REPLACE TABLE plut AS SELECT unnest(range(b0, b0 + n))::INTEGER AS k, pid FROM plut_runs`);

  out.push(...table('devices', [['didx', 'INTEGER'], ['device_id', 'VARCHAR'], ['device_name', 'VARCHAR'], ['os', 'INTEGER'], ['server', 'BOOLEAN'], ['aidx', 'INTEGER'], ['sess', 'INTEGER'], ['remote_name', 'VARCHAR'], ['remote_ip', 'VARCHAR']],
    fleet.devices.map((d) => [d.didx, d.deviceId, d.deviceName, d.os, d.server, d.primaryAccount, d.session, d.remoteName, d.remoteIp])));
  out.push(...table('accounts', [['aidx', 'INTEGER'], ['name', 'VARCHAR'], ['domain', 'VARCHAR'], ['sid', 'VARCHAR'], ['upn', 'VARCHAR'], ['objid', 'VARCHAR']],
    fleet.accounts.map((a) => [a.aidx, a.name, a.domain, a.sid, a.upn, a.objectId])));

  // scenario steps, plus row -1 for background rows (every row joins one step row: see rows-sql.ts)
  out.push(...table('steps', [['sid', 'INTEGER'], ['scen', 'INTEGER'], ['step', 'INTEGER'], ['child_pid', 'INTEGER'], ['parent_pid', 'INTEGER'], ['gp_pid', 'INTEGER'], ['cmd_id', 'INTEGER'], ['pcmd_id', 'INTEGER'], ['chained', 'BOOLEAN']],
    [[-1, -1, null, null, null, null, null, null, false], ...world.steps.map((s): Cell[] => [s.sid, s.scenarioIndex, s.step, s.childPid, s.parentPid, s.grandparentPid, s.cmdId, s.parentCmdId, s.chained])]));
  out.push(...table('scen_steps', [['scen', 'INTEGER'], ['nsteps', 'INTEGER'], ['first_sid', 'INTEGER']],
    world.scenarios.map((sc, j) => [j, sc.steps.length, world.firstStep[j]!])));

  out.push(...table('days_plan', [['day', 'INTEGER'], ['first_row', 'BIGINT'], ['nrows', 'BIGINT'], ['m', 'BIGINT'], ['k0', 'BIGINT']],
    plan.days.map((d, j) => [j, d.firstRow, d.rows, d.injections, d.firstInjection])));
  const S = world.scenarios.length;
  const { a, b } = scenarioPermutation(seed, S);
  // the injection map, for the ground truth: slot j of a day with m injections starts at row
  // (j·rows)//m, the scenario at a random offset inside it; rows-sql.ts computes the same per row
  out.push(`CREATE OR REPLACE TABLE inj AS
    WITH slots AS (
      SELECT k0 + j AS k,
             first_row + (j * nrows) // m + (hash(${seed}::BIGINT, k0 + j, 'slot') % greatest(1, nrows // m - ${maxSteps})::UBIGINT)::BIGINT AS pos
      FROM (SELECT *, unnest(range(m)) AS j FROM days_plan WHERE m > 0)
    )
    SELECT pos + s.step AS i, s.sid, k
    FROM slots JOIN steps s ON s.scen = ((${a} * k + ${b}) % ${S})::INTEGER
    ORDER BY i`);
  return out;
}

/** [start, length, value] runs of equal values in a lookup table. */
function runs(lut: Int32Array): Cell[][] {
  const out: Cell[][] = [];
  let start = 0;
  for (let j = 1; j <= lut.length; j++) {
    if (j === lut.length || lut[j] !== lut[start]) { out.push([start, j - start, lut[start]!]); start = j; }
  }
  return out;
}

