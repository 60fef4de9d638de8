/**
 * Preloaded into the gateway by `npm run bench -- isolate` (`node -r`), never by the gateway itself.
 * When SWITCHYARD_BENCH_ISOLATE_UPSTREAM names the fast upstream, it starts the pass-through's own
 * code (`startPassThrough`) twice inside the gateway's process: in its main thread, which then goes on
 * to boot the gateway as usual, and in a worker thread of its own (a separate V8 isolate). It writes
 * both ports as JSON to SWITCHYARD_BENCH_ISOLATE_PORTS once both listen.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { startPassThrough } from './pass-through';

const upstream = isMainThread ? process.env.SWITCHYARD_BENCH_ISOLATE_UPSTREAM : (workerData as { upstream: string }).upstream;

if (!isMainThread) {
  void startPassThrough(upstream!).then((port) => parentPort!.postMessage(port));
} else if (upstream) {
  const portsFile = process.env.SWITCHYARD_BENCH_ISOLATE_PORTS;
  if (!portsFile) throw new Error('SWITCHYARD_BENCH_ISOLATE_PORTS is not set');
  const worker = new Worker(__filename, { workerData: { upstream } });
  worker.unref();
  const inWorker = new Promise<number>((resolve, reject) => {
    worker.once('message', (port: number) => resolve(port));
    worker.once('error', reject);
  });
  void Promise.all([startPassThrough(upstream), inWorker]).then(
    ([mainThread, workerThread]) => {
      // Written whole, then renamed: the bench waits for the file to exist and reads it at once.
      writeFileSync(`${portsFile}.tmp`, JSON.stringify({ mainThread, workerThread }));
      renameSync(`${portsFile}.tmp`, portsFile);
    },
    (err: unknown) => process.stderr.write(`isolate preload failed: ${String(err)}\n`),
  );
}
