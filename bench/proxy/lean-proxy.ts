/**
 * A measuring device, not a product: the gateway's compiled `/v1` path — `ProxyHandler` with the real
 * router, breakers, failover, upstream client, relay, usage reading and log row — served by a bare
 * `node:http` server in a process that loads none of Nest, Express or TypeORM (`npm run bench --
 * isolate`, docs/performance.md, sixteenth pass). What the path would cost in an isolate of its own.
 *
 * The proxy's modules import Nest and the application's database services (decorators, and classes
 * named as constructor parameter types), so a resolver hook hands them inert stand-ins; the handler's
 * collaborators that read the database are replaced by fixed data: one user, alias and API on the
 * upstream given as argument, the default settings, no limits or budget. The log rows are built into
 * COPY text 500 at a time and, when SWITCHYARD_BENCH_LEAN_PG holds a database URL, written to that
 * database's `request_logs` (a migrated schema) one COPY after the other, as the log writer does
 * (whole batches only: the last rows are not written); metrics and spend are not kept.
 * Prints `LISTENING <port>`; the key is {@link LEAN_PROXY_KEY}.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the hook must be in place before the proxy's modules load */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

export const LEAN_PROXY_KEY = 'sk-lean-proxy-0123456789abcdef';
export const LEAN_PROXY_MODEL = 'bench-model';

const APP = path.resolve(__dirname, '..', '..', 'apps', 'gateway', 'src');
const LIBS = path.resolve(__dirname, '..', '..', 'libs');
/** Packages the path's modules import but never call on it once its collaborators are given. */
const INERT_PACKAGES = new Set([
  '@nestjs/core',
  '@nestjs/typeorm',
  '@nestjs/schedule',
  'typeorm',
  'express',
  'helmet',
  'ioredis',
  'prom-client',
  'rate-limiter-flexible',
]);
/** Application services named as constructor parameter types; stand-ins are passed instead. */
const INERT_FILES = new Set(
  [
    'configuration/configuration.service',
    'logs/log-writer.service',
    'metrics/metrics.service',
    'users/spend-tracker.service',
    'proxy/snapshot.service',
    'proxy/limiter-store',
    'proxy/rpm-limiter',
    'proxy/tpm-limiter',
    'proxy/health-checker',
    'audit/audit.service',
    'core/change-bus',
  ].map((f) => path.join(APP, `${f}.js`)),
);

class Inert {
  static createDecorator() {
    return () => () => undefined;
  }
}
const inertModule = new Proxy({}, { get: (_t, key) => (key === '__esModule' ? true : Inert) });
const decorator = () => () => undefined;
const quietLogger = class {
  log(): void {}
  warn(): void {}
  debug(): void {}
  verbose(): void {}
  error(...args: unknown[]): void {
    process.stderr.write(`${args.map(String).join(' ')}\n`);
  }
};
const nestCommonExports: Record<string | symbol, unknown> = { Logger: quietLogger };
const nestCommon = new Proxy(nestCommonExports, {
  get: (target, key) => (key in target ? target[key] : typeof key === 'string' ? decorator : undefined),
});

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
function installHook(withPg: boolean): void {
  const Module = require('node:module') as { _load: Loader; _resolveFilename: (r: string, p: unknown, m: boolean) => string };
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    if (request === '@nestjs/common') return nestCommon;
    if (INERT_PACKAGES.has(request) || (!withPg && request === 'pg')) return inertModule;
    let resolved: string | null = null;
    try {
      resolved = Module._resolveFilename(request, parent, isMain);
    } catch {
      // left to the real loader, which reports it
    }
    if (resolved !== null && INERT_FILES.has(resolved)) return inertModule;
    return load.call(this, request, parent, isMain);
  };
}

interface CopyStatement {
  sql: string;
  data: string;
}

