import { createTestDatabase, FakeUpstream, type TestDatabase } from '@switchyard/testing';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { BrowserSession } from './browser';
import { GatewayProcess } from './gateway-process';

export const ADMIN_USERNAME = 'e2e-admin';
export const ADMIN_PASSWORD = 'correct-horse-battery-staple';

export const SCREENSHOT_DIR = path.resolve(__dirname, '../screenshots');

/** What one e2e file works with; valid between its beforeAll and afterAll. */
export interface E2eSession {
  gateway: GatewayProcess;
  fake: FakeUpstream;
  browser: BrowserSession;
  page: Page;
  /** Absolute URL of a path on the gateway, e.g. `url('/logs')`. */
  url(pathname: string): string;
  /** Saves a full-page screenshot of the current screen to `apps/admin/e2e/screenshots/<name>.png`. */
  screenshot(name: string): Promise<void>;
}

interface Resources {
  database?: TestDatabase;
  gateway?: GatewayProcess;
  fake?: FakeUpstream;
  browser?: BrowserSession;
}

/**
 * Registers the hooks of one e2e file: before all tests a temp DATA_DIR, the built gateway (on a fresh
 * database of TEST_DATABASE_URL's server when that is set, else on its embedded PostgreSQL), a fake
 * upstream and Chromium; after each test, no request to a foreign host and no uncaught page error;
 * after all, everything stopped and removed again.
 */
export function useE2eSession(): E2eSession {
  const res: Resources = {};
  const need = <K extends keyof Resources>(key: K): NonNullable<Resources[K]> => {
    const value = res[key];
    if (!value) throw new Error(`the e2e session has no ${key}: did beforeAll fail?`);
    return value;
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    if (process.env.TEST_DATABASE_URL) res.database = await createTestDatabase();
    res.gateway = await GatewayProcess.start({
      adminUsername: ADMIN_USERNAME,
      adminPassword: ADMIN_PASSWORD,
      databaseUrl: res.database?.url,
    });
    res.fake = await FakeUpstream.start();
    res.browser = await BrowserSession.launch(res.gateway.url);
  }, 180_000);

  afterEach(() => {
    if (!res.browser) return;
    const foreign = res.browser.takeForeignRequests();
    const errors = res.browser.takePageErrors();
    expect({ requestsToOtherHosts: foreign, pageErrors: errors }).toEqual({ requestsToOtherHosts: [], pageErrors: [] });
  });

  afterAll(async () => {
    // Stop everything even when one part fails, then report every failure.
    const failures: unknown[] = [];
    const attempt = async (step: () => Promise<unknown> | undefined) => {
      try {
        await step();
      } catch (err) {
        failures.push(err);
      }
    };
    await attempt(() => res.browser?.close());
    await attempt(() => res.gateway?.stop());
    await attempt(() => res.fake?.close());
    await attempt(() => res.database?.drop());
    if (failures.length > 0) throw new AggregateError(failures, failures.map((f) => String(f)).join('\n'));
  }, 90_000);

  return {
    get gateway() {
      return need('gateway');
    },
    get fake() {
      return need('fake');
    },
    get browser() {
      return need('browser');
    },
    get page() {
      return need('browser').page;
    },
    url: (pathname) => `${need('gateway').url}${pathname}`,
    screenshot: async (name) => {
      const page = need('browser').page;
      // Icon ligatures and Roboto are self-hosted web fonts: wait for them, or the shot shows words.
      await page.evaluate('document.fonts.ready.then(() => undefined)');
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true, animations: 'disabled' });
    },
  };
}
