/**
 * `npm run secret:rotate -- --new-key-file <path>`: re-encrypts every stored upstream API key from the
 * current SECRET_KEY (or DATA_DIR/secret-key) to the key in <path> (created with a random key when the
 * file does not exist), in one transaction. Stop every gateway instance first: an instance still running
 * with the old key would seal new keys under it. Afterwards start them with the new key.
 */
import 'reflect-metadata';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { openDatabase } from '../core/database';
import { Env, loadEnv } from '../core/env';
import { runMigrations } from '../core/migrate';
import { CommandError } from './admin-commands';
import { readOrCreateKeyFile, rotateSecretKey } from './secret-rotation';

const USAGE = 'usage: npm run secret:rotate -- --new-key-file <path>';
const say = (line: string) => process.stdout.write(`${line}\n`);

/** SECRET_KEY, or the development key file; never generates one (that would be a different key). */
async function currentSecretKey(env: Env): Promise<{ key: string; devFile?: string }> {
  if (env.secretKey) return { key: env.secretKey };
  const devFile = path.join(env.dataDir, 'secret-key');
  try {
    return { key: (await fs.readFile(devFile, 'utf8')).trim(), devFile };
  } catch {
    throw new CommandError(`SECRET_KEY is not set and ${devFile} does not exist: nothing to rotate from`);
  }
}

export async function main(args: string[]): Promise<number> {
  const at = args.indexOf('--new-key-file');
  const file = at >= 0 ? args[at + 1] : undefined;
  if (!file) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const env = loadEnv();
  const database = await openDatabase(env);
  try {
    const current = await currentSecretKey(env);
    const { key, created } = await readOrCreateKeyFile(path.resolve(file));
    await runMigrations(database.url, () => undefined);
    const count = await rotateSecretKey(database.url, current.key, key);
    say(`re-encrypted ${count} upstream API key(s) under the new key${created ? ` (generated into ${path.resolve(file)})` : ''}.`);
    if (current.devFile) {
      await fs.writeFile(current.devFile, key + '\n', { mode: 0o600 });
      say(`wrote the new key to ${current.devFile}; restart the gateway.`);
    } else {
      say('now restart every gateway instance with SECRET_KEY set to the new key; with the old one they refuse to start.');
    }
    return 0;
  } catch (err) {
    if (!(err instanceof CommandError)) throw err;
    process.stderr.write(`secret:rotate: ${err.message}\n`);
    return 1;
  } finally {
    await database.stop();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`secret:rotate failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
