import { LoadResult, percentile } from './load';

export type TargetName = 'pass-through' | 'gateway';
export const TARGETS: readonly TargetName[] = ['pass-through', 'gateway'];

/** Where the CPU went during one run, besides the target's own total. */
export interface RunLoad {
  /** The run's wall-clock time, µs. */
  wallMicros: number;
  /** CPU of the target's main thread (the event loop), µs. */
  mainThreadMicros: number;
  /** Of it, in the kernel, µs. */
  mainThreadSystemMicros: number;
  /** Times the scheduler took the main thread off its core while it could run. */
  mainThreadPreemptions: number;
  /** CPU the whole machine spent busy (all cores, every process), µs. */
  machineBusyMicros: number;
}

/** Everything measured for one scenario on one target, summed over the rounds. */
export interface Tally {
  ok: number;
  failed: number;
  errors: number;
  seconds: number;
  latencies: number[];
  firstEvent: number[];
  /** CPU of the target's own process over its runs, µs. */
  cpuMicros: number;
  /** CPU of the gateway's embedded PostgreSQL (postmaster and backends) over its runs, µs. */
  dbCpuMicros: number;
  /** Summed `RunLoad`s of its runs. */
  load: RunLoad;
  /** req/s of each round, to show the spread. */
  roundRps: number[];
  /** CPU µs per request of each round. */
  roundCpu: number[];
}

export function emptyTally(): Tally {
  return {
    ok: 0,
    failed: 0,
    errors: 0,
    seconds: 0,
    latencies: [],
    firstEvent: [],
    cpuMicros: 0,
    dbCpuMicros: 0,
    load: { wallMicros: 0, mainThreadMicros: 0, mainThreadSystemMicros: 0, mainThreadPreemptions: 0, machineBusyMicros: 0 },
    roundRps: [],
    roundCpu: [],
  };
}

/** µs per answered request (a run that answered nothing counts as one). */
const perRequest = (micros: number, answered: number): number => micros / Math.max(1, answered);

export function addRun(t: Tally, run: LoadResult, cpuMicros: number, dbCpuMicros: number, load: RunLoad): void {
  t.ok += run.ok;
  t.failed += run.failed;
  t.errors += run.errors;
  t.seconds += run.seconds;
  for (const v of run.latencies) t.latencies.push(v);
  for (const v of run.firstEvent ?? []) t.firstEvent.push(v);
  t.cpuMicros += cpuMicros;
  t.dbCpuMicros += dbCpuMicros;
  t.load.wallMicros += load.wallMicros;
  t.load.mainThreadMicros += load.mainThreadMicros;
  t.load.mainThreadSystemMicros += load.mainThreadSystemMicros;
  t.load.mainThreadPreemptions += load.mainThreadPreemptions;
  t.load.machineBusyMicros += load.machineBusyMicros;
  t.roundRps.push(run.ok / run.seconds);
  t.roundCpu.push(perRequest(cpuMicros, run.ok));
}

export interface Figures {
  requests: number;
  failed: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
  firstEventP50: number | null;
  firstEventP99: number | null;
  cpuMicrosPerRequest: number;
  dbCpuMicrosPerRequest: number | null;
  /** The main thread's (event loop's) CPU per request: a target bound by that one thread serves at most 1 s / this. */
  mainThreadMicrosPerRequest: number;
  /** Of the main thread's CPU per request, what it spent in the kernel. */
  mainThreadSystemMicrosPerRequest: number;
  /**
   * The main thread's preemptions per request: how often another process (the load generator, the
   * upstream, the database) took its core while it had work. Each one stalls every call in flight.
   */
  preemptionsPerRequest: number;
  /** How busy the main thread was over the runs, in cores (1: saturated). */
  mainThreadCores: number;
  /** How busy the whole machine was over the runs, in cores (load generator, upstream, target, database). */
  machineBusyCores: number;
  roundRps: number[];
  roundCpuMicrosPerRequest: number[];
}

export function figuresOf(t: Tally, stream: boolean, target: TargetName): Figures {
  return {
    requests: t.ok,
    failed: t.failed,
    errors: t.errors,
    rps: t.ok / t.seconds,
    p50: percentile(t.latencies, 0.5),
    p99: percentile(t.latencies, 0.99),
    firstEventP50: stream ? percentile(t.firstEvent, 0.5) : null,
    firstEventP99: stream ? percentile(t.firstEvent, 0.99) : null,
    cpuMicrosPerRequest: perRequest(t.cpuMicros, t.ok),
    dbCpuMicrosPerRequest: target === 'gateway' ? perRequest(t.dbCpuMicros, t.ok) : null,
    mainThreadMicrosPerRequest: perRequest(t.load.mainThreadMicros, t.ok),
    mainThreadSystemMicrosPerRequest: perRequest(t.load.mainThreadSystemMicros, t.ok),
    preemptionsPerRequest: perRequest(t.load.mainThreadPreemptions, t.ok),
    mainThreadCores: t.load.mainThreadMicros / t.load.wallMicros,
    machineBusyCores: t.load.machineBusyMicros / t.load.wallMicros,
    roundRps: t.roundRps.map((r) => Math.round(r)),
    roundCpuMicrosPerRequest: t.roundCpu.map((c) => Math.round(c)),
  };
}

