/**
 * `npm run bench [-- proxy] [--quick] [--profile]`: the gateway against the physical limit (issue 9).
 *
 * Starts on 127.0.0.1, each as its own process: a fast fake upstream, a yardstick pass-through
 * (`node:http` + undici, no work at all) and the built gateway (embedded PostgreSQL, configured
 * through its admin API, logging on). Drives both targets with the same requests, interleaved over
 * several rounds: non-stream chat at concurrency 1 and 50, embeddings at 50 (autocannon), streamed
 * chat (an undici client timing the first SSE event and the last byte). Measures CPU per request (the
 * whole process and its main thread), how busy the machine was, and peak RSS from /proc, prints a
 * table with gateway/pass-through ratios, writes the same as JSON to
 * bench/results/, and checks that every request through the gateway produced exactly one log row.
 *
 * Durations: BENCH_ROUNDS (3), BENCH_SECONDS per run (10), BENCH_WARMUP_SECONDS (3),
 * BENCH_STREAM_CONCURRENCY (10), or `--quick` (2 rounds × 4 s, ~1.5 min). `--profile` runs the gateway
 * under `node --cpu-prof` (slower: its figures are not comparable) and prints the top self-time costs.
 * `--only chat-c50[,stream-c10…]` measures only those scenarios (by key), for quicker A/B runs of a change;
 * the log-row checks still run.
 */
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'undici';
import { listeningPort, spawnNode, stopAll } from './proxy/children';
import { formatProfile, summariseProfileFile } from './proxy/cpu-profile';
import { GatewayProcess, settledLogRows, startGateway, totalRows } from './proxy/gateway-process';
import { LoadResult, LoadSpec, runAutocannon, runStreams } from './proxy/load';
import { positiveIntFromEnv } from './proxy/numbers';
import { cpuMicros, machineBusyMicros, mainThreadTimes, memoryMiB, resetPeakMiB, ThreadTimes, treeCpuMicros } from './proxy/proc-stats';
import { machineInfo, REPO_ROOT, writeResultsFile } from './proxy/results-file';
import { addRun, emptyTally, formatTable, RunLoad, ScenarioReport, scenarioReport, Tally, TargetName } from './proxy/report';

const say = (line: string) => process.stdout.write(`${line}\n`);

interface Options {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  streamConnections: number;
  profile: boolean;
  /** Keys of the scenarios to measure (`--only`); null: all of them. */
  only: string[] | null;
}

function parseOptions(args: readonly string[]): Options {
  const quick = args.includes('--quick');
  const int = positiveIntFromEnv;
  return {
    rounds: int('BENCH_ROUNDS', quick ? 2 : 3),
    seconds: int('BENCH_SECONDS', quick ? 4 : 10),
    warmupSeconds: int('BENCH_WARMUP_SECONDS', quick ? 2 : 3),
    streamConnections: int('BENCH_STREAM_CONCURRENCY', 10),
    profile: args.includes('--profile'),
    only: onlyOption(args),
  };
}

/** `--only a,b`: the scenario keys given (`selected` checks them against the plan). */
function onlyOption(args: readonly string[]): string[] | null {
  const i = args.indexOf('--only');
  if (i === -1) return null;
  const keys = (args[i + 1] ?? '').split(',').filter(Boolean);
  if (keys.length === 0) throw new Error('--only needs scenario keys, e.g. --only chat-c50,stream-c10');
  return keys;
}

/** The scenarios to measure: all, or those `only` names (an unknown key is an error that lists the known ones). */
function selected(plan: Scenario[], only: string[] | null): Scenario[] {
  if (only === null) return plan;
  const unknown = only.filter((key) => !plan.some((s) => s.key === key));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')} (known: ${plan.map((s) => s.key).join(', ')})`);
  return plan.filter((s) => only.includes(s.key));
}

interface Scenario {
  key: string;
  label: string;
  path: string;
  body: string;
  connections: number;
  stream: boolean;
}

