// `npm run e2e`: the admin app's browser tests. Builds the gateway and the admin app when missing or
// stale (same rule as `npm start`), then runs jest on apps/admin/e2e/**/*.e2e.ts, one file at a time.
// Extra arguments go to jest (e.g. `npm run e2e -- -t "logs"`). Exits with jest's exit code.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { buildIfStale, root } from '../../gateway/scripts/build-if-stale.mjs';

const CHROMIUM = '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  console.error(
    `The browser tests need Debian's Chromium at ${CHROMIUM}, which is missing.\n` +
      'Install it with: apt-get install -y chromium\n' +
      '(Playwright never downloads a browser here.)',
  );
  process.exit(1);
}

buildIfStale();

const jest = createRequire(import.meta.url).resolve('jest/bin/jest');
const started = Date.now();
const result = spawnSync(
  process.execPath,
  [jest, '--config', path.join(root, 'apps/admin/e2e/jest.config.ts'), '--runInBand', ...process.argv.slice(2)],
  // Belt and braces: playwright-core never downloads browsers, and nothing here may.
  { cwd: root, stdio: 'inherit', env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } },
);
if (result.error) {
  console.error(`Could not run jest: ${result.error.message}`);
  process.exit(1);
}
console.log(`Browser tests finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(result.status ?? 1);
