import { Module } from '@nestjs/common';
import { LogsModule } from '../logs/logs.module';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics.service';

/** Prometheus metrics: the proxy and the limiters feed `Metrics`; `/metrics` exposes them. */
@Module({
  imports: [LogsModule],
  controllers: [MetricsController],
  providers: [Metrics],
  exports: [Metrics],
})
export class MetricsModule {}
