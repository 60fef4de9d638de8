import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AliasesService } from '../aliases/aliases.service';
import { ApisService } from '../apis/apis.service';
import { ChangeBus } from '../core/change-bus';
import { SpendTracker } from '../users/spend-tracker.service';
import { UsersService } from '../users/users.service';
import { RoutingSnapshot } from './routing-snapshot';

const REFRESH_MS = 30_000;

/**
 * The in-memory copy of users, aliases and APIs that `/v1` reads: loaded at boot, reloaded when the
 * admin API announces a change (here or on another instance), and refreshed periodically as a safety
 * net. A failed reload keeps serving the last good snapshot.
 */
@Injectable()
export class SnapshotService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SnapshotService.name);
  private snapshot = RoutingSnapshot.empty();
  private timer: NodeJS.Timeout | undefined;
  private loading: Promise<void> | null = null;
  private reloadAgain = false;

  constructor(
    private readonly users: UsersService,
    private readonly aliases: AliasesService,
    private readonly apis: ApisService,
    private readonly spend: SpendTracker,
    changes: ChangeBus,
  ) {
    changes.subscribe((topic) => (topic === 'config' ? Promise.resolve() : this.reload()));
  }

  get current(): RoutingSnapshot {
    return this.snapshot;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.reload().catch(() => undefined), REFRESH_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Loads a fresh snapshot; concurrent calls share one load and a call during a load queues one more. */
  reload(): Promise<void> {
    if (this.loading) {
      this.reloadAgain = true;
      return this.loading;
    }
    this.loading = (async () => {
      try {
        do {
          this.reloadAgain = false;
          const spendMark = this.spend.snapshotLoading();
          const [users, aliases, apis] = await Promise.all([
            this.users.listKeyHolders(),
            this.aliases.listForRouting(),
            this.apis.listForRouting(),
          ]);
          this.snapshot = new RoutingSnapshot(users, aliases, apis);
          this.spend.snapshotLoaded(spendMark);
        } while (this.reloadAgain);
      } catch (err) {
        this.logger.error(`reloading the routing snapshot failed; still serving the previous one: ${(err as Error).message}`);
        throw err;
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }
}
