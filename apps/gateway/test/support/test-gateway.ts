import { INestApplication } from '@nestjs/common';
import { createTestDatabase, TestDatabase } from '@switchyard/testing';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createGateway, CreateGatewayOptions, Gateway } from '../../src/core/bootstrap';
import { loadEnv } from '../../src/core/env';

export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = 'correct-horse-battery-staple';

export interface TestGateway {
  gateway: Gateway;
  app: INestApplication;
  server: Server;
  /** http://127.0.0.1:PORT of the listening gateway (for real HTTP clients such as the openai SDK). */
  url: string;
  dataSource: DataSource;
  database: TestDatabase;
  dataDir: string;
  /** A supertest agent signed in as the admin, sending the CSRF header on mutating calls. */
  login(username?: string, password?: string): Promise<AdminClient>;
  /** Empties the given tables (all app tables when none are given). */
  truncate(...tables: string[]): Promise<void>;
  close(): Promise<void>;
}

const APP_TABLES = ['model_alias_targets', 'model_aliases', 'apis', 'api_users', 'request_logs', 'admin_sessions'];

/**
 * The whole gateway on a fresh database of the test server (real PostgreSQL, migrations applied),
 * listening on 127.0.0.1 at a random port. `env` overrides the test environment. With `shared`, the
 * instance joins another one's database (multi-instance specs), which stays when it closes.
 */
export async function startTestGateway(
  env: Record<string, string> = {},
  shared?: { database: TestDatabase; secretKey: string },
  extraModules?: CreateGatewayOptions['extraModules'],
): Promise<TestGateway> {
  const database = shared?.database ?? (await createTestDatabase());
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'switchyard-gw-'));
  const cleanUp = async () => {
    if (!shared) await database.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
  let gateway: Gateway;
  try {
    gateway = await createGateway(
      loadEnv({
        NODE_ENV: 'test',
        DATA_DIR: dataDir,
        SECRET_KEY: shared?.secretKey ?? randomBytes(32).toString('base64url'),
        ADMIN_USERNAME,
        ADMIN_PASSWORD,
        ...env,
      }),
      { databaseUrl: database.url, logger: ['error'], extraModules },
    );
  } catch (err) {
    // A gateway that refuses to start (the specs that expect it) leaves nothing behind either.
    await cleanUp();
    throw err;
  }
  await gateway.app.listen(0, '127.0.0.1');
  const server = gateway.app.getHttpServer() as Server;
  const { port } = server.address() as AddressInfo;
  const dataSource = gateway.app.get(DataSource);
  return {
    gateway,
    app: gateway.app,
    server,
    url: `http://127.0.0.1:${port}`,
    dataSource,
    database,
    dataDir,
    login: (username = ADMIN_USERNAME, password = ADMIN_PASSWORD) => AdminClient.login(server, username, password),
    truncate: async (...tables) => {
      await dataSource.query(`TRUNCATE ${(tables.length ? tables : APP_TABLES).map((t) => `"${t}"`).join(', ')} CASCADE`);
    },
    close: async () => {
      await gateway.close();
      await cleanUp();
    },
  };
}

/** Reads one cookie's value from a response's Set-Cookie headers. */
export function cookieValue(res: request.Response, name: string): string | undefined {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  const found = raw?.find((c) => c.startsWith(`${name}=`));
  return found ? decodeURIComponent(found.split(';')[0].slice(name.length + 1)) : undefined;
}

/** An admin's browser: keeps cookies, echoes the XSRF-TOKEN cookie as X-XSRF-TOKEN like Angular does. */
export class AdminClient {
  private constructor(
    readonly agent: ReturnType<typeof request.agent>,
    private csrfToken: string,
  ) {}

  static async login(server: Server, username: string, password: string): Promise<AdminClient> {
    const agent = request.agent(server);
    const res = await agent.post('/api/auth/login').send({ username, password });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    const token = cookieValue(res, 'XSRF-TOKEN');
    if (!token) throw new Error('login set no XSRF-TOKEN cookie');
    return new AdminClient(agent, token);
  }

  get(url: string) {
    return this.agent.get(url);
  }

  post(url: string, body?: object) {
    return this.agent.post(url).set('X-XSRF-TOKEN', this.csrfToken).send(body);
  }

  put(url: string, body?: object) {
    return this.agent.put(url).set('X-XSRF-TOKEN', this.csrfToken).send(body);
  }

  patch(url: string, body?: object) {
    return this.agent.patch(url).set('X-XSRF-TOKEN', this.csrfToken).send(body);
  }

  delete(url: string) {
    return this.agent.delete(url).set('X-XSRF-TOKEN', this.csrfToken);
  }
}
