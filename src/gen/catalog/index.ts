/**
 * The generator's world: every process (background catalog plus the processes only injected scenarios
 * use), every command-line template, the lookup tables that turn uniform random bits into a
 * heavy-tailed process choice and a weighted parent choice, and the flattened scenario steps.
 * Built once per run, in JavaScript, from static data; loaded into DuckDB by setup-sql.ts.
 */
import { SCENARIOS, type Expectation, type InlineProc, type ProcRef, type Scenario } from '../scenarios.js';
import { parseTemplate, splitUserDir, type ParsedTemplate } from '../templates.js';
import { APPS } from './apps.js';
import { sizeOf } from './build.js';
import { tailProcesses } from './tail.js';
import type { ProcessDef } from './types.js';
import { WINDOWS } from './windows.js';

/** Child-process lookup: 2^16 buckets, each process with weight > 0 owns at least one. */
export const CHILD_BUCKETS = 65536;
/** Parent lookup: 64 buckets per child process. */
export const PARENT_BUCKETS = 64;
/** pid of the "no such process" row (the parent of System, of scenario-only processes). */
export const NONE_PID = 0;

export interface Proc {
  pid: number;
  def: ProcessDef;
  /** InitiatingProcessFileName spelling. */
  asParent: string;
  /** The folder split at {user}: one part (fixed) or two (before and after the account name). */
  dir: [string] | [string, string];
  /** First template id and count in `templates`. */
  cmdBase: number;
  cmdCount: number;
  scenarioOnly: boolean;
}

export interface StepRow {
  /** Step id: index into `steps`. */
  sid: number;
  scenario: Scenario;
  /** Index of the scenario in `scenarios`. */
  scenarioIndex: number;
  step: number;
  childPid: number;
  parentPid: number;
  grandparentPid: number;
  cmdId: number;
  /** -1: InitiatingProcessCommandLine is NULL. */
  parentCmdId: number;
  expect: Expectation;
  chained: boolean;
}

export interface World {
  procs: Proc[];
  templates: ParsedTemplate[];
  childLut: Int32Array;
  parentLut: Int32Array;
  scenarios: Scenario[];
  steps: StepRow[];
  /** Index of the first step of each scenario in `steps`. */
  firstStep: number[];
}

const SENTINEL: ProcessDef = {
  file: '', dir: '', weight: 0, parents: {}, cmd: [], account: 'system', integrity: 'System', signer: 'Unsigned', lifetime: 'boot', size: 0, noVersionInfo: true,
};

/** Spreads `buckets` slots over weights: at least one per positive weight, the rest by largest remainder. */
export function allocate(weights: number[], buckets: number): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) throw new Error('allocate: no positive weight');
  const ideal = weights.map((w) => (w * buckets) / total);
  const alloc = ideal.map((x, i) => (weights[i]! > 0 ? Math.max(1, Math.floor(x)) : 0));
  let diff = buckets - alloc.reduce((a, b) => a + b, 0);
  const byRemainder = ideal.map((x, i) => i).filter((i) => weights[i]! > 0).sort((a, b) => (ideal[b]! - Math.floor(ideal[b]!)) - (ideal[a]! - Math.floor(ideal[a]!)) || a - b);
  for (let j = 0; diff > 0; j = (j + 1) % byRemainder.length, diff--) alloc[byRemainder[j]!]! += 1;
  const byLargest = alloc.map((_, i) => i).sort((a, b) => alloc[b]! - alloc[a]! || a - b);
  for (let j = 0; diff < 0; j = (j + 1) % byLargest.length) {
    const i = byLargest[j]!;
    if (alloc[i]! > 1) { alloc[i]! -= 1; diff++; }
  }
  return alloc;
}

