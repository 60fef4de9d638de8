/**
 * `npm run admin -- <command>`, for operators with shell access to the gateway's database:
 *
 *   list                                  the admin accounts
 *   reset-password <username> [--stdin]   a new password (generated, or the first line of stdin),
 *                                         printed once; re-enables the admin and ends their sessions
 *
 * Opens the database like the gateway (DATABASE_URL or the embedded server in DATA_DIR) and applies
 * pending migrations first. Plain functions, no Nest application.
 */
import 'reflect-metadata';
import { openDatabase } from '../core/database';
import { loadEnv } from '../core/env';
import { runMigrations } from '../core/migrate';
import { CommandError, listAdmins, resetAdminPassword } from './admin-commands';

const USAGE = 'usage: npm run admin -- list | reset-password <username> [--stdin]';
const say = (line: string) => process.stdout.write(`${line}\n`);

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

/** Runs one command; the exit code is the result (0 ok, 1 failure, 2 usage). */
export async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command !== 'list' && command !== 'reset-password') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const username = rest.find((a) => !a.startsWith('--'));
  if (command === 'reset-password' && !username) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const password = rest.includes('--stdin') ? await readStdin() : undefined;
  const env = loadEnv();
  const database = await openDatabase(env);
  try {
    await runMigrations(database.url, () => undefined);
    if (command === 'list') {
      for (const a of await listAdmins(database.url))
        say(`${a.username}\t${a.disabled ? 'disabled' : 'enabled'}\tlast sign-in: ${a.lastLoginAt ?? 'never'}`);
      return 0;
    }
    const chosen = await resetAdminPassword(database.url, username!, password);
    say(`password of "${username}" reset; the admin is enabled and every session of theirs has ended.`);
    if (password === undefined) say(`new password (shown only this once): ${chosen}`);
    return 0;
  } catch (err) {
    if (!(err instanceof CommandError)) throw err;
    process.stderr.write(`admin: ${err.message}\n`);
    return 1;
  } finally {
    await database.stop();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`admin failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