function scenarios(model: string, streamConnections: number): Scenario[] {
  const messages = [
    { role: 'system', content: 'You are a concise assistant.' },
    { role: 'user', content: 'In two sentences, why does an API gateway measure the latency it adds to every call it relays?' },
  ];
  const chat = JSON.stringify({ model, messages, max_tokens: 64 });
  const stream = JSON.stringify({ model, messages, max_tokens: 64, stream: true });
  const embed = JSON.stringify({ model, input: 'The quick brown fox jumps over the lazy dog, twice.' });
  return [
    { key: 'chat-c1', label: 'chat c=1', path: '/v1/chat/completions', body: chat, connections: 1, stream: false },
    { key: 'chat-c50', label: 'chat c=50', path: '/v1/chat/completions', body: chat, connections: 50, stream: false },
    { key: 'embeddings-c50', label: 'embeddings c=50', path: '/v1/embeddings', body: embed, connections: 50, stream: false },
    {
      key: `stream-c${streamConnections}`,
      label: `stream chat c=${streamConnections}`,
      path: '/v1/chat/completions',
      body: stream,
      connections: streamConnections,
      stream: true,
    },
  ];
}

interface Target {
  name: TargetName;
  origin: string;
  pid: number;
  dbPid: number | null;
}

/** A process gone (or a /proc without the figure): every difference with it is NaN. */
const NO_TIMES: ThreadTimes = { cpuMicros: NaN, systemMicros: NaN, preemptions: NaN };

/** Runs one load and measures the target's CPU (and its database's) over exactly that run. */
async function measure(target: Target, scenario: Scenario, headers: Record<string, string>, seconds: number) {
  const spec: LoadSpec = {
    origin: target.origin,
    path: scenario.path,
    headers,
    body: scenario.body,
    connections: scenario.connections,
    seconds,
  };
  const cpu0 = cpuMicros(target.pid) ?? NaN;
  const main0 = mainThreadTimes(target.pid) ?? NO_TIMES;
  const db0 = target.dbPid ? (treeCpuMicros(target.dbPid) ?? NaN) : 0;
  const machine0 = machineBusyMicros() ?? NaN;
  const started = performance.now();
  const run: LoadResult = scenario.stream ? await runStreams(spec) : await runAutocannon(spec);
  const wallMicros = (performance.now() - started) * 1000;
  const main = mainThreadTimes(target.pid) ?? NO_TIMES;
  const load: RunLoad = {
    wallMicros,
    mainThreadMicros: main.cpuMicros - main0.cpuMicros,
    mainThreadSystemMicros: main.systemMicros - main0.systemMicros,
    mainThreadPreemptions: main.preemptions - main0.preemptions,
    machineBusyMicros: (machineBusyMicros() ?? NaN) - machine0,
  };
  const cpu = (cpuMicros(target.pid) ?? NaN) - cpu0;
  const db = target.dbPid ? (treeCpuMicros(target.dbPid) ?? NaN) - db0 : 0;
  if (Number.isNaN(cpu)) throw new Error(`${target.name} exited during the run`);
  return { run, cpu, db, load };
}

/** Sends `count` non-stream chats through the gateway, every one awaited: the exact log-row check. */
async function sendAll(gateway: GatewayProcess, scenario: Scenario, headers: Record<string, string>, count: number): Promise<number> {
  const pool = new Pool(gateway.baseUrl, { connections: 20 });
  let ok = 0;
  let next = 0;
  const loop = async () => {
    while (next++ < count) {
      const res = await pool.request({ path: scenario.path, method: 'POST', headers, body: scenario.body });
      await res.body.text();
      if (res.statusCode === 200) ok++;
    }
  };
  await Promise.all(Array.from({ length: 20 }, loop));
  await pool.close();
  return ok;
}

