import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** Clock ticks per second of `/proc/<pid>/stat` times (USER_HZ; 100 on every mainstream Linux). */
const USER_HZ = 100;

/** The fields of a `stat` file (a process's, or one of its threads' under `task/`) from field 3 on. */
function statFields(pid: number, file = `/proc/${pid}/stat`): string[] | null {
  try {
    const text = readFileSync(file, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: split after its closing one.
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/**
 * CPU time of a process in microseconds (utime + stime; with `children`, plus the reaped children's
 * cutime + cstime). Null when the process is gone.
 */
export function cpuMicros(pid: number, children = false): number | null {
  return cpuMicrosOf(statFields(pid), children);
}

function cpuMicrosOf(f: string[] | null, children: boolean): number | null {
  if (!f) return null;
  // After the split, index 0 is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
  const ticks = Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
  return (ticks * 1e6) / USER_HZ;
}

/** What a process's main thread has used so far (see {@link mainThreadTimes}). */
export interface ThreadTimes {
  /** CPU time, user and kernel, µs. */
  cpuMicros: number;
  /** Of it, in the kernel (system calls, waking the peers they write to), µs. */
  systemMicros: number;
  /** How often the scheduler took the thread off its core while it could still run (involuntary context switches). */
  preemptions: number;
}

/**
 * The main thread's times (`/proc/<pid>/task/<pid>/stat` and `status`): for Node, the event loop's
 * thread, without V8's GC helpers and libuv's pool. Null when the process is gone.
 */
export function mainThreadTimes(pid: number): ThreadTimes | null {
  const f = statFields(pid, `/proc/${pid}/task/${pid}/stat`);
  const cpu = cpuMicrosOf(f, false);
  if (f === null || cpu === null) return null;
  let preemptions = NaN;
  try {
    const status = readFileSync(`/proc/${pid}/task/${pid}/status`, 'utf8');
    const match = /^nonvoluntary_ctxt_switches:\s+(\d+)$/m.exec(status);
    if (match) preemptions = Number(match[1]);
  } catch {
    return null;
  }
  return { cpuMicros: cpu, systemMicros: (Number(f[12]) * 1e6) / USER_HZ, preemptions };
}

/**
 * CPU time the whole machine spent busy (every core: all but idle and iowait, from `/proc/stat`), in
 * microseconds; null when `/proc/stat` cannot be read.
 */
export function machineBusyMicros(): number | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq: steal (the hypervisor's) is not this machine's work,
    // guest time is already counted in user.
    const busy = fields.slice(0, 7).reduce((sum, v, i) => (i === 3 || i === 4 ? sum : sum + v), 0);
    return Number.isFinite(busy) ? (busy * 1e6) / USER_HZ : null;
  } catch {
    return null;
  }
}

/**
 * CPU time of a process and all its live direct children (a PostgreSQL postmaster and its backends),
 * including children already reaped.
 */
export function treeCpuMicros(pid: number): number | null {
  const own = cpuMicros(pid, true);
  if (own === null) return null;
  let total = own;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    if (f && Number(f[1]) === pid) total += cpuMicros(Number(entry)) ?? 0;
  }
  return total;
}

/** `VmRSS` and `VmHWM` (peak) of a process in MiB; null when the process is gone. */
export function memoryMiB(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/**
 * Resets a process's `VmHWM` to its current RSS (`echo 5 > /proc/<pid>/clear_refs`, Linux ≥ 4.0) so that
 * the peak measured afterwards is the load's, and returns the peak before the reset in MiB (null when
 * it could not be reset).
 */
export function resetPeakMiB(pid: number): number | null {
  const before = memoryMiB(pid);
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return before ? before.peak : null;
  } catch {
    return null;
  }
}
