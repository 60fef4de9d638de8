import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';

/** A child process of the benchmark, with the tail of its output for error messages. */
export interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  /** Last lines of stdout and stderr. */
  tail(): string;
  /** Resolves once the process has exited (at once when it already has). */
  exited: Promise<void>;
}

const live = new Set<Child>();

// Last resort when the benchmark dies without cleaning up (an uncaught error, a closed stdout): the
// 'exit' handler may only do synchronous work, so it signals and does not wait. The gateway drains
// on SIGINT and stops its own embedded PostgreSQL.
process.on('exit', () => {
  for (const child of live) child.proc.kill(child.name === 'gateway' ? 'SIGINT' : 'SIGKILL');
});

/** Spawns `node args…` and keeps it in the registry that {@link stopAll} empties. */
export function spawnNode(name: string, args: string[], options: SpawnOptions = {}): Child {
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (proc.pid === undefined) throw new Error(`could not start ${name}`);
  const lines: string[] = [];
  const keep = (data: Buffer) => {
    lines.push(...data.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve();
    else proc.once('exit', () => resolve());
  });
  const child: Child = { name, proc, pid: proc.pid, tail: () => lines.join('\n'), exited };
  live.add(child);
  void exited.then(() => live.delete(child));
  return child;
}

/** Waits for the `LISTENING <port>` line a bench child prints once it listens. */
export function listeningPort(child: Child, timeoutMs = 15_000): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => fail(new Error(`${child.name} did not start within ${timeoutMs} ms:\n${child.tail()}`)), timeoutMs);
    const onData = (data: Buffer) => {
      buffer += data.toString('utf8');
      const match = /LISTENING (\d+)/.exec(buffer);
      if (match) done(Number(match[1]));
    };
    const onExit = () => fail(new Error(`${child.name} exited during start-up:\n${child.tail()}`));
    const cleanup = () => {
      clearTimeout(timer);
      child.proc.stdout?.off('data', onData);
      child.proc.off('exit', onExit);
    };
    const done = (port: number) => (cleanup(), resolve(port));
    const fail = (err: Error) => (cleanup(), reject(err));
    child.proc.stdout?.on('data', onData);
    child.proc.once('exit', onExit);
  });
}

/** Sends `signal`, then SIGKILL if the child has not exited within `graceMs`. */
export async function stopChild(child: Child, signal: NodeJS.Signals = 'SIGTERM', graceMs = 5_000): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  child.proc.kill(signal);
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
  if ((await Promise.race([child.exited.then(() => 'exited' as const), timer])) === 'timeout') {
    child.proc.kill('SIGKILL');
    await child.exited;
  }
}

/** Stops every child still running (the gateway first gets SIGINT and time to drain). */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((c) => stopChild(c, c.name === 'gateway' ? 'SIGINT' : 'SIGTERM', c.name === 'gateway' ? 40_000 : 5_000)));
}
