// `npm start`: builds the gateway and the admin app when their output is missing or older than the
// sources, then runs the built gateway in this process (so Ctrl-C reaches it directly).
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const gatewayMain = path.join(root, 'dist/gateway/apps/gateway/src/main.js');
const adminIndex = path.join(root, 'dist/admin/browser/index.html');

function newestMtime(entry) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(entry)) {
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

const common = ['libs/contracts', 'package-lock.json', 'tsconfig.base.json'];
if (stale(gatewayMain, ['apps/gateway/src', 'libs/providers', 'ormconfig.ts', 'apps/gateway/tsconfig.app.json', ...common])) {
  console.log('Building the gateway…');
  execSync('npm run build:gateway', { cwd: root, stdio: 'inherit' });
}
if (stale(adminIndex, ['apps/admin/src', 'apps/admin/public', 'angular.json', ...common])) {
  console.log('Building the admin app…');
  execSync('npm run build:admin', { cwd: root, stdio: 'inherit' });
}

createRequire(import.meta.url)(gatewayMain);
