import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { HealthResponse } from '@switchyard/contracts';
import { Public } from '../auth/public.decorator';
import { Lifecycle } from './lifecycle';

const DATABASE_PING_TIMEOUT_MS = 1_500;

/**
 * Health for load balancers and orchestrators (`@nestjs/terminus`). With the database down the
 * gateway still proxies `/v1` from its in-memory snapshot, so neither `/health` nor `/health/ready`
 * fails for it: they report it (`degraded`). Only shutting down makes `/health/ready` answer 503.
 */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly typeOrm: TypeOrmHealthIndicator,
    private readonly lifecycle: Lifecycle,
  ) {}

  /** The original summary, kept for its `{status, database}` shape. */
  @Get()
  async summary(): Promise<HealthResponse> {
    const database = await this.databaseStatus();
    return { status: database === 'up' ? 'ok' : 'degraded', database };
  }

  /** The process answers: restart it only when this fails. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.indicators.check('process').up({ pid: process.pid, uptimeSeconds: Math.round(process.uptime()) }),
    ]);
  }

  /** 503 while shutting down (the balancer stops sending calls before we drain); 200 otherwise. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => {
        const lifecycle = this.indicators.check('lifecycle');
        return this.lifecycle.shuttingDown ? lifecycle.down({ message: 'shutting down' }) : lifecycle.up();
      },
      async () => {
        const database = this.indicators.check('database');
        return (await this.databaseStatus()) === 'up'
          ? database.up()
          : database.degraded({ connection: 'down', message: '/v1 serves from the in-memory snapshot; the admin API answers 503' });
      },
    ]);
  }

  private async databaseStatus(): Promise<'up' | 'down'> {
    const result = await this.typeOrm.pingCheck('database').withTimeout(DATABASE_PING_TIMEOUT_MS);
    return result.database.status === 'up' ? 'up' : 'down';
  }
}