export interface ScenarioReport {
  key: string;
  label: string;
  stream: boolean;
  connections: number;
  targets: Record<TargetName, Figures>;
  ratios: {
    rps: number;
    p50: number;
    p99: number;
    cpu: number;
    mainThread: number;
    firstEventP50DeltaMs: number | null;
    /** gw/pt of each round: both targets ran it back to back, so each is a same-minute comparison. */
    roundRps: number[];
    roundCpu: number[];
  };
}

/** gw/pt of each round's figures. */
const perRound = (gw: readonly number[], pt: readonly number[]): number[] => gw.map((g, i) => g / pt[i]);

export function scenarioReport(
  key: string,
  label: string,
  stream: boolean,
  connections: number,
  tallies: Record<TargetName, Tally>,
): ScenarioReport {
  const pt = figuresOf(tallies['pass-through'], stream, 'pass-through');
  const gw = figuresOf(tallies.gateway, stream, 'gateway');
  return {
    key,
    label,
    stream,
    connections,
    targets: { 'pass-through': pt, gateway: gw },
    ratios: {
      rps: gw.rps / pt.rps,
      p50: gw.p50 / pt.p50,
      p99: gw.p99 / pt.p99,
      cpu: gw.cpuMicrosPerRequest / pt.cpuMicrosPerRequest,
      mainThread: gw.mainThreadMicrosPerRequest / pt.mainThreadMicrosPerRequest,
      firstEventP50DeltaMs: stream ? gw.firstEventP50! - pt.firstEventP50! : null,
      roundRps: perRound(tallies.gateway.roundRps, tallies['pass-through'].roundRps),
      roundCpu: perRound(tallies.gateway.roundCpu, tallies['pass-through'].roundCpu),
    },
  };
}

const num = (v: number | null, digits = 2, width = 8) => (v === null || Number.isNaN(v) ? '—' : v.toFixed(digits)).padStart(width);
/** `min–max×` of per-round ratios. */
const range = (values: readonly number[]) => `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}×`;

/** The human-readable table. */
export function formatTable(scenarios: readonly ScenarioReport[]): string {
  const head = `${'scenario'.padEnd(22)} ${'target'.padEnd(13)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'1st ev p50'.padStart(10)} ${'1st ev p99'.padStart(10)} ${'CPU µs/req'.padStart(10)} ${'db µs/req'.padStart(9)}  errors`;
  const lines = [head, '-'.repeat(head.length)];
  for (const s of scenarios) {
    for (const name of TARGETS) {
      const f = s.targets[name];
      lines.push(
        `${s.label.padEnd(22)} ${name.padEnd(13)} ${num(f.rps, 0)} ${num(f.p50)} ${num(f.p99)} ${num(f.firstEventP50, 2, 10)} ${num(f.firstEventP99, 2, 10)} ${num(f.cpuMicrosPerRequest, 0, 10)} ${num(f.dbCpuMicrosPerRequest, 0, 9)}  ${f.failed + f.errors}`,
      );
    }
    const r = s.ratios;
    lines.push(
      `${''.padEnd(22)} ${'gw/pt'.padEnd(13)} ${num(r.rps, 2)}× ${num(r.p50, 2, 7)}× ${num(r.p99, 2, 7)}× ${(r.firstEventP50DeltaMs === null ? '—' : `${r.firstEventP50DeltaMs >= 0 ? '+' : ''}${r.firstEventP50DeltaMs.toFixed(2)} ms`).padStart(10)} ${''.padStart(10)} ${num(r.cpu, 2, 9)}×`,
    );
    if (r.roundRps.length > 1)
      lines.push(`${''.padEnd(22)} ${'per round'.padEnd(13)} req/s ${range(r.roundRps)}, CPU µs/req ${range(r.roundCpu)}`);
    const [pt, gw] = [s.targets['pass-through'], s.targets.gateway];
    const both = (a: number, b: number, digits: number) => `${num(a, digits, 0)}/${num(b, digits, 0)}`;
    lines.push(
      `${''.padEnd(22)} ${'load pt/gw'.padEnd(13)} main thread ${both(pt.mainThreadMicrosPerRequest, gw.mainThreadMicrosPerRequest, 0)} µs/req (${num(r.mainThread, 2, 0)}×), ` +
        `busy ${both(pt.mainThreadCores, gw.mainThreadCores, 2)} core; machine busy ${both(pt.machineBusyCores, gw.machineBusyCores, 2)} cores`,
    );
    lines.push(
      `${''.padEnd(22)} ${''.padEnd(13)} of it in the kernel ${both(pt.mainThreadSystemMicrosPerRequest, gw.mainThreadSystemMicrosPerRequest, 0)} µs/req; ` +
        `preempted ${both(pt.preemptionsPerRequest, gw.preemptionsPerRequest, 3)} times per request`,
    );
  }
  return lines.join('\n');
}
