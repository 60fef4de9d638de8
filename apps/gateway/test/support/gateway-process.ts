import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../../..');
/** The compiled gateway (`npm run build:gateway`). */
export const GATEWAY_MAIN = path.join(REPO_ROOT, 'dist/gateway/apps/gateway/src/main.js');

/** Everything the gateway reads from its environment: set by the caller, never inherited from the shell. */
const GATEWAY_VARIABLES = new Set([
  'PORT',
  'NODE_ENV',
  'DATABASE_URL',
  'DATA_DIR',
  'SECRET_KEY',
  'ADMIN_USERNAME',
  'ADMIN_PASSWORD',
  'REDIS_URL',
  'REDIS_KEY_PREFIX',
  'TRUST_PROXY',
  'LOG_LEVEL',
]);
const PROXY_VARIABLES = /^(http_proxy|https_proxy|all_proxy|no_proxy)$/i;

export interface GatewayProcessOptions {
  adminUsername: string;
  adminPassword: string;
  /** A database of an external server; without it the gateway runs its embedded PostgreSQL in DATA_DIR. */
  databaseUrl?: string;
  /** Instances that share a database must share it (it seals the upstream API keys). Random otherwise. */
  secretKey?: string;
  /** More gateway variables (REDIS_URL, REDIS_KEY_PREFIX, LOG_LEVEL, NODE_ENV…). */
  env?: Record<string, string>;
  /** Copy warnings and errors of the child to the test's stderr (default true). */
  echo?: boolean;
  startTimeoutMs?: number;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The built gateway (`node dist/gateway/apps/gateway/src/main.js`) as a child process on 127.0.0.1, in
 * a fresh DATA_DIR, as an operator runs it. Shared by the gateway's services specs and the browser tests.
 */
export class GatewayProcess {
  private output = '';
  private exit: ExitStatus | undefined;
  private readonly exited: Promise<ExitStatus>;

  private constructor(
    private readonly child: ChildProcess,
    /** `http://127.0.0.1:<port>`, no trailing slash. */
    readonly url: string,
    /** The temporary DATA_DIR; removed by `stop()`. */
    readonly dataDir: string,
    echo: boolean,
  ) {
    const keep = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.output = (this.output + text).slice(-512 * 1024);
      if (!echo) return;
      for (const line of text.split('\n'))
        if (/"level":"(warn|error|fatal)"|\b(WARN|ERROR|FATAL)\b|failed/.test(line)) process.stderr.write(`[gateway] ${line}\n`);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      }),
    );
  }

  /** Starts the compiled gateway and waits until `/health/ready` answers 200. */
  static async start(options: GatewayProcessOptions): Promise<GatewayProcess> {
    if (!existsSync(GATEWAY_MAIN)) throw new Error(`${GATEWAY_MAIN} is missing: run \`npm run build:gateway\` first`);
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'switchyard-proc-'));
    const port = await freePort();
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !GATEWAY_VARIABLES.has(name) && !PROXY_VARIABLES.test(name)),
    );
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      PORT: String(port),
      DATA_DIR: dataDir,
      ADMIN_USERNAME: options.adminUsername,
      ADMIN_PASSWORD: options.adminPassword,
      SECRET_KEY: options.secretKey ?? randomBytes(32).toString('base64url'),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      NO_COLOR: '1',
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...options.env,
    };
    const child = spawn(process.execPath, [GATEWAY_MAIN], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const gateway = new GatewayProcess(child, `http://127.0.0.1:${port}`, dataDir, options.echo ?? true);
    try {
      await gateway.waitUntilReady(options.startTimeoutMs ?? 120_000);
    } catch (err) {
      await gateway.stop().catch(() => undefined);
      throw err;
    }
    return gateway;
  }

  /** The child's process id. */
  get pid(): number {
    return this.child.pid!;
  }

  /** The last 512 KiB the gateway wrote to stdout and stderr. */
  get log(): string {
    return this.output;
  }

  /** The exit status once the process ended, else undefined. */
  get exitStatus(): ExitStatus | undefined {
    return this.exit;
  }

  /** Sends a signal (SIGTERM for a graceful stop). */
  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.child.kill(signal);
  }

  /** Resolves with the exit status; rejects after `timeoutMs`. */
  async waitForExit(timeoutMs = 40_000): Promise<ExitStatus> {
    const status = await Promise.race([this.exited, sleep(timeoutMs).then(() => undefined)]);
    if (!status) throw new Error(`the gateway did not exit within ${timeoutMs / 1000} s:\n${this.output}`);
    return status;
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (this.exit)
        throw new Error(`the gateway exited during start-up (code ${this.exit.code}, signal ${this.exit.signal}):\n${this.output}`);
      try {
        const res = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2_000) });
        if (res.status === 200) return;
        last = `HTTP ${res.status}`;
      } catch (err) {
        last = (err as Error).message;
      }
      await sleep(100);
    }
    throw new Error(`the gateway at ${this.url} was not ready within ${timeoutMs / 1000} s (${last}):\n${this.output}`);
  }

  /**
   * SIGTERM (unless it already exited), wait for the exit (SIGKILL after 40 s), make sure no process of
   * this DATA_DIR (an embedded PostgreSQL) survived, remove the DATA_DIR. Throws when the exit was not
   * a clean 0 or anything had to be killed: that is a bug.
   */
  async stop(): Promise<ExitStatus> {
    const problems: string[] = [];
    let status = this.exit;
    if (!status) {
      this.kill('SIGTERM');
      status = await this.waitForExit(40_000).catch(() => undefined);
      if (!status) {
        problems.push('the gateway did not exit within 40 s of SIGTERM; killed');
        this.kill('SIGKILL');
        status = await this.exited;
      }
    }
    if (status.code !== 0) problems.push(`the gateway exited with code ${status.code} (signal ${status.signal})`);
    const leftovers = await reapLeftovers(this.dataDir, 2_000);
    if (leftovers.length > 0) problems.push(`processes of ${this.dataDir} outlived the gateway and were killed: ${leftovers.join('; ')}`);
    await fs.rm(this.dataDir, { recursive: true, force: true });
    if (problems.length > 0) throw new Error(`${problems.join('\n')}\ngateway output:\n${this.output}`);
    return status;
  }
}

/** A free TCP port on 127.0.0.1 (free now; the caller binds it right away). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Command lines of live (non-zombie) processes that mention `fragment`, read from /proc. */
export async function processesMentioning(fragment: string): Promise<{ pid: number; command: string }[]> {
  const found: { pid: number; command: string }[] = [];
  for (const entry of await fs.readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = await fs.readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (!cmdline.includes(fragment)) continue;
    const stat = await fs.readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (/^\d+ \(.*\) Z /.test(stat)) continue;
    found.push({ pid: Number(entry), command: cmdline.split('\0').join(' ').trim() });
  }
  return found;
}

/** Waits (bounded) for processes mentioning `fragment` to end; SIGKILLs the rest and returns their commands. */
export async function reapLeftovers(fragment: string, graceMs: number): Promise<string[]> {
  const deadline = Date.now() + graceMs;
  let left = await processesMentioning(fragment);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(100);
    left = await processesMentioning(fragment);
  }
  for (const p of left) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return left.map((p) => p.command);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
