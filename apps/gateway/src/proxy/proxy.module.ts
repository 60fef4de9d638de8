import { Module } from '@nestjs/common';
import { ProvidersModule } from '@switchyard/providers';
import { AliasesModule } from '../aliases/aliases.module';
import { ApisModule } from '../apis/apis.module';
import { BreakerModule } from './breaker.module';
import { ConfigurationModule } from '../configuration/configuration.module';
import { LogsModule } from '../logs/logs.module';
import { MetricsModule } from '../metrics/metrics.module';
import { UsersModule } from '../users/users.module';
import { Failover } from './failover';
import { HealthChecker } from './health-checker';
import { InFlight } from './in-flight';
import { LimiterFactory } from './limiter-store';
import { ProxyHandler } from './proxy.handler';
import { Router } from './router';
import { RpmLimiter } from './rpm-limiter';
import { SnapshotService } from './snapshot.service';
import { TpmLimiter } from './tpm-limiter';
import { UpstreamClient } from './upstream-client';

/** The OpenAI-compatible `/v1` API. Mounted as plain Express middleware by the bootstrap. */
@Module({
  imports: [UsersModule, AliasesModule, ApisModule, ConfigurationModule, LogsModule, MetricsModule, ProvidersModule, BreakerModule],
  providers: [
    ProxyHandler,
    Router,
    Failover,
    HealthChecker,
    SnapshotService,
    RpmLimiter,
    TpmLimiter,
    LimiterFactory,
    UpstreamClient,
    InFlight,
  ],
  exports: [ProxyHandler, SnapshotService, InFlight],
})
export class ProxyModule {}