export async function startLeanProxy(upstream: string, pgUrl: string | null): Promise<number> {
  installHook(pgUrl !== null);
  const { ProxyHandler } = require(path.join(APP, 'proxy', 'proxy.handler')) as typeof import('../../apps/gateway/src/proxy/proxy.handler');
  const { RoutingSnapshot } = require(
    path.join(APP, 'proxy', 'routing-snapshot'),
  ) as typeof import('../../apps/gateway/src/proxy/routing-snapshot');
  const { Router } = require(path.join(APP, 'proxy', 'router')) as typeof import('../../apps/gateway/src/proxy/router');
  const { Failover } = require(path.join(APP, 'proxy', 'failover')) as typeof import('../../apps/gateway/src/proxy/failover');
  const { CircuitBreakers } = require(
    path.join(APP, 'proxy', 'circuit-breaker'),
  ) as typeof import('../../apps/gateway/src/proxy/circuit-breaker');
  const { UpstreamClient } = require(
    path.join(APP, 'proxy', 'upstream-client'),
  ) as typeof import('../../apps/gateway/src/proxy/upstream-client');
  const { InFlight } = require(path.join(APP, 'proxy', 'in-flight')) as typeof import('../../apps/gateway/src/proxy/in-flight');
  const { UrlGuard } = require(path.join(APP, 'core', 'url-guard')) as typeof import('../../apps/gateway/src/core/url-guard');
  const { defaultSettings } = require(
    path.join(APP, 'configuration', 'settings.registry'),
  ) as typeof import('../../apps/gateway/src/configuration/settings.registry');
  const { v1SecurityHeaders } = require(
    path.join(APP, 'core', 'security-headers'),
  ) as typeof import('../../apps/gateway/src/core/security-headers');
  const { buildCopy } = require(path.join(APP, 'logs', 'log-mapper')) as typeof import('../../apps/gateway/src/logs/log-mapper');
  const { OpenAiAdapter } = require(
    path.join(LIBS, 'providers', 'src', 'openai.adapter'),
  ) as typeof import('../../libs/providers/src/openai.adapter');

  const settings = defaultSettings() as Record<string, unknown>;
  const configuration = { get: (key: string) => settings[key] };
  const user = {
    id: '7d0c5c0e-8f1e-4a52-9d55-0c1f4a3e2b11',
    name: 'lean',
    keyHash: createHash('sha256').update(LEAN_PROXY_KEY).digest('hex'),
    allowedModels: [LEAN_PROXY_MODEL],
    rateLimitRpm: null,
    rateLimitTpm: null,
    budgetUsd: null,
    budgetPeriod: 'month' as const,
    spentUsd: 0,
    enabled: true,
    expiresAt: null,
  };
  const api = {
    id: '2b6f3f3a-5c57-4c6e-8a8e-6f3c9b1e0d22',
    name: 'fast upstream',
    provider: 'openai',
    baseUrl: `${upstream}/v1`,
    apiKey: 'sk-bench-upstream-0123456789',
    model: 'gpt-4o-mini',
    extraHeaders: {},
    timeoutMs: 600_000,
    apiVersion: null,
    enabled: true,
    inputPricePerMTok: 0.15,
    outputPricePerMTok: 0.6,
    allowPrivateNetwork: true,
  };
  const alias = {
    id: 'c5e3f0d2-0b7a-4a57-9a40-3f1e2d4c5b6a',
    alias: LEAN_PROXY_MODEL,
    strategy: 'priority' as const,
    enabled: true,
    targets: [{ apiId: api.id, weight: 1, priority: 0 }],
    createdAt: new Date(),
  };
  const snapshot = new RoutingSnapshot([user], [alias], [api]);
  const breakers = new CircuitBreakers(configuration as never);
  const adapter = new OpenAiAdapter();
  const providers = { get: (name: string) => (name === 'openai' ? adapter : undefined) };
  const upstreamClient = new UpstreamClient(new UrlGuard({ lookup: () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]) }));
  const failover = new Failover(upstreamClient, providers as never, breakers, configuration as never);

  let send: (statement: CopyStatement) => void = () => undefined;
  if (pgUrl !== null) {
    const { Client } = require('pg') as typeof import('pg');
    const { from: copyFrom } = require('pg-copy-streams') as typeof import('pg-copy-streams');
    const client = new Client({ connectionString: pgUrl, application_name: 'switchyard-lean-proxy' });
    // The gateway's embedded database stops before this process at the end of a bench.
    client.on('error', (err) => process.stderr.write(`lean proxy: database connection lost: ${err.message}\n`));
    await client.connect();
    let chain: Promise<unknown> = Promise.resolve();
    send = (statement) => {
      chain = chain
        .then(
          () =>
            new Promise<void>((resolve, reject) => {
              const copy = client.query(copyFrom(statement.sql));
              copy.once('finish', () => resolve());
              copy.once('error', reject);
              copy.end(statement.data);
            }),
        )
        .catch((err: unknown) => process.stderr.write(`lean proxy: a COPY failed: ${String(err)}\n`));
    };
  }
  let rows: Parameters<typeof buildCopy>[0][number][] = [];
  const logs = {
    enqueue(row: (typeof rows)[number]) {
      rows.push(row);
      if (rows.length < 500) return;
      const batch = rows;
      rows = [];
      setImmediate(() => send(buildCopy(batch)));
    },
  };
  const handler = new ProxyHandler(
    { current: snapshot } as never,
    configuration as never,
    {} as never,
    {} as never,
    { add: () => undefined, spentShared: () => Promise.resolve(0) } as never,
    new Router(breakers),
    failover,
    logs as never,
    { observe: () => undefined } as never,
    new InFlight(),
  );
  // The security headers every /v1 answer carries, as the gateway builds them (no TRUST_PROXY).
  const v1Head = v1SecurityHeaders({ trustProxy: false } as never);
  const server = createServer((req, res) => handler.handle(req, res, req.socket.remoteAddress ?? null, v1Head(req)));
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

if (require.main === module) {
  const upstream = process.argv[2];
  if (!upstream) {
    process.stderr.write('usage: [SWITCHYARD_BENCH_LEAN_PG=postgres://…] node lean-proxy.js <upstream origin>\n');
    process.exit(2);
  }
  startLeanProxy(upstream, process.env.SWITCHYARD_BENCH_LEAN_PG || null).then(
    (port) => process.stdout.write(`LISTENING ${port}\n`),
    (err: unknown) => {
      process.stderr.write(`lean proxy failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
