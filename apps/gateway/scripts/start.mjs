// `npm start`: builds the gateway and the admin app when their output is missing or older than the
// sources, then runs the built gateway in this process (so Ctrl-C reaches it directly).
import { createRequire } from 'node:module';
import { buildIfStale, gatewayMain } from './build-if-stale.mjs';

buildIfStale();
createRequire(import.meta.url)(gatewayMain);
