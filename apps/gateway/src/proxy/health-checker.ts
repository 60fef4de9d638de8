import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { checkUpstream } from '../apis/upstream-check';
import { ConfigurationService } from '../configuration/configuration.service';
import { UrlGuard } from '../core/url-guard';
import { CircuitBreakers } from './circuit-breaker';
import { SnapshotService } from './snapshot.service';

const TICK_MS = 1_000;

/**
 * The optional active health check: every `healthCheckIntervalSeconds` (0 = off), lists the models of
 * each API whose breaker is open and closes the breaker when the upstream answers. Only OpenAI-style
 * APIs (`GET {baseUrl}/models` with a bearer key); the others recover through the half-open probe.
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
        if (!api || !api.enabled || api.provider !== 'openai') return;
        const result = await checkUpstream({
          baseUrl: api.baseUrl,
          apiKey: api.apiKey,
          model: api.model,
          timeoutMs: api.timeoutMs,
          extraHeaders: api.extraHeaders,
          lookup: this.urlGuard.connectLookup(api.allowPrivateNetwork),
        });
        if (result.ok) this.breakers.for(id).close('active health check succeeded');
      }),
    );
  }
}
