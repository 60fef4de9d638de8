import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client, Notification } from 'pg';
import { Lifecycle } from './lifecycle';

export const DATABASE_URL = Symbol('DATABASE_URL');
export type ChangeTopic = 'apis' | 'aliases' | 'users' | 'config';
type Handler = (topic: ChangeTopic) => Promise<void>;

const CHANNEL = 'switchyard_changes';
const TOPICS: readonly string[] = ['apis', 'aliases', 'users', 'config'];

/**
 * Tells every in-memory snapshot that the admin API changed something. Local subscribers are awaited
 * (so the next proxied request on this instance sees the change); other instances hear it through
 * PostgreSQL NOTIFY on a LISTENing connection of their own.
 */
@Injectable()
export class ChangeBus implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ChangeBus.name);
  private readonly handlers = new Set<Handler>();
  private readonly instanceId = randomUUID();
  private listener: Client | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    private readonly lifecycle: Lifecycle,
  ) {}

  subscribe(handler: Handler): void {
    this.handlers.add(handler);
  }

  /** Runs local subscribers, then notifies the other instances (best effort: they also refresh periodically). */
  async announce(topic: ChangeTopic): Promise<void> {
    await this.dispatch(topic);
    try {
      const client = this.listener;
      if (client) await client.query('SELECT pg_notify($1, $2)', [CHANNEL, `${this.instanceId}:${topic}`]);
    } catch (err) {
      this.logger.warn(`could not notify other instances of a ${topic} change: ${(err as Error).message}`);
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.listener;
    this.listener = null;
    await client?.end().catch(() => undefined);
  }

  private async dispatch(topic: ChangeTopic): Promise<void> {
    const results = await Promise.allSettled([...this.handlers].map((h) => h(topic)));
    for (const r of results)
      if (r.status === 'rejected') this.logger.error(`reloading after a ${topic} change failed: ${String(r.reason)}`);
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl, application_name: 'switchyard-listen' });
    client.on('notification', (n: Notification) => this.onNotification(n));
    client.on('error', (err) => {
      // On Ctrl-C the terminal signals the embedded PostgreSQL too: losing it then is expected.
      if (this.lifecycle.shuttingDown) return;
      this.logger.warn(`change listener lost its connection: ${err.message}; reconnecting`);
      this.scheduleReconnect(client);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.listener = client;
    } catch (err) {
      this.logger.warn(`change listener could not connect: ${(err as Error).message}; retrying`);
      this.scheduleReconnect(client);
    }
  }

  private scheduleReconnect(client: Client): void {
    if (this.listener === client) this.listener = null;
    void client.end().catch(() => undefined);
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.stopped) return;
      // Changes may have been missed while disconnected: reload everything.
      void this.listen().then(() => Promise.all(TOPICS.map((t) => this.dispatch(t as ChangeTopic))));
    }, 2_000);
    this.retryTimer.unref();
  }

  private onNotification(n: Notification): void {
    const [sender, topic] = (n.payload ?? '').split(':');
    if (sender === this.instanceId || !TOPICS.includes(topic)) return;
    void this.dispatch(topic as ChangeTopic);
  }
}
