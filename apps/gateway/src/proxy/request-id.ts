import { randomBytes } from 'node:crypto';

/**
 * Request ids without drawing entropy on every call (`randomBytes` per request cost ~2 % of the
 * proxy's CPU): a random 48-bit prefix drawn once per process, then a counter that starts at a random
 * point. Same shape as before (`req_` + 24 hex digits). Unique across instances and restarts (the
 * prefix), and the request log relies on that: an INSERT skips a request id it already holds. Not a
 * secret: ids of one process are sequential, and reveal its request count between two calls.
 */
const PREFIX = `req_${randomBytes(6).toString('hex')}`;
let counter = randomBytes(4).readUInt32BE(0);
const COUNTER_MODULUS = 2 ** 48;
/** The last two hex digits of the counter; the ten before them change every 256 ids and are kept. */
const LOW_DIGITS = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** The id up to those two digits. */
function highPart(n: number): string {
  const digits = Math.floor(n / 256).toString(16);
  return PREFIX + digits.padStart(10, '0');
}
let high: string | null = null;

export function nextRequestId(): string {
  counter = (counter + 1) % COUNTER_MODULUS;
  const low = counter % 256;
  if (low === 0 || high === null) high = highPart(counter);
  // Joined, not added: `+` makes a V8 cons string (two halves), which every regular expression that
  // checks the id (Node's header check, the log's COPY escaping) first flattens through a runtime
  // call; `join` builds it flat (docs/performance.md, seventh pass).
  return [high, LOW_DIGITS[low]].join('');
}
