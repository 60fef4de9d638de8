import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { ProviderRegistry } from '@switchyard/providers';
import { canCheckUpstream, checkUpstream } from '../apis/upstream-check';
import { ConfigurationService } from '../configuration/configuration.service';
import { UrlGuard } from '../core/url-guard';
import { CircuitBreakers } from './circuit-breaker';
import { SnapshotService } from './snapshot.service';

const TICK_MS = 1_000;

/**
 * The optional active health check: every `healthCheckIntervalSeconds` (0 = off), lists the models of
 * each API whose breaker is not closed, the provider's way (`ProviderAdapter.buildModelsRequest`, as
 * "Test connection" does), and closes the breaker when the upstream answers. APIs whose adapter has no
 * models request recover through the half-open probe.
 */
@Injectable()
export class HealthChecker {
  private readonly logger = new Logger(HealthChecker.name);
  private lastRun = 0;
  private running = false;

  constructor(
    private readonly configuration: ConfigurationService,
    private readonly breakers: CircuitBreakers,
    private readonly snapshots: SnapshotService,
    private readonly urlGuard: UrlGuard,
    private readonly providers: ProviderRegistry,
  ) {}

  // Ticks every second so a changed interval applies without a restart; most ticks do nothing.
  @Interval('routing-health-check', TICK_MS)
  async tick(): Promise<void> {
    const intervalMs = this.configuration.get('healthCheckIntervalSeconds') * 1000;
    if (intervalMs <= 0 || this.running || Date.now() - this.lastRun < intervalMs) return;
    this.running = true;
    this.lastRun = Date.now();
    try {
      await this.checkUnhealthy();
    } catch (err) {
      this.logger.warn(`health check failed: ${(err as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  /** Probes every API whose breaker is not closed; public for tests. */
  async checkUnhealthy(): Promise<void> {
    const apis = this.snapshots.current.apis;
    await Promise.all(
      this.breakers.unhealthy().map(async (id) => {
        const api = apis.get(id);
        if (!api || !api.enabled) return;
        const adapter = this.providers.get(api.provider);
        if (!canCheckUpstream(adapter)) return;
        const result = await checkUpstream({ api, adapter, lookup: this.urlGuard.connectLookup(api.allowPrivateNetwork) });
        if (result.ok) this.breakers.for(id).close('active health check succeeded');
      }),
    );
  }
}
