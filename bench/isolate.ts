/**
 * `npm run bench -- isolate [--quick] [--sequential]`: what running inside the gateway's process costs the same
 * HTTP code, and whether a worker thread escapes it (docs/performance.md, sixteenth pass).
 *
 * Starts the fast upstream, the pass-through as its own process, and the built gateway with
 * `proxy/isolate-preload` loaded first, which runs the pass-through's own code twice more inside the
 * gateway's process: in its main thread (next to Nest, TypeORM, the admin API and the `/v1` path)
 * and in a worker thread (its own V8 isolate). Each target is then loaded *at the same time* as the
 * separate pass-through, chat at concurrency 25 each, so that the VM's drift (the same code's CPU
 * per call moves by 2× within minutes on a shared VM) hits both sides of a pair alike; the figure is
 * the target's CPU per call over the pass-through's in the same pair, from /proc (whole processes).
 * The gateway's `/v1` path is measured twice more the same way: in a process of its own without the
 * application (`proxy/lean-proxy`: the same compiled handler, router, failover, upstream client and
 * relay, its log rows COPYed into the gateway's database), and in the gateway itself. Prints each
 * round and the medians, writes the same as JSON to bench/results/. Durations: BENCH_ROUNDS (6)
 * pairs of BENCH_SECONDS (5) per target, or `--quick` (3 × 4 s). `--sequential` loads the two sides
 * of a pair one after the other at c=50 instead, as `npm run bench` does, for throughput and p99.
 */
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listeningPort, spawnNode, stopAll } from './proxy/children';
import { gatewayDatabaseUrl, GatewayProcess, startGateway } from './proxy/gateway-process';
import { LEAN_PROXY_KEY, LEAN_PROXY_MODEL } from './proxy/lean-proxy';
import { LoadResult, runAutocannon } from './proxy/load';
import { median, positiveIntFromEnv } from './proxy/numbers';
import { cpuMicros } from './proxy/proc-stats';
import { machineInfo, writeResultsFile } from './proxy/results-file';

const say = (line: string) => process.stdout.write(`${line}\n`);

interface Target {
  key: string;
  label: string;
  origin: string;
  pid: number;
  apiKey: string;
  model: string;
}

/** One pair: the target's figures over the pass-through's, loaded at the same time. */
interface PairResult {
  passThroughMicros: number;
  targetMicros: number;
  cpuRatio: number;
  rpsRatio: number;
}

