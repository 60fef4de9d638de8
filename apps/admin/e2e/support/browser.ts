import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { reapLeftovers } from './processes';

/** Debian's Chromium (apt-get install -y chromium); playwright-core never downloads a browser. */
export const CHROMIUM = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Schemes that never leave the browser. */
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:']);

/** Chromium on a fresh profile, recording what the pages request and what they throw. */
export class BrowserSession {
  private readonly foreign: string[] = [];
  private readonly errors: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly userDataDir: string,
    private readonly origin: string,
  ) {
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (!LOCAL_SCHEMES.has(url.protocol) && url.origin !== this.origin) this.foreign.push(`${request.method()} ${request.url()}`);
    });
    const watch = (p: Page) => {
      p.on('pageerror', (error) => this.errors.push(`${p.url()}: ${error.stack ?? error.message}`));
      // Zone.js hands errors in Angular code to the ErrorHandler, which logs them instead of letting
      // them escape. Chromium's own "Failed to load resource" lines are expected (a 401 on /login).
      p.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
          this.errors.push(`${p.url()}: console.error ${message.text()}`);
        }
      });
    };
    context.pages().forEach(watch);
    context.on('page', watch);
  }

  /** Launches Chromium headless with a fresh user-data dir; `origin` is the only host pages may call. */
  static async launch(origin: string): Promise<BrowserSession> {
    const userDataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'switchyard-e2e-chromium-'));
    try {
      const context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        acceptDownloads: true,
        viewport: { width: 1280, height: 800 },
        // Fixed, so the theme toggle starts from a known theme whatever the machine prefers.
        colorScheme: 'light',
        locale: 'en-US',
        timezoneId: 'UTC',
      });
      context.setDefaultTimeout(10_000);
      context.setDefaultNavigationTimeout(15_000);
      const page = context.pages()[0] ?? (await context.newPage());
      return new BrowserSession(context, page, userDataDir, origin);
    } catch (err) {
      await fs.rm(userDataDir, { recursive: true, force: true });
      throw err;
    }
  }

  /** Requests to any host but the gateway since the last call (the production build must be self-contained). */
  takeForeignRequests(): string[] {
    return this.foreign.splice(0);
  }

  /** Uncaught errors (and console errors) of the pages since the last call. */
  takePageErrors(): string[] {
    return this.errors.splice(0);
  }

  /** Closes the browser, makes sure none of its processes is left, removes the profile. */
  async close(): Promise<void> {
    await this.context.close();
    const leftovers = await reapLeftovers(this.userDataDir, 3_000);
    await fs.rm(this.userDataDir, { recursive: true, force: true });
    if (leftovers.length > 0) {
      throw new Error(`Chromium processes outlived the browser and were killed: ${leftovers.map((p) => p.command).join('; ')}`);
    }
  }
}
