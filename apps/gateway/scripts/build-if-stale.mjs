// Builds the gateway and the admin app when their output is missing or older than the sources.
// Shared by `npm start` (scripts/start.mjs) and `npm run e2e` (apps/admin/e2e/run.mjs).
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const gatewayMain = path.join(root, 'dist/gateway/apps/gateway/src/main.js');
export const adminIndex = path.join(root, 'dist/admin/browser/index.html');

const common = ['libs/contracts', 'package-lock.json', 'tsconfig.base.json'];
const gatewaySources = ['apps/gateway/src', 'libs/providers', 'ormconfig.ts', 'apps/gateway/tsconfig.app.json', ...common];
const adminSources = ['apps/admin/src', 'apps/admin/public', 'angular.json', ...common];

function newestMtime(entry) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(entry)) {
    // e2e: the browser tests live beside the admin app's sources but are not part of its build.
    if (name === 'node_modules' || name === 'e2e') continue;
    newest = Math.max(newest, newestMtime(path.join(entry, name)));
  }
  return newest;
}

function stale(output, sources) {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return sources.some((s) => newestMtime(path.join(root, s)) > built);
}

/** Runs `npm run build:gateway` / `npm run build:admin` for each output that is missing or stale. */
export function buildIfStale() {
  if (stale(gatewayMain, gatewaySources)) {
    console.log('Building the gateway…');
    execSync('npm run build:gateway', { cwd: root, stdio: 'inherit' });
  }
  if (stale(adminIndex, adminSources)) {
    console.log('Building the admin app…');
    execSync('npm run build:admin', { cwd: root, stdio: 'inherit' });
  }
}
