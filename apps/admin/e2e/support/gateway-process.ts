import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, reapLeftovers } from './processes';

export const REPO_ROOT = path.resolve(__dirname, '../../../..');
const GATEWAY_MAIN = path.join(REPO_ROOT, 'dist/gateway/apps/gateway/src/main.js');
const ADMIN_INDEX = path.join(REPO_ROOT, 'dist/admin/browser/index.html');

/** Everything the gateway reads from its environment: set here, never inherited from the shell. */
const GATEWAY_VARIABLES = [
  'PORT',
  'NODE_ENV',
  'DATABASE_URL',
  'DATA_DIR',
  'SECRET_KEY',
  'ADMIN_USERNAME',
  'ADMIN_PASSWORD',
  'REDIS_URL',
  'TRUST_PROXY',
  'LOG_LEVEL',
];
/** `[Nest] 123  - 11/26/2026, 7:20:56 AM     LOG [Bootstrap] …` (NO_COLOR is set for the child). */
const NEST_INFO_LINE = /^\[Nest\] \d+ .*? (LOG|DEBUG|VERBOSE) \[/;
const PROXY_VARIABLES = /^(http_proxy|https_proxy|all_proxy)$/i;

const START_TIMEOUT_MS = 120_000; // a fresh embedded cluster (initdb) plus migrations
const STOP_TIMEOUT_MS = 40_000; // the gateway gives itself 30 s to drain before it exits by force

export interface GatewayOptions {
  adminUsername: string;
  adminPassword: string;
  /** A database of an external server; without it the gateway runs its embedded PostgreSQL in DATA_DIR. */
  databaseUrl?: string;
}

/** The built gateway (`dist/`) running as a child process on 127.0.0.1. */
export class GatewayProcess {
  private output = '';
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    /** `http://127.0.0.1:<port>`, no trailing slash. */
    readonly url: string,
    /** The temporary DATA_DIR (embedded PostgreSQL cluster, secrets); removed by `stop()`. */
    readonly dataDir: string,
  ) {
    const keep = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.output = (this.output + text).slice(-64 * 1024);
      // Warnings and errors are worth seeing next to the test that caused them; start-up chatter
      // (migrations, printed before LOG_LEVEL takes effect) is not.
      for (const line of text.split('\n')) {
        if (line.trim() !== '' && !NEST_INFO_LINE.test(line)) process.stderr.write(`[gateway] ${line}\n`);
      }
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve();
      }),
    );
  }

  /** Starts `node dist/gateway/apps/gateway/src/main.js` in a fresh DATA_DIR and waits for `/health` = 200. */
  static async start(options: GatewayOptions): Promise<GatewayProcess> {
    for (const built of [GATEWAY_MAIN, ADMIN_INDEX]) {
      if (!existsSync(built)) throw new Error(`${built} is missing: run the browser tests with \`npm run e2e\`, which builds it`);
    }
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'switchyard-e2e-data-'));
    const port = await freePort();
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !GATEWAY_VARIABLES.includes(name) && !PROXY_VARIABLES.test(name)),
    );
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      PORT: String(port),
      DATA_DIR: dataDir,
      ADMIN_USERNAME: options.adminUsername,
      ADMIN_PASSWORD: options.adminPassword,
      SECRET_KEY: randomBytes(32).toString('base64url'),
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      NO_COLOR: '1',
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    };
    const child = spawn(process.execPath, [GATEWAY_MAIN], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const gateway = new GatewayProcess(child, `http://127.0.0.1:${port}`, dataDir);
    try {
      await gateway.waitUntilHealthy();
    } catch (err) {
      await gateway.stop().catch(() => undefined);
      throw err;
    }
    return gateway;
  }

  private exitStatus(): { code: number | null; signal: NodeJS.Signals | null } {
    return this.exit ?? { code: null, signal: null };
  }

  /** The last 64 KiB the gateway wrote to stdout/stderr. */
  get log(): string {
    return this.output;
  }

  private async waitUntilHealthy(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (this.exit) {
        throw new Error(`the gateway exited during start-up (code ${this.exit.code}, signal ${this.exit.signal}):\n${this.output}`);
      }
      try {
        const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2_000) });
        if (res.status === 200) return;
        last = `HTTP ${res.status}`;
      } catch (err) {
        last = (err as Error).message;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the gateway at ${this.url} was not healthy within ${START_TIMEOUT_MS / 1000} s (${last}):\n${this.output}`);
  }

  /**
   * SIGTERM, wait for the exit (SIGKILL as a last resort), make sure no embedded PostgreSQL of this
   * DATA_DIR survived, remove the DATA_DIR. Throws when anything had to be forced: that is a bug.
   */
  async stop(): Promise<void> {
    const problems: string[] = [];
    if (this.exit) {
      const { code, signal } = this.exitStatus();
      problems.push(`the gateway had already exited (code ${code}, signal ${signal}) before it was told to stop`);
    } else {
      this.child.kill('SIGTERM');
      const stopped = await Promise.race([this.exited.then(() => true), sleep(STOP_TIMEOUT_MS).then(() => false)]);
      if (!stopped) {
        problems.push(`the gateway did not exit within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM; killed`);
        this.child.kill('SIGKILL');
        await this.exited;
      } else {
        const { code, signal } = this.exitStatus();
        if (code !== 0) problems.push(`the gateway exited with code ${code} (signal ${signal}) after SIGTERM`);
      }
    }
    // The postmaster runs with `-D <DATA_DIR>/pg`; the gateway stops it before exiting.
    const leftovers = await reapLeftovers(this.dataDir, 2_000);
    if (leftovers.length > 0) {
      problems.push(`processes of ${this.dataDir} outlived the gateway and were killed: ${leftovers.map((p) => p.command).join('; ')}`);
    }
    await fs.rm(this.dataDir, { recursive: true, force: true });
    if (problems.length > 0) throw new Error(`${problems.join('\n')}\ngateway output:\n${this.output}`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