export function buildWorld(scenarios: Scenario[] = SCENARIOS): World {
  const procs: Proc[] = [];
  const templates: ParsedTemplate[] = [];
  const addTemplates = (cmds: string[]): [number, number] => {
    const base = templates.length;
    for (const c of cmds) templates.push(parseTemplate(c));
    return [base, cmds.length];
  };
  const addProc = (def: ProcessDef, scenarioOnly: boolean): Proc => {
    const [cmdBase, cmdCount] = addTemplates(def.cmd);
    const dir = splitUserDir(def.dir);
    if (dir.length === 2 && def.account !== 'user') throw new Error(`${def.file}: a per-user folder needs account 'user'`);
    const p: Proc = { pid: procs.length, def, asParent: def.asParent ?? def.file.toLowerCase(), dir, cmdBase, cmdCount, scenarioOnly };
    procs.push(p);
    return p;
  };

  addProc(SENTINEL, true);
  const background = [...WINDOWS, ...APPS, ...tailProcesses()];
  const byExact = new Map<string, Proc>();
  const byLower = new Map<string, Proc>();
  for (const def of background) {
    const p = addProc(def, false);
    if (!byExact.has(def.file)) byExact.set(def.file, p);
    if (!byLower.has(def.file.toLowerCase())) byLower.set(def.file.toLowerCase(), p);
  }
  const lookup = (name: string, context: string): Proc => {
    const p = byExact.get(name) ?? byLower.get(name.toLowerCase());
    if (!p) throw new Error(`${context}: no catalog process named ${name}`);
    return p;
  };

  // background parents must exist; every created process needs a parent
  for (const p of procs.slice(1)) {
    for (const name of Object.keys(p.def.parents)) lookup(name, `parent of ${p.def.file}`);
    if (p.def.weight > 0 && Object.keys(p.def.parents).length === 0) throw new Error(`${p.def.file}: weight > 0 but no parents`);
    if (p.def.weight > 0 && p.cmdCount === 0) throw new Error(`${p.def.file}: weight > 0 but no command lines`);
  }

  // scenario processes
  const resolve = (ref: ProcRef, context: string, asChild: boolean): Proc => {
    if (typeof ref === 'string') return lookup(ref, context);
    return addProc(inlineDef(ref, ref.like ? lookup(ref.like, context).def : undefined, asChild), true);
  };
  const steps: StepRow[] = [];
  const firstStep: number[] = [];
  const names = new Set<string>();
  scenarios.forEach((scenario, scenarioIndex) => {
    if (names.has(scenario.name)) throw new Error(`scenario ${scenario.name} defined twice`);
    names.add(scenario.name);
    firstStep.push(steps.length);
    scenario.steps.forEach((s, step) => {
      const context = `scenario ${scenario.name} step ${step}`;
      if (s.chained && step === 0) throw new Error(`${context}: the first step cannot be chained`);
      const child = resolve(s.child, context, true);
      const parent = resolve(s.parent, context, false);
      const gp = s.grandparent !== undefined ? resolve(s.grandparent, context, false) : defaultParent(parent, lookup);
      steps.push({
        sid: steps.length, scenario, scenarioIndex, step,
        childPid: child.pid, parentPid: parent.pid, grandparentPid: gp.pid,
        cmdId: addTemplates([s.cmd])[0],
        parentCmdId: s.parentCmd === null ? -1 : addTemplates([s.parentCmd])[0],
        expect: s.expect, chained: s.chained ?? false,
      });
    });
  });

  // lookup tables
  const childLut = new Int32Array(CHILD_BUCKETS);
  const weighted = procs.filter((p) => !p.scenarioOnly && p.def.weight > 0);
  fillRuns(childLut, 0, weighted.map((p) => p.pid), allocate(weighted.map((p) => p.def.weight), CHILD_BUCKETS));
  const parentLut = new Int32Array(procs.length * PARENT_BUCKETS);
  for (const p of procs) {
    const entries = Object.entries(p.def.parents);
    if (p.scenarioOnly || entries.length === 0) continue; // all NONE_PID
    const pids = entries.map(([name]) => lookup(name, p.def.file).pid);
    fillRuns(parentLut, p.pid * PARENT_BUCKETS, pids, allocate(entries.map(([, w]) => w), PARENT_BUCKETS));
  }
  return { procs, templates, childLut, parentLut, scenarios, steps, firstStep };
}

function fillRuns(lut: Int32Array, offset: number, values: number[], counts: number[]): void {
  let at = offset;
  values.forEach((v, i) => { lut.fill(v, at, at + counts[i]!); at += counts[i]!; });
}

function defaultParent(p: Proc, lookup: (name: string, context: string) => Proc): Proc {
  const entries = Object.entries(p.def.parents).sort((a, b) => b[1] - a[1]);
  return entries.length ? lookup(entries[0]![0], `parent of ${p.def.file}`) : { pid: NONE_PID } as Proc;
}

function inlineDef(ref: InlineProc, base: ProcessDef | undefined, asChild: boolean): ProcessDef {
  const file = ref.file ?? base?.file;
  const dir = ref.dir ?? base?.dir;
  if (!file || dir === undefined) throw new Error(`inline process needs file and dir (or like): ${JSON.stringify(ref)}`);
  const account = ref.account ?? base?.account ?? 'user';
  const signer = ref.signer ?? base?.signer ?? 'Unsigned';
  return {
    ...(base ?? {}),
    file,
    dir,
    weight: 0,
    parents: {},
    cmd: [],
    asParent: ref.asParent ?? (base && ref.file === undefined ? base.asParent : undefined),
    company: ref.company ?? base?.company,
    product: ref.product ?? base?.product,
    description: ref.description ?? base?.description,
    versions: ref.version ? [ref.version] : base?.versions,
    osVersioned: ref.version ? false : base?.osVersioned,
    account,
    integrity: ref.integrity ?? base?.integrity ?? (account === 'user' ? 'Medium' : 'System'),
    signer,
    lifetime: base?.lifetime ?? (asChild ? 'short' : 'session'),
    size: base?.size ?? sizeOf(file, 80_000, 6_000_000),
    noVersionInfo: ref.noVersionInfo ?? base?.noVersionInfo ?? (signer === 'Unsigned'),
  };
}
