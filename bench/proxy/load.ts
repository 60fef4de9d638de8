import { Pool } from 'undici';

/** One load run against one target. Latencies in ms, only of 2xx answers. */
export interface LoadResult {
  ok: number;
  /** Answers that were not 2xx. */
  failed: number;
  /** Connection errors and timeouts. */
  errors: number;
  seconds: number;
  latencies: number[];
  /** Streams only: time to the first SSE event. */
  firstEvent?: number[];
}

export interface LoadSpec {
  origin: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  seconds: number;
}

interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, ms: number) => void): void;
  then: Promise<AutocannonResult>['then'];
}
interface AutocannonResult {
  errors: number;
  timeouts: number;
  duration: number;
}
type Autocannon = (options: Record<string, unknown>) => AutocannonInstance;
// autocannon ships no types; this is the part of its programmatic API we use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

/**
 * Non-stream load with autocannon. Latencies come from its `response` events (float ms) rather than
 * its histogram, which rounds to whole milliseconds — too coarse for a 0.3 ms pass-through.
 */
export async function runAutocannon(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const instance = autocannon({
    url: `${spec.origin}${spec.path}`,
    method: 'POST',
    headers: spec.headers,
    body: spec.body,
    connections: spec.connections,
    duration: spec.seconds,
    timeout: 10,
  });
  instance.on('response', (_client, statusCode, _bytes, ms) => {
    if (statusCode >= 200 && statusCode < 300) {
      ok++;
      latencies.push(ms);
    } else failed++;
  });
  const result = await instance;
  return { ok, failed, errors: result.errors + result.timeouts, seconds: result.duration, latencies };
}

/**
 * Streamed load: `connections` loops each sending one streamed chat at a time through an undici
 * Pool, timestamping the first `data:` event and the last byte. Every started stream is awaited, so
 * each one is counted.
 */
export async function runStreams(spec: LoadSpec): Promise<LoadResult> {
  const pool = new Pool(spec.origin, { connections: spec.connections, keepAliveTimeout: 30_000 });
  const result: LoadResult = { ok: 0, failed: 0, errors: 0, seconds: spec.seconds, latencies: [], firstEvent: [] };
  const started = performance.now();
  const end = started + spec.seconds * 1000;
  const loop = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        const res = await pool.request({ path: spec.path, method: 'POST', headers: spec.headers, body: spec.body });
        let first: number | null = null;
        for await (const chunk of res.body) {
          if (first === null && (chunk as Buffer).includes('data:')) first = performance.now() - t0;
        }
        if (res.statusCode === 200 && first !== null) {
          result.ok++;
          result.firstEvent!.push(first);
          result.latencies.push(performance.now() - t0);
        } else result.failed++;
      } catch {
        result.errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: spec.connections }, loop));
  result.seconds = (performance.now() - started) / 1000;
  await pool.close();
  return result;
}

/** The q-quantile of samples (nearest rank); sorts in place. */
export function percentile(samples: number[], q: number): number {
  if (samples.length === 0) return NaN;
  samples.sort((a, b) => a - b);
  return samples[Math.min(samples.length - 1, Math.max(0, Math.ceil(q * samples.length) - 1))];
}