async function waitForFile(file: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`the gateway's isolate preload wrote no ports within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return readFileSync(file, 'utf8');
}

export async function runIsolateBench(args: readonly string[]): Promise<void> {
  const quick = args.includes('--quick');
  // Paired: both sides loaded at once at c=25, so the VM's drift hits both alike. Sequential: each
  // alone at c=50, as `npm run bench` loads them, so that throughput and p99 mean what they mean there.
  const sequential = args.includes('--sequential');
  const connections = sequential ? 50 : 25;
  const rounds = positiveIntFromEnv('BENCH_ROUNDS', quick ? 3 : 6);
  const seconds = positiveIntFromEnv('BENCH_SECONDS', quick ? 4 : 5);
  process.stdout.on('error', () => undefined);
  const upstreamScript = path.join(__dirname, 'proxy', 'fast-upstream.js');
  const preload = path.join(__dirname, 'proxy', 'isolate-preload.js');
  const leanScript = path.join(__dirname, 'proxy', 'lean-proxy.js');
  for (const script of [upstreamScript, preload, leanScript])
    if (!existsSync(script)) throw new Error(`${script} not found: build first (npm run build:gateway)`);
  say(
    `isolate benchmark: ${rounds} rounds × 4 pairs × ${seconds} s, chat at c=${connections}, ` +
      (sequential ? 'the pass-through and each target one after the other; ' : 'the pass-through and each target at the same time; ') +
      `${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}`,
  );

  let gateway: GatewayProcess | undefined;
  const portsFile = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'switchyard-isolate-')), 'ports.json');
  const cleanup = async () => {
    await gateway?.stop().catch(() => undefined);
    await stopAll();
    if (gateway) await fs.rm(gateway.dataDir, { recursive: true, force: true });
    await fs.rm(path.dirname(portsFile), { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal} received: stopping the benchmark's processes\n`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const upstream = spawnNode('fast upstream', [upstreamScript]);
    const upstreamOrigin = `http://127.0.0.1:${await listeningPort(upstream)}`;
    const passThrough = spawnNode('pass-through', [path.join(__dirname, 'proxy', 'pass-through.js'), upstreamOrigin]);
    const passThroughOrigin = `http://127.0.0.1:${await listeningPort(passThrough)}`;
    say('starting the gateway (embedded PostgreSQL in a temporary DATA_DIR) with the pass-through preloaded…');
    gateway = await startGateway(upstreamOrigin, {
      profile: false,
      preload,
      env: { SWITCHYARD_BENCH_ISOLATE_UPSTREAM: upstreamOrigin, SWITCHYARD_BENCH_ISOLATE_PORTS: portsFile },
    });
    const ports = JSON.parse(await waitForFile(portsFile, 30_000)) as { mainThread: number; workerThread: number };
    const gw = gateway;
    // The database URL holds a password: passed in the environment, not on the command line.
    const lean = spawnNode('lean proxy', [leanScript, upstreamOrigin], {
      env: { ...process.env, SWITCHYARD_BENCH_LEAN_PG: await gatewayDatabaseUrl(gw.dataDir) },
    });
    const leanOrigin = `http://127.0.0.1:${await listeningPort(lean)}`;
    // The pass-through and its preloaded copies ignore the key.
    const inGateway = { pid: gw.child.pid, apiKey: gw.apiKey, model: gw.model };
    const base: Target = {
      key: 'pass-through',
      label: 'pass-through (own process)',
      origin: passThroughOrigin,
      ...inGateway,
      pid: passThrough.pid,
    };
    const targets: Target[] = [
      {
        key: 'main-thread',
        label: "pass-through code, gateway's main thread",
        origin: `http://127.0.0.1:${ports.mainThread}`,
        ...inGateway,
      },
      {
        key: 'worker-thread',
        label: "pass-through code, worker thread in the gateway's process",
        origin: `http://127.0.0.1:${ports.workerThread}`,
        ...inGateway,
      },
      {
        key: 'lean-process',
        label: "the gateway's /v1 path, process without the application",
        origin: leanOrigin,
        pid: lean.pid,
        apiKey: LEAN_PROXY_KEY,
        model: LEAN_PROXY_MODEL,
      },
      { key: 'gateway', label: "the gateway's /v1 path in the gateway", origin: gw.baseUrl, ...inGateway },
    ];
    const messages = [{ role: 'user', content: 'In two sentences, why does an API gateway measure the latency it adds?' }];
    const load = (t: Target, s: number) =>
      runAutocannon({
        origin: t.origin,
        path: '/v1/chat/completions',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t.apiKey}` },
        body: JSON.stringify({ model: t.model, messages, max_tokens: 64 }),
        connections,
        seconds: s,
      });
    const measured = async (t: Target, s: number) => {
      const before = cpuMicros(t.pid);
      const run: LoadResult = await load(t, s);
      const after = cpuMicros(t.pid);
      if (before === null || after === null) throw new Error(`${t.key} exited during the run`);
      if (run.failed + run.errors > 0) throw new Error(`${run.failed + run.errors} failed requests to ${t.key}`);
      return { ok: run.ok, micros: (after - before) / run.ok };
    };
    // Together, or (--sequential) one after the other, the order alternating with `flip`.
    const pair = async (t: Target, s: number, flip: boolean): Promise<PairResult> => {
      let a: Awaited<ReturnType<typeof measured>>;
      let b: Awaited<ReturnType<typeof measured>>;
      if (!sequential) [a, b] = await Promise.all([measured(base, s), measured(t, s)]);
      else if (flip) [b, a] = [await measured(t, s), await measured(base, s)];
      else [a, b] = [await measured(base, s), await measured(t, s)];
      return { passThroughMicros: a.micros, targetMicros: b.micros, cpuRatio: b.micros / a.micros, rpsRatio: b.ok / a.ok };
    };

    say('warm-up: 3 s per pair');
    for (const t of targets) await pair(t, 3, false);
    const results = new Map<string, PairResult[]>(targets.map((t) => [t.key, []]));
    for (let round = 1; round <= rounds; round++) {
      // Alternate the order so that no target always follows the same one.
      for (const t of round % 2 === 1 ? targets : [...targets].reverse()) results.get(t.key)!.push(await pair(t, seconds, round % 2 === 0));
      say(
        `round ${round}/${rounds}  ` +
          targets
            .map((t) => {
              const r = results.get(t.key)!.at(-1)!;
              return `${t.key} ${r.targetMicros.toFixed(0)}/${r.passThroughMicros.toFixed(0)} µs = ${r.cpuRatio.toFixed(2)}×`;
            })
            .join('   '),
      );
    }

    say('');
    say(`${'target'.padEnd(58)} CPU/call vs pass-through  (per pair)            req/s vs pass-through`);
    say('-'.repeat(120));
    const summary = targets.map((t) => {
      const runs = results.get(t.key)!;
      const cpu = runs.map((r) => r.cpuRatio);
      const rps = runs.map((r) => r.rpsRatio);
      say(
        `${t.label.padEnd(58)} ${median(cpu).toFixed(2)}×`.padEnd(85) +
          `(${Math.min(...cpu).toFixed(2)}–${Math.max(...cpu).toFixed(2)}×)`.padEnd(20) +
          `${median(rps).toFixed(2)}×`,
      );
      return { key: t.key, label: t.label, cpuRatioMedian: median(cpu), rpsRatioMedian: median(rps), pairs: runs };
    });
    say(
      `(medians over the pairs; each pair loads the separate pass-through and the target ${sequential ? 'one after the other' : 'at the same time'})`,
    );

    const json = {
      at: new Date().toISOString(),
      machine: machineInfo(),
      options: { rounds, seconds, connections, sequential },
      targets: summary,
    };
    say(`results: ${(await writeResultsFile('-isolate', json)).file}`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}
