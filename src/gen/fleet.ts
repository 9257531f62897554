/**
 * The devices and accounts of the synthetic fleet, made in JavaScript from the seed (a few thousand
 * rows, loaded into DuckDB as small tables). Names are lower-case, as Defender reports them.
 */
import { DEVICE_PATTERNS, DNS_SUFFIX, DOMAIN, FIRST_NAMES, FORBIDDEN_ACCOUNT_NAMES, LAST_NAMES, SERVER_ROLES, UPN_SUFFIX } from './catalog/identities.js';

export interface Device {
  didx: number;
  deviceId: string;
  deviceName: string;
  /** OS build variant: 0 Windows 10 22H2, 1 Windows 11 22H2, 2 Windows 11 23H2, 3 Windows Server 2022. */
  os: number;
  server: boolean;
  /** Account index (into accounts) of the primary user. */
  primaryAccount: number;
  session: number;
  /** For servers: the workstation and IP users connect from over RDP. */
  remoteName: string | null;
  remoteIp: string | null;
}

export interface Account {
  aidx: number;
  name: string;
  domain: string;
  sid: string;
  upn: string | null;
  objectId: string | null;
}

/** Accounts 0–2 are the service accounts; users start here. */
export const FIRST_USER_ACCOUNT = 3;
/** Index of each AccountKind's account (users: FIRST_USER_ACCOUNT + user). */
export const ACCOUNT_KIND_CODE = { user: 0, system: 1, localservice: 2, networkservice: 3 } as const;

export const OS_BUILDS = ['10.0.19041.3636', '10.0.22621.3007', '10.0.22631.3085', '10.0.20348.2227'];

export interface Fleet {
  devices: Device[];
  accounts: Account[];
  /** Number of user accounts (accounts.length - FIRST_USER_ACCOUNT). */
  users: number;
}

/** Default fleet size for a run of `rows` rows: one device per 400 rows, between 50 and 5000. */
export function defaultDeviceCount(rows: number): number {
  return Math.min(5000, Math.max(50, Math.round(rows / 400)));
}

/** splitmix32-style PRNG: deterministic for a seed, independent of the plan's noise stream. */
function prng(seed: number): () => number {
  let s = (seed ^ 0x9e3779b9) >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}

export function makeFleet(seed: number, deviceCount: number): Fleet {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(rand() * 4)]}${hex(3)}-${hex(12)}`;
  const domainSid = `S-1-5-21-${1_000_000_000 + Math.floor(rand() * 3_000_000_000)}-${1_000_000_000 + Math.floor(rand() * 3_000_000_000)}-${100_000_000 + Math.floor(rand() * 900_000_000)}`;

  const servers = Math.max(1, Math.round(deviceCount * 0.08));
  const workstations = deviceCount - servers;
  const admins = Math.max(2, Math.round(deviceCount * 0.02));
  const users = workstations + admins + Math.round(workstations * 0.05);

  const accounts: Account[] = [
    { aidx: 0, name: 'system', domain: 'nt authority', sid: 'S-1-5-18', upn: null, objectId: null },
    { aidx: 1, name: 'local service', domain: 'nt authority', sid: 'S-1-5-19', upn: null, objectId: null },
    { aidx: 2, name: 'network service', domain: 'nt authority', sid: 'S-1-5-20', upn: null, objectId: null },
  ];
  const taken = new Set<string>([...FORBIDDEN_ACCOUNT_NAMES, 'system', 'administrator', 'guest']);
  for (let u = 0; u < users; u++) {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const style = rand();
    let base = style < 0.5 ? `${first}.${last}` : style < 0.85 ? `${first[0]}${last}` : `${first}${last[0]}`;
    if (u >= workstations && u < workstations + admins) base = `adm-${base}`;
    let name = base;
    for (let k = 2; taken.has(name); k++) name = `${base}${k}`;
    taken.add(name);
    accounts.push({ aidx: accounts.length, name, domain: DOMAIN, sid: `${domainSid}-${1105 + u}`, upn: `${name}@${UPN_SUFFIX}`, objectId: uuid() });
  }

  const devices: Device[] = [];
  const deviceNames = new Set<string>();
  const alnum = 'abcdefghijklmnopqrstuvwxyz0123456789';
  for (let d = 0; d < deviceCount; d++) {
    const server = d >= workstations;
    let short: string;
    do {
      short = server
        ? `srv-${pick(SERVER_ROLES)}-${String(1 + Math.floor(rand() * 99)).padStart(2, '0')}`
        : pick(DEVICE_PATTERNS).replace(/[#@]/g, (c) => (c === '#' ? String(Math.floor(rand() * 10)) : pick([...alnum])));
    } while (deviceNames.has(short));
    deviceNames.add(short);
    const fqdn = server || rand() < 0.7 ? `${short}.${DNS_SUFFIX}` : short;
    const osRoll = rand();
    const os = server ? 3 : osRoll < 0.45 ? 0 : osRoll < 0.7 ? 1 : 2;
    const primaryAccount = FIRST_USER_ACCOUNT + (server ? workstations + Math.floor(rand() * admins) : d);
    devices.push({
      didx: d,
      deviceId: hex(40),
      deviceName: fqdn,
      os,
      server,
      primaryAccount,
      session: server ? 2 + Math.floor(rand() * 3) : rand() < 0.9 ? 1 : 2,
      remoteName: null,
      remoteIp: null,
    });
  }
  for (const dev of devices.filter((x) => x.server)) {
    const from = devices[Math.floor(rand() * workstations)]!;
    dev.remoteName = from.deviceName.split('.')[0]!;
    dev.remoteIp = `10.${10 + Math.floor(rand() * 20)}.${Math.floor(rand() * 256)}.${1 + Math.floor(rand() * 254)}`;
  }
  return { devices, accounts, users };
}
