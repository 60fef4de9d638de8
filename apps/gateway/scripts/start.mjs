// `npm start`: builds the gateway and the admin app when their output is missing or older than the
// sources, then runs the built gateway as a child in its own process group. Ctrl-C in a terminal
// signals the whole foreground process group: run in this process, the gateway's embedded PostgreSQL
// (its child) got the SIGINT too and shut down at once, under the gateway's feet ("terminating
// connection due to administrator command", the last log rows spooled instead of written). Here only
// this process gets it and hands it on; the gateway drains, then stops its database itself.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { buildIfStale, gatewayMain } from './build-if-stale.mjs';

buildIfStale();
// The IPC channel lets the gateway notice when this process is gone (killed): it then shuts down too.
const gateway = spawn(process.execPath, [...process.execArgv, gatewayMain], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  detached: true,
});
// A closed terminal (SIGHUP) stops it the orderly way too.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => gateway.kill(signal));
process.on('SIGHUP', () => gateway.kill('SIGTERM'));
gateway.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
