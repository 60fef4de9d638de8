import { Module } from '@nestjs/common';
import { ConfigurationModule } from '../configuration/configuration.module';
import { CircuitBreakers } from './circuit-breaker';

/** One set of breakers per app: the proxy feeds them, the admin API shows them. */
@Module({
  imports: [ConfigurationModule],
  providers: [CircuitBreakers],
  exports: [CircuitBreakers],
})
export class BreakerModule {}