export async function runProxyBench(args: readonly string[]): Promise<void> {
  const options = parseOptions(args);
  // Piped into `head` or a closed terminal: keep measuring and cleaning up rather than die of EPIPE.
  process.stdout.on('error', () => undefined);
  const upstreamScript = path.join(__dirname, 'proxy', 'fast-upstream.js');
  if (!existsSync(upstreamScript)) throw new Error(`${upstreamScript} not found: build first (npm run build:gateway)`);
  // Scenario keys do not depend on the model: check --only before starting anything.
  const measured = selected(scenarios('', options.streamConnections), options.only).length;
  const runsPerTarget = measured * (options.rounds * options.seconds + options.warmupSeconds);
  const budgetS = 2 * runsPerTarget + 300;
  say(
    `proxy benchmark: ${options.rounds} rounds × ${options.seconds} s per run (+${options.warmupSeconds} s warm-up), ` +
      `~${Math.ceil((2 * runsPerTarget) / 60)} min of load; ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}` +
      (options.profile ? '; gateway under --cpu-prof (figures not comparable)' : ''),
  );

  let gateway: GatewayProcess | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await gateway?.stop().catch(() => undefined);
      await stopAll();
      if (gateway) await fs.rm(gateway.dataDir, { recursive: true, force: true });
    })());
  const abort = (why: string, code: number) => {
    process.stderr.write(`\n${why}: stopping the benchmark's processes\n`);
    void cleanup().finally(() => process.exit(code));
  };
  const onSignal = (signal: NodeJS.Signals) => abort(`${signal} received`, 130);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const deadline = setTimeout(() => abort(`the benchmark ran past its ${budgetS} s budget`, 1), budgetS * 1000);
  deadline.unref();

  try {
    const upstream = spawnNode('fast upstream', [upstreamScript]);
    const upstreamOrigin = `http://127.0.0.1:${await listeningPort(upstream)}`;
    const passThrough = spawnNode('pass-through', [path.join(__dirname, 'proxy', 'pass-through.js'), upstreamOrigin]);
    const passThroughOrigin = `http://127.0.0.1:${await listeningPort(passThrough)}`;
    say('starting the gateway (embedded PostgreSQL in a temporary DATA_DIR)…');
    gateway = await startGateway(upstreamOrigin, { profile: options.profile });
    const gw = gateway;
    const targets: Target[] = [
      { name: 'pass-through', origin: passThroughOrigin, pid: passThrough.pid, dbPid: null },
      { name: 'gateway', origin: gw.baseUrl, pid: gw.child.pid, dbPid: gw.postgresPid },
    ];
    // Same headers for both targets: the pass-through ignores the key.
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${gw.apiKey}` };
    const all = scenarios(gw.model, options.streamConnections);
    const plan = selected(all, options.only);
    const tallies = new Map<string, Record<TargetName, Tally>>(
      plan.map((s) => [s.key, { 'pass-through': emptyTally(), gateway: emptyTally() }]),
    );

    // Rows already there (the `/v1/models` calls that waited for the routing snapshot) are not ours.
    const baseline = totalRows(await settledLogRows(gw.dataDir, 300));
    const rss: Record<TargetName, { t: number; mib: number }[]> = { 'pass-through': [], gateway: [] };
    const started = Date.now();
    const sampler = setInterval(() => {
      for (const t of targets) {
        const m = memoryMiB(t.pid);
        if (m) rss[t.name].push({ t: Math.round((Date.now() - started) / 1000), mib: Math.round(m.rss * 10) / 10 });
      }
    }, 1000);

    // Every request the gateway answered (or that autocannon cut off when its time was up).
    const sent = { answered: 0, cutOffAtMost: 0 };
    const count = (target: Target, scenario: Scenario, run: LoadResult) => {
      if (target.name !== 'gateway') return;
      sent.answered += run.ok + run.failed;
      if (!scenario.stream) sent.cutOffAtMost += scenario.connections;
    };

    try {
      // The peak under load, not the set-up's: the admin login's scrypt (32 MiB, 128 MiB before
      // N=2^15) raises the gateway's peak before any load.
      const setupPeak = Object.fromEntries(targets.map((t) => [t.name, resetPeakMiB(t.pid)])) as Record<TargetName, number | null>;
      say(`warm-up: ${options.warmupSeconds} s per scenario and target`);
      for (const scenario of plan) {
        for (const target of targets) count(target, scenario, (await measure(target, scenario, headers, options.warmupSeconds)).run);
      }
      const rssAfterRound: Record<TargetName, number[]> = { 'pass-through': [], gateway: [] };
      for (let round = 1; round <= options.rounds; round++) {
        // Alternate which target goes first so neither always runs on a warmer (or busier) machine.
        const order = round % 2 === 1 ? targets : [...targets].reverse();
        for (const scenario of plan) {
          for (const target of order) {
            const { run, cpu, db, load } = await measure(target, scenario, headers, options.seconds);
            count(target, scenario, run);
            addRun(tallies.get(scenario.key)![target.name], run, cpu, db, load);
            say(
              `round ${round}/${options.rounds}  ${scenario.label.padEnd(18)} ${target.name.padEnd(12)} ${(run.ok / run.seconds).toFixed(0).padStart(6)} req/s` +
                (run.failed + run.errors > 0 ? `  (${run.failed} non-2xx, ${run.errors} errors)` : ''),
            );
          }
        }
        for (const t of targets) rssAfterRound[t.name].push(Math.round((memoryMiB(t.pid)?.rss ?? NaN) * 10) / 10);
      }
      clearInterval(sampler);

      // Log rows: the bounded check over the whole run, then an exact one.
      const before = await settledLogRows(gw.dataDir);
      const rows = totalRows(before) - baseline;
      const chat = all.find((s) => s.key === 'chat-c50')!;
      const exactCount = 500;
      const exactOk = await sendAll(gw, chat, headers, exactCount);
      const after = await settledLogRows(gw.dataDir);
      const exactRows = totalRows(after) - totalRows(before);
      const otherStatuses = [...before].filter(([status]) => status !== 200 && status !== 499);
      before.set(200, (before.get(200) ?? 0) - baseline); // the /v1/models calls answered 200
      const logCheck = {
        answered: sent.answered,
        cutOffAtMost: sent.cutOffAtMost,
        rows,
        rowsByStatus: Object.fromEntries(before),
        boundedOk: rows >= sent.answered && rows <= sent.answered + sent.cutOffAtMost && otherStatuses.length === 0,
        exact: { sent: exactCount, answered200: exactOk, newRows: exactRows, ok: exactOk === exactCount && exactRows === exactCount },
      };

      const memory = Object.fromEntries(
        targets.map((t) => {
          const m = memoryMiB(t.pid);
          const setup = setupPeak[t.name];
          return [
            t.name,
            {
              peakMiB: m ? Math.round(m.peak * 10) / 10 : null,
              setupPeakMiB: setup === null ? null : Math.round(setup * 10) / 10,
              peakIsLoadOnly: setup !== null,
              rssAfterRoundMiB: rssAfterRound[t.name],
            },
          ];
        }),
      ) as Record<TargetName, { peakMiB: number | null; setupPeakMiB: number | null; peakIsLoadOnly: boolean; rssAfterRoundMiB: number[] }>;
      const reports: ScenarioReport[] = plan.map((s) => scenarioReport(s.key, s.label, s.stream, s.connections, tallies.get(s.key)!));

      say(`\n${formatTable(reports)}`);
      say(
        `\npeak RSS under load (VmHWM${memory.gateway.peakIsLoadOnly ? ', reset after the set-up' : ', NOT reset: includes the set-up'}): ` +
          `pass-through ${memory['pass-through'].peakMiB} MiB, gateway ${memory.gateway.peakMiB} MiB ` +
          `(gateway RSS after each round: ${memory.gateway.rssAfterRoundMiB.join(' → ')} MiB; set-up peak ${memory.gateway.setupPeakMiB} MiB, ` +
          `with the admin login's scrypt; its embedded PostgreSQL is separate, its CPU is the "db" column)`,
      );
      say(
        `log rows: ${rows} for ${sent.answered} answered requests (+ at most ${sent.cutOffAtMost} cut off by autocannon at the end of a run) — ` +
          `${logCheck.boundedOk ? 'OK' : 'MISMATCH'}; by status ${JSON.stringify(logCheck.rowsByStatus)}; ` +
          `exact check: ${exactRows} new rows for ${exactCount} awaited requests (${exactOk} × 200) — ${logCheck.exact.ok ? 'OK' : 'MISMATCH'}`,
      );

      const json = { at: new Date().toISOString(), machine: machineInfo(), options, scenarios: reports, memory, rssSeries: rss, logCheck };
      const { file, stamp } = await writeResultsFile(options.profile ? '-profiled' : '', json);
      say(`results: ${file}`);

      if (options.profile && gw.profileDir) {
        await gw.stop(); // the profile is written when the gateway exits
        const profiles = existsSync(gw.profileDir) ? (await fs.readdir(gw.profileDir)).filter((f) => f.endsWith('.cpuprofile')) : [];
        if (profiles.length === 0) say('profile: the gateway wrote no .cpuprofile');
        for (const name of profiles) {
          const kept = path.join(REPO_ROOT, 'bench', 'results', `${stamp}-gateway.cpuprofile`);
          await fs.copyFile(path.join(gw.profileDir, name), kept);
          say(`\n${formatProfile(summariseProfileFile(kept, 25))}\nprofile: ${path.relative(REPO_ROOT, kept)}`);
        }
      }
      if (!logCheck.boundedOk || !logCheck.exact.ok) process.exitCode = 1;
    } finally {
      clearInterval(sampler);
    }
  } finally {
    clearTimeout(deadline);
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

if (require.main === module) {
  runProxyBench(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`proxy bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
