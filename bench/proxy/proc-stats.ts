import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** Clock ticks per second of `/proc/<pid>/stat` times (USER_HZ; 100 on every mainstream Linux). */
const USER_HZ = 100;

function statFields(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
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
  const f = statFields(pid);
  if (!f) return null;
  // After the split, index 0 is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
  const ticks = Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
  return (ticks * 1e6) / USER_HZ;
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
